#!/usr/bin/env bash
# vinfra edit and delete: values checked as an import checks them (exact
# messages), nothing written on an error, values stored in their canonical
# spelling and type, and ids holding SQL stored as plain text (every
# statement binds its values).
. "$TESTS_DIR/lib.sh"
set -e
. "$TESTS_DIR/history/fixtures.sh"

# rejected CODE 'message after "vinfra: error: "' ARGS...: fails and leaves the file alone.
rejected() {
  local code=$1 msg=$2 before; shift 2
  before=$(sha "$DB")
  expect_fail "$code" "vinfra: error: $msg" "$VINFRA" "$@"
  assert_eq "$before" "$(sha "$DB")" "database after: $*"
}

# rejected2 CODE 'English after "vinfra: error: "' 'Chinese after "vinfra：错误："' ARGS...: as
# rejected, with the exact Chinese line too.
rejected2() {
  local code=$1 msg=$2 zh=$3 before; shift 3
  before=$(sha "$DB")
  expect_fail2 "$code" "vinfra: error: $msg" "vinfra：错误：$zh" "$VINFRA" "$@"
  assert_eq "$before" "$(sha "$DB")" "database after: $*"
}
R=R-大坪-001
rejected2 1 "edit: cannot edit roads feature \"$R\": field \"status\": expected one of new (新建), widened (拓宽), hardened (硬化), existing (现有), planned (规划), got \"broken\"" \
  "edit：无法编辑 roads 要素 \"R-大坪-001\"：字段 \"status\"：应为 new（新建）、widened（拓宽）、hardened（硬化）、existing（现有）、planned（规划） 之一，实为 \"broken\"" edit roads $R --set status=broken
rejected2 1 "edit: cannot edit roads feature \"$R\": field \"year\": expected a year from 1949 to 2100, got \"1800\"" \
  "edit：无法编辑 roads 要素 \"R-大坪-001\"：字段 \"year\"：应为 1949 至 2100 年之间的年份，实为 \"1800\"" edit roads $R --set year=1800
rejected2 1 "edit: cannot edit roads feature \"$R\": field \"width\": expected a number, got \"wide\"" \
  "edit：无法编辑 roads 要素 \"R-大坪-001\"：字段 \"width\"：应为数值，实为 \"wide\"" edit roads $R --set width=wide
rejected2 1 "edit: cannot edit roads feature \"$R\": field \"surface\": expected one of concrete (水泥路面), asphalt (沥青路面), gravel (砂石路面), earth (土路), got \"marble\"" \
  "edit：无法编辑 roads 要素 \"R-大坪-001\"：字段 \"surface\"：应为 concrete（水泥路面）、asphalt（沥青路面）、gravel（砂石路面）、earth（土路） 之一，实为 \"marble\"" edit roads $R --set surface=marble
rejected2 1 "edit: cannot edit roads feature \"$R\": field \"village\": expected a village of the villages layer, got \"无名村\"" \
  "edit：无法编辑 roads 要素 \"R-大坪-001\"：字段 \"village\"：应为 villages 图层中的村，实为 \"无名村\"" edit roads $R --set village=无名村
rejected2 1 "edit: cannot edit roads feature \"$R\": field \"project\": expected a project id of the ledger, got \"NOPE\"" \
  "edit：无法编辑 roads 要素 \"R-大坪-001\"：字段 \"project\"：应为项目台账中的项目编号，实为 \"NOPE\"" edit roads $R --set project=NOPE
rejected2 1 "edit: cannot edit streetlights feature \"LD-大坪-0005\": field \"watts\": expected an integer, got \"abc\"" \
  "edit：无法编辑 streetlights 要素 \"LD-大坪-0005\"：字段 \"watts\"：应为整数，实为 \"abc\"" edit streetlights LD-大坪-0005 --set year=2020 --set watts=abc
# Numbers within their plausible bounds (data/bounds.tsv), as an import checks them.
rejected2 1 "edit: cannot edit roads feature \"$R\": field \"width\": expected 1 to 50 m, got \"1e308\"" \
  "edit：无法编辑 roads 要素 \"R-大坪-001\"：字段 \"width\"：应为 1 至 50 m，实为 \"1e308\"" edit roads $R --set width=1e308
rejected2 1 "edit: cannot edit streetlights feature \"LD-大坪-0005\": field \"watts\": expected 1 to 1000 W, got \"0\"" \
  "edit：无法编辑 streetlights 要素 \"LD-大坪-0005\"：字段 \"watts\"：应为 1 至 1000 W，实为 \"0\"" edit streetlights LD-大坪-0005 --set watts=0
rejected2 1 "edit: cannot edit villages feature \"V-01\": field \"population\": expected 1 to 100000 人, got \"9223372036854775807\"" \
  "edit：无法编辑 villages 要素 \"V-01\"：字段 \"population\"：应为 1 至 100000 人，实为 \"9223372036854775807\"" edit villages V-01 --set population=9223372036854775807
rejected2 1 "edit: cannot edit villages feature \"V-01\": field \"town\": expected a value (the field is required), got nothing" \
  "edit：无法编辑 villages 要素 \"V-01\"：字段 \"town\"：应为一个值（该字段为必填），实为空" edit villages V-01 --set town=
rejected2 1 "edit: cannot edit villages feature \"V-01\": field \"name\": a village's name cannot be edited: features refer to the village by its name" \
  "edit：无法编辑 villages 要素 \"V-01\"：字段 \"name\"：村名不能修改：要素按村名指向该村" edit villages V-01 --set name=新村
rejected2 1 "edit: layer \"roads\" has no feature \"NOPE\"" \
  "edit：图层 \"roads\" 中没有要素 \"NOPE\"" edit roads NOPE --set year=2000
rejected2 2 "edit: layer \"roads\" has no field \"colour\" (fields: village, name, status, year, project, class, surface, width)" \
  "edit：图层 \"roads\" 没有字段 \"colour\"（字段：village、name、status、year、project、class、surface、width）" edit roads $R --set colour=red
rejected2 2 "edit: layer \"villages\" has no field \"village\" (fields: name, status, year, project, town, county, households, population)" \
  "edit：图层 \"villages\" 没有字段 \"village\"（字段：name、status、year、project、town、county、households、population）" edit villages V-01 --set village=x
rejected2 2 "edit: field \"id\" cannot be edited: delete the feature and import it again" \
  "edit：字段 \"id\" 不能编辑：请删除该要素后重新导入" edit roads $R --set id=R-9
rejected2 2 "edit: --set \"status\": expected FIELD=VALUE (an empty VALUE clears the field)" \
  "edit：--set \"status\"：应为 字段=值（值为空时清空该字段）" edit roads $R --set status
rejected2 2 "edit: field \"year\" is set twice" "edit：字段 \"year\" 设置了两次" edit roads $R --set year=2001 --set year=2002
rejected 2 "edit: nothing to change: give --set FIELD=VALUE" edit roads $R
rejected 2 "edit: expected LAYER and ID (see 'vinfra edit --help')" edit roads
rejected 2 "edit: no layer \"raods\" (layers: villages, households, roads, bridges, streetlights, water_tanks, water_pipes, rivers, signal_towers, clinics, elderly_care, committees, culture, schools, toilets, garbage_pools, trees, industry)" edit raods $R --set year=2000
rejected2 1 "delete: layer \"roads\" has no feature \"NOPE\"" \
  "delete：图层 \"roads\" 中没有要素 \"NOPE\"" delete roads NOPE
rejected2 1 "delete: cannot delete feature \"V-01\" of layer \"villages\": other features or projects still refer to it" \
  "delete：无法删除图层 \"villages\" 的要素 \"V-01\"：仍有其他要素或项目引用它" delete villages V-01
rejected 2 "delete: expected LAYER and ID (see 'vinfra delete --help')" delete roads

# Accepted values: statuses and allowed values in their canonical spelling,
# numbers stored as numbers, an empty value clears the field.
expect_ok "$VINFRA" edit roads $R --set status=Widened --set surface=ASPHALT --set width=6.5 --set year=2024 --set class= --lang en
assert_eq "edited roads $R: status=widened, surface=asphalt, width=6.5, year=2024, class= (change 21)" "$(cat "$T/out")" "edit summary"
assert_eq "widened|asphalt|real|6.5|integer|2024|1" \
  "$(sqlite3 "$DB" "SELECT status, surface, typeof(width), width, typeof(year), year, class IS NULL FROM roads WHERE id='$R'")" "stored values"
expect_ok "$VINFRA" edit streetlights LD-大坪-0005 --set watts=60
assert_eq "已修改 路灯 LD-大坪-0005: watts=60（变更 22）" "$(cat "$T/out")" "edit summary in Chinese"
assert_eq "integer|60" "$(sqlite3 "$DB" "SELECT typeof(watts), watts FROM streetlights WHERE id='LD-大坪-0005'")" "integer attribute"
expect_ok "$VINFRA" delete streetlights LD-大坪-0005
assert_eq "已删除 路灯 LD-大坪-0005（变更 23）" "$(cat "$T/out")" "delete summary"
assert_eq 0 "$(sqlite3 "$DB" "SELECT count(*) FROM streetlights WHERE id='LD-大坪-0005'")" "deleted"
expect_ok "$VINFRA" check

# Ids and values holding SQL are data: bound, never spliced into a statement.
EVIL="x'); DROP TABLE roads; --"
roads_file "$T/evil.geojson" "$EVIL"
expect_ok "$VINFRA" import "$T/evil.geojson" --layer roads --village 上雷村
expect_ok "$VINFRA" edit roads "$EVIL" --set "name=\"; DELETE FROM roads; --"
assert_eq "\"; DELETE FROM roads; --" "$(sqlite3 "$DB" "SELECT name FROM roads WHERE id = 'x''); DROP TABLE roads; --'")" "name stored as text"
expect_ok "$VINFRA" delete roads "$EVIL"
assert_eq 52 "$(sqlite3 "$DB" "SELECT count(*) FROM roads")" "roads still there"
expect_ok "$VINFRA" undo
assert_eq 53 "$(sqlite3 "$DB" "SELECT count(*) FROM roads")" "the evil road is back"
