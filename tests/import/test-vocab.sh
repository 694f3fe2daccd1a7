#!/usr/bin/env bash
# test-vocab.sh - field files that name fields and values as county offices
# do (data/vocabulary.tsv): Chinese column names and synonyms in any order,
# statuses, poverty classes, surfaces and operators as Chinese names,
# synonyms, full-width forms, with spaces around, imported as the keys they
# mean; a status a layer lacks stored as its status of the same kind (新建 on
# a light is built, 已建 on a road is new); a value no word matches refused
# with the allowed values in Chinese and English and the --map-value that
# reads it, the database unchanged; --set for a field the file lacks;
# vinfra edit --set with the same words.  Fixtures: gen/vocab.py, seeded.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
cd "$T"

# reject CODE 'message after "vinfra: error: "' ARGS...: fails, database unchanged.
reject() {
  local code=$1 msg=$2 before; shift 2
  before=$(sha "$DB")
  expect_fail "$code" "vinfra: error: $msg" "$VINFRA" import "$@" --db "$DB"
  assert_eq "$before" "$(sha "$DB")" "database after: import $*"
}
# reject2 CODE 'message after "vinfra: error: "' 'after "vinfra：错误："' ARGS...: as
# reject, and the Chinese message too.
reject2() {
  local code=$1 msg=$2 zh=$3 before; shift 3
  before=$(sha "$DB")
  expect_fail2 "$code" "vinfra: error: $msg" "vinfra：错误：$zh" "$VINFRA" import "$@" --db "$DB"
  assert_eq "$before" "$(sha "$DB")" "database after: import $*"
}

# stored LAYER COLUMNS: the stored values, as expected-*.tsv writes them.
stored() {
  sqlite3 -separator "$(printf '\t')" "$DB" "select $2 from \"$1\" order by id"
}

# check LAYER EXPECTED COLUMNS: the stored values are exactly EXPECTED's.
check() {
  stored "$1" "$3" >"$T/got-$1.tsv"
  diff "$2" "$T/got-$1.tsv" >&2 || fail "stored values of $1 differ from $2"
}

for seed in 1 2 3; do
  rm -rf "$T/gen" && mkdir "$T/gen"
  python3 "$TESTS_DIR/import/gen/vocab.py" "$T/gen" "$seed" || fail "gen/vocab.py $seed"
  G="$T/gen"
  cp "$T/base.sqlite" "$T/seed.sqlite"
  DB="$T/seed.sqlite"

  expect_ok "$VINFRA" import "$G/households.geojson" --layer households --db "$DB"
  check households "$G/expected-households.tsv" \
    "id, members, poverty, toilet_retrofit, head_name, id_number, phone"
  expect_ok "$VINFRA" import "$G/lights.csv" --layer streetlights --db "$DB"
  check streetlights "$G/expected-streetlights.tsv" "id, status, power_source, watts"
  expect_ok "$VINFRA" import "$G/roads.geojson" --layer roads --db "$DB"
  check roads "$G/expected-roads.tsv" "id, status, year, surface, class, printf('%g', width)"
  expect_ok "$VINFRA" import "$G/towers.geojson" --layer signal_towers --db "$DB"
  check signal_towers "$G/expected-signal_towers.tsv" "id, status, operator, printf('%g', height)"

  # A surface no word matches: refused with the allowed values and the fix.
  IFS=$'\t' read -r n id column <"$G/gravel.expect"
  reject 1 "cannot import '$G/gravel.geojson': feature $n (id \"$id\"): field \"surface\": expected one of concrete (水泥路面), asphalt (沥青路面), gravel (砂石路面), earth (土路), got \"碎石\"; map it with --map-value surface:碎石=gravel" \
    "$G/gravel.geojson" --layer roads
  expect_ok "$VINFRA" import "$G/gravel.geojson" --layer roads --map-value surface:碎石=gravel --db "$DB"
  assert_eq gravel "$(sqlite3 "$DB" "select surface from roads where id = '$id'")" "surface of $id"

  # A household list without poverty: required, so refused until --set.
  reject2 1 "cannot import '$G/nopoverty.csv': layer households needs field \"poverty\" (one of registered (贫困户（未脱贫）), lifted (已脱贫户), none (一般农户)), which the file does not have (name the file's field with --map poverty=FIELD, or give every feature the same value with --set poverty=VALUE)" \
    "无法导入 '$G/nopoverty.csv'：图层 households 需要字段 \"poverty\"（registered（贫困户（未脱贫））、lifted（已脱贫户）、none（一般农户） 之一），文件中没有（用 --map poverty=字段 指定文件中的字段，或用 --set poverty=值 给所有要素同一个值）" \
    "$G/nopoverty.csv" --layer households
  expect_ok "$VINFRA" import "$G/nopoverty.csv" --layer households --set poverty=一般户 --db "$DB"
  sqlite3 -separator "$(printf '\t')" "$DB" \
    "select id, members, poverty from households where id like 'NP-%' order by id" >"$T/got-np.tsv"
  diff "$G/expected-nopoverty.tsv" "$T/got-np.tsv" >&2 || fail "--set poverty"

  # A walked road: no status column; --set status=new makes it new road.
  expect_ok "$VINFRA" import "$G/walked.geojson" --layer roads --set status=新修 --db "$DB"
  assert_eq "new" "$(sqlite3 "$DB" "select status from roads where name = '新修组道'")" "--set status"
done
# Refusals on the store with villages only (files imported before are not
# read again).
DB="$T/base.sqlite"

# --set for a field the file gives values: refused, naming the feature.
IFS=$'\t' read -r id column value <"$G/lights.expect"
reject2 1 "cannot import '$G/lights.csv': row 2 (id \"$id\"), column $column: the file gives \"$value\" (field \"$column\"), which --set \"status=new\" would overwrite: give --set only for a field the file lacks or leaves empty" \
  "无法导入 '$G/lights.csv'：第 2 行（编号 \"$id\"），$column 列：文件中给出的是 \"$value\"（字段 \"$column\"），--set \"status=new\" 会覆盖它：--set 只用于文件中没有或为空的字段" \
  "$G/lights.csv" --layer streetlights --set status=new --dry-run
# Option errors: unknown field, bad form, a value the field does not take.
reject2 2 "cannot import '$G/walked.geojson': --set \"colour=red\": layer roads has no field \"colour\" (its fields: id, village, name, status, year, project, class, surface, width)" \
  "无法导入 '$G/walked.geojson'：--set \"colour=red\"：图层 roads 没有字段 \"colour\"（其字段：id、village、name、status、year、project、class、surface、width）" \
  "$G/walked.geojson" --layer roads --set colour=red --dry-run
reject2 2 "cannot import '$G/walked.geojson': --set \"status\": expected FIELD=VALUE" \
  "无法导入 '$G/walked.geojson'：--set \"status\"：应为 字段=值" \
  "$G/walked.geojson" --layer roads --set status --dry-run
reject2 2 "cannot import '$G/walked.geojson': --set \"状态=坏了\": field \"status\": expected one of new (新建), widened (拓宽), hardened (硬化), existing (现有), planned (规划), got \"坏了\"" \
  "无法导入 '$G/walked.geojson'：--set \"状态=坏了\"：字段 \"status\"：应为 new（新建）、widened（拓宽）、hardened（硬化）、existing（现有）、planned（规划） 之一，实为 \"坏了\"" \
  "$G/walked.geojson" --layer roads --set 状态=坏了 --dry-run
reject2 2 "cannot import '$G/walked.geojson': --set \"width=wide\": field \"width\": expected a number, got \"wide\"" \
  "无法导入 '$G/walked.geojson'：--set \"width=wide\"：字段 \"width\"：应为数值，实为 \"wide\"" \
  "$G/walked.geojson" --layer roads --set width=wide --dry-run
reject2 2 "cannot import '$G/walked.geojson': --set \"id=R-1\": every feature needs an id of its own (without an id field, ids are made from the file name)" \
  "无法导入 '$G/walked.geojson'：--set \"id=R-1\"：每个要素都需要自己的编号（没有编号字段时，编号由文件名生成）" \
  "$G/walked.geojson" --layer roads --set id=R-1 --dry-run
reject2 2 "cannot import '$G/walked.geojson': --set \"status=new\" and --set \"status=planned\" both set field \"status\": give one" \
  "无法导入 '$G/walked.geojson'：--set \"status=new\" 和 --set \"status=planned\" 都设置了字段 \"status\"：只能给一个" \
  "$G/walked.geojson" --layer roads --set status=new --set status=planned --dry-run
reject2 2 "cannot import '$G/gravel.geojson': --map-value \"surface=gravel\": expected FIELD:SOURCE=VALUE" \
  "无法导入 '$G/gravel.geojson'：--map-value \"surface=gravel\"：应为 字段:原值=值" \
  "$G/gravel.geojson" --layer roads --map-value surface=gravel --dry-run
reject 2 "cannot import '$G/gravel.geojson': --map-value \"surface:碎石=marble\": field \"surface\": expected one of concrete (水泥路面), asphalt (沥青路面), gravel (砂石路面), earth (土路), got \"marble\"" \
  "$G/gravel.geojson" --layer roads --map-value surface:碎石=marble --dry-run
reject2 2 "cannot import '$G/gravel.geojson': --map-value \"colour:红=red\": layer roads has no field \"colour\" (its fields: id, village, name, status, year, project, class, surface, width)" \
  "无法导入 '$G/gravel.geojson'：--map-value \"colour:红=red\"：图层 roads 没有字段 \"colour\"（其字段：id、village、name、status、year、project、class、surface、width）" \
  "$G/gravel.geojson" --layer roads --map-value colour:红=red --dry-run
reject2 2 "cannot import '$G/gravel.geojson': --map-value \"surface:碎石=gravel\" and --map-value \"surface: 碎石 =earth\" both read one value of field \"surface\": give one" \
  "无法导入 '$G/gravel.geojson'：--map-value \"surface:碎石=gravel\" 和 --map-value \"surface: 碎石 =earth\" 都对应字段 \"surface\" 的同一个值：只能给一个" \
  "$G/gravel.geojson" --layer roads --map-value surface:碎石=gravel --map-value "surface: 碎石 =earth" --dry-run
expect_fail 2 "vinfra: error: import: --ledger takes no --layer, --village, --village-field, --src-crs, --map, --set or --map-value" \
  "$VINFRA" import --ledger "$G/nopoverty.csv" --set poverty=none --db "$DB"

# vinfra edit --set takes the same words, stored as the keys they mean.
DB="$T/seed.sqlite"
expect_ok "$VINFRA" edit streetlights LD-01 --set status=新建 --db "$DB"
assert_eq built "$(sqlite3 "$DB" "select status from streetlights where id = 'LD-01'")" "edit 新建 on a light"
expect_ok "$VINFRA" edit roads R-01 --set status=已建 --set surface=" 沥青 " --db "$DB"
assert_eq "new|asphalt" "$(sqlite3 "$DB" "select status, surface from roads where id = 'R-01'")" "edit 已建, 沥青 on a road"
expect_ok "$VINFRA" edit households HH-001 --set poverty=建档立卡贫困户 --db "$DB"
assert_eq registered "$(sqlite3 "$DB" "select poverty from households where id = 'HH-001'")" "edit poverty"
before=$(sha "$DB")
expect_fail 1 "vinfra: error: edit: cannot edit roads feature \"R-01\": field \"surface\": expected one of concrete (水泥路面), asphalt (沥青路面), gravel (砂石路面), earth (土路), got \"碎石\"" \
  "$VINFRA" edit roads R-01 --set surface=碎石 --db "$DB"
assert_eq "$before" "$(sha "$DB")" "database after a refused edit"
echo "ok"
