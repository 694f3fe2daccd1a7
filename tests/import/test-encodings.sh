#!/usr/bin/env bash
# Encodings as county files come (issue 13): DBFs from a Chinese ArcGIS (GBK
# or GB18030, language driver id 0, no .cpg, Chinese field names) and CSVs
# saved in GBK are read as GB18030, names and values, and the summary says
# so; byte order marks are honoured; a file that no one encoding explains is
# refused naming the cell and showing its bytes, the database unchanged;
# what a file or --encoding declares is kept.  The files come from
# gen/encodings.py, for several seeds.
. "$TESTS_DIR/lib.sh"
. "$TESTS_DIR/import/fixtures.sh"
PY=
for p in python3 /usr/bin/python3; do
  if "$p" -c 'import shapefile' 2>/dev/null; then PY=$p; break; fi
done
[ -n "$PY" ] || skip "python3 with pyshp (python3-pyshp) not installed"

detected="；文本按 GB18030（GBK）读取（文件未声明编码；用 --encoding 指定其他编码）"
wgs84="；坐标按 WGS 84 经纬度读取，用 --src-crs 指定其他坐标系"
query="select id, village, name, status, year, power_source, watts from streetlights order by id"
bad_char=$'\xef\xbf\xbd' # U+FFFD: text shown garbled

for seed in 13 2026 7; do
  G="$T/gen-$seed"
  mkdir "$G"
  "$PY" "$TESTS_DIR/import/gen/encodings.py" "$G" "$seed" || fail "gen/encodings.py $seed"
  cd "$G"

  # The DBFs are what a Chinese ArcGIS writes: nothing in them says GBK.
  for dbf in dbf-*.dbf neither-*.dbf; do
    [ ! -e "${dbf%.dbf}.cpg" ] || fail "fixture $seed: $dbf has a .cpg"
    assert_eq 00 "$(od -An -tx1 -j29 -N1 "$dbf" | tr -d ' ')" "fixture $seed: $dbf language driver id"
    ! iconv -f UTF-8 -t UTF-8 "$dbf" >/dev/null 2>&1 || fail "fixture $seed: $dbf is UTF-8"
  done
  grep -q $'\xf0\xa0\x80\x80\|\xf0\xa0\x80\x81\|\xf0\xaa\x9a\xa5\|\xe4\xb6\xae' *.rows ||
    fail "fixture $seed: no character outside GBK"

  # Each imports with its values intact; the summary says how the text was read.
  n_ok=0
  while IFS=$'\t' read -r file count clause ignored; do
    n_ok=$((n_ok + 1))
    db=$(fresh "s$seed-${file%.*}")
    expect_ok "$VINFRA" import "$file" --layer streetlights --db "$db"
    want="已导入 '$file' → 路灯：读取 $count 条，写入 $count 条，跳过 0 条"
    [ -z "$ignored" ] || want+="；字段 $ignored 不属于图层 路灯，未导入"
    [ "$clause" = no ] || want+=$detected
    [ "${file##*.}" != csv ] || want+=$wgs84
    assert_eq "$want" "$(cat "$T/out")" "seed $seed: summary of $file"
    assert_eq "$(cat "$file.rows")" "$(sql "$db" "$query")" "seed $seed: rows of $file"
    ! grep -q "$bad_char" "$T/err" || { cat "$T/err" >&2; fail "seed $seed: $file: garbled warning"; }
  done <ok.tsv
  assert_eq 8 "$n_ok" "seed $seed: files that import"

  # Refused with the cell and its bytes; nothing written.
  n_refused=0
  while IFS=$'\t' read -r file args msg; do
    n_refused=$((n_refused + 1))
    [ "$args" != - ] || args=
    before=$(sha "$DB")
    # shellcheck disable=SC2086 # ARGS is words
    expect_fail 1 "vinfra: error: $msg" "$VINFRA" import "$file" --layer streetlights $args
    assert_eq "$before" "$(sha "$DB")" "seed $seed: database after refusing $file"
  done <refuse.tsv
  assert_eq 11 "$n_refused" "seed $seed: files refused"
  cd "$T"
done

# In English, and on a dry run, the summary says the same.
cd "$T/gen-13"
db=$(fresh en)
before=$(sha "$db")
expect_ok "$VINFRA" import dbf-1.shp --layer streetlights --db "$db" --lang en --dry-run
n=$(wc -l <dbf-1.shp.rows)
assert_eq "checked 'dbf-1.shp' for streetlights: $n read, $n would be written, 0 skipped, nothing written (dry run); text read as GB18030 (GBK) (the file does not say its encoding; name another with --encoding)" "$(cat "$T/out")" "English dry-run summary"
assert_eq "$before" "$(sha "$db")" "database after a dry run"

# --encoding overrides the detection: GB18030 named reads the same rows, and
# the summary has nothing to say of it.
expect_ok "$VINFRA" import gbk-1.csv --layer streetlights --db "$db" --encoding GB18030
n=$(wc -l <gbk-1.csv.rows)
assert_eq "已导入 'gbk-1.csv' → 路灯：读取 $n 条，写入 $n 条，跳过 0 条$wgs84" "$(cat "$T/out")" "summary with --encoding"
assert_eq "$(cat gbk-1.csv.rows)" "$(sql "$db" "$query")" "rows with --encoding GB18030"

# A project ledger in GB18030 goes in the same way.
db=$(fresh ledger)
expect_ok "$VINFRA" import --ledger ledger.csv --db "$db"
n=$(wc -l <ledger.csv.rows)
assert_eq "已导入 'ledger.csv' → 项目台账：读取 $n 条，写入 $n 条，跳过 0 条$detected" "$(cat "$T/out")" "ledger summary"
assert_eq "$(cat ledger.csv.rows)" "$(sql "$db" "select id, name, village, year from projects order by id")" "ledger rows"

# A UTF-8 byte order mark is not part of the first column's name.
db=$(fresh bom)
expect_ok "$VINFRA" import utf8-bom.csv --layer streetlights --db "$db" --map id=编号
echo ok
