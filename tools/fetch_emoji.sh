#!/usr/bin/env bash
# Fetches the emoji demo's data from npm into DIR (default data/emoji/npm): the Google, Twitter,
# Apple and Facebook art of emoji-datasource 16.0.0 (64-px PNGs under
# <pkg>/package/img/<vendor>/64/, metadata in <pkg>/package/emoji.json) and emojilib 4.0.3's keywords
# (emojilib/package/dist/emoji-en-US.json). Idempotent: a package already unpacked is kept.
# Installs npm with apt-get when it is missing.
set -euo pipefail

dir=${1:-data/emoji/npm}
packages=(emoji-datasource-google@16.0.0 emoji-datasource-twitter@16.0.0
  emoji-datasource-apple@16.0.0 emoji-datasource-facebook@16.0.0 emojilib@4.0.3)

if ! command -v npm >/dev/null; then
  echo "npm not found: installing it with apt-get"
  sudo_cmd=()
  if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
  "${sudo_cmd[@]}" apt-get update -q
  "${sudo_cmd[@]}" apt-get install -y -q npm
fi

mkdir -p "$dir"
for spec in "${packages[@]}"; do
  name=${spec%@*}
  if [ -f "$dir/$name/.unpacked" ]; then
    echo "$dir/$name: already there"
    continue
  fi
  echo "fetching $spec"
  rm -rf "${dir:?}/$name"
  mkdir -p "$dir/$name"
  tarball=$(cd "$dir" && npm pack --silent "$spec" | tail -n 1)
  tar -xzf "$dir/$tarball" -C "$dir/$name"
  rm -f "${dir:?}/$tarball"
  touch "$dir/$name/.unpacked"
done
