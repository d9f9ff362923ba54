"""What changed upstream since the committed knowledge: a review aid for refreshes. Pure.

Compares two generated documents: the committed knowledge/upstream.yaml (or features.yaml) and a
fresh import of upstream sigs.yaml (or of the KEPs).
"""

from __future__ import annotations

from typing import Any


def _people(g: dict[str, Any], key: str) -> set[str]:
    return {f"{p.get('name')} (@{p.get('github')})" for p in g.get(key) or []}


def _meetings(g: dict[str, Any]) -> set[str]:
    out = set()
    for m in g.get("meetings") or []:
        freq = (m.get("frequency") or {}).get("text", "")
        out.add(
            f"{m.get('description')}: {m.get('weekday')} {m.get('time')} {m.get('tz')} ({freq})"
        )
    return out


def _subprojects(g: dict[str, Any]) -> set[str]:
    return {str(s.get("name")) for s in g.get("subprojects") or []}


def diff_docs(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Human-readable lines, one per change, grouped by group id; empty when nothing changed."""
    before = {g["id"]: g for g in old.get("groups") or []}
    after = {g["id"]: g for g in new.get("groups") or []}
    lines: list[str] = []
    for gid in sorted(after.keys() - before.keys()):
        lines.append(f"+ {gid}: new {after[gid].get('kind')} ({after[gid].get('name')})")
    for gid in sorted(before.keys() - after.keys()):
        lines.append(f"- {gid}: gone upstream (retired? add it to knowledge/retired.yaml)")
    for gid in sorted(before.keys() & after.keys()):
        a, b = before[gid], after[gid]
        changes: list[str] = []
        for field in ("name", "slack", "mailing_list", "label"):
            if (a.get(field) or "") != (b.get(field) or ""):
                changes.append(f"  {field}: {a.get(field) or '-'} -> {b.get(field) or '-'}")
        for label, fn in (
            ("chairs", lambda g: _people(g, "chairs")),
            ("tech leads", lambda g: _people(g, "tech_leads")),
            ("meetings", _meetings),
            ("subprojects", _subprojects),
        ):
            old_set, new_set = fn(a), fn(b)
            for item in sorted(new_set - old_set):
                changes.append(f"  + {label}: {item}")
            for item in sorted(old_set - new_set):
                changes.append(f"  - {label}: {item}")
        if changes:
            lines.append(f"~ {gid}:")
            lines += changes
    return lines


def _kep_key(f: dict[str, Any]) -> str:
    """A KEP as Feature.key names it: owning group and folder (two KEPs share number 2133)."""
    folder = str(f.get("path") or "").rsplit("/", 1)[-1] or str(f.get("kep"))
    return f"{f.get('owning_group')}/{folder}"


_KEP_FIELDS = ("title", "status", "stage", "latest_milestone", "milestone", "url")


def diff_features(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """Human-readable lines, one per change, by KEP: new KEPs, KEPs gone, and what changed in
    the rest (status, stage, milestones, gates, groups); empty when nothing changed."""
    before = {_kep_key(f): f for f in old.get("features") or [] if isinstance(f, dict)}
    after = {_kep_key(f): f for f in new.get("features") or [] if isinstance(f, dict)}
    lines: list[str] = []
    for key in sorted(after.keys() - before.keys()):
        f = after[key]
        lines.append(f"+ KEP-{f.get('kep')} ({key}): new, {f.get('status') or 'no status'}")
    for key in sorted(before.keys() - after.keys()):
        lines.append(f"- KEP-{before[key].get('kep')} ({key}): gone upstream")
    for key in sorted(before.keys() & after.keys()):
        a, b = before[key], after[key]
        changes = [
            f"  {field}: {a.get(field) or '-'} -> {b.get(field) or '-'}"
            for field in _KEP_FIELDS
            if (a.get(field) or "") != (b.get(field) or "")
        ]
        for field in ("feature_gates", "participating_groups"):
            old_set, new_set = set(a.get(field) or []), set(b.get(field) or [])
            changes += [f"  + {field}: {item}" for item in sorted(new_set - old_set)]
            changes += [f"  - {field}: {item}" for item in sorted(old_set - new_set)]
        if changes:
            lines.append(f"~ KEP-{b.get('kep')} ({key}):")
            lines += changes
    return lines
