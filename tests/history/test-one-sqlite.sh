#!/usr/bin/env bash
# One SQLite library in each binary: ldd of vinfra and vinfra-gdal lists
# libsqlite3 exactly once, and no other library they load defines SQLite's
# functions itself (an SQLite compiled into GDAL or SpatiaLite would keep
# its own locks).  test-one-sqlite.c checks the library GDAL and SpatiaLite
# run is the one the process links.
. "$TESTS_DIR/lib.sh"
set -e
need ldd
need nm
for exe in "$VINFRA" "$VINFRA_BUILDDIR/src/vinfra-gdal"; do
  ldd "$exe" >"$T/ldd"
  assert_eq 1 "$(grep -c 'libsqlite3\.so' "$T/ldd")" "libsqlite3 in ldd of $exe"
  others=$(awk '$2 == "=>" && $3 ~ /^\// && $3 !~ /libsqlite3\.so/ { print $3 }' "$T/ldd")
  [ -n "$others" ] || fail "ldd of $exe lists no libraries besides libsqlite3"
  # nm must read every library: a library it cannot read is one not checked.
  # shellcheck disable=SC2086
  nm -D --defined-only -A $others >"$T/nm" 2>"$T/nm.err" ||
    { cat "$T/nm.err" >&2; fail "nm cannot read the libraries $exe loads"; }
  own=$(grep -w 'sqlite3_sourceid' "$T/nm" | cut -d: -f1 || true)
  [ -z "$own" ] || fail "$own (loaded by $exe) has an SQLite of its own"
  nm -D --defined-only "$(grep 'libsqlite3\.so' "$T/ldd" | awk '{ print $3 }')" >"$T/nm" 2>"$T/nm.err" ||
    { cat "$T/nm.err" >&2; fail "nm cannot read libsqlite3 of $exe"; }
  grep -qw sqlite3_sourceid "$T/nm" || fail "libsqlite3 does not define sqlite3_sourceid"
done
