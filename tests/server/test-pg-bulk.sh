#!/usr/bin/env bash
# An import into PostGIS streams its features with COPY (pg-bulk.c) and
# leaves the same database as one INSERT a feature (VINFRA_PG_COPY=0): the
# same rows, fids, change log, history and figures, across the flushes of
# a layer of more than one batch.  A row the server refuses fails the
# import with the layer, the feature when the server names the row, and
# the server's words, and leaves nothing written; a bulk import undoes.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/pgserver.sh"
pg_start
BULK=$(pg_db bulk)
ROW=$(pg_db rowwise)
D="$VINFRA_DATADIR/demo"

# More streetlights than one COPY batch (10,000 rows) holds, in 大坪村.
seeded_points "$T/lights.geojson" 10100 LX- 7 109.36 109.39 34.06 34.12
# Text that COPY's text form escapes, and a null.
cat >"$T/odd.geojson" <<'EOF'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "ODD\\1", "status": "built", "name": "C:\\灯\\N 1"}, "geometry": {"type": "Point", "coordinates": [109.37, 34.07]}},
{"type": "Feature", "properties": {"id": "ODD-2", "status": "built", "name": null}, "geometry": {"type": "Point", "coordinates": [109.37, 34.08]}}]}
EOF

# load DB: points, lines, polygons and the ledger they refer to, then the
# many lights.
load() {
  expect_ok "$VINFRA" init --db "$1"
  expect_ok "$VINFRA" import --db "$1" "$D/villages.geojson" --layer villages -q
  expect_ok "$VINFRA" import --db "$1" --ledger "$D/ledger.csv" -q
  local layer
  for layer in households roads water_pipes streetlights; do
    expect_ok "$VINFRA" import --db "$1" "$D/$layer.geojson" --layer $layer --village-field village -q
  done
  expect_ok "$VINFRA" import --db "$1" "$T/odd.geojson" --layer streetlights -q
  expect_ok "$VINFRA" stats --db "$1" --format json
  cp "$T/out" "$T/before-lights-${1##*/}"
  expect_ok "$VINFRA" import --db "$1" "$T/lights.geojson" --layer streetlights -q
}
load "$BULK"
VINFRA_PG_COPY=0 load "$ROW"

# dump DB: every table's rows as the server holds them (fids, geometry as
# EWKB), the change log and the history, without the times of day; the
# sequences too, unless the second argument is "rows".
dump() {
  local db=${1%%\?*} t
  db=${db##*/}
  for t in $(pg_sql "$db" "SELECT table_name FROM information_schema.columns WHERE
      table_schema = 'public' AND column_name = 'fid' ORDER BY 1"); do
    echo "$t $(pg_sql "$db" "SELECT count(*), md5(string_agg(t::text, '|' ORDER BY fid)) FROM \"$t\" t")"
  done
  pg_sql "$db" "SELECT id, path, layer, sha256, features FROM imports ORDER BY id"
  pg_sql "$db" "SELECT md5(string_agg(p::text, '|' ORDER BY id)) FROM projects p"
  pg_sql "$db" "SELECT count(*), md5(string_agg(concat_ws(',', change_id, seq, tbl, row, op,
      old - 'imported_at'), '|' ORDER BY seq)) FROM change_log"
  pg_sql "$db" "SELECT id, action, layer, added, changed, deleted, source_sha256, detail
      FROM history ORDER BY id"
  # A refused transaction still draws from the sequences, as on any server.
  [ "${2:-}" = rows ] ||
    pg_sql "$db" "SELECT last_value FROM vinfra_fid UNION ALL SELECT last_value FROM change_log_seq"
}
dump "$BULK" >"$T/bulk.dump"
dump "$ROW" >"$T/row.dump"
diff -u "$T/row.dump" "$T/bulk.dump" >&2 || fail "a bulk import and a row-by-row one leave different databases"
assert_contains "$T/bulk.dump" "streetlights 10955|"
assert_eq 'C:\灯\N 1' "$(pg_sql bulk "SELECT name FROM streetlights WHERE id = 'ODD\1'")" "a name with backslashes"

# The same figures and history through vinfra.
for db in "$BULK" "$ROW"; do
  "$VINFRA" stats --db "$db" --format json >"$T/stats-${db##*/}"
  "$VINFRA" history --db "$db" --format csv | cut -d, -f1,5-11 >"$T/history-${db##*/}"
done
cmp -s "$T/stats-${BULK##*/}" "$T/stats-${ROW##*/}" || fail "stats differ"
cmp -s "$T/history-${BULK##*/}" "$T/history-${ROW##*/}" || fail "history differs"
expect_ok "$VINFRA" check --db "$BULK" --lang en

# Undo of the bulk import: the figures of before it, and the same
# database as the row-by-row one undone.
expect_ok "$VINFRA" undo --db "$BULK"
VINFRA_PG_COPY=0 expect_ok "$VINFRA" undo --db "$ROW"
expect_ok "$VINFRA" stats --db "$BULK" --format json
cmp -s "$T/out" "$T/before-lights-${BULK##*/}" || fail "stats after the undo differ from before the import"
dump "$BULK" >"$T/bulk.dump"
dump "$ROW" >"$T/row.dump"
diff -u "$T/row.dump" "$T/bulk.dump" >&2 || fail "the undone databases differ"

# A row the server refuses (ids that differ only in case, under a unique
# index the server has and vinfra's checks do not know): the import fails
# naming the layer and the server's words, and nothing is written.
pg_sql bulk "CREATE UNIQUE INDEX streetlights_lower_id ON streetlights (lower(id))"
cat >"$T/dup.geojson" <<'EOF'
{"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {"id": "DUP-1", "status": "built"}, "geometry": {"type": "Point", "coordinates": [109.37, 34.07]}},
{"type": "Feature", "properties": {"id": "DUP-2", "status": "built"}, "geometry": {"type": "Point", "coordinates": [109.37, 34.08]}},
{"type": "Feature", "properties": {"id": "dup-1", "status": "built"}, "geometry": {"type": "Point", "coordinates": [109.38, 34.09]}}]}
EOF
dump "$BULK" rows >"$T/before.dump"
"$VINFRA" stats --db "$BULK" --format json >"$T/stats-before"
expect_fail2 1 "vinfra: error: cannot import '$T/dup.geojson': cannot insert the features of layer \"streetlights\" in '$BULK': PostgreSQL: duplicate key value violates unique constraint \"streetlights_lower_id\" (Key (lower(id))=(dup-1) already exists.)" \
  "vinfra：错误：无法导入 '$T/dup.geojson'：无法插入图层 \"streetlights\" 的要素（'$BULK'）：PostgreSQL：duplicate key value violates unique constraint \"streetlights_lower_id\" (Key (lower(id))=(dup-1) already exists.)" \
  "$VINFRA" import --db "$BULK" "$T/dup.geojson" --layer streetlights
dump "$BULK" rows >"$T/after.dump"
diff -u "$T/before.dump" "$T/after.dump" >&2 || fail "a refused import wrote to the database"
"$VINFRA" stats --db "$BULK" --format json >"$T/stats-after"
cmp -s "$T/stats-before" "$T/stats-after" || fail "a refused import changed the figures"

# A value the server refuses as COPY reads it names the feature, as one
# INSERT a feature does.
pg_sql bulk "ALTER TABLE streetlights ALTER COLUMN name TYPE varchar(8)"
sed 's/"status": "built"}/"status": "built", "name": "a long name"}/; s/dup-1/DUP-3/' "$T/dup.geojson" >"$T/long.geojson"
expect_fail 1 "vinfra: error: cannot import '$T/long.geojson': cannot insert feature \"DUP-1\" into layer \"streetlights\" in '$BULK': PostgreSQL: value too long for type character varying(8)" \
  "$VINFRA" import --db "$BULK" "$T/long.geojson" --layer streetlights
dump "$BULK" rows >"$T/after.dump"
diff -u "$T/before.dump" "$T/after.dump" >&2 || fail "a refused import wrote to the database"

# A role the database allows no temporary tables (the staging tables)
# imports row by row, logged as ever.
expect_ok "$VINFRA" users add clerk --role office --db "$BULK"
pg_sql bulk "REVOKE TEMPORARY ON DATABASE bulk FROM PUBLIC"
seeded_points "$T/clerk.geojson" 3 CL- 8 109.36 109.39 34.06 34.12
expect_ok "$VINFRA" import --db "$BULK&user=clerk" "$T/clerk.geojson" --layer streetlights -q
assert_eq 3 "$(pg_sql bulk "SELECT count(*) FROM change_log c JOIN history h ON h.id = c.change_id
  WHERE h.id = (SELECT max(id) FROM history) AND c.tbl = 'streetlights' AND c.op = 'insert'")" \
  "inserts logged for the role without temporary tables"
