"""`sigbot list`: every group, active and retired, as a table or JSON."""

from __future__ import annotations

import argparse
from typing import Any

from bot.commands.common import add_knowledge_option, load_shown_knowledge
from bot.errors import EXIT_OK
from bot.render.terminal.text import group_table


def register(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    p = sub.add_parser("list", help="list every group")
    p.add_argument("--json", action="store_true")
    add_knowledge_option(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    kb = load_shown_knowledge(args.knowledge)  # kept between runs, without the index
    rows: list[dict[str, Any]] = [
        {
            "id": g.id,
            "kind": g.kind,
            "name": g.display_name,
            "category": g.category,
            "channel": f"#{g.slack}" if g.slack else "",
            "retired": False,
        }
        for g in kb.groups
    ]
    rows += [
        {
            "id": r.id,
            "kind": r.kind,
            "name": r.display_name,
            "category": "",
            "channel": "",
            "retired": True,
        }
        for r in kb.retired
        if not r.misnomer
    ]
    if args.json:
        import json  # for --json only: json costs ~1.5 ms of every start-up (`sigbot ask`)

        print(json.dumps(rows, ensure_ascii=False, indent=2))
    else:
        print(group_table(rows))
    return EXIT_OK
