"""Component names written as one PascalCase word ("DefaultPreemption", "EndpointSliceMirroring",
"TaintEvictionController"): the curated topic inside the name. Pure.

Scheduler plugins, controllers and API types are named by joining words, and issue titles use
those names as they appear in code. No curator lists every plugin, but the words they are made
of are topics we know: "DefaultPreemption" is preemption (SIG Scheduling), "EndpointSliceMirroring"
is EndpointSlices (SIG Network). A name whose joined form is already a key ("NodeAffinity": the
phrases source reads it), a gate or kind (the features source), or another product's name
("DigitalOcean") is left to those. Every part must be a word our records use ("DolphinScheduler"
is a product, not a scheduler), and only a topic with a specific word counts ("WordPress" is not
"press").
"""

from __future__ import annotations

import re

from bot.evidence.base import Evidence, Index, Scan
from bot.evidence.features import Features
from bot.evidence.kinds import kind
from bot.evidence.phrases import Phrases
from bot.message import FENCE
from bot.model import KnowledgeBase
from bot.query import camel_runs, to_key

NAME = "components"
# Two to six capitalised parts, standing alone; an acronym may lead ("CSINodeTopology").
_COMPONENT = re.compile(r"(?<![\w/.-])(?:[A-Z]+(?=[A-Z][a-z]))?(?:[A-Z][a-z0-9]+){2,6}(?![\w/-])")
# Where two parts of a PascalCase name meet, found by its capital.
_JOINT = re.compile(r"[A-Z](?<=[a-z0-9][A-Z])[a-z]")
_PART = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z][a-z0-9]+")
VIAS = frozenset({"alias", "subproject"})  # curated topics and subproject names
MIN_SPECIFICITY = 0.9  # the topic's least specific word: "preemption" yes, "press" no
MAX_COMPONENTS = 8  # read from one message
MAX_SCAN = 8_000  # characters of a message read for components


def build(kb: KnowledgeBase, index: Index) -> Phrases:
    """The phrases table (built earlier) is the whole table: a component is read against it."""
    return index.table("phrases", Phrases)


def _topic_inside(parts: list[str], phrases: Phrases, index: Index) -> tuple[str, str] | None:
    """The longest run of the name's parts that is a curated topic of one group, with a
    specific word: (group, the topic as curated)."""
    for size in range(len(parts) - 1, 0, -1):
        for start in range(len(parts) - size + 1):
            run = parts[start : start + size]
            key = to_key(" ".join(run))
            entries = [e for e in phrases.keys.get(key, ()) if e.via in VIAS and not e.retired]
            if not entries and size > 1:  # "EndpointSlice" is a key written as one word
                key = to_key("".join(run))
                entries = [e for e in phrases.keys.get(key, ()) if e.via in VIAS and not e.retired]
            groups = {e.group for e in entries}
            if len(groups) != 1:
                continue
            if max(index.specificity(w) for w in key.split()) < MIN_SPECIFICITY:
                continue
            return entries[0].group, entries[0].label
    return None


def collect(scan: Scan, table: Phrases) -> None:
    if scan.query.products:  # "traefik ... IngressRoute": that product's resource, not ours
        return
    # What the person wrote, outside code fences: a pasted stack trace is full of Go names
    # ("(*Controller).processNextWorkItem") that say nothing of the question.
    raw = " ".join(scan.query.raw[:MAX_SCAN].split(FENCE)[::2])
    if _JOINT.search(raw) is None:  # no lower-case letter or digit before a capitalised part
        return
    words = scan.index.words
    gates = scan.index.table("features", Features).gates
    seen: set[str] = set()
    for start in camel_runs(raw):  # a name is a whole run with a hump: tried only there
        m = _COMPONENT.match(raw, start)
        if m is None:
            continue
        name = m.group(0)
        folded = name.casefold()
        if folded in seen or folded in table.keys or folded in gates:
            continue
        if folded in words.foreign or folded in words.general_computing:
            continue
        seen.add(folded)
        if len(seen) > MAX_COMPONENTS:
            break
        parts = _PART.findall(name)
        # Every part a word of our records: "DolphinScheduler" is a product with a scheduler.
        if not all(p.casefold() in scan.index.vocabulary_set for p in parts):
            continue
        found = _topic_inside(parts, table, scan.index)
        if found is None:
            continue
        gid, topic = found
        ev = Evidence("component", f"{name} ({topic})", kind("component").points, True)
        scan.credit(gid, ev, frozenset({scan.new_slot()}))
