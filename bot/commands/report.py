"""`sigbot report`: what readers asked and said (from the state store or a request log), and
`sigbot suggest-aliases`: topics.yaml additions proposed from readers' corrections."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from bot.commands.common import add_knowledge_option, load_knowledge
from bot.errors import EXIT_OK, CliError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    rep = sub.add_parser(
        "report",
        help="what readers asked and said: unanswered questions, feedback, corrections",
        description="Read the state store (--state) or a request log (LOGFILE).",
    )
    rep.add_argument(
        "logfile", nargs="?", help="log file with sigbot's JSON request lines ('-' for stdin)"
    )
    rep.add_argument("--state", metavar="URL", help="a state store: sqlite:///PATH or redis://…")
    rep.add_argument("--json", action="store_true", help="one JSON object (with --state)")
    rep.add_argument("--top", type=int, default=30, help="how many questions to show")
    rep.set_defaults(func=report)

    sug = sub.add_parser(
        "suggest-aliases",
        help="propose topics.yaml additions from readers' corrections (prints, never writes)",
    )
    sug.add_argument("--state", metavar="URL", required=True, help="the bot's SIGBOT_STATE_URL")
    sug.add_argument(
        "--min-people", type=int, default=1, help="propose only what this many people back"
    )
    add_knowledge_option(sug)
    sug.set_defaults(func=suggest_aliases)


def open_state(url: str) -> Any:
    """A store to read from, without changing it (a bot may be writing to it); a SQLite path
    that does not exist is a mistake, not a new file."""
    # The state backends pull in sqlite3 and redis: loaded only by the commands that read state.
    from bot.state import StateUrlError, open_backend

    parts = urlsplit(url)
    if parts.scheme == "sqlite" and parts.path and not Path(parts.path).exists():
        raise CliError(f"no state database at {parts.path}")
    try:
        return open_backend(url, read_only=True)
    except StateUrlError as e:
        raise CliError(str(e).replace("SIGBOT_STATE_URL", "--state")) from None


def report(args: argparse.Namespace) -> int:
    # The report's modules are imported here, not above: `sigbot ask` must start fast.
    from bot.knowledge.feedback_report import build_report, format_report
    from bot.knowledge.report import summarise_log

    if args.state:
        store = open_state(args.state)
        try:
            result = build_report(store.questions(), store.feedback(), time.time())
        finally:
            store.close()
        if args.json:
            import json  # for --json only: json costs ~1.5 ms of every start-up

            print(json.dumps(result.to_json(args.top), ensure_ascii=False, indent=2))
        else:
            print(format_report(result, args.top))
        return EXIT_OK
    if not args.logfile:
        raise CliError("report needs --state URL or a LOGFILE")
    if args.logfile == "-":
        print(summarise_log(sys.stdin, top=args.top))
        return EXIT_OK
    try:
        with open(args.logfile, encoding="utf-8", errors="replace") as handle:
            print(summarise_log(handle, top=args.top))
    except OSError as e:
        raise CliError(f"cannot open {args.logfile}: {e}") from None
    return EXIT_OK


def suggest_aliases(args: argparse.Namespace) -> int:
    from bot.knowledge.feedback_report import format_patch, propose_aliases  # see report()

    kb = load_knowledge(args.knowledge)  # its word lists read the questions as the bot read them
    store = open_state(args.state)
    try:
        proposals, without_text = propose_aliases(
            store.questions(), store.feedback(), args.min_people, kb.vocabulary
        )
    finally:
        store.close()
    sys.stdout.write(format_patch(proposals, without_text))
    return EXIT_OK
