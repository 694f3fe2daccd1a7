#!/usr/bin/env bash
# test-default-use.sh - a Chinese-reading user never meets an English sentence
# in default use: the README's tour, run in the default language, prints no
# English sentence on stdout or stderr (tests/no-english.py), nor in the text
# of the maps it draws.  The same commands with --lang en print English.
. "$TESTS_DIR/lib.sh"
set -e
need python3
D=$TESTS_DIR/../data/demo
cd "$T"
export VINFRA_LANG=

# say CMD...: runs vinfra CMD in the default language; every line it prints
# must be free of English sentences.
n=0
say() {
  n=$((n + 1))
  run "$VINFRA" "$@"
  [ "$RC" -eq 0 ] || { cat "$T/err" >&2; fail "vinfra $* (exit $RC)"; }
  cat "$T/out" "$T/err" >"$T/said.$n"
  python3 "$TESTS_DIR/no-english.py" "$T/said.$n" || fail "English in the output of: vinfra $*"
}

say --help
say layers
say layers roads
say init --db lantian.sqlite
export VINFRA_DB=$T/lantian.sqlite
say import "$D/villages.geojson" --layer villages
say import --ledger "$D/ledger.csv"
say import "$D/households.geojson" --layer households
say import "$D/roads.geojson" --layer roads
say import "$D/clinics.geojson" --layer clinics
say import "$D/streetlights.geojson" --layer streetlights --dry-run
say stats
say stats --village 双龙村 --layer roads
say stats --format md
say coverage --list-services
say coverage --service clinic
say coverage --service clinic --by road --village 东岔村
say gaps --service clinic
say plan --service clinic --add 2
say history
say check
say render --map gaps --service clinic --add 2 --out gaps.pdf
say backup --to copy.sqlite
say export --list-profiles
say export --profile health --out 卫健局
say delete clinics "$(sqlite3 lantian.sqlite 'SELECT id FROM clinics LIMIT 1')"
say undo

if command -v pdftotext >/dev/null; then
  # The footer's database file name comes out letter by letter ("l ant i an. sql i t e").
  pdftotext gaps.pdf - | grep -v -e '^数据来源：' -e '^vi nf ra ' >gaps.txt
  python3 "$TESTS_DIR/no-english.py" gaps.txt || fail "English in the text of gaps.pdf"
fi

# And English when asked.
run "$VINFRA" stats --lang en
grep -q "km" "$T/out" || fail "stats --lang en: no English"
VINFRA_LANG=en run "$VINFRA" --help
grep -q "^Usage: vinfra COMMAND" "$T/out" || fail "VINFRA_LANG=en --help: not English"
echo "ok: $n commands in Chinese without an English sentence"
