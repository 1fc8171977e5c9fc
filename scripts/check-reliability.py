#!/usr/bin/env python3
"""Checks docs/RELIABILITY.md against a test run: every scenario row names tests (in backticks,
`Module.Suite/function(labels:)` as Swift Testing's xUnit report names them) that ran and
passed, and its Result cell says `pass`. Run by scripts/test.sh after an unfiltered run.

    scripts/check-reliability.py REPORT.xml [DOC] [--write]

--write refreshes the Result column (pass / FAILED / NOT RUN) instead of failing on it.
"""
import re
import sys
import xml.etree.ElementTree as ET


def outcomes(report_path):
    """classname/name -> 'pass' or 'FAILED' (a parameterised test fails if any case failed)."""
    found = {}
    for case in ET.parse(report_path).getroot().iter("testcase"):
        test_id = f"{case.get('classname')}/{case.get('name')}"
        failed = case.find("failure") is not None or case.find("error") is not None
        skipped = case.find("skipped") is not None
        status = "FAILED" if failed else ("SKIPPED" if skipped else "pass")
        if found.get(test_id) in (None, "pass"):
            found[test_id] = status
    return found


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    write = "--write" in argv
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    report = args[0]
    doc = args[1] if len(args) > 1 else "docs/RELIABILITY.md"
    results = outcomes(report)
    lines = open(doc, encoding="utf-8").read().split("\n")
    problems, rows = [], 0
    for number, line in enumerate(lines, 1):
        cells = [c.strip() for c in line.strip().strip("|").split("|")] if line.startswith("|") else []
        if len(cells) != 4 or cells[0] == "Scenario" or set(cells[0]) <= set("-: "):
            if line.startswith("|") and len(cells) != 4:
                problems.append(f"{doc}:{number}: a row needs 4 cells (Scenario | Expected | Test | Result)")
            continue
        rows += 1
        tests = re.findall(r"`([^`]+)`", cells[2])
        if not tests:
            problems.append(f"{doc}:{number}: no test named (write it in backticks)")
            continue
        statuses = [results.get(t, "NOT RUN") for t in tests]
        status = next((s for s in statuses if s != "pass"), "pass")
        for test, result in zip(tests, statuses):
            if result != "pass":
                problems.append(f"{doc}:{number}: {test}: {result}")
        if write:
            cells[3] = status
            lines[number - 1] = "| " + " | ".join(cells) + " |"
        elif cells[3] != "pass" and status == "pass":
            problems.append(f"{doc}:{number}: the Result cell says {cells[3]!r}; run with --write")
    if write:
        open(doc, "w", encoding="utf-8").write("\n".join(lines))
    if rows == 0:
        problems.append(f"{doc}: no scenario rows found")
    if problems:
        print(f"check-reliability: {len(problems)} problem(s) in {doc}:", file=sys.stderr)
        for problem in problems:
            print("  " + problem, file=sys.stderr)
        return 1
    print(f"check-reliability: OK ({rows} scenarios, every test named ran and passed)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
