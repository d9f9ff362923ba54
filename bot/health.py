"""A small side port for probes and Prometheus: `GET /healthz` and `GET /metrics`.

Socket Mode has no HTTP server of its own, and in HTTP mode the metrics should not share the
public port; `SIGBOT_HEALTH_PORT` puts both here, on `SIGBOT_HEALTH_HOST` (`sigbot run`) or
`serve --host` (`sigbot serve`). It runs on waitress, the main port's server, with a small
connection limit: a thread per connection let 1,100 slow clients take every file descriptor of the
process (EMFILE on the main port too); beyond the limit, connections wait in the kernel's backlog.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from typing import Any

from bot.metrics import Metrics
from bot.waitress_server import create_waitress_server

CONNECTION_LIMIT = 64  # probes and a scraper need a handful
CHANNEL_TIMEOUT_SECONDS = 10  # an idle or half-sent connection is closed after this long
THREADS = 2
# Connections beyond the limit wait in the kernel's queue, costing the process nothing; a deep
# queue lets a probe wait there behind a crowd instead of being refused (the kernel caps it at
# net.core.somaxconn).
BACKLOG = 2048
LOOP_SECONDS = 0.5  # how soon `close` is noticed
logger = logging.getLogger("sigbot")

StartResponse = Callable[..., Any]


def health_app(
    metrics: Metrics, healthy: Callable[[], tuple[bool, str]]
) -> Callable[[dict[str, Any], StartResponse], Iterable[bytes]]:
    """The side port's WSGI app; `healthy()` says (ok, one-line reason)."""

    def wsgi(environ: dict[str, Any], start_response: StartResponse) -> Iterable[bytes]:
        path = environ.get("PATH_INFO", "")
        if environ.get("REQUEST_METHOD", "GET") not in ("GET", "HEAD"):
            status, ctype, body = "405 Method Not Allowed", "text/plain", b"GET only\n"
        elif path == "/healthz":
            ok, reason = healthy()
            status = "200 OK" if ok else "503 Service Unavailable"
            ctype, body = "text/plain", f"{reason}\n".encode()
        elif path == "/metrics":
            status, ctype = "200 OK", "text/plain; version=0.0.4"
            body = metrics.exposition()
        else:
            status, ctype, body = "404 Not Found", "text/plain", b"not found\n"
        start_response(
            status,
            [("Content-Type", f"{ctype}; charset=utf-8"), ("Content-Length", str(len(body)))],
        )
        return [body]

    return wsgi


class HealthServer:
    """The side port, served by waitress on a daemon thread until `close`."""

    def __init__(self, server: Any) -> None:
        self._server = server
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="sigbot-health", daemon=True)

    @property
    def port(self) -> int:
        return int(self._server.effective_port)

    def _loop(self) -> None:
        from waitress import wasyncore

        while not self._stop.is_set():
            wasyncore.loop(timeout=LOOP_SECONDS, map=self._server._map, use_poll=True, count=1)

    def close(self) -> None:
        """Stop serving; the loop notices within LOOP_SECONDS, then the sockets are closed
        from here (never under the loop's feet)."""
        from waitress import wasyncore

        self._stop.set()
        self._thread.join(LOOP_SECONDS * 4)
        self._server.task_dispatcher.shutdown(timeout=1)
        wasyncore.close_all(self._server._map)


def serve_health(
    port: int,
    metrics: Metrics,
    healthy: Callable[[], tuple[bool, str]],
    host: str = "0.0.0.0",
) -> HealthServer:
    """Bind now (a busy port raises ListenError, so start-up stops) and serve on a daemon
    thread."""
    server = create_waitress_server(
        health_app(metrics, healthy),
        host,
        port,
        threads=THREADS,
        connection_limit=CONNECTION_LIMIT,
        channel_timeout=CHANNEL_TIMEOUT_SECONDS,
        max_request_body_size=1024,
        setting="SIGBOT_HEALTH_PORT",
        backlog=BACKLOG,
    )
    running = HealthServer(server)
    running._thread.start()
    logger.info("health and metrics on http://%s:%d (/healthz, /metrics)", host, running.port)
    return running
