"""Writes workload W1 (../shared/bench/README.md) as .xlsx with XlsxWriter (shared strings).

Usage: python3 make_w1.py OUT.xlsx [ROWS]
"""
import datetime
import sys

import xlsxwriter

out = sys.argv[1]
rows = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
categories = ["机构信息", "政策法规", "政务服务", "行政执法信息", "财务信息", "互动交流", "综合管理"]
header = ["序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "网站", "两微一端", "公示栏", "金额", "日期", "备注"]

workbook = xlsxwriter.Workbook(out)
sheet = workbook.add_worksheet("data")
date_format = workbook.add_format({"num_format": "yyyy-mm-dd"})
sheet.write_row(0, 0, header)
start = datetime.date(2025, 1, 1)
for r in range(1, rows + 1):
    sheet.write_number(r, 0, r)
    sheet.write_string(r, 1, categories[r % 7])
    sheet.write_string(r, 2, "二级事项" + str(r % 97))
    sheet.write_string(r, 3, "1. 机构概况 2. 主要职能 3. 内设机构 第" + str(r) + "条")
    sheet.write_string(r, 4, "自信息形成或者变更之日起20个工作日内")
    sheet.write_string(r, 5, "隶属海关")
    sheet.write_string(r, 6, "☑" if r % 2 == 1 else "☐")
    sheet.write_string(r, 7, "☑" if r % 3 == 0 else "☐")
    sheet.write_boolean(r, 8, r % 5 == 0)
    sheet.write_number(r, 9, r * 1.25)
    sheet.write_datetime(r, 10, datetime.datetime.combine(start + datetime.timedelta(days=r % 700), datetime.time()), date_format)
    if r % 4 == 0:
        sheet.write_string(r, 11, "备注 " + str(r))
workbook.close()
