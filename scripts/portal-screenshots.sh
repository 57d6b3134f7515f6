#!/usr/bin/env bash
# Screenshots of the round portal's two pages for the README: runs the browser test (Tests/portal/test_browser.py)
# with PORTAL_SCREENSHOTS=docs, which saves the office page after an upload and the HQ dashboard.
# Chinese text needs a CJK font: apt-get install fonts-noto-cjk.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p docs
export PATH="/opt/swift/usr/bin:$PATH"
PORTAL_SCREENSHOTS="$PWD/docs" DISCLOSURE_BIN="$(swift build --show-bin-path)/disclosure" \
  python3 -m pytest -q Tests/portal/test_browser.py
ls -l docs/portal-office.png docs/portal-dashboard.png
