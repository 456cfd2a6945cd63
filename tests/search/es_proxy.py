"""A small real HTTP proxy in front of the real Elasticsearch, to produce network faults.

Not a fake: every request it does not disturb is forwarded to the real server and the real
answer is returned. It can answer HTTP 429 ("queue full", as Elasticsearch does under write
pressure) to the first N `_bulk` requests, or hold every answer back for some seconds (a slow
server), so docs/faults.md rows 9 and 17 are driven through the real client over real sockets.
"""

import http.client
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit


class EsProxy:
    def __init__(self, upstream_url):
        parts = urlsplit(upstream_url)
        self.upstream = (parts.hostname, parts.port or 9200)
        self.reject_bulk = 0  # answer 429 to this many more _bulk requests
        self.delay = 0.0  # seconds to wait before answering anything
        self.bulk_requests = 0
        self.rejected = 0
        self._lock = threading.Lock()
        proxy = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def _handle(self):
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else None
                if proxy.delay:
                    time.sleep(proxy.delay)
                if "/_bulk" in self.path:
                    with proxy._lock:
                        proxy.bulk_requests += 1
                        reject = proxy.reject_bulk > 0
                        if reject:
                            proxy.reject_bulk -= 1
                            proxy.rejected += 1
                    if reject:
                        return self._reply_429()
                connection = http.client.HTTPConnection(*proxy.upstream, timeout=60)
                skip = ("host", "connection")
                headers = {k: v for k, v in self.headers.items() if k.lower() not in skip}
                connection.request(self.command, self.path, body=body, headers=headers)
                answer = connection.getresponse()
                data = answer.read()
                self.send_response(answer.status)
                for key, value in answer.getheaders():
                    if key.lower() not in ("transfer-encoding", "connection", "content-length"):
                        self.send_header(key, value)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)
                connection.close()

            def _reply_429(self):
                data = json.dumps(
                    {
                        "error": {
                            "type": "es_rejected_execution_exception",
                            "reason": "rejected execution (queue capacity 1) on bulk",
                        },
                        "status": 429,
                    }
                ).encode()
                self.send_response(429)
                self.send_header("Content-Type", "application/json")
                self.send_header("X-Elastic-Product", "Elasticsearch")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = _handle

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
