#!/usr/bin/env bash
# The main job on the bundled Samples/: what `make demo` runs after building.
# Usage: scripts/demo.sh PATH/TO/disclosure OUTDIR
set -uo pipefail
bin="$1"; out="$2"
mkdir -p "$out"
step() { printf '\n== %s\n' "$*"; }

step "1. 海关标准目录 (the built-in customs catalog), exported as the official table"
"$bin" catalog export -o "$out/catalog-customs.xlsx" || exit 2
"$bin" catalog export -o "$out/catalog-customs.csv" || exit 2
"$bin" catalog show | head -n 12
echo "   … ($out/catalog-customs.xlsx, $out/catalog-customs.csv)"

step "2. Another domain's table read by the generic importer (Samples/catalog-market.xlsx)"
"$bin" catalog import Samples/catalog-market.xlsx -o "$out/catalog-market.json" --id market || true

step "3. The blank template headquarters sends to offices"
"$bin" template -o "$out/template.xlsx" || exit 2
"$bin" template -o "$out/template.csv" || exit 2
"$bin" sheet list "$out/template.xlsx"

step "4. Validate the sample returns (Excel-like, LibreOffice re-saved, GB18030 CSV) as of 2025-06-30"
"$bin" validate Samples/returns/*.xlsx Samples/returns/*.csv --as-of 2025-06-30
status=$?
echo "   (exit status $status: 1 means errors were found, as errors*.xlsx/csv are meant to show)"
"$bin" validate Samples/returns/errors.xlsx --as-of 2025-06-30 --format xlsx -o "$out/errors-checked.xlsx" >/dev/null
echo "   annotated copy: $out/errors-checked.xlsx"

if [ -d Samples/round ]; then
  step "5. Merge a round of returns at headquarters"
  # The sample round deliberately holds rejected files, a superseded return and errors: exit 1 is expected.
  "$bin" merge Samples/round/returns --roster Samples/round/roster.csv --as-of 2025-06-30 \
      -o "$out/merged.xlsx" --json "$out/merged.json" --csv "$out/merged-csv"
  [ $? -le 1 ] || exit 2
fi

step "Outputs in $out/"
ls -l "$out"
