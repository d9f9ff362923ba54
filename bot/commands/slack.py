"""`sigbot run` (Socket Mode) and `sigbot serve` (HTTP): start the Slack app.

Both start the same service (settings, knowledge, state store, app); only the transport differs,
so they share this module. Slack, Bolt and waitress are imported only when one of these commands
runs: `sigbot ask` must not pay for them at start-up.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from bot.commands.common import add_knowledge_option, load_knowledge
from bot.errors import EXIT_OK, EXIT_PROBLEMS, CliError
from bot.knowledge.location import default_knowledge_dir

if TYPE_CHECKING:
    import logging

    from bot.app import Service

SHUTDOWN_FLUSH_SECONDS = 5.0  # at most this long at exit for queued question/feedback writes


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    run_p = sub.add_parser("run", help="connect to Slack in Socket Mode (no public URL needed)")
    add_knowledge_option(run_p)
    run_p.set_defaults(func=run)
    srv = sub.add_parser("serve", help="serve Slack over HTTP: POST /slack/events, GET /healthz")
    srv.add_argument(
        "--host",
        default="0.0.0.0",
        help="address to listen on, for SIGBOT_HEALTH_PORT too (default 0.0.0.0)",
    )
    srv.add_argument(
        "--port", type=port_number, default=3000, help="port to listen on, 1-65535 (default 3000)"
    )
    srv.add_argument(
        "--threads", type=thread_count, default=8, help="worker threads, at least 1 (default 8)"
    )
    add_knowledge_option(srv)
    srv.set_defaults(func=serve)


def port_number(text: str) -> int:
    """1-65535: a larger number would wrap around to another port in the socket layer."""
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port (1-65535)")
    return port


def thread_count(text: str) -> int:
    """At least one: with none, waitress accepts requests and never answers them."""
    try:
        threads = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of threads") from None
    if threads < 1:
        raise argparse.ArgumentTypeError(f"{threads}: at least 1 thread is needed")
    return threads


def start(args: argparse.Namespace, mode: str) -> Service:
    """Settings, knowledge, state store, app: each failure stops start-up with a clear message
    naming what to fix (never a secret)."""
    from bot.app import StartupError, start_service
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings(mode)
    except SettingsError as e:
        raise CliError(str(e), EXIT_PROBLEMS) from None
    knowledge = args.knowledge or settings.knowledge_dir or None
    try:
        kb = load_knowledge(knowledge)
    except CliError as e:
        raise CliError(f"not starting with broken knowledge: {e}", EXIT_PROBLEMS) from None
    try:
        return start_service(settings, kb, default_knowledge_dir(knowledge))
    except StartupError as e:
        raise CliError(str(e), EXIT_PROBLEMS) from None


def run(args: argparse.Namespace) -> int:
    service = start(args, "socket")
    from bot.socket_mode import run_socket_mode
    from bot.waitress_server import ListenError

    try:
        run_socket_mode(service)
    except ListenError as e:  # SIGBOT_HEALTH_PORT taken, or SIGBOT_HEALTH_HOST not resolvable
        raise CliError(str(e)) from None
    finally:
        _store_queued_writes(service)
    return EXIT_OK


def serve(args: argparse.Namespace) -> int:
    service = start(args, "http")
    from bot.server import listen
    from bot.waitress_server import ListenError

    try:
        server = listen(service, args.host, args.port, args.threads)
    except ListenError as e:
        raise CliError(str(e)) from None
    # SIGTERM (a pod being replaced) ends the server as Ctrl-C does, so the questions and
    # feedback still queued behind the answers are stored before the process exits. (signal and
    # logging are imported by the commands that serve, not by every start-up: `sigbot ask`.)
    import signal

    signal.signal(signal.SIGTERM, _stop_serving)
    try:
        server.run()
    except KeyboardInterrupt:
        _logger().info("http: stopping; storing queued writes")
    finally:
        _store_queued_writes(service)
    return EXIT_OK


def _stop_serving(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _store_queued_writes(service: Service) -> None:
    """Writes are queued behind the answers (bot/state/guarded.py) on a daemon thread that dies
    with the process: wait for them, briefly, before it exits."""
    if not service.store.flush(timeout=SHUTDOWN_FLUSH_SECONDS):
        _logger().warning("state: some queued writes were not stored before stopping")


def _logger() -> logging.Logger:
    """The bot's logger, imported when a served bot stops: logging costs ~3.5 ms of a start-up
    that `sigbot ask` does not need it for."""
    import logging

    return logging.getLogger("sigbot")
