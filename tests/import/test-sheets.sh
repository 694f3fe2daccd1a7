#!/bin/sh
# test-sheets.sh - spreadsheets and CSV files as county offices make them
# (issue 13), from the seeded generator gen/sheets.py: title rows, merged
# titles, blank, totals and note rows named in the summary, columns in any
# order under any of their names, degrees-minutes-seconds coordinates in
# every spelling (exact to 1e-7 degrees of the generator's decimal values),
# --sheet, --map lon/lat, ODK Central and KoboToolbox exports; every refusal
# with its exact message ("row 22 (id ...), column C (经度): ...") and the
# database byte-identical.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
set -e
G="$T/gen"
for seed in 13 1301; do
  rm -rf "$G"
  python3 "$TESTS_DIR/import/gen/sheets.py" "$G" "$seed" || fail "gen/sheets.py $seed"
  cd "$G"
  n=0
  while IFS='	' read -r kind name file args a b; do
    n=$((n + 1))
    [ "$args" = "-" ] && args=
    db=$(fresh "s$seed-$name")
    if [ "$kind" = ok ]; then
      # shellcheck disable=SC2086
      expect_ok "$VINFRA" import "$file" $args --db "$db"
      want=$(printf '%s' "$a" | sed "s|@|$file|")
      assert_eq "$want" "$(cat "$T/out")" "seed $seed $name: summary"
      sql "$db" "select id, printf('%.9f', X(geom)), printf('%.9f', Y(geom)), coalesce(watts, '') from streetlights order by id" > "$T/got"
      # Positions exact to 1e-7 degrees (1 cm), ids and values exact.
      awk -F'|' 'NR == FNR { lon[$1] = $2; lat[$1] = $3; w[$1] = $4; next }
        !($1 in lon) { print "unexpected row " $0; bad = 1; next }
        { d1 = $2 - lon[$1]; d2 = $3 - lat[$1]; if (d1 < 0) d1 = -d1; if (d2 < 0) d2 = -d2
          if (d1 > 1e-7 || d2 > 1e-7 || $4 != w[$1]) { print "row " $1 ": got " $0; bad = 1 }
          seen[$1] = 1 }
        END { for (k in lon) if (!(k in seen)) { print "missing row " k; bad = 1 }; exit bad }' \
        "$b" "$T/got" >&2 || fail "seed $seed $name: stored rows differ from the generator's"
    else
      before=$(sha "$db")
      # shellcheck disable=SC2086
      expect_fail "$a" "$b" "$VINFRA" import "$file" $args --db "$db"
      assert_eq "$before" "$(sha "$db")" "seed $seed $name: database changed by a refused import"
    fi
  done < cases.tsv
  [ "$n" -ge 20 ] || fail "seed $seed: only $n cases generated"

  # A walked road as an ODK geotrace: one line of the trace's vertices.
  db=$(fresh "s$seed-trace")
  expect_ok "$VINFRA" import trace.csv --layer roads --db "$db"
  got=$(sql "$db" "select id, NumPoints(geom), printf('%.9f', X(StartPoint(geom))), printf('%.9f', Y(StartPoint(geom))), printf('%.9f', X(EndPoint(geom))), printf('%.9f', Y(EndPoint(geom))) from roads")
  assert_eq "$(cat trace.expect)" "$got" "seed $seed: geotrace"
  cd "$T"
done

# A header of two rows: 坐标 merged over 经度 and 纬度 (it was refused before).
python3 "$TESTS_DIR/badinput/make-xlsx.py" "$T/merged.xlsx" A1:B1 "坐标||编号|状态" "经度|纬度||" "109.26|34.0|L-1|built"
db=$(fresh merged)
expect_ok "$VINFRA" import "$T/merged.xlsx" --layer streetlights --db "$db"
assert_eq "L-1|built|109.26 34.0" "$(sql "$db" "select id, status, X(geom) || ' ' || printf('%.1f', Y(geom)) from streetlights")" "two-row header"
echo "sheets: every generated table imported or refused as expected"
