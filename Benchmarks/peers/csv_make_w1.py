"""Writes workload W1 (../shared/bench/README.md) as CSV and, when asked, as XLSX.

usage: csv_make_w1.py OUT.csv [OUT.xlsx [ROWS]]   (100,000 rows unless ROWS is given)

The CSV is what Excel's "CSV UTF-8" export of W1 looks like: UTF-8 with BOM, CRLF, booleans as TRUE/FALSE,
dates as yyyy-mm-dd, numbers in shortest form. The XLSX is written by XlsxWriter (constant memory) with real
numbers, booleans and yyyy-mm-dd formatted dates.
"""
import csv
import datetime
import sys

HEADER = ["序号", "一级事项", "二级事项", "公开内容", "公开时限", "公开主体", "网站", "两微一端", "公示栏", "金额", "日期", "备注"]
CATEGORIES = ["机构信息", "政策法规", "政务服务", "行政执法信息", "财务信息", "互动交流", "综合管理"]
BASE = datetime.date(2025, 1, 1)
ROWS = 100_000


def row(r):
    return [
        r,
        CATEGORIES[r % 7],
        "二级事项" + str(r % 97),
        "1. 机构概况 2. 主要职能 3. 内设机构 第" + str(r) + "条",
        "自信息形成或者变更之日起20个工作日内",
        "隶属海关",
        "☑" if r % 2 == 1 else "☐",
        "☑" if r % 3 == 0 else "☐",
        r % 5 == 0,
        r * 1.25,
        BASE + datetime.timedelta(days=r % 700),
        ("备注 " + str(r)) if r % 4 == 0 else "",
    ]


def text(v):
    if isinstance(v, bool):
        return "TRUE" if v else "FALSE"
    if isinstance(v, float):
        return ("%.15g" % v)
    if isinstance(v, datetime.date):
        return v.isoformat()
    return str(v)


def main():
    global ROWS
    if len(sys.argv) > 3:
        ROWS = int(sys.argv[3])
    with open(sys.argv[1], "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(HEADER)
        for r in range(1, ROWS + 1):
            w.writerow([text(v) for v in row(r)])
    if len(sys.argv) > 2:
        import xlsxwriter
        book = xlsxwriter.Workbook(sys.argv[2], {"constant_memory": True})
        sheet = book.add_worksheet("data")
        date_format = book.add_format({"num_format": "yyyy-mm-dd"})
        sheet.write_row(0, 0, HEADER)
        for r in range(1, ROWS + 1):
            values = row(r)
            for c, v in enumerate(values):
                if isinstance(v, datetime.date):
                    sheet.write_datetime(r, c, datetime.datetime.combine(v, datetime.time()), date_format)
                elif isinstance(v, bool):
                    sheet.write_boolean(r, c, v)
                elif v == "":
                    continue
                else:
                    sheet.write(r, c, v)
        book.close()


main()
