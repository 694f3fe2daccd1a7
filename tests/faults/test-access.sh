#!/usr/bin/env bash
# Databases that cannot be used as asked: a missing file, a folder, a
# read-only file, a read-only folder.  Each gives a clear error naming the
# file, never a crash, and changes nothing.  The permission cases run as
# the user nobody when the tests run as root (root may write anything).
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/faults/lib-faults.sh"
cd "$T"


expect_fail2 1 "vinfra: error: no database at 'none.sqlite': create one with 'vinfra init' or name one with --db" \
  "vinfra：错误：'none.sqlite' 处没有数据库：请用 'vinfra init' 创建，或用 --db 指定" \
  "$VINFRA" stats --db none.sqlite
expect_fail2 1 "vinfra: error: no database at 'none.sqlite': create one with 'vinfra init' or name one with --db" \
  "vinfra：错误：'none.sqlite' 处没有数据库：请用 'vinfra init' 创建，或用 --db 指定" \
  "$VINFRA" import lights.geojson --layer streetlights --db none.sqlite
[ ! -e none.sqlite ] || fail "a database was created by a failed import"
mkdir folder.sqlite
expect_fail2 1 "vinfra: error: 'folder.sqlite' is a folder, not a database file" \
  "vinfra：错误：'folder.sqlite' 是文件夹，不是数据库文件" "$VINFRA" stats --db folder.sqlite
expect_fail2 1 "vinfra: error: 'folder.sqlite' is a folder, not a database file" \
  "vinfra：错误：'folder.sqlite' 是文件夹，不是数据库文件" \
  "$VINFRA" import lights.geojson --layer streetlights --db folder.sqlite

# as_user CMD...: run CMD as an ordinary user.
if [ "$(id -u)" -eq 0 ]; then
  command -v setpriv >/dev/null || skip "running as root without setpriv to drop privileges"
  as_user() { setpriv --reuid=65534 --regid=65534 --clear-groups "$@"; }
  chmod 755 "$T"
  # A checkout under /root is closed to nobody: give it copies of the
  # programs (vinfra finds vinfra-gdal beside itself) and of the data.
  if ! as_user test -x "$VINFRA" || ! as_user test -r "$VINFRA_DATADIR/layers.tsv"; then
    mkdir -p "$T/bin"
    cp "$VINFRA" "$(dirname "$VINFRA")/vinfra-gdal" "$T/bin/"
    cp -r "$VINFRA_DATADIR" "$T/data"
    chmod -R a+rX "$T/bin" "$T/data"
    VINFRA="$T/bin/vinfra"
    export VINFRA_DATADIR="$T/data"
  fi
  as_user test -x "$VINFRA" || skip "the user nobody cannot run $VINFRA"
else
  as_user() { "$@"; }
fi

# fresh_dir NAME FILEMODE DIRMODE: NAME/db.sqlite, a copy of the base database
# owned by the user, with those permissions.
fresh_dir() {
  mkdir "$1"
  cp "$BASE" "$1/db.sqlite"
  [ "$(id -u)" -ne 0 ] || chown -R 65534:65534 "$1"
  chmod "$2" "$1/db.sqlite"
  chmod "$3" "$1"
}

# A read-only file in a writable folder: read, not written.
fresh_dir rofile 444 755
before=$(sha rofile/db.sqlite)
run as_user "$VINFRA" stats --db rofile/db.sqlite --lang en
[ "$RC" -eq 0 ] || { cat "$T/err" >&2; fail "stats on a read-only file: exit $RC"; }
run as_user "$VINFRA" import lights.geojson --layer streetlights --db rofile/db.sqlite --lang en
assert_eq 1 "$RC" "import into a read-only file: exit code"
assert_eq "vinfra: error: cannot write to database 'rofile/db.sqlite': Permission denied" "$(cat "$T/err")" "import into a read-only file"
run as_user "$VINFRA" import lights.geojson --layer streetlights --db rofile/db.sqlite --dry-run --lang en
assert_eq 0 "$RC" "dry run on a read-only file: exit code"
assert_eq "$before" "$(sha rofile/db.sqlite)" "read-only file after"

# A writable file in a read-only folder: SQLite cannot make its journal.
fresh_dir rodir 644 555
before=$(sha rodir/db.sqlite)
run as_user "$VINFRA" import lights.geojson --layer streetlights --db rodir/db.sqlite --lang en
assert_eq 1 "$RC" "import in a read-only folder: exit code"
assert_eq "vinfra: error: cannot write to database 'rodir/db.sqlite': its folder 'rodir' is read-only, and SQLite must create 'rodir/db.sqlite-wal' beside it (move the database to a folder you can write to)" "$(cat "$T/err")" "import in a read-only folder"
run as_user "$VINFRA" stats --db rodir/db.sqlite --lang en
assert_eq 1 "$RC" "stats in a read-only folder: exit code"
assert_eq "vinfra: error: cannot read database 'rodir/db.sqlite': its folder 'rodir' is read-only, and SQLite must create 'rodir/db.sqlite-shm' beside it (copy the database to a folder you can write to)" "$(cat "$T/err")" "stats in a read-only folder"
assert_eq "$before" "$(sha rodir/db.sqlite)" "database in a read-only folder after"

# A file that may not even be read.
fresh_dir noread 000 755
run as_user "$VINFRA" stats --db noread/db.sqlite --lang en
assert_eq 1 "$RC" "stats on an unreadable file: exit code"
assert_eq "vinfra: error: cannot read database 'noread/db.sqlite': Permission denied" "$(cat "$T/err")" "stats on an unreadable file"

# init where it may not write.
run as_user "$VINFRA" init --db rodir/new.sqlite --lang en
assert_eq 1 "$RC" "init in a read-only folder: exit code"
assert_contains "$T/err" "vinfra: error: cannot open database 'rodir/new.sqlite': unable to open database file"
[ ! -e rodir/new.sqlite ] || fail "init left a file in a read-only folder"
chmod 755 rodir
echo ok
