"""Peer: python-calamine reads every sheet of an XLSX file and json writes the cells (what `sheet dump`
does: a sparse list of non-empty cells).

usage: xlsx_to_json_calamine.py IN.xlsx OUT.json  → prints "seconds cpu_seconds cells peak_kb"
"""
import datetime
import json
import sys
import time

from csv_peak import peak_kb

from python_calamine import CalamineWorkbook

start = time.perf_counter()
cpu_start = time.process_time()
book = CalamineWorkbook.from_path(sys.argv[1])
cells = 0
sheets = []
for name in book.sheet_names:
    out = []
    for r, row in enumerate(book.get_sheet_by_name(name).to_python()):
        for c, value in enumerate(row):
            if value == "" or value is None:
                continue
            if isinstance(value, (datetime.date, datetime.datetime, datetime.time)):
                value = value.isoformat()
            out.append([r, c, value])
    cells += len(out)
    sheets.append({"name": name, "cells": out})
with open(sys.argv[2], "w", encoding="utf-8") as f:
    json.dump({"sheets": sheets}, f, ensure_ascii=False)
elapsed = time.perf_counter() - start
cpu = time.process_time() - cpu_start
print(f"{elapsed:.4f} {cpu:.4f} {cells} {peak_kb()}")
