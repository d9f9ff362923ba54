"""`sigbot show`: one group's full record, by id, name, short name, channel or label; every id
`sigbot list` prints works, retired groups' too."""

from __future__ import annotations

import argparse
import re
from dataclasses import asdict

from bot.commands.common import add_knowledge_option, load_shown_knowledge
from bot.errors import EXIT_OK, EXIT_PROBLEMS, CliError
from bot.model import Group, KnowledgeBase, RetiredGroup
from bot.render.terminal.text import render_group_record, render_retired_record


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("show", help="one group's full record (retired groups too)")
    p.add_argument(
        "group", help="an id (sig-node, wg-serving), a name (SIG Node) or a short name (node)"
    )
    p.add_argument("--json", action="store_true")
    add_knowledge_option(p)
    p.set_defaults(func=run)


def find_group(kb: KnowledgeBase, text: str) -> Group | None:
    """'sig-node', 'SIG Node', 'node', '#sig-node', 'sig/node' -> the group."""
    key = _key(text)
    for g in kb.groups:
        names = {
            g.id,
            g.name.lower().replace(" ", "-"),
            g.display_name.lower().replace(" ", "-"),
            g.slack.lower(),
            g.label.lower(),
            f"{g.label_prefix}-{g.label}",
        }
        if key in names:
            return g
    return None


def _key(text: str) -> str:
    return re.sub(r"[\s_/]+", "-", text.strip().lstrip("#").lower())


def find_retired(kb: KnowledgeBase, text: str) -> RetiredGroup | None:
    """'wg-serving', 'WG Serving', 'serving' -> the retired group (or misnomer)."""
    key = _key(text)
    for r in kb.retired:
        if key in {r.id, _key(r.name), _key(r.display_name)}:
            return r
    return None


def retired_json(r: RetiredGroup, kb: KnowledgeBase) -> dict[str, object]:
    """A retired group as `show --json` prints it: what it was, and each successor with the
    upstream source that names it; related groups are only close in topic."""

    def name(gid: str) -> str:
        g = kb.group(gid)
        return g.display_name if g else gid

    return {
        "id": r.id,
        "name": r.display_name,
        "short_name": r.name,
        "kind": r.kind,
        "retired": True,
        "misnomer": r.misnomer,
        "note": {"en": r.note_en, "zh": r.note_zh},
        "successors": [
            {"id": gid, "name": name(gid), "source": r.source_of(gid)} for gid in r.successors
        ],
        "related": [{"id": gid, "name": name(gid)} for gid in r.related],
        "routes": [{"work": rt.work_en, "group": rt.group} for rt in r.routes],
        "as_of": kb.source.date or None,
    }


def run(args: argparse.Namespace) -> int:
    kb = load_shown_knowledge(args.knowledge)  # kept between runs, without the index
    group = find_group(kb, args.group)
    retired = find_retired(kb, args.group) if group is None else None
    if group is None and retired is None:
        known = ", ".join(g.id for g in kb.groups)
        raise CliError(
            f"no group called {args.group!r}. Known groups: {known} (and the retired ones "
            "`sigbot list` shows)",
            EXIT_PROBLEMS,
        )
    import json  # here, not at the top: json costs ~1.5 ms of every start-up (`sigbot ask`)

    if retired is not None:
        if args.json:
            print(json.dumps(retired_json(retired, kb), ensure_ascii=False, indent=2))
        else:
            print(render_retired_record(retired, kb))
        return EXIT_OK
    assert group is not None
    if args.json:
        record = asdict(group)
        # "name" means the same as in `ask --json` and `list --json`: the display name.
        record = {
            "id": group.id,
            "name": group.display_name,
            "short_name": group.name,
            **{k: v for k, v in record.items() if k not in ("id", "name")},
            "as_of": kb.source.date or None,
        }
        print(json.dumps(record, ensure_ascii=False, indent=2, default=str))
    else:
        print(render_group_record(group, kb))
    return EXIT_OK
