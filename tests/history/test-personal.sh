#!/usr/bin/env bash
# Personal values (fields marked personal in data/attributes.tsv) never show
# in what vinfra edit prints, in its error messages, in the history (every
# format) or in the history table's command line and detail; undo still
# puts back the exact old values (the change log keeps them, in the same
# file as the households table).
. "$TESTS_DIR/lib.sh"
set -e
. "$TESTS_DIR/history/fixtures.sh"

H=HH-上雷-0001
OLD_PHONE=$(sqlite3 "$DB" "SELECT phone FROM households WHERE id='$H'")
OLD_IDN=$(sqlite3 "$DB" "SELECT id_number FROM households WHERE id='$H'")
PHONE=13912345678
IDN=11010519491231002X

# no_values FILE WHAT: FILE holds neither new value.
no_values() {
  if grep -qF -e "$PHONE" -e "$IDN" "$1"; then cat "$1" >&2; fail "$2 shows a personal value"; fi
}

expect_ok "$VINFRA" edit --lang en households "$H" --set phone=$PHONE --set=id_number=$IDN --set members=5
assert_contains "$T/out" "phone=(personal, hidden), id_number=(personal, hidden), members=5"
no_values "$T/out" "edit's output"; no_values "$T/err" "edit's errors"
for f in table csv json; do
  expect_ok "$VINFRA" history --format $f
  no_values "$T/out" "history --format $f"
done
sqlite3 "$DB" "SELECT command_line, detail FROM history" >"$T/hist"
no_values "$T/hist" "the history table"
assert_contains "$T/hist" "--set 'phone=(personal, hidden)'"
assert_eq "$PHONE|$IDN" "$(sqlite3 "$DB" "SELECT phone, id_number FROM households WHERE id='$H'")" "values after edit"

# A refused personal value is not echoed.
expect_fail2 1 "vinfra: error: edit: cannot edit households feature \"$H\": field \"members\": expected an integer, got \"x\"" \
  "vinfra：错误：edit：无法编辑 households 要素 \"HH-上雷-0001\"：字段 \"members\"：应为整数，实为 \"x\"" \
  "$VINFRA" edit households "$H" --set members=x
before=$(sha "$DB")
run "$VINFRA" edit households "$H" --set phone=$'1391234567\x01'
[ "$RC" -eq 1 ] || fail "control character in a phone: exit $RC"
assert_eq "$before" "$(sha "$DB")" "database after a refused edit"

# Undo puts back the exact old values; redo (undo of the undo) the new ones.
expect_ok "$VINFRA" undo
no_values "$T/out" "undo's output"
assert_eq "$OLD_PHONE|$OLD_IDN" "$(sqlite3 "$DB" "SELECT phone, id_number FROM households WHERE id='$H'")" "values after undo"
UNDO=$(sqlite3 "$DB" "SELECT max(id) FROM history")
expect_ok "$VINFRA" undo --change "$UNDO"
assert_eq "$PHONE|$IDN" "$(sqlite3 "$DB" "SELECT phone, id_number FROM households WHERE id='$H'")" "values after redo"

# Deleting a household keeps only its id in the history's detail.
expect_ok "$VINFRA" delete households "$H"
no_values "$T/out" "delete's output"
for f in table csv json; do
  expect_ok "$VINFRA" history --format $f
  no_values "$T/out" "history --format $f after delete"
done
expect_ok "$VINFRA" undo
assert_eq "$PHONE|$IDN" "$(sqlite3 "$DB" "SELECT phone, id_number FROM households WHERE id='$H'")" "values after undoing the delete"
