#!/usr/bin/env bash
# vinfra check: a clean demo passes (exit 0) without the file changing; a
# database damaged with sqlite3 (a status outside the list, a spatial index
# entry that no longer covers its geometry, a missing one, an invalid
# polygon, a required field emptied, text in an integer column, an unknown
# village, a year out of range, an unknown programme) lists each problem
# (exit 1).  VACUUM keeps every fid, so the spatial index stays valid.
. "$TESTS_DIR/lib.sh"
set -e
. "$TESTS_DIR/history/fixtures.sh"

before=$(sha "$DB")
expect_ok "$VINFRA" check --lang en
assert_eq "content checksum: $(checksum)
'$DB': no problems found" "$(cat "$T/out")" "clean demo"
assert_eq "$before" "$(sha "$DB")" "check leaves the file alone"
expect_ok "$VINFRA" check
assert_contains "$T/out" "'$DB'：未发现问题"

cp "$DB" "$T/bad.sqlite"
sql "$T/bad.sqlite" "
UPDATE streetlights SET status = 'broken' WHERE id = 'LD-大坪-0005';
UPDATE idx_roads_geom SET xmin = xmax WHERE pkid = (SELECT fid FROM roads WHERE id = 'R-大坪-001');
DELETE FROM idx_bridges_geom WHERE pkid = 1;
UPDATE villages SET geom = GeomFromText('MULTIPOLYGON(((109.2 34.0, 109.3 34.1, 109.3 34.0, 109.2 34.1, 109.2 34.0)))', 4490) WHERE id = 'V-02';
UPDATE villages SET town = NULL WHERE id = 'V-03';
UPDATE streetlights SET watts = 'abc' WHERE id = 'LD-大坪-0006';
UPDATE roads SET village = '无名村', year = 1800 WHERE id = 'R-大坪-002';
UPDATE projects SET programme = 'lottery' WHERE id = 'JJ-001';"
before=$(sha "$T/bad.sqlite")
run "$VINFRA" check --lang en --db "$T/bad.sqlite"
assert_eq 1 "$RC" "exit status with problems"
cat >"$T/expected" <<EOT
villages: feature "V-02" (fid 2): geometry: invalid (Self-intersection[109.25 34.05])
villages: feature "V-03" (fid 3): field "town": expected a value (the field is required), got nothing
roads: feature "R-大坪-001" (fid 3): its spatial index entry is missing or does not cover its geometry
roads: feature "R-大坪-002" (fid 4): field "year": expected a year from 1949 to 2100, got "1800"
roads: feature "R-大坪-002" (fid 4): field "village": "无名村" is not in the villages layer
bridges: the spatial index (R*Tree) does not match the geometries
bridges: feature "BR-上雷-001" (fid 1): its spatial index entry is missing or does not cover its geometry
streetlights: feature "LD-大坪-0005" (fid 5): field "status": expected one of built, existing, planned, got "broken"
streetlights: feature "LD-大坪-0006" (fid 6): field "watts": expected an integer, got text "abc"
projects: project "JJ-001": field "programme": "lottery" is not a programme of programmes.tsv
content checksum: $(checksum "$T/bad.sqlite")
'$T/bad.sqlite': 10 problems found
EOT
diff "$T/expected" "$T/out" || fail "problems listed"
[ ! -s "$T/err" ] || { cat "$T/err"; fail "check printed on stderr"; }
assert_eq "$before" "$(sha "$T/bad.sqlite")" "check leaves a damaged file alone"
# The same problems in Chinese (the default language).
run "$VINFRA" check --db "$T/bad.sqlite"
assert_eq 1 "$RC" "exit status with problems (Chinese)"
cat >"$T/expected" <<EOT
villages：要素 "V-02"（fid 2）：几何：无效（Self-intersection[109.25 34.05]）
villages：要素 "V-03"（fid 3）：字段 "town"：应为一个值（该字段为必填），实为空
roads：要素 "R-大坪-001"（fid 3）：它的空间索引条目缺失或未覆盖其几何
roads：要素 "R-大坪-002"（fid 4）：字段 "year"：应为 1949 至 2100 年之间的年份，实为 "1800"
roads：要素 "R-大坪-002"（fid 4）：字段 "village"："无名村" 不在行政村图层中
bridges：空间索引（R*Tree）与几何不一致
bridges：要素 "BR-上雷-001"（fid 1）：它的空间索引条目缺失或未覆盖其几何
streetlights：要素 "LD-大坪-0005"（fid 5）：字段 "status"：应为 built、existing、planned 之一，实为 "broken"
streetlights：要素 "LD-大坪-0006"（fid 6）：字段 "watts"：应为整数，实为文本 "abc"
projects：项目 "JJ-001"：字段 "programme"："lottery" 不是 programmes.tsv 中的帮扶工程
内容校验和：$(checksum "$T/bad.sqlite")
'$T/bad.sqlite'：发现 10 个问题
EOT
diff "$T/expected" "$T/out" || fail "problems listed in Chinese"

# SQLite's own integrity check: a page of an index overwritten.
cp "$DB" "$T/torn.sqlite"
page=$(sqlite3 "$T/torn.sqlite" "SELECT rootpage FROM sqlite_master WHERE name = 'roads_village'")
size=$(sqlite3 "$T/torn.sqlite" "PRAGMA page_size")
dd if=/dev/zero of="$T/torn.sqlite" bs="$size" seek=$((page - 1)) count=1 conv=notrunc status=none
run "$VINFRA" check --lang en --db "$T/torn.sqlite"
assert_eq 1 "$RC" "exit status of a torn file"
grep -q "^sqlite integrity check: " "$T/out" || { cat "$T/out" "$T/err"; fail "integrity check problem"; }

# Every asset table has an INTEGER PRIMARY KEY (fid): VACUUM keeps the
# rowids the R*Tree points at, even with holes left by deletes.
expect_ok "$VINFRA" delete roads R-大坪-001
expect_ok "$VINFRA" delete streetlights LD-大坪-0005
fids=$(sqlite3 "$DB" "SELECT group_concat(fid || ':' || id) FROM roads")
sqlite3 "$DB" "VACUUM"
assert_eq "$fids" "$(sqlite3 "$DB" "SELECT group_concat(fid || ':' || id) FROM roads")" "fids after VACUUM"
expect_ok "$VINFRA" check --lang en
assert_eq 0 "$(sql "$DB" "SELECT count(*) FROM geometry_columns WHERE CheckSpatialIndex(f_table_name, f_geometry_column) IS NOT 1")" "CheckSpatialIndex after VACUUM"
for layer in $ASSET_TABLES; do
  [ "$layer" = projects ] && continue
  pk=$(sqlite3 "$DB" "SELECT name || ' ' || type FROM pragma_table_info('$layer') WHERE pk = 1")
  case $layer in imports) want="id INTEGER" ;; *) want="fid INTEGER" ;; esac
  assert_eq "$want" "$pk" "primary key of $layer"
done
