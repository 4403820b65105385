#!/usr/bin/env bash
# Validates .goreleaser.yaml with a pinned goreleaser, installed with
# `go install` into .tools/bin (gitignored) the first time. The install
# compiles goreleaser from source: about 5 minutes on 2 cores, once.
#   scripts/release-check.sh
set -euo pipefail
cd "$(dirname "$0")/.."

# v2.17.0 does not install from the module proxy (a dependency answers
# 403) and v2.18 needs Go 1.27.
GORELEASER_VERSION=v2.16.0
tools="$PWD/.tools/bin"
bin="$tools/goreleaser"

if ! { [ -x "$bin" ] && "$bin" --version 2>/dev/null | grep -qF "${GORELEASER_VERSION#v}"; }; then
  echo "release-check: installing goreleaser $GORELEASER_VERSION into .tools/bin (once)" >&2
  GOBIN="$tools" go install "github.com/goreleaser/goreleaser/v2@$GORELEASER_VERSION"
fi

"$bin" check
