#!/usr/bin/env python3
"""W2 peer: stack the rows of every return in a folder into one list, and nothing else.

    python3 merge_stack.py DIR [calamine|openpyxl]

Reads each .xlsx (first sheet) with python-calamine (default) or openpyxl read-only, and each .csv with the csv
module, appending every row to one list. No validation, no figures, no output file. Prints
"<seconds> <files> files, <n> unreadable, <rows> rows", seconds measured inside the script (interpreter start-up excluded).
"""
import csv
import os
import sys
import time


def main():
    folder = sys.argv[1]
    engine = sys.argv[2] if len(sys.argv) > 2 else "calamine"
    start = time.perf_counter()
    if engine == "calamine":
        from python_calamine import CalamineWorkbook

        def xlsx_rows(path):
            return CalamineWorkbook.from_path(path).get_sheet_by_index(0).to_python()
    else:
        import openpyxl

        def xlsx_rows(path):
            wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
            rows = list(wb.worksheets[0].iter_rows(values_only=True))
            wb.close()
            return rows
    paths = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        paths += [os.path.join(root, f) for f in sorted(files)]
    stacked, count, failed = [], 0, 0
    for path in paths:
        lower = path.lower()
        if lower.endswith(".xlsx"):
            try:
                stacked.extend(xlsx_rows(path))
                count += 1
            except Exception:  # a broken file is skipped, as a merge must survive it
                failed += 1
        elif lower.endswith(".csv"):
            with open(path, encoding="utf-8-sig", newline="") as f:
                stacked.extend(csv.reader(f))
            count += 1
    print(f"{time.perf_counter() - start:.4f} {count} files, {failed} unreadable, {len(stacked)} rows")


if __name__ == "__main__":
    main()
