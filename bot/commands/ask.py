"""`sigbot ask`: answer a question as the Slack app would (text, JSON, Block Kit, brief card).

Batch mode (`--json` with no QUERY) reads one query per line from stdin and writes one JSON object
per line, in order; a line that is a JSON string is decoded first, so a multi-line message fits
on one line. docs/CONTRACTS.md has the contract.
"""

from __future__ import annotations

import argparse
import io
import os
import sys
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import BinaryIO, cast

from bot.answers import ask
from bot.commands.common import add_knowledge_option, load_engine
from bot.errors import EXIT_OK, EXIT_USAGE, CliError
from bot.query import MAX_INPUT_CHARS
from bot.render.json_out import CardCache, answer_document, answer_line
from bot.render.terminal.text import render_brief, render_text
from bot.schedule import is_iana_zone


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("ask", help="answer a question, as the Slack app would")
    p.add_argument("query", nargs="?", help="the question; omit with --json to read stdin lines")
    fmt = p.add_mutually_exclusive_group()
    fmt.add_argument(
        "--json", action="store_true", help="machine-readable result (docs/CONTRACTS.md)"
    )
    fmt.add_argument("--blocks", action="store_true", help="the Block Kit JSON of the answer")
    fmt.add_argument(
        "--brief", action="store_true", help="only what Slack shows first (the compact card)"
    )
    p.add_argument("--lang", choices=("en", "zh"), help="answer language (default: the query's)")
    p.add_argument(
        "--tz",
        metavar="ZONE",
        help="also show meetings in this IANA time zone (default: $TZ, when it names one)",
    )
    add_knowledge_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.tz is not None and not is_iana_zone(args.tz):
        raise CliError(f"--tz {args.tz!r} is not an IANA time zone (e.g. Europe/Berlin)")
    if args.tz is None:
        # The reader's own zone, as a terminal says it ("TZ=Asia/Tokyo sigbot ask ..."); a TZ
        # that is no IANA name (POSIX rules such as "EST5EDT,M3.2.0") is left alone.
        zone = os.environ.get("TZ", "").lstrip(":")
        args.tz = zone if zone and is_iana_zone(zone) else None
    if args.query is None and not args.json:
        raise CliError("ask needs a QUERY (or --json to read queries from stdin)")
    kb, index = load_engine(args.knowledge)
    if args.query is None:  # batch mode: one query per line in, one JSON object per line out
        cards = CardCache()
        for line in batch_lines(_bytes_in()):
            answer = ask(batch_query(line), kb, index, args.lang)
            _write_line(answer_line(answer, kb, _now(), cards))
        return EXIT_OK
    answer = ask(args.query, kb, index, args.lang)
    status = EXIT_USAGE if answer.reason == "oversized" else EXIT_OK  # a refusal, for scripts
    if args.json:
        _print_json(answer_document(answer, kb, _now()))
    elif args.brief:
        print(render_brief(answer, kb, now=_now(), reader_tz=args.tz))
    elif args.blocks:
        # Block Kit needs slack_sdk, which a terminal answer does not: imported only here so
        # `sigbot ask` starts fast.
        from bot.render.slack.blocks import render_blocks

        _print_json({"blocks": render_blocks(answer, kb, now=_now(), reader_tz=args.tz)}, 2)
    else:
        print(render_text(answer, kb, now=_now(), reader_tz=args.tz))
    return status


def _print_json(value: object, indent: int | None = None) -> None:
    import json  # only --json and --blocks print JSON: json costs ~1.5 ms of every start-up

    print(json.dumps(value, ensure_ascii=False, indent=indent))


# A line longer than this many bytes is not read whole: it holds more than MAX_INPUT_CHARS
# characters however it is encoded (at most 4 bytes each), so it is refused as oversized.
MAX_LINE_BYTES = 4 * MAX_INPUT_CHARS + 4


def batch_lines(stream: BinaryIO) -> Iterator[str]:
    """The lines of `stream` as text that is always valid: bytes that are not UTF-8 become
    U+FFFD, and a line too long to be a question is read only far enough to be refused as
    oversized (a 1 GB line is not held in memory)."""
    while True:
        raw = stream.readline(MAX_LINE_BYTES)
        if not raw:
            return
        if not raw.endswith(b"\n") and len(raw) == MAX_LINE_BYTES:
            while (rest := stream.readline(MAX_LINE_BYTES)) and not rest.endswith(b"\n"):
                pass  # the rest of an oversized line, skipped in bounded reads
        yield raw.rstrip(b"\r\n").decode("utf-8", errors="replace")


def batch_query(line: str) -> str:
    """One batch line as a question. A line that is a JSON string (`"line one\\nline two"`)
    is decoded first, so multi-line messages fit one per line; any other line is the question
    as it stands (a line that merely starts with a quote stays as it is)."""
    if len(line) >= 2 and line[0] == '"' and line[-1] == '"':
        import json  # batch mode only: see _print_json

        try:
            decoded = json.loads(line)
        except ValueError:
            return line
        if isinstance(decoded, str):  # a lone surrogate (\\ud800) cannot be written as UTF-8
            return decoded.encode("utf-8", errors="replace").decode("utf-8")
    return line


def _bytes_in() -> BinaryIO:
    """Standard input as bytes: any bytes may come (a text stream, as when embedded, is
    re-encoded)."""
    buffer = getattr(sys.stdin, "buffer", None)
    if buffer is not None:
        return cast(BinaryIO, buffer)
    return io.BytesIO(sys.stdin.read().encode("utf-8", errors="replace"))


def _write_line(text: str) -> None:
    """One line of UTF-8 whatever the locale's encoding (bytes where stdout has them)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is not None:
        buffer.write(text.encode("utf-8", errors="replace") + b"\n")
        buffer.flush()
    else:
        sys.stdout.write(text + "\n")
        sys.stdout.flush()


def _now() -> datetime:
    return datetime.now(timezone.utc)
