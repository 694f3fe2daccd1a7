#!/usr/bin/env bash
# tools/test.sh - install what the tests need, build, run every test, and end
# with one line "N passed, N failed" (skipped tests are counted apart).
set -uo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh --test || { echo "0 passed, 1 failed"; exit 1; }
meson test -C build --print-errorlogs --num-processes 2 "$@"
rc=$?
python3 - build/meson-logs/testlog.json <<'PY'
import json, sys
counts = {}
try:
    lines = open(sys.argv[1], encoding='utf-8').readlines()
except OSError:
    lines = []
    counts['ERROR'] = 1
for line in lines:
    line = line.strip()
    if line:
        r = json.loads(line)['result']
        counts[r] = counts.get(r, 0) + 1
passed = counts.get('OK', 0) + counts.get('EXPECTEDFAIL', 0)
skipped = counts.get('SKIP', 0)
failed = sum(v for k, v in counts.items() if k not in ('OK', 'EXPECTEDFAIL', 'SKIP'))
if skipped:
    print(f"({skipped} skipped)")
print(f"{passed} passed, {failed} failed")
PY
exit $rc
