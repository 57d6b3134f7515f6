#!/usr/bin/env bash
# The main job on the bundled Samples/: what `make demo` runs after building.
# Usage: scripts/demo.sh PATH/TO/disclosure OUTDIR
set -euo pipefail
bin="$1"; out="$2"
mkdir -p "$out"
echo "== sheets of every sample workbook"
shopt -s nullglob
for f in Samples/*.xlsx Samples/*.csv; do
  echo "-- $f"
  "$bin" sheet list "$f"
done
