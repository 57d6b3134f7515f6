#!/usr/bin/env python3
"""Fill a DisclosureKit return template the way an office would (openpyxl), for tests and samples.

usage: fill_return.py TEMPLATE.xlsx OUT.xlsx SCENARIO     (SCENARIO: clean | errors)
       fill_return.py TEMPLATE.csv  OUT.csv  SCENARIO [ENCODING]

The columns are found by their header text (the contract), never by position.
The office is 北京海关机场单证 (0101), a 隶属海关; answers are dated for an as-of date of 2025-06-30.
The `errors` scenario breaks one rule per item; the expected findings are pinned in the Swift tests.
"""
import csv, datetime, io, sys

D = datetime.date


def clean_answers(rows):
    """rows: list of dicts with 序号, 公开主体, 推荐公开渠道, 公开时限 -> answers per item number."""
    answers = {}
    for r in rows:
        n = int(r['序号'])
        if '隶属海关' not in r['公开主体']:
            answers[n] = {'落实情况': '不适用'}
            continue
        rec = [x for x in r['推荐公开渠道'].split('\n') if x and not x.startswith('（')]
        rec = ['其他' if x.startswith('其他') else x for x in rec] or ['直属海关网站']
        annual = '1月31日' in r['公开时限']
        a = {
            '落实情况': '已公开',
            'channels': set(rec),
            '公开网址或位置': 'http://beijing.customs.gov.cn/beijing_customs/zfxxgk/index.html' if '直属海关网站' in rec else '一楼大厅公示栏',
            '信息形成或变更日期': D(2025, 1, 10) if annual else D(2025, 3, 3),
            '公开日期': D(2025, 1, 14) if annual else D(2025, 3, 5),
            '责任部门': '办公室',
        }
        if '其他' in rec:
            a['其他渠道说明'] = '海关总署网站'
        answers[n] = a
    return answers


def error_edits(answers):
    """One broken answer per item (see the Swift test for the findings each must produce)."""
    a = answers
    a[1].update({'落实情况': '未公开', 'channels': set(), '未公开或不适用原因': '待更新', '公开日期': None})  # overdue
    a[2]['channels'] = set()                                                  # published, no channel
    a[4]['公开网址或位置'] = 'www.customs.gov.cn'                              # URL without scheme
    a[5]['channels'] = a[5]['channels'] | {'其他'}                             # 其他 without note
    a[6]['公开日期'] = '2025-02-30'                                            # not a real date
    a[7].update({'信息形成或变更日期': D(2025, 7, 15), '公开日期': None})       # in the future
    a[8].update({'信息形成或变更日期': D(2025, 3, 10), '公开日期': D(2025, 3, 7)})  # published before formed
    # 7 working days after Fri 24 Jan 2025 (Spring Festival): due Mon 10 Feb; 11 Feb is late.
    a[9].update({'信息形成或变更日期': D(2025, 1, 24), '公开日期': D(2025, 2, 11)})
    a[12].update({'信息形成或变更日期': D(2025, 1, 10), '公开日期': D(2025, 2, 5)})  # annual, after 31 Jan
    a[13].update({'落实情况': '未公开', 'channels': set(), '公开日期': None})     # no reason
    a[15].update({'落实情况': '不适用', 'channels': set(), '公开日期': None})     # no reason (隶属海关 item)
    a[21].update({'落实情况': '未公开', '未公开或不适用原因': '系统升级', '公开日期': None})  # channels kept
    a[22]['mark'] = ('两微一端', '?')                                         # unreadable mark
    a[23]['其他渠道说明'] = '公众号'                                            # note without 其他
    a[24].update({'信息形成或变更日期': None, '公开日期': None})                # no dates
    a[25]['落实情况'] = '已经公开'                                              # invalid status
    return a


def fill_xlsx(src, dst, scenario):
    import openpyxl
    wb = openpyxl.load_workbook(src)
    ws = wb['填报表']
    header_row = next(r for r in range(1, 40) if ws.cell(r, 1).value == '序号')
    hdr, ch = {}, {}
    for c in range(1, ws.max_column + 1):
        top, sub = ws.cell(header_row, c).value, ws.cell(header_row + 1, c).value
        if sub and (top == '实际公开渠道' or top is None):
            ch[sub] = c
        elif top:
            hdr[top] = c
    label = {}
    for r in range(1, header_row):
        for c in range(1, ws.max_column + 1):
            v = ws.cell(r, c).value
            if isinstance(v, str) and v.rstrip('：:') in ('填报单位', '关区代码', '所属直属海关', '填报人', '联系电话', '填报日期'):
                label[v.rstrip('：:')] = ws.cell(r, c + 1)
    identity = {'填报单位': '北京海关机场单证', '关区代码': '0101', '所属直属海关': '北京海关', '填报人': '张三',
                '联系电话': '010-64598888', '填报日期': D(2025, 6, 30)}
    if scenario == 'errors':
        identity.update({'关区代码': 101, '填报人': None, '填报日期': D(2025, 7, 1)})
    for k, v in identity.items():
        label[k].value = v
    rows = []
    for r in range(header_row + 2, ws.max_row + 1):
        if ws.cell(r, 1).value is None:
            continue
        rows.append({'row': r, '序号': ws.cell(r, 1).value, '公开主体': ws.cell(r, hdr['公开主体']).value,
                     '推荐公开渠道': ws.cell(r, hdr['推荐公开渠道']).value, '公开时限': ws.cell(r, hdr['公开时限']).value})
    answers = clean_answers(rows)
    if scenario == 'errors':
        answers = error_edits(answers)
    for r in rows:
        a = answers[int(r['序号'])]
        row = r['row']
        for name, c in ch.items():
            ws.cell(row, c).value = '☑' if name in a.get('channels', set()) else '☐'
        if 'mark' in a:
            ws.cell(row, ch[a['mark'][0]]).value = a['mark'][1]
        for key in ('落实情况', '其他渠道说明', '公开网址或位置', '信息形成或变更日期', '公开日期', '责任部门', '未公开或不适用原因'):
            if key in a:
                ws.cell(row, hdr[key]).value = a[key]
    if scenario == 'errors':
        # Item 14's locked name edited; item 20's row keyed as item 19; a row outside the catalog;
        # the 备注 header renamed; the template metadata from another version.
        by_number = {int(r['序号']): r['row'] for r in rows}
        ws.cell(by_number[14], hdr['二级事项']).value = '预决算'
        ws.cell(by_number[20], hdr['事项编码']).value = 'customs:19'
        extra = max(by_number.values()) + 1
        ws.cell(extra, 1).value = 26
        ws.cell(extra, hdr['二级事项']).value = '自拟事项'
        ws.cell(extra, hdr['落实情况']).value = '已公开'
        ws.cell(header_row, hdr['备注']).value = '说明'
        meta = wb['模板信息']
        meta['B3'] = '2019'
        meta['B4'] = '9'
    wb.save(dst)


def fill_csv(src, dst, scenario, encoding):
    with open(src, encoding='utf-8-sig', newline='') as f:
        records = list(csv.reader(f))
    header_index = next(i for i, r in enumerate(records) if r and r[0] == '序号')
    header = records[header_index]
    col = {h: i for i, h in enumerate(header)}
    ch = {h.split('·', 1)[1]: i for i, h in enumerate(header) if h.startswith('实际公开渠道·')}
    identity = {'填报单位': '北京海关机场单证', '关区代码': '0101', '所属直属海关': '北京海关', '填报人': '张三',
                '联系电话': '010-64598888', '填报日期': '2025-06-30'}
    for r in records[:header_index]:
        if r and r[0] in identity:
            r[1:] = [identity[r[0]]]
    rows = [{'index': i, '序号': r[col['序号']], '公开主体': r[col['公开主体']], '推荐公开渠道': r[col['推荐公开渠道']],
             '公开时限': r[col['公开时限']]} for i, r in enumerate(records) if i > header_index and r]
    answers = clean_answers(rows)
    if scenario == 'errors':
        answers = error_edits(answers)
    for r in rows:
        rec = records[r['index']]
        a = answers[int(r['序号'])]
        for name, i in ch.items():
            rec[i] = '☑' if name in a.get('channels', set()) else '☐'
        if 'mark' in a:
            rec[ch[a['mark'][0]]] = a['mark'][1]
        for key in ('落实情况', '其他渠道说明', '公开网址或位置', '信息形成或变更日期', '公开日期', '责任部门', '未公开或不适用原因'):
            if key in a:
                v = a[key]
                rec[col[key]] = '' if v is None else (v.strftime('%Y/%m/%d') if isinstance(v, D) else v)
    out = io.StringIO()
    csv.writer(out, lineterminator='\r\n').writerows(records)
    with open(dst, 'wb') as f:
        f.write(out.getvalue().encode(encoding))


if __name__ == '__main__':
    src, dst, scenario = sys.argv[1], sys.argv[2], sys.argv[3]
    if src.endswith('.csv'):
        fill_csv(src, dst, scenario, sys.argv[4] if len(sys.argv) > 4 else 'utf-8')
    else:
        fill_xlsx(src, dst, scenario)
