#!/usr/bin/env python3
"""Checks HTTP exchanges against an OpenAPI 3.1 document (docs/operator-api.yaml).

    python3 scripts/check-openapi.py docs/operator-api.yaml exchanges.json

`exchanges.json` is a list of {"method", "path", "status", "body", "headers"}, where `path` is
the request path without the server's base (`/conversations/...`, matched against the
document's templates). Every status must be documented for its operation, and every JSON body
must validate against the documented schema (JSON Schema 2020-12, `$ref`s into the document).
Exit status 0 when all pass; otherwise each failure is printed and the status is 1.
"""
import json
import re
import sys

import jsonschema
import yaml


def operation_for(document, method, path):
    for template, item in document["paths"].items():
        pattern = "^" + re.sub(r"\{[^/]+\}", "[^/]+", template) + "/?$"
        if re.match(pattern, path) and method.lower() in item:
            return template, item[method.lower()]
    return None, None


def resolve(document, node):
    while isinstance(node, dict) and "$ref" in node:
        pointer = node["$ref"].lstrip("#/").split("/")
        node = document
        for part in pointer:
            node = node[part]
    return node


def main():
    document = yaml.safe_load(open(sys.argv[1]))
    exchanges = json.load(open(sys.argv[2]))
    failures = []
    checked = 0
    for exchange in exchanges:
        label = f'{exchange["method"]} {exchange["path"]} -> {exchange["status"]}'
        template, operation = operation_for(document, exchange["method"], exchange["path"])
        if operation is None:
            failures.append(f"{label}: no such operation in the document")
            continue
        responses = operation.get("responses", {})
        response = responses.get(str(exchange["status"])) or responses.get("default")
        if response is None:
            failures.append(f"{label}: status not documented for {template}")
            continue
        response = resolve(document, response)
        content = response.get("content", {}).get("application/json")
        if content is None:
            continue
        schema = {"$ref": content["schema"]["$ref"]} if "$ref" in content["schema"] else content["schema"]
        root = dict(schema)
        root["components"] = document["components"]
        try:
            body = json.loads(exchange["body"])
        except ValueError:
            failures.append(f"{label}: body is not JSON: {exchange['body'][:200]!r}")
            continue
        errors = sorted(jsonschema.Draft202012Validator(root).iter_errors(body), key=str)
        for error in errors:
            failures.append(f"{label}: {error.json_path}: {error.message}")
        if exchange["status"] == 401 and "www-authenticate" not in {k.lower() for k in exchange.get("headers", {})}:
            failures.append(f"{label}: 401 without WWW-Authenticate")
        checked += 1
    for failure in failures:
        print(failure)
    print(f"checked {checked} of {len(exchanges)} exchanges against {sys.argv[1]}: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
