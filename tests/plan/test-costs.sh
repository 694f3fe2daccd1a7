#!/usr/bin/env bash
# data/costs.tsv: every default cost is what its row says it is, the funding
# of the demo ledger's projects linked to the layer's assets divided by the
# assets (or km, geodesic) they built, recomputed here with SQL on the demo
# database; and every layer a plan can place has a cost.
. "$TESTS_DIR/lib.sh"
set -e
need sqlite3
demo_db "$T/demo"
DB=$T/demo/demo.sqlite
python3 - "$VINFRA_DATADIR/costs.tsv" "$VINFRA_DATADIR/rules.tsv" >"$T/costs.sql" <<'PY'
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1], encoding="utf-8") if not l.startswith("#")]
head, rows = rows[0], rows[1:]
for r in rows:
    d = dict(zip(head, r))
    where = "1"
    if d["where"]:
        a, v = d["where"].split("=")
        where = f"{a} = '{v}'"
    units = "sum(GeodesicLength(geom)) / 1000" if d["unit"] == "km" else "count(*)"
    print(f"SELECT '{d['layer']}', '{d['where']}', {d['cost_wan']}, {d['projects']}, {d['units']}, "
          f"(SELECT count(DISTINCT project) FROM {d['layer']} WHERE project IS NOT NULL AND {where}), "
          f"(SELECT round({units}, 1) FROM {d['layer']} WHERE project IS NOT NULL AND {where}), "
          f"round((SELECT total(funding_wan) FROM projects WHERE id IN (SELECT project FROM {d['layer']} "
          f"WHERE project IS NOT NULL AND {where})) / (SELECT {units} FROM {d['layer']} "
          f"WHERE project IS NOT NULL AND {where}), 2);")
PY
sql "$DB" "$(cat "$T/costs.sql")" >"$T/costs.txt"
awk -F'|' '$3 + 0 != $8 + 0 || $4 != $6 || $5 + 0 != $7 + 0 { bad = 1; print $1 " " $2 ": the table says " $3 " 万元 from " $4 " projects and " $5 " units; the ledger gives " $8 " from " $6 " and " $7 > "/dev/stderr" } END { exit bad }' "$T/costs.txt" ||
  fail "a default cost is not the ledger's"
assert_eq 11 "$(wc -l <"$T/costs.txt")" "rows checked"
# Every point layer a rule serves with has a cost row.
for layer in $(awk -F'\t' '!/^#/ && NR > 1 && $4 != "roads" { print $4 }' "$VINFRA_DATADIR/rules.tsv" | sort -u); do
  case $layer in water_pipes|layer) continue ;; esac
  grep -q "^$layer	" "$VINFRA_DATADIR/costs.tsv" || fail "costs.tsv has no row for $layer"
done
echo ok
