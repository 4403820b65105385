#!/usr/bin/env bash
# Regenerates ../catalog.json.gz from the pinned npm packages in packages.txt.
# Needs Node 20+, npm and access to the npm registry. Set CATALOG_NPM_CACHE to
# reuse an install directory between runs.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${CATALOG_NPM_CACHE:-$(mktemp -d)}"
mkdir -p "$work"
[ -f "$work/package.json" ] || echo '{"name":"wix-catalog-gen","private":true}' > "$work/package.json"
if [ ! -f "$work/.installed" ] || ! cmp -s "$here/packages.txt" "$work/.installed"; then
  # shellcheck disable=SC2046
  npm install --prefix "$work" --ignore-scripts --no-audit --no-fund --loglevel=error \
    $(grep -v '^#' "$here/packages.txt") typescript@5
  cp "$here/packages.txt" "$work/.installed"
fi
node "$here/extract.js" "$work" "$here/packages.txt" "$here/handwritten.json" "$here/account-level.txt" \
  | gzip -9n > "$here/../catalog.json.gz.tmp"
mv "$here/../catalog.json.gz.tmp" "$here/../catalog.json.gz"
