"""What several commands share: the --knowledge option, loading the knowledge base, the
importers' options and where they may write."""

from __future__ import annotations

import argparse
from pathlib import Path

from bot.errors import EXIT_PROBLEMS, CliError
from bot.knowledge.cache import KnowledgeProblems
from bot.knowledge.cache import load_engine as cached_engine
from bot.knowledge.generated import snapshot_source as read_snapshot_source
from bot.knowledge.location import default_knowledge_dir
from bot.matching import Index
from bot.model import KnowledgeBase


def add_knowledge_option(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--knowledge",
        metavar="DIR",
        help="knowledge directory (default: $SIGBOT_KNOWLEDGE, else the bundled knowledge/)",
    )


def add_import_options(p: argparse.ArgumentParser, source: str, what: str = "the files") -> None:
    """What every importer takes: where to read, where to write, and the upstream commit."""
    p.add_argument("path", help=source)
    p.add_argument("--out", metavar="DIR", help="knowledge directory to write into")
    p.add_argument(
        "--commit", help=f"upstream commit {what} come{'s' if what == 'the file' else ''} from"
    )
    p.add_argument("--date", help="date of that commit (YYYY-MM-DD)")


def load_engine(directory: str | None) -> tuple[KnowledgeBase, Index]:
    """The knowledge and its index, kept between runs (bot/knowledge/cache.py), or a CliError
    that names the first problem and where to see all."""
    try:
        return cached_engine(directory)
    except KnowledgeProblems as e:
        from bot.knowledge.validation import Problem, format_problems  # only to say what failed

        errors = [p for p in e.problems if isinstance(p, Problem) and p.severity == "error"]
        first = format_problems(errors[:1]).strip()
        raise CliError(
            f"the knowledge in {e.directory} has {len(errors)} problem(s), first: {first}; "
            f"run `sigbot validate {e.directory}` for the full report",
            EXIT_PROBLEMS,
        ) from None


def load_knowledge(directory: str | None) -> KnowledgeBase:
    """The knowledge base, or a CliError that names the first problem and where to see all."""
    # The YAML loader is imported by the commands that read knowledge without the cache.
    from bot.knowledge.loader import check_knowledge
    from bot.knowledge.validation import format_problems

    path = default_knowledge_dir(directory)
    kb, problems = check_knowledge(path)
    if kb is None:
        errors = [p for p in problems if p.severity == "error"]
        first = format_problems(errors[:1]).strip()
        raise CliError(
            f"the knowledge in {path} has {len(errors)} problem(s), first: {first}; "
            f"run `sigbot validate {path}` for the full report",
            EXIT_PROBLEMS,
        )
    return kb


def output_dir(out: str | None, knowledge: str | None) -> Path:
    """Where an importer writes. Never into an installed package: from a wheel, the default
    knowledge directory is inside site-packages, where edits vanish on the next upgrade."""
    if out:
        return Path(out)
    directory = default_knowledge_dir(knowledge)
    if directory.resolve().name == "_knowledge" and directory.resolve().parent.name == "bot":
        raise CliError(
            f"the knowledge in use ({directory}) is inside the installed package; importing "
            "there would be lost on upgrade. Pass --out DIR (a checkout's knowledge/, or a "
            "directory you then point SIGBOT_KNOWLEDGE at)."
        )
    return directory


def snapshot_source(folder: Path, commit: str | None, date: str | None) -> dict[str, str]:
    """The commit and date from the flags, else from the snapshot README in or above the
    folder (the shape of the snapshots in kubernetes/community and kubernetes/enhancements)."""
    found: dict[str, str] = {}
    for readme in (folder / "README.md", folder.parent / "README.md"):
        if readme.is_file() and not found:
            found = read_snapshot_source(readme.read_text(encoding="utf-8", errors="replace"))
    given = {k: v for k, v in (("commit", commit), ("date", date)) if v}
    return {**found, **given}


def write_generated(out_dir: Path, name: str, text: str) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / name
    target.write_text(text, encoding="utf-8")
    return target
