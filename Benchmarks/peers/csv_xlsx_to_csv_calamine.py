"""Peer: python-calamine reads the first sheet of an XLSX file and the csv module writes it as CSV.

usage: csv_xlsx_to_csv_calamine.py IN.xlsx OUT.csv  → prints "seconds cpu_seconds rows peak_kb"
"""
import csv
import resource
import sys
import time

from python_calamine import CalamineWorkbook

start = time.perf_counter()
cpu_start = time.process_time()
book = CalamineWorkbook.from_path(sys.argv[1])
rows = book.get_sheet_by_index(0).to_python()
with open(sys.argv[2], "w", encoding="utf-8-sig", newline="") as f:
    w = csv.writer(f, lineterminator="\r\n")
    for row in rows:
        w.writerow(row)
elapsed = time.perf_counter() - start
cpu = time.process_time() - cpu_start
print(f"{elapsed:.4f} {cpu:.4f} {len(rows)} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
