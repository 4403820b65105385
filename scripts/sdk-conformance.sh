#!/usr/bin/env bash
# Drives Wix's official JavaScript SDK against wixsim (conformance/sdk):
# installs the pinned SDK packages from the committed lock file into the
# ignored node_modules, builds wixsim, and runs the suite, which starts
# wixsim on a free loopback port and prints its figures.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/wixsim" ./cmd/wixsim
(cd conformance/sdk && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error)
node conformance/sdk/gen-shapes.js "$tmp/sdkshapes.json.gz" >/dev/null
if ! cmp -s "$tmp/sdkshapes.json.gz" wixclient/wixsim/sdkshapes.json.gz; then
  echo "wixclient/wixsim/sdkshapes.json.gz is stale: run node conformance/sdk/gen-shapes.js and commit it"
  exit 1
fi
node conformance/sdk/run.js "$tmp/wixsim"
