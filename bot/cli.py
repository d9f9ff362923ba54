"""The `sigbot` command: the imperative shell around the core for terminals and scripts.

`main` builds the parser from every registered command (bot/commands/), runs the chosen one, and
turns a `CliError` raised anywhere into one line on stderr. Exit codes: 0 fine, 1 problems found
(validation, broken knowledge, no such group), 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from bot.commands import COMMANDS
from bot.errors import EXIT_OK, CliError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="sigbot",
        description="Find the Kubernetes group that owns a topic, and how to join it.",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for command in COMMANDS:
        command.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as e:
        return int(e.code or 0)
    try:
        code: int = args.func(args)
    except CliError as e:
        print(f"sigbot: {e}", file=sys.stderr)
        return e.exit_code
    except BrokenPipeError:  # `sigbot list | head`
        return EXIT_OK
    return code


if __name__ == "__main__":
    sys.exit(main())
