"""A small side port for probes and Prometheus: `GET /healthz` and `GET /metrics`.

Socket Mode has no HTTP server of its own, and in HTTP mode the metrics should not share the
public port; `SIGBOT_HEALTH_PORT` puts both here. Stdlib only; a client that sends half a
request is dropped after `REQUEST_TIMEOUT_SECONDS`.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from bot.metrics import Metrics

REQUEST_TIMEOUT_SECONDS = 5
logger = logging.getLogger("sigbot")


def serve_health(
    port: int,
    metrics: Metrics,
    healthy: Callable[[], tuple[bool, str]],
    host: str = "0.0.0.0",
) -> ThreadingHTTPServer:
    """Start serving on a daemon thread; `healthy()` says (ok, one-line reason)."""

    class Health(BaseHTTPRequestHandler):
        timeout = REQUEST_TIMEOUT_SECONDS

        def log_message(self, *args: Any) -> None:
            pass

        def _send(self, status: int, body: bytes, ctype: str = "text/plain; charset=utf-8") -> None:
            self.send_response(status)
            self.send_header("Content-Type", ctype)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)

        def do_GET(self) -> None:
            path = self.path.split("?")[0]
            if path == "/healthz":
                ok, reason = healthy()
                self._send(200 if ok else 503, f"{reason}\n".encode())
            elif path == "/metrics":
                self._send(200, metrics.exposition(), "text/plain; version=0.0.4; charset=utf-8")
            else:
                self._send(404, b"not found\n")

        do_HEAD = do_GET

    server = ThreadingHTTPServer((host, port), Health)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, name="sigbot-health", daemon=True).start()
    logger.info("health and metrics on http://%s:%d (/healthz, /metrics)", host, port)
    return server
