#!/usr/bin/env bash
# Sets up every worker of a TPU VM: copies this repository (its committed HEAD), installs Rust,
# builds siglip in release mode, and pip-installs libtpu (the TPU PJRT plugin) and the CPU
# plugin wheel (`make plugin`).
#   tpu_scripts/setup.sh --name NAME --zone ZONE [--dry-run]
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
parse_common "$@"
((${#REST[@]} == 0)) || die "unknown argument \`${REST[0]}\`"

repo=$(cd "$(dirname "$0")/.." && pwd)
archive=${TMPDIR:-/tmp}/siglip-src.tar.gz
run git -C "$repo" archive --format=tar.gz --output="$archive" HEAD
tpu_vm scp "$archive" "$TPU_NAME:siglip-src.tar.gz" --worker=all
tpu_vm ssh "$TPU_NAME" --worker=all --command="set -e
command -v cargo >/dev/null || curl --proto =https --tlsv1.2 -sSf https://sh.rustup.rs | sh -s -- -y
. \"\$HOME/.cargo/env\"
mkdir -p ~/$REMOTE_DIR && tar -xzf ~/siglip-src.tar.gz -C ~/$REMOTE_DIR
cd ~/$REMOTE_DIR
python3 -m pip install --user libtpu
make plugin
cargo build --release"
