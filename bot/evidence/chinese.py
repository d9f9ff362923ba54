"""Chinese names of topics and groups, found by containment: Chinese has no spaces, so the
question is not cut into words first. The longer alias wins over one inside it. Pure."""

from __future__ import annotations

from bot.evidence.base import Evidence, Index, Scan, phrase_bonus
from bot.evidence.kinds import kind
from bot.evidence.phrases import Phrases
from bot.model import KnowledgeBase
from bot.query import tokenize

NAME = "chinese"


def build(kb: KnowledgeBase, index: Index) -> Phrases:
    """The phrases table holds the Chinese aliases (it indexes every name once)."""
    return index.table("phrases", Phrases)


def collect(scan: Scan, table: Phrases) -> None:
    if not scan.query.zh_text:
        return
    compact = "".join(tokenize(scan.query.text))  # the same folding as the index keys
    found = [(alias, entry) for alias, entry in table.zh_aliases if alias in compact]
    slots: dict[str, int] = {}  # one coverage slot per alias, whichever groups it names
    for alias, entry in found:
        if any(alias != other and alias in other for other, _ in found):
            continue  # 控制器管理器 inside 云控制器管理器: the longer, more specific one wins
        points = kind(entry.via).points + phrase_bonus(len(alias) + 1)
        ev = Evidence(entry.via, entry.label, points, True, entry.retired, entry.shared_with)
        slot = slots.setdefault(alias, scan.new_slot())
        scan.credit(entry.group, ev, frozenset({slot}))
