"""Creates, on a moto server that only authenticates after its first few actions
(INITIAL_NO_AUTH_ACTION_COUNT), an IAM user with an allow-all policy and an access key, and
prints the key as shell `export` lines. Exactly four unauthenticated calls are made."""
import json
import sys

import boto3

endpoint, region = sys.argv[1], sys.argv[2]
iam = boto3.client(
    "iam", endpoint_url=endpoint, region_name=region,
    aws_access_key_id="bootstrap", aws_secret_access_key="bootstrap",
)
user = "replies-engine-tests"
iam.create_user(UserName=user)  # 1
policy = iam.create_policy(  # 2
    PolicyName="allow-all",
    PolicyDocument=json.dumps({
        "Version": "2012-10-17",
        "Statement": [{"Effect": "Allow", "Action": "*", "Resource": "*"}],
    }),
)
iam.attach_user_policy(UserName=user, PolicyArn=policy["Policy"]["Arn"])  # 3
key = iam.create_access_key(UserName=user)["AccessKey"]  # 4
print(f"export AWS_ACCESS_KEY_ID='{key['AccessKeyId']}'")
print(f"export AWS_SECRET_ACCESS_KEY='{key['SecretAccessKey']}'")
