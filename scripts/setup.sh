#!/usr/bin/env bash
# npm run setup: everything Sentinel needs on a Debian or Ubuntu machine. Safe to run twice.
#  1. npm dependencies (from package-lock.json) and the TypeScript build, which lists the packs;
#  2. system packages through apt (with sudo when not root): redis-server, bubblewrap (the
#     sandbox), gcc and libc6-dev (to build sentinel-init, the sandbox's pid 1) and the
#     toolchains the language packs declare in `debianPackages` (every installed pack, or only those
#     named in SENTINEL_PACKS: `SENTINEL_PACKS=python,c,cpp npm run setup`), and chromium (the
#     playground's browser test, test/browser/, drives it headless);
#  3. the whole build, sentinel-init included.
set -euo pipefail
cd "$(dirname "$0")/.."

echo "==> npm dependencies"
npm ci --no-audit --no-fund
echo "==> TypeScript build"
npx tsc -b

echo "==> system packages"
pack_list=$(node scripts/pack-debian-packages.mjs) # exits non-zero on a pack that is not installed
pack_packages=()
[[ -z "$pack_list" ]] || mapfile -t pack_packages <<<"$pack_list"
wanted=(redis-server bubblewrap gcc libc6-dev chromium "${pack_packages[@]}")
missing=()
for pkg in "${wanted[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
  echo "all present: ${wanted[*]}"
else
  sudo=()
  if [[ $(id -u) -ne 0 ]]; then sudo=(sudo); fi
  echo "installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

echo "==> build"
npm run build

echo "==> ready: npm start (serves http://localhost:8910${SENTINEL_PACKS:+, packs $SENTINEL_PACKS}), npm test"
