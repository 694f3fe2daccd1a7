#!/usr/bin/env bash
# The bad-input corpus: every row of manifest.tsv runs vinfra on one broken
# input (inputs/, or made by make-inputs.sh) and must exit non-zero with its
# exact message, in English and in Chinese (the default language, with no
# English sentence in it), leaving the database byte-identical.  All rows
# run; the failures are listed together.
. "$TESTS_DIR/lib.sh"
need ogr2ogr
need python3
here="$TESTS_DIR/badinput"
W="$T/work"
mkdir "$W"
cp "$here"/inputs/* "$W/"
bash "$here/make-inputs.sh" "$W" >/dev/null 2>&1 || fail "make-inputs.sh failed"
cd "$W"   # messages then name the files as a user types them

# A database with the two test villages and their roads (for ids already stored).
export VINFRA_DB="$W/db.sqlite"
expect_ok "$VINFRA" init
expect_ok "$VINFRA" import "$TESTS_DIR/import/villages.geojson" --layer villages
expect_ok "$VINFRA" import "$TESTS_DIR/import/roads.geojson" --layer roads

rows=0 failed=0
while IFS=$'\t' read -r file args code msg msg_zh; do
  case "$file" in '#'* | file | '') continue ;; esac
  rows=$((rows + 1))
  [ "$file" = - ] || [ -e "$file" ] || [ "$file" = none.geojson ] ||
    { echo "row $rows: no input '$file'" >&2; failed=$((failed + 1)); continue; }
  read -ra words <<<"${args//@/$file}"
  envs=()
  while [[ "${words[0]}" == *=* ]]; do envs+=("${words[0]}"); words=("${words[@]:1}"); done
  before=$(sha db.sqlite)
  run env VINFRA_LANG=en "${envs[@]}" "$VINFRA" "${words[@]}"
  problem=
  if [ "$RC" -eq 0 ] || [ "$RC" -ne "$code" ]; then
    problem="expected exit $code, got $RC"
  elif ! grep -qxF -- "$msg" "$T/err"; then
    problem="expected the line: $msg"
  elif [ "$before" != "$(sha db.sqlite)" ]; then
    problem="the database changed"
  else
    run env VINFRA_LANG= "${envs[@]}" "$VINFRA" "${words[@]}"
    if [ "$RC" -ne "$code" ]; then
      problem="in Chinese: expected exit $code, got $RC"
    elif [ -n "${msg_zh:-}" ] && ! grep -qxF -- "$msg_zh" "$T/err"; then
      problem="in Chinese: expected the line: $msg_zh"
    elif ! python3 "$TESTS_DIR/no-english.py" "$T/err" 2>"$T/english"; then
      problem="in Chinese: $(cat "$T/english")"
    elif [ "$before" != "$(sha db.sqlite)" ]; then
      problem="the database changed (Chinese run)"
    fi
  fi
  if [ -n "$problem" ]; then
    echo "row $rows ($file: vinfra ${words[*]}): $problem" >&2
    sed 's/^/    /' "$T/err" >&2
    failed=$((failed + 1))
  fi
done < "$here/manifest.tsv"
[ "$rows" -ge 40 ] || fail "only $rows rows in manifest.tsv"
[ "$failed" -eq 0 ] || fail "$failed of $rows bad inputs not rejected as expected"
echo "$rows bad inputs rejected with their exact messages in English and Chinese; the database unchanged"
