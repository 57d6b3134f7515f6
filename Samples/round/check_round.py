#!/usr/bin/env python3
"""Recount a merged round independently of DisclosureKit and compare with its outputs.

    python3 check_round.py RETURNS_DIR ROSTER.csv merged.json merged.xlsx [AS_OF [HOLIDAYS_DIR]]

Reads every return itself (openpyxl for XLSX, python-calamine for XLS, the csv module for CSV in UTF-8 or GB18030), picks one return per
office (later 填报日期, then later file time), and recounts: inputs per status, offices answered / missing /
not on the roster per 直属海关, and per item the answers, each 落实情况 and each channel; and, from the
catalog's 公开时限 wording and the holiday-cn files (default: Sources/WorkCalendar/Holidays), whether each
published item met its deadline (N working days strictly after the date formed, N calendar days extended past
rest days, annual by M月D日; an item with several deadlines is late only when it misses all of them) and
which unpublished items are overdue at AS_OF. Compares the figures with merged.json and with the sheets
汇总, 渠道, 时限, 未报送 and 明细 of merged.xlsx. Prints the differences and
exits 1 when there is any, else prints a one-line summary and exits 0.
"""
import csv
import datetime as dt
import json
import os
import sys
from collections import Counter, defaultdict

import re

import openpyxl

CHANNELS = ["直属海关网站", "两微一端", "现场公示栏", "现场电子屏", "查询机、公用电脑", "服务手册", "入户/上门/网络精准推送", "其他"]
STATUSES = ["已公开", "部分公开", "未公开", "不适用"]
LABELS = ["填报单位", "关区代码", "所属直属海关", "填报人", "联系电话", "填报日期"]


def code_text(v):
    if v is None:
        return None
    if isinstance(v, (int, float)):
        return f"{int(v):04d}"
    s = str(v).strip()
    return s.zfill(4) if s.isdigit() and len(s) <= 4 else None


def as_date(v):
    if isinstance(v, dt.datetime):
        return v.date()
    if isinstance(v, dt.date):
        return v
    try:
        return dt.date.fromisoformat(str(v).strip())
    except ValueError:
        return None


def xlsx_sheets(path):
    """(name, rows of values) per worksheet, through openpyxl."""
    wb = openpyxl.load_workbook(path, data_only=True)
    return [(ws.title, [list(r) for r in ws.iter_rows(values_only=True)]) for ws in wb.worksheets]


def xls_sheets(path):
    """(name, rows of values) per worksheet of an .xls or .ods, through python-calamine (empty cells as None)."""
    from python_calamine import CalamineWorkbook
    wb = CalamineWorkbook.from_path(path)
    return [(name, [[None if v == "" else v for v in r] for r in wb.get_sheet_by_name(name).to_python(skip_empty_area=False)])
            for name in wb.sheet_names]


def read_xlsx(path, sheets=xlsx_sheets):
    all_sheets = sheets(path)
    for name, rows in all_sheets:
        if name == "模板信息":
            for row in rows:
                if row and row[0] == "目录标识" and row[1] != "customs":
                    return ("rejected", "other-catalog")
    for _, grid in all_sheets:
        hr = next((i for i, r in enumerate(grid) if "序号" in r and "落实情况" in r), None)
        if hr is None:
            continue
        ident = {}
        for r in grid[:hr]:
            for i, v in enumerate(r):
                if isinstance(v, str) and v.strip().rstrip("：:") in LABELS and i + 1 < len(r):
                    ident[v.strip().rstrip("：:")] = r[i + 1]
        header, names = grid[hr], grid[hr + 1]
        col = {v: i for i, v in enumerate(header) if isinstance(v, str)}
        chcol = {v: i for i, v in enumerate(names) if v in CHANNELS}
        items = {}
        for r in grid[hr + 2:]:
            if r[col["序号"]] is None:
                continue
            n = int(r[col["序号"]])
            items.setdefault(n, (str(r[col["落实情况"]] or "").strip(),
                                 [c for c in CHANNELS if c in chcol and r[chcol[c]] == "☑"],
                                 r[col["公开时限"]], as_date(r[col["信息形成或变更日期"]]), as_date(r[col["公开日期"]])))
        return ("return", ident, items)
    return ("rejected", "not-a-return")


def read_csv(path):
    raw = open(path, "rb").read()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    rows = list(csv.reader(text.splitlines(True)))
    ident = {r[0]: r[1] for r in rows if len(r) >= 2 and r[0] in LABELS}
    for r in rows:
        if len(r) >= 2 and r[0] == "目录标识" and r[1] != "customs":
            return ("rejected", "other-catalog")
    hr = next((i for i, r in enumerate(rows) if "序号" in r and "落实情况" in r), None)
    if hr is None:
        return ("rejected", "not-a-return")
    col = {v: i for i, v in enumerate(rows[hr])}
    items = {}
    for r in rows[hr + 1:]:
        if not r or not r[0].strip():
            continue
        items.setdefault(int(r[col["序号"]]), (r[col["落实情况"]].strip(),
                                              [c for c in CHANNELS if r[col["实际公开渠道·" + c]] == "☑"],
                                              r[col["公开时限"]], as_date(r[col["信息形成或变更日期"]]),
                                              as_date(r[col["公开日期"]])))
    return ("return", ident, items)


class Calendar:
    def __init__(self, folder):
        self.special = {}
        for name in os.listdir(folder):
            if name.endswith(".json"):
                for day in json.load(open(os.path.join(folder, name), encoding="utf-8"))["days"]:
                    self.special[dt.date.fromisoformat(day["date"])] = not day["isOffDay"]

    def working(self, d):
        return self.special.get(d, d.weekday() < 5)

    def nth_working_day_after(self, d, n):
        while n > 0:
            d += dt.timedelta(days=1)
            n -= self.working(d)
        return d

    def calendar_days_after(self, d, n):
        d += dt.timedelta(days=n)
        while not self.working(d):
            d += dt.timedelta(days=1)
        return d


def deadline_rules(wording):
    """The judged deadlines of a 公开时限 cell, one per numbered line."""
    rules = []
    for line in str(wording or "").split("\n"):
        if m := re.search(r"(\d+)个工作日", line):
            rules.append(("work", int(m.group(1))))
        elif m := re.search(r"(\d+)日内", line):
            rules.append(("days", int(m.group(1))))
        elif m := re.search(r"每年(\d+)月(\d+)日前", line):
            rules.append(("annual", (int(m.group(1)), int(m.group(2)))))
    return rules


def deadline_met(rules, status, formed, published, as_of, cal):
    """True / False / None (not judged), as documented above."""
    if not rules:
        return None
    start = formed or (published if all(r[0] == "annual" for r in rules) else None)
    if start is None:
        return None
    dues = []
    for kind, arg in rules:
        if kind == "work":
            dues.append(cal.nth_working_day_after(start, arg))
        elif kind == "days":
            dues.append(cal.calendar_days_after(start, arg))
        else:
            due = dt.date(start.year, *arg)
            dues.append(due if due >= start else dt.date(start.year + 1, *arg))
    due = max(dues)
    if status in ("已公开", "部分公开"):
        if published is None or (formed is None and any(r[0] != "annual" for r in rules)):
            return None
        return published <= due
    if status == "未公开" and formed is not None and as_of is not None and as_of > due:
        return False
    return None


def recount(returns_dir, roster_path):
    roster = {}
    with open(roster_path, encoding="utf-8-sig") as f:
        for r in csv.DictReader(f):
            roster[code_text(r["关区代码"])] = (r.get("关区名称", ""), r["所属直属海关"])
    inputs, candidates = {}, defaultdict(list)
    for root, dirs, files in os.walk(returns_dir):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        for name in files:
            if name.startswith("."):
                continue
            path = os.path.join(root, name)
            ext = name.rsplit(".", 1)[-1].lower()
            if ext not in ("xlsx", "xlsm", "csv", "xls", "ods") or name.startswith("~$"):
                inputs[path] = ("rejected", "not-a-return")
                continue
            try:
                got = read_csv(path) if ext == "csv" else read_xlsx(path, xls_sheets if ext in ("xls", "ods") else xlsx_sheets)
            except Exception:
                got = ("rejected", "unreadable")
            if got[0] == "rejected":
                inputs[path] = got
                continue
            _, ident, items = got
            code = code_text(ident.get("关区代码"))
            if code is None:
                inputs[path] = ("rejected", "no-office-code")
                continue
            candidates[code].append((as_date(ident.get("填报日期")) or dt.date.min, os.path.getmtime(path), path, ident, items))
    offices = {}
    for code, cands in candidates.items():
        cands.sort(key=lambda c: (c[0], c[1], c[2]), reverse=True)
        offices[code] = cands[0]
        inputs[cands[0][2]] = ("merged", None)
        for c in cands[1:]:
            inputs[c[2]] = ("superseded", None)
    items = defaultdict(lambda: {"answered": 0, "status": Counter(), "channels": Counter()})
    for code, (_, _, _, _, its) in offices.items():
        for n, (status, chans, *_rest) in its.items():
            items[n]["answered"] += 1
            items[n]["status"][status] += 1
            for c in chans:
                items[n]["channels"][c] += 1
    districts = defaultdict(lambda: {"expected": 0, "answered": 0, "missing": 0})
    for code, (_, district) in roster.items():
        d = districts[district]
        d["expected"] += 1
        d["answered" if code in offices else "missing"] += 1
    missing = sorted(c for c in roster if c not in offices)
    unknown = sorted(c for c in offices if c not in roster)
    return inputs, offices, items, districts, missing, unknown


def main():
    returns_dir, roster_path, json_path, xlsx_path = sys.argv[1:5]
    as_of = dt.date.fromisoformat(sys.argv[5]) if len(sys.argv) > 5 else None
    here = os.path.dirname(os.path.abspath(__file__))
    cal = Calendar(sys.argv[6] if len(sys.argv) > 6 else os.path.join(here, "..", "..", "Sources", "WorkCalendar", "Holidays"))
    inputs, offices, items, districts, missing, unknown = recount(returns_dir, roster_path)
    doc = json.load(open(json_path, encoding="utf-8"))
    bad = []

    def same(what, mine, theirs):
        if mine != theirs:
            bad.append(f"{what}: recount {mine!r} != merge {theirs!r}")

    status_of = {os.path.normpath(i["file"]): (i["status"].replace("merged-with-findings", "merged"), i["reason"]) for i in doc["inputs"]}
    same("inputs", {os.path.normpath(k): v for k, v in inputs.items()}, status_of)
    same("offices", sorted(offices), [o["code"] for o in doc["offices"]])
    same("missing", missing, doc["missing"])
    same("unknown", unknown, doc["unknown_offices"])
    deadlines = defaultdict(lambda: [0, 0, 0])  # met, missed, not judged per item
    for o in doc["offices"]:
        its = offices[o["code"]][4]
        same(f"office {o['code']} file", os.path.normpath(offices[o["code"]][2]), os.path.normpath(o["file"]))
        for it in o["items"]:
            status, chans, wording, formed, published = its.get(it["item"], ("<absent>", [], "", None, None))
            same(f"office {o['code']} item {it['item']} status", status, it["status_text"])
            same(f"office {o['code']} item {it['item']} channels", chans, it["channels"])
            met = deadline_met(deadline_rules(wording), status, formed, published, as_of, cal)
            same(f"office {o['code']} item {it['item']} deadline_met", met, it["deadline_met"])
            deadlines[it["item"]][{True: 0, False: 1, None: 2}[met]] += 1
        same(f"office {o['code']} item count", len(its), len(o["items"]))
    for s in doc["summary"]["items"]:
        mine = items.get(s["item"], {"answered": 0, "status": Counter(), "channels": Counter()})
        same(f"item {s['item']} answered", mine["answered"], s["answered"])
        for st in STATUSES:
            same(f"item {s['item']} {st}", mine["status"][st], s["status"][st])
        for c in CHANNELS:
            same(f"item {s['item']} channel {c}", mine["channels"][c], s["channels"][c])
    for d in doc["summary"]["districts"]:
        mine = districts.get(d["district"], {"expected": 0, "answered": 0, "missing": 0})
        same(f"district {d['district']}", (mine["expected"], mine["answered"], mine["missing"]),
             (d["expected"], d["answered"], d["missing"]))

    wb = openpyxl.load_workbook(xlsx_path)
    names = wb.sheetnames
    same("sheets", names[:8], ["汇总", "明细", "渠道", "时限", "问题", "未报送", "冲突", "输入"])
    summary = list(wb["汇总"].iter_rows(values_only=True))
    for d, mine in districts.items():
        row = next((r for r in summary if r[0] == d), None)
        same(f"汇总 {d}", (mine["expected"], mine["answered"], mine["missing"]), row[1:4] if row else None)
    total = next((r for r in summary if r[0] == "合计"), None)
    same("汇总 合计", (len(offices) - len(unknown), len(missing), len(unknown)), total[2:5] if total else None)
    chan = list(wb["渠道"].iter_rows(values_only=True))
    head = chan[0]
    for r in chan[1:]:
        mine = items.get(r[0], {"answered": 0, "channels": Counter()})
        same(f"渠道 item {r[0]} answered", mine["answered"], r[2])
        for c in CHANNELS:
            same(f"渠道 item {r[0]} {c}", mine["channels"][c], r[head.index(c)])
    for r in list(wb["时限"].iter_rows(values_only=True))[1:]:
        same(f"时限 item {r[0]} met/late/not judged", deadlines[r[0]], list(r[4:7]))
    same("未报送", missing, sorted(r[0] for r in list(wb["未报送"].iter_rows(values_only=True))[1:]))
    same("明细 rows", sum(len(o[4]) for o in offices.values()), wb["明细"].max_row - 1)
    # 汇总 opens with a title block (three lines and an empty row): its header is row 5.
    same("frozen 汇总", "A6", wb["汇总"].freeze_panes)
    if bad:
        print("\n".join(bad[:40]))
        if len(bad) > 40:
            print(f"… and {len(bad) - 40} more differences")
        sys.exit(1)
    print(f"recount agrees: {len(inputs)} inputs, {len(offices)} offices, {len(missing)} missing, {len(unknown)} not on roster, "
          f"{sum(i['answered'] for i in items.values())} answers")


if __name__ == "__main__":
    main()
