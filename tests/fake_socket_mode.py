"""A fake of Slack's Socket Mode endpoint: a real websocket server on 127.0.0.1.

It says hello to each connection, sends envelopes (slash commands, events, interactions) to the
newest one, and collects the acks. It can also ask the client to reconnect (a `disconnect`
message, as Slack does before rotating a connection) or drop the TCP connection with no close
frame, as a network path that goes away does.
"""

from __future__ import annotations

import itertools
import json
import socket
import threading
import time
from typing import Any

from websockets.exceptions import ConnectionClosed
from websockets.sync.server import ServerConnection, serve


class FakeSocketMode:
    def __init__(self) -> None:
        self._server = serve(self._handle, "127.0.0.1", 0, compression=None, ping_interval=None)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._cond = threading.Condition()
        self.connections: list[ServerConnection] = []
        self.acks: dict[str, dict[str, Any]] = {}
        self._ids = itertools.count(1)

    @property
    def url(self) -> str:
        return f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}/link/?ticket=t"

    def start(self) -> FakeSocketMode:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()

    # -- server side ------------------------------------------------------------------------
    def _handle(self, conn: ServerConnection) -> None:
        conn.send(
            json.dumps(
                {
                    "type": "hello",
                    "num_connections": 1,
                    "connection_info": {"app_id": "A1"},
                    "debug_info": {"host": "fake", "approximate_connection_time": 3600},
                }
            )
        )
        with self._cond:
            self.connections.append(conn)
            self._cond.notify_all()
        try:
            for raw in conn:
                message = json.loads(raw)
                envelope = message.get("envelope_id")
                if envelope:
                    with self._cond:
                        self.acks[envelope] = message
                        self._cond.notify_all()
        except (ConnectionClosed, OSError):
            pass

    # -- what tests call --------------------------------------------------------------------
    def wait_connections(self, count: int, timeout: float = 30.0) -> float:
        """Wait until `count` connections have been made; returns when the last one came."""
        deadline = time.monotonic() + timeout
        with self._cond:
            while len(self.connections) < count:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"only {len(self.connections)} connections")
                self._cond.wait(left)
        return time.monotonic()

    @property
    def current(self) -> ServerConnection:
        with self._cond:
            return self.connections[-1]

    def send(
        self,
        kind: str,
        payload: dict[str, Any],
        to: ServerConnection | None = None,
        **extra: Any,
    ) -> str:
        """Send an envelope to `to`, or to the newest connection."""
        envelope_id = f"env-{next(self._ids)}"
        envelope = {
            "envelope_id": envelope_id,
            "type": kind,
            "payload": payload,
            "accepts_response_payload": kind == "slash_commands",
            **extra,
        }
        (to or self.current).send(json.dumps(envelope))
        return envelope_id

    def wait_ack(self, envelope_id: str, timeout: float = 10.0) -> dict[str, Any]:
        deadline = time.monotonic() + timeout
        with self._cond:
            while envelope_id not in self.acks:
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"no ack for {envelope_id}")
                self._cond.wait(left)
            return self.acks[envelope_id]

    def ask_to_reconnect(self) -> None:
        self.current.send(json.dumps({"type": "disconnect", "reason": "refresh_requested"}))

    def drop(self) -> None:
        """Cut the TCP connection under the websocket: no close frame, as when a path dies."""
        sock = self.current.socket
        sock.shutdown(socket.SHUT_RDWR)
