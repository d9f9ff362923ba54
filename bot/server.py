"""HTTP mode: Bolt's WSGI adapter behind waitress, a production WSGI server, plus /healthz.

Routes: POST /slack/events (commands, events, interactivity), GET /healthz. Nothing else.
The process keeps no state that replicas must share for correctness: per-user time-zone caches
and the "already welcomed" set are per process (see README, "Running several replicas").
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from typing import Any

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler

from bot.live import LiveKnowledge

MAX_BODY_BYTES = 1_000_000  # Slack payloads are a few KB; anything this big is not from Slack
logger = logging.getLogger("sigbot")

StartResponse = Callable[..., Any]


def _plain(start_response: StartResponse, status: str, body: str) -> list[bytes]:
    data = body.encode()
    start_response(
        status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(data)))]
    )
    return [data]


def create_wsgi_app(
    app: App, knowledge: LiveKnowledge
) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    slack = SlackRequestHandler(app, path="/slack/events")

    def wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz":
            if method not in ("GET", "HEAD"):
                return _plain(start_response, "405 Method Not Allowed", "method not allowed\n")
            groups = len(knowledge.current.kb.groups)
            return _plain(start_response, "200 OK", f"ok: {groups} groups loaded\n")
        if path == "/slack/events":
            if method != "POST":
                return _plain(start_response, "405 Method Not Allowed", "POST only\n")
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                return _plain(start_response, "400 Bad Request", "bad content length\n")
            if length > MAX_BODY_BYTES:
                return _plain(start_response, "413 Payload Too Large", "request too large\n")
            try:
                return slack(environ, start_response)
            except Exception:  # never a stack trace in the body, never a 500 for bad input
                logger.exception("could not handle a request to /slack/events")
                return _plain(start_response, "400 Bad Request", "bad request\n")
        return _plain(start_response, "404 Not Found", "not found\n")

    return wsgi


def serve(app: App, knowledge: LiveKnowledge, host: str, port: int, threads: int = 8) -> None:
    import waitress

    logger.info("sigbot listening on http://%s:%d (POST /slack/events, GET /healthz)", host, port)
    waitress.serve(
        create_wsgi_app(app, knowledge),
        host=host,
        port=port,
        threads=threads,
        max_request_body_size=MAX_BODY_BYTES,
        ident="sigbot",
    )
