#!/usr/bin/env python3
"""Validates Responses API request bodies against OpenAI's published OpenAPI schema.

    python3 scripts/check-openai-request.py SPEC.json BODY.json [BODY.json ...]

SPEC is the subset of openai/openai-openapi kept in Tests/Specs (OpenAPI 3.1, i.e. JSON Schema
2020-12). Each BODY must be valid against `#/components/schemas/CreateResponse`. Prints one line
per problem and exits 1 when there is any; exits 2 when jsonschema is missing (scripts/test.sh
installs moto[server], which brings it).
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("check-openai-request: the jsonschema package is missing (pip install jsonschema)", file=sys.stderr)
    sys.exit(2)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1]) as handle:
        spec = json.load(handle)
    schema = {"$ref": "#/components/schemas/CreateResponse", "components": spec["components"]}
    validator = jsonschema.Draft202012Validator(schema)
    problems = 0
    for path in argv[2:]:
        with open(path) as handle:
            body = json.load(handle)
        for error in sorted(validator.iter_errors(body), key=lambda e: list(e.absolute_path)):
            location = "/".join(str(part) for part in error.absolute_path) or "(top level)"
            print(f"{path}: {location}: {error.message[:300]}")
            problems += 1
    if problems == 0:
        print(f"{len(argv) - 2} request bodies valid against CreateResponse")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
