"""HTTP mode: Bolt's WSGI adapter behind waitress, a production WSGI server.

Routes: POST /slack/events (commands, events, interactivity), GET /healthz, GET /metrics.
Bad input gets a 4xx and a one-line body, never a 500 or a stack trace. The process keeps no
state that replicas must share for correctness (see README, "Running several replicas").
"""

from __future__ import annotations

import io
import json
import logging
import re
from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any
from urllib.parse import parse_qs

from slack_bolt import App
from slack_bolt.adapter.wsgi import SlackRequestHandler
from slack_sdk.signature import SignatureVerifier

from bot.health import serve_health
from bot.live import LiveKnowledge
from bot.metrics import Metrics
from bot.state.memory import ExpiringKeys
from bot.waitress_server import ListenError, create_waitress_server

MAX_BODY_BYTES = 1_000_000  # Slack payloads are a few KB; anything this big is not from Slack
MAX_REMEMBERED = 50_000  # verified signatures kept for the replay check (~5 MB at most)
CONNECTION_LIMIT = 1000  # open connections waitress accepts (its default, 100, is a DoS lever)
CHANNEL_TIMEOUT_SECONDS = 15  # an idle or half-sent connection is closed after this long
_TIMESTAMP = re.compile(r"[0-9]{1,12}")
_SIGNATURE = re.compile(r"v0=[0-9a-f]{64}")
ACCEPTED_TYPES = ("application/json", "application/x-www-form-urlencoded")
logger = logging.getLogger("sigbot")

if TYPE_CHECKING:
    from bot.app import Service

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
    """Slack's signature covers a timestamp, and requests older than five minutes are refused;
    within those minutes the same signed request could be sent again. Each verified signature
    may be used once: check-and-remember is one atomic step, and only verified signatures (a
    fixed 67 characters) are remembered, at most `MAX_REMEMBERED`, oldest dropped first."""

    window = 6 * 60.0

    def __init__(self, max_remembered: int = MAX_REMEMBERED) -> None:
        self._seen = ExpiringKeys(max_remembered)

    def first_use(self, signature: str) -> bool:
        return self._seen.add_if_new(signature, self.window)

    def __len__(self) -> int:
        return len(self._seen)


class Rejected(Exception):
    def __init__(self, status: str, message: str, reason: str) -> None:
        super().__init__(message)
        self.status, self.message, self.reason = status, message, reason


def verify(
    environ: dict[str, Any], body: bytes, verifier: SignatureVerifier, replays: ReplayGuard
) -> None:
    """Signature and timestamp before anything else (Slack's ssl_check included): nothing
    from an unsigned request is stored, logged or parsed. The only check: the Bolt app behind
    does not verify again."""
    timestamp = str(environ.get("HTTP_X_SLACK_REQUEST_TIMESTAMP", ""))
    signature = str(environ.get("HTTP_X_SLACK_SIGNATURE", ""))
    if not timestamp or not signature:
        raise Rejected("401 Unauthorized", "missing signature\n", "unsigned")
    if not _TIMESTAMP.fullmatch(timestamp):
        raise Rejected("400 Bad Request", "bad timestamp\n", "bad_timestamp")
    if not _SIGNATURE.fullmatch(signature):
        raise Rejected("401 Unauthorized", "bad signature\n", "bad_signature")
    if not verifier.is_valid(body=body, timestamp=timestamp, signature=signature):
        raise Rejected("401 Unauthorized", "bad or stale signature\n", "bad_signature")
    if not replays.first_use(signature):
        raise Rejected("401 Unauthorized", "replayed request\n", "replay")


_OBJECT_FIELDS = ("event", "user", "team", "channel", "container", "view", "message", "state")


def payload_problem(content_type: str, body: bytes) -> str | None:
    """What is wrong with the shape of a signed payload, in a few words, or None. Listeners may
    then trust the basic types (an `event` is an object, `actions` a list of objects)."""
    try:
        if content_type == "application/json":
            data: Any = json.loads(body or b"null")
        else:
            form = parse_qs(body.decode("utf-8"), keep_blank_values=True)
            if "payload" not in form:
                command = form.get("command", [""])[0]
                return None if command.startswith("/") or "ssl_check" in form else "not a command"
            data = json.loads(form["payload"][0])
    except (ValueError, UnicodeDecodeError, RecursionError):  # RecursionError: nested too deep
        return "body is not valid JSON or form data"
    if not isinstance(data, dict) or not isinstance(data.get("type"), str):
        return "payload has no type"
    for name in _OBJECT_FIELDS:
        if name in data and data[name] is not None and not isinstance(data[name], dict):
            return f"{name} must be an object"
    if data["type"] == "event_callback" and not isinstance(
        (data.get("event") or {}).get("type"), str
    ):
        return "event has no type"
    actions = data.get("actions")
    if actions is not None and not (
        isinstance(actions, list) and all(isinstance(a, dict) for a in actions)
    ):
        return "actions must be a list of objects"
    return None


def _read_body(environ: dict[str, Any], length: int) -> bytes:
    stream = environ.get("wsgi.input")
    return stream.read(length) if stream is not None and length else b""


class SlackEndpoint:
    """POST /slack/events: the gate (size, media type, signature, replay, payload shape), then
    Bolt. Bad input gets a 4xx and a one-line body, never a 500 or a stack trace."""

    def __init__(self, app: App, signing_secret: str, metrics: Metrics | None) -> None:
        if not signing_secret:
            raise ValueError("HTTP mode verifies every request: a signing secret is required")
        self._slack = SlackRequestHandler(app, path="/slack/events")
        self._replays = ReplayGuard()
        self._verifier = SignatureVerifier(signing_secret)
        self._metrics = metrics

    def _rejected(self, kind: str) -> None:
        if self._metrics is not None:
            self._metrics.rejected_requests.labels(kind).inc()

    def __call__(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        try:
            body = self._checked_body(environ)
        except Rejected as e:
            self._rejected(e.reason)
            return _plain(start_response, e.status, e.message)
        environ["wsgi.input"] = io.BytesIO(body)
        return self._dispatch(environ, start_response)

    def _checked_body(self, environ: dict[str, Any]) -> bytes:
        """The body of a request that passed every check; Rejected otherwise."""
        try:
            length = int(environ.get("CONTENT_LENGTH") or 0)
        except ValueError:
            raise Rejected("400 Bad Request", "bad content length\n", "bad_length") from None
        if length > MAX_BODY_BYTES or length < 0:
            raise Rejected("413 Payload Too Large", "request too large\n", "too_large")
        content_type = str(environ.get("CONTENT_TYPE", "")).split(";")[0].strip().lower()
        if content_type not in ACCEPTED_TYPES:
            raise Rejected("415 Unsupported Media Type", "JSON or form bodies only\n", "media_type")
        body = _read_body(environ, length)
        verify(environ, body, self._verifier, self._replays)
        problem = payload_problem(content_type, body)
        if problem is not None:
            raise Rejected("400 Bad Request", f"malformed payload: {problem}\n", "malformed")
        return body

    def _dispatch(self, environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        status_line: list[str] = []
        unhandled: list[bool] = []

        def recording_start_response(status: str, headers: Any, *exc: Any) -> Any:
            if status.startswith("404"):
                # A verified request no listener handles (an event type we do not use): say
                # "received", or Slack keeps re-sending it.
                unhandled.append(True)
                status, headers = "200 OK", [("Content-Length", "0")]
            status_line.append(status)
            return start_response(status, headers, *exc)

        try:
            result = list(self._slack(environ, recording_start_response))
        except Exception as e:  # never a stack trace in the body or the log, never a 500
            logger.warning("rejected a malformed signed request (%s)", type(e).__name__)
            self._rejected("malformed")
            if status_line:  # headers already sent: nothing more we can say
                return []
            return _plain(start_response, "400 Bad Request", "bad request\n")
        return [] if unhandled else result


def create_wsgi_app(
    app: App,
    knowledge: LiveKnowledge,
    metrics: Metrics | None = None,
    signing_secret: str = "",
    serve_metrics: bool = True,
) -> WsgiApp:
    """Every request to /slack/events is verified here with `signing_secret` (required: the
    app behind trusts what reaches it); `serve_metrics=False` keeps /metrics off the public
    port (it is on SIGBOT_HEALTH_PORT instead)."""
    slack = SlackEndpoint(app, signing_secret, metrics)

    def wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        method = environ.get("REQUEST_METHOD", "GET")
        if path == "/healthz":
            if method not in ("GET", "HEAD"):
                return _plain(start_response, "405 Method Not Allowed", "method not allowed\n")
            groups = len(knowledge.current.kb.groups)
            return _plain(start_response, "200 OK", f"ok: {groups} groups loaded\n")
        if path == "/metrics" and metrics is not None and serve_metrics:
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
            return slack(environ, start_response)
        return _plain(start_response, "404 Not Found", "not found\n")

    return wsgi


def listen(service: Service, host: str, port: int, threads: int = 8) -> Any:
    """Bind the public port (and SIGBOT_HEALTH_PORT, on the same host) and return the server,
    ready to `run()`. Waitress with bounded connections and idle timeouts (slow clients cannot
    fill it); a body over MAX_BODY_BYTES is refused by waitress itself and counted. Raises
    ListenError when a port is taken or the host cannot be resolved.

    With SIGBOT_HEALTH_PORT, /metrics moves to that port, off the public one."""
    metrics = service.metrics
    side_port = service.settings.health_port
    server = create_waitress_server(
        create_wsgi_app(
            service.app,
            service.knowledge,
            metrics,
            signing_secret=service.settings.signing_secret,
            serve_metrics=side_port is None,
        ),
        host,
        port,
        threads=threads,
        connection_limit=CONNECTION_LIMIT,
        channel_timeout=CHANNEL_TIMEOUT_SECONDS,
        max_request_body_size=MAX_BODY_BYTES,
        on_too_large=lambda: metrics.rejected_requests.labels("too_large").inc(),
    )
    if side_port is not None:
        try:
            serve_health(
                side_port,
                metrics,
                lambda: (True, f"ok: {len(service.knowledge.current.kb.groups)} groups loaded"),
                host,
            )
        except ListenError:
            server.close()
            raise
    logger.info(
        "sigbot listening on http://%s:%d (POST /slack/events, GET /healthz%s)",
        host,
        port,
        "" if side_port is not None else ", GET /metrics",
    )
    return server
