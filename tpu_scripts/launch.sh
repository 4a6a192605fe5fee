#!/usr/bin/env bash
# Starts `siglip ARGS...` on every worker of a TPU VM, in the background (it survives the SSH
# session), logging to ~/siglip/logs/LOG.log on each worker. Every worker's process gets the same
# coordinator secret in its environment: $SIGLIP_COORDINATOR_SECRET from this shell, else a fresh
# random one for this launch (it travels inside gcloud's SSH session).
#   tpu_scripts/launch.sh --name NAME --zone ZONE [--log LOG] [--dry-run] -- train -c CONFIG [--set K=V]...
# `siglip sweep FILE --print` prints one such line per run of a sweep.
# shellcheck source=common.sh
source "$(dirname "$0")/common.sh"
parse_common "$@"

log=siglip
set -- "${REST[@]+"${REST[@]}"}"
while (($# > 0)); do
  case "$1" in
    --log) log=${2:?--log needs a value}; shift 2 ;;
    --) shift; break ;;
    *) die "unknown argument \`$1\` (siglip's own arguments go after --)" ;;
  esac
done
(($# > 0)) || die "nothing to run: put siglip's arguments after --, e.g. -- train -c CONFIG"
[[ "$log" =~ ^[A-Za-z0-9._-]+$ ]] || die "--log \`$log\` must be a plain file name"

secret=${SIGLIP_COORDINATOR_SECRET:-$(od -An -tx1 -N32 /dev/urandom | tr -d ' \n')}
((${#secret} >= 16)) || die "\$SIGLIP_COORDINATOR_SECRET has ${#secret} characters; at least 16 are needed"
command=target/release/siglip
for word in "$@"; do
  command+=" $(quote "$word")"
done
on_all_workers "mkdir -p logs && (SIGLIP_COORDINATOR_SECRET=$(quote "$secret") setsid nohup $command > logs/$log.log 2>&1 < /dev/null &)"
