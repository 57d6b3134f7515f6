#!/usr/bin/env python3
"""Make a round of filled office returns from DisclosureKit's blank template, the way offices fill it in.

    disclosure template -o blank.xlsx && disclosure template -o blank.csv
    python3 make_round.py blank.xlsx blank.csv OUTDIR            # the sample round (a roster and a dozen returns)
    python3 make_round.py blank.xlsx blank.csv OUTDIR --count 1000 --seed 7   # a large seeded round (benchmark W2)

The sample round (Samples/round/) holds, on purpose: clean returns, a return with errors of several rules, an
office that answered twice (the later 填报日期 wins; answers differ), a CSV return, an .xls return (LibreOffice), a 关区代码 that Excel turned
into a number, an office missing from the roster, roster offices that did not answer, an unreadable file, a
workbook that is not a return, a return made for another catalog, and a return saved by LibreOffice as .ods
(2202.ods; needs `soffice`). Everything is seeded: same arguments,
same answers.
"""
import argparse
import csv
import datetime as dt
import os
import random
import shutil
import subprocess
import sys
import tempfile

import openpyxl

AS_OF = dt.date(2025, 6, 30)
CHANNELS = ["直属海关网站", "两微一端", "现场公示栏", "现场电子屏", "查询机、公用电脑", "服务手册", "入户/上门/网络精准推送", "其他"]
DISTRICTS = {"01": "北京海关", "02": "天津海关", "22": "上海海关", "51": "广州海关", "53": "深圳海关"}


def header_columns(ws):
    """Column index (1-based) of every header text, found in the two header rows (never hard-coded)."""
    cols = {}
    for r in range(1, 15):
        for c in range(1, ws.max_column + 1):
            v = ws.cell(r, c).value
            if isinstance(v, str) and v.strip():
                if v.strip() in CHANNELS and r > 1 and ws.cell(r - 1, c).value in (None, "实际公开渠道") :
                    cols.setdefault("ch:" + v.strip(), c)
                else:
                    cols.setdefault(v.strip(), c)
        if "落实情况" in cols and all("ch:" + ch in cols for ch in CHANNELS):
            cols["_header_row"] = r
            break
    return cols


def identity_cells(ws):
    """Value cell (right of the label) of each identity label."""
    cells = {}
    for row in ws.iter_rows(min_row=1, max_row=6):
        for cell in row:
            if isinstance(cell.value, str):
                label = cell.value.strip().rstrip("：:")
                if label in ("填报单位", "关区代码", "所属直属海关", "填报人", "联系电话", "填报日期"):
                    cells[label] = (cell.row, cell.column + 1)
    return cells


def answer(item, publishers, deadline, recommended, profile, rng):
    """One item's fill-in values: dict of header → value (dates as datetime.date)."""
    level_ok = "隶属海关" in publishers
    a = {"落实情况": "已公开", "channels": [], "其他渠道说明": "", "公开网址或位置": "", "信息形成或变更日期": None,
         "公开日期": None, "责任部门": "办公室", "未公开或不适用原因": "", "备注": ""}
    if not level_ok:
        a["落实情况"] = "不适用"
        a["未公开或不适用原因"] = "公开主体为海关总署、直属海关，本关不单独公开"
        return a
    chans = [c for c in recommended if c in CHANNELS and c != "其他"] or ["直属海关网站"]
    if profile == "random":
        k = rng.random()
        if k < 0.08:
            a["落实情况"] = "未公开"
            a["未公开或不适用原因"] = "" if rng.random() < 0.3 else "信息尚未形成"
            return a
        if k < 0.14:
            a["落实情况"] = "部分公开"
        if k > 0.97:
            a["落实情况"] = rng.choice(["", "公开了"])
        chans = [c for c in chans if rng.random() < 0.8] or ([] if rng.random() < 0.1 else chans[:1])
        if rng.random() < 0.1:
            chans.append(rng.choice(CHANNELS))
    a["channels"] = sorted(set(chans), key=CHANNELS.index)
    if "其他" in a["channels"]:
        a["其他渠道说明"] = "政务服务大厅公告栏"
    if "直属海关网站" in a["channels"]:
        a["公开网址或位置"] = f"http://gkml.customs.gov.cn/item/{item}"
    elif a["channels"]:
        a["公开网址或位置"] = "业务现场大厅"
    formed = dt.date(2025, 5, 12)  # a Monday; the next working day meets every N-working-day deadline
    published = dt.date(2025, 5, 13)
    if "每年1月31日前" in deadline and "工作日" not in deadline:
        formed, published = dt.date(2024, 12, 31), dt.date(2025, 1, 20)
    if profile == "random":
        shift = rng.choice([1, 1, 1, 2, 5, 40])  # 40 days: late for 3/7/20 working days
        published = formed + dt.timedelta(days=shift)
    a["信息形成或变更日期"], a["公开日期"] = formed, published
    return a


def apply_profile_errors(item, a):
    """Deliberate mistakes of the sample return 0102 (one rule each)."""
    if item == 1:
        a["channels"] = []                            # published without any channel (备注3)
        a["公开网址或位置"] = ""
    elif item == 2:
        a["落实情况"], a["channels"], a["未公开或不适用原因"] = "未公开", [], ""  # no reason
        a["公开网址或位置"] = ""
        a["信息形成或变更日期"] = a["公开日期"] = None
    elif item == 8:
        a["信息形成或变更日期"], a["公开日期"] = dt.date(2025, 3, 3), dt.date(2025, 5, 20)  # late (7 working days)
    elif item == 4:
        a["公开网址或位置"] = "见网站"                  # website channel without a URL
    elif item == 6:
        a["channels"] = a["channels"] + ["其他"]       # 其他 without its form
        a["其他渠道说明"] = ""


def apply_profile_variant(item, a):
    """The earlier return of office 0103: differs on a few answers."""
    if item == 5:
        a["落实情况"], a["channels"], a["公开网址或位置"] = "部分公开", ["现场公示栏"], "业务现场大厅"
    elif item == 13:
        a["备注"] = "初稿"


def fill_rows(rows, profile, rng):
    """rows: list of (item, publishers, deadline, recommended) → list of answers."""
    out = []
    for item, publishers, deadline, recommended in rows:
        a = answer(item, publishers, deadline, recommended, profile, rng)
        if profile == "errors":
            apply_profile_errors(item, a)
        elif profile == "variant":
            apply_profile_variant(item, a)
        out.append((item, a))
    return out


def fill_xlsx(blank, path, office, profile, rng, numeric_code=False, mtime=None):
    wb = openpyxl.load_workbook(blank)
    ws = wb.worksheets[0]
    ident = identity_cells(ws)
    cols = header_columns(ws)
    name, code, district, filled = office
    values = {"填报单位": name, "关区代码": int(code) if numeric_code else code, "所属直属海关": district,
              "填报人": "王五", "联系电话": "010-8511" + code, "填报日期": filled}
    for label, value in values.items():
        r, c = ident[label]
        cell = ws.cell(r, c)
        cell.value = value
        if isinstance(value, dt.date):
            cell.number_format = "yyyy-mm-dd"
        elif label == "关区代码" and not numeric_code:
            cell.number_format = "@"
    first = cols["_header_row"] + 1  # the row under the channel names
    rows = []
    for r in range(first, ws.max_row + 1):
        n = ws.cell(r, cols["序号"]).value
        if n is None:
            continue
        rec = str(ws.cell(r, cols["推荐公开渠道"]).value or "").split("\n")
        rows.append((int(n), str(ws.cell(r, cols["公开主体"]).value), str(ws.cell(r, cols["公开时限"]).value),
                     [x.split("：")[0] for x in rec]))
    by_item = dict(fill_rows(rows, profile, rng))
    for r in range(first, ws.max_row + 1):
        n = ws.cell(r, cols["序号"]).value
        if n is None:
            continue
        a = by_item[int(n)]
        for header in ("落实情况", "其他渠道说明", "公开网址或位置", "责任部门", "未公开或不适用原因", "备注"):
            ws.cell(r, cols[header]).value = a[header] or None
        for header in ("信息形成或变更日期", "公开日期"):
            cell = ws.cell(r, cols[header])
            cell.value = a[header]
            if a[header] is not None:
                cell.number_format = "yyyy-mm-dd"
        for ch in CHANNELS:
            ws.cell(r, cols["ch:" + ch]).value = "☑" if ch in a["channels"] else "☐"
    wb.save(path)
    if mtime:
        os.utime(path, (mtime, mtime))


def fill_csv(blank, path, office, profile, rng, encoding="utf-8-sig"):
    with open(blank, encoding="utf-8-sig", newline="") as f:
        rows = list(csv.reader(f))
    name, code, district, filled = office
    ident = {"填报单位": name, "关区代码": code, "所属直属海关": district, "填报人": "赵六", "联系电话": "022-1" + code,
             "填报日期": filled.isoformat()}
    for row in rows:
        if len(row) >= 2 and row[0] in ident:
            row[1] = ident[row[0]]
    h = next(i for i, row in enumerate(rows) if "落实情况" in row)
    header = rows[h]
    col = {t: i for i, t in enumerate(header)}
    items = [(int(row[col["序号"]]), row[col["公开主体"]], row[col["公开时限"]],
              [x.split("：")[0] for x in row[col["推荐公开渠道"]].split("\n")]) for row in rows[h + 1:] if row and row[0]]
    by_item = dict(fill_rows(items, profile, rng))
    for row in rows[h + 1:]:
        if not row or not row[0]:
            continue
        a = by_item[int(row[col["序号"]])]
        for t in ("落实情况", "其他渠道说明", "公开网址或位置", "责任部门", "未公开或不适用原因", "备注"):
            row[col[t]] = a[t]
        for t in ("信息形成或变更日期", "公开日期"):
            row[col[t]] = a[t].isoformat() if a[t] else ""
        for ch in CHANNELS:
            row[col["实际公开渠道·" + ch]] = "☑" if ch in a["channels"] else "☐"
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f, lineterminator="\r\n").writerows(rows)


def to_xls(path, mtime=None):
    """Replaces an .xlsx by the .xls LibreOffice saves from it (Excel 97–2003, BIFF8), in a private profile."""
    import subprocess
    import tempfile
    outdir = os.path.dirname(path)
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{profile}", "--headless", "--norestore",
                        "--convert-to", "xls", "--outdir", outdir, path], check=True, capture_output=True)
    os.remove(path)
    xls = path[:-len(".xlsx")] + ".xls"
    if mtime:
        os.utime(xls, (mtime, mtime))


def write_roster(path, offices):
    with open(path, "w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, lineterminator="\r\n")
        w.writerow(["关区代码", "关区名称", "所属直属海关"])
        for code, name, district in offices:
            w.writerow([code, name, district])


def sample_round(blank_xlsx, blank_csv, out):
    returns = os.path.join(out, "returns")
    os.makedirs(os.path.join(returns, "天津"), exist_ok=True)
    rng = random.Random(20250630)
    roster = [("0101", "首都机场海关", "北京海关"), ("0102", "北京西站海关", "北京海关"), ("0103", "平谷海关", "北京海关"),
              ("0104", "中关村海关", "北京海关"), ("0201", "新港海关", "天津海关"), ("0202", "东疆海关", "天津海关"),
              ("0203", "天津机场海关", "天津海关"), ("2201", "浦东海关", "上海海关"), ("2202", "洋山海关", "上海海关"),
              ("2203", "外高桥海关", "上海海关")]
    write_roster(os.path.join(out, "roster.csv"), roster)
    names = {c: n for c, n, _ in roster}
    dist = {c: d for c, _, d in roster}
    t0 = 1750000000  # fixed file times so "later file time" is reproducible
    def office(code, day=20, name=None):
        return (name or names[code], code, dist.get(code, DISTRICTS.get(code[:2], "")), dt.date(2025, 6, day))
    fill_xlsx(blank_xlsx, os.path.join(returns, "0101.xlsx"), office("0101"), "clean", rng, mtime=t0)
    fill_xlsx(blank_xlsx, os.path.join(returns, "0102.xlsx"), office("0102"), "errors", rng, mtime=t0)
    fill_xlsx(blank_xlsx, os.path.join(returns, "0103-初稿.xlsx"), office("0103", 10), "variant", rng, mtime=t0 + 50)
    fill_xlsx(blank_xlsx, os.path.join(returns, "0103.xlsx"), office("0103", 18), "clean", rng, mtime=t0)
    fill_xlsx(blank_xlsx, os.path.join(returns, "天津", "0201.xlsx"), office("0201"), "clean", rng, mtime=t0)
    fill_csv(blank_csv, os.path.join(returns, "天津", "0202.csv"), office("0202"), "clean", rng, encoding="gb18030")
    fill_xlsx(blank_xlsx, os.path.join(returns, "天津", "0203.xlsx"), office("0203"), "clean", rng, numeric_code=True, mtime=t0)
    fill_xlsx(blank_xlsx, os.path.join(returns, "2201.xlsx"), office("2201"), "clean", rng, mtime=t0)
    # An office on Excel 97–2003: its return saved as .xls (by LibreOffice, as Excel/WPS would).
    to_xls(os.path.join(returns, "2201.xlsx"), mtime=t0)
    fill_xlsx(blank_xlsx, os.path.join(returns, "2202.xlsx"), office("2202"), "variant", rng, mtime=t0)
    fill_xlsx(blank_xlsx, os.path.join(returns, "5101.xlsx"), office("5101", name="黄埔老港海关"), "clean", rng, mtime=t0)
    # Another catalog: the hidden metadata names another catalog id.
    other = os.path.join(returns, "其他目录.xlsx")
    fill_xlsx(blank_xlsx, other, office("2203"), "clean", rng, mtime=t0)
    wb = openpyxl.load_workbook(other)
    meta = wb["模板信息"]
    for row in meta.iter_rows():
        if row[0].value == "目录标识":
            row[1].value = "tax"
    wb.save(other)
    # Not a return: a meeting list.
    wb = openpyxl.Workbook()
    wb.active.title = "会议"
    wb.active.append(["日期", "议题"])
    wb.active.append(["2025-06-01", "政务公开培训"])
    wb.save(os.path.join(returns, "会议安排.xlsx"))
    # LibreOffice's own format: 2202 saved as .ods (its profile in a temporary folder of its own).
    with tempfile.TemporaryDirectory() as lo:
        subprocess.run(["soffice", f"-env:UserInstallation=file://{lo}/profile", "--headless", "--norestore",
                        "--convert-to", "ods", "--outdir", lo, os.path.join(returns, "2202.xlsx")],
                       check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        shutil.copyfile(os.path.join(lo, "2202.ods"), os.path.join(returns, "2202.ods"))
    os.remove(os.path.join(returns, "2202.xlsx"))
    # Unreadable: a truncated copy of a return.
    with open(os.path.join(returns, "0101.xlsx"), "rb") as f:
        head = f.read(2000)
    with open(os.path.join(returns, "损坏.xlsx"), "wb") as f:
        f.write(head)
    for root, _, files in os.walk(returns):
        for name in files:
            p = os.path.join(root, name)
            if name not in ("0103-初稿.xlsx",):
                os.utime(p, (t0, t0))


def large_round(blank_xlsx, blank_csv, out, count, seed):
    """count returns from a roster of about 1.05 × count offices over 42 直属海关: about 3% CSV, 1% offices that
    answered twice, 0.5% broken files, answers varied with valid and invalid values (seeded)."""
    rng = random.Random(seed)
    returns = os.path.join(out, "returns")
    os.makedirs(returns, exist_ok=True)
    prefixes = [f"{p:02d}" for p in range(1, 43)]
    size = count + count // 20
    codes = sorted([f"{p}{k:02d}" for k in range(1, 100) for p in prefixes][:size])
    roster = [(c, f"关区{c}", DISTRICTS.get(c[:2], f"直属海关{c[:2]}")) for c in codes]
    write_roster(os.path.join(out, "roster.csv"), roster)
    answering = rng.sample(roster, min(count, len(roster)))
    t0 = 1750000000
    made = 0
    for i, (code, name, district) in enumerate(answering):
        office = (name, code, district, dt.date(2025, 6, rng.randint(1, 28)))
        if i % 33 == 5:
            fill_csv(blank_csv, os.path.join(returns, f"{code}.csv"), office, "random", rng)
        elif i % 200 == 17:
            with open(os.path.join(returns, f"{code}.xlsx"), "wb") as f:
                f.write(b"PK\x03\x04 truncated")
        else:
            fill_xlsx(blank_xlsx, os.path.join(returns, f"{code}.xlsx"), office, "random", rng, mtime=t0 + i)
        made += 1
        if i % 100 == 42:
            again = (name, code, district, dt.date(2025, 6, 29))
            fill_xlsx(blank_xlsx, os.path.join(returns, f"{code}-更正.xlsx"), again, "random", rng, mtime=t0 + i)
            made += 1
        if (i + 1) % 100 == 0:
            print(f"{i + 1}/{len(answering)}", file=sys.stderr)
    print(f"{made} files for {len(answering)} offices, roster of {len(roster)}", file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("blank_xlsx")
    ap.add_argument("blank_csv")
    ap.add_argument("out")
    ap.add_argument("--count", type=int, default=0, help="make a large seeded round of this many returns")
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    if os.path.exists(os.path.join(a.out, "returns")):
        shutil.rmtree(os.path.join(a.out, "returns"))
    os.makedirs(a.out, exist_ok=True)
    if a.count:
        large_round(a.blank_xlsx, a.blank_csv, a.out, a.count, a.seed)
    else:
        sample_round(a.blank_xlsx, a.blank_csv, a.out)


if __name__ == "__main__":
    main()
