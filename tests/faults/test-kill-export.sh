#!/usr/bin/env bash
# Kill -9 at every write of an export of personal data (health profile, CSV,
# --include-personal; tests/faults/killshim.c): after each kill, either no
# package is visible, or the whole package is, with its exports row and its
# history row committed; the work folder that holds the personal rows while
# the package is built is private (mode 0700), and the next export removes
# it.  The same when the export replaces an earlier package: the earlier one
# or the new one is in place, never neither.
. "$TESTS_DIR/lib.sh"
need sqlite3
need python3
SHIM=${1:?usage: test-kill-export.sh KILLSHIM.so}
[ -f "$SHIM" ] || fail "no kill shim at $SHIM"
demo_db "$T/demo"
BASE=$T/demo/demo.sqlite
EXPORT=(export --profile health --format csv --include-personal --lang en)

# records DB: "EXPORTS/HISTORY", the personal exports and export history rows.
records() {
  local e h
  e=$(sqlite3 "$1" "SELECT count(*) FROM sqlite_master WHERE name = 'exports'")
  [ "$e" = 0 ] || e=$(sqlite3 "$1" "SELECT count(*) FROM exports WHERE include_personal = 1")
  h=$(sqlite3 "$1" "SELECT count(*) FROM history WHERE action = 'export' AND detail LIKE '%with personal data'")
  echo "$e/$h"
}
# whole DIR: every file manifest.json lists is there with its SHA-256, and
# households.csv holds every household.
whole() {
  python3 - "$1" <<'PY'
import hashlib, json, os, sys
d = sys.argv[1]
m = json.load(open(os.path.join(d, 'manifest.json'), encoding='utf-8'))
for f in m['files']:
    got = hashlib.sha256(open(os.path.join(d, f['name']), 'rb').read()).hexdigest()
    assert got == f['sha256'], f['name']
assert sorted(os.listdir(d)) == sorted([f['name'] for f in m['files']] + ['manifest.json'])
PY
  [ $? -eq 0 ] || return 1
  [ "$(($(wc -l <"$1/households.csv") - 1))" = "$(sqlite3 "$BASE" "SELECT count(*) FROM households")" ]
}
# work_folders DIR WHAT: every work folder left in DIR is private; nothing
# else hidden is there.
work_folders() {
  local f
  for f in "$1"/.[!.]*; do
    [ -e "$f" ] || continue
    case "$(basename "$f")" in
      .vinfra-export-??????) [ "$(stat -c %a "$f")" = 700 ] || fail "$2: work folder $(basename "$f") has mode $(stat -c %a "$f"), expected 700" ;;
      *) fail "$2: $(basename "$f") left beside the package" ;;
    esac
  done
}

cp "$BASE" "$T/count.sqlite"
mkdir "$T/count"
LD_PRELOAD=$SHIM VINFRA_KILL_COUNT="$T/calls" expect_ok "$VINFRA" "${EXPORT[@]}" --db "$T/count.sqlite" --out "$T/count/pkg"
total=$(cat "$T/calls")
[ "$total" -gt 10 ] || fail "the shim counted only $total writes: is it preloaded?"
# Replacing the package just written.
LD_PRELOAD=$SHIM VINFRA_KILL_COUNT="$T/calls" expect_ok "$VINFRA" "${EXPORT[@]}" --db "$T/count.sqlite" --out "$T/count/pkg"
total_replace=$(cat "$T/calls")

# kill_at K MODE: MODE "new" exports into a new folder, "replace" over an
# earlier package.
kill_at() {
  local k=$1 mode=$2 db=$T/k.sqlite w=$T/w what="$2: write $1 of $3" expected
  rm -rf "$w" "$db" "$db-wal" "$db-shm"
  mkdir "$w"
  cp "$BASE" "$db"
  expected=1/1
  if [ "$mode" = replace ]; then
    expect_ok "$VINFRA" "${EXPORT[@]}" --db "$db" --out "$w/pkg"
    before=$(grep '"created"' "$w/pkg/manifest.json")
    expected=2/2
  fi
  run env LD_PRELOAD="$SHIM" VINFRA_KILL_AT="$k" "$VINFRA" "${EXPORT[@]}" --db "$db" --out "$w/pkg"
  [ "$RC" -eq 137 ] || { cat "$T/err" >&2; fail "$what: expected the export to be killed (exit 137), got exit $RC"; }
  assert_eq ok "$(sqlite3 "$db" 'PRAGMA integrity_check')" "$what: integrity check"
  rec=$(records "$db")
  if [ -e "$w/pkg" ] && { [ "$mode" = new ] || [ "$(grep '"created"' "$w/pkg/manifest.json")" != "$before" ]; }; then
    whole "$w/pkg" || fail "$what: the package in place is not whole"
    assert_eq "$expected" "$rec" "$what: the package is in place: its exports/history rows"
  else
    case "$mode/$rec" in
      new/0/0 | new/1/1 | replace/1/1 | replace/2/2) ;;
      *) fail "$what: no new package in place: expected the exports and history rows to agree, got $rec" ;;
    esac
    [ "$mode" = new ] || whole "$w/pkg" || fail "$what: the earlier package is not whole"
  fi
  work_folders "$w" "$what"
  expect_ok "$VINFRA" "${EXPORT[@]}" --db "$db" --out "$w/pkg"
  [ -z "$(ls -A "$w" | grep -v '^pkg$')" ] || fail "$what: the next export left $(ls -A "$w" | grep -v '^pkg$' | tr '\n' ' ')"
}

for k in $(seq 1 "$total"); do
  kill_at "$k" new "$total"
done
# Replacing: the last writes, where the package is recorded and moved into place.
for k in $(seq $((total_replace > 8 ? total_replace - 8 : 1)) "$total_replace"); do
  kill_at "$k" replace "$total_replace"
done
echo "killed at each of $total writes of an export of personal data: never a package without its record"
