"""The owner tag of an end-to-end test named in a message ("[sig-network] Services should
serve endpoints ...", "[sig-storage] CSI Volumes ..."): the group that owns that test. Pure.

Kubernetes e2e tests carry their owning SIG in brackets at the start of their name, and CI
dashboards, flake reports and pasted test output repeat it. A message about a flaky or failing
test is a question for the test's owner, not for SIG Testing (which owns the framework and the
CI, a topic the same message names: "flaky e2e test"), so the tag counts as structure, like a
path: it names an owner, where a topic word only describes a subject. A tag in pasted output
counts too (someone pasted the failing test's name), but each tag once however often it recurs.
"""

from __future__ import annotations

import re

from bot.evidence.base import CODE_WEIGHT, Evidence, Index, Scan
from bot.evidence.kinds import kind
from bot.message import FENCE
from bot.model import KnowledgeBase

NAME = "test_tags"
_TAG = re.compile(r"\[(sig-[a-z0-9]{1,30}(?:-[a-z0-9]{1,30}){0,3})\]", re.IGNORECASE)
MAX_TAGS = 4  # distinct tags read from one message: a pasted run of many tests names no owner


def build(kb: KnowledgeBase, index: Index) -> dict[str, str]:
    """Tag (folded) -> group id, for every active SIG."""
    return {g.id.casefold(): g.id for g in kb.groups if g.id.startswith("sig-")}


def collect(scan: Scan, table: dict[str, str]) -> None:
    raw = scan.query.raw
    weight_of: dict[str, float] = {}  # tag -> the weight of the part it was best seen in
    for m in _TAG.finditer(raw):
        tag = m.group(1).casefold()
        if tag not in table:
            continue
        in_code = raw.count(FENCE, 0, m.start()) % 2 == 1
        weight_of[tag] = max(weight_of.get(tag, 0.0), CODE_WEIGHT if in_code else 1.0)
        if len(weight_of) > MAX_TAGS:
            return
    points = kind("test_tag").points
    for tag, weight in weight_of.items():
        ev = Evidence("test_tag", f"[{tag}]", points * weight, True, weight=weight)
        scan.credit(table[tag], ev, frozenset({scan.new_slot()}))
