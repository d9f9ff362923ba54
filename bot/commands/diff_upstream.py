"""`sigbot diff-upstream`: what changed in upstream sigs.yaml since the committed knowledge."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.commands.common import add_knowledge_option
from bot.errors import EXIT_OK, EXIT_PROBLEMS, CliError
from bot.knowledge.location import default_knowledge_dir


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("diff-upstream", help="what changed upstream since the committed knowledge")
    p.add_argument("source", metavar="PATH_OR_URL", help="upstream sigs.yaml: a file or a URL")
    p.add_argument("--exit-code", action="store_true", help="exit 1 when there are changes")
    add_knowledge_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # The fetcher pulls in urllib and http.client: only this command needs them, and `sigbot
    # ask` must not pay for them at start-up.
    from bot.knowledge.loader import read_yaml
    from bot.knowledge.refresh import fetch, parse_upstream
    from bot.knowledge.upstream import GENERATED_FILE
    from bot.knowledge.upstream_diff import diff_docs
    from bot.knowledge.validation import format_problems

    directory = default_knowledge_dir(args.knowledge)
    committed, problems = read_yaml(directory / GENERATED_FILE)
    if problems or not isinstance(committed, dict):
        raise CliError(
            f"cannot read {directory / GENERATED_FILE}: {format_problems(problems)}",
            EXIT_PROBLEMS,
        )
    source = args.source
    try:
        raw = fetch(source) if "://" in source else Path(source).read_bytes()
        fresh = parse_upstream(raw, source={"file": source})
    except (OSError, ValueError) as e:
        raise CliError(f"cannot read upstream {source}: {e}", EXIT_PROBLEMS) from None
    lines = diff_docs(committed, fresh)
    if not lines:
        print("no changes upstream since the committed knowledge")
        return EXIT_OK
    print("\n".join(lines))
    print(
        f"\n{sum(1 for line in lines if not line.startswith('  '))} group(s) changed. "
        "To take them: sigbot import-upstream PATH, review, sigbot validate."
    )
    return EXIT_PROBLEMS if args.exit_code else EXIT_OK
