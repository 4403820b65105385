#!/usr/bin/env bash
# Builds wix-mcp exactly as the Dockerfile's build stage does, without a
# Docker engine, and checks the binary: it runs, reports the version, is
# statically linked and carries the Dockerfile's build settings.
#
# The build command is read from the Dockerfile (its RUN line starting with
# "CGO_ENABLED=0 go build"), so the flags live in one place.
#
# Usage: scripts/docker-equivalent-build.sh [VERSION]   (default 0.0.0-docker-check)
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
export VERSION="${1:-0.0.0-docker-check}"

line=$(grep -E '^RUN CGO_ENABLED=0 go build ' Dockerfile) || {
  echo "docker-equivalent-build: no 'RUN CGO_ENABLED=0 go build' line in the Dockerfile" >&2
  exit 1
}
cmd=${line#RUN }
case "$cmd" in
  *"-o /out/wix-mcp "*) ;;
  *) echo "docker-equivalent-build: the build line must write -o /out/wix-mcp: $cmd" >&2; exit 1 ;;
esac

out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
bin="$out/wix-mcp"
# Same command, same shell expansion of ${VERSION}; only the output path
# moves from the image's /out to a scratch directory.
sh -c "${cmd/-o \/out\/wix-mcp /-o $bin }"

fail() { echo "docker-equivalent-build: $*" >&2; exit 1; }

got=$("$bin" --version)
[ "$got" = "wix-mcp $VERSION" ] || fail "--version printed '$got', want 'wix-mcp $VERSION'"

info=$(go version -m "$bin")
grep -q $'build\tCGO_ENABLED=0' <<<"$info" || fail "not built with CGO_ENABLED=0"
grep -q $'build\t-trimpath=true' <<<"$info" || fail "not built with -trimpath"
# -trimpath builds do not record -ldflags; its effects are checked instead:
# -X by --version above, -s and -w by the section checks below.

# Static: no program interpreter (PT_INTERP) and no dynamic section.
if command -v readelf >/dev/null; then
  if readelf -l "$bin" | grep -q INTERP; then fail "the binary needs a dynamic loader"; fi
  if readelf -d "$bin" 2>/dev/null | grep -q NEEDED; then fail "the binary needs shared libraries"; fi
elif command -v file >/dev/null; then
  file "$bin" | grep -q 'statically linked' || fail "not statically linked: $(file "$bin")"
elif command -v ldd >/dev/null; then
  if ldd "$bin" >/dev/null 2>&1; then fail "ldd lists shared libraries"; fi
else
  fail "none of readelf, file or ldd is available to check static linking"
fi
# -s: no symbol table; -w: no DWARF debug sections.
if command -v readelf >/dev/null; then
  sections=$(readelf -S -W "$bin")
  if grep -q '\.symtab' <<<"$sections"; then fail "the binary is not stripped (-s)"; fi
  if grep -q '\.debug_' <<<"$sections"; then fail "the binary carries DWARF (-w)"; fi
fi

size=$(wc -c <"$bin")
echo "docker-equivalent-build: ok: wix-mcp $VERSION, static, stripped, $((size / 1024 / 1024)) MiB"
