#!/usr/bin/env bash
# Two writers: while another program holds the write lock, a vinfra change
# waits for it (busy timeout) and then succeeds; with a short timeout
# ($VINFRA_BUSY_TIMEOUT_MS) it says plainly that the database is busy and
# changes nothing.  Readers and backups do not wait for a writer, and a
# backup holds none of its uncommitted change.
. "$TESTS_DIR/lib.sh"
set -e
. "$TESTS_DIR/history/fixtures.sh"

# hold [rollback]: another program takes the write lock until "release".
hold() {
  rm -f "$T/ready" "$T/release"
  python3 "$TESTS_DIR/history/hold-lock.py" "$DB" "$T/ready" "$T/release" "$@" &
  HOLDER=$!
  while [ ! -e "$T/ready" ]; do
    kill -0 "$HOLDER" 2>/dev/null || fail "the lock holder died"
    sleep 0.05
  done
}
release() { touch "$T/release"; wait "$HOLDER"; }

# A short timeout: the busy message, nothing written.
hold rollback
before=$(checksum)
expect_busy "$DB" edit roads R-大坪-001 --set year=2020
expect_busy "$DB" undo
# Readers and backups go on meanwhile, and see only committed data.
expect_ok "$VINFRA" stats --layer roads
expect_ok "$VINFRA" backup --to "$T/during.sqlite"
assert_eq 0 "$(sqlite3 "$T/during.sqlite" "SELECT count(*) FROM roads WHERE name LIKE '%(held)'")" "backup without the uncommitted change"
release
assert_eq "$before" "$(checksum)" "nothing written while busy"
assert_eq "$before" "$(checksum "$T/during.sqlite")" "the backup made while busy"

# A writer waits, then succeeds.  Its wait is made longer than any test
# could take, so a loaded machine cannot make it run out; the pause only
# gives the edit time to reach the lock (if it has not, the check proves
# less, but does not fail).
hold
VINFRA_BUSY_TIMEOUT_MS=3600000 "$VINFRA" edit roads R-大坪-001 --set year=2020 >"$T/edit.out" 2>"$T/edit.err" &
EDITOR=$!
sleep 1
kill -0 "$EDITOR" 2>/dev/null || { cat "$T/edit.err"; fail "the edit did not wait for the lock"; }
release
wait "$EDITOR" || { cat "$T/edit.err"; fail "the waiting edit failed"; }
assert_eq "2020" "$(sqlite3 "$DB" "SELECT year FROM roads WHERE id = 'R-大坪-001'")" "the waiting edit"
assert_eq 1 "$(sqlite3 "$DB" "SELECT count(*) FROM roads WHERE name LIKE '%(held)'")" "the holder's write"
