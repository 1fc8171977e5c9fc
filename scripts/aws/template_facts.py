"""Prints, as JSON, the facts of template.yaml the tests assert (Tests/EndToEndTests/
TemplateFactsTests.swift): each function's role, its own environment variables, the API's
per-route throttling and the alarms' metrics. Reads the template as written (CloudFormation
tags kept as {"!Tag": value}), so it needs only PyYAML.

    python3 template_facts.py TEMPLATE
"""
import json
import sys

import yaml

from role_user import Tag, TemplateLoader


def plain(value):
    if isinstance(value, Tag):
        return {f"!{value.name}": plain(value.value)}
    if isinstance(value, dict):
        return {key: plain(item) for key, item in value.items()}
    if isinstance(value, list):
        return [plain(item) for item in value]
    return value


def main():
    with open(sys.argv[1]) as handle:
        resources = plain(yaml.load(handle, Loader=TemplateLoader))["Resources"]
    functions, routes, alarms = {}, {}, []
    for name, resource in resources.items():
        properties = resource.get("Properties", {})
        if resource["Type"] == "AWS::Serverless::Function":
            functions[properties["Handler"]] = {
                "role": properties["Role"].get("!GetAtt", "").split(".")[0],
                "environment": sorted(properties.get("Environment", {}).get("Variables", {})),
            }
        elif resource["Type"] == "AWS::Serverless::Api":
            for setting in properties.get("MethodSettings", []):
                routes[f"{setting['HttpMethod']} {setting['ResourcePath']}"] = {
                    "rate": setting.get("ThrottlingRateLimit"), "burst": setting.get("ThrottlingBurstLimit")}
        elif resource["Type"] == "AWS::CloudWatch::Alarm":
            alarms.append({"name": name, "namespace": properties["Namespace"], "metric": properties["MetricName"],
                           "dimensions": {d["Name"]: d["Value"] for d in properties.get("Dimensions", [])},
                           "conditional": "Condition" in resource})
    print(json.dumps({"functions": functions, "routes": routes, "alarms": alarms}, default=str))


if __name__ == "__main__":
    main()
