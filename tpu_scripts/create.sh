#!/usr/bin/env bash
# Creates a Cloud TPU VM.
#   tpu_scripts/create.sh --name NAME --zone ZONE [--type v4-8] [--version VERSION] [--spot] [--dry-run]
# --type: the accelerator type: v4-8 (4 chips, one host) or v4-32 (16 chips, 4 hosts), any vN-M.
# --version: the VM image (default tpu-ubuntu2204-base, the base image for v4).
# Next: tpu_scripts/setup.sh.
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
parse_common "$@"

type=v4-8
version=tpu-ubuntu2204-base
spot=()
set -- "${REST[@]+"${REST[@]}"}"
while (($# > 0)); do
  case "$1" in
    --type) type=${2:?--type needs a value}; shift 2 ;;
    --version) version=${2:?--version needs a value}; shift 2 ;;
    --spot) spot=(--spot); shift ;;
    *) die "unknown argument \`$1\`" ;;
  esac
done
[[ "$type" =~ ^v[0-9]+[a-z]*-[0-9]+$ ]] || die "--type \`$type\` is not an accelerator type like v4-8"

tpu_vm create "$TPU_NAME" --accelerator-type="$type" --version="$version" "${spot[@]+"${spot[@]}"}"
