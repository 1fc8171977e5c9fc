#!/usr/bin/env bash
# Validates template.yaml offline: cfn-lint, then a full SAM -> CloudFormation translation with
# aws-sam-translator (what `sam deploy` does server-side), then cfn-lint on the translated
# template. Fails loudly on any error. Installs the two Python packages when missing.
#
#   scripts/check-template.sh            # checks template.yaml
#   scripts/check-template.sh other.yaml
set -euo pipefail

cd "$(dirname "$0")/.."
template="${1:-template.yaml}"
[[ -f "$template" ]] || { echo "check-template: $template not found" >&2; exit 1; }

python="${PYTHON:-python3}"
command -v "$python" >/dev/null || { echo "check-template: $python not found; install Python 3" >&2; exit 1; }

if ! command -v cfn-lint >/dev/null 2>&1 || ! "$python" -c 'import samtranslator' >/dev/null 2>&1; then
    echo "check-template: installing cfn-lint and aws-sam-translator (pip)"
    "$python" -m pip install --quiet cfn-lint aws-sam-translator
    hash -r
fi
cfn_lint=(cfn-lint)
command -v cfn-lint >/dev/null 2>&1 || cfn_lint=("$python" -m cfnlint)

# The translator and cfn-lint's region checks need a region; any commercial one will do.
export AWS_DEFAULT_REGION="${AWS_DEFAULT_REGION:-eu-north-1}"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
[[ -n "${KEEP_TRANSLATED:-}" ]] && trap 'cp "$work/translated.json" "$KEEP_TRANSLATED"; rm -rf "$work"' EXIT

echo "== cfn-lint $template"
"${cfn_lint[@]}" --regions "$AWS_DEFAULT_REGION" -- "$template"

echo "== SAM translation (aws-sam-translator)"
"$python" - "$template" "$work/translated.json" <<'PY'
import json
import sys

import yaml
from samtranslator.model.exceptions import InvalidDocumentException
from samtranslator.parser.parser import Parser
from samtranslator.public.translator import ManagedPolicyLoader
from samtranslator.translator.transform import transform
from samtranslator.yaml_helper import yaml_parse

source, target = sys.argv[1], sys.argv[2]
with open(source) as handle:
    template = yaml_parse(handle.read())

# `sam package`/`sam deploy` replace local CodeUri paths with the uploaded S3 object; the
# translator only accepts that form, so substitute a placeholder the same way.
placeholder = "s3://replies-engine-artifacts-placeholder/replies-engine-lambda-x86_64.zip"
globals_function = template.get("Globals", {}).get("Function", {})
if isinstance(globals_function.get("CodeUri"), str) and not globals_function["CodeUri"].startswith("s3://"):
    globals_function["CodeUri"] = placeholder
for name, resource in template.get("Resources", {}).items():
    properties = resource.get("Properties") or {}
    if resource.get("Type") == "AWS::Serverless::Function" and isinstance(properties.get("CodeUri"), str):
        if not properties["CodeUri"].startswith("s3://"):
            properties["CodeUri"] = placeholder


class OfflinePolicyLoader(ManagedPolicyLoader):
    """The templates use only inline policies; answer the managed-policy lookup offline."""

    def __init__(self):
        pass

    def load(self):
        return {"AWSLambdaBasicExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole",
                "AWSLambdaSQSQueueExecutionRole": "arn:aws:iam::aws:policy/service-role/AWSLambdaSQSQueueExecutionRole"}


try:
    translated = transform(template, {}, OfflinePolicyLoader())
except InvalidDocumentException as error:
    for cause in error.causes:
        print(f"SAM translation error: {cause.message}", file=sys.stderr)
    sys.exit(1)

with open(target, "w") as handle:
    json.dump(translated, handle, indent=1, default=str)

resources = translated["Resources"]
kinds = {}
for resource in resources.values():
    kinds[resource["Type"]] = kinds.get(resource["Type"], 0) + 1
print(f"translated: {len(resources)} resources")
for kind in sorted(kinds):
    print(f"  {kinds[kind]:3d}  {kind}")

# The properties the original deployment got wrong (original-system.md 6.B.1, 6.B.10) are
# asserted here so that a later edit cannot quietly drop them.
mappings = [r for r in resources.values() if r["Type"] == "AWS::Lambda::EventSourceMapping"]
problems = []
if len(mappings) != 3:
    problems.append(f"expected 3 SQS event source mappings (WhatsApp, SMS, e-mail), found {len(mappings)}")
for mapping in mappings:
    if mapping["Properties"].get("FunctionResponseTypes") != ["ReportBatchItemFailures"]:
        problems.append("an event source mapping lacks FunctionResponseTypes: [ReportBatchItemFailures]")
policies = json.dumps([r for r in resources.values() if r["Type"] == "AWS::IAM::Role"])
if "sqs:ChangeMessageVisibility" not in policies:
    problems.append("no role may call sqs:ChangeMessageVisibility (the heartbeat and retry delays need it)")
for resource in resources.values():
    if resource["Type"] == "AWS::SQS::Queue" and resource["Properties"].get("SqsManagedSseEnabled") is not True:
        problems.append(f"queue {resource['Properties'].get('QueueName')} has no SqsManagedSseEnabled")
for name, resource in resources.items():
    if resource["Type"] != "AWS::IAM::Role":
        continue
    if resource["Properties"].get("ManagedPolicyArns"):
        problems.append(f"role {name} has managed policies (their resources are '*'); use inline statements")
    for policy in resource["Properties"].get("Policies", []):
        for statement in policy["PolicyDocument"]["Statement"]:
            if statement.get("Resource") == "*" or "*" in (statement.get("Resource") or []):
                problems.append(f"role {name} statement {statement.get('Sid')} grants on every resource")
# Issue 13 points 9-11: a role per function; per-route throttling; the time-budget keys; alarms.
functions = {r["Properties"]["FunctionName"]["Fn::Sub"].split("-")[-2] if isinstance(r["Properties"].get("FunctionName"), dict) else name: r
             for name, r in resources.items() if r["Type"] == "AWS::Lambda::Function"}
roles = [json.dumps(r["Properties"].get("Role")) for r in functions.values()]
if len(set(roles)) != len(roles):
    problems.append("two functions share a role; each function needs its own (least privilege)")
for name, variable in [("webhook", "FUNCTION_TIMEOUT_SECONDS"), ("worker", "FUNCTION_TIMEOUT_SECONDS"), ("worker", "WHATSAPP_DLQ_URL"),
                       ("webhook", "EMAIL_QUEUE_URL"), ("worker", "EMAIL_DLQ_URL")]:
    variables = functions.get(name, {}).get("Properties", {}).get("Environment", {}).get("Variables", {})
    if variable not in variables:
        problems.append(f"the {name} function does not receive {variable}")
stages = [r for r in resources.values() if r["Type"] == "AWS::ApiGateway::Stage"]
routes = {(m.get("ResourcePath"), m.get("HttpMethod")) for stage in stages for m in stage["Properties"].get("MethodSettings", [])}
for route in [("/~1whatsapp", "POST"), ("/~1sms", "POST"), ("/~1email", "POST")]:
    if route not in routes:
        problems.append(f"no throttling of its own for {route[1]} {route[0]}")
apis = [r for r in resources.values() if r["Type"] == "AWS::ApiGateway::RestApi"]
if not any("multipart/form-data" in (api["Properties"].get("Body", {}).get("x-amazon-apigateway-binary-media-types") or []) for api in apis):
    problems.append("the API does not pass multipart/form-data as binary: Inbound Parse signatures cover the raw bytes")
alarmed = {r["Properties"].get("MetricName") for r in resources.values() if r["Type"] == "AWS::CloudWatch::Alarm"}
for metric in ["4XXError", "5XXError", "OldestPendingAgeSeconds", "ApproximateAgeOfOldestMessage", "ApproximateNumberOfMessagesVisible"]:
    if metric not in alarmed:
        problems.append(f"no alarm on {metric}")
if problems:
    for problem in problems:
        print(f"template check failed: {problem}", file=sys.stderr)
    sys.exit(1)
PY

echo "== cfn-lint (translated template)"
"${cfn_lint[@]}" --regions "$AWS_DEFAULT_REGION" -- "$work/translated.json"

echo "check-template: OK ($template)"
