"""Peer for the read benchmark: python-calamine reads every cell of every sheet.

Usage: python3 read_calamine.py FILE.xlsx — prints "<seconds> <non-empty cells>".
"""
import sys
import time

from python_calamine import CalamineWorkbook

start = time.perf_counter()
workbook = CalamineWorkbook.from_path(sys.argv[1])
cells = 0
for name in workbook.sheet_names:
    for row in workbook.get_sheet_by_name(name).to_python():
        for value in row:
            if value != "":
                cells += 1
print(f"{time.perf_counter() - start:.4f} {cells}")
