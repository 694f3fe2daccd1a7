#!/usr/bin/env bash
# The PostgreSQL + PostGIS store on its own, on a private server
# (tests/pgserver.sh): the names it takes and the ones it refuses (a
# password, a database or server that is not there, a database without
# vinfra or without PostGIS), undo with SpatiaLite's refusals
# (tests/history/test-undo.sh), vinfra check on what only a server can
# break, backup through pg_dump and its restore, and twelve writers at
# once.  Every refusal is checked in both languages.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/pgserver.sh"
set -e
need psql
need pg_restore
pg_start
# Twelve writers queue on the write lock: none may give up because a
# loaded machine made the others slow.
export VINFRA_BUSY_TIMEOUT_MS=3600000

# libpq_says LANG NAME: what libpq says (in LANGUAGE=LANG) when it cannot
# connect to NAME, on one line, as vinfra quotes it: psql prints the same
# message after its "psql: error: ".
libpq_says() {
  { LANGUAGE=$1 psql -X -d "$2" -c '' 2>&1 || true; } | sed '1s/^psql: [^:]*: //' |
    tr -s '[:space:]' ' ' | sed 's/ $//'
}
checksum() { "$VINFRA" check --lang en --db "${1:-$VINFRA_DB}" | sed -n 's/^content checksum: //p'; }
# stats DB: the report in every format, to compare.
stats() { for f in csv json; do "$VINFRA" stats --db "$1" --format $f; done; }
# rows DBNAME: every row of every table the checksum covers, in key order
# (one psql, one connection).
rows() {
  local t sql=()
  for t in $(grep -v '^#' "$VINFRA_DATADIR/layers.tsv" | tail -n +2 | cut -f1); do
    sql+=(-c "COPY (SELECT * FROM \"$t\" ORDER BY fid) TO STDOUT")
  done
  for t in imports projects photos; do sql+=(-c "COPY (SELECT * FROM $t ORDER BY id) TO STDOUT"); done
  psql -X -q -At -h "$PG_DIR" -U vinfra_admin -d "$1" "${sql[@]}"
}
# copy_of NAME: a new database NAME, a copy of the demo database lantian.
copy_of() {
  "$PG_BIN/createdb" -h "$PG_DIR" -U vinfra_admin -T lantian "$1" || fail "createdb -T lantian $1"
  echo "postgresql:///$1?host=$PG_DIR"
}
last_change() { pg_sql "$1" "SELECT max(id) FROM history"; }

# -- names --------------------------------------------------------------------
NAME=$(pg_db names)
KW="host=$PG_DIR dbname=names"
expect_ok "$VINFRA" init --db "$NAME" --lang en
assert_contains "$T/out" "created '$NAME' with "
# The URI, libpq's keyword form and $VINFRA_DB name the same database.
expect_ok "$VINFRA" history --db "$NAME" --format csv
cp "$T/out" "$T/h-uri"
expect_ok "$VINFRA" history --db "$KW" --format csv
cmp -s "$T/h-uri" "$T/out" || fail "the keyword form reads another history"
VINFRA_DB="$KW" expect_ok "$VINFRA" history --format csv
cmp -s "$T/h-uri" "$T/out" || fail "\$VINFRA_DB reads another history"
assert_eq 2 "$(wc -l <"$T/out")" "history of a new database (header and init)"
# Any of libpq's keywords may come first.
expect_ok "$VINFRA" history --db "sslmode=disable $KW" --format csv
cmp -s "$T/h-uri" "$T/out" || fail "a name starting with sslmode= reads another history"

# Init twice: refused, whichever way the database is named.
for db in "$NAME" "$KW"; do
  expect_fail2 1 "vinfra: error: cannot create database '$db': it already holds a vinfra database" \
    "vinfra：错误：无法创建数据库 '$db'：其中已有 vinfra 数据库" "$VINFRA" init --db "$db"
done
assert_eq 1 "$(pg_sql names "SELECT count(*) FROM history")" "history after a refused init"
# Two inits at once: the second waits for the first's lock, then finds its
# database.
TWICE=$(pg_db twice)
VINFRA_LANG=en "$VINFRA" init --db "$TWICE" >"$T/i1.out" 2>"$T/i1.err" &
p1=$!
VINFRA_LANG=en "$VINFRA" init --db "$TWICE" >"$T/i2.out" 2>"$T/i2.err" &
p2=$!
rc1=0 rc2=0
wait $p1 || rc1=$?
wait $p2 || rc2=$?
assert_eq "0 1" "$(printf '%s\n' $rc1 $rc2 | sort | tr '\n' ' ' | sed 's/ $//')" "exit codes of two inits at once"
assert_eq "vinfra: error: cannot create database '$TWICE': it already holds a vinfra database" "$(cat "$T/i1.err" "$T/i2.err")" "the second init"
assert_eq 1 "$(pg_sql twice "SELECT count(*) FROM history")" "history after two inits at once"

# A password on the command line is refused before connecting: the socket
# folder of the second has no server, which would say so.
mkdir "$T/nosrv"
# The refusal shows the password as ***.
for db in "postgresql://u:pw@localhost/names" "host=$T/nosrv dbname=names password=secret" \
    "postgresql://u@localhost/names?password=secret"; do
  shown=$(printf '%s' "$db" | sed 's|:pw@|:***@|; s|password=secret|password=***|')
  expect_fail2 1 "vinfra: error: the connection string '$shown' holds a password: leave it out and put it in ~/.pgpass or PGPASSWORD, where the command line and the history do not show it" \
    "vinfra：错误：连接串 '$shown' 含有密码：请去掉密码，把它写在 ~/.pgpass 或 PGPASSWORD 中，命令行和变更历史就不会显示它" \
    "$VINFRA" stats --db "$db"
done
VINFRA_DB="postgresql://u:pw@localhost/names" expect_fail2 1 \
  "vinfra: error: the connection string 'postgresql://u:***@localhost/names' holds a password: leave it out and put it in ~/.pgpass or PGPASSWORD, where the command line and the history do not show it" \
  "vinfra：错误：连接串 'postgresql://u:***@localhost/names' 含有密码：请去掉密码，把它写在 ~/.pgpass 或 PGPASSWORD 中，命令行和变更历史就不会显示它" \
  "$VINFRA" init

# A database that does not exist: the server refuses, and says why.
NOSUCH="postgresql:///nosuch?host=$PG_DIR"
for cmd in stats init; do
  expect_fail2 1 "vinfra: error: cannot connect to database '$NOSUCH': PostgreSQL: $(libpq_says en "$NOSUCH")" \
    "vinfra：错误：无法连接数据库 '$NOSUCH'：PostgreSQL：$(libpq_says zh_CN "$NOSUCH")" \
    "$VINFRA" $cmd --db "$NOSUCH"
done
assert_contains "$T/err" 'FATAL: database "nosuch" does not exist'
# No server: a socket folder without one, a TCP port nobody listens on.
# Both fail at once (connect_timeout bounds the wait on a dead link).
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
for db in "postgresql:///names?host=$T/nosrv" "host=127.0.0.1 port=$port dbname=names"; do
  expect_fail2 1 "vinfra: error: cannot connect to database '$db': no server answers (start PostgreSQL, or correct the host and port in the name): PostgreSQL: $(libpq_says en "$db")" \
    "vinfra：错误：无法连接数据库 '$db'：没有服务器应答（请启动 PostgreSQL，或改正名称中的主机和端口）：PostgreSQL：$(libpq_says zh_CN "$db")" \
    "$VINFRA" stats --db "$db"
done

# A database without vinfra's tables: the command that makes them, quoted
# for the shell.
BARE=$(pg_db bare)
expect_fail2 1 "vinfra: error: no vinfra database in '$BARE': create one with 'vinfra init --db \"$BARE\"'" \
  "vinfra：错误：'$BARE' 中没有 vinfra 数据库：请用 'vinfra init --db \"$BARE\"' 创建" \
  "$VINFRA" stats --db "$BARE"
expect_fail2 1 "vinfra: error: no vinfra database in 'host=$PG_DIR dbname=bare': create one with 'vinfra init --db \"host=$PG_DIR dbname=bare\"'" \
  "vinfra：错误：'host=$PG_DIR dbname=bare' 中没有 vinfra 数据库：请用 'vinfra init --db \"host=$PG_DIR dbname=bare\"' 创建" \
  "$VINFRA" history --db "host=$PG_DIR dbname=bare"

# A database without PostGIS, and a role that may not create it (PostGIS
# is not a trusted extension): nothing is created.  Once the administrator
# has, the same role makes its vinfra database.
"$PG_BIN/createuser" -h "$PG_DIR" -U vinfra_admin plain
"$PG_BIN/createdb" -h "$PG_DIR" -U vinfra_admin -O plain nogis
NOGIS="host=$PG_DIR dbname=nogis user=plain"
expect_fail2 1 "vinfra: error: database '$NOGIS' has no PostGIS, and role \"plain\" cannot create the PostGIS extension: ask the server's administrator to run 'CREATE EXTENSION postgis' in it, then run 'vinfra init' again (PostgreSQL: permission denied to create extension \"postgis\")" \
  "vinfra：错误：数据库 '$NOGIS' 没有 PostGIS，角色 \"plain\" 也无法创建 PostGIS 扩展：请服务器管理员在该数据库中运行 'CREATE EXTENSION postgis'，然后再运行 'vinfra init'（PostgreSQL：permission denied to create extension \"postgis\"）" \
  "$VINFRA" init --db "$NOGIS"
assert_eq 0 "$(pg_sql nogis "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" "tables after a refused init"
pg_sql nogis "CREATE EXTENSION postgis"
expect_ok "$VINFRA" init --db "$NOGIS"
expect_ok "$VINFRA" import "$TESTS_DIR/import/villages.geojson" --layer villages --db "$NOGIS"
assert_eq plain "$(pg_sql nogis "SELECT DISTINCT tableowner FROM pg_tables WHERE tablename = 'villages'")" "owner of the tables"

# -- undo ---------------------------------------------------------------------
PG=$(pg_db lantian)
demo_load "$PG"
export VINFRA_DB="$PG"
# lights OUT N PREFIX SEED: N lights in 上雷村, where the demo has its own.
box=$(pg_sql lantian "SELECT concat_ws(' ', ST_XMin(e), ST_XMax(e), ST_YMin(e), ST_YMax(e)) FROM
  (SELECT ST_Extent(geom) e FROM streetlights WHERE village = '上雷村') s")
lights() { seeded_points "$1" "$2" "$3" "$4" $box; }

# For undo-kinds.sh: the rows of $VINFRA_DB into a file.
dump() { rows lantian >"$1"; }
. "$TESTS_DIR/history/undo-kinds.sh"

n=$(last_change lantian)
lights "$T/new.geojson" 2 NEW- 1
undo_each_kind "$T/new.geojson" streetlights $((n + 2))

# The server's settings do not change what vinfra writes, puts back or
# hashes: a number that needs 17 digits survives an undo made after the
# database was told to print 15 (extra_float_digits = 0), whose checksum
# is the one recorded.  The idle timeout, which would end vinfra's
# sessions between two statements of a transaction, stays on to the end.
expect_ok "$VINFRA" edit roads R-大坪-001 --set width=6.300000000000001
sum=$(checksum "$PG")
pg_sql lantian "ALTER DATABASE lantian SET extra_float_digits = 0; ALTER DATABASE lantian SET bytea_output = 'escape';
  ALTER DATABASE lantian SET idle_in_transaction_session_timeout = '1ms'"
assert_eq "$sum" "$(checksum "$PG")" "checksum with the database's own output settings"
undo_restores "$VINFRA" edit roads R-大坪-001 --set width=7
assert_eq t "$(pg_sql lantian "SELECT width = 6.300000000000001::float8 FROM roads WHERE id = 'R-大坪-001'")" "width put back to the last bit"
expect_ok "$VINFRA" undo --lang en
pg_sql lantian "ALTER DATABASE lantian RESET extra_float_digits; ALTER DATABASE lantian RESET bytea_output"

# -- dependencies (tests/history/test-undo.sh) --------------------------------
n=$(last_change lantian)
lights "$T/a.geojson" 2 A- 2
expect_ok "$VINFRA" import "$T/a.geojson" --layer streetlights --village 上雷村   # n + 1
expect_ok "$VINFRA" edit streetlights A-0001 --set status=planned                 # n + 2
expect_fail2 1 "vinfra: error: undo: cannot undo change $((n + 1)) (import): change $((n + 2)) (edit) later changed the same data (streetlights feature \"A-0001\"); undo change $((n + 2)) first" \
  "vinfra：错误：undo：无法撤销变更 $((n + 1))（导入）：变更 $((n + 2))（修改）后来改动了相同的数据（streetlights 要素 \"A-0001\"）；请先撤销变更 $((n + 2))" \
  "$VINFRA" undo --change $((n + 1))
# A later import into the same layer adds other rows: not a dependency.
lights "$T/b.geojson" 1 B- 3
expect_ok "$VINFRA" import "$T/b.geojson" --layer streetlights --village 上雷村   # n + 3
expect_ok "$VINFRA" undo --change $((n + 2)) --lang en                             # n + 4
expect_ok "$VINFRA" undo --change $((n + 1)) --lang en                             # n + 5
assert_contains "$T/out" "undid change $((n + 1)) (import, streetlights): rows removed 2, set back 0, put back 0; recorded as change $((n + 5))"
assert_eq "B-0000" "$(pg_sql lantian "SELECT string_agg(id, ',') FROM streetlights WHERE id LIKE 'A-%' OR id LIKE 'B-%'")" "lights left"
expect_ok "$VINFRA" check
# Undoing an undo redoes: A-0000 and A-0001 come back as they were.
rows lantian >"$T/before.rows"
expect_ok "$VINFRA" undo --change $((n + 5)) --lang en                             # n + 6
assert_contains "$T/out" "undid change $((n + 5)) (undo, streetlights): rows removed 0, set back 0, put back 2; recorded as change $((n + 6))"
assert_eq "A-0000,A-0001,B-0000" "$(pg_sql lantian "SELECT string_agg(id, ',' ORDER BY fid) FROM streetlights WHERE id LIKE 'A-%' OR id LIKE 'B-%'")" "lights redone"
expect_fail2 1 "vinfra: error: undo: change $((n + 5)) (undo) was already undone by change $((n + 6))" \
  "vinfra：错误：undo：变更 $((n + 5))（撤销）已被变更 $((n + 6)) 撤销" "$VINFRA" undo --change $((n + 5))
expect_ok "$VINFRA" undo --change $((n + 6))                                       # n + 7
rows lantian | cmp -s "$T/before.rows" - || fail "undoing the redo"
# Without --change: the latest change in effect that is not an undo (B's import).
expect_ok "$VINFRA" undo --lang en
assert_contains "$T/out" "undid change $((n + 3)) (import, streetlights): rows removed 1,"

# -- refusals -----------------------------------------------------------------
expect_fail2 1 "vinfra: error: undo: change 1 (init) created the database: it cannot be undone" \
  "vinfra：错误：undo：变更 1（创建）创建了数据库：不能撤销" "$VINFRA" undo --change 1
expect_fail2 2 "vinfra: error: undo: no change 999 in the history of '$PG' (see 'vinfra history')" \
  "vinfra：错误：undo：'$PG' 的历史记录中没有变更 999（请见 'vinfra history'）" "$VINFRA" undo --change 999
expect_fail2 1 "vinfra: error: undo: nothing to undo in '$NAME'" \
  "vinfra：错误：undo：'$NAME' 中没有可撤销的修改" "$VINFRA" undo --db "$NAME"
# Written outside vinfra (psql, QGIS): not logged, and the log no longer
# describes the data, so undo touches nothing.
name=$(pg_sql lantian "SELECT name FROM roads WHERE id = 'R-大坪-001'")
pg_sql lantian "UPDATE roads SET name = 'x' WHERE id = 'R-大坪-001'"
last=$(last_change lantian)
rows lantian >"$T/before.rows"
expect_fail2 1 "vinfra: error: undo: cannot undo: '$PG' was changed outside vinfra after change $last (its content checksum is not the one recorded); see 'vinfra check'" \
  "vinfra：错误：undo：无法撤销：'$PG' 在变更 $last 之后被 vinfra 以外的程序改动过（其内容校验和与记录的不同）；请见 'vinfra check'" \
  "$VINFRA" undo
rows lantian | cmp -s "$T/before.rows" - || fail "rows after a refused undo"
assert_eq "$last" "$(last_change lantian)" "history after a refused undo"
# Put back as it was, the data is what the log describes again.
pg_sql lantian "UPDATE roads SET name = '$name' WHERE id = 'R-大坪-001'"
expect_ok "$VINFRA" undo --change "$last"

# -- photos: import, attach and their undo (tests/import/test-photos.sh) ------
need gdal_translate
P="$T/photos"
python3 "$TESTS_DIR/import/gen/photos.py" "$P" 13 "$TESTS_DIR/import/roads.geojson" >/dev/null ||
  fail "fixture: photos.py"
PH=$(pg_db photos)
expect_ok "$VINFRA" init --db "$PH"
expect_ok "$VINFRA" import "$TESTS_DIR/import/villages.geojson" --layer villages --db "$PH"
expect_ok "$VINFRA" import "$TESTS_DIR/import/roads.geojson" --layer roads --db "$PH"
stats "$PH" >"$T/ph0.stats"
sum0=$(checksum "$PH")
expect_ok "$VINFRA" import "$P/lights" --layer streetlights --skip-unlocated --db "$PH" --lang en
assert_contains "$T/out" "imported '$P/lights' into streetlights: 9 read, 6 written, 3 skipped"
stats "$PH" >"$T/ph1.stats"
sum1=$(checksum "$PH")
# The JPEGs as stored: the bytes in, the bytes out.
assert_eq "$(sha256sum "$P/lights/IMG_0106.jpg" | cut -d' ' -f1)" \
  "$(pg_sql photos "SELECT sha256 FROM photos WHERE file = 'IMG_0106.jpg'")" "hash of IMG_0106.jpg"
pg_sql photos "ALTER DATABASE photos SET bytea_output = 'escape'"
assert_eq "$sum1" "$(checksum "$PH")" "checksum of the photos with bytea_output = escape"
expect_ok "$VINFRA" attach "$P/attach" --layer streetlights --skip-unmatched --db "$PH" --lang en
assert_contains "$T/out" "attached 1 photos to streetlights, 2 not attached"
near_target=$(pg_sql photos "SELECT s.id FROM photos p JOIN streetlights s ON s.fid = p.feature_fid WHERE p.file = 'near.jpg'")
stats "$PH" >"$T/ph2.stats"
expect_ok "$VINFRA" attach "$P/road" --layer roads --db "$PH" --lang en
assert_contains "$T/out" "$P/road/road.jpg → R-01 (6.0 m)"
expect_ok "$VINFRA" photos --layer roads --format csv --db "$PH"
assert_contains "$T/out" ",roads,R-01,上雷村,64x48,"
expect_ok "$VINFRA" check --db "$PH" --lang en
assert_contains "$T/out" "no problems found"
import_change=$(pg_sql photos "SELECT id FROM history WHERE action = 'import' AND layer = 'streetlights'")
attach_change=$(pg_sql photos "SELECT id FROM history WHERE action = 'attach' AND layer = 'streetlights'")
expect_fail2 1 "vinfra: error: undo: cannot undo change $import_change (import): change $attach_change (attach) later changed the same data (streetlights feature \"$near_target\"); undo change $attach_change first" \
  "vinfra：错误：undo：无法撤销变更 $import_change（导入）：变更 $attach_change（关联照片）后来改动了相同的数据（streetlights 要素 \"$near_target\"）；请先撤销变更 $attach_change" \
  "$VINFRA" undo --change "$import_change" --db "$PH"
expect_ok "$VINFRA" undo --db "$PH" --lang en
assert_contains "$T/out" "(attach, roads): rows removed 1, set back 1"
stats "$PH" | cmp -s "$T/ph2.stats" - || fail "stats after undoing the roads attach"
expect_ok "$VINFRA" undo --db "$PH" --lang en
assert_contains "$T/out" "(attach, streetlights): rows removed 1, set back 1"
stats "$PH" | cmp -s "$T/ph1.stats" - || fail "stats after undoing the streetlights attach"
assert_eq "$sum1" "$(checksum "$PH")" "checksum after undoing the attaches"
expect_ok "$VINFRA" undo --db "$PH" --lang en
assert_contains "$T/out" "(import, streetlights): rows removed 12"
stats "$PH" | cmp -s "$T/ph0.stats" - || fail "stats after undoing the photo import"
assert_eq "$sum0" "$(checksum "$PH")" "checksum after undoing the photo import"
assert_eq 0 "$(pg_sql photos "SELECT count(*) FROM photos")" "photos after undo"
expect_ok "$VINFRA" import "$P/lights" --layer streetlights --skip-unlocated --db "$PH" --lang en
assert_eq 6 "$(pg_sql photos "SELECT count(*) FROM photos")" "photos imported again"

# -- check --------------------------------------------------------------------
CK=$(copy_of damaged)
expect_ok "$VINFRA" check --db "$CK" --lang en
assert_eq "content checksum: $(checksum "$CK")
'$CK': no problems found" "$(cat "$T/out")" "check of a clean database"
expect_ok "$VINFRA" check --db "$CK"
assert_contains "$T/out" "'$CK'：未发现问题"
pg_sql damaged "UPDATE streetlights SET status = 'broken' WHERE id = 'LD-大坪-0005';
  ALTER TABLE roads DISABLE TRIGGER roads_log;
  DROP TRIGGER projects_log ON projects;
  DROP INDEX bridges_geom"
fid=$(pg_sql damaged "SELECT fid FROM streetlights WHERE id = 'LD-大坪-0005'")
run "$VINFRA" check --db "$CK" --lang en
assert_eq 1 "$RC" "exit status of check with problems"
cat >"$T/expected" <<EOT
projects: the change log trigger projects_log is missing: changes to it are not in the history
roads: the change log trigger roads_log is disabled: changes to it are not in the history (ALTER TABLE roads ENABLE TRIGGER roads_log)
bridges: the spatial index is missing (CREATE INDEX bridges_geom ON bridges USING gist (geom))
streetlights: feature "LD-大坪-0005" (fid $fid): field "status": expected one of built, existing, planned, got "broken"
content checksum: $(checksum "$CK")
'$CK': 4 problems found
EOT
diff "$T/expected" "$T/out" >&2 || fail "problems listed"
run "$VINFRA" check --db "$CK"
assert_eq 1 "$RC" "exit status of check with problems (Chinese)"
cat >"$T/expected" <<EOT
projects：缺少变更日志触发器 projects_log：对它的修改不会记入历史
roads：变更日志触发器 roads_log 已被禁用：对它的修改不会记入历史（请运行 ALTER TABLE roads ENABLE TRIGGER roads_log）
bridges：缺少空间索引（请运行 CREATE INDEX bridges_geom ON bridges USING gist (geom)）
streetlights：要素 "LD-大坪-0005"（fid $fid）：字段 "status"：应为 built、existing、planned 之一，实为 "broken"
内容校验和：$(checksum "$CK")
'$CK'：发现 4 个问题
EOT
diff "$T/expected" "$T/out" >&2 || fail "problems listed in Chinese"

# -- backup -------------------------------------------------------------------
sum=$(checksum "$PG")
expect_ok "$VINFRA" backup --to "$T/lantian.dump" --lang en
assert_eq "backed up '$PG' to '$T/lantian.dump' (content checksum $sum)" "$(cat "$T/out")" "backup summary"
[ ! -e "$T/lantian.dump.partial" ] || fail "partial file left"
pg_restore --list "$T/lantian.dump" >"$T/toc" || fail "pg_restore --list cannot read the backup"
assert_contains "$T/toc" "Format: CUSTOM"
assert_contains "$T/toc" "TABLE DATA public roads"
"$PG_BIN/createdb" -h "$PG_DIR" -U vinfra_admin restored
pg_restore --no-password -d "postgresql:///restored?host=$PG_DIR" "$T/lantian.dump" || fail "pg_restore -d"
RS="postgresql:///restored?host=$PG_DIR"
stats "$PG" >"$T/pg.stats"
stats "$RS" | cmp -s "$T/pg.stats" - || fail "stats of the restored database"
expect_ok "$VINFRA" check --db "$RS" --lang en
assert_eq "$sum" "$(checksum "$RS")" "checksum of the restored database"
"$VINFRA" history --db "$PG" --format csv >"$T/h1"
"$VINFRA" history --db "$RS" --format csv >"$T/h2"
cmp -s "$T/h1" "$T/h2" || fail "history of the restored database"
# The restored database is a vinfra database like any: it changes and undoes.
expect_ok "$VINFRA" edit roads R-大坪-002 --set year=2021 --db "$RS"
expect_ok "$VINFRA" undo --db "$RS"
assert_eq "$sum" "$(checksum "$RS")" "checksum of the restored database after an undo"
before=$(sha "$T/lantian.dump")
expect_fail2 1 "vinfra: error: cannot back up to '$T/lantian.dump': the file already exists" \
  "vinfra：错误：无法备份到 '$T/lantian.dump'：文件已存在" "$VINFRA" backup --to "$T/lantian.dump"
assert_eq "$before" "$(sha "$T/lantian.dump")" "existing backup untouched"

# -- the write lock (tests/history/test-busy.sh) ------------------------------
# Another program holds vinfra's write lock (psql, fed through a pipe):
# a writer gives up after its busy timeout, changing nothing; readers and
# backups go on.
mkfifo "$T/hold.in" "$T/hold.out"
psql -X -q -At -d "$PG" <"$T/hold.in" >"$T/hold.out" &
HOLDER=$!
exec 3>"$T/hold.in" 4<"$T/hold.out"
echo "SELECT 'held' FROM (SELECT pg_advisory_lock(1986618466)) s;" >&3
read -r -u 4 held
assert_eq held "$held" "the lock holder"
before=$(checksum "$PG")
expect_busy "$PG" edit roads R-大坪-001 --set year=2020
expect_busy "$PG" undo
expect_ok "$VINFRA" stats --layer roads
expect_ok "$VINFRA" backup --to "$T/during.dump"
exec 3>&- 4<&-
wait "$HOLDER"
assert_eq "$before" "$(checksum "$PG")" "nothing written while busy"

# -- twelve writers at once ---------------------------------------------------
# Six import their own lights, six edit six other lights of the same
# layer: each change queues on the write lock and gets its own id.
CC=$(copy_of busy)
h0=$(last_change busy)
n0=$(pg_sql busy "SELECT count(*) FROM streetlights")
rows busy >"$T/busy0.rows"
for i in 1 2 3 4 5 6; do lights "$T/c$i.geojson" 3 "C$i-" $((10 + i)); done
mapfile -t ids < <(pg_sql busy "SELECT id FROM streetlights ORDER BY fid LIMIT 6")
pids=()
for i in 1 2 3 4 5 6; do
  "$VINFRA" import "$T/c$i.geojson" --layer streetlights --village 上雷村 --db "$CC" >"$T/w$i.out" 2>"$T/w$i.err" &
  pids+=($!)
  "$VINFRA" edit streetlights "${ids[$((i - 1))]}" --set watts=$((60 + i)) --db "$CC" >"$T/e$i.out" 2>"$T/e$i.err" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || { cat "$T"/w*.err "$T"/e*.err >&2; fail "a concurrent writer failed"; }; done
assert_eq 12 "$(pg_sql busy "SELECT count(*) FROM history WHERE id > $h0")" "changes in the history"
assert_eq "$((h0 + 12))" "$(last_change busy)" "history ids without gaps"
assert_eq 6 "$(pg_sql busy "SELECT count(*) FROM history WHERE id > $h0 AND action = 'import' AND added = 3")" "imports in the history"
assert_eq 6 "$(pg_sql busy "SELECT count(*) FROM history WHERE id > $h0 AND action = 'edit' AND changed = 1")" "edits in the history"
assert_eq "$((n0 + 18))" "$(pg_sql busy "SELECT count(*) FROM streetlights")" "lights after the imports"
assert_eq 18 "$(pg_sql busy "SELECT count(*) FROM streetlights WHERE id LIKE 'C_-%'")" "imported lights"
assert_eq 6 "$(pg_sql busy "SELECT count(*) FROM streetlights WHERE watts BETWEEN 61 AND 66")" "edited lights"
# Each change's checksum before is the one the change before it left.
assert_eq 0 "$(pg_sql busy "SELECT count(*) FROM history h JOIN history p ON p.id = h.id - 1
  WHERE h.id > $h0 AND h.checksum_before IS DISTINCT FROM p.checksum_after")" "checksums chained"
expect_ok "$VINFRA" check --db "$CC" --lang en
assert_contains "$T/out" "no problems found"
# Twelve undos at once, on a server whose default isolation is REPEATABLE
# READ: each takes back another change, and the data is as before.
pg_sql busy "ALTER DATABASE busy SET default_transaction_isolation = 'repeatable read'"
pids=()
for i in 1 2 3 4 5 6 7 8 9 10 11 12; do
  "$VINFRA" undo --db "$CC" >"$T/u$i.out" 2>"$T/u$i.err" &
  pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || { cat "$T"/u*.err >&2; fail "a concurrent undo failed"; }; done
assert_eq 12 "$(pg_sql busy "SELECT count(DISTINCT undoes) FROM history WHERE id > $h0 + 12 AND undoes > $h0")" "changes undone"
rows busy | cmp -s "$T/busy0.rows" - || fail "rows after the twelve undos"
expect_ok "$VINFRA" check --db "$CC" --lang en
assert_contains "$T/out" "no problems found"
