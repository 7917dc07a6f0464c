"""A stand-in SMS gateway on loopback for trying the production stack on one machine.

It speaks the protocol of citizens.sms.HttpGatewayBackend (POST JSON {"phone", "text", "sign"}
with HTTP Basic credentials) and appends each message to var/sms-gateway.log instead of texting
anyone. Used by scripts/serve-production.sh only; a real deployment points SMS_GATEWAY_URL at
the operator's gateway.
"""

import base64
import json
import os
import sys
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

LOG = Path(__file__).resolve().parents[1] / "var" / "sms-gateway.log"
EXPECTED = "Basic " + base64.b64encode(
    f"{os.environ.get('SMS_GATEWAY_USER', '')}:{os.environ.get('SMS_GATEWAY_PASSWORD', '')}".encode()
).decode()


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):  # noqa: N802 - the http.server API
        if self.headers.get("Authorization") != EXPECTED:
            self.send_response(401)
            self.end_headers()
            return
        length = min(int(self.headers.get("Content-Length") or 0), 64 * 1024)
        message = json.loads(self.rfile.read(length) or b"{}")
        LOG.parent.mkdir(parents=True, exist_ok=True)
        with LOG.open("a", encoding="utf-8") as log:
            log.write(f"{datetime.now():%Y-%m-%d %H:%M:%S}\t{message.get('phone')}\t{message.get('text')}\n")
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(b'{"ok": true}')

    def log_message(self, *args):
        pass


if __name__ == "__main__":
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 8025
    ThreadingHTTPServer(("127.0.0.1", port), Handler).serve_forever()
