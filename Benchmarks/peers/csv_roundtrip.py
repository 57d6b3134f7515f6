"""Peer: Python's csv module reads a CSV file and writes it back as CSV (what `sheet dump --format csv` does
with a CSV input).

usage: csv_roundtrip.py IN.csv OUT.csv  → prints "seconds cpu_seconds rows peak_kb"
"""
import csv
import sys
import time

from csv_peak import peak_kb

start = time.perf_counter()
cpu_start = time.process_time()
rows = 0
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f, open(sys.argv[2], "w", encoding="utf-8", newline="") as out:
    w = csv.writer(out, lineterminator="\r\n")
    for row in csv.reader(f):
        w.writerow(row)
        rows += 1
elapsed = time.perf_counter() - start
cpu = time.process_time() - cpu_start
print(f"{elapsed:.4f} {cpu:.4f} {rows} {peak_kb()}")
