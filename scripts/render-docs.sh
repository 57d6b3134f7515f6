#!/usr/bin/env bash
# Renders what offices and headquarters print — the blank template, an annotated copy from
# `validate --format xlsx`, and the merged workbook's 汇总 — through LibreOffice to PDF and their first
# pages to PNG in docs/ (shown in the README). Rerun after changing any of the three outputs.
# Usage: scripts/render-docs.sh [PATH/TO/disclosure]   (default: builds the release binary)
# Needs: LibreOffice (soffice) and poppler-utils (pdftoppm), as `make test-deps` installs.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
bin="${1:-}"
if [ -z "$bin" ]; then
  swift build -c release --product disclosure >/dev/null
  bin="$(swift build -c release --show-bin-path)/disclosure"
fi
work="$(mktemp -d "${TMPDIR:-/tmp}/render-docs.XXXXXX")"
trap 'rm -rf "$work"' EXIT
mkdir -p docs

"$bin" template --office-name 北京海关机场单证 --office-code 0101 --direct-customs 北京海关 -o "$work/template.xlsx"
# errors.xlsx breaks one rule per answer: the copy shows highlights and notes. Exit 1 (errors) is expected.
"$bin" validate Samples/returns/errors.xlsx --as-of 2025-06-30 --format xlsx -o "$work/annotated.xlsx" >/dev/null || [ $? -eq 1 ]
"$bin" merge Samples/round/returns --roster Samples/round/roster.csv --as-of 2025-06-30 \
    -o "$work/merged.xlsx" >/dev/null || [ $? -eq 1 ]

for name in template annotated merged; do
  soffice "-env:UserInstallation=file://$work/lo-profile" --headless --norestore \
      --convert-to pdf --outdir "$work" "$work/$name.xlsx" >/dev/null
done
# First page of each (汇总 is the merged workbook's first sheet), at a size the README can show.
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/template.pdf" docs/template
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/annotated.pdf" docs/annotated
# …and the annotated copy's first page of the return itself (after the 校验结果 pages): its highlights.
pages="$(pdfinfo "$work/annotated.pdf" | awk '/^Pages:/ {print $2}')"
for ((p = 1; p <= pages; p++)); do
  if pdftotext -f "$p" -l "$p" "$work/annotated.pdf" - | grep -q '序号'; then
    pdftoppm -png -r 80 -f "$p" -l "$p" -singlefile "$work/annotated.pdf" docs/annotated-return
    break
  fi
done
pdftoppm -png -r 80 -f 1 -l 1 -singlefile "$work/merged.pdf" docs/summary
ls -l docs/*.png
