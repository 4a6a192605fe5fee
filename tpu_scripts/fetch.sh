#!/usr/bin/env bash
# Copies a run directory (metrics.jsonl, config.yaml, checkpoints/) and the logs from worker 0
# of a TPU VM (the process that writes them) to here.
#   tpu_scripts/fetch.sh --name NAME --zone ZONE [--to DIR] [--dry-run] RUN_DIR
# RUN_DIR is relative to ~/siglip on the VM (e.g. runs/siglit_g14_4tpu); --to defaults to fetched/NAME.
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
parse_common "$@"

dest=""
runs=()
set -- "${REST[@]+"${REST[@]}"}"
while (($# > 0)); do
  case "$1" in
    --to) dest=${2:?--to needs a value}; shift 2 ;;
    -*) die "unknown argument \`$1\`" ;;
    *) runs+=("$1"); shift ;;
  esac
done
((${#runs[@]} > 0)) || die "no run directory given"
dest=${dest:-fetched/$TPU_NAME}

run mkdir -p "$dest"
for dir in "${runs[@]}"; do
  tpu_vm scp --recurse "$TPU_NAME:$REMOTE_DIR/$dir" "$dest/" --worker=0
done
tpu_vm scp --recurse "$TPU_NAME:$REMOTE_DIR/logs" "$dest/" --worker=0
