"""Socket Mode (`sigbot run`): Bolt's builtin websocket client, kept connected, observable and
stoppable.

Three things slack_sdk's defaults leave to us:

- **A dropped connection is noticed in seconds, not 40-50.** With the defaults, a TCP connection
  that simply goes away is only replaced after 4 missed pongs at a 10 s ping interval. A watchdog
  checks the socket every second: end-of-stream on the socket, or no pong for `STALE_SECONDS`,
  and it opens a fresh connection at once.
- **Health from outside.** With `SIGBOT_HEALTH_PORT`, `/healthz` answers 200 only while a session
  is connected and fresh, 503 otherwise, so a liveness probe can restart a stuck process;
  `/metrics` serves the same Prometheus metrics as HTTP mode.
- **A clean stop.** SIGTERM stops reconnecting, lets requests in flight finish (bounded by
  `DRAIN_SECONDS`), then closes the connection and returns.
"""

from __future__ import annotations

import logging
import os
import select
import signal
import socket
import threading
import time
from typing import Any

from slack_bolt.adapter.socket_mode import SocketModeHandler

from bot.app import CountingExecutor, Service
from bot.health import HealthServer, serve_health

PING_SECONDS = 5.0  # websocket ping interval (slack_sdk's default is 10)
STALE_SECONDS = 15.0  # no pong for this long: the connection is dead even if TCP says nothing
WATCH_SECONDS = 1.0
DRAIN_SECONDS = 10.0  # SIGTERM: how long requests in flight may take to finish
logger = logging.getLogger("sigbot")


def socket_closed_by_peer(sock: socket.socket | None) -> bool:
    """True when the peer has closed or reset the TCP connection. Peeks on a duplicate of the
    descriptor, so it works under TLS and never takes bytes from the receiving thread."""
    if sock is None:
        return True
    try:
        fd = sock.fileno()
        if fd < 0:
            return True
        readable, _, errored = select.select([fd], [], [fd], 0)
        if not readable and not errored:
            return False
        raw = socket.socket(fileno=os.dup(fd))
        try:
            raw.setblocking(False)
            return raw.recv(1, socket.MSG_PEEK) == b""
        except BlockingIOError:
            return False
        except OSError:
            return True  # reset by peer
        finally:
            raw.close()
    except (OSError, ValueError):
        return True


class SocketModeRunner:
    """Owns the Socket Mode handler, its watchdog and the optional health server."""

    def __init__(self, service: Service, executor: CountingExecutor | None = None) -> None:
        self.service = service
        self.executor = executor
        self.handler = SocketModeHandler(
            service.app, service.settings.app_token, ping_interval=PING_SECONDS
        )
        self.client = self.handler.client
        self.stopping = threading.Event()
        self._stopped = threading.Event()
        self._health: HealthServer | None = None
        metrics = service.metrics
        self._connected_since: float | None = None

        def on_message(_: str) -> None:
            metrics.socket_messages.inc()

        self.client.on_message_listeners.append(on_message)
        # Read at scrape time, so /metrics and /healthz always agree.
        metrics.socket_connected.set_function(lambda: 1.0 if self.healthy() else 0.0)

    # -- state seen from outside ------------------------------------------------------------
    def healthy(self) -> bool:
        """Connected, and the last pong (or the first ping) is recent."""
        if self.stopping.is_set() or not self.client.is_connected():
            return False
        session = self.client.current_session
        if session is None:
            return False
        last = session.last_ping_pong_time or getattr(session, "_first_ping_time", None)
        if last is None:  # connected moments ago; no ping sent yet
            return True
        return time.time() - float(last) < STALE_SECONDS

    # -- the watchdog -----------------------------------------------------------------------
    def _needs_reconnect(self) -> str | None:
        session = self.client.current_session
        if session is None:
            return "no session"
        if socket_closed_by_peer(getattr(session, "sock", None)):
            return "connection closed by peer"
        last = session.last_ping_pong_time or getattr(session, "_first_ping_time", None)
        if last is not None and time.time() - float(last) > STALE_SECONDS:
            return f"no pong for {STALE_SECONDS:.0f}s"
        return None

    def _watch(self) -> None:
        while not self.stopping.wait(WATCH_SECONDS):
            connected = self.client.is_connected()
            reason = self._needs_reconnect() if connected else "not connected"
            if reason is None:
                continue
            logger.warning("socket mode: %s; reconnecting", reason)
            self.service.metrics.socket_reconnects.labels(reason.split(" ")[0]).inc()
            try:
                self.client.connect_to_new_endpoint(force=True)
            except Exception as e:  # Slack unreachable: try again on the next tick
                logger.warning("socket mode: reconnect failed (%s)", type(e).__name__)

    # -- health port ------------------------------------------------------------------------
    def serve_health(self, port: int, host: str = "0.0.0.0") -> int:
        def state() -> tuple[bool, str]:
            if self.healthy():
                return True, "ok: socket mode connected"
            return False, "not connected to Slack"

        self._health = serve_health(port, self.service.metrics, state, host)
        return self._health.port

    # -- life cycle -------------------------------------------------------------------------
    def start(self) -> None:
        """Connect (retrying until Slack answers or a stop is asked) and start the watchdog."""
        delay = 1.0
        while not self.stopping.is_set():
            try:
                self.handler.connect()  # type: ignore[no-untyped-call]
                break
            except Exception as e:
                logger.warning("socket mode: cannot connect (%s); retrying", type(e).__name__)
                self.stopping.wait(delay)
                delay = min(delay * 2, 30.0)
        threading.Thread(target=self._watch, name="sigbot-socket-watchdog", daemon=True).start()

    def stop(self) -> None:
        """Stop taking new work, let work in flight finish, then close."""
        if self.stopping.is_set():
            return
        self.stopping.set()
        self.client.auto_reconnect_enabled = False
        if self.executor is not None and not self.executor.wait_idle(DRAIN_SECONDS):
            logger.warning("socket mode: requests still running after %ss; closing", DRAIN_SECONDS)
        try:
            self.client.close()
        except Exception:
            logger.debug("socket mode: error while closing", exc_info=True)
        if self._health is not None:
            self._health.close()
        self._stopped.set()

    def wait(self) -> None:
        self._stopped.wait()


def run_socket_mode(service: Service) -> None:
    """`sigbot run`: connect, serve health if asked, and block until SIGTERM or SIGINT."""
    executor = service.listener_executor
    runner = SocketModeRunner(service, executor)
    if service.settings.health_port is not None:
        runner.serve_health(service.settings.health_port, service.settings.health_host)

    def on_signal(signum: int, _: Any) -> None:
        logger.info(
            "socket mode: %s received; finishing requests in flight", signal.Signals(signum).name
        )
        threading.Thread(target=runner.stop, name="sigbot-stop", daemon=True).start()

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    runner.start()
    logger.info("sigbot connected in Socket Mode")
    runner.wait()
    logger.info("sigbot stopped")
