#!/usr/bin/env bash
# Personal fields (head of household, ID number, phone: personal=yes in
# data/attributes.tsv) never reach a package without --include-personal, in
# any format, zipped or not; with it they are there, and the manifest and the
# database's exports table say so.  Canary values make a leak visible in any
# file, whatever its encoding or compression.  Also the coverage fields.
. "$TESTS_DIR/lib.sh"
need sqlite3
need pdftotext
set -e
DB=$T/demo/demo.sqlite
demo_db "$T/demo"
export VINFRA_DB=$DB
sql "$DB" "UPDATE households SET head_name = 'CANARYNAME' || fid, id_number = 'CANARYID' || fid,
  phone = 'CANARYTEL' || fid; UPDATE households SET head_name = '金丝雀某' WHERE fid = 7;"
# Every byte of every file of DIR, unzipped where zipped (KMZ, XLSX, --zip), in UTF-8 and GBK.
leaks() {
  /usr/bin/python3 - "$1" <<'PY'
import os, sys, zipfile
hits = []
for root, _, files in os.walk(sys.argv[1]):
    for f in files:
        path = os.path.join(root, f)
        blobs = [open(path, 'rb').read()]
        if zipfile.is_zipfile(path):
            with zipfile.ZipFile(path) as z:
                blobs += [z.read(n) for n in z.namelist()]
        for b in blobs:
            for canary in (b'CANARY', '金丝雀'.encode('utf-8'), '金丝雀'.encode('gbk')):
                if canary in b:
                    hits.append('%s: %r' % (path, canary))
print('\n'.join(sorted(set(hits))))
PY
}
for fmt in shp gpkg geojson kml kmz dxf csv xlsx; do
  for p in health all; do
    expect_ok "$VINFRA" export --profile "$p" --format "$fmt" --out "$T/no/$p-$fmt"
  done
done
expect_ok "$VINFRA" export --profile health --zip --out "$T/no/health-zip"
expect_ok "$VINFRA" export --profile health --encoding UTF-8 --out "$T/no/health-utf8"
# Maps and the atlas print no personal field either (their PDF text is
# compressed, so its extracted text is searched too).
mkdir -p "$T/no/maps"
expect_ok "$VINFRA" render --map village --village 东岔村 --out "$T/no/maps/v.pdf"
expect_ok "$VINFRA" render --map gaps --out "$T/no/maps/g.svg"
expect_ok "$VINFRA" render --map coverage --out "$T/no/maps/c.png" --dpi 60
expect_ok "$VINFRA" atlas --out "$T/no/maps/atlas.pdf"
for f in "$T"/no/maps/*.pdf; do pdftotext "$f" "$f.txt"; done
assert_eq "" "$(leaks "$T/no")" "canaries in packages and maps without --include-personal"
assert_contains "$T/no/health-shp/manifest.json" '"include_personal": false'
assert_contains "$T/no/health-shp/manifest.json" '"households.HEAD_NAME",'
assert_contains "$T/no/health-shp/README.txt" '个人信息：未包含（未导出的字段：households.HEAD_NAME, households.ID_NUMBER, households.PHONE）'
expect_ok "$VINFRA" export --profile health --out "$T/no/health-en" --lang en
assert_contains "$T/out" 'personal fields not written: households.HEAD_NAME, households.ID_NUMBER, households.PHONE (--include-personal writes them)'

# With --include-personal: present, in GBK in the shapefile, and recorded.
expect_ok "$VINFRA" export --profile health --include-personal --out "$T/yes/health"
expect_ok "$VINFRA" export --profile all --format geojson --include-personal --out "$T/yes/all"
leaks "$T/yes" >"$T/hits"
assert_contains "$T/hits" "$T/yes/health/households.dbf: b'CANARY'"
assert_contains "$T/hits" "$T/yes/health/households.dbf: b'\\xbd\\xf0\\xcb\\xbf\\xc8\\xb8'"
assert_contains "$T/hits" "$T/yes/all/households.geojson: b'CANARY'"
assert_contains "$T/yes/health/manifest.json" '"include_personal": true'
assert_contains "$T/yes/health/README.txt" '个人信息：已包含（--include-personal），请按规定保管，勿外传'
python3 "$TESTS_DIR/export/readback.py" "$DB" "$T/yes/health" >/dev/null || fail "read-back with personal fields"
assert_eq "health|0
health|1
all|1" "$(sql "$DB" "SELECT profile, include_personal FROM exports WHERE profile IN ('health', 'all') AND format IN ('shp', 'geojson') AND path LIKE '%/health-shp' OR path LIKE '%/yes/%' ORDER BY id")" "exports table"

# Coverage fields: served exactly when within the rule's reach (2 km by line,
# data/rules.tsv), and as many served as vinfra coverage counts.
served=$(/usr/bin/python3 - "$T/yes/health/households" <<'PY'
import shapefile, sys
r = shapefile.Reader(sys.argv[1], encoding='gbk')
n = 0
for rec in r.records():
    assert rec['CLINIC'] in ('是', '否') and (rec['CLINIC'] == '是') == (rec['CLINIC_M'] <= 2000), rec
    n += rec['CLINIC'] == '是'
print(n)
PY
)
"$VINFRA" coverage --service clinic --by line --format json >"$T/cov.json"
assert_eq "$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["services"][0]["total"]["line"]["served_households"])' "$T/cov.json" 2>/dev/null || echo '?')" "$served" "households served by a clinic"
echo ok
