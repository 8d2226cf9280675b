#!/usr/bin/env python3
"""A local HTTP sink that prints every request it receives, for the demo's alert receivers.

    http-sink.py PORT NAME

Answers as the real service would: PagerDuty's Events API with 202 and a JSON status, Slack's
incoming webhook with 200 "ok". Each request is printed as a header line and the body as indented
JSON, then flushed, so a log of it reads like the receiver's own view.
"""
import json
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

PORT, NAME = int(sys.argv[1]), sys.argv[2]


class Sink(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        try:
            parsed = json.loads(body)
            shown = json.dumps(parsed, indent=2, ensure_ascii=False)
        except ValueError:
            parsed, shown = None, body.decode("utf-8", "replace")
        print(f"--- {NAME} received POST {self.path} ({self.headers.get('Content-Type')})", flush=False)
        print(shown, flush=True)
        if NAME == "pagerduty":
            dedup = parsed.get("dedup_key") if isinstance(parsed, dict) else None
            reply, status, kind = json.dumps({"status": "success", "message": "Event processed",
                                              "dedup_key": dedup}).encode(), 202, "application/json"
        else:
            reply, status, kind = b"ok", 200, "text/plain"
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(reply)))
        self.end_headers()
        self.wfile.write(reply)

    def log_message(self, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", PORT), Sink).serve_forever()
