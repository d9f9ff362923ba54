"""Waitress, set up the way both of sigbot's ports need it: bounded connections, idle
timeouts, and the requests waitress itself refuses (a body over the limit) counted, since they
never reach the WSGI app.

Both ports use the same server so both get the same limits: a thread per connection let slow
clients take every file descriptor of the process.
"""

from __future__ import annotations

import errno
import socket
from collections.abc import Callable
from typing import Any

from waitress.channel import HTTPChannel
from waitress.server import BaseWSGIServer, create_server
from waitress.task import ErrorTask
from waitress.utilities import RequestEntityTooLarge

CLEANUP_INTERVAL_SECONDS = 5


class ListenError(Exception):
    """A port cannot be listened on; the message says which, where and why, in one line."""


def describe_listen_error(setting: str, host: str, port: int, error: OSError) -> str:
    if isinstance(error, socket.gaierror):
        return f"cannot resolve the host {host!r} to listen on ({setting})"
    if error.errno == errno.EADDRINUSE:
        return (
            f"{setting} {port} is already in use on {host}; stop the other server or pick another"
        )
    if error.errno == errno.EACCES:
        return f"not allowed to listen on {setting} {port} (ports below 1024 need privileges)"
    if error.errno == errno.EADDRNOTAVAIL:
        return f"{host} is not an address of this machine ({setting})"
    return f"cannot listen on {host}:{port} ({setting}): {error.strerror or type(error).__name__}"


def create_waitress_server(
    app: Callable[..., Any],
    host: str,
    port: int,
    *,
    threads: int,
    connection_limit: int,
    channel_timeout: int,
    max_request_body_size: int,
    on_too_large: Callable[[], None] | None = None,
    setting: str = "--port",
    backlog: int = 1024,
) -> Any:
    """Bind `host:port` now and return the server, ready to `run()`. A port that is taken or a
    host that cannot be resolved raises ListenError naming `setting`."""
    try:
        socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)  # waitress would say "invalid"
        server = create_server(
            app,
            host=host,
            port=port,
            threads=threads,
            connection_limit=connection_limit,
            channel_timeout=channel_timeout,
            max_request_body_size=max_request_body_size,
            cleanup_interval=CLEANUP_INTERVAL_SECONDS,
            backlog=backlog,
            ident="sigbot",
        )
    except OSError as e:
        raise ListenError(describe_listen_error(setting, host, port, e)) from None
    if on_too_large is not None:
        count_too_large(server, on_too_large)
    return server


def count_too_large(server: Any, on_too_large: Callable[[], None]) -> None:
    """Call `on_too_large` for every body waitress refuses as over `max_request_body_size`
    (its 413 is written by its own error task, which sigbot's app never sees)."""

    class CountingErrorTask(ErrorTask):  # type: ignore[misc]
        def execute(self) -> None:
            if isinstance(self.request.error, RequestEntityTooLarge):
                on_too_large()
            super().execute()

    class CountingChannel(HTTPChannel):  # type: ignore[misc]
        error_task_class = CountingErrorTask

    # One listening socket per resolved address: a MultiSocketServer holds several.
    listeners = [server] if isinstance(server, BaseWSGIServer) else list(server.map.values())
    for listener in listeners:
        if isinstance(listener, BaseWSGIServer):
            listener.channel_class = CountingChannel
