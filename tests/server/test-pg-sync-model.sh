#!/usr/bin/env bash
# A model-based test of offline copies: two copies of 上雷村 and the server,
# seeded random edits, deletes, pushes, pulls and resolves in random order,
# compared after every step with a reference model (sync-model.py).
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/pgserver.sh"
pg_start
D="$VINFRA_DATADIR/demo"
for seed in 1 2 3; do
  PG=$(pg_db "m$seed")
  expect_ok "$VINFRA" init --db "$PG"
  expect_ok "$VINFRA" import --db "$PG" "$D/villages.geojson" --layer villages -q
  expect_ok "$VINFRA" import --db "$PG" --ledger "$D/ledger.csv" -q
  expect_ok "$VINFRA" import --db "$PG" "$D/roads.geojson" --layer roads --village-field village -q
  expect_ok "$VINFRA" checkout --db "$PG" --village 上雷村 --out "$T/a$seed.sqlite"
  expect_ok "$VINFRA" checkout --db "$PG" --village 上雷村 --out "$T/b$seed.sqlite"
  python3 "$TESTS_DIR/server/sync-model.py" "$VINFRA" "$PG" "$T/a$seed.sqlite" "$T/b$seed.sqlite" "$seed" 50 ||
    fail "the model and the stores differ (seed $seed)"
done
