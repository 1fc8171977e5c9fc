#!/usr/bin/env bash
# The project's test command (README "Test it"): installs what the tests need, starts moto's
# server for the AWS tests, runs the whole Swift test suite, and stops everything it started.
# After a full run (no arguments) it checks docs/RELIABILITY.md against the run's xUnit report:
# every scenario's test must have run and passed. Arguments go to `swift test` (e.g. --filter),
# and then the check is skipped, since a filtered run does not run every scenario.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v swift >/dev/null; then
  echo "error: swift is not on PATH (Swift 6.2 or newer is required)" >&2
  exit 1
fi

# GRDB (the embedded backend) links the system SQLite.
scripts/ensure-sqlite.sh
# The staff console's browser test drives headless Chromium with Selenium.
scripts/ensure-browser.sh

# The operator API's OpenAPI check (scripts/check-openapi.py) validates with jsonschema.
if ! python3 -c 'import jsonschema, yaml' >/dev/null 2>&1; then
  echo "test.sh: installing jsonschema and pyyaml" >&2
  python3 -m pip install --quiet --disable-pip-version-check jsonschema pyyaml >&2
fi

results=.build/test-results
mkdir -p "$results"
rm -f "$results"/xunit*.xml
scripts/with-moto.sh swift test --xunit-output "$results/xunit.xml" "$@"
if [ $# -eq 0 ]; then
  python3 scripts/check-reliability.py "$results/xunit-swift-testing.xml" docs/RELIABILITY.md
fi
