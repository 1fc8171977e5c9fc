"""Lambda cold start: a minimal Runtime API emulator and a harness that times the engine's
`bootstrap` from process start to its first handled webhook event.

For each run it spawns the binary with AWS_LAMBDA_RUNTIME_API pointing here and _HANDLER=webhook
(plus the caller's environment: backend configuration), serves one API Gateway HTTP API (2.0)
event holding a correctly signed webhook (a different line of requests.tsv, hence a new
MessageSid, each run), and records:
  init_ms   spawn -> the runtime's first GET /next (process start + configuration + handler init)
  first_ms  spawn -> the POST of the invocation's response (the first handled event)
  hwm_mb    peak RSS (VmHWM) of the process right after that response
The process is then killed (a frozen environment would wait in /next). Prints one JSON line.

    python coldstart.py --binary .build/release/replies-engine --requests requests.tsv --runs 10 --label embedded
"""

import argparse
import base64
import json
import os
import statistics
import subprocess
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Emulator:
    def __init__(self):
        self.lock = threading.Lock()
        self.reset(None)

    def reset(self, event):
        with self.lock:
            self.event = event
            self.served = False
            self.request_id = str(uuid.uuid4())
            self.t_next = None
            self.t_response = None
            self.response = None
            self.error = None
            self.done = threading.Event()
            self.release = threading.Event()


def make_handler(emulator):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True

        def log_message(self, *args):
            pass

        def reply(self, status, body=b"", headers=None):
            self.send_response(status)
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self):
            if not self.path.endswith("/runtime/invocation/next"):
                return self.reply(404)
            now = time.perf_counter()
            with emulator.lock:
                first = not emulator.served
                emulator.served = True
                if first:
                    emulator.t_next = now
                event, request_id, release = emulator.event, emulator.request_id, emulator.release
            if not first:
                release.wait(60)  # the next event never comes: the run ends by killing the process
                return
            self.reply(200, event, {
                "Content-Type": "application/json",
                "Lambda-Runtime-Aws-Request-Id": request_id,
                "Lambda-Runtime-Deadline-Ms": str(int(time.time() * 1000) + 30000),
                "Lambda-Runtime-Invoked-Function-Arn": "arn:aws:lambda:us-east-1:000000000000:function:replies-webhook-bench",
                "Lambda-Runtime-Trace-Id": "Root=1-00000000-000000000000000000000000;Sampled=0",
            })

        def do_POST(self):
            now = time.perf_counter()
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path.endswith("/response"):
                emulator.t_response, emulator.response = now, body
            else:
                emulator.error = (self.path, body.decode("utf-8", "replace"))
            self.reply(202, b'{"status":"OK"}', {"Content-Type": "application/json"})
            emulator.done.set()

    return Handler


def event_for(line, public_path):
    signature, body = line.rstrip("\n").split("\t", 1)
    return json.dumps({
        "version": "2.0", "routeKey": "POST " + public_path, "rawPath": public_path, "rawQueryString": "",
        "headers": {"content-type": "application/x-www-form-urlencoded", "host": "hooks.example.test",
                    "x-twilio-signature": signature, "user-agent": "TwilioProxy/1.1"},
        "requestContext": {"http": {"method": "POST", "path": public_path}, "stage": "$default",
                           "requestId": str(uuid.uuid4())},
        "body": base64.b64encode(body.encode()).decode(), "isBase64Encoded": True,
    }).encode()


def peak_rss_mb(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--binary", required=True)
    parser.add_argument("--requests", required=True)
    parser.add_argument("--first-line", type=int, default=0, help="requests.tsv line of the first run")
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--label", default="")
    parser.add_argument("--log", default=os.devnull)
    args = parser.parse_args()

    with open(args.requests) as file:
        lines = [line for _, line in zip(range(args.first_line + args.runs), file)][args.first_line:]
    init_ms, first_ms, hwm_mb, statuses = [], [], [], []
    with open(args.log, "a") as log:
        for line in lines:
            # A fresh emulator (and port) per run: a killed runtime's late GET /next must never
            # take the next run's event.
            emulator = Emulator()
            emulator.reset(event_for(line, "/whatsapp"))
            server = ThreadingHTTPServer(("127.0.0.1", 0), make_handler(emulator))
            server.daemon_threads = True
            server.handle_error = lambda request, address: None  # a killed runtime resets its pending /next
            threading.Thread(target=server.serve_forever, daemon=True).start()
            environment = dict(os.environ, AWS_LAMBDA_RUNTIME_API=f"127.0.0.1:{server.server_address[1]}",
                               _HANDLER="webhook", AWS_LAMBDA_FUNCTION_NAME="replies-webhook-bench",
                               AWS_LAMBDA_FUNCTION_MEMORY_SIZE="512")
            start = time.perf_counter()
            process = subprocess.Popen([args.binary], env=environment, stdout=log, stderr=log)
            finished = emulator.done.wait(60)
            hwm = peak_rss_mb(process.pid) if process.poll() is None else 0.0
            process.kill()
            process.wait()
            emulator.release.set()
            server.shutdown()
            server.server_close()
            if not finished or emulator.error or emulator.t_response is None:
                print(json.dumps({"label": args.label, "error": str(emulator.error or "no response within 60 s")}))
                sys.exit(1)
            answer = json.loads(emulator.response)
            statuses.append(answer.get("statusCode"))
            init_ms.append((emulator.t_next - start) * 1000)
            first_ms.append((emulator.t_response - start) * 1000)
            hwm_mb.append(hwm)

    def summary(values):
        return {"median": round(statistics.median(values), 2), "min": round(min(values), 2), "max": round(max(values), 2)}

    print(json.dumps({"label": args.label, "runs": len(lines), "init_ms": summary(init_ms), "first_ms": summary(first_ms),
                      "hwm_mb": summary(hwm_mb), "status_codes": sorted(set(statuses))}))


if __name__ == "__main__":
    main()
