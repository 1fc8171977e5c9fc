"""AWS calls per accepted webhook and per batch, counted on the wire, and the AWS cost they imply.

Runs `replies-engine serve` with the AWS backend against moto through a counting proxy (every
request the engine sends to DynamoDB, SQS or Secrets Manager passes through it and is counted by
service and operation), in three phases:
  warm-up  a few webhooks for other conversations, answered: secrets, signing keys and
           connections are then cached, as on a warm Lambda;
  ingest   N webhooks, two per conversation within the batch window; counted until the last
           answer;
  batches  the batches those messages make (offline model, console sender), counted until the
           queue is empty and nothing else arrives.
Counts are deterministic (not timings), so a busy machine gives the same figures. The cost model
(prices and their sources below) turns them into dollars per 1,000 inbound messages, with the
DynamoDB request units estimated from the sizes of the items actually written (read back from
moto) and the indexes of the shared ConversationsTable each write lands in.

    python aws_calls.py --binary .build/release/replies-engine --requests requests.tsv \
        --moto http://127.0.0.1:5000 --conversations 20 --out aws-calls.json
(environment: what `setup-aws` printed, AWS credentials, PUBLIC_BASE_URL)
"""

import argparse
import http.client
import json
import math
import os
import re
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import boto3

# Prices, US East (N. Virginia), on-demand, as published on 2026-11-30 (aws.amazon.com/dynamodb/pricing/on-demand,
# /sqs/pricing, /lambda/pricing, /secrets-manager/pricing; DynamoDB's on-demand rates are those in force since the
# 2024-11-01 reduction). Free tiers are ignored: the figures are marginal costs.
PRICES = {
    "dynamodb_wru": 0.625 / 1e6,  # per write request unit (1 KB of item, per table or index copy written)
    "dynamodb_rru": 0.125 / 1e6,  # per read request unit (4 KB strongly consistent; half for eventually consistent)
    "sqs_request": 0.40 / 1e6,  # standard queue, per request (per 64 KB chunk)
    "secrets_call": 0.05 / 1e4,  # Secrets Manager, per API call
    "lambda_request": 0.20 / 1e6,
    "lambda_gb_s_arm64": 0.0000133334,
}


class Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.calls = Counter()
        self.batch_items = Counter()

    def add(self, key, items=0):
        with self.lock:
            self.calls[key] += 1
            self.batch_items[key] += items

    def snapshot(self):
        with self.lock:
            return Counter(self.calls), Counter(self.batch_items)


def operation(headers, body):
    """(service, operation, table) of one AWS request, from SigV4's scope and the protocol's action."""
    scope = re.search(r"Credential=[^/]+/[^/]+/[^/]+/([^/]+)/", headers.get("Authorization", ""))
    service = scope.group(1) if scope else "?"
    target = headers.get("X-Amz-Target", "")
    payload = {}
    if target:
        action = target.split(".")[-1]
        try:
            payload = json.loads(body or b"{}")
        except ValueError:
            payload = {}
    else:
        form = urllib.parse.parse_qs(body.decode("utf-8", "replace")) if body else {}
        action = (form.get("Action") or ["?"])[0]
    table = payload.get("TableName") or payload.get("QueueUrl", "").rsplit("/", 1)[-1] or ""
    items = 0
    if action == "BatchWriteItem":
        for name, requests in payload.get("RequestItems", {}).items():
            table = name
            items += len(requests)
    if action == "BatchGetItem":
        for name, request in payload.get("RequestItems", {}).items():
            table = name
            items += len(request.get("Keys", []))
    return f"{service}.{action}", table, items


def make_proxy(upstream, counts):
    target = urllib.parse.urlparse(upstream)

    class Proxy(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def handle(self):
            # The engine drops its pooled connections (and long polls) when it stops.
            try:
                super().handle()
            except (ConnectionError, TimeoutError):
                pass

        def do_POST(self):
            self.forward()

        def do_GET(self):
            self.forward()

        def forward(self):
            length = int(self.headers.get("Content-Length", "0") or 0)
            body = self.rfile.read(length) if length else b""
            op, table, items = operation(self.headers, body)
            counts.add((op, table), items)
            connection = http.client.HTTPConnection(target.hostname, target.port, timeout=60)
            headers = {k: v for k, v in self.headers.items() if k.lower() not in ("connection", "keep-alive")}
            connection.request(self.command, self.path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
            self.send_response(response.status)
            for name, value in response.getheaders():
                if name.lower() not in ("connection", "keep-alive", "transfer-encoding", "content-length", "server", "date"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)
            connection.close()

    return Proxy


def post(port, signature, body):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    connection.request("POST", "/whatsapp", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature})
    status = connection.getresponse().status
    connection.close()
    return status


def by_conversation(path):
    """requests.tsv lines grouped by the sender (one conversation per user in bench-webhooks' data)."""
    groups = {}
    with open(path) as handle:
        for line in handle:
            signature, body = line.rstrip("\n").split("\t", 1)
            sender = urllib.parse.parse_qs(body).get("From", ["?"])[0]
            groups.setdefault(sender, []).append((signature, body))
    return groups


def item_size(item):
    """DynamoDB's item size: attribute name lengths plus value sizes (developer guide, "Item sizes")."""
    def value_size(value):
        (kind, data), = value.items()
        if kind == "S":
            return len(data.encode())
        if kind == "N":
            return math.ceil(len(data.lstrip("-").replace(".", "").lstrip("0") or "0") / 2) + 1
        if kind == "B":
            return len(data)
        if kind in ("BOOL", "NULL"):
            return 1
        if kind == "L":
            return 3 + sum(1 + value_size(v) for v in data)
        if kind == "M":
            return 3 + sum(len(k.encode()) + 1 + value_size(v) for k, v in data.items())
        if kind in ("SS", "NS", "BS"):
            return sum(value_size({kind[0]: v}) for v in data)
        return 0
    return sum(len(name.encode()) + value_size(value) for name, value in item.items())


def wait_quiet(counts, sqs, queue_url, seconds=3.0, timeout=120.0):
    """Until the trigger queue is empty (visible, in flight, delayed) and no call arrives for `seconds`."""
    names = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "ApproximateNumberOfMessagesDelayed"]
    start, last, last_change = time.time(), None, time.time()
    while time.time() - start < timeout:
        total = sum(counts.snapshot()[0].values())
        if total != last:
            last, last_change = total, time.time()
        attributes = sqs.get_queue_attributes(QueueUrl=queue_url, AttributeNames=names)["Attributes"]
        if all(int(attributes.get(n, "0")) == 0 for n in names) and time.time() - last_change >= seconds:
            return
        time.sleep(0.25)
    raise SystemExit("aws_calls: the batches did not finish in time")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--requests", required=True)
    parser.add_argument("--moto", required=True)
    parser.add_argument("--conversations", type=int, default=20)
    parser.add_argument("--warmup", type=int, default=4)
    parser.add_argument("--window", type=int, default=15, help="BATCH_WINDOW_SECONDS: longer than the ingest phase takes")
    parser.add_argument("--out", required=True)
    parser.add_argument("--log", default=os.devnull)
    args = parser.parse_args()

    counts = Counts()
    proxy = ThreadingHTTPServer(("127.0.0.1", 0), make_proxy(args.moto, counts))
    threading.Thread(target=proxy.serve_forever, daemon=True).start()

    groups = [lines for lines in by_conversation(args.requests).values() if len(lines) >= 2]
    needed = args.warmup + args.conversations
    if len(groups) < needed:
        raise SystemExit(f"aws_calls: need {needed} conversations with two messages in {args.requests}")
    warmup, measured = groups[: args.warmup], groups[args.warmup: needed]

    direct = {"endpoint_url": args.moto, "region_name": os.environ.get("AWS_REGION", "us-east-1")}
    sqs = boto3.client("sqs", **direct)
    dynamo = boto3.client("dynamodb", **direct)
    queue_url = os.environ["WHATSAPP_QUEUE_URL"]

    with socket_port() as port:
        environment = dict(os.environ, AWS_ENDPOINT_URL=f"http://127.0.0.1:{proxy.server_address[1]}",
                           REPLIES_BACKEND="aws", BATCH_WINDOW_SECONDS=str(args.window), REPLIES_MODEL="offline",
                           REPLIES_SENDER="console", LOG_LEVEL="notice")
        for key in [k for k in environment if k.startswith("AWS_ENDPOINT_URL_")]:
            del environment[key]
        with open(args.log, "ab") as log:
            engine = subprocess.Popen([args.binary, "serve", "--port", str(port)], env=environment,
                                      stdout=subprocess.DEVNULL, stderr=log)
        try:
            wait_listening(port, engine)
            for lines in warmup:
                assert post(port, *lines[0]) == 200
            wait_quiet(counts, sqs, queue_url)

            before, _ = counts.snapshot()
            statuses = []
            started = time.time()
            for lines in measured:
                statuses += [post(port, *lines[0]), post(port, *lines[1])]
            after_ingest, ingest_items = counts.snapshot()
            if time.time() - started >= args.window:
                raise SystemExit("aws_calls: ingest outlasted the batch window; raise --window")
            wait_quiet(counts, sqs, queue_url)
            after_batches, batch_items = counts.snapshot()
        finally:
            engine.terminate()
            engine.wait(timeout=30)
    proxy.shutdown()

    accepted = statuses.count(200)
    if accepted != len(statuses):
        raise SystemExit(f"aws_calls: {len(statuses) - accepted} of {len(statuses)} webhooks were not accepted")
    ingest = after_ingest - before
    batches = after_batches - after_ingest

    # Item sizes as stored, for the request units.
    table = os.environ["CONVERSATIONS_TABLE"]
    records = dynamo.scan(TableName=table)["Items"]
    record_kb = sorted(math.ceil(item_size(r) / 1024) for r in records)
    record_units = record_kb[len(record_kb) // 2] if record_kb else 1

    per_message = cost_per_message(ingest, batches, batch_items - ingest_items, len(statuses), len(measured), record_units)
    print(json.dumps({
        "webhooks": len(statuses), "conversations": len(measured), "cost": per_message,
        "ingest": {f"{op} {table}": n for (op, table), n in sorted(ingest.items())},
        "batches": {f"{op} {table}": n for (op, table), n in sorted(batches.items())},
        "batch_items": {f"{op} {table}": n for (op, table), n in sorted((batch_items - ingest_items).items()) if n},
        "record_kb_median": record_units,
        "prices": PRICES,
    }, indent=1), file=open(args.out, "w"))


# Indexes of the shared ConversationsTable a WhatsApp record is copied to (original-system.md §1.1:
# every index projects ALL): the GSIs company-id-project-id and company-whatsapp-number-recipient-tel,
# and the four LSIs (created_at, task_complete, conversation_status, channel_method, all present on
# a template-sender record). A write to the record is written again, at the record's size, to each.
RECORD_INDEX_COPIES = 6
# Updates that change `conversation_status` (lease taken: processing_reply; final: reply_sent) move
# the item within conversation-status-index: one more write there.
STATUS_CHANGES_PER_BATCH = 2
# Assumptions where nothing was measured (stated in the report).
WEBHOOK_SECONDS, WEBHOOK_GB = 0.03, 0.25  # four AWS calls of ~5-10 ms; template default 256 MB
WORKER_SECONDS, WORKER_GB = 3.0, 0.5  # dominated by the model call; template default 512 MB


def cost_per_message(ingest, batches, batch_items, webhooks, batch_count, record_kb):
    """Dollars per inbound message, by service, for a record of `record_kb` (and of 24 KB, a long conversation)."""
    def calls(counter, op, table_part=""):
        return sum(n for (name, table), n in counter.items() if name == op and table_part in table)

    def dynamodb_units(kb):
        record_writes = calls(batches, "dynamodb.UpdateItem", "conversations") + calls(ingest, "dynamodb.UpdateItem", "conversations")
        wru = record_writes * kb * (1 + RECORD_INDEX_COPIES) + batch_count * STATUS_CHANGES_PER_BATCH * kb
        small_writes = (calls(ingest, "dynamodb.PutItem") + calls(batches, "dynamodb.PutItem")
                        + calls(ingest, "dynamodb.DeleteItem") + calls(batches, "dynamodb.DeleteItem")
                        + calls(batches, "dynamodb.UpdateItem", "locks") + sum(batch_items.values()))
        wru += small_writes  # stage items, locks and budget counters: under 1 KB each
        # Lookups on the channel index are eventually consistent (half a unit per 4 KB); the
        # stage query is strongly consistent (its fragments are far under 4 KB).
        rru = calls(ingest, "dynamodb.Query", "conversations") * 0.5 * math.ceil(kb / 4) + calls(batches, "dynamodb.Query", "stage")
        return wru, rru

    sqs_work = sum(n for (name, table), n in list(ingest.items()) + list(batches.items())
                   if name in ("sqs.SendMessage", "sqs.DeleteMessage"))
    # On Lambda the event source mapping's receive that delivers a trigger counts once per batch;
    # its empty long polls are a fixed cost per queue, not per message (see the report).
    sqs_requests = sqs_work + batch_count
    result = {}
    for label, kb in (("new", record_kb), ("long", 24)):
        wru, rru = dynamodb_units(kb)
        dollars = {
            "dynamodb": wru * PRICES["dynamodb_wru"] + rru * PRICES["dynamodb_rru"],
            "sqs": sqs_requests * PRICES["sqs_request"],
            "lambda": (webhooks + batch_count) * PRICES["lambda_request"]
            + (webhooks * WEBHOOK_SECONDS * WEBHOOK_GB + batch_count * WORKER_SECONDS * WORKER_GB) * PRICES["lambda_gb_s_arm64"],
        }
        result[label] = {
            "record_kb": kb, "wru_per_message": wru / webhooks, "rru_per_message": rru / webhooks,
            "dollars_per_1000_messages": {k: v * 1000 / webhooks for k, v in dollars.items()},
        }
    result["assumptions"] = {
        "record_index_copies": RECORD_INDEX_COPIES, "status_changes_per_batch": STATUS_CHANGES_PER_BATCH,
        "webhook_seconds": WEBHOOK_SECONDS, "webhook_gb": WEBHOOK_GB, "worker_seconds": WORKER_SECONDS, "worker_gb": WORKER_GB,
        "messages_per_batch": webhooks / batch_count,
    }
    return result


class socket_port:
    def __enter__(self):
        import socket
        with socket.socket() as probe:
            probe.bind(("127.0.0.1", 0))
            return probe.getsockname()[1]

    def __exit__(self, *exc):
        return False


def wait_listening(port, process):
    import socket
    for _ in range(800):
        if process.poll() is not None:
            raise SystemExit("aws_calls: serve exited before listening; see the log")
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.025)
    raise SystemExit("aws_calls: serve never listened")


if __name__ == "__main__":
    main()
