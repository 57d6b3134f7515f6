"""Peer: Python's csv module reads a CSV file and counts its fields.

usage: csv_count_fields.py FILE.csv  → prints "seconds cpu_seconds fields peak_kb"
"""
import csv
import resource
import sys
import time

start = time.perf_counter()
cpu_start = time.process_time()
fields = 0
with open(sys.argv[1], encoding="utf-8-sig", newline="") as f:
    for row in csv.reader(f):
        fields += len(row)
elapsed = time.perf_counter() - start
cpu = time.process_time() - cpu_start
print(f"{elapsed:.4f} {cpu:.4f} {fields} {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}")
