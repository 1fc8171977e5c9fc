#!/usr/bin/env bash
# Part of bench/run.sh, run inside scripts/with-moto.sh: the AWS backend on moto — a short ingest
# run of `serve` and the Lambda cold start. moto (one Python process) is the bottleneck here, so
# these numbers describe moto more than the engine; they show the path works under load and what
# the emulator's floor is.
set -euo pipefail
bin="$BENCH_BIN" out="$BENCH_OUT" py="$BENCH_PY"

eval "$("$bin/replies-engine" setup-aws | sed 's/^/export /')"
export REPLIES_BACKEND=aws PUBLIC_BASE_URL="$BENCH_PUBLIC_URL"
"$bin/bench-webhooks" --out "$out/moto-load" --tenants 1 --users 200 --requests 20000 --url "$PUBLIC_BASE_URL/whatsapp" >&2
"$bin/replies-engine" seed "$out/moto-load/seed.json" >&2

port="$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()')"
env BATCH_WINDOW_SECONDS=900 REPLIES_MODEL=offline REPLIES_SENDER=console \
    "$bin/replies-engine" serve --port "$port" >/dev/null 2>>"$out/logs/engine-moto.log" &
pid=$!
for _ in $(seq 1 400); do (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.025; done
load() {
    wrk -t1 -c8 -d"$2"s --timeout 10s -s bench/wrk/signed.lua "http://127.0.0.1:$port" \
        -- "$out/moto-load/requests.tsv" 1 "$1" /whatsapp | tail -1
}
warm="$(load 18000 1)"
result="$(load 0 "$BENCH_DURATION")"
kill -TERM "$pid"
wait "$pid" || true
staged="$("$py" -c 'import boto3, os
table = boto3.resource("dynamodb", endpoint_url=os.environ["AWS_ENDPOINT_URL"]).Table(os.environ["STAGE_TABLE"])
count, kwargs = 0, {"Select": "COUNT"}
while True:
    page = table.scan(**kwargs)
    count += page["Count"]
    if "LastEvaluatedKey" not in page: break
    kwargs["ExclusiveStartKey"] = page["LastEvaluatedKey"]
print(count)')"
echo "{\"target\":\"engine-aws-moto\",\"staged\":$staged,\"warmup\":$warm,\"load\":$result}" >"$out/ingest-moto.json"

"$py" bench/python/coldstart.py --binary "$BENCH_BOOTSTRAP" --requests "$out/moto-load/requests.tsv" --first-line 15000 \
    --runs 10 --label aws-moto --log "$out/logs/coldstart-moto.log" >>"$out/coldstart.jsonl"

# AWS calls per webhook and per batch (counted through a proxy; deterministic, so a busy machine
# gives the same figures) and the cost they imply: fresh tables and queues, 24 conversations.
for key in CONVERSATIONS_TABLE STAGE_TABLE LOCK_TABLE HISTORY_TABLE; do
    export "$key=${!key}-calls"
done
for key in WHATSAPP_QUEUE_URL SMS_QUEUE_URL EMAIL_QUEUE_URL HANDOFF_QUEUE_URL; do
    export "$key=${!key}-calls"
done
unset WHATSAPP_DLQ_URL SMS_DLQ_URL EMAIL_DLQ_URL
eval "$("$bin/replies-engine" setup-aws | sed 's/^/export /')"
"$bin/bench-webhooks" --out "$out/calls-load" --tenants 1 --users 40 --requests 400 --url "$PUBLIC_BASE_URL/whatsapp" >&2
"$bin/replies-engine" seed "$out/calls-load/seed.json" >&2
"$py" bench/python/aws_calls.py --binary "$bin/replies-engine" --requests "$out/calls-load/requests.tsv" \
    --moto "$AWS_ENDPOINT_URL" --conversations 20 --out "$out/aws-calls.json" --log "$out/logs/aws-calls.log"
