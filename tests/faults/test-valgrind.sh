#!/usr/bin/env bash
# vinfra demo under valgrind's memcheck: no invalid read or write, no use
# of uninitialised memory, no memory definitely lost (but for fontconfig's
# caches, kept until exit: valgrind.supp).  Skipped without
# valgrind, and in a sanitizer build, which valgrind cannot run.
. "$TESTS_DIR/lib.sh"
need valgrind
for exe in "$VINFRA" "$(dirname "$VINFRA")/vinfra-gdal"; do
  ! ldd "$exe" 2>/dev/null | grep -q 'libasan\|libubsan' || skip "a sanitizer build"
done
cd "$T"
# vinfra hands demo to vinfra-gdal (exec, same process), which valgrind follows.
run valgrind --error-exitcode=1 --leak-check=full --errors-for-leak-kinds=definite \
  --trace-children=yes --num-callers=30 --log-file="$T/valgrind.%p" \
  --suppressions="$TESTS_DIR/faults/valgrind.supp" \
  "$VINFRA" demo --out "$T/demo" --lang en
if [ "$RC" -ne 0 ]; then
  cat "$T"/valgrind.* >&2
  fail "valgrind found errors in vinfra demo (exit $RC)"
fi
assert_contains "$T/err" "demo database: $T/demo/demo.sqlite"
grep -h "ERROR SUMMARY\|definitely lost" "$T"/valgrind.* | sed 's/^==[0-9]*== *//'
echo ok
