"""Creates, on the moto server of scripts/with-moto.sh, an IAM user whose only policy is one role's
statements from template.yaml, and prints its access key as JSON. The least-privilege tests
(Tests/EndToEndTests/LeastPrivilegeEndToEndTests.swift) run each Lambda function's flows with
such a key, so a call the role does not grant fails there as it would on AWS.

    python3 role_user.py TEMPLATE ROLE_LOGICAL_ID PARAMETERS_JSON NAMES_JSON [SECRET_NAME ...]

PARAMETERS_JSON: template parameters ({"EnvironmentName": "dev", ...}; defaults from the template).
NAMES_JSON: physical names of the stack's resources ({"StageTable": "t-stage", "WhatsAppQueue":
"t-whatsapp", ...}): Ref, Arn and QueueName are derived from them by resource type.
SECRET_NAME: secrets the function reads; each must match one of the role's secret resources
(moto authorizes Secrets Manager calls against resource "*", so the name check is done here).

moto checks the resource of SQS calls (the queue's ARN) but evaluates DynamoDB and Secrets
Manager calls against "*"; statements on those services are therefore given Resource "*" in the
user's policy (their actions still are exactly the role's), and the secret names are matched
against the role's patterns here. The caller's credentials (the suite's allow-all user) create
the user. Output: {"AccessKeyId": ..., "SecretAccessKey": ..., "Policy": {...}}.
"""
import fnmatch
import json
import os
import re
import sys
import uuid

import boto3
import yaml


class Tag:
    def __init__(self, name, value):
        self.name, self.value = name, value


def tagged(loader, suffix, node):
    if isinstance(node, yaml.ScalarNode):
        value = loader.construct_scalar(node)
    elif isinstance(node, yaml.SequenceNode):
        value = loader.construct_sequence(node, deep=True)
    else:
        value = loader.construct_mapping(node, deep=True)
    return Tag(suffix, value)


class TemplateLoader(yaml.SafeLoader):
    pass


TemplateLoader.add_multi_constructor("!", tagged)


class Resolver:
    def __init__(self, template, parameters, names, region, account):
        self.template, self.names, self.region, self.account = template, names, region, account
        self.parameters = {name: spec.get("Default") for name, spec in template.get("Parameters", {}).items()}
        self.parameters.update(parameters)
        self.pseudo = {"AWS::Partition": "aws", "AWS::Region": region, "AWS::AccountId": account, "AWS::URLSuffix": "amazonaws.com",
                       "AWS::NoValue": None}

    def attribute(self, logical, attribute):
        resource = self.template["Resources"].get(logical)
        if resource is None:
            raise SystemExit(f"role_user: {logical} is not a resource of the template")
        name = self.names.get(logical, f"unresolved-{logical}")
        kind = resource["Type"]
        if kind == "AWS::DynamoDB::Table":
            values = {"Ref": name, "Arn": f"arn:aws:dynamodb:{self.region}:{self.account}:table/{name}"}
        elif kind == "AWS::SQS::Queue":
            values = {"Ref": f"https://sqs.{self.region}.amazonaws.com/{self.account}/{name}", "QueueName": name,
                      "Arn": f"arn:aws:sqs:{self.region}:{self.account}:{name}"}
        elif kind == "AWS::Logs::LogGroup":
            values = {"Ref": name, "Arn": f"arn:aws:logs:{self.region}:{self.account}:log-group:{name}:*"}
        else:
            values = {"Ref": name, "Arn": f"arn:aws:unresolved:{self.region}:{self.account}:{name}"}
        if attribute not in values:
            raise SystemExit(f"role_user: cannot resolve {logical}.{attribute}")
        return values[attribute]

    def ref(self, name):
        if name in self.pseudo:
            return self.pseudo[name]
        if name in self.parameters:
            return self.parameters[name]
        return self.attribute(name, "Ref")

    def condition(self, name):
        return bool(self.resolve(self.template["Conditions"][name]))

    def substitute(self, text, variables):
        def replace(match):
            key = match.group(1)
            if key in variables:
                return str(variables[key])
            if "." in key:
                logical, attribute = key.split(".", 1)
                return str(self.attribute(logical, attribute))
            return str(self.ref(key))
        return re.sub(r"\$\{([^}!]+)\}", replace, text)

    def resolve(self, value):
        if isinstance(value, Tag):
            tag, body = value.name, value.value
            if tag == "Ref":
                return self.ref(body)
            if tag == "GetAtt":
                logical, attribute = body.split(".", 1) if isinstance(body, str) else body
                return self.attribute(logical, attribute)
            if tag == "Sub":
                if isinstance(body, list):
                    variables = {key: self.resolve(item) for key, item in body[1].items()}
                    return self.substitute(body[0], variables)
                return self.substitute(body, {})
            if tag == "If":
                return self.resolve(body[1] if self.condition(body[0]) else body[2])
            if tag == "Not":
                return not self.resolve(body[0])
            if tag == "Equals":
                return self.resolve(body[0]) == self.resolve(body[1])
            raise SystemExit(f"role_user: unsupported intrinsic !{tag}")
        if isinstance(value, dict):
            if len(value) == 1 and "Condition" in value:
                return self.condition(value["Condition"])
            return {key: self.resolve(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.resolve(item) for item in value]
        return value


# Services whose calls moto authorizes against resource "*" (it checks SQS's queue ARN only).
UNSCOPED_BY_MOTO = ("dynamodb:", "secretsmanager:", "logs:")


def as_list(value):
    return value if isinstance(value, list) else [value]


def main():
    template_path, role, parameters, names = sys.argv[1], sys.argv[2], json.loads(sys.argv[3]), json.loads(sys.argv[4])
    secrets = sys.argv[5:]
    endpoint, region = os.environ["MOTO_ENDPOINT"], os.environ.get("AWS_REGION", "us-east-1")
    with open(template_path) as handle:
        template = yaml.load(handle, Loader=TemplateLoader)
    session = boto3.session.Session(region_name=region)
    account = session.client("sts", endpoint_url=endpoint).get_caller_identity()["Account"]
    resolver = Resolver(template, parameters, names, region, account)

    resource = template["Resources"].get(role)
    if resource is None or resource["Type"] != "AWS::IAM::Role":
        raise SystemExit(f"role_user: {role} is not an AWS::IAM::Role of {template_path}")
    statements = []
    for policy in resource["Properties"]["Policies"]:
        statements += resolver.resolve(policy["PolicyDocument"])["Statement"]

    secret_patterns = [pattern for statement in statements if "secretsmanager:GetSecretValue" in as_list(statement["Action"])
                       for pattern in as_list(statement["Resource"])]
    secrets_client = session.client("secretsmanager", endpoint_url=endpoint)
    for name in secrets:
        arn = secrets_client.describe_secret(SecretId=name)["ARN"]
        if not any(fnmatch.fnmatchcase(arn, pattern) for pattern in secret_patterns):
            raise SystemExit(f"role_user: {role} may not read secret {name} ({arn}); its secret resources: {secret_patterns}")

    granted = []
    for statement in statements:
        actions = as_list(statement["Action"])
        if all(action.startswith(UNSCOPED_BY_MOTO) for action in actions):
            statement = dict(statement, Resource="*")
        elif any(action.startswith(UNSCOPED_BY_MOTO) for action in actions):
            raise SystemExit(f"role_user: statement {statement.get('Sid')} mixes services; split it")
        granted.append(statement)
    document = {"Version": "2012-10-17", "Statement": granted}

    iam = session.client("iam", endpoint_url=endpoint)
    user = f"{role}-{uuid.uuid4().hex[:8]}"
    iam.create_user(UserName=user)
    iam.put_user_policy(UserName=user, PolicyName=role, PolicyDocument=json.dumps(document))
    key = iam.create_access_key(UserName=user)["AccessKey"]
    print(json.dumps({"AccessKeyId": key["AccessKeyId"], "SecretAccessKey": key["SecretAccessKey"], "Policy": document}))


if __name__ == "__main__":
    main()
