"""The original service's ingest hot path (Staging Lambda, reference §3.1), in Python, over HTTP.

Written the way the original does it: `parse_qs` keeping the first value per key, a GSI-style
lookup, the tenant secret parsed from its JSON string on every request (the original had no
secret cache), `twilio.request_validator.RequestValidator(token).validate(...)`, the full record
merged into a context dict, the rules, a stage write, an `attribute_not_exists` trigger lock and
a `json.dumps` trigger for the queue, then the TwiML answer with the original's headers. The
stores are dicts (no DynamoDB, no durability), so this is a floor for the original's per-request
cost, not its real latency. One INFO log line per request (the original logged far more,
including the whole event).

With `--durable FILE` the stage row, the lock and the trigger go to SQLite instead (WAL,
`synchronous=FULL`, one transaction per request under one lock, as Python's sqlite3 allows): what
a Python service would pay to keep what it acknowledged, the engine's embedded guarantee.

    python baseline_server.py --port 8092 --seed seed.json --public-url https://hooks.example.test [--durable db.sqlite]

On SIGTERM it prints {"staged": n, "triggers": n, "rejected": n} to standard output.
"""

import argparse
import json
import logging
import signal
import sqlite3
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

from twilio.request_validator import RequestValidator

TWIML = "<?xml version='1.0' encoding='UTF-8'?><Response></Response>".encode()
HEADERS = {
    "Content-Type": "text/xml",
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Headers": "Content-Type,X-Twilio-Signature,Accept,User-Agent",
    "Access-Control-Allow-Methods": "OPTIONS,POST",
}

logger = logging.getLogger("staging")


class Stores:
    """The original's DynamoDB tables and Secrets Manager, as dicts."""

    def __init__(self, seed):
        self.gsi = {}            # (company number, user number) -> {conversation_id, channel_config}
        self.conversations = {}  # (primary_channel, conversation_id) -> record
        for record in seed.get("conversations", []):
            key = (record.get("gsi_company_whatsapp_number"), record.get("gsi_recipient_tel"))
            self.gsi[key] = {"conversation_id": record["conversation_id"], "channel_config": record.get("channel_config")}
            self.conversations[(record["primary_channel"], record["conversation_id"])] = record
        # Secrets Manager returns SecretString; the original json.loads it on every call.
        self.secrets = {name: json.dumps(value) for name, value in seed.get("secrets", {}).items()}
        self.stage = {}
        self.locks = {}
        self.queue = []
        self.rejected = 0
        self.lock = threading.Lock()


    def persist(self, context, sid, body, now):
        """Stages the message, takes the lock and enqueues a trigger when the lock was free."""
        self.stage[(context["conversation_id"], sid)] = {
            "conversation_id": context["conversation_id"], "message_sid": sid, "primary_channel": context["primary_channel"],
            "body": body, "received_at": time.strftime("%Y-%m-%dT%H:%M:%S", time.localtime(now)), "expires_at": now + 70,
        }
        with self.lock:
            if context["conversation_id"] in self.locks:
                return
            self.locks[context["conversation_id"]] = {"conversation_id": context["conversation_id"], "expires_at": now + 70}
        self.queue.append(json.dumps({"conversation_id": context["conversation_id"], "primary_channel": context["primary_channel"]}))


class DurableStores(Stores):
    """The same writes in one SQLite transaction per request, committed before the answer."""

    def __init__(self, seed, path):
        super().__init__(seed)
        self.db = sqlite3.connect(path, check_same_thread=False, isolation_level=None)
        self.db.execute("PRAGMA journal_mode = WAL")
        self.db.execute("PRAGMA synchronous = FULL")
        self.db.executescript("""
            CREATE TABLE IF NOT EXISTS stage (conversation_id TEXT, message_sid TEXT, body TEXT, received_at INTEGER,
                                              PRIMARY KEY (conversation_id, message_sid));
            CREATE TABLE IF NOT EXISTS locks (conversation_id TEXT PRIMARY KEY, expires_at INTEGER);
            CREATE TABLE IF NOT EXISTS queue (seq INTEGER PRIMARY KEY AUTOINCREMENT, body TEXT);
        """)

    def persist(self, context, sid, body, now):
        conversation = context["conversation_id"]
        with self.lock:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.execute("INSERT OR IGNORE INTO stage VALUES (?, ?, ?, ?)", (conversation, sid, body, now))
            taken = self.db.execute("INSERT OR IGNORE INTO locks VALUES (?, ?)", (conversation, now + 70)).rowcount == 1
            if taken:
                self.db.execute("INSERT INTO queue (body) VALUES (?)",
                                (json.dumps({"conversation_id": conversation, "primary_channel": context["primary_channel"]}),))
            self.db.execute("COMMIT")
            self.stage[(conversation, sid)] = True
            if taken:
                self.queue.append(conversation)


def strip_prefix(value, channel):
    prefix = channel + ":"
    return value[len(prefix):] if value.startswith(prefix) else value


def handle(stores, public_url, path, raw_body, signature):
    """Returns True when the message was staged (or deliberately not answered), as the original."""
    channel = path.strip("/")
    params = {key: values[0] for key, values in parse_qs(raw_body).items()}
    sender, to, sid, body = params.get("From"), params.get("To"), params.get("MessageSid"), params.get("Body")
    if not (sender and to and sid and body):
        return False
    found = stores.gsi.get((strip_prefix(to, channel), strip_prefix(sender, channel)))
    if found is None:
        return False
    credential_ref = found["channel_config"].get(channel + "_credentials_id")
    secret = stores.secrets.get(credential_ref)
    if secret is None:
        return False
    token = json.loads(secret)["twilio_auth_token"]
    if not signature or not RequestValidator(token).validate(public_url + path, params, signature):
        return False
    context = {"channel_type": channel, "from": sender, "to": to, "message_sid": sid, "body": body}
    item = stores.conversations.get((strip_prefix(sender, channel), found["conversation_id"]))
    if item is None:
        return False
    context.update(item)
    if context.get("project_status") != "active" or channel not in context.get("allowed_channels", []):
        return False
    if context.get("conversation_status") == "processing_reply":
        return False
    stores.persist(context, sid, body, int(time.time()))
    return True


def make_handler(stores, public_url):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes; without this, Nagle's algorithm and delayed
        # ACKs add ~40 ms to every keep-alive response.
        disable_nagle_algorithm = True

        def do_POST(self):
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length).decode("utf-8")
            staged = handle(stores, public_url, self.path, raw, self.headers.get("X-Twilio-Signature"))
            if not staged:
                stores.rejected += 1
            logger.info("processed %s staged=%s", self.path, staged)
            self.send_response(200)
            for name, value in HEADERS.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(TWIML)))
            self.end_headers()
            self.wfile.write(TWIML)

        def log_message(self, *args):
            pass

    return Handler


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--port", type=int, required=True)
    parser.add_argument("--seed", required=True)
    parser.add_argument("--public-url", required=True)
    parser.add_argument("--durable", help="SQLite file: keep what is acknowledged")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, stream=sys.stderr)
    with open(args.seed) as handle_file:
        seed = json.load(handle_file)
    stores = DurableStores(seed, args.durable) if args.durable else Stores(seed)
    server = ThreadingHTTPServer(("127.0.0.1", args.port), make_handler(stores, args.public_url.rstrip("/")))
    server.daemon_threads = True

    def stop(*_):
        threading.Thread(target=server.shutdown).start()

    signal.signal(signal.SIGTERM, stop)
    print(f"baseline listening on 127.0.0.1:{args.port}", flush=True)
    server.serve_forever()
    print(json.dumps({"staged": len(stores.stage), "triggers": len(stores.queue), "rejected": stores.rejected}), flush=True)


if __name__ == "__main__":
    main()
