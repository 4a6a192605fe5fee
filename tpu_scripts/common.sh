# shellcheck shell=bash
# Shared by the tpu_scripts: the flags every script takes, and how commands run.
#   --name NAME     the TPU VM (default $TPU_NAME)
#   --zone ZONE     its zone, e.g. us-central2-b where v4 lives (default $TPU_ZONE)
#   --project ID    the Google Cloud project (default $TPU_PROJECT, else gcloud's own setting)
#   --dry-run       print the exact commands instead of running them
# Arguments a script does not know are left in REST for it. On the VM the repository lives in
# ~/$REMOTE_DIR (default siglip).

set -euo pipefail

TPU_NAME=${TPU_NAME:-}
TPU_ZONE=${TPU_ZONE:-}
TPU_PROJECT=${TPU_PROJECT:-}
REMOTE_DIR=${SIGLIP_REMOTE_DIR:-siglip}
DRY_RUN=0
REST=()

die() {
  echo "$(basename "$0"): $*" >&2
  exit 2
}

# Sets the common flags from "$@"; everything else goes to REST, in order (all of it after `--`).
parse_common() {
  while (($# > 0)); do
    case "$1" in
      --name) TPU_NAME=${2:?--name needs a value}; shift 2 ;;
      --zone) TPU_ZONE=${2:?--zone needs a value}; shift 2 ;;
      --project) TPU_PROJECT=${2:?--project needs a value}; shift 2 ;;
      --dry-run) DRY_RUN=1; shift ;;
      -h|--help) sed -n '2,/^$/{s/^# \{0,1\}//;p}' "$0"; exit 0 ;;
      --) REST+=("$@"); break ;;
      *) REST+=("$1"); shift ;;
    esac
  done
  [[ -n "$TPU_NAME" ]] || die "no TPU VM named: pass --name NAME or set TPU_NAME"
  [[ -n "$TPU_ZONE" ]] || die "no zone: pass --zone ZONE or set TPU_ZONE"
}

# A word quoted for a POSIX shell where it needs it ('...' with ' as '\'').
quote() {
  if [[ "$1" =~ ^[A-Za-z0-9_./=:,+@%-]+$ ]]; then
    printf '%s' "$1"
  else
    printf "'%s'" "${1//\'/\'\\\'\'}"
  fi
}

# Runs a command, or prints it (each word quoted where it needs it) with --dry-run.
run() {
  if ((DRY_RUN)); then
    local word line=""
    for word in "$@"; do
      line+="${line:+ }$(quote "$word")"
    done
    printf '%s\n' "$line"
  else
    "$@"
  fi
}

# `gcloud compute tpus tpu-vm SUBCOMMAND ARGS...` for this VM's zone and project.
tpu_vm() {
  local project=()
  [[ -z "$TPU_PROJECT" ]] || project=(--project="$TPU_PROJECT")
  run gcloud compute tpus tpu-vm "$@" --zone="$TPU_ZONE" "${project[@]}"
}

# Runs a shell command on every worker of the VM, in ~/$REMOTE_DIR.
on_all_workers() {
  tpu_vm ssh "$TPU_NAME" --worker=all --command="cd ~/$REMOTE_DIR && $1"
}
