"""`sigbot validate`: check the knowledge base and report every problem, each with its place."""

from __future__ import annotations

import argparse
from datetime import date

from bot.commands.common import add_knowledge_option
from bot.errors import EXIT_OK, EXIT_PROBLEMS, CliError
from bot.knowledge.location import default_knowledge_dir


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("validate", help="check the knowledge base and report every problem")
    p.add_argument("directory", nargs="?", help="knowledge directory to check")
    p.add_argument("--strict", action="store_true", help="treat warnings as problems")
    add_knowledge_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    # YAML and the validator load only when a command reads the files (start-up of `ask`).
    from bot.knowledge.loader import check_knowledge
    from bot.knowledge.validation import format_problems, freshness

    if args.directory and args.knowledge and args.directory != args.knowledge:
        raise CliError("give the directory once (DIRECTORY or --knowledge)")
    directory = default_knowledge_dir(args.directory or args.knowledge)
    kb, problems = check_knowledge(directory)
    if kb is not None:
        problems = [*problems, *freshness(kb, date.today())]
    errors = [p for p in problems if p.severity == "error"]
    warnings = [p for p in problems if p.severity == "warning"]
    notes = [p for p in problems if p.severity == "note"]
    if problems:
        print(format_problems(errors + warnings + notes))
    if kb is None or errors or (args.strict and warnings):
        print(f"{len(errors)} error(s), {len(warnings)} warning(s) in {directory}")
        return EXIT_PROBLEMS
    counts = {k: sum(1 for g in kb.groups if g.kind == k) for k in ("sig", "wg", "committee")}
    print(
        f"ok: {counts['sig']} SIGs, {counts['wg']} working groups, "
        f"{counts['committee']} committees, "
        f"{sum(len(g.subprojects) for g in kb.groups)} subprojects, "
        f"{len(kb.topics)} topic aliases, {len(kb.retired)} retired or misnamed groups, "
        f"{len(kb.features)} KEPs" + (f"; {len(warnings)} warning(s)" if warnings else "")
    )
    print(
        f"upstream data: groups as of {kb.source.date or 'an unknown date'}, "
        f"KEPs as of {kb.kep_source.date or 'an unknown date'}"
    )
    return EXIT_OK
