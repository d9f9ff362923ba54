"""`sigbot web`: the directory, the question box and the group pages as a web page, for readers
without Slack (docs/WEB.md). Needs no Slack tokens and no network; waitress and Jinja2 load
only when this command runs.
"""

from __future__ import annotations

import argparse

from bot.commands.common import add_knowledge_option, load_knowledge
from bot.errors import EXIT_OK, CliError
from bot.knowledge.location import default_knowledge_dir


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "web",
        help="serve the directory and the question box as a web page (no Slack needed)",
        description="GET / (?q=, ?lang=zh|en), GET /groups/<id>, GET /api/ask?q= "
        "(docs/WEB.md). Needs no Slack tokens and no network; channel links open in "
        "SIGBOT_WORKSPACE_URL (default https://kubernetes.slack.com).",
    )
    p.add_argument("--host", default="127.0.0.1", help="address to listen on (default 127.0.0.1)")
    p.add_argument("--port", type=int, default=8080, help="port to listen on (default 8080)")
    add_knowledge_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Bind first (a port in use or a bad host is one line, exit 2), then say where it serves
    and serve until interrupted."""
    if not 0 <= args.port <= 65535:
        raise CliError(f"--port {args.port} is not a port number (0-65535)")
    import os

    from bot.settings import SettingsError, workspace_url_from

    try:
        workspace = workspace_url_from(os.environ)
    except SettingsError as e:
        raise CliError(str(e)) from None
    kb = load_knowledge(args.knowledge)
    import logging  # here, not at the top: `sigbot ask` starts without it

    from bot.web import WebStartupError, create_server

    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        server = create_server(
            kb, default_knowledge_dir(args.knowledge), args.host, args.port, workspace
        )
    except WebStartupError as e:
        raise CliError(str(e)) from None
    print(f"sigbot web: serving {' and '.join(server.urls)} (Ctrl-C to stop)", flush=True)
    try:
        server.run()
    except KeyboardInterrupt:  # Ctrl-C is how one stops it: no traceback
        return EXIT_OK
    return EXIT_OK
