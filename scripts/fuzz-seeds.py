#!/usr/bin/env python3
"""Builds the seed corpora of the fuzz targets from Samples/ and ../shared/corpus (when present).

usage: fuzz-seeds.py OUT_DIR   (makes OUT_DIR/<target>/ for each target; existing files are kept)
"""
import hashlib, os, sys, zipfile

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
out = sys.argv[1]
MAX = 64 << 10
sources = [os.path.join(root, "Samples"), os.path.join(root, "Tests")]
shared = os.path.join(os.path.dirname(root), "shared", "corpus")
if os.path.isdir(shared):
    sources.append(shared)
else:
    print(f"fuzz-seeds: {shared} is absent; seeding from Samples/ and Tests/ only", file=sys.stderr)

def files(exts):
    for base in sources:
        for dirpath, _, names in os.walk(base):
            for name in sorted(names):
                if name.lower().endswith(exts):
                    yield os.path.join(dirpath, name)

def put(target, data):
    if len(data) > MAX:
        return
    d = os.path.join(out, target)
    os.makedirs(d, exist_ok=True)
    with open(os.path.join(d, hashlib.sha1(data).hexdigest()), "wb") as f:
        f.write(data)

# The part a FuzzXLSXParts input replaces, by its first byte (Fuzz/FuzzXLSXParts).
def part_kind(name):
    n = name.lower()
    if n.startswith("xl/worksheets/") and n.endswith(".xml"): return 0
    if n.endswith("styles.xml"): return 1
    if n.endswith("sharedstrings.xml"): return 2
    if n.endswith("workbook.xml"): return 3
    if n.endswith("workbook.xml.rels"): return 4
    if "comments" in n and n.endswith(".xml"): return 5
    return None

for path in files((".xlsx", ".xlsm")):
    data = open(path, "rb").read()
    for target in ("FuzzZip", "FuzzXLSX", "FuzzReturn"):
        put(target, data)
    try:
        with zipfile.ZipFile(path) as z:
            for info in z.infolist():
                kind = part_kind(info.filename)
                if kind is not None and info.file_size <= MAX:
                    put("FuzzXLSXParts", bytes([kind]) + z.read(info))
    except (zipfile.BadZipFile, OSError, NotImplementedError, RuntimeError):
        pass
for path in files((".csv", ".tsv", ".txt")):
    data = open(path, "rb").read()
    put("FuzzCSV", data)
    put("FuzzReturn", data)
# .xls/.et (compound files) and .ods: the smallest make the best seeds (MAX keeps the big ones out).
for path in files((".xls", ".et")):
    put("FuzzXLS", open(path, "rb").read())
for path in files((".ods",)):
    data = open(path, "rb").read()
    put("FuzzODS", data)
    put("FuzzZip", data)
for target in ("FuzzZip", "FuzzXLSX", "FuzzXLSXParts", "FuzzCSV", "FuzzReturn", "FuzzXLS", "FuzzODS"):
    os.makedirs(os.path.join(out, target), exist_ok=True)
