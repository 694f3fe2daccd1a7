#!/usr/bin/env python3
"""Write a small XLSX file without any library: make-xlsx.py OUT MERGES ROW...

Each ROW is one argument, its cells separated by '|'; numbers are stored as
numbers, anything else as text.  MERGES is a comma-separated list of cell
ranges to merge (e.g. "A1:B1"), or "-" for none.  Used by the bad-input
tests for spreadsheets as offices make them (merged header cells)."""
import sys
import zipfile
from xml.sax.saxutils import escape


def col(i):
    s = ''
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


def cell(ref, v):
    try:
        float(v)
        return f'<c r="{ref}"><v>{v}</v></c>'
    except ValueError:
        if v == '':
            return ''
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'


out, merges, rows = sys.argv[1], sys.argv[2], sys.argv[3:]
sheet_rows = []
for r, row in enumerate(rows, 1):
    cells = ''.join(cell(f'{col(c)}{r}', v) for c, v in enumerate(row.split('|')))
    sheet_rows.append(f'<row r="{r}">{cells}</row>')
merge_xml = ''
if merges != '-':
    refs = merges.split(',')
    merge_xml = f'<mergeCells count="{len(refs)}">' + ''.join(
        f'<mergeCell ref="{m}"/>' for m in refs) + '</mergeCells>'
NS = 'http://schemas.openxmlformats.org'
files = {
    '[Content_Types].xml':
        f'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="{NS}/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        '</Types>',
    '_rels/.rels':
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{NS}/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>'
        '</Relationships>',
    'xl/workbook.xml':
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{NS}/spreadsheetml/2006/main" '
        f'xmlns:r="{NS}/officeDocument/2006/relationships"><sheets>'
        '<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    'xl/_rels/workbook.xml.rels':
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{NS}/package/2006/relationships">'
        f'<Relationship Id="rId1" Type="{NS}/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
        '</Relationships>',
    'xl/worksheets/sheet1.xml':
        f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{NS}/spreadsheetml/2006/main">'
        f'<sheetData>{"".join(sheet_rows)}</sheetData>{merge_xml}</worksheet>',
}
with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:
    for name, text in files.items():
        z.writestr(name, text)
