#!/usr/bin/env bash
# The same commands on both stores give the same figures: the demo dataset
# imported into a SpatiaLite file and into a PostGIS database on a private
# server (tests/pgserver.sh), then every reporting command, export, edit,
# delete, history, undo and check run on each, their outputs compared with
# the database's name taken out.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/pgserver.sh"
pg_start
PG=$(pg_db lantian)
SL="$T/lantian.sqlite"

demo_load "$SL"
demo_load "$PG"

# same NAME CMD...: CMD on both stores prints the same (names taken out,
# and what the sed command $MASK takes out: the content checksum is each
# backend's own).
same() {
  local name=$1; shift
  run "$VINFRA" "$@" --db "$SL"
  local rc_sl=$RC
  sed "s|$SL|DB|g; ${MASK:-}" "$T/out" >"$T/sl.out"
  sed "s|$SL|DB|g" "$T/err" >"$T/sl.err"
  run "$VINFRA" "$@" --db "$PG"
  sed "s|$PG|DB|g; ${MASK:-}" "$T/out" >"$T/pg.out"
  sed "s|$PG|DB|g" "$T/err" >"$T/pg.err"
  assert_eq "$rc_sl" "$RC" "$name: exit code"
  diff -u "$T/sl.out" "$T/pg.out" >&2 || fail "$name: the stores print different results"
  diff -u "$T/sl.err" "$T/pg.err" >&2 || fail "$name: the stores print different messages"
}

# The report's figures on the server.
expect_ok "$VINFRA" stats --db "$PG" --lang en
for want in "2934" "236" "4590" "853"; do assert_contains "$T/out" "$want"; done
for f in table csv json md; do same "stats --format $f" stats --format $f; done
same "stats of a village" stats --village 上雷村
for s in clinic water signal streetlight road elderly culture; do
  same "coverage $s" coverage --service $s --format json
done
same "coverage, every service" coverage
same "coverage by road" coverage --service clinic --by road
same "gaps" gaps --service clinic --format json
same "plan" plan --service clinic --add 2 --format json
same "plan within a budget by road" plan --service clinic --budget 50 --by road --format json
# As of a year, and what changed: the store's year filter on both backends.
same "stats as of 2018" stats --as-of 2018 --format json
same "coverage as of 2017" coverage --as-of 2017 --format json
same "gaps as of 2018" gaps --service clinic --as-of 2018 --format json
same "impact" impact --format json
same "layers" layers
MASK="/^内容校验和：/d" same "check" check

# Exports: the same files (the manifest holds times and paths).
for p in transport water health telecom; do
  expect_ok "$VINFRA" export --db "$SL" --profile $p --format csv --out "$T/sl-$p"
  expect_ok "$VINFRA" export --db "$PG" --profile $p --format csv --out "$T/pg-$p"
  for f in "$T/sl-$p"/*.csv; do
    cmp -s "$f" "$T/pg-$p/$(basename "$f")" || { diff "$f" "$T/pg-$p/$(basename "$f")" | head >&2; fail "export $p: $(basename "$f") differs"; }
  done
done
expect_ok "$VINFRA" export --db "$SL" --profile all --format gpkg --out "$T/sl-all"
expect_ok "$VINFRA" export --db "$PG" --profile all --format gpkg --out "$T/pg-all"
for f in "$T/sl-all"/*.gpkg; do
  ogrinfo -ro -al -q "$f" | grep -v '^INFO' >"$T/sl-gpkg.txt"
  ogrinfo -ro -al -q "$T/pg-all/$(basename "$f")" | grep -v '^INFO' >"$T/pg-gpkg.txt"
  diff -q "$T/sl-gpkg.txt" "$T/pg-gpkg.txt" >/dev/null || fail "export all: $(basename "$f") differs"
done

# Maps and the atlas: the same text (the footer names the database: the
# file, or the server database "lantian（PostgreSQL）").
for m in village coverage gaps overview; do
  args=(--map $m --village 上雷村 --service clinic)
  [ $m != overview ] || args=(--map overview)
  [ $m != village ] || args=(--map village --village 上雷村)
  expect_ok "$VINFRA" render --db "$SL" "${args[@]}" --out "$T/sl-$m.pdf"
  expect_ok "$VINFRA" render --db "$PG" "${args[@]}" --out "$T/pg-$m.pdf"
  pdftotext -raw "$T/sl-$m.pdf" - | sed "s|数据来源：.*比例尺|数据来源：DB 比例尺|" >"$T/sl-$m.txt"
  pdftotext -raw "$T/pg-$m.pdf" - | sed "s|数据来源：.*比例尺|数据来源：DB 比例尺|" >"$T/pg-$m.txt"
  diff -u "$T/sl-$m.txt" "$T/pg-$m.txt" >&2 || fail "render --map $m: the maps differ"
  [ $m != village ] || pdftotext "$T/pg-$m.pdf" - | tr -d ' ' | grep -q "数据来源：lantian（PostgreSQL）" ||
    fail "the footer does not name the server database"
done
expect_ok "$VINFRA" atlas --db "$SL" --out "$T/sl-atlas.pdf"
expect_ok "$VINFRA" atlas --db "$PG" --out "$T/pg-atlas.pdf"
pdftotext -raw "$T/sl-atlas.pdf" - | sed "s|数据来源：.*比例尺|数据来源：DB 比例尺|" >"$T/sl-atlas.txt"
pdftotext -raw "$T/pg-atlas.pdf" - | sed "s|数据来源：.*比例尺|数据来源：DB 比例尺|" >"$T/pg-atlas.txt"
diff -u "$T/sl-atlas.txt" "$T/pg-atlas.txt" >&2 || fail "atlas: the atlases differ"

# Edits, deletes, a plan saved, and their undo, alike on both.
same "edit" edit roads R-上雷-001 --set name=村道一号 --set year=2020
same "edit refused" edit roads R-上雷-001 --set year=abc
same "edit of a missing feature" edit roads NO-SUCH --set name=x
same "delete" delete streetlights LD-上雷-0001
same "plan --save" plan --service clinic --add 1 --save
same "stats after" stats
same "undo" undo
same "undo again" undo
same "undo of init" undo --change 1
same "stats after undo" stats
# History: the same changes, counts and details (times and hosts differ).
for db in "$SL" "$PG"; do
  "$VINFRA" history --db "$db" --format csv | cut -d, -f1,5-11 | sed "s|$db|DB|g; s|/[sp][lg]-|/X-|" >"$T/h-$(basename "$db")"
done
diff -u "$T/h-lantian.sqlite" "$T/h-$(basename "$PG")" >&2 || fail "history differs"
MASK="/^内容校验和：/d" same "check after" check
