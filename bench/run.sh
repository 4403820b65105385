#!/usr/bin/env bash
# Runs every benchmark of BENCHMARKS.md in one go and prints the results:
# the Go benchmarks (per-call overhead against a direct request, shaping a
# 2 MB answer, catalog search), then wix-mcp-bench's start-up, load and
# idle-session runs, each next to its baseline. Node's server-everything is
# measured too when it is installed in .tools/mcp (see BENCHMARKS.md).
#
#   bench/run.sh            # everything, about 3 minutes on 2 cores
#   RUNS=50 CALLS=500 bench/run.sh
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${RUNS:-20}"
calls="${CALLS:-200}"
sessions="${SESSIONS:-64}"
idle="${IDLE:-1000}"
out="$(mktemp -d)"
trap 'rm -rf "$out"' EXIT
everything=".tools/mcp/node_modules/@modelcontextprotocol/server-everything/dist/index.js"

echo "== machine"
echo "date:   $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "cpu:    $(nproc) x $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')"
echo "memory: $(free -m | awk '/^Mem:/ {print $2 " MiB"}')"
echo "kernel: $(uname -sr)"
echo "go:     $(go version | cut -d' ' -f3-)"
command -v node >/dev/null && echo "node:   $(node --version)"
echo "load:   $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min)"

# The release build (see .goreleaser.yaml).
go build -trimpath -ldflags "-s -w -X main.version=bench" -o "$out/wix-mcp" ./cmd/wix-mcp
go build -trimpath -o "$out/wix-mcp-bench" ./cmd/wix-mcp-bench
echo "binary: $(du -h "$out/wix-mcp" | cut -f1)"

echo
echo "== Go benchmarks"
go test -run '^$' -bench 'DirectRequest|ToolCallInProcess|ToolCallHTTP|ToolCall2MB|ScriptOneCall' -benchtime 3000x -benchmem ./tools/
go test -run '^$' -bench 'Shape2MB' -benchtime 2s -benchmem ./resultshape/
go test -run '^$' -bench 'Search' -benchtime 2s -benchmem ./catalog/
go test -run '^$' -bench 'IdleRuns|RuntimeStart' -benchtime 5x -benchmem ./script/

echo
echo "== start-up over stdio"
"$out/wix-mcp-bench" startup --runs "$runs" --server "$out/wix-mcp"
if [ -f "$everything" ]; then
  "$out/wix-mcp-bench" startup --runs "$runs" -- node "$everything" stdio
fi

echo
echo "== load: $sessions sessions x $calls calls over streamable HTTP"
"$out/wix-mcp-bench" load --server "$out/wix-mcp" --sessions "$sessions" --calls "$calls"
# With the Wix client keeping enough idle connections (stand-in server).
"$out/wix-mcp-bench" load --sessions "$sessions" --calls "$calls" --idle-conns-per-host 128
# An offline tool: no Wix request, the MCP path alone.
"$out/wix-mcp-bench" load --server "$out/wix-mcp" --sessions "$sessions" --calls "$calls" \
  --tool search_wix_api --args '{"query":"find contacts by email","limit":3}'

start_everything() {
  local port
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  PORT="$port" node "$everything" streamableHttp >"$out/everything.log" 2>&1 &
  everything_pid=$!
  for _ in $(seq 1 100); do
    grep -q "listening" "$out/everything.log" && break
    sleep 0.1
  done
  everything_url="http://127.0.0.1:$port/mcp"
}
if [ -f "$everything" ]; then
  start_everything
  "$out/wix-mcp-bench" load --url "$everything_url" --pid "$everything_pid" --sessions "$sessions" --calls "$calls" \
    --tool echo --args '{"message":"hello"}' || true
  kill "$everything_pid"; wait "$everything_pid" 2>/dev/null || true
fi

echo
echo "== $idle idle sessions over streamable HTTP"
"$out/wix-mcp-bench" idle --server "$out/wix-mcp" --sessions "$idle"
if [ -f "$everything" ]; then
  start_everything
  "$out/wix-mcp-bench" idle --url "$everything_url" --pid "$everything_pid" --sessions "$idle" || true
  kill "$everything_pid"; wait "$everything_pid" 2>/dev/null || true
fi
echo
echo "load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
