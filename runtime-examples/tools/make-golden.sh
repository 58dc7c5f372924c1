#!/bin/sh
# Regenerates (or, with --check, verifies) the golden expected files of
# every case under runtime-examples/*/golden/<case>/ with the REFERENCE
# interpreter (lua5.4), independently of the .NET engine.
#
# For each case:
#   runtime   = build-runtime.py <config-dir>   (used when input.json has
#               no "runtime" key)
#   expected.json  = canonical schedule data, pretty-printed
#   expected.sha1  = SHA-1 (hex) of the compact canonical form, i.e. the
#                    verwalter schedule hash of that data
#   log.txt        = the scheduler's log (informational, not a contract)
#
# Usage: tools/make-golden.sh [--check]
set -eu
TOOLS=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$TOOLS")
CHECK=0
[ "${1:-}" = "--check" ] && CHECK=1
LUA=${LUA:-lua5.4}
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
FAILED=0

for input in "$ROOT"/*/golden/*/input.json; do
  case_dir=$(dirname "$input")
  config_dir=$(dirname "$(dirname "$case_dir")")
  name=$(basename "$config_dir")/$(basename "$case_dir")
  out=$TMP/$(echo "$name" | tr / _)
  mkdir -p "$out"
  python3 "$TOOLS/build-runtime.py" "$config_dir" > "$out/runtime.json"
  "$LUA" "$TOOLS/run-reference.lua" "$config_dir" "$input" \
    --runtime "$out/runtime.json" --out "$out/expected.json" \
    --compact "$out/compact.json" --log "$out/log.txt"
  sha1sum < "$out/compact.json" | cut -d' ' -f1 > "$out/expected.sha1"
  for f in expected.json expected.sha1 log.txt; do
    if [ $CHECK = 1 ]; then
      if ! cmp -s "$out/$f" "$case_dir/$f"; then
        echo "DIFFERS: $name/$f"
        diff -u "$case_dir/$f" "$out/$f" || true
        FAILED=1
      fi
    else
      cp "$out/$f" "$case_dir/$f"
    fi
  done
  [ $CHECK = 1 ] || echo "generated $name"
done

if [ $CHECK = 1 ]; then
  [ $FAILED = 0 ] && echo "all golden files are up to date"
  exit $FAILED
fi
