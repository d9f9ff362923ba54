"""A fake of GitHub's REST API for issues: a real HTTP server on 127.0.0.1 serving
`GET /repos/OWNER/REPO/issues/N` from a dict, with 404s, rate limits and slow answers on demand.
It records the headers of each request (to check the token is sent, and only there)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


class FakeGitHub:
    def __init__(self) -> None:
        self.issues: dict[str, dict[str, Any]] = {}  # "owner/repo#N" -> issue JSON
        self.rate_limited = False
        self.delay = 0.0
        self.requests: list[dict[str, str]] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeGitHub:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def add(self, name: str, title: str, body: str = "", labels: tuple[str, ...] = ()) -> None:
        self.issues[name] = {
            "title": title,
            "body": body,
            "labels": [{"name": label, "color": "fff"} for label in labels],
            "state": "open",
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                fake.requests.append(dict(self.headers.items()))
                if fake.delay:
                    time.sleep(fake.delay)
                parts = self.path.strip("/").split("/")  # repos/owner/repo/issues/N
                if fake.rate_limited:
                    return self._send(403, {"message": "API rate limit exceeded"}, limited=True)
                if len(parts) == 5 and parts[0] == "repos" and parts[3] == "issues":
                    issue = fake.issues.get(f"{parts[1]}/{parts[2]}#{parts[4]}")
                    if issue is not None:
                        return self._send(200, issue)
                return self._send(404, {"message": "Not Found"})

            def _send(self, status: int, body: dict[str, Any], limited: bool = False) -> None:
                data = json.dumps(body).encode()
                try:
                    self.send_response(status)
                    self.send_header("Content-Type", "application/json")
                    self.send_header("Content-Length", str(len(data)))
                    if limited:
                        self.send_header("X-RateLimit-Remaining", "0")
                    self.end_headers()
                    self.wfile.write(data)
                except OSError:
                    pass

        return Handler
