"""HTTP mode: Bolt's WSGI adapter behind waitress, a production WSGI server.

Routes: POST /slack/events (commands, events, interactivity), GET /healthz, GET /metrics.
Bad input gets a 4xx and a one-line body, never a 500 or a stack trace. The process keeps no
state that replicas must share for correctness (see README, "Running several replicas").
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.live import LiveKnowledge
from bot.metrics import Metrics

MAX_BODY_BYTES = 1_000_000  # Slack payloads are a few KB; anything this big is not from Slack
ACCEPTED_TYPES = ("application/json", "application/x-www-form-urlencoded")
logger = logging.getLogger("sigbot")

StartResponse = Callable[..., Any]
WsgiApp = Callable[[dict[str, Any], StartResponse], Iterable[bytes]]


def _plain(start_response: StartResponse, status: str, body: str) -> list[bytes]:
    data = body.encode()
    start_response(
        status,
        [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))],
    )
    return [data]


class ReplayGuard:
    """Slack's signature covers a timestamp and Bolt refuses ones older than five minutes; within
    those minutes the same signed request could be sent again. Remember recent signatures and
    refuse a second use."""

    window = 6 * 60.0

    def __init__(self) -> None:
        self._seen: dict[str, float] = {}
        self._lock = threading.Lock()

    def is_replay(self, signature: str) -> bool:
        now = time.monotonic()
        with self._lock:
            if len(self._seen) > 50_000:
                self._seen = {k: t for k, t in self._seen.items() if now - t < self.window}
            seen = self._seen.get(signature)
            return seen is not None and now - seen < self.window

    def remember(self, signature: str) -> None:
        with self._lock:
            self._seen[signature] = time.monotonic()


def create_wsgi_app(app: App, knowledge: LiveKnowledge, metrics: Metrics | None = None) -> WsgiApp:
    slack = SlackRequestHandler(app, path="/slack/events")
    replays = ReplayGuard()

    def handle_slack(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            return _plain(start_response, "400 Bad Request", "bad content length\n")
        if length > MAX_BODY_BYTES:
            return _plain(start_response, "413 Payload Too Large", "request too large\n")
        content_type = str(environ.get("CONTENT_TYPE", "")).split(";")[0].strip().lower()
        if content_type not in ACCEPTED_TYPES:
            return _plain(
                start_response, "415 Unsupported Media Type", "JSON or form bodies only\n"
            )
        signature = str(environ.get("HTTP_X_SLACK_SIGNATURE", ""))
        if signature and replays.is_replay(signature):
            return _plain(start_response, "401 Unauthorized", "replayed request\n")
        status_line: list[str] = []

        def recording_start_response(status: str, headers: Any, *exc: Any) -> Any:
            status_line.append(status)
            return start_response(status, headers, *exc)

        try:
            body = list(slack(environ, recording_start_response))
        except Exception:  # never a stack trace in the body, never a 500 for bad input
            logger.warning("rejected a malformed request to /slack/events", exc_info=True)
            if status_line:  # headers already sent: nothing more we can say
                return []
            return _plain(start_response, "400 Bad Request", "bad request\n")
        if signature and status_line and not status_line[0].startswith("401"):
            replays.remember(signature)
        return body

    def wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz":
            if method not in ("GET", "HEAD"):
                return _plain(start_response, "405 Method Not Allowed", "method not allowed\n")
            groups = len(knowledge.current.kb.groups)
            return _plain(start_response, "200 OK", f"ok: {groups} groups loaded\n")
        if path == "/metrics" and metrics is not None:
            data = metrics.exposition()
            start_response(
                "200 OK",
                [
                    ("Content-Type", "text/plain; version=0.0.4; charset=utf-8"),
                    ("Content-Length", str(len(data))),
                ],
            )
            return [data]
        if path == "/slack/events":
            if method != "POST":
                return _plain(start_response, "405 Method Not Allowed", "POST only\n")
            return handle_slack(environ, start_response)
        return _plain(start_response, "404 Not Found", "not found\n")

    return wsgi


def serve(
    app: App,
    knowledge: LiveKnowledge,
    host: str,
    port: int,
    threads: int = 8,
    metrics: Metrics | None = None,
) -> None:
    import waitress

    logger.info(
        "sigbot listening on http://%s:%d (POST /slack/events, GET /healthz, GET /metrics)",
        host,
        port,
    )
    waitress.serve(
        create_wsgi_app(app, knowledge, metrics),
        host=host,
        port=port,
        threads=threads,
        max_request_body_size=MAX_BODY_BYTES,
        ident="sigbot",
    )
