#!/usr/bin/env bash
# The project's test command (README "Test it"): installs what the tests need, starts moto's
# server for the AWS tests, runs the whole Swift test suite, and stops everything it started.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift >/dev/null; then
  echo "error: swift is not on PATH (Swift 6.2 or newer is required)" >&2
  exit 1
fi

exec scripts/with-moto.sh swift test "$@"
