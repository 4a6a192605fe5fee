#!/usr/bin/env bash
# Runs a sweep file on a TPU VM: `siglip sweep FILE` on every worker in the background, one run
# after another, resuming where it stopped when started again; log in ~/siglip/logs/sweep.log.
#   tpu_scripts/sweep.sh --name NAME --zone ZONE [--dry-run] FILE [--runs-root DIR]
# To give each run its own VM instead: `siglip sweep FILE --print` prints one launch line per run.
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
parse_common "$@"

set -- "${REST[@]+"${REST[@]}"}"
(($# > 0)) || die "no sweep file given"
file=$1
shift
[[ -f "$file" ]] || die "no sweep file $file (the VM has the repository's files: give its path inside it)"
extra=()
[[ -z "$TPU_PROJECT" ]] || extra=(--project "$TPU_PROJECT")
((DRY_RUN == 0)) || extra+=(--dry-run)
exec "$(dirname "$0")/launch.sh" --name "$TPU_NAME" --zone "$TPU_ZONE" "${extra[@]}" --log sweep \
  -- sweep "$file" "$@"
