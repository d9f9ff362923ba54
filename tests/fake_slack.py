"""A small fake of Slack's Web API: a real HTTP server on 127.0.0.1 that answers like Slack and
records every call, so the app's real WebClient is exercised end to end. Also serves
response_url posts (/response/...). Faults can be queued per method for failure tests."""

from __future__ import annotations

import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs


@dataclass
class Call:
    method: str  # "chat.postMessage", or "response" for response_url posts
    args: dict[str, Any]
    headers: dict[str, str]


@dataclass
class Fault:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: str = ""
    drop: bool = False  # close the connection without answering
    delay: float = 0.0  # seconds to wait before answering (longer than the client's timeout)


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.users: dict[str, dict[str, Any]] = {}
        self.channels: dict[str, str] = {}
        self.faults: dict[str, list[Fault]] = {}
        self.socket_url = ""  # what apps.connections.open hands out (a fake Socket Mode server)
        self._cond = threading.Condition()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self._server.server_address[1]}/"

    def response_url(self, name: str = "1") -> str:
        return f"{self.url}response/{name}"

    def start(self) -> FakeSlack:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def fail(self, method: str, *faults: Fault) -> None:
        self.faults.setdefault(method, []).extend(faults)

    def calls_to(self, method: str) -> list[Call]:
        with self._cond:
            return [c for c in self.calls if c.method == method]

    def wait_for(self, method: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while True:
                found = [c for c in self.calls if c.method == method]
                if len(found) >= count:
                    return found
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(
                        f"no {method} call within {timeout}s; calls: "
                        f"{[c.method for c in self.calls]}"
                    )
                self._cond.wait(left)

    def _record(self, call: Call) -> None:
        with self._cond:
            self.calls.append(call)
            self._cond.notify_all()

    def _answer(self, method: str, args: dict[str, Any]) -> dict[str, Any]:
        if method == "auth.test":
            return {
                "ok": True,
                "url": "https://test.slack.com/",
                "team": "Test",
                "user": "sigbot",
                "team_id": "T1",
                "user_id": "UBOT",
                "bot_id": "BBOT",
            }
        if method == "chat.postMessage":
            return {
                "ok": True,
                "channel": args.get("channel"),
                "ts": f"{time.time():.6f}",
                "message": {"text": args.get("text")},
            }
        if method == "chat.postEphemeral":
            return {"ok": True, "message_ts": f"{time.time():.6f}"}
        if method == "views.publish":
            return {"ok": True, "view": {"id": "V1", **(args.get("view") or {})}}
        if method == "apps.connections.open":
            if not self.socket_url:
                return {"ok": False, "error": "socket_mode_unavailable"}
            return {"ok": True, "url": self.socket_url}
        if method == "users.info":
            user = self.users.get(str(args.get("user")))
            if user is None:
                return {"ok": False, "error": "user_not_found"}
            return {"ok": True, "user": {"id": args.get("user"), **user}}
        if method == "conversations.info":
            name = self.channels.get(str(args.get("channel")))
            if name is None:
                return {"ok": False, "error": "channel_not_found"}
            return {"ok": True, "channel": {"id": args.get("channel"), "name": name}}
        return {"ok": False, "error": "unknown_method"}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args: Any) -> None:  # keep test output quiet
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length).decode("utf-8")
                ctype = self.headers.get("Content-Type", "")
                if "json" in ctype:
                    args = json.loads(raw or "{}")
                else:
                    args = {k: v[0] for k, v in parse_qs(raw).items()}
                    for key in ("blocks", "view"):
                        if isinstance(args.get(key), str):
                            args[key] = json.loads(args[key])
                path = self.path.lstrip("/")
                method = "response" if path.startswith("response/") else path.split("?")[0]
                fake._record(Call(method, args, dict(self.headers.items())))
                queued = fake.faults.get(method)
                if queued:
                    fault = queued.pop(0)
                    if fault.delay:
                        time.sleep(fault.delay)
                    if fault.drop:
                        self.close_connection = True
                        self.connection.shutdown(2)
                        return
                    self._send(
                        fault.status,
                        fault.body or json.dumps({"ok": False, "error": "fault"}),
                        fault.headers,
                    )
                    return
                body = {"ok": True} if method == "response" else fake._answer(method, args)
                self._send(200, json.dumps(body))

            def _send(self, status: int, body: str, headers: dict[str, str] | None = None) -> None:
                data = body.encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                self.send_header("Content-Length", str(len(data)))
                for k, v in (headers or {}).items():
                    self.send_header(k, v)
                self.end_headers()
                self.wfile.write(data)

        return Handler
