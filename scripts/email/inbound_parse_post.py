#!/usr/bin/env python3
"""Builds a SendGrid Inbound Parse post (multipart/form-data, the default parsed mode, boundary
`xYzZY` as SendGrid sends it) and signs it the way SendGrid's Parse security policy does:
ECDSA P-256 / SHA-256 over the timestamp header value followed by the raw body, base64 DER.
Signing is done by Python `cryptography` (installed with moto by scripts/with-moto.sh), never by
the engine's code: the end-to-end tests post what this prints to the real binary.

    inbound_parse_post.py keygen
        → {"private_key_pem": "...", "public_key": "<base64 DER SubjectPublicKeyInfo>"}
    inbound_parse_post.py post --key-pem FILE --from ADDR --to ADDR --subject S --text T
                               --message-id ID [--in-reply-to ID] [--header "Name: value"]... [--timestamp N]
        → {"content_type": "...", "body_base64": "...", "timestamp": "...", "signature": "..."}

Invented addresses only (example.com/.net/.org, RFC 2606).
"""
import argparse
import base64
import json
import sys
import time

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

BOUNDARY = "xYzZY"


def field(name, value):
    return (b"--" + BOUNDARY.encode() + b'\r\nContent-Disposition: form-data; name="' + name.encode() + b'"\r\n\r\n'
            + value.encode("utf-8") + b"\r\n")


def keygen():
    key = ec.generate_private_key(ec.SECP256R1())
    private = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    public = key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    return {"private_key_pem": private.decode(), "public_key": base64.b64encode(public).decode()}


def post(args):
    headers = [
        "Received: by mx0047p1mdw1.sendgrid.net with SMTP id 6WCVv7KAWn",
        "MIME-Version: 1.0",
        f"From: Sam Okafor <{args.sender}>",
        f"To: <{args.to}>",
        f"Subject: {args.subject}",
        f"Message-ID: {args.message_id}",
        "Date: Mon, 30 Nov 2026 10:00:00 +0000",
    ]
    if args.in_reply_to:
        headers += [f"In-Reply-To: {args.in_reply_to}", f"References: {args.in_reply_to}"]
    headers += args.header or []
    fields = [
        ("headers", "\n".join(headers) + "\n\n"),
        ("dkim", "{@example.com : pass}"),
        ("to", f"<{args.to}>"),
        ("from", f"Sam Okafor <{args.sender}>"),
        ("text", args.text),
        ("sender_ip", "192.0.2.10"),
        ("envelope", json.dumps({"to": [args.to], "from": args.sender}, separators=(",", ":"))),
        ("attachments", "0"),
        ("subject", args.subject),
        ("spam_score", "0.012"),
        ("charsets", json.dumps({"to": "UTF-8", "subject": "UTF-8", "from": "UTF-8", "text": "UTF-8"})),
        ("SPF", "pass"),
    ]
    body = b"".join(field(name, value) for name, value in fields) + b"--" + BOUNDARY.encode() + b"--\r\n"
    with open(args.key_pem, "rb") as handle:
        key = serialization.load_pem_private_key(handle.read(), password=None)
    timestamp = str(args.timestamp if args.timestamp is not None else int(time.time()))
    signature = key.sign(timestamp.encode() + body, ec.ECDSA(hashes.SHA256()))
    return {
        "content_type": f"multipart/form-data; boundary={BOUNDARY}",
        "body_base64": base64.b64encode(body).decode(),
        "timestamp": timestamp,
        "signature": base64.b64encode(signature).decode(),
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("keygen")
    build = commands.add_parser("post")
    build.add_argument("--key-pem", required=True)
    build.add_argument("--from", dest="sender", required=True)
    build.add_argument("--to", required=True)
    build.add_argument("--subject", required=True)
    build.add_argument("--text", required=True)
    build.add_argument("--message-id", required=True)
    build.add_argument("--in-reply-to")
    build.add_argument("--header", action="append")
    build.add_argument("--timestamp", type=int)
    args = parser.parse_args()
    result = keygen() if args.command == "keygen" else post(args)
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
