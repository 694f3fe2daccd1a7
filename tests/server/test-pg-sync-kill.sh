#!/usr/bin/env bash
# Cuts of push and pull (src/sync/): the client killed (kill -9, by the
# killshim at its k-th write to a file or a socket) before, during and
# after the server's commit of a push, and during a pull; the server's
# backend terminated in the middle of a push.  After each, a second push
# or pull ends in the same state as an uninterrupted one: the push applied
# once, the copy with nothing left to send.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/pgserver.sh"
SHIM=${1:?usage: test-pg-sync-kill.sh KILLSHIM.so}
[ -f "$SHIM" ] || fail "no kill shim at $SHIM"
pg_start
D="$VINFRA_DATADIR/demo"
BASE=$(pg_db base)
expect_ok "$VINFRA" init --db "$BASE"
expect_ok "$VINFRA" import --db "$BASE" "$D/villages.geojson" --layer villages -q
expect_ok "$VINFRA" import --db "$BASE" --ledger "$D/ledger.csv" -q
for l in roads streetlights; do
  expect_ok "$VINFRA" import --db "$BASE" "$D/$l.geojson" --layer $l --village-field village -q
done
# A copy with offline edits, kept as the start of every cut.
expect_ok "$VINFRA" checkout --db "$BASE" --village 上雷村 --out "$T/edited.sqlite"
expect_ok "$VINFRA" edit --db "$T/edited.sqlite" roads R-上雷-001 --set name=离线改名 --set year=2022
expect_ok "$VINFRA" delete --db "$T/edited.sqlite" streetlights LD-上雷-0001
expect_ok "$VINFRA" delete --db "$T/edited.sqlite" streetlights LD-上雷-0002
# A copy taken before the office's changes, for the pulls.
expect_ok "$VINFRA" checkout --db "$BASE" --village 上雷村 --out "$T/stale.sqlite"

n=0
# server NAME: a database NAME made from base; prints its name.
server() { createdb -h "$PG_DIR" -U vinfra_admin -T base "$1" || fail "createdb $1"; echo "postgresql:///$1?host=$PG_DIR"; }
state() { "$VINFRA" stats --db "$1" --village 上雷村 --format csv; }
pushes() { pg_sql "$1" "SELECT count(*) FROM history WHERE action = 'push'"; }

# The uninterrupted push.
REF=$(server ref)
cp "$T/edited.sqlite" "$T/ref.sqlite"
expect_ok "$VINFRA" push --db "$T/ref.sqlite" --server "$REF" --lang en
assert_contains "$T/out" "0 added, 1 changed, 2 deleted"
ref_state=$(state "$REF")

# same DB COPY WHAT: after the cut and a second push, DB and COPY are as
# the uninterrupted push left the reference.
replayed=0 resent=0
same() {
  expect_ok "$VINFRA" push --db "$2" --server "$1" --lang en
  if grep -q "had reached the server" "$T/out"; then replayed=$((replayed + 1)); else resent=$((resent + 1)); fi
  assert_eq "$ref_state" "$(state "$1")" "$3: the server's data"
  assert_eq 1 "$(pushes "${1#postgresql:///}")" "$3: pushes in the server's history"
  expect_ok "$VINFRA" push --db "$2" --server "$1" --lang en
  assert_contains "$T/out" "nothing to push"
  assert_eq "$ref_state" "$(state "$2")" "$3: the copy's data"
  expect_ok "$VINFRA" check --db "$1"
  expect_ok "$VINFRA" check --db "$2"
}
pushes() { pg_sql "${1%%\?*}" "SELECT count(*) FROM history WHERE action = 'push'"; }

# How many writes and sends a push makes.
COUNT=$(server count)
cp "$T/edited.sqlite" "$T/count.sqlite"
LD_PRELOAD=$SHIM VINFRA_KILL_SOCKETS=1 VINFRA_KILL_COUNT="$T/calls" \
  expect_ok "$VINFRA" push --db "$T/count.sqlite" --server "$COUNT"
total=$(cat "$T/calls")
[ "$total" -gt 10 ] || fail "the shim counted only $total writes and sends: is it preloaded?"

# Kill points spread over the push, and the last ten (the commit, its
# answer, and the copy's record of it) each.
ks=$(python3 -c "import sys; t=int(sys.argv[1]); print(' '.join(str(v) for v in sorted({1 + i * (t - 1) // 14 for i in range(15)} | set(range(max(1, t - 9), t + 1)))))" "$total")
for k in $ks; do
  db=$(server "k$k")
  cp "$T/edited.sqlite" "$T/k.sqlite"
  rm -f "$T/k.sqlite-wal" "$T/k.sqlite-shm"
  run env LD_PRELOAD="$SHIM" VINFRA_KILL_SOCKETS=1 VINFRA_KILL_AT="$k" "$VINFRA" push --db "$T/k.sqlite" --server "$db"
  [ "$RC" -eq 137 ] || { cat "$T/err" >&2; fail "push cut at $k of $total: expected exit 137, got $RC"; }
  same "$db" "$T/k.sqlite" "push cut at $k of $total"
  dropdb -h "$PG_DIR" -U vinfra_admin "k$k"
  n=$((n + 1))
done

# Some cuts came after the server's commit (the push was recognised by its
# id and not applied again), some before it (the push was sent again).
[ "$replayed" -gt 0 ] || fail "no cut came after the server's commit"
[ "$resent" -gt 0 ] || fail "no cut came before the server's commit"

# The server's backend terminated in the middle of a push: at the push's
# history row, inside its transaction.
db=$(server term)
pg_sql term "CREATE FUNCTION die() RETURNS trigger LANGUAGE plpgsql AS \$\$ BEGIN
  IF NEW.action = 'push' THEN PERFORM pg_terminate_backend(pg_backend_pid()); END IF; RETURN NEW; END \$\$;
  CREATE TRIGGER die BEFORE INSERT ON history FOR EACH ROW EXECUTE FUNCTION die();" >/dev/null
cp "$T/edited.sqlite" "$T/term.sqlite"
run "$VINFRA" push --db "$T/term.sqlite" --server "$db"
assert_eq 1 "$RC" "a push whose server backend was terminated"
assert_contains "$T/err" "connection"
assert_eq 0 "$(pushes "$db")" "the terminated push left nothing on the server"
pg_sql term "DROP TRIGGER die ON history" >/dev/null
same "$db" "$T/term.sqlite" "push with its backend terminated"

# Pulls killed at their k-th write: the copy is as before, and a second
# pull ends as an uninterrupted one.
expect_ok "$VINFRA" edit --db "$REF" roads R-上雷-002 --set name=服务器改名
cp "$T/stale.sqlite" "$T/pull-ref.sqlite"
expect_ok "$VINFRA" pull --db "$T/pull-ref.sqlite" --server "$REF"
pull_state=$(state "$T/pull-ref.sqlite")
cp "$T/stale.sqlite" "$T/pull-count.sqlite"
LD_PRELOAD=$SHIM VINFRA_KILL_COUNT="$T/pcalls" expect_ok "$VINFRA" pull --db "$T/pull-count.sqlite" --server "$REF"
ptotal=$(cat "$T/pcalls")
stale_state=$(state "$T/stale.sqlite")
for k in $(python3 -c "import sys; t=int(sys.argv[1]); print(' '.join(str(v) for v in sorted({1 + i * (t - 1) // 9 for i in range(10)})))" "$ptotal"); do
  cp "$T/stale.sqlite" "$T/p.sqlite"
  rm -f "$T/p.sqlite-wal" "$T/p.sqlite-shm"
  run env LD_PRELOAD="$SHIM" VINFRA_KILL_AT="$k" "$VINFRA" pull --db "$T/p.sqlite" --server "$REF"
  [ "$RC" -eq 137 ] || { cat "$T/err" >&2; fail "pull cut at $k of $ptotal: expected exit 137, got $RC"; }
  now=$(state "$T/p.sqlite")
  [ "$now" = "$stale_state" ] || [ "$now" = "$pull_state" ] || fail "pull cut at $k: the copy is half pulled"
  expect_ok "$VINFRA" pull --db "$T/p.sqlite" --server "$REF"
  assert_eq "$pull_state" "$(state "$T/p.sqlite")" "pull cut at $k of $ptotal, pulled again"
  expect_ok "$VINFRA" check --db "$T/p.sqlite"
  n=$((n + 1))
done
echo "$n cuts of push and pull, each ending as an uninterrupted one ($replayed pushes found on the server when sent again, $resent sent again)"
