#!/usr/bin/env python3
"""ledgers.py OUTDIR SEED: project ledgers as district offices keep them,
for tests/import/test-ledger-sheets.sh.

Each ledger has 0-3 rows above its header (a title such as
2019-2024年帮扶项目台账, merged across the columns in a workbook; a unit row
单位：万元; a "who and when" line), the columns in varied order under their
English or Chinese names, projects with 小计 rows under each year and a 合计
row at the end, maybe blank rows and a note row (填表人：张三).  Each is
written as XLSX (sheets.py's writer), as CSV the way Excel saves it (every
row as wide as the header), and as CSV whose title lines are one bare cell,
in UTF-8 and GBK.

Writes OUTDIR/cases.tsv, one case a line:
  ok NAME FILE SUMMARY ROWS        the import must print SUMMARY ('@' for
                                   FILE) and store ROWS (id|funding_wan
                                   lines, in id order)
  fail NAME FILE EXIT MESSAGE      the import must exit EXIT with the stderr
                                   line MESSAGE, the database unchanged"""
import csv
import io
import os
import random
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from sheets import letter, write_xlsx  # noqa: E402

ENCODING_READ = '；文本按 GB18030（GBK）读取（文件未声明编码；用 --encoding 指定其他编码）'
COLUMNS = ['id', 'name', 'programme', 'village', 'year', 'funding_wan', 'kind']
COLUMNS_ZH = dict(zip(COLUMNS, ['编号', '项目名称', '工程', '村', '年份', '资金', '类型']))
PROGRAMMES = ['infrastructure', '基建扶贫', 'social', '社会扶贫']
VILLAGES = ['上雷村', '双龙村', None]


def rows_list(rows):
    return '、'.join(str(r) for r in rows)


def ledger(rnd, k):
    """Rows {number: cells}, merges, the expected summary's parts and projects."""
    order = COLUMNS[:]
    rnd.shuffle(order)
    names = [COLUMNS_ZH[c] if rnd.random() < 0.6 else c for c in order]
    width = len(order)
    rows, merges, titles = {}, [], []
    r = 1
    ntitles = k % 4
    if ntitles >= 1:
        rows[r] = [f'{2019 + k % 2}-2024年帮扶项目台账']
        merges.append(f'A{r}:{letter(width - 1)}{r}')
        titles.append(r)
        r += 1
    if ntitles >= 2:
        rows[r] = ['单位：万元']
        titles.append(r)
        r += 1
    if ntitles >= 3:
        r += rnd.randrange(2)  # a blank row
        rows[r] = ['填报单位：区乡村振兴局', None, None, None, '填报日期：2024年12月']
        titles.append(r)
        r += 1
    header = r
    rows[r] = names
    r += 1
    blank, totals, notes, projects = [], [], [], []
    grand = 0
    serial = 0
    for year in sorted(rnd.sample(range(2019, 2025), rnd.randrange(1, 4))):
        subtotal = 0
        for i in range(rnd.randrange(1, 5)):
            if projects and rnd.random() < 0.15:
                blank.append(r)
                r += 1
            serial += 1
            ident = f'X{k}-{serial:03d}'
            funding = round(rnd.uniform(5, 300), rnd.choice([0, 1, 2]))
            subtotal += funding
            values = {'id': ident, 'name': f'项目{serial}号', 'programme': rnd.choice(PROGRAMMES),
                      'village': rnd.choice(VILLAGES), 'year': year, 'funding_wan': funding,
                      'kind': rnd.choice(['project', 'fund', None])}
            rows[r] = [values[c] for c in order]
            projects.append(f'{ident}|{funding:.2f}')
            r += 1
        grand += subtotal
        cells = [None] * width
        cells[order.index('funding_wan')] = round(subtotal, 2)
        label = order.index('name') if rnd.random() < 0.5 else order.index('id')
        cells[label] = rnd.choice(['小计', f'{year}年小计', '小 计'])
        rows[r] = cells
        totals.append(r)
        r += 1
    cells = [None] * width
    cells[order.index('funding_wan')] = round(grand, 2)
    cells[order.index('name')] = rnd.choice(['合计', '合 计', '总计'])
    rows[r] = cells
    totals.append(r)
    r += 1
    if rnd.random() < 0.5:
        rows[r] = ['填表人：张三', None, '审核人：李四']
        notes.append(r)
        r += 1
    skipped = len(blank) + len(totals) + len(notes)
    head = (f"已导入 '@' → 项目台账：读取 {len(projects) + skipped} 条，写入 {len(projects)} 条，"
            f"跳过 {skipped} 条；第 {rows_list(totals)} 行是合计行，已跳过（不是项目）")
    tail = ''
    if header > 1:
        tail += f'；表头在第 {header} 行'
        if titles:
            tail += f'，第 {rows_list(titles)} 行是标题'
    if blank:
        tail += f'；第 {rows_list(blank)} 行为空，已跳过'
    if notes:
        tail += f'；第 {rows_list(notes)} 行是表注，已跳过'
    return rows, merges, width, titles, head, tail, sorted(projects), order, names


def csv_text(rows, width, bare_titles):
    """The rows as Excel saves them as CSV; BARE_TITLES: title lines as one bare cell."""
    out = io.StringIO()
    w = csv.writer(out, lineterminator='\n')
    for line in range(1, max(rows) + 1):
        cells = list(rows.get(line, [])) + [None] * (width - len(rows.get(line, [])))
        cells = ['' if v is None else v for v in cells]
        if line in bare_titles and sum(1 for c in cells if c != '') == 1:
            out.write(f'{cells[0]}\n')
        else:
            w.writerow(cells)
    return out.getvalue()


def main():
    out, seed = sys.argv[1], int(sys.argv[2])
    rnd = random.Random(seed)
    os.makedirs(out, exist_ok=True)
    cases = []
    for k in range(6):
        rows, merges, width, titles, head, tail, projects, order, _ = ledger(rnd, k)
        with open(os.path.join(out, f'ledger-{k}.rows'), 'w') as f:
            f.write('\n'.join(projects) + '\n')
        name = f'ledger-{k}.xlsx'
        write_xlsx(os.path.join(out, name), [(rnd.choice(['台账', 'Sheet1']), rows, merges)])
        cases.append(['ok', name[:-5], name, head + tail, f'ledger-{k}.rows'])
        name = f'ledger-{k}.csv'
        with open(os.path.join(out, name), 'w', encoding='utf-8') as f:
            f.write(csv_text(rows, width, []))
        cases.append(['ok', name[:-4] + '-csv', name, head + tail, f'ledger-{k}.rows'])
        if titles:
            for enc, note in [('utf-8', ''), ('gbk', ENCODING_READ)]:
                name = f'ledger-{k}-bare-{enc}.csv'
                with open(os.path.join(out, name), 'wb') as f:
                    f.write(csv_text(rows, width, titles).encode(enc))
                cases.append(['ok', name[:-4], name, head + note + tail, f'ledger-{k}.rows'])
    # A funding that is no amount, below a title: refused on its row and
    # column as the sheet shows them (F (资金)), the database unchanged.
    rows, merges, width, titles, head, tail, projects, order, names = ledger(rnd, 1)
    data = [n for n in sorted(rows) if n > 2 and rows[n][order.index('id')] and
            str(rows[n][order.index('id')]).startswith('X')]
    bad = rnd.choice(data)
    ident = rows[bad][order.index('id')]
    rows[bad][order.index('funding_wan')] = '三十'
    name = 'ledger-bad.xlsx'
    write_xlsx(os.path.join(out, name), [('台账', rows, merges)])
    col = order.index('funding_wan')
    cases.append(['fail', 'ledger-bad', name, '1',
                  f"vinfra: error: cannot import '{name}': row {bad} (id \"{ident}\"), column "
                  f"{letter(col)} ({names[col]}): expected an amount in 万元 (a number from 0.01 to 10000 万元), "
                  "got \"三十\""])
    with open(os.path.join(out, 'cases.tsv'), 'w') as f:
        for c in cases:
            f.write('\t'.join(c) + '\n')


if __name__ == '__main__':
    main()
