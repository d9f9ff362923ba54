"""Identifiers from the project's own records named in a message ("matchLabelKeys",
"podManagementPolicy", "fsGroupPolicy"): the group whose records use the word. Pure.

API fields and flags are written in camelCase, and a newcomer pastes them as they appear in a
manifest or a KEP. A camelCase word that only one group's records use (KEP texts, charters,
subprojects: the term weighting's documents, bot/evidence/terms.py) names that group's feature
as plainly as a curated alias does, though no curator wrote it down. A word several groups use
("configMap") names none. In pasted output it counts at the weight of pasted output.
"""

from __future__ import annotations

import re

from bot.evidence.base import CODE_WEIGHT, Evidence, Index, Scan
from bot.evidence.kinds import kind
from bot.evidence.terms import Terms
from bot.message import FENCE
from bot.model import KnowledgeBase
from bot.query import camel_runs, term_stem

NAME = "identifiers"
# lowerCamelCase, standing alone (not inside a path): how API fields and flags are written.
# PascalCase words are kinds and gates (read by other sources) or products ("HashiCorp").
_IDENTIFIER = re.compile(r"(?<![\w/.-])[a-z][a-z0-9]{1,30}(?:[A-Z][a-z0-9]{1,30}){1,8}(?![\w/-])")
OWNED_SHARE = 0.9  # of the word's weight over all groups, for one group to own it
MAX_USERS = 2  # groups whose records use the word at all
MAX_IDENTIFIERS = 12  # read from one message
# Fields of every object's envelope: a KEP that quotes a manifest uses them, whatever its topic.
ENVELOPE = frozenset(
    "apiversion metadata matchlabels matchexpressions labelselector ownerreferences "
    "resourceversion creationtimestamp deletiontimestamp managedfields generatename "
    "finalizers".split()
)
MAX_SCAN = 8_000  # characters of a message read for identifiers


def build(kb: KnowledgeBase, index: Index) -> dict[str, str]:
    """Stem of a camelCase word of the records -> the one group whose records use it."""
    terms = index.table("terms", Terms)
    owners: dict[str, str] = {}
    for key, weights in terms.weight_of.items():
        if len(weights) > MAX_USERS:
            continue  # a word of every manifest ("apiVersion", "matchLabels")
        total = sum(weights.values())
        gid, best = max(weights.items(), key=lambda t: (t[1], t[0]))
        if total > 0 and best / total >= OWNED_SHARE:
            owners[key] = gid
    return owners


def collect(scan: Scan, table: dict[str, str]) -> None:
    raw = scan.query.raw[:MAX_SCAN]
    foreign = scan.index.words.foreign
    seen: dict[str, tuple[str, float]] = {}  # stem -> (as written, weight)
    # An identifier is a whole run of letters and digits with a hump: the pattern is tried
    # only where such a run starts (most messages have none), not at every position.
    for start in camel_runs(raw):
        m = _IDENTIFIER.match(raw, start)
        if m is None:
            continue
        word = m.group(0)
        key = term_stem(word.lower())
        if key not in table or word.lower() in foreign or word.lower() in ENVELOPE:
            continue
        weight = CODE_WEIGHT if raw.count(FENCE, 0, m.start()) % 2 else 1.0
        if weight > seen.get(key, ("", 0.0))[1]:
            seen[key] = (word, weight)
        if len(seen) >= MAX_IDENTIFIERS:
            break
    points = kind("identifier").points
    for key, (word, weight) in seen.items():
        ev = Evidence("identifier", word, points * weight, True, weight=weight)
        scan.credit(table[key], ev, frozenset({scan.new_slot()}))
