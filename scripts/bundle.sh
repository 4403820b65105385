#!/usr/bin/env bash
# Builds MCP Bundles (.mcpb) for Claude Desktop from release binaries: a zip
# of bundle/manifest.json (version set) and one platform's wix-mcp binary
# under server/, packed with the format's own CLI (@anthropic-ai/mcpb,
# installed with npm ci from bundle/package-lock.json into .tools/mcpb).
# Claude Desktop installs a .mcpb with a double click and asks for the
# user_config values (the API key is stored as a secret and passed to the
# server in WIX_API_KEY).
#
#   scripts/bundle.sh validate                   # mcpb validate bundle/manifest.json (CI)
#   scripts/bundle.sh pack VERSION [DIST] [OUT]  # one .mcpb per binary in DIST (goreleaser's dist/),
#                                                # into OUT (default dist/bundles)
#   scripts/bundle.sh check                      # validate, then pack this machine's build and
#                                                # check the bundle's contents (CI)
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
tools="$root/.tools/mcpb"

install_mcpb() {
  mkdir -p "$tools"
  if ! cmp -s bundle/package-lock.json "$tools/package-lock.json" || [ ! -x "$tools/node_modules/.bin/mcpb" ]; then
    cp bundle/package.json bundle/package-lock.json "$tools/"
    npm ci --prefix "$tools" --no-audit --no-fund --loglevel=error >"$tools/npm-install.log" 2>&1 || {
      echo "bundle: npm ci failed; see $tools/npm-install.log" >&2
      exit 1
    }
  fi
  mcpb="$tools/node_modules/.bin/mcpb"
}

# pack_one BINARY OS ARCH VERSION OUT: stages the manifest (its version,
# and the one platform the binary runs on) with the binary and packs it.
pack_one() {
  local bin=$1 os=$2 arch=$3 version=$4 out=$5 stage platform exe=wix-mcp
  case "$os" in
    darwin) platform=darwin ;;
    windows) platform=win32; exe=wix-mcp.exe ;;
    linux) platform=linux ;;
    *) echo "bundle: unknown OS $os" >&2; return 1 ;;
  esac
  stage=$(mktemp -d)
  mkdir -p "$stage/server"
  cp "$bin" "$stage/server/$exe"
  chmod 755 "$stage/server/$exe"
  node -e '
    const fs = require("fs");
    const [src, dst, version, platform] = process.argv.slice(1);
    const m = JSON.parse(fs.readFileSync(src, "utf8"));
    m.version = version;
    m.compatibility = Object.assign({}, m.compatibility, { platforms: [platform] });
    if (platform === "win32") m.server.entry_point = "server/wix-mcp.exe";
    fs.writeFileSync(dst, JSON.stringify(m, null, 2) + "\n");
  ' bundle/manifest.json "$stage/manifest.json" "$version" "$platform"
  mkdir -p "$out"
  "$mcpb" pack "$stage" "$out/wix-mcp-${version}-${os}-${arch}.mcpb" >"$stage.log" 2>&1 || {
    cat "$stage.log" >&2; rm -rf "$stage" "$stage.log"; return 1
  }
  rm -rf "$stage" "$stage.log"
  echo "$out/wix-mcp-${version}-${os}-${arch}.mcpb"
}

cmd=${1:-}
case "$cmd" in
  validate)
    install_mcpb
    "$mcpb" validate bundle/manifest.json
    ;;
  pack)
    version=${2:?usage: scripts/bundle.sh pack VERSION [DIST] [OUT]}
    dist=${3:-dist}
    out=${4:-dist/bundles}
    install_mcpb
    found=0
    # goreleaser's build folders: dist/wix-mcp_linux_amd64_v1/wix-mcp, ...
    for dir in "$dist"/wix-mcp_*_*; do
      [ -d "$dir" ] || continue
      name=$(basename "$dir")
      rest=${name#wix-mcp_}
      os=${rest%%_*}
      arch=${rest#*_}; arch=${arch%%_*}
      bin="$dir/wix-mcp"; [ "$os" = windows ] && bin="$dir/wix-mcp.exe"
      [ -f "$bin" ] || continue
      pack_one "$bin" "$os" "$arch" "$version" "$out"
      found=$((found + 1))
    done
    if [ "$found" -eq 0 ]; then
      echo "bundle: no binaries under $dist/wix-mcp_OS_ARCH*/; run goreleaser release --snapshot --clean --skip=publish first" >&2
      exit 1
    fi
    ;;
  check)
    install_mcpb
    "$mcpb" validate bundle/manifest.json
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    os=$(go env GOOS) arch=$(go env GOARCH)
    mkdir -p "$work/dist/wix-mcp_${os}_${arch}"
    ext=; [ "$os" = windows ] && ext=.exe
    CGO_ENABLED=0 go build -trimpath -ldflags "-s -w -X main.version=0.0.0-check" -o "$work/dist/wix-mcp_${os}_${arch}/wix-mcp$ext" ./cmd/wix-mcp
    bundle=$(pack_one "$work/dist/wix-mcp_${os}_${arch}/wix-mcp$ext" "$os" "$arch" 0.0.0-check "$work/out")
    "$mcpb" unpack "$bundle" "$work/unpacked" >/dev/null
    for want in manifest.json "server/wix-mcp$ext"; do
      [ -f "$work/unpacked/$want" ] || { echo "bundle: $bundle lacks $want" >&2; exit 1; }
    done
    [ -x "$work/unpacked/server/wix-mcp$ext" ] || { echo "bundle: server/wix-mcp$ext is not executable after unpacking" >&2; exit 1; }
    "$work/unpacked/server/wix-mcp$ext" --version | grep -q "0.0.0-check" || { echo "bundle: the packed binary does not run" >&2; exit 1; }
    "$mcpb" validate "$work/unpacked/manifest.json" >/dev/null
    echo "bundle: manifest valid; $(basename "$bundle") packs manifest.json and server/wix-mcp$ext ($(du -h "$bundle" | cut -f1))"
    ;;
  *)
    sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'
    exit 2
    ;;
esac
