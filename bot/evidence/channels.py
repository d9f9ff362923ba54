"""A channel linked in the question (`<#C1|sig-network>`): a strong hint of the group. Pure."""

from __future__ import annotations

from bot.evidence.base import Evidence, Index, Scan
from bot.evidence.kinds import kind
from bot.evidence.phrases import Phrases
from bot.model import KnowledgeBase
from bot.query import to_key

NAME = "channels"


def build(kb: KnowledgeBase, index: Index) -> Phrases:
    return index.table("phrases", Phrases)


def collect(scan: Scan, table: Phrases) -> None:
    if not scan.query.channel_hint:
        return
    for entry in table.keys.get(to_key(scan.query.channel_hint), []):
        ev = Evidence("channel", entry.label, kind("channel").points, True, entry.retired)
        scan.credit(entry.group, ev, frozenset(scan.content))
