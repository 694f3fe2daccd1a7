#!/usr/bin/env bash
# The writer thread of an import (src/import/import-write.c): when the store
# refuses a write the reader's checks did not foresee (here a trigger added to
# the test's store that RAISEs on one id), the import stops, names the file,
# the feature and the store's reason, exits non-zero and leaves the database
# byte-identical; the features still queued are freed (run under ASan/LSan
# to see it).
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
cd "${T:?}"

# 700 lights in 上雷村: more than one batch of the writer (256) before and after the refused one.
seeded_points lights.geojson 700 L- 5 109.26 109.29 33.99 34.01
db=$(fresh refused)
seeded_points first.geojson 1 F- 6 109.26 109.29 33.99 34.01
expect_ok "$VINFRA" import first.geojson --layer streetlights --db "$db"
for at in 0000 0300 0699; do
  sql "$db" "drop trigger if exists refuse_one; create trigger refuse_one before insert on streetlights when new.id = 'L-$at' begin select raise(abort, 'refused by the test'); end;"
  before=$(sha "$db")
  n=$((10#$at + 1))
  expect_fail 1 "vinfra: error: cannot import 'lights.geojson': feature $n (id \"L-$at\"): cannot insert feature \"L-$at\" into layer \"streetlights\" of '$db': refused by the test" \
    "$VINFRA" import lights.geojson --layer streetlights --db "$db"
  assert_eq "$before" "$(sha "$db")" "refused at L-$at: database"
  [ -s "$T/out" ] && fail "refused at L-$at: a summary was printed: $(cat "$T/out")"
done

# A file of several layers: the refusal names the source layer it was read from.
python3 "$TESTS_DIR/import/gen/multilayer.py" . 3 || fail "generator"
db=$(fresh refused-kml)
lights=$(awk -F'\t' '$1 == "villages.kml" && $2 == "streetlights" { n++ } END { print n }' placed.tsv)
# The lights' table made by a first import, so that the trigger has one.
expect_ok "$VINFRA" import first.geojson --layer streetlights --db "$db"
sql "$db" "create trigger refuse_one before insert on streetlights when new.name = '路灯$lights' begin select raise(abort, 'disk full (test)'); end;"
before=$(sha "$db")
expect_fail 1 "vinfra: error: cannot import 'villages.kml:路灯': feature $lights: cannot insert feature \"villages-$lights\" into layer \"streetlights\" of '$db': disk full (test)" \
  "$VINFRA" import villages.kml --db "$db"
assert_eq "$before" "$(sha "$db")" "villages.kml refused: database"
