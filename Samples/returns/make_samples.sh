#!/bin/sh
# Regenerates the sample template and filled returns from the built `disclosure` binary:
#   Samples/template/customs-return-template.{xlsx,csv}  the blank template (tool output)
#   Samples/returns/clean.xlsx                            a clean return (0101), filled with openpyxl
#   Samples/returns/errors.xlsx                           one broken answer per rule (see fill_return.py)
#   Samples/returns/clean-libreoffice.xlsx                clean.xlsx re-saved by LibreOffice
#   Samples/returns/clean.ods, errors.ods                 clean.xlsx and errors.xlsx saved by LibreOffice as .ods
#   Samples/returns/clean-gb18030.csv                     the CSV template filled and saved in GB18030
#   Samples/returns/errors-gb18030.csv                    the CSV errors scenario in GB18030
# Validate them as of 2025-06-30:  disclosure validate Samples/returns/*.xlsx Samples/returns/*.ods Samples/returns/*.csv --as-of 2025-06-30
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
bin=${DISCLOSURE:-$root/.build/debug/disclosure}
mkdir -p "$root/Samples/template"
"$bin" template -o "$root/Samples/template/customs-return-template.xlsx"
"$bin" template -o "$root/Samples/template/customs-return-template.csv"
"$bin" template -o /tmp/disclosure-template-0101.xlsx --office-name 北京海关机场单证 --office-code 0101 --direct-customs 北京海关
python3 "$here/fill_return.py" /tmp/disclosure-template-0101.xlsx "$here/clean.xlsx" clean
python3 "$here/fill_return.py" /tmp/disclosure-template-0101.xlsx "$here/errors.xlsx" errors
python3 "$here/fill_return.py" "$root/Samples/template/customs-return-template.csv" "$here/clean-gb18030.csv" clean gb18030
python3 "$here/fill_return.py" "$root/Samples/template/customs-return-template.csv" "$here/errors-gb18030.csv" errors gb18030
lo=$(mktemp -d)
cp "$here/clean.xlsx" "$lo/clean-libreoffice.xlsx"
mkdir -p "$lo/out"
soffice -env:UserInstallation=file://$lo/profile --headless --norestore --convert-to xlsx --outdir "$lo/out" "$lo/clean-libreoffice.xlsx" >/dev/null
cp "$lo/out/clean-libreoffice.xlsx" "$here/clean-libreoffice.xlsx"
soffice -env:UserInstallation=file://$lo/profile --headless --norestore --convert-to ods --outdir "$lo/out" "$here/clean.xlsx" "$here/errors.xlsx" >/dev/null
cp "$lo/out/clean.ods" "$lo/out/errors.ods" "$here/"
rm -rf "$lo" /tmp/disclosure-template-0101.xlsx
echo "samples written to $here and $root/Samples/template"
