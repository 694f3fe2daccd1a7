#!/usr/bin/env bash
# vinfra backup: a copy through SQLite's backup API that passes vinfra
# check with the same content checksum and the same history; an existing
# file is never overwritten.
. "$TESTS_DIR/lib.sh"
set -e
. "$TESTS_DIR/history/fixtures.sh"

expect_ok "$VINFRA" edit roads R-大坪-001 --set status=hardened
sum=$(checksum)
expect_ok "$VINFRA" backup --to "$T/copy.sqlite" --lang en
assert_eq "backed up '$DB' to '$T/copy.sqlite' (content checksum $sum)" "$(cat "$T/out")" "backup summary"
expect_ok "$VINFRA" check --db "$T/copy.sqlite"
assert_eq "$sum" "$(checksum "$T/copy.sqlite")" "checksum of the copy"
"$VINFRA" history --format csv >"$T/h1"
"$VINFRA" history --format csv --db "$T/copy.sqlite" >"$T/h2"
cmp -s "$T/h1" "$T/h2" || fail "history of the copy"
[ ! -e "$T/copy.sqlite.partial" ] || fail "partial file left"
# The copy is a vinfra database like any: undo works on it.
expect_ok "$VINFRA" undo --db "$T/copy.sqlite"
expect_ok "$VINFRA" check --db "$T/copy.sqlite"

before=$(sha "$T/copy.sqlite")
expect_fail2 1 "vinfra: error: cannot back up to '$T/copy.sqlite': the file already exists" \
  "vinfra：错误：无法备份到 '$T/copy.sqlite'：文件已存在" \
  "$VINFRA" backup --to "$T/copy.sqlite"
assert_eq "$before" "$(sha "$T/copy.sqlite")" "existing file untouched"
expect_fail 2 "vinfra: error: backup: --to FILE is required" "$VINFRA" backup
expect_fail2 1 "vinfra: error: cannot back up '$DB' to '$T/no/such/dir/x.sqlite': unable to open database file" \
  "vinfra：错误：无法把 '$T/demo/demo.sqlite' 备份到 '$T/no/such/dir/x.sqlite'（SQLite：unable to open database file）" \
  "$VINFRA" backup --to "$T/no/such/dir/x.sqlite"
