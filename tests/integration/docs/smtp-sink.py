#!/usr/bin/python3
"""A real SMTP server on 127.0.0.1 for the mail tests (Debian's python3-aiosmtpd).

Accepts mail on a free port, prints the port on its own line when ready, and saves each
message as N.eml beside N.json, which holds what Python's own e-mail parser reads from
it (envelope, decoded headers, parts) so the test checks our MIME with an independent
parser. Attachments are saved decoded as N-part-K.<name>.

  smtp-sink.py --dir SPOOL [--user U --password P] [--refuse ADDRESS ...]
               [--tls-cert CERT --tls-key KEY --security starttls|tls]

With --user, AUTH (PLAIN or LOGIN) is required; without TLS it is allowed in the clear
(loopback only). With --security starttls the server requires STARTTLS before anything
else; with --security tls it speaks TLS from the first byte (SMTPS).
Recipients given with --refuse get "550 5.1.1 … User unknown". Exits when stdin closes.
"""
import argparse
import asyncio
import email
import email.header
import email.policy
import json
import os
import ssl
import sys
import warnings

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword

# AUTH without TLS is the point here (loopback only); the warnings about it are noise.
warnings.filterwarnings("ignore")


def decode(value):
    if value is None:
        return None
    return str(email.header.make_header(email.header.decode_header(value)))


class Handler:
    def __init__(self, spool, refuse):
        self.spool = spool
        self.refuse = set(a.lower() for a in refuse)
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.lower() in self.refuse:
            return "550 5.1.1 <%s>: Recipient address rejected: User unknown" % address
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(self.spool, str(self.count))
        raw = envelope.original_content or envelope.content
        message = email.message_from_bytes(raw, policy=email.policy.compat32)
        summary = {
            "mail_from": envelope.mail_from,
            "rcpt_tos": envelope.rcpt_tos,
            "authenticated": bool(session.authenticated),
            "from": decode(message["From"]),
            "to": decode(message["To"]),
            "subject": decode(message["Subject"]),
            "date": message["Date"],
            "message_id": message["Message-ID"],
            "mime_version": message["MIME-Version"],
            "content_type": message.get_content_type(),
            "parts": [],
        }
        index = 0
        for part in message.walk():
            if part.is_multipart():
                continue
            index += 1
            info = {
                "content_type": part.get_content_type(),
                "charset": part.get_content_charset(),
                "filename": part.get_filename(),
                "encoding": part["Content-Transfer-Encoding"],
            }
            payload = part.get_payload(decode=True) or b""
            if info["filename"]:
                path = "%s-part-%d.%s" % (base, index, os.path.basename(info["filename"]))
                with open(path, "wb") as f:
                    f.write(payload)
                info["saved_as"] = path
                info["size"] = len(payload)
            else:
                info["text"] = payload.decode(info["charset"] or "ascii", "replace")
            summary["parts"].append(info)
        # The .json last: its presence means the message is complete.
        with open(base + ".eml", "wb") as f:
            f.write(raw)
        with open(base + ".json.tmp", "w", encoding="utf-8") as f:
            json.dump(summary, f, ensure_ascii=False, indent=1)
        os.rename(base + ".json.tmp", base + ".json")
        return "250 Message accepted for delivery"


def make_authenticator(user, password):
    def authenticate(server, session, envelope, mechanism, auth_data):
        ok = (isinstance(auth_data, LoginPassword)
              and auth_data.login == user.encode()
              and auth_data.password == password.encode())
        # handled=False: aiosmtpd then answers "535 … credentials invalid" itself.
        return AuthResult(success=ok, handled=False)
    return authenticate


async def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--user")
    parser.add_argument("--password")
    parser.add_argument("--refuse", nargs="*", default=[])
    parser.add_argument("--tls-cert")
    parser.add_argument("--tls-key")
    parser.add_argument("--security", choices=["none", "starttls", "tls"], default="none")
    args = parser.parse_args()

    handler = Handler(args.dir, args.refuse)
    kwargs = {"decode_data": False, "hostname": "sink.localhost"}
    context = None
    if args.security != "none":
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls_cert, args.tls_key)
    if args.security == "starttls":
        kwargs.update(tls_context=context, require_starttls=True)
    if args.user:
        kwargs.update(authenticator=make_authenticator(args.user, args.password or ""),
                      auth_required=True, auth_require_tls=args.security == "starttls")

    loop = asyncio.get_running_loop()
    server = await loop.create_server(lambda: SMTP(handler, **kwargs), "127.0.0.1", 0,
                                      ssl=context if args.security == "tls" else None)
    print(server.sockets[0].getsockname()[1], flush=True)

    # Stop when the test closes our stdin (or dies).
    stdin_closed = loop.run_in_executor(None, sys.stdin.read)
    await stdin_closed
    server.close()
    await server.wait_closed()


if __name__ == "__main__":
    asyncio.run(main())
