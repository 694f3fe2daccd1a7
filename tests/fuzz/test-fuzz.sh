#!/usr/bin/env bash
# Runs every libFuzzer target of a -Dfuzz=true build for FUZZ_SECONDS (20)
# each, from its seed corpus; any crash, leak or failed check fails the test
# and leaves the input that caused it in the log.  Skipped in an ordinary
# build (the seed corpora are replayed there by the *-corpus tests).
# Build: CC=clang meson setup build-fuzz -Dfuzz=true && ninja -C build-fuzz
. "$TESTS_DIR/lib.sh"
BUILD=${1:?usage: test-fuzz.sh BUILDDIR/tests/fuzz}
SECONDS_EACH=${FUZZ_SECONDS:-20}
ran=0
for corpus in "$TESTS_DIR"/fuzz/corpus/*/; do
  name=$(basename "$corpus")
  fuzzer="$BUILD/$name"
  [ -x "$fuzzer" ] || continue
  mkdir -p "$T/$name"
  # New inputs go to $T/$name; the committed seeds are only read.
  ( cd "$T" && "$fuzzer" -max_total_time="$SECONDS_EACH" -timeout=20 -rss_limit_mb=2048 \
      -close_fd_mask=3 -print_final_stats=1 "$T/$name" "$corpus" ) > "$T/$name.log" 2>&1
  rc=$?
  runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$T/$name.log" | grep -o '[0-9]*$')
  echo "$name: ${runs:-?} runs in ${SECONDS_EACH} s, exit $rc"
  if [ "$rc" -ne 0 ]; then
    tail -50 "$T/$name.log" >&2
    for crash in "$T"/crash-* "$T"/leak-* "$T"/timeout-* "$T"/oom-*; do
      [ -e "$crash" ] && { echo "input ($crash):" >&2; base64 "$crash" >&2; }
    done
    fail "$name found a failure (add the input to tests/fuzz/corpus/$name/ once fixed)"
  fi
  ran=$((ran + 1))
done
[ "$ran" -gt 0 ] || skip "no libFuzzer build here (configure with CC=clang -Dfuzz=true)"
echo "ok: $ran fuzz targets"
