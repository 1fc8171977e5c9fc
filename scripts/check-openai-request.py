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


def one_of_allowing_overlap(validator, alternatives, instance, schema):
    errors = []
    for index, alternative in enumerate(alternatives):
        found = list(validator.descend(instance, alternative, schema_path=index))
        if not found:
            return
        errors.extend(found)
    yield jsonschema.ValidationError(f"{instance!r:.200} is not valid under any of the given schemas", context=errors)


def main(argv):
    if len(argv) < 3:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[1]) as handle:
        spec = json.load(handle)
    schema = {"$ref": "#/components/schemas/CreateResponse", "components": spec["components"]}
    # The published spec uses `oneOf` where its alternatives overlap: a user message whose
    # content is an array of input parts matches both `EasyInputMessage` and `InputMessage`
    # (the API accepts it as either; the SDKs type it as a union). Strict `oneOf` would refuse
    # every such body, so an overlap is accepted: at least one alternative must match.
    overlapping = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"oneOf": one_of_allowing_overlap})
    validator = overlapping(schema)
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
