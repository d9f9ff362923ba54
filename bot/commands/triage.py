"""`sigbot triage`: suggest the owning group for GitHub issues and pull requests, from what
`gh issue list --json number,title,body,labels,url` prints."""

from __future__ import annotations

import argparse
import sys

from bot.commands.common import add_knowledge_option, load_engine
from bot.errors import EXIT_OK, CliError

MAX_TRIAGE_INPUT_BYTES = 256 * 1024 * 1024  # 5,000 issues with long bodies fit many times over


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "triage",
        help="suggest the owning group for GitHub issues and pull requests",
        description=(
            "Reads the JSON array `gh issue list --json number,title,body,labels,url` prints "
            "(or gh pr list). Issues already labelled sig/, wg/ or committee/ are skipped."
        ),
    )
    p.add_argument("file", metavar="FILE", help="the JSON file, or - for stdin")
    p.add_argument("--all", action="store_true", help="keep labelled issues; say if we agree")
    how = p.add_mutually_exclusive_group()
    how.add_argument("--json", action="store_true", help="one JSON object per line, per issue")
    how.add_argument("--comment", action="store_true", help="Markdown comments to paste")
    add_knowledge_option(p)
    p.set_defaults(func=run)


def read_input(name: str) -> bytes:
    try:
        if name == "-":
            raw = sys.stdin.buffer.read(MAX_TRIAGE_INPUT_BYTES + 1)
        else:
            with open(name, "rb") as handle:
                raw = handle.read(MAX_TRIAGE_INPUT_BYTES + 1)
    except OSError as e:
        raise CliError(f"cannot read {name}: {e.strerror}") from None
    if len(raw) > MAX_TRIAGE_INPUT_BYTES:
        raise CliError("triage input is larger than 256 MB; split it")
    return raw


def run(args: argparse.Namespace) -> int:
    # Loaded here, not at start-up: every other command would pay for them (`sigbot ask`).
    import json

    from bot.render.terminal.triage_out import triage_comments, triage_json_lines, triage_table
    from bot.triage import TriageInputError, read_issues, triage_all

    raw = read_input(args.file)
    try:
        issues = read_issues(json.loads(raw.decode("utf-8")))
    except RecursionError:
        raise CliError(f"{args.file}: its JSON is nested too deep to be issues") from None
    except (ValueError, TriageInputError) as e:
        raise CliError(
            f"{args.file} is not what `gh issue list --json number,title,body,labels,url` "
            f"prints: {e}"
        ) from None
    kb, index = load_engine(args.knowledge)  # kept between runs, as `sigbot ask` keeps it
    results = triage_all(issues, kb, index, keep_labelled=args.all)
    if args.json:
        sys.stdout.write(triage_json_lines(results))
    elif args.comment:
        sys.stdout.write(triage_comments(results))
    else:
        print(triage_table(results))
    return EXIT_OK
