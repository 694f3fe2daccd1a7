#!/usr/bin/env python3
"""encodings.py OUTDIR SEED: streetlight files in the encodings county
offices receive them, for tests/import/test-encodings.sh.

Made from SEED (the same seed, the same files), varied: the order of the
Chinese field names, the number of rows, the characters (outside GB2312,
some outside GBK, so that GB18030 matters), line endings, quoting.

Files that must import, each with FILE.rows (the stored rows it must give,
"id|village|name|status|year|power_source|watts" in id order), listed in
ok.tsv: file, features, whether the summary says the text was read as
GB18030 (yes/no), the fields the warning lists as ignored ("" for none):
  dbf-N.shp      GBK/GB18030 DBFs as a Chinese ArcGIS writes them: language
                 driver id 0, no .cpg, Chinese field names in varied order
  gbk-N.csv      CSVs saved in GBK / GB18030 without a byte order mark
  gb-bom.csv     a GB18030 CSV with GB18030's byte order mark (it says so)
  utf8-bom.csv   a UTF-8 CSV with a byte order mark before 编号
  ldid-936.shp   a GBK DBF whose language driver id says CP936
and ledger.csv, a project ledger in GB18030 (ledger.csv.rows:
"id|name|village|year").
Files that must be refused, listed in refuse.tsv: file, extra arguments
("-": none), the exact message (after "vinfra: error: ").
"""
import os
import random
import sys

import shapefile

out, seed = sys.argv[1], int(sys.argv[2])
rnd = random.Random(seed)

VILLAGES = {'上雷村': (109.255, 109.295), '双龙村': (109.305, 109.355)}
# Characters of GB2312, of GBK only (镕 堃 喆 瑄), of GB18030 only (䶮: two
# bytes; 𠀀 𠀁 𪚥: four).
PLACES = ['村口', '七组', '小学门口', '王镕家', '堃山', '喆园', '瑄桥', '䶮台', '𠀀坪',
          '𠀁岭', '𪚥湾', '河边', '老庙']
KINDS = ['路灯', '太阳能灯', '庭院灯']
STATUSES = ['built', 'existing', 'planned']
POWER = ['solar', 'grid']
# Layer field -> the Chinese name a county file gives it.
FIELDS = [('id', '编号'), ('village', '村'), ('name', '名称'), ('status', '状态'),
          ('year', '年份'), ('power_source', '供电方式'), ('watts', '功率')]


def lights(prefix, n):
    rows = []
    for i in range(n):
        village = rnd.choice(sorted(VILLAGES))
        lo, hi = VILLAGES[village]
        rows.append({
            'id': '%s-%02d' % (prefix, i + 1),
            'village': village,
            'name': village + rnd.choice(PLACES) + rnd.choice(KINDS),
            'status': rnd.choice(STATUSES),
            'year': rnd.randint(2010, 2024),
            'power_source': rnd.choice(POWER),
            'watts': rnd.choice([30, 40, 60, 100]),
            'lon': round(rnd.uniform(lo + 0.005, hi - 0.005), 6),
            'lat': round(rnd.uniform(33.99, 34.01), 6),
        })
    return rows


def write_rows(name, rows):
    with open(os.path.join(out, name + '.rows'), 'w', encoding='utf-8') as f:
        for r in sorted(rows, key=lambda r: r['id']):
            f.write('|'.join(str(r[k]) for k, _ in FIELDS) + '\n')


def needs_gb18030(rows):
    try:
        for r in rows:
            r['name'].encode('gbk')
        return False
    except UnicodeEncodeError:
        return True


def write_dbf(name, rows, order, extra=None, encoding=None):
    """A point shapefile NAME with ROWS, its fields in ORDER (Chinese names),
    EXTRA a (Chinese name, value) field no layer has, written by pyshp in
    ENCODING (GBK, or GB18030 when a name needs it): LDID 0, no .cpg."""
    encoding = encoding or ('gb18030' if needs_gb18030(rows) else 'gbk')
    w = shapefile.Writer(os.path.join(out, name), shapeType=shapefile.POINT, encoding=encoding)
    for key, zh in order:
        if key in ('year', 'watts'):
            w.field(zh, 'N', 4, 0)
        else:
            w.field(zh, 'C', 40)
    if extra:
        w.field(extra[0], 'C', 20)
    for r in rows:
        w.point(r['lon'], r['lat'])
        values = [r[key] for key, _ in order]
        w.record(*(values + ([extra[1]] if extra else [])))
    w.close()
    assert not os.path.exists(os.path.join(out, name + '.cpg'))
    return os.path.join(out, name + '.dbf')


def csv_text(rows, order, crlf, quote):
    nl = '\r\n' if crlf else '\n'
    cells = [zh for _, zh in order] + ['经度', '纬度']
    lines = [cells]
    for r in rows:
        lines.append([str(r[key]) for key, _ in order] + [str(r['lon']), str(r['lat'])])
    q = (lambda c: '"%s"' % c) if quote else (lambda c: c)
    return nl.join(','.join(q(c) for c in line) for line in lines) + nl


def lossy(data, encoding):
    """DATA decoded as glib's g_convert loop in import-text.c does: U+FFFD
    for each byte where a sequence is illegal, a character cut short by the
    end dropped."""
    text, at = '', 0
    while at < len(data):
        try:
            return text + data[at:].decode(encoding)
        except UnicodeDecodeError as e:
            text += data[at:at + e.start].decode(encoding)
            if e.reason == 'unexpected end of data':
                return text
            text += '\ufffd'
            at += e.start + 1
    return text


def escaped(data):
    """Bytes as vinfra shows them when they are not UTF-8: \\xHH each."""
    return ''.join('\\x%02X' % b if b >= 0x80 else chr(b) for b in data)


ok, refuse = [], []

# DBFs from a Chinese ArcGIS: fields in a varied order, one with a field no
# layer has (备注: the warning must name it, not garble it).
for n in range(1, 4):
    rows = lights('D%d' % n, rnd.randint(3, 7))
    order = FIELDS[:]
    rnd.shuffle(order)
    extra = ('备注', '无') if n == 2 else None
    write_dbf('dbf-%d' % n, rows, order, extra)
    write_rows('dbf-%d.shp' % n, rows)
    ok.append(('dbf-%d.shp' % n, len(rows), 'yes', '备注' if extra else ''))

# CSVs saved in GBK (GB18030 when a name needs it), no byte order mark.
for n in range(1, 3):
    rows = lights('C%d' % n, rnd.randint(3, 7))
    order = FIELDS[:]
    rnd.shuffle(order)
    enc = 'gb18030' if needs_gb18030(rows) else 'gbk'
    text = csv_text(rows, order, crlf=n == 1, quote=rnd.random() < 0.5)
    open(os.path.join(out, 'gbk-%d.csv' % n), 'wb').write(text.encode(enc))
    write_rows('gbk-%d.csv' % n, rows)
    ok.append(('gbk-%d.csv' % n, len(rows), 'yes', ''))

# Byte order marks: GB18030's says GB18030, UTF-8's says UTF-8; neither is
# part of the first column's name.
for name, bom, enc in (('gb-bom', b'\x84\x31\x95\x33', 'gb18030'),
                       ('utf8-bom', b'\xef\xbb\xbf', 'utf-8')):
    rows = lights(name[:2].upper(), rnd.randint(2, 4))
    order = FIELDS[:]
    rnd.shuffle(order)
    order.remove(('id', '编号'))
    order.insert(0, ('id', '编号'))  # the mark sits on 编号
    open(os.path.join(out, name + '.csv'), 'wb').write(
        bom + csv_text(rows, order, crlf=False, quote=False).encode(enc))
    write_rows(name + '.csv', rows)
    ok.append((name + '.csv', len(rows), 'no', ''))

# A GBK CSV behind a UTF-8 byte order mark: the mark is taken at its word.
rows = lights('X', 3)
order = FIELDS[:]
rnd.shuffle(order)
raw = b'\xef\xbb\xbf' + csv_text(rows, order, False, False).encode('gb18030')
open(os.path.join(out, 'bom-gbk.csv'), 'wb').write(raw)
first = order[0][1].encode('gb18030')
refuse.append(('bom-gbk.csv', '',
               "cannot import 'bom-gbk.csv': line 1: the name of column 1 (\"%s\"): its byte "
               'order mark says UTF-8 but the text is GBK ("%s" read as "%s"): give --encoding GBK'
               % (escaped(first), order[0][1], lossy(first, 'utf-8'))))

# A byte neither UTF-8 nor GB18030 has (0xFF) in a name of a GBK CSV.
rows = lights('N', 5)
order = FIELDS[:]
rnd.shuffle(order)
bad = rnd.randrange(len(rows))
text = csv_text(rows, order, False, False).encode('gb18030')
name = rows[bad]['name'].encode('gb18030')
cut = len(rows[bad]['village'].encode('gb18030'))
text = text.replace(name, name[:cut] + b'\xff' + name[cut:], 1)
open(os.path.join(out, 'neither.csv'), 'wb').write(text)
refuse.append(('neither.csv', '',
               "cannot import 'neither.csv': line %d: column \"名称\": expected UTF-8 or GB18030 "
               '(GBK) text, got "%s\\xFF%s" (the file does not say its encoding: name it with '
               '--encoding, e.g. --encoding BIG5)'
               % (bad + 2, rows[bad]['village'], rows[bad]['name'][len(rows[bad]['village']):])))

# The same in a DBF's value, and in a DBF's field name.
rows = lights('M', 4)
order = FIELDS[:]
rnd.shuffle(order)
bad = rnd.randrange(len(rows))
dbf = write_dbf('neither-value', rows, order, encoding='gb18030')
data = bytearray(open(dbf, 'rb').read())
name = rows[bad]['name'].encode('gb18030')
at = data.index(name)
assert data[at + len(name)] == 0x20  # the field's padding takes the byte in
data[at:at + len(name) + 1] = name[:2] + b'\xff' + name[2:]
open(dbf, 'wb').write(data)
refuse.append(('neither-value.shp', '',
               "cannot import 'neither-value.shp': feature %d: field \"名称\": expected UTF-8 or "
               'GB18030 (GBK) text, got "%s\\xFF%s" (the file does not say its encoding: name it '
               'with --encoding, e.g. --encoding BIG5)'
               % (bad + 1, rows[bad]['name'][0], rows[bad]['name'][1:])))

rows = lights('F', 2)
dbf = write_dbf('neither-name', rows, FIELDS, extra=('ZZ', 'x'), encoding='gb18030')
data = bytearray(open(dbf, 'rb').read())
at = data.index(b'ZZ\x00', 32)
data[at:at + 2] = b'\xb1\xff'
open(dbf, 'wb').write(data)
refuse.append(('neither-name.shp', '',
               "cannot import 'neither-name.shp': the name of field %d: expected UTF-8 or "
               'GB18030 (GBK) text, got "\\xB1\\xFF" (the file does not say its encoding: name it '
               'with --encoding, e.g. --encoding BIG5)' % (len(FIELDS) + 1)))

# A file in two encodings: a GBK header above UTF-8 rows.
rows = lights('T', 3)
order = FIELDS[:]
rnd.shuffle(order)
# The village (three characters: nine bytes of UTF-8, which GB18030 cannot
# pair up) is the first Chinese value of a row.
v, n = order.index(('village', '村')), order.index(('name', '名称'))
order[min(v, n)], order[max(v, n)] = ('village', '村'), ('name', '名称')
lines = csv_text(rows, order, False, False).split('\n')
raw = (lines[0] + '\n').encode('gbk') + '\n'.join(lines[1:]).encode('utf-8')
open(os.path.join(out, 'mixed.csv'), 'wb').write(raw)
utf8_cell = order.index(('village', '村'))
refuse.append(('mixed.csv', '',
               "cannot import 'mixed.csv': its text is in two encodings: line 1, the name of "
               'column 1 is GBK ("%s"), line 2, column "%s" is UTF-8 ("%s"): save the file in one '
               'encoding' % (order[0][1], order[utf8_cell][1], rows[0][order[utf8_cell][0]])))

# Latin-1 decodes as GB18030 too, into nonsense: not taken for Chinese.
with open(os.path.join(out, 'latin.csv'), 'wb') as f:
    f.write('id,name,lon,lat,status\nL-1,Müllerstraße Licht,109.27,34.0,built\n'.encode('latin-1'))
refuse.append(('latin.csv', '',
               "cannot import 'latin.csv': line 2: column \"name\": expected UTF-8 or GB18030 "
               '(GBK) text, got "M\\xFCllerstra\\xDFe Licht" (the file does not say its encoding: '
               'name it with --encoding, e.g. --encoding CP1252)'))

# Declared encodings are kept: GBK bytes under a .cpg saying UTF-8 are
# refused (in a name, in a value), and --encoding overrides the detection.
def refuse_gbk(file, args, where, origin, text, fix='give', declared='utf-8'):
    """FILE (with ARGS) refused at WHERE: ORIGIN declares DECLARED, TEXT is GBK."""
    refuse.append((file, args,
                   "cannot import '%s': %s: %s but the text is GBK (\"%s\" read as \"%s\"): "
                   '%s --encoding GBK' % (file, where, origin, text,
                                          lossy(text.encode('gbk'), declared), fix)))


write_dbf('cpg-utf8', lights('U', 2), FIELDS)
open(os.path.join(out, 'cpg-utf8.cpg'), 'w').write('UTF-8')
refuse_gbk('cpg-utf8.shp', '', 'the name of field 1 ("%s")' % escaped('编号'.encode('gbk')),
           'its .cpg says UTF-8', '编号', 'fix the .cpg or give')
rows = lights('V', 2)
write_dbf('cpg-utf8-value', rows, [(k, k) for k, _ in FIELDS])
open(os.path.join(out, 'cpg-utf8-value.cpg'), 'w').write('UTF-8')
refuse_gbk('cpg-utf8-value.shp', '', 'feature 1 (id "V-01"): field "village"',
           'its .cpg says UTF-8', rows[0]['village'], 'fix the .cpg or give')
order = FIELDS[:]
rnd.shuffle(order)
text = csv_text(lights('G', 3), order, False, False)
open(os.path.join(out, 'override.csv'), 'wb').write(text.encode('gb18030'))
refuse_gbk('override.csv', '--encoding UTF-8',
           'line 1: the name of column 1 ("%s")' % escaped(order[0][1].encode('gbk')),
           '--encoding says UTF-8', order[0][1])

# GB18030 named GBK: its characters outside GBK say which it is.
rows = lights('E', 3)
for r in rows:
    r['name'] = r['village'] + rnd.choice(['村口', '王镕家', '堃山']) + '路灯'
rows[1]['name'] = rows[1]['village'] + rnd.choice(['𠀀坪', '䶮台', '𪚥湾']) + '路灯'
order = FIELDS[:]
rnd.shuffle(order)
open(os.path.join(out, 'named-gbk.csv'), 'wb').write(
    csv_text(rows, order, False, False).encode('gb18030'))
refuse.append(('named-gbk.csv', '--encoding GBK',
               "cannot import 'named-gbk.csv': row 3 (id \"E-02\"), column 名称: "
               '--encoding says GBK but the text is GB18030 ("%s" read as "%s"): give '
               '--encoding GB18030' % (rows[1]['name'], lossy(rows[1]['name'].encode('gb18030'),
                                                              'gbk'))))

# A language driver id that names an encoding is kept: 0x4D (CP936) reads
# GBK with nothing to say; 0x57 (GDAL reads it as Latin-1) over GBK is refused.
rows = lights('K', 3)
for r in rows:
    if needs_gb18030([r]):
        r['name'] = r['village'] + '村口路灯'
for name, ldid in (('ldid-936', 0x4D), ('ldid-1252', 0x57)):
    dbf = write_dbf(name, rows, FIELDS, encoding='gbk')
    data = bytearray(open(dbf, 'rb').read())
    data[29] = ldid
    open(dbf, 'wb').write(data)
write_rows('ldid-936.shp', rows)
ok.append(('ldid-936.shp', len(rows), 'no', ''))
refuse_gbk('ldid-1252.shp', '', 'the name of field 1 ("%s")' % escaped('编号'.encode('gbk')),
           "its .dbf's language driver says ISO-8859-1 (Latin-1)", '编号', declared='latin-1')

# A project ledger saved in GB18030.
with open(os.path.join(out, 'ledger.csv'), 'wb') as f, \
        open(os.path.join(out, 'ledger.csv.rows'), 'w', encoding='utf-8') as expect:
    f.write(b'id,name,programme,village,year,funding_wan\n')
    for i in range(rnd.randint(2, 5)):
        village = rnd.choice(sorted(VILLAGES))
        name = village + rnd.choice(PLACES) + rnd.choice(['通村路硬化', '蓄水池', '路灯安装'])
        year, wan = rnd.randint(2015, 2024), rnd.randint(5, 300)
        f.write(('P-%03d,%s,infrastructure,%s,%d,%d\n' % (i + 1, name, village, year, wan))
                .encode('gb18030'))
        expect.write('P-%03d|%s|%s|%d\n' % (i + 1, name, village, year))

with open(os.path.join(out, 'ok.tsv'), 'w', encoding='utf-8') as f:
    for row in ok:
        f.write('\t'.join(str(c) for c in row) + '\n')
with open(os.path.join(out, 'refuse.tsv'), 'w', encoding='utf-8') as f:
    for row in refuse:
        f.write('\t'.join(c or '-' for c in row) + '\n')
