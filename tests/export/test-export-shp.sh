#!/usr/bin/env bash
# Shapefiles as ArcGIS and SuperMap on Chinese Windows read them, checked by an
# independent reader (pyshp) and by the bytes: the DBF language driver byte
# and .cpg of the encoding, GBK text and field names, the .prj's CRS, the zip.
. "$TESTS_DIR/lib.sh"
need sqlite3
need gdalsrsinfo
[ -x /usr/bin/python3 ] && /usr/bin/python3 -c 'import shapefile' 2>/dev/null || skip "python3-pyshp not installed"
set -e
DB=$T/demo/demo.sqlite
demo_db "$T/demo"
export VINFRA_DB=$DB
ldid() { od -An -tx1 -j29 -N1 "$1" | tr -d ' \n'; }

# GBK (the profile's default): LDID 0x4D, .cpg 936, text in GBK.
expect_ok "$VINFRA" export --profile transport --out "$T/gbk"
for l in roads bridges streetlights; do
  assert_eq 4d "$(ldid "$T/gbk/$l.dbf")" "$l.dbf language driver byte"
  assert_eq 936 "$(cat "$T/gbk/$l.cpg")" "$l.cpg"
  assert_eq EPSG:4490 "$(gdalsrsinfo -e "$T/gbk/$l.prj" | grep -o 'EPSG:[0-9]*' | head -1)" "$l.prj"
done
sql "$DB" "SELECT id, name, village, class, width FROM roads ORDER BY fid" >"$T/roads.store"
# pyshp reads the DBF on its own: GBK names decode to the store's characters,
# and the raw bytes are GBK, not UTF-8.
/usr/bin/python3 - "$T/gbk/roads" "$T/roads.store" <<'PY' || fail "pyshp read-back (GBK)"
import shapefile, sys
r = shapefile.Reader(sys.argv[1], encoding='gbk')
names = [f[0] for f in r.fields[1:]]
assert names == ['ID', 'NAME', 'VILLAGE', 'STATUS', 'YEAR', 'PROJECT', 'CLASS', 'SURFACE',
                 'WIDTH_M', 'LENGTH_M'], names
store = [l.split('|') for l in open(sys.argv[2], encoding='utf-8').read().splitlines()]
recs = [rec.as_dict() for rec in r.records()]
assert len(recs) == len(store) == len(r.shapes()), (len(recs), len(store))
# Values are the bureau's Chinese labels (data/labels.tsv, statuses.tsv), not codes.
label = {'county': '县道', 'township': '乡道', 'village': '村道', 'group': '组道', '': ''}
for rec, (id_, name, village, cls, width) in zip(recs, store):
    assert (rec['ID'], rec['NAME'], rec['VILLAGE'], rec['CLASS']) == (id_, name, village, label[cls]), rec
    assert abs(rec['WIDTH_M'] - float(width)) < 1e-9, rec
raw = open(sys.argv[1] + '.dbf', 'rb').read()
assert '蓝葛公路'.encode('gbk') in raw and '蓝葛公路'.encode('utf-8') not in raw
assert (recs[0]['STATUS'], recs[0]['CLASS'], recs[0]['SURFACE']) == ('现有', '县道', '沥青路面'), recs[0]
assert '现有'.encode('gbk') in raw
print('pyshp: %d roads, GBK names equal' % len(recs))
PY

# UTF-8: .cpg UTF-8 and no code page byte.
expect_ok "$VINFRA" export --profile transport --encoding UTF-8 --out "$T/utf8"
assert_eq UTF-8 "$(cat "$T/utf8/roads.cpg")" "roads.cpg (UTF-8)"
assert_eq 00 "$(ldid "$T/utf8/roads.dbf")" "language driver byte (UTF-8)"
/usr/bin/python3 - "$T/utf8/roads" <<'PY' || fail "pyshp read-back (UTF-8)"
import shapefile, sys
r = shapefile.Reader(sys.argv[1], encoding='utf-8')
assert r.record(0)['NAME'] == '蓝葛公路（上雷村段）', r.record(0)
PY

# --crs gk: the zone of the data, named in the .prj.
expect_ok "$VINFRA" export --profile water --crs gk --out "$T/gk"
assert_eq EPSG:4545 "$(gdalsrsinfo -e "$T/gk/water_pipes.prj" | grep -o 'EPSG:[0-9]*' | head -1)" "gk .prj"

# Chinese field names chosen by a profile: 5 characters are 10 bytes in GBK.
cp -r "$VINFRA_DATADIR" "$T/data"
printf 'cn\t中文字段\tChinese fields\tshp\tEPSG:4490\tGBK\n' >>"$T/data/profiles/profiles.tsv"
printf 'layer\tfile\tsource\tfield\talias\tdecimals\nroads\t道路\tid\t编号\nroads\t\tname\t名称\nroads\t\tclass\t道路等级\nroads\t\tsurface\t路面材料类\nroads\t\tlength_m\t长度米\t3\n' >"$T/data/profiles/cn.tsv"
VINFRA_DATADIR=$T/data expect_ok "$VINFRA" export --profile cn --out "$T/cn"
/usr/bin/python3 - "$T/cn/道路" <<'PY' || fail "pyshp: GBK field names"
import shapefile, sys
r = shapefile.Reader(sys.argv[1], encoding='gbk')
assert [f[0] for f in r.fields[1:]] == ['编号', '名称', '道路等级', '路面材料类', '长度米'], r.fields
assert r.record(0)['路面材料类'] == '沥青路面'
PY
python3 "$TESTS_DIR/export/readback.py" "$DB" "$T/cn" >/dev/null || fail "read-back of Chinese field names"

# A profile asking for codes, and for the Chinese aliases as field names: in
# GBK within 10 bytes, cut on a character boundary (道路等级名称 is 12 bytes:
# 道路等级名, 10), unique (两个相同前缀 -> a number in place of the last
# character), the .dbf field names GBK bytes.
printf 'cnames\t中文字段名\tChinese field names\tshp\tEPSG:4490\tGBK\tcodes\tzh\n' >>"$T/data/profiles/profiles.tsv"
printf 'layer\tfile\tsource\tfield\talias\nroads\troads\tid\tID\t编号\nroads\t\tstatus\tSTATUS\t状态\nroads\t\tclass\tCLASS\t道路等级名称\nroads\t\tsurface\tSURFACE\t道路等级名称二\nroads\t\twidth\tWIDTH_M\t路宽（米）\n' >"$T/data/profiles/cnames.tsv"
VINFRA_DATADIR=$T/data expect_ok "$VINFRA" export --profile cnames --out "$T/cnames"
/usr/bin/python3 - "$T/cnames/roads" <<'PY' || fail "pyshp: Chinese alias field names cut to 10 GBK bytes"
import shapefile, sys
r = shapefile.Reader(sys.argv[1], encoding='gbk')
names = [f[0] for f in r.fields[1:]]
assert names == ['编号', '状态', '道路等级名', '道路等级2', '路宽（米）'], names
assert all(len(n.encode('gbk')) <= 10 for n in names)
rec = r.record(0)
assert (rec['状态'], rec['道路等级名'], rec['道路等级2']) == ('existing', 'county', 'asphalt'), rec
raw = open(sys.argv[1] + '.dbf', 'rb').read(32 * 6)
assert '道路等级名'.encode('gbk') in raw
PY
python3 "$TESTS_DIR/export/readback.py" "$DB" "$T/cnames" >/dev/null || fail "read-back of codes"
assert_contains "$T/cnames/manifest.json" '"values": "codes"'
assert_contains "$T/cnames/README.txt" '字段 道路等级名：道路等级名称，取值：county（县道），township（乡道），village（村道），group（组道）'
assert_contains "$T/cnames/README.txt" '字段 路宽（米）：路宽（米），单位：米'

# --zip: one archive and its checksum; the archive holds the package.
expect_ok "$VINFRA" export --profile transport --village 上雷村 --zip --out "$T/zip"
assert_eq "transport-上雷村.zip transport-上雷村.zip.sha256" "$(cd "$T/zip" && echo *)" "zipped package"
(cd "$T/zip" && sha256sum -c --quiet transport-上雷村.zip.sha256) || fail "zip checksum"
mkdir "$T/unzipped" && (cd "$T/unzipped" && /usr/bin/python3 -m zipfile -e "$T/zip/transport-上雷村.zip" .)
python3 "$TESTS_DIR/export/readback.py" "$DB" "$T/unzipped" >/dev/null || fail "read-back of the zipped package"

# Exporting again into an earlier package replaces it.
before=$(cat "$T/gbk/manifest.json" | grep '"created"')
expect_ok "$VINFRA" export --profile transport --format gpkg --out "$T/gbk"
assert_eq "README.txt manifest.json transport.gpkg" "$(cd "$T/gbk" && echo *)" "replaced package"
[ -z "$(ls -A "$T" | grep '^\.vinfra-')" ] || fail "temporary folders left behind"
echo ok
