#!/usr/bin/env bash
# Text a spreadsheet would run as a formula (a name =HYPERLINK(...), a phone
# +86..., -1+2, @SUM(...)) reaches CSV and XLSX packages, and the CSV of the
# reports (stats), with a ' before it, as OWASP's advice against CSV
# injection says; a text beginning with ' gets one more, so the rule is
# undone by removing one leading '; numbers, negative ones too, stay as
# they are (a clinic of area -1.5 m²; members have bounds, see data/bounds.tsv);
# README.txt says so.
. "$TESTS_DIR/lib.sh"
need sqlite3
need python3
set -e
demo_db "$T/demo"
DB=$T/demo/demo.sqlite
export VINFRA_DB=$DB
sql "$DB" "UPDATE households SET head_name = '=HYPERLINK(\"http://evil.example/\",\"点击\")',
    phone = '+86 13900000001', name = '@SUM(1+1)', id_number = '-1+2' WHERE fid = 1;
  UPDATE households SET head_name = '''王五', phone = '=1+1' WHERE fid = 2;
  UPDATE clinics SET name = '-卫生室', area = -1.5 WHERE fid = 1"
H1=$(sqlite3 "$DB" "SELECT id FROM households WHERE fid = 1")
H2=$(sqlite3 "$DB" "SELECT id FROM households WHERE fid = 2")
C1=$(sqlite3 "$DB" "SELECT id FROM clinics WHERE fid = 1")

for enc in UTF-8 GBK; do
  expect_ok "$VINFRA" export --profile health --format csv --encoding $enc --include-personal --out "$T/csv-$enc"
done
expect_ok "$VINFRA" export --profile health --format xlsx --include-personal --out "$T/xlsx"

# cells FILE|XLSX SHEET ID FIELD...: the values of FIELDs in the row of ID,
# as a spreadsheet reads the file (CSV by Python's reader, XLSX by its
# shared strings and numbers).
cells() {
  python3 - "$@" <<'PY'
import csv, io, re, sys, zipfile
src, sheet, key, fields = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4:]
if src.endswith('.xlsx'):
    z = zipfile.ZipFile(src)
    strings = [re.sub(r'<[^>]+>', '', s).strip('\n') for s in re.findall(r'<si>(.*?)</si>', z.read('xl/sharedStrings.xml').decode(), re.S)]
    unesc = lambda s: s.replace('&quot;', '"').replace('&apos;', "'").replace('&lt;', '<').replace('&gt;', '>').replace('&amp;', '&')
    names = re.findall(r'<sheet name="([^"]+)"', z.read('xl/workbook.xml').decode())
    xml = z.read(f'xl/worksheets/sheet{names.index(sheet) + 1}.xml').decode()
    col = lambda ref: sum((ord(c) - 64) * 26 ** i for i, c in enumerate(reversed(re.match(r'[A-Z]+', ref).group())))
    rows = []
    for row in re.findall(r'<row[^>]*>(.*?)</row>', xml, re.S):
        vals = {}
        for attrs, v in re.findall(r'<c ([^>]*)>\s*<v>([^<]*)</v>\s*</c>', row):
            ref = re.search(r'r="([A-Z]+)', attrs).group(1)
            vals[col(ref) - 1] = unesc(strings[int(v)]) if 't="s"' in attrs else v
        rows.append([vals.get(i, '') for i in range(max(vals) + 1 if vals else 0)])
else:
    raw = open(src, 'rb').read()
    text = raw.decode('utf-8-sig') if raw.startswith(b'\xef\xbb\xbf') else raw.decode('gbk')
    rows = list(csv.reader(io.StringIO(text)))
head = rows[0]
row = next(r for r in rows[1:] if key in r)
print('|'.join(row[head.index(f)] for f in fields))
PY
}
# The headers are the profile's Chinese aliases (with units).
for f in "$T/csv-UTF-8/households.csv" "$T/csv-GBK/households.csv" "$T/xlsx/health.xlsx"; do
  assert_eq "'=HYPERLINK(\"http://evil.example/\",\"点击\")|'+86 13900000001|'@SUM(1+1)|'-1+2" \
    "$(cells "$f" households "$H1" 户主姓名 联系电话 门牌 身份证号)" "$f: household 1"
  assert_eq "''王五|'=1+1" "$(cells "$f" households "$H2" 户主姓名 联系电话)" "$f: household 2"
done
for f in "$T/csv-UTF-8/clinics.csv" "$T/xlsx/health.xlsx"; do
  assert_eq "'-卫生室|-1.5" "$(cells "$f" clinics "$C1" 名称 面积（平方米）)" "$f: clinic 1"
done
for d in csv-UTF-8 xlsx; do
  assert_contains "$T/$d/README.txt" "Spreadsheet cells: a text cell that begins with = + - @, a tab, a carriage return or ' has one ' put before it"
  assert_contains "$T/$d/README.txt" "表格单元格：以 = + - @、制表符、回车或单引号 ' 开头的文字单元格前加了一个单引号 '"
done
# Other formats keep the text as it is, and say nothing of spreadsheets.
expect_ok "$VINFRA" export --profile health --format geojson --include-personal --out "$T/geojson"
assert_contains "$T/geojson/households.geojson" '"HEAD_NAME": "=HYPERLINK(\"http://evil.example/\",\"点击\")"'
grep -q "Spreadsheet cells" "$T/geojson/README.txt" && fail "README.txt of a GeoJSON package speaks of spreadsheet cells"

# The reports' CSV (report.c, which every report's CSV goes through): a
# village's name in stats.
for table in $(sqlite3 "$DB" "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%village TEXT%'"); do
  sqlite3 "$DB" "UPDATE \"$table\" SET village = '=cmd|calc' WHERE village = '上雷村'"
done
sql "$DB" "UPDATE villages SET name = '=cmd|calc' WHERE name = '上雷村'"
expect_ok "$VINFRA" stats --format csv --lang en
assert_contains "$T/out" "'=cmd|calc,projects,24,,,"
echo ok
