#!/usr/bin/env bash
# Lints the tree with golangci-lint v2 and the committed .golangci.yml.
# The pinned version is installed with `go install` into .tools/bin
# (gitignored) the first time, or when the pin changes; later runs reuse it.
#   scripts/lint.sh                 # the whole module
#   scripts/lint.sh ./config/...    # some packages; any golangci-lint run flags work
set -euo pipefail
cd "$(dirname "$0")/.."

GOLANGCI_LINT_VERSION=v2.15.0
tools="$PWD/.tools/bin"
bin="$tools/golangci-lint"

if ! { [ -x "$bin" ] && "$bin" version 2>/dev/null | grep -qF "version ${GOLANGCI_LINT_VERSION#v} "; }; then
  echo "lint: installing golangci-lint $GOLANGCI_LINT_VERSION into .tools/bin (once)" >&2
  GOBIN="$tools" go install "github.com/golangci/golangci-lint/v2/cmd/golangci-lint@$GOLANGCI_LINT_VERSION"
fi

# Other checkouts on the same machine (worktrees, a second clone) may lint at
# the same time; golangci-lint would otherwise refuse to run beside them.
exec "$bin" run --allow-parallel-runners "$@"
