#!/usr/bin/env bash
# Runs the official MCP conformance suite against wix-mcp --transport http.
#
# Installs @modelcontextprotocol/conformance and Node 22 (which it needs)
# with npm ci from the committed scripts/conformance/package-lock.json into
# .tools/conformance (ignored), builds wix-mcp, serves the sandbox on a
# free loopback port, runs each scenario in scripts/conformance-scenarios.txt
# and prints one line of its own. The suite's output goes to a file: its
# "Total: N passed, N failed" line must not be mistaken for the Go tests'.
#
# Usage: scripts/conformance.sh    (exit status 0 only if every scenario passes)
# Env:   CONFORMANCE_LOG   where the suite's output goes (default .tools/conformance/last-run.log)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools="$root/.tools/conformance"
log="${CONFORMANCE_LOG:-$tools/last-run.log}"
mkdir -p "$tools"

# Reinstall only when the lock file changed since the last npm ci.
if ! cmp -s "$root/scripts/conformance/package-lock.json" "$tools/package-lock.json" ||
  [ ! -x "$tools/node_modules/.bin/conformance" ] || [ ! -x "$tools/node_modules/.bin/node" ]; then
  cp "$root/scripts/conformance/package.json" "$root/scripts/conformance/package-lock.json" "$tools/"
  npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error >"$tools/npm-install.log" 2>&1 || {
    echo "conformance: npm ci failed; see $tools/npm-install.log" >&2
    exit 1
  }
fi
export PATH="$tools/node_modules/.bin:$PATH"

work=$(mktemp -d)
server_pid=
cleanup() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$server_pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$server_pid" 2>/dev/null || true
  fi
  rm -rf "$work"
}
trap cleanup EXIT

go build -o "$work/wix-mcp" ./cmd/wix-mcp

# Port 0: the server picks a free port and logs it as listen_addr. HOME is
# a scratch directory so nothing is read from or written to the user's.
HOME="$work" "$work/wix-mcp" --sandbox --transport http --unsafe-no-auth --addr 127.0.0.1:0 \
  2>"$work/server.log" &
server_pid=$!

addr=
for _ in $(seq 1 100); do
  addr=$(sed -n 's/.*"listen_addr":"\([^"]*\)".*/\1/p' "$work/server.log" | head -n 1)
  [ -n "$addr" ] && break
  kill -0 "$server_pid" 2>/dev/null || break
  sleep 0.1
done
if [ -z "$addr" ]; then
  echo "conformance: wix-mcp did not start:" >&2
  cat "$work/server.log" >&2
  exit 1
fi
healthy=
for _ in $(seq 1 100); do
  if curl -fsS "http://$addr/healthz" >/dev/null 2>&1; then healthy=1; break; fi
  sleep 0.1
done
if [ -z "$healthy" ]; then
  echo "conformance: http://$addr/healthz did not answer" >&2
  exit 1
fi

mapfile -t scenarios < <(grep -v -e '^#' -e '^[[:space:]]*$' "$root/scripts/conformance-scenarios.txt")
: >"$log"
failed=()
for s in "${scenarios[@]}"; do
  echo "=== scenario $s ===" >>"$log"
  if ! conformance server --url "http://$addr/mcp" --scenario "$s" -o "$work/results" >>"$log" 2>&1; then
    failed+=("$s")
  fi
done
{ echo "=== wix-mcp log ==="; cat "$work/server.log"; } >>"$log"

ok=$(( ${#scenarios[@]} - ${#failed[@]} ))
if [ ${#failed[@]} -gt 0 ]; then
  echo "conformance: $ok/${#scenarios[@]} scenarios ok; failing: ${failed[*]} (details in $log)"
  exit 1
fi
echo "conformance: $ok/${#scenarios[@]} scenarios ok"
