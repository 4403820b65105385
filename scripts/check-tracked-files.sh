#!/usr/bin/env bash
# Fails when a tracked file is a binary or larger than 1 MB, unless it is
# listed in scripts/deliberate-binaries.txt with the reason it is kept. A
# built binary was once committed by mistake (13.9 MB); this keeps the
# next one out.
set -euo pipefail
cd "$(dirname "$0")/.."

allowed=$(grep -v '^#' scripts/deliberate-binaries.txt | awk '{print $1}')
bad=0
while IFS= read -r -d '' f; do
  [ -f "$f" ] || continue
  size=$(stat -c %s "$f")
  binary=no
  # A NUL byte in the first 8 KB is how git itself tells binary files.
  if head -c 8000 "$f" | tr -d '\000' | cmp -s - <(head -c 8000 "$f"); then :; else binary=yes; fi
  if [ "$size" -gt 1048576 ] || [ "$binary" = yes ]; then
    if ! grep -qxF "$f" <<<"$allowed"; then
      echo "tracked file $f is $( [ "$binary" = yes ] && echo "binary" || echo "large") ($size bytes); remove it or list it in scripts/deliberate-binaries.txt" >&2
      bad=1
    fi
  fi
done < <(git ls-files -z)
[ "$bad" = 0 ] && echo "tracked files: no stray binaries or large files"
exit "$bad"
