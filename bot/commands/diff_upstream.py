"""`sigbot diff-upstream`: what changed upstream since the committed knowledge: groups (sigs.yaml)
and KEPs (kubernetes/enhancements), each against the file it would replace.

Exit codes, as diff(1) and `git diff --exit-code` have them, so a script can tell "changed"
from "could not compare": 0 no changes (or changes without --exit-code), 1 changes found with
--exit-code, 2 the comparison could not be made (upstream or the committed file missing,
unreadable or not what it should be).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.commands.common import add_knowledge_option, read_enhancements
from bot.errors import EXIT_OK, CliError
from bot.knowledge.location import default_knowledge_dir

EXIT_CHANGES = 1  # with --exit-code
EXIT_CANNOT_COMPARE = 2


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("diff-upstream", help="what changed upstream since the committed knowledge")
    p.add_argument(
        "source", metavar="PATH_OR_URL", nargs="?", help="upstream sigs.yaml: a file or a URL"
    )
    p.add_argument(
        "--keps",
        metavar="PATH_OR_URL",
        help="kubernetes/enhancements: a checkout, a .tar.gz archive, or its URL",
    )
    p.add_argument(
        "--exit-code",
        action="store_true",
        help="exit 1 when there are changes (2 always means the comparison could not be made)",
    )
    add_knowledge_option(p)
    p.set_defaults(func=run)


def _committed(path: Path) -> dict[str, Any]:
    from bot.knowledge.loader import read_yaml
    from bot.knowledge.validation import format_problems

    doc, problems = read_yaml(path)
    if problems or not isinstance(doc, dict):
        raise CliError(f"cannot read {path}: {format_problems(problems)}", EXIT_CANNOT_COMPARE)
    return doc


def run(args: argparse.Namespace) -> int:
    # The fetcher pulls in urllib and http.client: only this command needs them, and `sigbot
    # ask` must not pay for them at start-up.
    from bot.knowledge.keps import FEATURES_FILE, import_keps
    from bot.knowledge.refresh import fetch, parse_upstream
    from bot.knowledge.upstream import GENERATED_FILE
    from bot.knowledge.upstream_diff import diff_docs, diff_features

    if not args.source and not args.keps:
        raise CliError("diff-upstream needs sigs.yaml (PATH_OR_URL), --keps, or both")
    directory = default_knowledge_dir(args.knowledge)
    groups = _committed(directory / GENERATED_FILE)
    lines: list[str] = []
    if args.source:
        try:
            raw = fetch(args.source) if "://" in args.source else Path(args.source).read_bytes()
            fresh = parse_upstream(raw, source={"file": args.source})
        except (OSError, ValueError) as e:
            raise CliError(
                f"cannot read upstream {args.source}: {e}", EXIT_CANNOT_COMPARE
            ) from None
        lines += diff_docs(groups, fresh)
        groups = fresh  # the KEPs are read against the groups they would sit beside
    if args.keps:
        try:
            files, _source = read_enhancements(args.keps)
        except CliError as e:
            raise CliError(e.message, EXIT_CANNOT_COMPARE) from None
        known = {str(g.get("id")) for g in groups.get("groups") or [] if isinstance(g, dict)}
        keps, _notes = import_keps(files, known, {})
        lines += diff_features(_committed(directory / FEATURES_FILE), keps)
    if not lines:
        print("no changes upstream since the committed knowledge")
        return EXIT_OK
    print("\n".join(lines))
    changed = sum(1 for line in lines if not line.startswith("  "))
    print(
        f"\n{changed} group(s) or KEP(s) changed. To take them: sigbot refresh COMMUNITY "
        "ENHANCEMENTS (or the import-* commands), review, sigbot validate."
    )
    return EXIT_CHANGES if args.exit_code else EXIT_OK
