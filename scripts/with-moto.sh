#!/usr/bin/env bash
# Runs a command against a fresh, authenticating moto server (DynamoDB, SQS, Secrets Manager, IAM).
#
#   scripts/with-moto.sh swift test --filter 'AWSCoreTests|AWSBackendTests'
#
# Installs moto[server] with pip when missing, starts moto_server on a free loopback port with
# INITIAL_NO_AUTH_ACTION_COUNT=4, spends those four unauthenticated calls on an IAM user, an
# allow-all policy and an access key, then exports MOTO_ENDPOINT, AWS_ENDPOINT_URL, AWS_REGION,
# AWS_DEFAULT_REGION, AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (that user's key: every later request is
# signature-checked), runs the command, always stops moto, and exits with the command's status.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 COMMAND [ARGS...]" >&2
    exit 2
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
python="${PYTHON:-python3}"

if ! command -v moto_server >/dev/null 2>&1 || ! "$python" -c 'import moto.server, boto3' >/dev/null 2>&1; then
    echo "with-moto: installing moto[server]" >&2
    "$python" -m pip install --quiet --disable-pip-version-check 'moto[server]' >&2
fi
moto_bin="$(command -v moto_server || true)"
if [ -z "$moto_bin" ]; then
    echo "with-moto: moto_server is not on PATH after installing moto[server]" >&2
    exit 1
fi

port="$("$python" -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
log="$(mktemp -t moto.XXXXXX.log)"
INITIAL_NO_AUTH_ACTION_COUNT=4 "$moto_bin" -H 127.0.0.1 -p "$port" >"$log" 2>&1 &
moto_pid=$!

cleanup() {
    if kill -0 "$moto_pid" 2>/dev/null; then
        kill "$moto_pid" 2>/dev/null || true
        wait "$moto_pid" 2>/dev/null || true
    fi
    rm -f "$log"
}
trap cleanup EXIT INT TERM

endpoint="http://127.0.0.1:$port"
# Wait for the port to accept connections (a TCP probe, so no moto action is spent).
for _ in $(seq 1 100); do
    if "$python" -c "import socket,sys; s=socket.socket(); s.settimeout(0.2); sys.exit(s.connect_ex(('127.0.0.1', $port)))" 2>/dev/null; then
        break
    fi
    if ! kill -0 "$moto_pid" 2>/dev/null; then
        echo "with-moto: moto_server exited early:" >&2
        cat "$log" >&2
        exit 1
    fi
    sleep 0.1
done

export AWS_REGION="${AWS_REGION:-us-east-1}"
export AWS_DEFAULT_REGION="$AWS_REGION"
credentials="$("$python" "$here/aws/moto_bootstrap.py" "$endpoint" "$AWS_REGION")"
eval "$credentials"
unset AWS_SESSION_TOKEN AWS_PROFILE AWS_DEFAULT_PROFILE
export MOTO_ENDPOINT="$endpoint"
export AWS_ENDPOINT_URL="$endpoint"
export AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY
echo "with-moto: moto on $endpoint (authenticating as an IAM test user)" >&2

set +e
"$@"
status=$?
set -e
exit "$status"
