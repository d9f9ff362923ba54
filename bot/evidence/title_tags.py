"""A tag in brackets that opens a title and names its group by curation ("[zh-cn] sync
concepts/workloads/pods/...", "[ja] translate ..."): kubernetes/website's localization teams tag
their pull requests with their language, and the page the title names belongs to another group's
topic (sidecar containers) while the work is SIG Docs'. The tags are curated per group
(topics.yaml `title_tags`). Only tags that open the message count: a tag in the middle of a
sentence or a log is no title's. Pure.
"""

from __future__ import annotations

import re

from bot.evidence.base import Evidence, Index, Scan
from bot.evidence.kinds import kind
from bot.model import KnowledgeBase

NAME = "title_tags"
_LEADING_TAG = re.compile(r"\s*\[([A-Za-z0-9_-]{1,20})\]")
MAX_LEADING_TAGS = 3  # "[zh-cn] [docs] ...": the first few brackets that open a title


def build(kb: KnowledgeBase, index: Index) -> dict[str, str]:
    """Tag (folded) -> the group whose titles it opens."""
    return {tag: g.id for g in kb.groups for tag in g.title_tags}


def collect(scan: Scan, table: dict[str, str]) -> None:
    raw = scan.query.raw
    if not table or not raw.lstrip().startswith("["):
        return
    pos = 0
    for _ in range(MAX_LEADING_TAGS):
        m = _LEADING_TAG.match(raw, pos)
        if m is None:
            return
        pos = m.end()
        tag = m.group(1).casefold()
        group = table.get(tag)
        if group is not None:
            ev = Evidence("title_tag", f"[{tag}]", kind("title_tag").points, True)
            scan.credit(group, ev, frozenset({scan.new_slot()}))
