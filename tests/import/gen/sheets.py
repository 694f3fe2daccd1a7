#!/usr/bin/env python3
"""sheets.py OUTDIR SEED: spreadsheets and CSV files as county offices make
them, for tests/import/test-sheets.sh.

Workbooks (XLSX and ODS, written with the standard library: Excel's own
layout, blank rows left out; each also saved as CSV or tab-separated .txt) with 0-3 title rows (a merged one-cell title, a "who and when"
line), blank rows, the columns in varied order under varied names (经度, 东经,
lon, GPSLongitude, 经度（°）...), coordinates as numbers or as degrees-minutes-
seconds text in every usual spelling, blank rows among the data, a totals row
and a note row at the bottom; CSV files whose title line is a bare cell,
in UTF-8 and GBK; a workbook of two sheets; ODK Central and
KoboToolbox CSV exports (geopoints, a geotrace, instanceID).

Writes OUTDIR/cases.tsv, one case a line:
  ok NAME FILE ARGS SUMMARY ROWS   the import must print SUMMARY ('@' stands
                                   for FILE's path) and store ROWS (a file of
                                   id|lon|lat|watts lines, coordinates to 9
                                   decimals, the exact decimal values)
  fail NAME FILE ARGS EXIT MESSAGE the import must exit EXIT with the stderr
                                   line MESSAGE, the database unchanged
ARGS are separated by spaces ('-' for none)."""
import csv
import os
import random
import sys
import zipfile
from xml.sax.saxutils import escape

NS = 'http://schemas.openxmlformats.org'
WGS = '；坐标按 WGS 84 经纬度读取，用 --src-crs 指定其他坐标系'
ENCODING_READ = '；文本按 GB18030（GBK）读取（文件未声明编码；用 --encoding 指定其他编码）'
LON_FORMS = ("decimal degrees (109.275) or degrees, minutes and seconds (109°16'30.5\", "
             "109°16′30.5″E, E109°16'30.5\", 109度16分30.5秒, 109:16:30.5)")
LAT_FORMS = ("decimal degrees (34.0085) or degrees, minutes and seconds (34°0'30.6\", "
             "34°0′30.6″N, N34°0'30.6\", 34度0分30.6秒, 34:0:30.6)")


def letter(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def write_xlsx(out, sheets):
    """SHEETS: (name, {row number: [cells]}, [merged ranges])."""
    n = len(sheets)
    over = ''.join(f'<Override PartName="/xl/worksheets/sheet{i + 1}.xml" ContentType="application/'
                   'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(n))
    files = {
        '[Content_Types].xml':
            f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{NS}/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/>' + over + '</Types>',
        '_rels/.rels':
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS}/package/2006/relationships">'
            f'<Relationship Id="rId1" Type="{NS}/officeDocument/2006/relationships/officeDocument" '
            'Target="xl/workbook.xml"/></Relationships>',
        'xl/workbook.xml':
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}/spreadsheetml/2006/main" '
            f'xmlns:r="{NS}/officeDocument/2006/relationships"><sheets>' +
            ''.join(f'<sheet name="{escape(s[0])}" sheetId="{i + 1}" r:id="rId{i + 1}"/>'
                    for i, s in enumerate(sheets)) + '</sheets></workbook>',
        'xl/_rels/workbook.xml.rels':
            f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS}/package/2006/relationships">' +
            ''.join(f'<Relationship Id="rId{i + 1}" Type="{NS}/officeDocument/2006/relationships/'
                    f'worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(n)) +
            '</Relationships>',
    }
    for i, (_, rows, merges) in enumerate(sheets):
        xml = []
        for r in sorted(rows):
            cells = []
            for c, v in enumerate(rows[r]):
                ref = f'{letter(c)}{r}'
                if v is None or v == '':
                    continue
                if isinstance(v, (int, float)):
                    cells.append(f'<c r="{ref}"><v>{v!r}</v></c>')
                else:
                    cells.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>')
            if cells:
                xml.append(f'<row r="{r}">{"".join(cells)}</row>')
        merge = ''
        if merges:
            merge = f'<mergeCells count="{len(merges)}">' + ''.join(
                f'<mergeCell ref="{m}"/>' for m in merges) + '</mergeCells>'
        files[f'xl/worksheets/sheet{i + 1}.xml'] = (
            f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}/spreadsheetml/2006/main">'
            f'<sheetData>{"".join(xml)}</sheetData>{merge}</worksheet>')
    with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            z.writestr(name, text)


def write_ods(out, sheets):
    """SHEETS as for write_xlsx, in an OpenDocument spreadsheet (LibreOffice, WPS)."""
    ns = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')
    body = []
    for name, rows, _ in sheets:
        width = max((len(r) for r in rows.values()), default=1)
        xml = [f'<table:table table:name="{escape(name)}">']
        last = 0
        for r in sorted(rows):
            if r - last > 1:
                xml.append(f'<table:table-row table:number-rows-repeated="{r - last - 1}">'
                           f'<table:table-cell table:number-columns-repeated="{width}"/></table:table-row>')
            cells = []
            for v in rows[r]:
                if v is None or v == '':
                    cells.append('<table:table-cell/>')
                elif isinstance(v, (int, float)):
                    cells.append(f'<table:table-cell office:value-type="float" office:value="{v!r}">'
                                 f'<text:p>{v!r}</text:p></table:table-cell>')
                else:
                    cells.append('<table:table-cell office:value-type="string">'
                                 f'<text:p>{escape(v)}</text:p></table:table-cell>')
            xml.append('<table:table-row>' + ''.join(cells) + '</table:table-row>')
            last = r
        xml.append('</table:table>')
        body.append(''.join(xml))
    content = (f'<?xml version="1.0" encoding="UTF-8"?><office:document-content {ns} '
               'office:version="1.2"><office:body><office:spreadsheet>' + ''.join(body) +
               '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:'
                'names:tc:opendocument:xmlns:manifest:1.0"><manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(out, 'w') as z:
        z.writestr(zipfile.ZipInfo('mimetype'), 'application/vnd.oasis.opendocument.spreadsheet')
        z.writestr('content.xml', content, zipfile.ZIP_DEFLATED)
        z.writestr('META-INF/manifest.xml', manifest, zipfile.ZIP_DEFLATED)


def dms_parts(value):
    """Degrees, minutes and seconds (2 decimals) of VALUE, and their exact decimal value."""
    d = int(value)
    m = int((value - d) * 60)
    s = round(((value - d) * 60 - m) * 60, 2)
    if s >= 60:
        s = 59.99
    return d, m, s, d + m / 60 + s / 3600


def coordinate(rnd, value, axis):
    """A cell for VALUE as people write it, and the exact value it stands for."""
    hemi = 'E' if axis == 'lon' else 'N'
    word = '东经' if axis == 'lon' else '北纬'
    form = rnd.randrange(9)
    if form == 0:
        return round(value, 7), round(value, 7)
    if form == 1:
        return f'{value:.7f}', float(f'{value:.7f}')
    d, m, s, exact = dms_parts(value)
    st = f'{s:g}'
    text = {
        2: f"{d}°{m}'{st}\"",
        3: f"{d}°{m}′{st}″{hemi}",
        4: f"{d}度{m}分{st}秒",
        5: f"{d}:{m}:{st}",
        6: f"{hemi}{d}°{m}'{st}\"",
        7: f"{word}{d}°{m}′{st}″",
        8: f"{d}° {m}' {st}\" {hemi}",
    }[form]
    return text, exact


LON_NAMES = ['经度', '东经', 'lon', 'longitude', '经度（°）', 'GPSLongitude']
LAT_NAMES = ['纬度', '北纬', 'lat', 'latitude', '纬度（°）', 'GPSLatitude']


def rows_list(rows):
    return '、'.join(str(r) for r in rows)


def lights_workbook(rnd, out, k, cases):
    """One workbook of street lights as a village committee fills it in."""
    pair = rnd.randrange(len(LON_NAMES))
    columns = ['编号', '名称', LON_NAMES[pair], LAT_NAMES[pair], '功率', 'status']
    order = columns[:]
    rnd.shuffle(order)
    if rnd.random() < 0.5:
        order.insert(0, '序号')
    width = len(order)
    rows = {}
    merges = []
    titles = []
    r = 1
    ntitles = k % 4
    if ntitles >= 1:
        rows[r] = ['上雷村路灯统计表']
        merges.append(f'A{r}:{letter(width - 1)}{r}')
        titles.append(r)
        r += 1
    if ntitles >= 2:
        r += rnd.randrange(2)  # a blank row under the title
        rows[r] = ['填报单位：上雷村委会', None, None, '填报日期：2024年3月']
        titles.append(r)
        r += 1
    if ntitles >= 3:
        rows[r] = ['单位：盏']
        titles.append(r)
        r += 1
    if ntitles:
        r += rnd.randrange(2)
    header = r
    rows[r] = order
    r += 1
    blank, total, note, expect = [], [], [], []
    n = rnd.randrange(4, 9)
    watts_sum = 0
    for i in range(n):
        if i and rnd.random() < 0.2:
            blank.append(r)
            r += 1
        lon = rnd.uniform(109.255, 109.345)
        lat = rnd.uniform(33.985, 34.015)
        lon_cell, lon_exact = coordinate(rnd, lon, 'lon')
        lat_cell, lat_exact = coordinate(rnd, lat, 'lat')
        watts = rnd.choice([20, 30, 40, 60, 100])
        watts_sum += watts
        ident = f'L-{k}-{i + 1:02d}'
        values = {'序号': i + 1, '编号': ident, '名称': f'路灯{i + 1}', LON_NAMES[pair]: lon_cell,
                  LAT_NAMES[pair]: lat_cell, '功率': watts,
                  'status': rnd.choice(['built', 'existing', 'planned'])}
        rows[r] = [values[c] for c in order]
        expect.append(f'{ident}|{lon_exact:.9f}|{lat_exact:.9f}|{watts}')
        r += 1
    if rnd.random() < 0.5:
        blank.append(r)
        r += 1
    cells = [None] * width
    cells[order.index('功率')] = watts_sum
    cells[1 if order[0] == '功率' else 0] = rnd.choice(['合计', '合 计', '总计', '共计：'])
    rows[r] = cells
    total.append(r)
    r += 1
    if rnd.random() < 0.6:
        rows[r] = ['填表人：张三', None, '审核人：李四']
        note.append(r)
        r += 1
    name = rnd.choice(['路灯', 'Sheet1', '上雷村', '路灯台账'])
    sheets = [(name, rows, merges)]
    if rnd.random() < 0.5:  # a sheet of notes without data rows
        sheets.append(('说明', {1: ['本表由村委会填报']}, []))
    path = os.path.join(out, f'lights-{k}.xlsx')
    write_xlsx(path, sheets)
    with open(os.path.join(out, f'lights-{k}.rows'), 'w') as f:
        f.write('\n'.join(sorted(expect)) + '\n')
    skipped = len(blank) + len(total) + len(note)
    summary = (f"已导入 '@' → 路灯：读取 {n + skipped} 条，写入 {n} 条，跳过 {skipped} 条")
    if '序号' in order:
        summary += '；字段 序号 不属于图层 路灯，未导入'
    head = summary
    summary = ''
    if header > 1:
        summary += f'；表头在第 {header} 行'
        if titles:
            summary += f'，第 {rows_list(titles)} 行是标题'
    if blank:
        summary += f'；第 {rows_list(blank)} 行为空，已跳过'
    summary += f'；第 {rows_list(total)} 行是合计行，已跳过'
    if note:
        summary += f'；第 {rows_list(note)} 行是表注，已跳过'
    summary += WGS
    tail = summary
    summary = head + tail
    cases.append(['ok', f'lights-{k}', f'lights-{k}.xlsx', '--layer streetlights', summary,
                  f'lights-{k}.rows'])
    # The same sheet saved as CSV (or tab-separated .txt) the way Excel saves
    # it: every row as wide as the widest, a blank row as separators only.
    # Rows left out above the header become empty lines, which GDAL skips: the
    # rows must still be numbered as the lines of the file.
    ext, sep = ('txt', '\t') if k % 4 == 3 else ('csv', ',')
    with open(os.path.join(out, f'lights-{k}.{ext}'), 'w', newline='') as f:
        w = csv.writer(f, delimiter=sep, lineterminator='\n')
        for line in range(1, max(rows) + 1):
            if line in rows:
                cells = list(rows[line]) + [None] * (width - len(rows[line]))
                w.writerow(['' if v is None else v for v in cells])
            elif line > header:
                w.writerow([''] * width)
            else:
                f.write('\n')
    cases.append(['ok', f'lights-{k}-{ext}', f'lights-{k}.{ext}', '--layer streetlights', summary,
                  f'lights-{k}.rows'])
    if ntitles and ext == 'csv':
        # Typed in Notepad, or saved by a program that writes no empty
        # cells: a title alone on its line, without separators, which GDAL
        # refuses; in UTF-8 and in GBK (the title must not mislead the
        # encoding's detection).
        lines = open(os.path.join(out, f'lights-{k}.csv'), encoding='utf-8').read().split('\n')
        for t in titles:
            lines[t - 1] = lines[t - 1].rstrip(',') if lines[t - 1].rstrip(',').find(',') < 0 \
                else lines[t - 1]
        for enc, note in [('utf-8', ''), ('gbk', ENCODING_READ)]:
            name = f'lights-{k}-bare-{enc}.csv'
            with open(os.path.join(out, name), 'wb') as f:
                f.write('\n'.join(lines).encode(enc))
            cases.append(['ok', name[:-4], name, '--layer streetlights', head + note + tail,
                          f'lights-{k}.rows'])
        # Without --layer: the file's name says where it goes, as for any CSV.
        os.makedirs(os.path.join(out, f'bare-{k}'), exist_ok=True)
        name = f'bare-{k}/路灯.csv'
        with open(os.path.join(out, name), 'wb') as f:
            f.write('\n'.join(lines).encode('utf-8'))
        cases.append(['ok', f'lights-{k}-bare-named', name, '-', head + tail, f'lights-{k}.rows'])
    if k % 2:
        write_ods(os.path.join(out, f'lights-{k}.ods'), sheets)
        cases.append(['ok', f'lights-{k}-ods', f'lights-{k}.ods', '--layer streetlights', summary,
                      f'lights-{k}.rows'])


def bad_cells(rnd, out, cases):
    """A workbook whose Nth data row has a coordinate that is none."""
    for k, (axis, cell, why) in enumerate([
            ('lon', "109°76'30.5\"", 'the minutes (76) must be below 60'),
            ('lat', "E34°0'30\"", 'E names a longitude, not a latitude'),
            ('lon', '109,2751', 'a decimal comma (write the number with a point)'),
            ('lat', "34°0'61\"", 'the seconds (61) must be below 60')]):
        order = ['编号', '名称', '经度', '纬度']
        rnd.shuffle(order)
        rows = {1: ['双龙村路灯登记表'], 2: order}
        n = rnd.randrange(2, 6)
        bad = rnd.randrange(n)
        for i in range(n):
            v = {'编号': f'B-{i + 1}', '名称': f'灯{i + 1}', '经度': 109.31 + i * 0.001,
                 '纬度': 34.0 + i * 0.001}
            if i == bad:
                v['经度' if axis == 'lon' else '纬度'] = cell
            rows[3 + i] = [v[c] for c in order]
        name = f'bad-{k}.xlsx'
        write_xlsx(os.path.join(out, name), [('Sheet1', rows, ['A1:D1'])])
        col = '经度' if axis == 'lon' else '纬度'
        forms = LON_FORMS if axis == 'lon' else LAT_FORMS
        what = 'longitude' if axis == 'lon' else 'latitude'
        cases.append(['fail', f'bad-{k}', name, '--layer streetlights', '1',
                      f"vinfra: error: cannot import '{name}': row {3 + bad} (id \"B-{bad + 1}\"), "
                      f"column {letter(order.index(col))} ({col}): expected the {what} in {forms}, "
                      f"got \"{cell}\": {why}"])


def bad_values(rnd, out, cases):
    """A field's value refused on a row below title rows: the row numbered as
    the sheet shows it, the field named by its column (letter and header in a
    workbook, header in a CSV file)."""
    order = ['编号', '经度', '纬度', '状态', '功率']
    rnd.shuffle(order)
    ntitles = rnd.randrange(1, 3)
    rows = {1: ['上雷村路灯统计表']}
    if ntitles == 2:
        rows[2] = ['单位：盏']
    rows[ntitles + 1] = order
    n = rnd.randrange(3, 6)
    first = ntitles + 2
    for i in range(n):
        v = {'编号': f'V-{i + 1}', '经度': 109.31 + i * 0.001, '纬度': 34.0 + i * 0.001,
             '状态': 'built', '功率': 30}
        rows[first + i] = [v[c] for c in order]
    bad = rnd.randrange(1, n)
    ident = f'V-{bad + 1}'
    for what, col, cell, want in [
            ('status', '状态', '坏了', 'expected one of built (已建), existing (现有), planned (规划), '
             'got "坏了"; map it with --map-value status:坏了=VALUE'),
            ('watts', '功率', 'abc', 'expected an integer, got "abc"'),
            ('id', '编号', 'V-1', 'expected a unique id, got "V-1" (row {} has it too)'.format(first))]:
        cells = list(rows[first + bad])
        cells[order.index(col)] = cell
        sheet = dict(rows)
        sheet[first + bad] = cells
        label = f'row {first + bad} (id "{cell if what == "id" else ident}")'
        name = f'value-{what}.xlsx'
        write_xlsx(os.path.join(out, name), [('Sheet1', sheet, [])])
        cases.append(['fail', f'value-{what}', name, '--layer streetlights', '1',
                      f"vinfra: error: cannot import '{name}': {label}, "
                      f"column {letter(order.index(col))} ({col}): {want}"])
        name = f'value-{what}.csv'
        with open(os.path.join(out, name), 'w', encoding='utf-8') as f:
            for r in sorted(sheet):
                f.write(','.join('' if c is None else str(c) for c in sheet[r]) + '\n')
        cases.append(['fail', f'value-{what}-csv', name, '--layer streetlights', '1',
                      f"vinfra: error: cannot import '{name}': {label}, column {col}: {want}"])


def two_sheets(rnd, out, cases):
    """Two sheets holding rows: refused without --sheet, each read with it."""
    sheets, counts, expect = [], [], []
    for s, (name, prefix) in enumerate([('路灯', 'S'), ('新装路灯', 'T')]):
        n = rnd.randrange(2, 6)
        rows = {1: [f'{name}统计表'], 2: ['编号', 'lon', 'lat']}
        lines = []
        for i in range(n):
            lon, lat = round(rnd.uniform(109.26, 109.34), 6), round(rnd.uniform(33.99, 34.01), 6)
            rows[3 + i] = [f'{prefix}-{i + 1}', lon, lat]
            lines.append(f'{prefix}-{i + 1}|{lon:.9f}|{lat:.9f}|')
        sheets.append((name, rows, ['A1:C1']))
        counts.append(n)
        expect.append(lines)
    write_xlsx(os.path.join(out, 'two.xlsx'), sheets)
    listing = ', '.join(f'{i + 1}: {s[0]} ({counts[i]} row{"s" if counts[i] != 1 else ""})'
                        for i, s in enumerate(sheets))
    cases.append(['fail', 'two-sheets', 'two.xlsx', '--layer streetlights', '1',
                  f"vinfra: error: cannot import 'two.xlsx': it holds 2 sheets with rows: {listing}; "
                  "vinfra imports one at a time: choose it with --sheet NAME or --sheet N"])
    cases.append(['fail', 'no-sheet', 'two.xlsx', '--layer streetlights --sheet 水池', '2',
                  f"vinfra: error: cannot import 'two.xlsx': --sheet: the workbook has no sheet "
                  f"\"水池\" (its sheets: {listing})"])
    for s, arg in enumerate([sheets[0][0], '2']):
        with open(os.path.join(out, f'two-{s}.rows'), 'w') as f:
            f.write('\n'.join(sorted(expect[s])) + '\n')
        n = counts[s]
        cases.append(['ok', f'two-sheet-{s}', 'two.xlsx', f'--layer streetlights --sheet {arg}',
                      f"已导入 '@' → 路灯：读取 {n} 条，写入 {n} 条，跳过 0 条；表头在第 2 行，"
                      f"第 1 行是标题{WGS}", f'two-{s}.rows'])


def odk_exports(rnd, out, cases):
    """ODK Central (split geopoint columns, meta-instanceID) and KoboToolbox
    (one geopoint text, meta/instanceID) exports, and a geotrace of roads."""
    n = rnd.randrange(3, 7)
    central = ['SubmissionDate,grp-name,grp-loc,grp-loc-Latitude,grp-loc-Longitude,'
               'grp-loc-Altitude,grp-loc-Accuracy,meta-instanceID,KEY']
    kobo = ['start,name,gps,meta/instanceID,_uuid,_submission_time']
    expect = []
    for i in range(n):
        lon, lat = round(rnd.uniform(109.26, 109.34), 7), round(rnd.uniform(33.99, 34.01), 7)
        uid = f'uuid:{rnd.getrandbits(64):016x}-{i}'
        alt, acc = round(rnd.uniform(400, 700), 1), round(rnd.uniform(2, 9), 1)
        central.append(f'2024-03-0{i % 9 + 1}T10:00:00Z,灯{i},{lat} {lon} {alt} {acc},{lat},{lon},'
                       f'{alt},{acc},{uid},{uid}')
        kobo.append(f'2024-03-01T09:00:00,灯{i},{lat} {lon} {alt} {acc},{uid},{uid[5:]},2024-03-01')
        expect.append(f'{uid}|{lon:.9f}|{lat:.9f}|')
    # One cell that is no geopoint: refused on its row, the column named.
    bad = rnd.randrange(1, n + 1)
    cells = kobo[bad].split(',')
    broken = cells[2].split(' ')[0] + ' 東'
    kobo_bad = kobo[:bad] + [','.join(cells[:2] + [broken] + cells[3:])] + kobo[bad + 1:]
    cases.append(['fail', 'kobo-bad', 'kobo-bad.csv', '--layer streetlights', '1',
                  f"vinfra: error: cannot import 'kobo-bad.csv': row {bad + 1} (id \"{cells[3]}\"), "
                  "column gps: expected an ODK geopoint (\"latitude longitude altitude accuracy\") "
                  f"or geotrace (such points separated by semicolons), got \"{broken}\""])
    for name, lines in [('odk-central.csv', central), ('kobo.csv', kobo), ('kobo-bad.csv', kobo_bad)]:
        with open(os.path.join(out, name), 'w') as f:
            f.write('\n'.join(lines) + '\n')
    with open(os.path.join(out, 'odk.rows'), 'w') as f:
        f.write('\n'.join(sorted(expect)) + '\n')
    # The geopoint's text, altitude and accuracy and ODK's own columns are
    # not stored: the summary names them.
    cases.append(['ok', 'odk-central', 'odk-central.csv', '--layer streetlights',
                  f"已导入 '@' → 路灯：读取 {n} 条，写入 {n} 条，跳过 0 条；字段 Accuracy、Altitude、"
                  f"KEY、SubmissionDate、loc 不属于图层 路灯，未导入{WGS}", 'odk.rows'])
    cases.append(['ok', 'kobo', 'kobo.csv', '--layer streetlights',
                  f"已导入 '@' → 路灯：读取 {n} 条，写入 {n} 条，跳过 0 条；字段 _submission_time、_uuid、"
                  f"start 不属于图层 路灯，未导入{WGS}", 'odk.rows'])
    # A walked road as a geotrace: "lat lon alt accuracy;..." .
    pts = [(109.27 + j * 0.0004, 34.0 + j * 0.0002) for j in range(rnd.randrange(3, 8))]
    trace = ';'.join(f'{la} {lo} 500 3' for lo, la in pts)
    with open(os.path.join(out, 'trace.csv'), 'w') as f:
        f.write(f'meta-instanceID,trace\nuuid:road-1,{trace}\n')
    with open(os.path.join(out, 'trace.expect'), 'w') as f:
        f.write(f'uuid:road-1|{len(pts)}|{pts[0][0]:.9f}|{pts[0][1]:.9f}|{pts[-1][0]:.9f}|'
                f'{pts[-1][1]:.9f}\n')


def mapped(rnd, out, cases):
    """Coordinate columns no table names: --map lon=COLUMN --map lat=COLUMN."""
    lines = [['编号', 'E坐标', 'N坐标', '备用']]
    expect = []
    n = rnd.randrange(2, 5)
    for i in range(n):
        lon, lat = round(rnd.uniform(109.26, 109.34), 7), round(rnd.uniform(33.99, 34.01), 7)
        d, m, s, exact = dms_parts(lon)
        lines.append([f'M-{i}', f"{d}°{m}'{s:g}\"", lat, 'x'])
        expect.append(f'M-{i}|{exact:.9f}|{lat:.9f}|')
    with open(os.path.join(out, 'mapped.csv'), 'w', newline='') as f:
        csv.writer(f, lineterminator='\n').writerows(lines)
    with open(os.path.join(out, 'mapped.rows'), 'w') as f:
        f.write('\n'.join(sorted(expect)) + '\n')
    cases.append(['ok', 'mapped', 'mapped.csv', '--layer streetlights --map lon=E坐标 --map lat=N坐标',
                  f"已导入 '@' → 路灯：读取 {n} 条，写入 {n} 条，跳过 0 条；字段 备用 不属于图层 路灯，"
                  f"未导入{WGS}", 'mapped.rows'])
    cases.append(['fail', 'map-one', 'mapped.csv', '--layer streetlights --map lon=E坐标', '2',
                  "vinfra: error: cannot import 'mapped.csv': --map lon=E坐标: give the latitude "
                  "column too (--map lat=COLUMN)"])
    cases.append(['fail', 'map-none', 'mapped.csv', '--layer streetlights --map lon=X坐标 --map lat=N坐标',
                  '2', "vinfra: error: cannot import 'mapped.csv': --map lon=X坐标: the file has no "
                  "column \"X坐标\" (its columns: 编号, E坐标, N坐标, 备用)"])
    # exiftool -csv -GPSLatitude -GPSLongitude of a folder of photos.
    rows = [['SourceFile', 'GPSLatitude', 'GPSLongitude']]
    expect = []
    for i in range(rnd.randrange(2, 5)):
        lon, lat = rnd.uniform(109.26, 109.34), rnd.uniform(33.99, 34.01)
        lo, la = dms_parts(lon), dms_parts(lat)
        rows.append([f'photos/IMG_{i:04d}.JPG', f'{la[0]} deg {la[1]}\' {la[2]:.2f}" N',
                     f'{lo[0]} deg {lo[1]}\' {lo[2]:.2f}" E'])
        expect.append(f'exif-{i + 1}|{lo[3]:.9f}|{la[3]:.9f}|')
    with open(os.path.join(out, 'exif.csv'), 'w', newline='') as f:
        csv.writer(f, lineterminator='\n').writerows(rows)
    with open(os.path.join(out, 'exif.rows'), 'w') as f:
        f.write('\n'.join(sorted(expect)) + '\n')
    # Its one other column is the photo's file: read as the name (a file
    # whose every field matches nothing is refused, see test-errors.sh).
    cases.append(['ok', 'exif', 'exif.csv', '--layer streetlights --map name=SourceFile',
                  f"已导入 '@' → 路灯：读取 {len(expect)} 条，写入 {len(expect)} 条，跳过 0 条{WGS}",
                  'exif.rows'])
    with open(os.path.join(out, 'point.geojson'), 'w') as f:
        f.write('{"type": "FeatureCollection", "features": [{"type": "Feature", "properties": '
                '{"id": "G-1", "x": 1, "y": 2}, "geometry": {"type": "Point", '
                '"coordinates": [109.27, 34.0]}}]}\n')
    cases.append(['fail', 'map-geometry', 'point.geojson', '--layer streetlights --map lon=x --map lat=y',
                  '2', "vinfra: error: cannot import 'point.geojson': --map lon=x: the file has a "
                  "geometry of its own, read instead of coordinate columns (drop the option)"])
    cases.append(['fail', 'csv-sheet', 'mapped.csv', '--layer streetlights --sheet 1', '2',
                  "vinfra: error: cannot import 'mapped.csv': --sheet: a CSV file has no sheets "
                  "(--sheet is for XLSX and ODS workbooks)"])


def main():
    out, seed = sys.argv[1], int(sys.argv[2])
    rnd = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    cases = []
    for k in range(8):
        lights_workbook(rnd, out, k, cases)
    bad_cells(rnd, out, cases)
    bad_values(rnd, out, cases)
    two_sheets(rnd, out, cases)
    odk_exports(rnd, out, cases)
    mapped(rnd, out, cases)
    with open(os.path.join(out, 'cases.tsv'), 'w') as f:
        for c in cases:
            f.write('\t'.join(c) + '\n')


if __name__ == '__main__':
    main()
