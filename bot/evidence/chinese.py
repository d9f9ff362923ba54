"""Chinese names of topics and groups, found by containment: Chinese has no spaces, so the
question is not cut into words first. The longer alias wins over one inside it. Pure.

An alias that is an everyday Chinese word (网络, 存储, 发布: knowledge/language.yaml's
`everyday_chinese`) is weak evidence inside a sentence, as an everyday English word is:
"小区的网络太慢了怎么办" is about home internet, not SIG Network. Alone ("/sig 网络") it is the
whole question and counts in full; in a message about Kubernetes it counts in full too (the
weighing step in bot/matching.py promotes it).
"""

from __future__ import annotations

from bot.evidence.base import (
    EVERYDAY_ZIPF,
    GENERIC_STRONG_SHARE,
    Evidence,
    Index,
    Scan,
    key_points,
    phrase_bonus,
)
from bot.evidence.kinds import kind
from bot.evidence.phrases import STORY_CUES, Entry, Phrases
from bot.message import ROLE_WEIGHT
from bot.model import KnowledgeBase
from bot.query import Query, tokenize

NAME = "chinese"
WHOLE_SHARE = 0.5  # of the question's Chinese characters: an alias this long is its subject
# Words that sit inside a phrase without changing what it names: 成立一个新的工作组 names 新工作组.
_PARTICLES = ("一个", "的")


def build(kb: KnowledgeBase, index: Index) -> Phrases:
    """The phrases table holds the Chinese aliases (it indexes every name once)."""
    return index.table("phrases", Phrases)


def collect(scan: Scan, table: Phrases) -> None:
    query = scan.query
    if not query.zh_text:
        return
    compact = "".join(tokenize(query.text))  # the same folding as the index keys
    loose = compact
    for particle in _PARTICLES:
        loose = loose.replace(particle, "")
    found = table.zh_found(compact)
    if loose != compact:
        found |= table.zh_found(loose)
    found_list = [table.zh_aliases[place] for place in sorted(found)]
    slots: dict[str, int] = {}  # one coverage slot per alias, whichever groups it names
    alone = not scan.content  # no English words beside the Chinese ones
    inside = _inside_another({alias for alias, _ in found_list}, compact)
    told: dict[str, list[tuple[str, Entry]]] = {}
    # 节点, 镜像: weak in a message of several parts, as "node" and "image" are; a one-line
    # question made of little else ("节点 NotReady 找哪个 SIG") is about them.
    every_generic = scan.index.words.generic_chinese_set
    generic = every_generic if query.several else frozenset()
    for alias, entry in found_list:
        if alias in inside:
            continue  # 控制器管理器 inside 云控制器管理器: the longer, more specific one wins
        guarded = kind(entry.via).private and entry.group in table.story_groups
        if guarded and _guarded(compact, alias, table):
            continue  # 能防容器逃逸吗: what a feature is for, not a flaw found (see phrases.py)
        # A report word (骚扰, 歧视) is about a person, not a topic: everyday or not, it says
        # the message is a report to make in private, as in English (bot/evidence/phrases.py).
        if entry.via == "report_cue" and not query.report_ask:
            # A cue word says "report" only where the message asks whom to tell, or with a
            # second of its committee's that tells what happened (bot/evidence/phrases.py).
            if entry.group in table.story_groups:
                told.setdefault(entry.group, []).append((alias, entry))
            continue
        strong = (
            kind(entry.via).private
            or (scan.index.everyday.get(alias, 0.0) < EVERYDAY_ZIPF and alias not in generic)
            or (alone and len(alias) >= WHOLE_SHARE * len(query.zh_text))
        )
        if strong and alias in every_generic:
            # specific in a one-line question ("节点 NotReady 找哪个 SIG"), but less than two
            # words said near each other that describe a feature (工作节点 … 落后几个版本)
            _credit(scan, slots, alias, entry, strong, share=GENERIC_STRONG_SHARE)
            continue
        _credit(scan, slots, alias, entry, strong)
    for cues in told.values():
        if len({alias for alias, _ in cues}) >= STORY_CUES:
            for alias, entry in cues:
                _credit(scan, slots, alias, entry, strong=True)


def _credit(
    scan: Scan, slots: dict[str, int], alias: str, entry: Entry, strong: bool, share: float = 1.0
) -> None:
    weight = _weight_of(alias, scan.query)
    points = (key_points(kind(entry.via), strong, 100.0) + phrase_bonus(len(alias) + 1)) * share
    ev = Evidence(
        entry.via,
        entry.label,
        points * weight,
        strong,
        entry.retired,
        entry.shared_with,
        weight=weight,
    )
    slot = slots.setdefault(alias, scan.new_slot())
    scan.credit(entry.group, ev, frozenset({slot}))


ZH_GUARD_WINDOW = 4  # characters at most between a guard (防止) and the report's word


def _guarded(text: str, alias: str, table: Phrases) -> bool:
    """A word of language.yaml's `guards` stands just before the alias, where it is first said
    (能防容器逃逸, 防止什么提权)."""
    if not table.zh_guards:
        return False
    at = text.find(alias)
    before = text[max(0, at - ZH_GUARD_WINDOW - 2) : max(0, at)]
    return at > 0 and any(g in before for g in table.zh_guards)


def _inside_another(aliases: set[str], text: str) -> set[str]:
    """The aliases that stand only inside a longer one found: 审计 in 审计日志 is the longer
    one's, but a message that also says 审计 on its own ("审计这块是哪个 SIG 负责的") says it.
    Each longer alias's own substrings are looked up, so many aliases cost their lengths, not
    every pair of them."""
    within: dict[str, set[int]] = {}  # a shorter alias -> where longer ones hold it
    for longer in aliases:
        n = len(longer)
        starts: list[int] | None = None  # where the longer one stands, found when needed
        for i in range(n):
            for j in range(i + 1, n + 1):
                if j - i < n and longer[i:j] in aliases:
                    starts = _places(text, longer) if starts is None else starts
                    within.setdefault(longer[i:j], set()).update(at + i for at in starts)
    return {alias for alias, held in within.items() if set(_places(text, alias)) <= held}


def _places(text: str, word: str) -> list[int]:
    """Where `word` starts in `text`, overlaps included."""
    out, at = [], text.find(word)
    while at >= 0:
        out.append(at)
        at = text.find(word, at + 1)
    return out


def _weight_of(alias: str, query: Query) -> float:
    """The weight of the part an alias stands in: the sentence that asks who, another question,
    or the rest (Chinese has no word positions to look the part up by)."""
    if not query.several:
        return 1.0
    if alias in query.asking_text.replace(" ", ""):
        return ROLE_WEIGHT["route"]
    if alias in query.question_text.replace(" ", ""):
        return ROLE_WEIGHT["ask"]
    return 1.0
