#!/usr/bin/env bash
# Headless Chromium for the page tests (drift.html rendered and checked by
# tests/integration/test_drift_report.py). Debian's package: /usr/bin/chromium.
# Does nothing when it is already there; needs root (apt-get) otherwise.
set -euo pipefail
BROWSER=/usr/bin/chromium
if [ -x "$BROWSER" ]; then
    echo "browser: $("$BROWSER" --version 2>/dev/null || echo "$BROWSER")"
    exit 0
fi
export DEBIAN_FRONTEND=noninteractive
echo "browser: apt-get install chromium"
apt-get update -qq
apt-get install -y -qq --no-install-recommends chromium >/dev/null
"$BROWSER" --version
