#!/usr/bin/env bash
# A quantity beyond its plausible bounds (data/bounds.tsv) that reached the
# database around the import and edit checks (here by SQL) makes stats and
# coverage refuse to count, naming the feature, and 'vinfra check' report it:
# 9223372036854775807 members once printed 9223372036854786048 people and
# wrapped coverage's total to 9644 of 9645.
. "$TESTS_DIR/lib.sh"
set -e
need sqlite3
F="$TESTS_DIR/stats/fixtures"
DB="$T/stats.sqlite"
expect_ok "$VINFRA" init --db "$DB"
for layer in villages households; do
  expect_ok "$VINFRA" import --db "$DB" "$F/$layer.geojson" --layer "$layer"
done
sqlite3 "$DB" "update households set members = 9223372036854775807 where id = 'H1'"
expect_fail 1 "vinfra: error: cannot count feature \"H1\" of layer 'households': field \"members\": expected 1 to 30 人, got \"9223372036854775807\" (correct it with 'vinfra edit households H1 --set members=N')" \
  "$VINFRA" stats --db "$DB"
expect_fail 1 "vinfra: error: cannot count a household of 双龙村: field \"members\": expected 1 to 30 人, got \"9223372036854775807\" (find it with 'vinfra check', correct it with 'vinfra edit households ID --set members=N')" \
  "$VINFRA" coverage --db "$DB" --service water
VINFRA_LANG=en run "$VINFRA" check --db "$DB"
assert_contains "$T/out" "households: feature \"H1\" (fid 1): field \"members\": expected 1 to 30 人, got \"9223372036854775807\""
# Corrected with edit, every figure counts again.
expect_ok "$VINFRA" edit households H1 --set members=4 --db "$DB"
expect_ok "$VINFRA" stats --db "$DB"
expect_ok "$VINFRA" coverage --db "$DB" --service water
echo ok
