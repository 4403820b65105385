#!/usr/bin/env bash
# Fuzzes every native Go fuzz target for FUZZTIME (default 1m) on top of
# its committed seed corpus (testdata/fuzz/<Target>/ in its package). Not
# run by CI, which replays the committed corpora in go test so that a run
# is deterministic: run this by hand, and commit what it finds (a failure
# leaves the failing input in that folder, ready to commit as a regression
# seed; fix the bug in the same commit).
#
#   scripts/fuzz.sh               # every target, 1m each
#   FUZZTIME=10m scripts/fuzz.sh  # longer runs
#   scripts/fuzz.sh FuzzLoad      # only the named targets
set -euo pipefail
cd "$(dirname "$0")/.."

fuzztime="${FUZZTIME:-1m}"
# Every Fuzz function of the module, found by go test -list (its lines are
# the targets of a package, then "ok <import path>"), so a new target is
# never left out of a hand-kept list.
targets="$(go test -list '^Fuzz' ./... | awk '
  /^Fuzz/ { pending = pending " " $1; next }
  /^ok/ { n = split(pending, names, " "); for (i = 1; i <= n; i++) print $2 ":" names[i]; pending = "" }
')"
if [ -z "$targets" ]; then
  echo "fuzz: no fuzz targets found" >&2
  exit 1
fi

failed=()
for entry in $targets; do
  pkg="${entry%%:*}"
  target="${entry##*:}"
  if [ "$#" -gt 0 ] && [[ " $* " != *" $target "* ]]; then
    continue
  fi
  echo "== $target ($pkg, $fuzztime)"
  # -run matches nothing, so only the fuzz target (seeds, then fuzzing) runs.
  if ! go test -run '^$' -fuzz "^${target}\$" -fuzztime "$fuzztime" "$pkg"; then
    failed+=("$target")
  fi
done

if [ "${#failed[@]}" -gt 0 ]; then
  echo "fuzz: FAILED: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: all targets passed"
