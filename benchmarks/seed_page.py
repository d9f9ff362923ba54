"""Does sigbot find every group the Chinese handbook page lists, by name and by description?

    python benchmarks/seed_page.py PAGE.md

The Chinese handbook page sigbot grew from lists each SIG and working group as "- **name**：
one-line Chinese description". It is not shipped (its text is not ours to copy): it is the file
develop/sigs-and-working-group/index.md of github.com/rootsongjc/kubernetes-handbook (rendered at
jimmysong.io/book/kubernetes-handbook/develop/sigs-and-working-group/); its revision of 2024-01-15
is the one sigbot grew from, and later revisions keep the same bullets. It is read at run time
and never copied into the project. For every group it lists, this asks sigbot
the name and then the description, and prints what each answers: the description should land on
the same group the name does (or, for a retired group, on the group itself or one that has its
work now).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

from bot.answers import Answer, ask
from bot.knowledge.loader import load_knowledge
from bot.matching import build_index

PAGE_SOURCE = "develop/sigs-and-working-group/index.md in github.com/rootsongjc/kubernetes-handbook"
BULLET = re.compile(r"^- \*\*([^*]+)\*\*[：:]\s*(.+)$", re.M)
GROUP_SECTIONS = re.compile(r"^## (主要 SIG 列表|工作组列表)$(.*?)(?=^## |\Z)", re.M | re.S)


def landed(a: Answer) -> set[str]:
    """The groups an answer points the reader to: the first match (every owner, when the
    charters share the topic), and for a retired group (or a corrected name) the groups that
    have its work now."""
    if a.status in ("none", "help", "list") or not a.matches:
        return set()
    out = {a.matches[0].id} | {m.id for m in a.matches if m.shared}
    if a.retired:
        out |= {a.retired.id, *a.retired.successors, *a.retired.related}
    return out


def shown(a: Answer) -> str:
    if a.status == "archived" and a.retired:
        return f"archived:{a.retired.id}"
    return f"{a.status}:{a.matches[0].id}" if a.matches else a.status


def main() -> int:
    if len(sys.argv) != 2 or not Path(sys.argv[1]).is_file():
        print(
            "usage: python benchmarks/seed_page.py PAGE.md, the handbook page: "
            f"{PAGE_SOURCE} (not shipped)",
            file=sys.stderr,
        )
        return 2
    page = Path(sys.argv[1])
    text = page.read_text(encoding="utf-8")
    listed = [b for _, body in GROUP_SECTIONS.findall(text) for b in BULLET.findall(body)]
    kb = load_knowledge()
    index = build_index(kb)
    agree = 0
    print(f"{'name':<24} {'by name':<28} {'by description':<28} agree")
    for name, description in listed:
        by_name, by_desc = ask(name, kb, index), ask(description, kb, index)
        ok = bool(landed(by_name) & landed(by_desc))
        agree += ok
        first = [shown(a) for a in (by_name, by_desc)]
        print(f"{name:<24} {first[0]:<28} {first[1]:<28} {'yes' if ok else 'NO'}")
    print(f"\n{agree} of {len(listed)} groups found by both name and description")
    return 0 if agree == len(listed) else 1


if __name__ == "__main__":
    sys.exit(main())
