"""`sigbot refresh COMMUNITY ENHANCEMENTS`: everything generated, from upstream, in one command.

A chair's refresh: sigs.yaml and the charters from a kubernetes/community checkout, the KEPs from a
kubernetes/enhancements checkout (or its .tar.gz, or that archive's URL). Everything is imported
into a staging copy of the knowledge directory and validated with the curated files first; only
knowledge that validates replaces the generated files, and the curated ones are never touched.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from bot.commands.common import add_knowledge_option, output_dir
from bot.errors import EXIT_OK, EXIT_PROBLEMS, CliError


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser(
        "refresh",
        help="regenerate everything from upstream (groups, charters, KEPs), validated first",
    )
    p.add_argument("community", help="kubernetes/community checkout: sigs.yaml and charters/")
    p.add_argument(
        "enhancements", help="kubernetes/enhancements: a checkout, a .tar.gz archive, or its URL"
    )
    p.add_argument("--out", metavar="DIR", help="knowledge directory to refresh")
    add_knowledge_option(p)
    p.set_defaults(func=run)


def _doc(path: Path) -> dict[str, Any]:
    from bot.knowledge.loader import read_yaml

    doc, problems = read_yaml(path)
    return doc if not problems and isinstance(doc, dict) else {}


def run(args: argparse.Namespace) -> int:
    # The importers, YAML, validation and the file copying load only when a refresh runs, not at
    # every start-up.
    import shutil
    import tempfile

    from bot.commands.generate import write_features, write_scope, write_upstream
    from bot.knowledge.charters import SCOPE_FILE
    from bot.knowledge.keps import FEATURES_FILE
    from bot.knowledge.loader import check_knowledge
    from bot.knowledge.upstream import GENERATED_FILE
    from bot.knowledge.upstream_diff import diff_docs, diff_features
    from bot.knowledge.validation import format_problems

    community = Path(args.community)
    if not (community / "sigs.yaml").is_file():
        raise CliError(f"{community} holds no sigs.yaml: give a kubernetes/community checkout")
    out_dir = output_dir(args.out, args.knowledge)
    if not out_dir.is_dir():
        raise CliError(f"{out_dir} is not a knowledge directory")
    with tempfile.TemporaryDirectory(prefix="sigbot-refresh-") as tmp:
        staging = Path(tmp)
        for path in out_dir.glob("*.yaml"):
            shutil.copy2(path, staging / path.name)
        steps = [write_upstream(community / "sigs.yaml", staging)]
        if (community / "charters").is_dir():
            steps.append(write_scope(community / "charters", staging))
        steps.append(write_features(args.enhancements, staging))
        for target, summary, notes in steps:
            print(f"{target.name}: {summary}")
            for note in notes:
                print(f"  note: {note}")
        kb, problems = check_knowledge(staging)
        errors = [p for p in problems if p.severity == "error"]
        if kb is None or errors:
            print(format_problems(errors))
            print(f"{len(errors)} error(s): nothing written; {out_dir} is unchanged")
            return EXIT_PROBLEMS
        changes = diff_docs(_doc(out_dir / GENERATED_FILE), _doc(staging / GENERATED_FILE))
        changes += diff_features(_doc(out_dir / FEATURES_FILE), _doc(staging / FEATURES_FILE))
        for name in (GENERATED_FILE, FEATURES_FILE, SCOPE_FILE):
            if (staging / name).is_file():
                shutil.copy2(staging / name, out_dir / name)
    headlines = sum(1 for line in changes if not line.startswith("  "))
    unknown = "an unknown date"
    print(
        f"refreshed {out_dir}: {headlines} group(s) or KEP(s) changed; groups as of "
        f"{kb.source.date or unknown}, KEPs as of {kb.kep_source.date or unknown}"
    )
    return EXIT_OK
