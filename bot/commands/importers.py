"""`sigbot import-upstream`, `import-keps`, `import-charters`: regenerate the generated parts of
knowledge/ from upstream snapshots. The curated files are never touched.

The three share their options, where they may write, and how a snapshot's commit and date are
found, so they live together."""

from __future__ import annotations

import argparse
import hashlib
from pathlib import Path
from typing import Any

import yaml

from bot.commands.common import (
    add_import_options,
    add_knowledge_option,
    output_dir,
    snapshot_source,
    write_generated,
)
from bot.errors import EXIT_OK, EXIT_PROBLEMS, CliError
from bot.knowledge.charters import SCOPE_FILE, import_charters
from bot.knowledge.charters import header as charter_header
from bot.knowledge.keps import FEATURES_FILE, import_keps, summary_section
from bot.knowledge.keps import header as kep_header
from bot.knowledge.loader import parse_yaml, read_yaml
from bot.knowledge.upstream import GENERATED_FILE, UpstreamError, header, import_sigs


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    imp = sub.add_parser(
        "import-upstream", help="regenerate knowledge/upstream.yaml from sigs.yaml"
    )
    add_import_options(imp, "path to upstream kubernetes/community sigs.yaml", "the file")
    imp.set_defaults(func=import_upstream)

    keps = sub.add_parser(
        "import-keps", help="regenerate knowledge/features.yaml from kubernetes/enhancements KEPs"
    )
    add_import_options(keps, "kubernetes/enhancements checkout (or its keps/ folder)")
    add_knowledge_option(keps)
    keps.set_defaults(func=import_kep_files)

    cha = sub.add_parser(
        "import-charters", help="regenerate knowledge/scope.yaml from the groups' charters"
    )
    add_import_options(cha, "folder of charters (<group id>.md), e.g. community/charters")
    add_knowledge_option(cha)
    cha.set_defaults(func=import_charter_files)


def dump_yaml(doc: Any) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def import_upstream(args: argparse.Namespace) -> int:
    path = Path(args.path)
    if not path.is_file():
        raise CliError(f"{path} is not a file")
    data = path.read_bytes()
    source = {"file": "kubernetes/community sigs.yaml", "sha256": hashlib.sha256(data).hexdigest()}
    source.update(snapshot_source(path.parent, args.commit, args.date))
    try:
        upstream = parse_yaml(data.decode("utf-8"), str(path))
        doc, notes = import_sigs(upstream, source)
    except (yaml.YAMLError, UpstreamError, ValueError) as e:
        raise CliError(f"cannot import {path}: {e}", EXIT_PROBLEMS) from None
    out_dir = output_dir(args.out, None)
    target = write_generated(out_dir, GENERATED_FILE, header(doc["source"]) + dump_yaml(doc))
    groups = doc["groups"]
    subprojects = [s for g in groups for s in g["subprojects"]]
    meetings = sum(len(g["meetings"]) for g in groups) + sum(
        len(s.get("meetings", [])) for s in subprojects
    )
    print(
        f"wrote {target}: {len(groups)} groups, {len(subprojects)} subprojects, {meetings} meetings"
    )
    for note in notes:
        print(f"  note: {note}")
    return EXIT_OK


def _import_target(args: argparse.Namespace, folder: Path) -> tuple[Path, set[str]]:
    """For the KEP and charter importers: the folder to read exists, the output directory is
    writable (not an installed package), and its upstream.yaml says which groups exist."""
    if not folder.is_dir():
        raise CliError(f"{args.path} is not a folder")
    out_dir = output_dir(args.out, args.knowledge)
    data, problems = read_yaml(out_dir / GENERATED_FILE)
    if problems or not isinstance(data, dict):
        raise CliError(
            f"cannot read {out_dir / GENERATED_FILE}; run sigbot import-upstream first",
            EXIT_PROBLEMS,
        )
    known = {str(g.get("id")) for g in data.get("groups") or [] if isinstance(g, dict)}
    return out_dir, known


def import_kep_files(args: argparse.Namespace) -> int:
    root = Path(args.path)
    keps_dir = root / "keps" if (root / "keps").is_dir() else root
    out_dir, known = _import_target(args, keps_dir)
    files: dict[str, tuple[str, str | None]] = {}
    for kep in sorted(keps_dir.rglob("kep.yaml")):
        rel = kep.relative_to(keps_dir.parent).as_posix()
        files[rel] = (kep.read_text(encoding="utf-8", errors="replace"), _kep_summary(kep.parent))
    if not files:
        raise CliError(f"no kep.yaml files under {keps_dir}", EXIT_PROBLEMS)
    source = {"file": "kubernetes/enhancements keps/**/kep.yaml"}
    source.update(snapshot_source(keps_dir.parent, args.commit, args.date))
    doc, notes = import_keps(files, known, source)
    target = write_generated(out_dir, FEATURES_FILE, kep_header(source) + dump_yaml(doc))
    gates = sum(len(f["feature_gates"]) for f in doc["features"])
    print(
        f"wrote {target}: {len(doc['features'])} KEPs of {len(files)} files, {gates} feature gates"
    )
    for note in notes:
        print(f"  note: {note}")
    return EXIT_OK


def _kep_summary(folder: Path) -> str | None:
    """The snapshot's summary.md, or the Summary section of the README in a plain checkout of
    kubernetes/enhancements."""
    summary, readme = folder / "summary.md", folder / "README.md"
    if summary.is_file():
        return summary.read_text(encoding="utf-8", errors="replace")
    if readme.is_file():
        return summary_section(readme.read_text(encoding="utf-8", errors="replace"))
    return None


def import_charter_files(args: argparse.Namespace) -> int:
    folder = Path(args.path)
    out_dir, known = _import_target(args, folder)
    files = {p.name: p.read_text(encoding="utf-8", errors="replace") for p in folder.glob("*.md")}
    source = {"file": "kubernetes/community charters/*.md"}
    source.update(snapshot_source(folder.parent, args.commit, args.date))
    doc, notes = import_charters(files, known, source)
    target = write_generated(out_dir, SCOPE_FILE, charter_header(source) + dump_yaml(doc))
    print(f"wrote {target}: scope terms for {len(doc['groups'])} groups")
    for note in notes:
        print(f"  note: {note}")
    return EXIT_OK
