#!/usr/bin/env bash
# Regenerates ../catalog.json.gz from the pinned npm packages in packages.txt.
# Needs Node 20+, npm and access to the npm registry. Set CATALOG_NPM_CACHE to
# reuse an install directory between runs. Set CATALOG_DISCOVER=1 to first
# rebuild packages.txt from the umbrella packages (discover.js).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work="${CATALOG_NPM_CACHE:-$(mktemp -d)}"
mkdir -p "$work"
if [ "${CATALOG_DISCOVER:-}" = 1 ]; then
  node "$here/discover.js" "$here/umbrellas.txt" "$here/extra-packages.txt" "$here/packages.txt" "$here/umbrellas-report.txt"
fi
[ -f "$work/package.json" ] || echo '{"name":"wix-catalog-gen","private":true}' > "$work/package.json"
if [ ! -f "$work/.installed" ] || ! cmp -s "$here/packages.txt" "$work/.installed"; then
  # An umbrella may name a version the registry does not serve: install
  # everything else and record the name (extract.js reports it as skipped).
  : > "$work/unserved.txt"
  grep -v '^#' "$here/packages.txt" > "$work/want.txt"
  ok=
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    # shellcheck disable=SC2046
    if npm install --prefix "$work" --ignore-scripts --no-audit --no-fund --loglevel=error \
      $(cat "$work/want.txt") typescript@5 2> "$work/npm.err"; then
      ok=1
      break
    fi
    # E404 names the package; ETARGET ("No matching version found for
    # @wix/x@1.2.3.") names a version the registry does not serve.
    name="$(grep -oE "No matching version found for @wix/[^@ ]+|404 Not Found - GET [^ ]+/@wix%2f[^ /]+" "$work/npm.err" | head -1 |
      sed -E 's/^No matching version found for //; s/.*@wix%2f/@wix\//' || true)"
    if [ -z "$name" ]; then cat "$work/npm.err" >&2; exit 1; fi
    # An umbrella can pin a version one ahead of what was published: pin the
    # newest published one instead (in packages.txt too), or drop the name
    # when the registry serves none.
    latest="$(npm view "$name" version 2>/dev/null || true)"
    wanted="$(grep "^$name@" "$work/want.txt" | head -1)"
    if [ -n "$latest" ] && [ "$wanted" != "$name@$latest" ]; then
      echo "$wanted is not served; pinning $name@$latest" >&2
      echo "$wanted -> $latest" >> "$work/unserved.txt"
      sed -i "s|^$name@.*|$name@$latest|" "$work/want.txt" "$here/packages.txt"
    else
      echo "not served by the registry: $name" >&2
      echo "$name" >> "$work/unserved.txt"
      grep -v "^$name@" "$work/want.txt" > "$work/want.tmp" && mv "$work/want.tmp" "$work/want.txt"
    fi
  done
  [ -n "$ok" ] || { echo "npm install kept failing; see $work/npm.err" >&2; exit 1; }
  cp "$here/packages.txt" "$work/.installed"
fi
node "$here/extract.js" "$work" "$here/packages.txt" "$here/handwritten.json" "$here/account-level.txt" "$here/report.txt" \
  | gzip -9n > "$here/../catalog.json.gz.tmp"
mv "$here/../catalog.json.gz.tmp" "$here/../catalog.json.gz"
