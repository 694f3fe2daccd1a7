#!/usr/bin/env bash
# tools/check-format.sh [--fix] - the C files of the repository follow the
# committed .clang-format: lists every file that does not (and the first lines
# that differ) and exits 1; with --fix rewrites them in place.  Run by the
# test suite (tests/core/test-format.sh), so CI fails on a file left
# unformatted.
set -uo pipefail
cd "$(dirname "$0")/.."
cf=$(command -v clang-format-14 || command -v clang-format) || {
  echo "check-format: clang-format is not installed (apt-get install clang-format)" >&2; exit 77; }
mapfile -t files < <(git ls-files -- '*.c' '*.h' 2>/dev/null || find src render tests tools -name '*.[ch]')
if [ "${1:-}" = --fix ]; then
  "$cf" -i --style=file "${files[@]}"
  exit 0
fi
# One clang-format for the whole tree says whether anything differs; only
# then is each file compared, to name it.
"$cf" --style=file --dry-run -Werror "${files[@]}" 2>/dev/null && exit 0
bad=0
for f in "${files[@]}"; do
  if ! "$cf" --style=file "$f" | cmp -s - "$f"; then
    echo "check-format: $f differs from .clang-format (tools/check-format.sh --fix rewrites it):"
    "$cf" --style=file "$f" | diff -u "$f" - | sed -n '3,12p'
    bad=1
  fi
done
exit $bad
