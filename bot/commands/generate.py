"""The work behind `sigbot import-upstream`, `import-keps`, `import-charters` and `refresh`:
read upstream, write the generated knowledge files, say what was skipped. Its own module so
that YAML and the importers load only when a command regenerates something (`sigbot ask` must
start fast; bot/commands/importers.py and refresh.py import this inside their functions).
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import yaml

from bot.commands.common import (
    read_enhancements,
    snapshot_source,
    write_generated,
)
from bot.errors import EXIT_PROBLEMS, CliError
from bot.knowledge.charters import SCOPE_FILE, import_charters
from bot.knowledge.charters import header as charter_header
from bot.knowledge.generated import Note
from bot.knowledge.keps import FEATURES_FILE, import_keps
from bot.knowledge.keps import header as kep_header
from bot.knowledge.loader import parse_yaml, read_yaml
from bot.knowledge.upstream import GENERATED_FILE, UpstreamError, header, import_sigs


def dump_yaml(doc: Any) -> str:
    return yaml.safe_dump(doc, sort_keys=False, allow_unicode=True, width=100)


def write_upstream(
    path: Path, out_dir: Path, commit: str | None = None, date: str | None = None
) -> tuple[Path, str, list[Note]]:
    """sigs.yaml -> out_dir/upstream.yaml; the file written, a summary and the notes."""
    if not path.is_file():
        raise CliError(f"{path} is not a file")
    data = path.read_bytes()
    source = {"file": "kubernetes/community sigs.yaml", "sha256": hashlib.sha256(data).hexdigest()}
    source.update(snapshot_source(path.parent, commit, date))
    try:
        upstream = parse_yaml(data.decode("utf-8"), str(path))
        doc, notes = import_sigs(upstream, source)
    except (yaml.YAMLError, UpstreamError, ValueError) as e:
        raise CliError(f"cannot import {path}: {e}", EXIT_PROBLEMS) from None
    target = write_generated(out_dir, GENERATED_FILE, header(doc["source"]) + dump_yaml(doc))
    groups = doc["groups"]
    subprojects = [s for g in groups for s in g["subprojects"]]
    meetings = sum(len(g["meetings"]) for g in groups) + sum(
        len(s.get("meetings", [])) for s in subprojects
    )
    return (
        target,
        f"{len(groups)} groups, {len(subprojects)} subprojects, {meetings} meetings",
        notes,
    )


def write_features(
    source_path: str, out_dir: Path, commit: str | None = None, date: str | None = None
) -> tuple[Path, str, list[Note]]:
    """kubernetes/enhancements (folder, archive or URL) -> out_dir/features.yaml."""
    known = known_groups(out_dir)
    files, found = read_enhancements(source_path, commit, date)
    source = {"file": "kubernetes/enhancements keps/**/kep.yaml", **found}
    doc, notes = import_keps(files, known, source)
    target = write_generated(out_dir, FEATURES_FILE, kep_header(source) + dump_yaml(doc))
    gates = sum(len(f["feature_gates"]) for f in doc["features"])
    return (
        target,
        f"{len(doc['features'])} KEPs of {len(files)} files, {gates} feature gates",
        notes,
    )


def write_scope(
    folder: Path, out_dir: Path, commit: str | None = None, date: str | None = None
) -> tuple[Path, str, list[Note]]:
    """A folder of charters (<group id>.md) -> out_dir/scope.yaml."""
    if not folder.is_dir():
        raise CliError(f"{folder} is not a folder")
    known = known_groups(out_dir)
    files = {p.name: p.read_text(encoding="utf-8", errors="replace") for p in folder.glob("*.md")}
    source = {"file": "kubernetes/community charters/*.md"}
    source.update(snapshot_source(folder.parent, commit, date))
    doc, notes = import_charters(files, known, source)
    target = write_generated(out_dir, SCOPE_FILE, charter_header(source) + dump_yaml(doc))
    return target, f"scope terms for {len(doc['groups'])} groups", notes


def known_groups(out_dir: Path) -> set[str]:
    """The group ids of the upstream.yaml imported data will sit beside."""
    data, problems = read_yaml(out_dir / GENERATED_FILE)
    if problems or not isinstance(data, dict):
        raise CliError(
            f"cannot read {out_dir / GENERATED_FILE}; run sigbot import-upstream first",
            EXIT_PROBLEMS,
        )
    return {str(g.get("id")) for g in data.get("groups") or [] if isinstance(g, dict)}


def report(target: Path, summary: str, notes: list[Note]) -> None:
    print(f"wrote {target}: {summary}")
    for note in notes:
        print(f"  note: {note}")
