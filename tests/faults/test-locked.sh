#!/usr/bin/env bash
# A database another program holds an exclusive lock on (the sqlite3 shell
# inside BEGIN EXCLUSIVE): writing fails with a clear error once the wait for
# the lock runs out (VINFRA_BUSY_TIMEOUT_MS), reading goes on (WAL), and
# nothing is changed.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/faults/lib-faults.sh"
cd "$T"
cp "$BASE" db.sqlite


# The holder reads its commands from a pipe kept open until the end.
mkfifo holder.in
sqlite3 db.sqlite < holder.in > holder.out 2>&1 &
holder=$!
trap 'kill "$holder" 2>/dev/null || true; rm -rf "$T"' EXIT
exec 7> holder.in
printf 'BEGIN EXCLUSIVE;\nCREATE TABLE held(x);\n.print locked\n' >&7
# Wait as long as it takes (a loaded machine may be slow), while the shell lives.
until grep -q locked holder.out; do
  kill -0 "$holder" 2>/dev/null || { cat holder.out >&2; fail "the sqlite3 shell did not take the lock"; }
  sleep 0.1
done
before=$(sha db.sqlite)

VINFRA_BUSY_TIMEOUT_MS=500 expect_fail2 1 "vinfra: error: cannot import 'lights.geojson': database 'db.sqlite' is busy: another program is writing to it (waited 500 ms; try again later, or set VINFRA_BUSY_TIMEOUT_MS to wait longer)" \
  "vinfra：错误：无法导入 'lights.geojson'：数据库 'db.sqlite' 正忙：另一个程序正在写入（已等待 500 毫秒；请稍后再试，或设置 VINFRA_BUSY_TIMEOUT_MS 等待更久）" \
  "$VINFRA" import lights.geojson --layer streetlights --db db.sqlite
expect_ok "$VINFRA" stats --db db.sqlite --lang en
expect_ok "$VINFRA" import lights.geojson --layer streetlights --db db.sqlite --dry-run --lang en
assert_contains "$T/out" "$NLIGHTS would be written"
assert_eq "$before" "$(sha db.sqlite)" "database while locked"

# Once the holder lets go, the import goes through.
printf 'ROLLBACK;\n.quit\n' >&7
exec 7>&-
wait "$holder"
expect_ok "$VINFRA" import lights.geojson --layer streetlights --db db.sqlite --lang en
assert_contains "$T/out" "$NLIGHTS written"
check_db db.sqlite || fail "the database is damaged"
echo ok
