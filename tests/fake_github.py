"""A fake of GitHub's REST API for issues: a real HTTP server on 127.0.0.1 serving
`GET /repos/OWNER/REPO/issues/N` and `GET /repos/OWNER/REPO` (with or without GitHub
Enterprise's `/api/v3` prefix) from dicts, with 404s, rate limits and hostile answers on demand:
slow or trickling headers and bodies, no answer at all, redirects, raw bodies. It
records each request's path and headers (to check the token is sent, and only there)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Literal

Mode = Literal["normal", "hang", "trickle_headers", "trickle_body"]


class FakeGitHub:
    def __init__(self) -> None:
        self.issues: dict[str, dict[str, Any]] = {}  # "owner/repo#N" -> issue JSON
        self.repos: dict[str, dict[str, Any]] = {}  # "owner/repo" -> repository JSON
        self.rate_limited = False
        self.delay = 0.0  # seconds before the headers
        self.mode: Mode = "normal"
        self.trickle_seconds = 1.0  # per byte, in the trickle modes
        self.redirects: dict[str, tuple[int, str]] = {}  # path -> (status, Location)
        self.raw_issue_body: bytes | None = None  # served as the issue, whatever was added
        self.requests: list[dict[str, str]] = []  # headers of each request
        self.paths: list[str] = []
        self._released = threading.Event()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}"

    def start(self) -> FakeGitHub:
        threading.Thread(target=self._server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        self._released.set()  # hanging and trickling answers give up
        self._server.shutdown()
        self._server.server_close()

    def add(
        self,
        name: str,
        title: str,
        body: str = "",
        labels: tuple[str, ...] = (),
        private: bool = False,
    ) -> None:
        self.issues[name] = {
            "title": title,
            "body": body,
            "labels": [{"name": label, "color": "fff"} for label in labels],
            "state": "open",
        }
        repo = name.split("#")[0]
        self.repos[repo] = {
            "full_name": repo,
            "private": private,
            "visibility": "private" if private else "public",
        }

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                fake.requests.append(dict(self.headers.items()))
                fake.paths.append(self.path)
                if fake.mode == "hang":
                    fake._released.wait(120)
                    return
                if fake.delay:
                    time.sleep(fake.delay)
                if self.path in fake.redirects:
                    status, location = fake.redirects[self.path]
                    return self._send(status, {}, location=location)
                if fake.rate_limited:
                    return self._send(403, {"message": "API rate limit exceeded"}, limited=True)
                parts = self.path.removeprefix("/api/v3").strip("/").split("/")
                if len(parts) == 3 and parts[0] == "repos":
                    repo = fake.repos.get(f"{parts[1]}/{parts[2]}")
                    if repo is not None:
                        return self._send(200, repo)
                if len(parts) == 5 and parts[0] == "repos" and parts[3] == "issues":
                    if fake.raw_issue_body is not None:
                        return self._send(200, fake.raw_issue_body)
                    issue = fake.issues.get(f"{parts[1]}/{parts[2]}#{parts[4]}")
                    if issue is not None:
                        return self._send(200, issue)
                return self._send(404, {"message": "Not Found"})

            def _send(
                self,
                status: int,
                body: dict[str, Any] | bytes,
                limited: bool = False,
                location: str = "",
            ) -> None:
                data = body if isinstance(body, bytes) else json.dumps(body).encode()
                head = [f"HTTP/1.1 {status} X", "Content-Type: application/json"]
                head.append(f"Content-Length: {len(data)}")
                if limited:
                    head.append("X-RateLimit-Remaining: 0")
                if location:
                    head.append(f"Location: {location}")
                raw_head = ("\r\n".join(head) + "\r\n\r\n").encode()
                try:
                    self._write(raw_head, fake.mode == "trickle_headers")
                    self._write(data, fake.mode == "trickle_body")
                except OSError:
                    pass  # the client gave up
                self.close_connection = True

            def _write(self, data: bytes, trickle: bool) -> None:
                if not trickle:
                    self.wfile.write(data)
                    return
                for i in range(len(data)):
                    self.wfile.write(data[i : i + 1])
                    self.wfile.flush()
                    if fake._released.wait(fake.trickle_seconds):
                        return

        return Handler
