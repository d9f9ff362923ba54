"""What several commands share: the --knowledge option, loading the knowledge base, the
importers' options and where they may write."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

from bot.errors import EXIT_PROBLEMS, CliError
from bot.knowledge.cache import KnowledgeProblems
from bot.knowledge.cache import load_cached_knowledge as cached_knowledge
from bot.knowledge.cache import load_engine as cached_engine
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
        raise _problems(e) from None


def load_shown_knowledge(directory: str | None) -> KnowledgeBase:
    """The knowledge without its index, kept between runs, for a command that shows it and
    answers nothing; or a CliError as load_engine's."""
    try:
        return cached_knowledge(directory)
    except KnowledgeProblems as e:
        raise _problems(e) from None


def _problems(e: KnowledgeProblems) -> CliError:
    """The first problem of knowledge that does not load, and where to see all."""
    from bot.knowledge.validation import Problem, format_problems  # only to say what failed

    errors = [p for p in e.problems if isinstance(p, Problem) and p.severity == "error"]
    first = format_problems(errors[:1]).strip()
    return CliError(
        f"the knowledge in {e.directory} has {len(errors)} problem(s), first: {first}; "
        f"run `sigbot validate {e.directory}` for the full report",
        EXIT_PROBLEMS,
    )


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
    """The commit and date from the flags, else from git when the folder is a checkout, else
    from the snapshot README in or above it (the shape of the snapshots of kubernetes/community
    and kubernetes/enhancements vendored under tests/fixtures/)."""
    # Only the importers need these; `sigbot ask` starts without them (~1 ms).
    from bot.knowledge.generated import snapshot_source as read_snapshot_source

    found = git_source(folder)
    for readme in (folder / "README.md", folder.parent / "README.md"):
        if readme.is_file() and not found:
            found = read_snapshot_source(readme.read_text(encoding="utf-8", errors="replace"))
    given = {k: v for k, v in (("commit", commit), ("date", date)) if v}
    return {**found, **given}


GIT_TIMEOUT_SECONDS = 10


def git_source(folder: Path) -> dict[str, str]:
    """The commit a git checkout is at, and that commit's date; {} unless `folder` is the top
    of a checkout (a snapshot folder inside another repository is not that repository)."""
    import subprocess  # only the importers run git; `sigbot ask` starts without it (~3.5 ms)

    try:
        out = subprocess.run(
            ["git", "-C", str(folder), "log", "-1", "--format=%H %cs"],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
        top = subprocess.run(
            ["git", "-C", str(folder), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            timeout=GIT_TIMEOUT_SECONDS,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return {}
    parts = out.stdout.split()
    if (
        out.returncode != 0
        or top.returncode != 0
        or Path(top.stdout.strip()).resolve() != folder.resolve()
        or len(parts) != 2
        or not re.fullmatch(r"[0-9a-f]{40}", parts[0])
    ):
        return {}
    return {"commit": parts[0], "date": parts[1]}


def read_enhancements(
    source: str, commit: str | None = None, date: str | None = None
) -> tuple[dict[str, tuple[str, str | None]], dict[str, str]]:
    """kubernetes/enhancements from a checkout or snapshot folder, a .tar.gz archive (GitHub's
    archive of a branch), or the URL of one; with where it came from (commit, date)."""
    # The fetcher pulls in urllib and http.client, the archive reader tarfile: only the commands
    # that read KEPs need them, and `sigbot ask` must not pay for them at start-up.
    from bot.knowledge.enhancements import read_archive, read_folder
    from bot.knowledge.refresh import (
        ENHANCEMENTS_TIMEOUT_SECONDS,
        MAX_ENHANCEMENTS_BYTES,
        open_stream,
    )

    given = {k: v for k, v in (("commit", commit), ("date", date)) if v}
    try:
        if "://" in source:
            with open_stream(source, ENHANCEMENTS_TIMEOUT_SECONDS, MAX_ENHANCEMENTS_BYTES) as s:
                files, found = read_archive(s)
            return files, {**found, **given}
        path = Path(source)
        if path.is_file():
            with path.open("rb") as handle:
                files, found = read_archive(handle)
            return files, {**found, **given}
        if not path.is_dir():
            raise CliError(f"{source} is not a folder, a .tar.gz archive or a URL")
        root = path.parent if path.name == "keps" else path
        return read_folder(path), snapshot_source(root, commit, date)
    except (OSError, ValueError) as e:
        raise CliError(f"cannot read KEPs from {source}: {e}", EXIT_PROBLEMS) from None


def write_generated(out_dir: Path, name: str, text: str) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / name
    target.write_text(text, encoding="utf-8")
    return target
