"""Makes Samples/catalog-market.xlsx: a small 市场监管 (market supervision) catalog in another style than the
customs one — title rows above the header, a label row per category, all channel options in one cell with
■/□, a 公开层级 column group, 特定群众 / 依申请公开 synonyms, "同上", and Wingdings marks in a Wingdings font.

    python3 Samples/catalog-market-make.py Samples/catalog-market.xlsx
    disclosure catalog import Samples/catalog-market.xlsx -o Samples/catalog-market.json
"""
import sys
import openpyxl
from openpyxl.styles import Alignment, Border, Font, Side

wb = openpyxl.Workbook()
ws = wb.active
ws.title = '市场监管'
ws['A1'] = '附件1'
ws['A2'] = '市场监管领域基层政务公开标准目录'
ws.merge_cells('A2:P2')
ws['A2'].font = Font(size=16, bold=True)
ws['A2'].alignment = Alignment(horizontal='center')
ws['A3'] = '（适用于县级市场监管部门）'
ws.merge_cells('A3:P3')
h1 = ['序号', '公开事项', None, '公开内容（要素）', '公开依据', '公开时限', '公开主体', '公开渠道和载体',
      '公开对象', None, '公开方式', None, '公开层级', None, '责任科室', '备注']
h2 = [None, '一级事项', '二级事项', None, None, None, None, None,
      '全社会', '特定群众', '主动公开', '依申请公开', '县级', '乡级', None, None]
for c, v in enumerate(h1, 1):
    ws.cell(4, c, v)
for c, v in enumerate(h2, 1):
    ws.cell(5, c, v)
for r in ['A4:A5', 'B4:C4', 'D4:D5', 'E4:E5', 'F4:F5', 'G4:G5', 'H4:H5', 'I4:J4', 'K4:L4', 'M4:N4', 'O4:O5', 'P4:P5']:
    ws.merge_cells(r)
rows = [
    ['一、行政许可'],
    [1, None, '食品经营许可', '1. 许可依据 2. 办理流程 3. 许可结果', '①②', '自作出行政许可决定之日起7个工作日内',
     '县级市场监管部门', '■政府网站 ■政务新媒体 □公示栏 ■其他：政务服务中心窗口', '√', None, '√', None, '√', None, '行政审批科', '/'],
    [2, None, '特种设备使用登记', '登记结果', '①', '同上', '县级市场监管部门',
     '■政府网站 □政务新媒体 □公示栏 □其他', '√', None, '√', None, '√', None, '特种设备科', None],
    ['二、行政处罚'],
    [3, None, '行政处罚决定', '1. 处罚依据 2. 处罚决定书', '①③', '20工作日',
     '1. 县级市场监管部门 2. 市场监管所', '■政府网站 □政务新媒体 ■公示栏 □其他', 'þ', '¨', 'R', 'R', '√', '√', '法规科',
     '涉及国家秘密、商业秘密、个人隐私的除外'],
    [4, None, '随机抽查结果', '抽查事项清单和抽查结果', '①', '实时公开', '市场监管所',
     '□政府网站 □政务新媒体 ■公示栏 □其他', '√', None, '√', None, None, '√', '综合执法队', None],
]
r = 6
for row in rows:
    for c, v in enumerate(row, 1):
        ws.cell(r, c, v)
    if len(row) == 1:
        ws.merge_cells(start_row=r, start_column=1, end_row=r, end_column=16)
        ws.cell(r, 1).font = Font(bold=True)
    r += 1
# Wingdings marks (item 3): þ/¨ in Wingdings, R in Wingdings 2.
for ref, font in [('I10', 'Wingdings'), ('J10', 'Wingdings'), ('K10', 'Wingdings 2'), ('L10', 'Wingdings 2')]:
    ws[ref].font = Font(name=font)
ws.cell(r, 1, '备注1')
ws.cell(r, 2, '①《中华人民共和国政府信息公开条例》 ②《中华人民共和国行政许可法》 ③《中华人民共和国行政处罚法》《市场监督管理行政处罚程序规定》')
ws.merge_cells(start_row=r, start_column=2, end_row=r, end_column=16)
ws.cell(r + 1, 1, '备注2')
ws.cell(r + 1, 2, '“公开层级”中标“√”的，表示该层级应当公开此事项。')
ws.merge_cells(start_row=r + 1, start_column=2, end_row=r + 1, end_column=16)
thin = Side(style='thin')
for row in ws.iter_rows(min_row=4, max_row=r + 1, max_col=16):
    for cell in row:
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        cell.alignment = Alignment(wrap_text=True, vertical='center')
for col, width in zip('ABCDEFGHIJKLMNOP', [5, 8, 14, 26, 8, 18, 14, 30, 6, 6, 6, 6, 6, 6, 10, 20]):
    ws.column_dimensions[col].width = width
wb.save(sys.argv[1])
