#!/usr/bin/env bash
# Makes sure the system SQLite that GRDB links is installed: its header, the shared library for
# `swift build`/`swift test`, and the static archive for the fully static Lambda build
# (scripts/build-lambda.sh). On Debian/Ubuntu all three come from libsqlite3-dev.
#
#   scripts/ensure-sqlite.sh        # no-op when present; apt-get install otherwise
set -euo pipefail

multiarch="$(gcc -print-multiarch 2>/dev/null || echo "$(uname -m)-linux-gnu")"
have() {
    [ -f /usr/include/sqlite3.h ] && [ -f "/usr/lib/$multiarch/libsqlite3.so" ] && [ -f "/usr/lib/$multiarch/libsqlite3.a" ]
}
have && exit 0

if ! command -v apt-get >/dev/null; then
    echo "ensure-sqlite: SQLite's development files are missing; install libsqlite3-dev (or your system's equivalent)" >&2
    exit 1
fi
sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || { echo "ensure-sqlite: run as root or install libsqlite3-dev" >&2; exit 1; }
    sudo=sudo
fi
echo "ensure-sqlite: installing libsqlite3-dev (GRDB links the system SQLite)" >&2
$sudo apt-get install -y libsqlite3-dev >/dev/null 2>&1 \
    || { $sudo apt-get update >/dev/null && $sudo apt-get install -y libsqlite3-dev >/dev/null; }
have || { echo "ensure-sqlite: libsqlite3-dev installed but sqlite3.h / libsqlite3 are still missing" >&2; exit 1; }
