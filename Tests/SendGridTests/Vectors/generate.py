#!/usr/bin/env python3
"""Writes the Inbound Parse test vectors in this folder: real-shaped SendGrid Inbound Parse posts
(multipart/form-data in the default, parsed mode, boundary `xYzZY` as SendGrid sends) signed the
way SendGrid signs them when the Parse setting has a security policy with signing: ECDSA P-256
with SHA-256 over the timestamp header value followed by the raw body, base64 DER, public key as
base64 DER SubjectPublicKeyInfo (what the security-policy API returns as `public_key`).

Signing is done by Python `cryptography`, never by the code under test. Every signature is then
checked again with SendGrid's own helper (`sendgrid.helpers.eventwebhook.EventWebhook`, the
library's verifier for the same signing scheme) when the body is UTF-8 (that helper takes `str`),
and with `cryptography` otherwise.

Each run makes a fresh key pair; the private key is never written. Re-running changes every
signature and key (the tests read whatever is committed).

    python3 -m venv /tmp/sgvenv && /tmp/sgvenv/bin/pip install cryptography sendgrid
    /tmp/sgvenv/bin/python Tests/SendGridTests/Vectors/generate.py

Output: `<case>/body.bin` (the exact request body) and `<case>/vector.json` (content type,
timestamp, signature, and what the post must parse to), plus `keys.json`.
"""
import base64
import json
import pathlib

from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

try:
    from sendgrid.helpers.eventwebhook import EventWebhook
except ImportError:  # the cross-check is skipped, with a note in keys.json
    EventWebhook = None

HERE = pathlib.Path(__file__).resolve().parent
BOUNDARY = "xYzZY"
BASE_TIME = 1767225600  # 2026-01-01T00:00:00Z

# Invented people and companies only (example.com/.net/.org, RFC 2606).
COMPANY = "lettings@parse.example.com"
PERSON = "sam.okafor@example.com"


def field(name, value):
    data = value if isinstance(value, bytes) else value.encode("utf-8")
    return (b'--' + BOUNDARY.encode() + b'\r\nContent-Disposition: form-data; name="' + name.encode() + b'"\r\n\r\n'
            + data + b'\r\n')


def file_part(name, filename, content_type, data):
    return (b'--' + BOUNDARY.encode() + b'\r\nContent-Disposition: form-data; name="' + name.encode()
            + b'"; filename="' + filename.encode() + b'"\r\nContent-Type: ' + content_type.encode() + b'\r\n\r\n'
            + data + b'\r\n')


def headers_block(lines):
    return "\n".join(lines) + "\n\n"


def post(fields, files=()):
    body = b"".join(field(name, value) for name, value in fields)
    body += b"".join(file_part(*f) for f in files)
    return body + b"--" + BOUNDARY.encode() + b"--\r\n"


def cases():
    gmail_headers = headers_block([
        "Received: by mx0047p1mdw1.sendgrid.net with SMTP id 6WCVv7KAWn Thu, 01 Jan 2026 00:00:00 +0000 (UTC)",
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.com; s=20230601;",
        "        h=to:subject:message-id:date:from:in-reply-to:references:mime-version;",
        "        bh=CEFjZXevil93deLhLlkKrNP1ovhZi+nSiz4ZxQzRLT8=",
        "MIME-Version: 1.0",
        "References: <template-0001@mail.example.com>",
        "In-Reply-To: <template-0001@mail.example.com>",
        "From: Sam Okafor <Sam.Okafor@Example.com>",
        "Date: Thu, 1 Jan 2026 00:59:58 +0100",
        "Message-ID: <CAN_P_JMvV7ZpAQhOnDienypLrJmuhN=LQWweu4yScw4jQyXY2w@mail.example.com>",
        "Subject: Re: Your move-in on 1 June",
        f"To: Larkspur Lettings <{COMPANY}>",
        "Content-Type: multipart/alternative; boundary=\"0000000000009b1c7e0604f1e2a3\"",
    ])
    gmail_text = ("Hi Priya,\r\n\r\nYes, 1 June works — can I collect the keys at 9am? 🙂\r\n\r\nSam\r\n\r\n"
                  "On Thu, 1 Jan 2026 at 00:30, Larkspur Lettings <lettings@parse.example.com> wrote:\r\n\r\n"
                  "> Hi Sam, this is Priya from Larkspur Lettings about your move-in on 1 June.\r\n"
                  "> Does that date still work for you?\r\n")
    gmail_html = ('<div dir="ltr">Hi Priya,<div><br></div><div>Yes, 1 June works — can I collect the keys at 9am? 🙂</div>'
                  '<div><br></div><div>Sam</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">'
                  'On Thu, 1 Jan 2026 at 00:30, Larkspur Lettings &lt;<a href="mailto:lettings@parse.example.com">'
                  'lettings@parse.example.com</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex">'
                  'Hi Sam, this is Priya from Larkspur Lettings about your move-in on 1 June.<br>Does that date still work for you?'
                  '</blockquote></div>\r\n')
    yield "gmail-reply", [
        ("headers", gmail_headers),
        ("dkim", "{@example.com : pass}"),
        ("to", f"Larkspur Lettings <{COMPANY}>"),
        ("html", gmail_html),
        ("from", "Sam Okafor <Sam.Okafor@Example.com>"),
        ("text", gmail_text),
        ("sender_ip", "192.0.2.10"),
        ("envelope", json.dumps({"to": [COMPANY], "from": "Sam.Okafor@Example.com"}, separators=(",", ":"))),
        ("attachments", "0"),
        ("subject", "Re: Your move-in on 1 June"),
        ("spam_score", "0.012"),
        ("charsets", json.dumps({"to": "UTF-8", "html": "UTF-8", "subject": "UTF-8", "from": "UTF-8", "text": "UTF-8"})),
        ("SPF", "pass"),
    ], [], {
        "envelope_from": PERSON, "envelope_to": [COMPANY], "from": [PERSON], "to": [COMPANY], "cc": [],
        "subject": "Re: Your move-in on 1 June", "text": gmail_text, "html": gmail_html,
        "message_id": "<CAN_P_JMvV7ZpAQhOnDienypLrJmuhN=LQWweu4yScw4jQyXY2w@mail.example.com>",
        "in_reply_to": ["<template-0001@mail.example.com>"], "references": ["<template-0001@mail.example.com>"],
        "spf": "pass", "spam_score": 0.012, "attachments": [], "notes": 0,
        "new_text": "Hi Priya,\n\nYes, 1 June works — can I collect the keys at 9am? 🙂\n\nSam",
    }

    latin_text = "Guten Tag,\r\n\r\ndie Übergabe am Freitag passt. Grüße aus Köln, café à 9 h.\r\n\r\nJürgen\r\n"
    latin_html = "<html><body><p>Guten Tag,</p><p>die &Uuml;bergabe am Freitag passt. Grüße aus Köln, café à 9 h.</p><p>Jürgen</p></body></html>"
    yield "outlook-iso-8859-1", [
        ("headers", headers_block([
            "From: =?iso-8859-1?Q?J=FCrgen_M=FCller?= <juergen.mueller@example.net>",
            f"To: <{COMPANY}>",
            "Subject: =?iso-8859-1?Q?AW:_=DCbergabe_der_Schl=FCssel?=",
            "Message-ID: <AM0PR01MB1234ABCD@AM0PR01MB1234.eurprd01.prod.example.com>",
            "In-Reply-To: <reply-0002@parse.example.com>",
            "Content-Type: multipart/alternative; boundary=\"_000_AM0PR01MB1234_\"",
            "X-MS-Has-Attach:",
        ])),
        ("from", "Jürgen Müller <juergen.mueller@example.net>"),
        ("to", f"<{COMPANY}>"),
        ("subject", "AW: Übergabe der Schlüssel"),
        ("text", latin_text.encode("iso-8859-1")),
        ("html", latin_html.encode("iso-8859-1")),
        ("envelope", json.dumps({"to": [COMPANY], "from": "juergen.mueller@example.net"})),
        ("charsets", json.dumps({"to": "UTF-8", "html": "iso-8859-1", "subject": "UTF-8", "from": "UTF-8", "text": "iso-8859-1"})),
        ("attachments", "0"),
        ("SPF", "pass"),
    ], [], {
        "envelope_from": "juergen.mueller@example.net", "envelope_to": [COMPANY], "from": ["juergen.mueller@example.net"],
        "to": [COMPANY], "cc": [], "subject": "AW: Übergabe der Schlüssel", "text": latin_text, "html": latin_html,
        "message_id": "<AM0PR01MB1234ABCD@AM0PR01MB1234.eurprd01.prod.example.com>",
        "in_reply_to": ["<reply-0002@parse.example.com>"], "references": [], "spf": "pass", "attachments": [], "notes": 0,
    }

    cp_text = "Thanks \u201cPriya\u201d \u2014 the deposit of \u20ac1,200 is sent\u2026 it\u2019s done.\r\n"
    yield "windows-1252", [
        ("headers", headers_block(["From: Ana <ana@example.org>", f"To: {COMPANY}", "Subject: Re: Deposit",
                                   "Message-ID: <cp1252-0003@example.org>", "X-Mailer: Microsoft Outlook 16.0"])),
        ("from", "Ana <ana@example.org>"),
        ("to", COMPANY),
        ("subject", "Re: Deposit"),
        ("text", cp_text.encode("cp1252")),
        ("envelope", json.dumps({"to": [COMPANY], "from": "ana@example.org"})),
        ("charsets", json.dumps({"to": "UTF-8", "subject": "UTF-8", "from": "UTF-8", "text": "windows-1252"})),
    ], [], {
        "envelope_from": "ana@example.org", "envelope_to": [COMPANY], "from": ["ana@example.org"], "to": [COMPANY], "cc": [],
        "subject": "Re: Deposit", "text": cp_text, "html": None, "message_id": "<cp1252-0003@example.org>",
        "in_reply_to": [], "references": [], "attachments": [], "notes": 0,
    }

    # Binary attachments, including bytes that look like a boundary line but are not the boundary.
    png = bytes([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]) + bytes(range(256)) + b"\r\n--xYz\r\n--xYzZ" + bytes(300)
    pdf = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n" + bytes(range(255, -1, -1)) * 4 + b"%%EOF\n"
    logo = bytes([0xFF, 0xD8, 0xFF, 0xE0]) + bytes(120) + bytes([0xFF, 0xD9])
    attach_text = "Here are the signed tenancy agreement and a photo of the meter.\r\n"
    attach_html = '<div>Here are the signed tenancy agreement and a photo of the meter.</div><div><img src="cid:ii_logo_01" alt="logo"></div>'
    info = {
        "attachment2": {"filename": "tenancy agreement.pdf", "name": "tenancy agreement.pdf", "type": "application/pdf"},
        "attachment1": {"filename": "meter.png", "name": "meter.png", "type": "image/png"},
        "attachment3": {"filename": "logo.jpg", "name": "logo.jpg", "type": "image/jpeg", "content-id": "ii_logo_01"},
    }
    yield "attachments", [
        ("headers", headers_block([f"From: {PERSON}", f"To: {COMPANY}", "Subject: Re: Documents",
                                   "Message-ID: <attach-0004@mail.example.com>",
                                   "Content-Type: multipart/mixed; boundary=\"000000000000abcd\""])),
        ("content-ids", json.dumps({"ii_logo_01": "attachment3"})),
        ("to", COMPANY),
        ("html", attach_html),
        ("from", PERSON),
        ("text", attach_text),
        ("envelope", json.dumps({"to": [COMPANY], "from": PERSON})),
        ("attachments", "3"),
        ("subject", "Re: Documents"),
        ("attachment-info", json.dumps(info)),
        ("charsets", json.dumps({"to": "UTF-8", "html": "UTF-8", "subject": "UTF-8", "from": "UTF-8", "text": "UTF-8"})),
    ], [
        ("attachment1", "meter.png", "image/png", png),
        ("attachment2", "tenancy agreement.pdf", "application/pdf", pdf),
        ("attachment3", "logo.jpg", "image/jpeg", logo),
    ], {
        "envelope_from": PERSON, "envelope_to": [COMPANY], "from": [PERSON], "to": [COMPANY], "cc": [],
        "subject": "Re: Documents", "text": attach_text, "html": attach_html, "message_id": "<attach-0004@mail.example.com>",
        "in_reply_to": [], "references": [], "notes": 0,
        "attachments": [
            {"field": "attachment1", "filename": "meter.png", "type": "image/png", "size": len(png), "content_id": None},
            {"field": "attachment2", "filename": "tenancy agreement.pdf", "type": "application/pdf", "size": len(pdf), "content_id": None},
            {"field": "attachment3", "filename": "logo.jpg", "type": "image/jpeg", "size": len(logo), "content_id": "ii_logo_01"},
        ],
        "user_turn": ("[Subject: Documents]\nHere are the signed tenancy agreement and a photo of the meter.\n"
                      f"[Attachment: meter.png (image/png, {len(png)} bytes)]\n"
                      f"[Attachment: tenancy agreement.pdf (application/pdf, {(len(pdf) + 512) // 1024} KB)]"),
    }

    apple_html = ('<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"><style>p{margin:0}</style></head>'
                  '<body dir="auto"><div dir="ltr">Sounds good, see you on Monday &amp; thanks!</div><div dir="ltr"><br>'
                  '<blockquote type="cite">On 1 Jan 2026, at 00:30, Larkspur Lettings &lt;lettings@parse.example.com&gt; wrote:<br><br></blockquote></div>'
                  '<blockquote type="cite"><div dir="ltr">Could we move the viewing to Monday?</div></blockquote></body></html>')
    yield "html-only", [
        ("headers", headers_block([f"From: {PERSON}", f"To: {COMPANY}", "Subject: Re: Viewing",
                                   "Message-ID: <F3A1C0DE-1234-4ABC-9DEF-0123456789AB@example.com>",
                                   "X-Mailer: iPhone Mail (22B83)"])),
        ("from", PERSON), ("to", COMPANY), ("subject", "Re: Viewing"), ("html", apple_html),
        ("envelope", json.dumps({"to": [COMPANY], "from": PERSON})),
        ("charsets", json.dumps({"to": "UTF-8", "html": "UTF-8", "subject": "UTF-8", "from": "UTF-8"})),
    ], [], {
        "envelope_from": PERSON, "envelope_to": [COMPANY], "from": [PERSON], "to": [COMPANY], "cc": [],
        "subject": "Re: Viewing", "text": None, "html": apple_html,
        "message_id": "<F3A1C0DE-1234-4ABC-9DEF-0123456789AB@example.com>", "in_reply_to": [], "references": [],
        "attachments": [], "notes": 0, "new_text": "Sounds good, see you on Monday & thanks!",
    }

    yield "auto-reply", [
        ("headers", headers_block([f"From: {PERSON}", f"To: {COMPANY}", "Subject: Automatic reply: Re: Viewing",
                                   "Message-ID: <oof-0006@mail.example.com>", "Auto-Submitted: auto-replied",
                                   "X-Autoreply: yes", "Precedence: bulk"])),
        ("from", PERSON), ("to", COMPANY), ("subject", "Automatic reply: Re: Viewing"),
        ("text", "I am out of the office until 5 January with limited access to e-mail.\r\n"),
        ("envelope", json.dumps({"to": [COMPANY], "from": PERSON})),
        ("charsets", json.dumps({"to": "UTF-8", "subject": "UTF-8", "from": "UTF-8", "text": "UTF-8"})),
    ], [], {
        "envelope_from": PERSON, "envelope_to": [COMPANY], "from": [PERSON], "to": [COMPANY], "cc": [],
        "subject": "Automatic reply: Re: Viewing", "text": "I am out of the office until 5 January with limited access to e-mail.\r\n",
        "html": None, "message_id": "<oof-0006@mail.example.com>", "in_reply_to": [], "references": [],
        "auto_submitted": "auto-replied", "precedence": "bulk", "attachments": [], "notes": 0,
        "automatic": ["autoSubmitted", "precedence", "autoReplyHeader", "automaticSubject"],
    }

    dsn = (b"Reporting-MTA: dns; mx.example.net\r\n\r\nFinal-Recipient: rfc822; nobody@example.org\r\n"
           b"Action: failed\r\nStatus: 5.1.1\r\n")
    yield "bounce", [
        ("headers", headers_block(["From: Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>", f"To: {COMPANY}",
                                   "Subject: Delivery Status Notification (Failure)", "Message-ID: <dsn-0007@mx.example.net>",
                                   "Content-Type: multipart/report; report-type=delivery-status; boundary=\"dsn\"",
                                   "X-Failed-Recipients: nobody@example.org"])),
        ("from", "Mail Delivery Subsystem <MAILER-DAEMON@mx.example.net>"), ("to", COMPANY),
        ("subject", "Delivery Status Notification (Failure)"),
        ("text", "Your message wasn't delivered to nobody@example.org because the address couldn't be found.\r\n"),
        ("envelope", json.dumps({"to": [COMPANY], "from": ""})),
        ("attachments", "1"),
        ("attachment-info", json.dumps({"attachment1": {"filename": "details.txt", "type": "message/delivery-status"}})),
        ("charsets", json.dumps({"to": "UTF-8", "subject": "UTF-8", "from": "UTF-8", "text": "UTF-8"})),
    ], [("attachment1", "details.txt", "message/delivery-status", dsn)], {
        "envelope_from": None, "envelope_to": [COMPANY], "from": ["mailer-daemon@mx.example.net"], "to": [COMPANY], "cc": [],
        "subject": "Delivery Status Notification (Failure)",
        "text": "Your message wasn't delivered to nobody@example.org because the address couldn't be found.\r\n",
        "html": None, "message_id": "<dsn-0007@mx.example.net>", "in_reply_to": [], "references": [], "notes": 0,
        "attachments": [{"field": "attachment1", "filename": "details.txt", "type": "message/delivery-status", "size": len(dsn), "content_id": None}],
        "automatic": ["nullReversePath", "deliveryReport", "systemSender", "automaticSubject"],
    }

    koi8 = "Добрый день, ключи заберу в понедельник.\r\n"
    yield "unknown-charset", [
        ("headers", headers_block(["From: Ivan <ivan@example.org>", f"To: {COMPANY}", "Subject: Re: Keys",
                                   "Message-ID: <koi8-0008@example.org>"])),
        ("from", "Ivan <ivan@example.org>"), ("to", COMPANY), ("subject", "Re: Keys"),
        ("text", koi8.encode("koi8-r")),
        ("envelope", json.dumps({"to": [COMPANY], "from": "ivan@example.org"})),
        ("charsets", json.dumps({"to": "UTF-8", "subject": "UTF-8", "from": "UTF-8", "text": "KOI8-R"})),
    ], [], {
        "envelope_from": "ivan@example.org", "envelope_to": [COMPANY], "from": ["ivan@example.org"], "to": [COMPANY], "cc": [],
        "subject": "Re: Keys", "text": None, "html": None, "message_id": "<koi8-0008@example.org>", "in_reply_to": [],
        "references": [], "attachments": [], "notes": 1,
    }

    yield "recipients", [
        ("headers", headers_block([
            'From: "Okafor, Sam" <Sam.Okafor@Example.COM>',
            f"To: Larkspur Lettings <{COMPANY.upper()}>,",
            "  other@example.org",
            'Cc: "Team: Viewings" <team@example.net> (viewings), Undisclosed: ;',
            "Subject: Re: Move-in",
            "Message-ID: <multi-0009@mail.example.com>",
            "References: <a@mail.example.com>",
            " <b@mail.example.com>",
        ])),
        ("from", '"Okafor, Sam" <Sam.Okafor@Example.COM>'),
        ("to", f"Larkspur Lettings <{COMPANY.upper()}>, other@example.org"),
        ("cc", '"Team: Viewings" <team@example.net> (viewings)'),
        ("subject", "Re: Move-in"), ("text", "Copying the team.\r\n"),
        ("envelope", json.dumps({"to": [COMPANY.upper()], "from": "Sam.Okafor@Example.COM"})),
        ("charsets", json.dumps({"to": "UTF-8", "cc": "UTF-8", "subject": "UTF-8", "from": "UTF-8", "text": "UTF-8"})),
    ], [], {
        "envelope_from": PERSON, "envelope_to": [COMPANY], "from": [PERSON], "to": [COMPANY, "other@example.org"],
        "cc": ["team@example.net"], "subject": "Re: Move-in", "text": "Copying the team.\r\n", "html": None,
        "message_id": "<multi-0009@mail.example.com>", "in_reply_to": [], "references": ["<a@mail.example.com>", "<b@mail.example.com>"],
        "attachments": [], "notes": 0,
    }


def main():
    private_key = ec.generate_private_key(ec.SECP256R1())
    public_der = private_key.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    public_b64 = base64.b64encode(public_der).decode()
    public_pem = private_key.public_key().public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo).decode()
    other_der = ec.generate_private_key(ec.SECP256R1()).public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo)
    helper = EventWebhook(public_b64) if EventWebhook else None
    cross_checked = []

    for index, (name, fields, files, expected) in enumerate(cases()):
        body = post(fields, files)
        timestamp = str(BASE_TIME + index)
        signature = private_key.sign(timestamp.encode() + body, ec.ECDSA(hashes.SHA256()))
        signature_b64 = base64.b64encode(signature).decode()
        # Independent checks of what was just written.
        private_key.public_key().verify(signature, timestamp.encode() + body, ec.ECDSA(hashes.SHA256()))
        try:
            text_body = body.decode("utf-8")
        except UnicodeDecodeError:
            text_body = None
        if helper and text_body is not None:
            assert helper.verify_signature(text_body, signature_b64, timestamp), name
            cross_checked.append(name)
        folder = HERE / name
        folder.mkdir(exist_ok=True)
        (folder / "body.bin").write_bytes(body)
        vector = {
            "content_type": f"multipart/form-data; boundary={BOUNDARY}",
            "timestamp": timestamp,
            "signature": signature_b64,
            "expected": expected,
        }
        (folder / "vector.json").write_text(json.dumps(vector, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"{name}: {len(body)} bytes")

    keys = {
        "public_key": public_b64,
        "public_key_pem": public_pem,
        "other_public_key": base64.b64encode(other_der).decode(),
        "signed_by": "cryptography (ECDSA P-256, SHA-256, DER)",
        "cross_checked_with_sendgrid_helper": cross_checked,
    }
    (HERE / "keys.json").write_text(json.dumps(keys, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
