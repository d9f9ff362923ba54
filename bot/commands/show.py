"""`sigbot show`: one group's full record, by id, name, short name, channel or label."""

from __future__ import annotations

import argparse
import json
import re
from dataclasses import asdict

from bot.commands.common import add_knowledge_option, load_knowledge
from bot.errors import EXIT_OK, EXIT_PROBLEMS, CliError
from bot.model import Group, KnowledgeBase
from bot.render.terminal.text import render_group_record


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("show", help="one group's full record")
    p.add_argument("group", help="an id (sig-node), a name (SIG Node) or a short name (node)")
    p.add_argument("--json", action="store_true")
    add_knowledge_option(p)
    p.set_defaults(func=run)


def find_group(kb: KnowledgeBase, text: str) -> Group | None:
    """'sig-node', 'SIG Node', 'node', '#sig-node', 'sig/node' -> the group."""
    key = re.sub(r"[\s_/]+", "-", text.strip().lstrip("#").lower())
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


def run(args: argparse.Namespace) -> int:
    kb = load_knowledge(args.knowledge)
    group = find_group(kb, args.group)
    if group is None:
        known = ", ".join(g.id for g in kb.groups)
        raise CliError(f"no group called {args.group!r}. Known groups: {known}", EXIT_PROBLEMS)
    if args.json:
        record = asdict(group)
        # "name" means the same as in `ask --json` and `list --json`: the display name.
        record = {
            "id": group.id,
            "name": group.display_name,
            "short_name": group.name,
            **{k: v for k, v in record.items() if k not in ("id", "name")},
        }
        print(json.dumps(record, ensure_ascii=False, indent=2, default=str))
    else:
        print(render_group_record(group))
    return EXIT_OK
