#!/usr/bin/env bash
# Makes sure the staff console's browser test can run: Debian's headless Chromium and its
# WebDriver, and Selenium (PyPI) to drive them. No-op when present.
#
#   scripts/ensure-browser.sh
set -euo pipefail

if ! command -v chromium >/dev/null || ! command -v chromedriver >/dev/null; then
    if ! command -v apt-get >/dev/null; then
        echo "ensure-browser: chromium and chromedriver are missing; install them (Debian: chromium chromium-driver)" >&2
        exit 1
    fi
    sudo=""
    if [ "$(id -u)" -ne 0 ]; then
        command -v sudo >/dev/null || { echo "ensure-browser: run as root or install chromium chromium-driver" >&2; exit 1; }
        sudo=sudo
    fi
    echo "ensure-browser: installing chromium and chromium-driver (the console's browser test)" >&2
    $sudo apt-get install -y chromium chromium-driver >/dev/null 2>&1 \
        || { $sudo apt-get update >/dev/null && $sudo apt-get install -y chromium chromium-driver >/dev/null; }
fi
if ! python3 -c 'import selenium' >/dev/null 2>&1; then
    echo "ensure-browser: installing selenium (pip)" >&2
    python3 -m pip install --quiet --disable-pip-version-check selenium >&2
fi
command -v chromium >/dev/null && command -v chromedriver >/dev/null && python3 -c 'import selenium' \
    || { echo "ensure-browser: chromium, chromedriver or selenium still missing" >&2; exit 1; }
