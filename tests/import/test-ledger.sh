#!/usr/bin/env bash
# vinfra import --ledger: CSV and XLSX ledgers, programme keys and Chinese
# names, checks with exact messages and an unchanged database, re-import.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
cd "${T:?}"

cat > ledger.csv <<'CSV'
id,name,programme,village,year,funding_wan,kind
P-001,上雷村通村路硬化,infrastructure,上雷村,2018,120.5,project
P-002,双龙村蓄水池,基建扶贫,双龙村,2019,35,
P-003,区级爱心捐赠,社会扶贫,,2020,286,fund
CSV
EXPECTED="P-001|上雷村通村路硬化|infrastructure|上雷村|project|2018|120.5
P-002|双龙村蓄水池|infrastructure|双龙村|project|2019|35.0
P-003|区级爱心捐赠|social||fund|2020|286.0"
projects() { sql "$1" "select id, name, programme, village, kind, year, funding_wan from projects order by id"; }

db=$(fresh csv)
expect_ok "$VINFRA" import --ledger ledger.csv --db "$db"
assert_eq "已导入 'ledger.csv' → 项目台账：读取 3 条，写入 3 条，跳过 0 条" "$(cat "$T/out")" "summary"
assert_eq "$EXPECTED" "$(projects "$db")" "CSV ledger"
assert_eq 3 "$(sql "$db" "select count(*) from projects where import_id = (select id from imports where layer = 'projects' and features = 3)")" "projects referencing their import"
# Features may now name the ledger's projects.
printf '{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": {"id": "R-1", "status": "hardened", "project": "P-001"}, "geometry": {"type": "LineString", "coordinates": [[109.26, 34.0], [109.27, 34.0]]}}]}\n' > road.geojson
expect_ok "$VINFRA" import road.geojson --layer roads --db "$db"
assert_eq "P-001" "$(sql "$db" "select project from roads")" "feature's project"
# The same ledger again is recognised.
expect_ok "$VINFRA" import --ledger ledger.csv --db "$db"
today=$(date -u +%Y-%m-%d)
assert_eq "'ledger.csv' 已于 $today 导入项目台账：未重复导入" "$(cat "$T/out")" "ledger re-import"
expect_ok "$VINFRA" import --ledger ledger.csv --db "$db" --lang en
assert_eq "'ledger.csv' was already imported into the ledger on $today: nothing done" "$(cat "$T/out")" "ledger re-import in English"

# XLSX, made from the CSV with numeric cells.
ogr2ogr -f XLSX ledger.xlsx ledger.csv -oo AUTODETECT_TYPE=YES
db=$(fresh xlsx)
expect_ok "$VINFRA" import --ledger ledger.xlsx --db "$db"
assert_eq "$EXPECTED" "$(projects "$db")" "XLSX ledger"

# Rejected ledgers: message in English and in Chinese, exit code, database unchanged.
reject() {
  local msg=$1 zh=$2 file=$3
  local before; before=$(sha "$DB")
  expect_fail2 1 "vinfra: error: $msg" "vinfra：错误：$zh" "$VINFRA" import --ledger "$file"
  assert_eq "$before" "$(sha "$DB")" "database after: $msg"
}
# bad LINE: ledger.csv with its last row replaced by LINE, as bad.csv.
bad() { { head -n 3 ledger.csv; echo "$1"; } > bad.csv; }
# Rows are numbered as a spreadsheet shows them: the header is row 1.
HEAD="cannot import 'bad.csv': row 4 (id \"P-003\")"
HEAD_ZH="无法导入 'bad.csv'：第 4 行（编号 \"P-003\"）"
bad 'P-003,区级爱心捐赠,roads,,2020,286,fund'
reject "$HEAD, column programme: expected one of infrastructure, industry, consumption, culture, health, ecology, education, social or a Chinese name such as 基建扶贫, got \"roads\"" \
  "${HEAD_ZH}，programme 列：应为 infrastructure、industry、consumption、culture、health、ecology、education、social 之一或其中文名称（如 基建扶贫），实为 \"roads\"" bad.csv
bad 'P-003,区级爱心捐赠,social,王家村,2020,286,fund'
reject "$HEAD, column village: expected one of the store's villages (上雷村, 双龙村) or nothing, got \"王家村\"" \
  "${HEAD_ZH}，village 列：应为数据库中的村（上雷村、双龙村）之一或留空，实为 \"王家村\"" bad.csv
bad 'P-003,区级爱心捐赠,social,,20,286,fund'
reject "$HEAD, column year: expected a year from 1949 to 2100, got \"20\"" \
  "${HEAD_ZH}，year 列：应为 1949 至 2100 年之间的年份，实为 \"20\"" bad.csv
bad 'P-003,区级爱心捐赠,social,,2020,286万,fund'
reject "$HEAD, column funding_wan: expected an amount in 万元 (a number from 0.01 to 10000 万元), got \"286万\"" \
  "${HEAD_ZH}，funding_wan 列：应为以万元计的金额（0.01 到 10000 万元之间的数），实为 \"286万\"" bad.csv
bad 'P-003,区级爱心捐赠,social,,2020,-5,fund'
reject "$HEAD, column funding_wan: expected an amount in 万元 (a number from 0.01 to 10000 万元), got \"-5\"" \
  "${HEAD_ZH}，funding_wan 列：应为以万元计的金额（0.01 到 10000 万元之间的数），实为 \"-5\"" bad.csv
bad 'P-003,区级爱心捐赠,social,,2020,1e300,fund'
reject "$HEAD, column funding_wan: expected an amount in 万元 (a number from 0.01 to 10000 万元), got \"1e300\"" \
  "${HEAD_ZH}，funding_wan 列：应为以万元计的金额（0.01 到 10000 万元之间的数），实为 \"1e300\"" bad.csv
bad 'P-003,区级爱心捐赠,social,,2020,0,fund'
reject "$HEAD, column funding_wan: expected an amount in 万元 (a number from 0.01 to 10000 万元), got \"0\"" \
  "${HEAD_ZH}，funding_wan 列：应为以万元计的金额（0.01 到 10000 万元之间的数），实为 \"0\"" bad.csv
bad 'P-003,区级爱心捐赠,social,,2020,286,gift'
reject "$HEAD, column kind: expected one of project, fund, got \"gift\"" \
  "${HEAD_ZH}，kind 列：应为 project、fund 之一，实为 \"gift\"" bad.csv
bad 'P-003,,social,,2020,286,fund'
reject "$HEAD, column name: expected the project's name, got nothing" \
  "${HEAD_ZH}，name 列：应为项目名称，实为空" bad.csv
bad 'P-001,区级爱心捐赠,social,,2020,286,fund'
reject "cannot import 'bad.csv': row 4 (id \"P-001\"), column id: expected a unique id, got \"P-001\" (row 2 has it too)" \
  "无法导入 'bad.csv'：第 4 行（编号 \"P-001\"），id 列：编号应唯一，实为 \"P-001\"（第 2 行也有）" bad.csv
bad ',区级爱心捐赠,social,,2020,286,fund'
reject "cannot import 'bad.csv': row 4, column id: expected a project id, got nothing" \
  "无法导入 'bad.csv'：第 4 行，id 列：应为项目编号，实为空" bad.csv
printf 'id,name,village\nP-1,x,\n' > nocol.csv
reject "cannot import 'nocol.csv': no column \"programme\" (a ledger has the columns id, name, programme, village, year, funding_wan, kind)" \
  "无法导入 'nocol.csv'：没有列 \"programme\"（项目台账的列为 id、name、programme、village、year、funding_wan、kind）" nocol.csv
# Against the ledger in the store.
expect_ok "$VINFRA" import --ledger ledger.csv
printf 'id,name,programme\nP-004,新项目,health\nP-002,重复,health\n' > more.csv
reject "cannot import 'more.csv': row 3 (id \"P-002\"), column id: expected a unique id, got \"P-002\" (the ledger already has it)" \
  "无法导入 'more.csv'：第 3 行（编号 \"P-002\"），id 列：编号应唯一，实为 \"P-002\"（项目台账中已有）" more.csv
# A dry run checks and writes nothing.
printf 'id,name,programme\nP-004,新项目,health\n' > more.csv
before=$(sha "$DB")
expect_ok "$VINFRA" import --ledger more.csv --dry-run
assert_eq "已检查 'more.csv' → 项目台账：读取 1 条，可写入 1 条，跳过 0 条，未写入（试运行）" "$(cat "$T/out")" "ledger dry run"
expect_ok "$VINFRA" import --ledger more.csv --dry-run --lang en
assert_eq "checked 'more.csv' for the ledger: 1 read, 1 would be written, 0 skipped, nothing written (dry run)" "$(cat "$T/out")" "ledger dry run in English"
assert_eq "$before" "$(sha "$DB")" "database after a ledger dry run"
# Warnings follow --lang: a column a ledger does not have; a blank row is
# named in the summary, as a layer's table says it (import-table.c).
printf 'id,name,programme,备注\nP-004,新项目,health,x\n,,,\n' > warn.csv
expect_ok "$VINFRA" import --ledger warn.csv --dry-run
assert_contains "$T/err" "vinfra：警告：'warn.csv'：以下列不属于项目台账，已忽略：备注"
assert_eq "已检查 'warn.csv' → 项目台账：读取 2 条，可写入 1 条，跳过 1 条，未写入（试运行）；第 3 行为空，已跳过" "$(cat "$T/out")" "blank ledger row in the summary"
expect_ok "$VINFRA" import --ledger warn.csv --dry-run --lang en
assert_contains "$T/err" "vinfra: warning: 'warn.csv': columns that are not in a ledger were ignored: 备注"
assert_eq "checked 'warn.csv' for the ledger: 2 read, 1 would be written, 1 skipped, nothing written (dry run); row 3 is empty: skipped" "$(cat "$T/out")" "blank ledger row in the English summary"
# Totals rows (合计, 小计, a row without an id adding up the rows above) are
# skipped, each named in the summary, never imported as projects.
# (New ids: the base database holds ledger.csv by now.)
{ sed 's/^P-/T-/' ledger.csv
  echo ',合计,,,,441.5,'
  echo 'T-004,卫生室,health,,2020,30,project'
  echo '小计：,,,,,30,'
  echo ',2020年共计,,,,30,'
  echo ',,,,,471.5,'
  echo 'TOTAL,,,,,471.5,'; } > totals.csv
db=$(fresh totals)
expect_ok "$VINFRA" import --ledger totals.csv --db "$db"
assert_eq "已导入 'totals.csv' → 项目台账：读取 9 条，写入 4 条，跳过 5 条；第 5、7、8、9、10 行是合计行，已跳过（不是项目）" "$(cat "$T/out")" "totals rows in the summary"
assert_eq "4|471.5" "$(sql "$db" "select count(*), sum(funding_wan) from projects where id like 'T-%'")" "projects without the totals rows"
expect_ok "$VINFRA" import --ledger totals.csv --db "$(fresh totals-en)" --lang en --quiet
assert_eq "imported 'totals.csv' into the ledger: 9 read, 4 written, 5 skipped; rows 5, 7, 8, 9, 10 are totals, not projects: skipped" "$(cat "$T/out")" "totals rows in the English summary"
# A row without an id whose funding adds up to nothing above is no total.
{ sed 's/^P-/T-/' ledger.csv; echo ',杂项,health,,2020,12,'; } > nototal.csv
reject "cannot import 'nototal.csv': row 5, column id: expected a project id, got nothing" \
  "无法导入 'nototal.csv'：第 5 行，id 列：应为项目编号，实为空" nototal.csv
expect_fail 2 "vinfra: error: import: --ledger takes no --layer, --village, --village-field, --src-crs, --map, --set or --map-value" \
  "$VINFRA" import --ledger more.csv --layer roads
echo ok
