#!/bin/sh
# test-ledger-sheets.sh - project ledgers as district offices keep them
# (issue 13), from the seeded generator gen/ledgers.py: title and unit rows
# above the header found as for a layer's table (import-table.c), columns in
# any order under English or Chinese names, 小计 and 合计 rows, blank and note
# rows named in the summary, CSV title lines without separators in UTF-8 and
# GBK; a refused row numbered as the sheet shows it, the database unchanged.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
set -e
G="$T/gen"
for seed in 13 1302; do
  rm -rf "$G"
  python3 "$TESTS_DIR/import/gen/ledgers.py" "$G" "$seed" || fail "gen/ledgers.py $seed"
  cd "$G"
  n=0
  while IFS='	' read -r kind name file a b; do
    n=$((n + 1))
    db=$(fresh "l$seed-$name")
    if [ "$kind" = ok ]; then
      expect_ok "$VINFRA" import --ledger "$file" --db "$db"
      want=$(printf '%s' "$a" | sed "s|@|$file|")
      assert_eq "$want" "$(cat "$T/out")" "seed $seed $name: summary"
      assert_eq "$(cat "$b")" "$(sql "$db" "select id || '|' || printf('%.2f', funding_wan) from projects order by id")" \
        "seed $seed $name: projects"
    else
      before=$(sha "$db")
      expect_fail "$a" "$b" "$VINFRA" import --ledger "$file" --db "$db"
      assert_eq "$before" "$(sha "$db")" "seed $seed $name: database changed by a refused import"
    fi
  done < cases.tsv
  [ "$n" -ge 15 ] || fail "seed $seed: only $n cases generated"
  cd "$T"
done
echo "ledger sheets: every generated ledger imported or refused as expected"
