#!/usr/bin/env bash
# Deletes a TPU VM (fetch what you need first: tpu_scripts/fetch.sh).
#   tpu_scripts/delete.sh --name NAME --zone ZONE [--dry-run]
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
parse_common "$@"
((${#REST[@]} == 0)) || die "unknown argument \`${REST[0]}\`"

tpu_vm delete "$TPU_NAME" --quiet
