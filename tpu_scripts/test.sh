#!/usr/bin/env bash
# CI for tpu_scripts (`make lint-scripts`): shellcheck on every script, then each script's
# --dry-run output against the exact gcloud commands it must print, and its refusals of bad input.
set -euo pipefail
cd "$(dirname "$0")/.."
shellcheck tpu_scripts/*.sh
failures=0

# expect "WANTED OUTPUT" COMMAND...: runs COMMAND, compares its stdout with WANTED.
expect() {
  local want=$1 got
  shift
  if ! got=$("$@" 2>&1); then
    echo "FAIL: $* exited with an error: $got"
    failures=$((failures + 1))
  elif [[ "$got" != "$want" ]]; then
    printf 'FAIL: %s\n--- want\n%s\n--- got\n%s\n' "$*" "$want" "$got"
    failures=$((failures + 1))
  fi
}

# refuse "MESSAGE PART" COMMAND...: COMMAND must fail, saying MESSAGE PART.
refuse() {
  local part=$1 got
  shift
  if got=$("$@" 2>&1); then
    echo "FAIL: $* succeeded, expected a refusal ($part)"
    failures=$((failures + 1))
  elif [[ "$got" != *"$part"* ]]; then
    printf 'FAIL: %s\n--- want a message with\n%s\n--- got\n%s\n' "$*" "$part" "$got"
    failures=$((failures + 1))
  fi
}

vm=(--name tpu1 --zone us-central2-b --dry-run)
expect "gcloud compute tpus tpu-vm create tpu1 --accelerator-type=v4-32 --version=tpu-ubuntu2204-base --spot --zone=us-central2-b" \
  tpu_scripts/create.sh "${vm[@]}" --type v4-32 --spot
expect "gcloud compute tpus tpu-vm create tpu1 --accelerator-type=v4-8 --version=tpu-ubuntu2204-base --zone=us-central2-b --project=my-project" \
  tpu_scripts/create.sh "${vm[@]}" --project my-project
secret=SIGLIP_COORDINATOR_SECRET=0123456789abcdef-test
expect "gcloud compute tpus tpu-vm ssh tpu1 --worker=all '--command=cd ~/siglip && mkdir -p logs && ($secret setsid nohup target/release/siglip train -c configs/siglit_g14_4tpu.yaml --set '\\''evals=[]'\\'' > logs/g14.log 2>&1 < /dev/null &)' --zone=us-central2-b" \
  env "$secret" tpu_scripts/launch.sh "${vm[@]}" --log g14 -- train -c configs/siglit_g14_4tpu.yaml --set 'evals=[]'
expect "gcloud compute tpus tpu-vm ssh tpu1 --worker=all '--command=cd ~/siglip && mkdir -p logs && ($secret setsid nohup target/release/siglip sweep configs/sweeps/tiny_cpu_lr.yaml --runs-root runs/lr > logs/sweep.log 2>&1 < /dev/null &)' --zone=us-central2-b" \
  env "$secret" tpu_scripts/sweep.sh "${vm[@]}" configs/sweeps/tiny_cpu_lr.yaml --runs-root runs/lr
# Without a secret in the environment, each launch makes a new one: 64 hex digits.
launches=$(for _ in 1 2; do env -u SIGLIP_COORDINATOR_SECRET tpu_scripts/launch.sh "${vm[@]}" -- devices; done)
generated=$(grep -oE 'SIGLIP_COORDINATOR_SECRET=[0-9a-f]{64} ' <<<"$launches" | sort -u | wc -l)
((generated == 2)) || { echo "FAIL: two launches without a secret did not get two new ones: $launches"; failures=$((failures + 1)); }
expect "mkdir -p out
gcloud compute tpus tpu-vm scp --recurse tpu1:siglip/runs/a out/ --worker=0 --zone=us-central2-b
gcloud compute tpus tpu-vm scp --recurse tpu1:siglip/logs out/ --worker=0 --zone=us-central2-b" \
  tpu_scripts/fetch.sh "${vm[@]}" --to out runs/a
expect "gcloud compute tpus tpu-vm delete tpu1 --quiet --zone=us-central2-b" tpu_scripts/delete.sh "${vm[@]}"
setup=$(tpu_scripts/setup.sh "${vm[@]}")
for line in "archive --format=tar.gz" "tpu-vm scp" "tpu-vm ssh tpu1 --worker=all" "pip install --user libtpu" \
  "make plugin" "cargo build --release"; do
  [[ "$setup" == *"$line"* ]] || { echo "FAIL: setup.sh --dry-run does not say \`$line\`"; failures=$((failures + 1)); }
done

refuse "no TPU VM named" env -u TPU_NAME tpu_scripts/delete.sh --zone z --dry-run
refuse "not an accelerator type" tpu_scripts/create.sh "${vm[@]}" --type v4
refuse "nothing to run" tpu_scripts/launch.sh "${vm[@]}"
refuse "at least 16 are needed" env SIGLIP_COORDINATOR_SECRET=short tpu_scripts/launch.sh "${vm[@]}" -- devices
refuse "no sweep file" tpu_scripts/sweep.sh "${vm[@]}" missing.yaml
refuse "unknown argument" tpu_scripts/delete.sh "${vm[@]}" --force

if ((failures > 0)); then
  echo "tpu_scripts: $failures check(s) failed"
  exit 1
fi
echo "tpu_scripts: shellcheck clean, dry runs as expected"
