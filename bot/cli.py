"""The `sigbot` command: the imperative shell around the core for terminals and scripts.

`main` builds the parser from every registered command (bot/commands/), runs the chosen one, and
turns a `CliError` raised anywhere into one line on stderr. Exit codes: 0 fine, 1 problems found
(validation, broken knowledge, no such group), 2 usage errors.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from types import ModuleType
from typing import NoReturn

from bot.commands import COMMANDS, ask
from bot.errors import EXIT_OK, CliError


class Parser(argparse.ArgumentParser):
    """Usage errors are one line like every other error (argparse would print the whole usage
    first); `--help` still shows it."""

    def error(self, message: str) -> NoReturn:
        raise CliError(f"{message} (see `{self.prog} --help`)")


def installed_version() -> str:
    """The version pip installed (the package metadata), so a bug report can name it. Read
    only when asked: importlib.metadata costs ~25 ms of every start-up."""
    from importlib import metadata

    try:
        return metadata.version("sigbot")
    except metadata.PackageNotFoundError:  # run from a checkout that was never installed
        return "unknown (not installed)"


class _Version(argparse.Action):
    """`--version`, whose text is read when it is asked for, not whenever a parser is built."""

    def __init__(self, option_strings: Sequence[str], dest: str, **kwargs: object) -> None:
        super().__init__(option_strings, argparse.SUPPRESS, nargs=0, help="show the version")

    def __call__(self, parser: argparse.ArgumentParser, *args: object, **kwargs: object) -> None:
        print(f"sigbot {installed_version()}")  # on stdout, as argparse's own action prints it
        parser.exit()


def build_parser(commands: Sequence[ModuleType] = COMMANDS) -> argparse.ArgumentParser:
    parser = Parser(
        prog="sigbot",
        description="Find the Kubernetes group that owns a topic, and how to join it.",
    )
    parser.add_argument("--version", action=_Version)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    for command in commands:
        command.register(sub)
    return parser


def parser_for(argv: Sequence[str]) -> argparse.ArgumentParser:
    """The parser `argv` needs. `sigbot ask ...` is run most and should feel instant: it gets a
    parser of the ask command alone, which parses it as the whole one does (argparse builds
    each of the 15 other parsers with its help texts looked up in gettext's catalogues, ~3 ms);
    any other command line, `sigbot --help` included, gets every command."""
    return build_parser((ask,) if argv[:1] == ["ask"] else COMMANDS)


def main(argv: Sequence[str] | None = None) -> int:
    words = sys.argv[1:] if argv is None else list(argv)
    parser = parser_for(words)
    try:
        try:
            args = parser.parse_args(words)
        except SystemExit as e:  # --help, --version
            return int(e.code or 0)
        code: int = args.func(args)
    except CliError as e:
        print(f"sigbot: {e}", file=sys.stderr)
        return e.exit_code
    except BrokenPipeError:  # `sigbot list | head`
        return EXIT_OK
    return code


if __name__ == "__main__":
    sys.exit(main())
