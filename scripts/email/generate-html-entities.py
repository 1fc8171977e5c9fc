#!/usr/bin/env python3
"""Writes Sources/EmailKit/HTML/HTMLText+Entities.swift: the HTML 4.01 named character
references (Python's html.entities.name2codepoint, 252 names) plus `apos`.

    python3 scripts/email/generate-html-entities.py
"""
import html.entities
import pathlib

ROOT = pathlib.Path(__file__).resolve().parents[2]
OUT = ROOT / "Sources/EmailKit/HTML/HTMLText+Entities.swift"

names = sorted(set(html.entities.name2codepoint.items()) | {("apos", 39)})
lines = [
    "// Generated from Python's html.entities.name2codepoint (the HTML 4.01 set of 252 named",
    "// character references) plus `apos`; see scripts/email/generate-html-entities.py.",
    "// HTML 5 defines about 2,200 names; mail writers use this set, and an unknown name is kept",
    "// as written, never dropped.",
    "",
    "extension HTMLText {",
    "    /// Named character references and their code points.",
    "    static let namedEntities: [String: Unicode.Scalar] = [",
]
lines += [f'        "{name}": "\\u{{{cp:04X}}}",' for name, cp in names]
lines += ["    ]", "}"]
OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
print(f"wrote {OUT.relative_to(ROOT)} ({len(names)} names)")
