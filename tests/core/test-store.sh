#!/usr/bin/env bash
# The store: init, the schema version check, foreign and missing files.
. "$TESTS_DIR/lib.sh"

expect_ok "$VINFRA" init --db "$T/a.sqlite" --lang en
assert_contains "$T/out" "created '$T/a.sqlite' with"
[ "$(sqlite3 "$T/a.sqlite" 'PRAGMA journal_mode')" = wal ] || fail "journal is not WAL"

expect_fail2 1 "vinfra: error: cannot create database '$T/a.sqlite': the file already exists" \
  "vinfra：错误：无法创建数据库 '$T/a.sqlite'：文件已存在" \
  "$VINFRA" init --db "$T/a.sqlite"

expect_fail2 1 "vinfra: error: no database at '$T/none.sqlite': create one with 'vinfra init' or name one with --db" \
  "vinfra：错误：'$T/none.sqlite' 处没有数据库：请用 'vinfra init' 创建，或用 --db 指定" \
  "$VINFRA" stats --db "$T/none.sqlite"

# $VINFRA_DB names the default database.
VINFRA_DB="$T/env.sqlite" expect_ok "$VINFRA" init
[ -f "$T/env.sqlite" ] || fail "VINFRA_DB was not honoured"

# A foreign SQLite file and a file that is not SQLite at all.
sqlite3 "$T/other.sqlite" 'CREATE TABLE t(x)'
before=$(sha "$T/other.sqlite")
expect_fail2 1 "vinfra: error: '$T/other.sqlite' is not a vinfra database (an SQLite file of another application)" \
  "vinfra：错误：'$T/other.sqlite' 不是 vinfra 数据库（是其他程序的 SQLite 文件）" \
  "$VINFRA" stats --db "$T/other.sqlite"
assert_eq "$before" "$(sha "$T/other.sqlite")" "foreign file untouched"
echo "just text" > "$T/text.sqlite"
run "$VINFRA" stats --db "$T/text.sqlite" --lang en
assert_eq 1 "$RC" "exit code for a text file"
grep -q "^vinfra: error: '$T/text.sqlite' is not a vinfra database (not an SQLite file: " "$T/err" || { cat "$T/err"; fail "text file message"; }
run "$VINFRA" stats --db "$T/text.sqlite"
assert_eq 1 "$RC" "exit code for a text file (Chinese)"
grep -qxF "vinfra：错误：'$T/text.sqlite' 不是 vinfra 数据库（不是 SQLite 文件；SQLite：file is not a database）" "$T/err" ||
  { cat "$T/err"; fail "text file message in Chinese"; }

# A database name with a URI scheme no backend knows is refused by name,
# before anything is created or opened.
msg="unknown scheme 'foo://' (a vinfra database is a SpatiaLite file, named by its path, or a postgresql:// server database)"
expect_fail2 1 "vinfra: error: cannot open database 'foo://x': $msg" \
  "vinfra：错误：无法打开数据库 'foo://x'：未知的协议 'foo://'（vinfra 数据库是以路径指定的 SpatiaLite 文件，或 postgresql:// 服务器数据库）" "$VINFRA" stats --db foo://x
expect_fail2 1 "vinfra: error: cannot create database 'foo://x': $msg" \
  "vinfra：错误：无法创建数据库 'foo://x'：未知的协议 'foo://'（vinfra 数据库是以路径指定的 SpatiaLite 文件，或 postgresql:// 服务器数据库）" "$VINFRA" init --db foo://x

# Newer and older schema versions.
cp "$T/a.sqlite" "$T/new.sqlite"; sqlite3 "$T/new.sqlite" 'PRAGMA user_version=99'
expect_fail2 1 "vinfra: error: '$T/new.sqlite' was written by a newer vinfra (schema 99, this vinfra reads 1): upgrade vinfra" \
  "vinfra：错误：'$T/new.sqlite' 由较新版本的 vinfra 写入（数据库版本 99，本 vinfra 读取版本 1）：请升级 vinfra" \
  "$VINFRA" stats --db "$T/new.sqlite"
cp "$T/a.sqlite" "$T/old.sqlite"; sqlite3 "$T/old.sqlite" 'PRAGMA user_version=0'
expect_fail2 1 "vinfra: error: '$T/old.sqlite' was written by an older vinfra (schema 0, this vinfra reads 1): export it with that version and re-import" \
  "vinfra：错误：'$T/old.sqlite' 由较旧版本的 vinfra 写入（数据库版本 0，本 vinfra 读取版本 1）：请用那个版本导出，再重新导入" \
  "$VINFRA" stats --db "$T/old.sqlite"

# Every registry layer has a table with a spatial index in EPSG:4490.
n=$(sql "$T/a.sqlite" "SELECT count(*) FROM geometry_columns WHERE srid=4490 AND spatial_index_enabled=1")
layers=$(grep -vc '^#' "$VINFRA_DATADIR/layers.tsv")
assert_eq "$((layers - 1))" "$n" "indexed geometry columns"

# Unknown commands and bad options are usage errors.
expect_fail 2 "vinfra: error: unknown command 'frobnicate' (see 'vinfra --help')" "$VINFRA" frobnicate
expect_fail 2 "vinfra: error: init: --lang: expected zh or en, got \"fr\"" "$VINFRA" init --db "$T/b.sqlite" --lang fr

# vinfra layers reads the registry, not a database: it says so and refuses --db.
expect_ok "$VINFRA" layers --help --lang en
assert_contains "$T/out" "database: layers does not accept the common --db option listed above."
assert_contains "$T/out" "  vinfra layers roads --lang en"
expect_fail 2 "vinfra: error: layers: --db is not used: the layers come from the registry (layers.tsv), not a database" \
  "$VINFRA" layers --db "$T/a.sqlite"
expect_ok "$VINFRA" layers roads --lang en
cat >"$T/want" <<'EOT'
roads          line     roads (transport)  status: new,widened,hardened,existing,planned
    class            text     class  [county,township,village,group]
    surface          text     surface  [concrete,asphalt,gravel,earth]
    width            real     width
EOT
diff "$T/want" "$T/out" || fail "vinfra layers roads --lang en: output differs from the registry's roads row"

# A data directory that is not there (a moved install) is named, with the way out.
VINFRA_DATADIR="$T/nodata" expect_fail2 1 "vinfra: error: no data directory at '$T/nodata' (set VINFRA_DATADIR to vinfra's data/): cannot read '$T/nodata/layers.tsv': Failed to open file “$T/nodata/layers.tsv”: No such file or directory" \
  "vinfra：错误：'$T/nodata' 处没有数据目录（请把 VINFRA_DATADIR 设为 vinfra 的 data/）：无法读取 '$T/nodata/layers.tsv'（GLib：打开文件“$T/nodata/layers.tsv”失败：没有那个文件或目录）" \
  "$VINFRA" stats --db "$T/a.sqlite"
echo ok
