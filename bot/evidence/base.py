"""What every evidence source shares: the index it builds its table into, the scan of one
question it reads and credits evidence to, and the evidence itself. Pure.

A source is a module of this package with three names (datasette's hooks are the model: one
documented signature, small registered modules, a core that loops over what is registered):

    NAME: str                                    its key in `Index.tables`
    build(kb: KnowledgeBase, index: Index) -> T  its table, built once per knowledge base
    collect(scan: Scan, table: T) -> None        credit what one question says

and optionally `words(table: T) -> Iterable[str]`: words its keys use, which typos are corrected
towards. bot/evidence/__init__.py registers the sources, in the order they run.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, NamedTuple, TypeVar

from bot.evidence.kinds import WEAK_SHARE, Kind, kind
from bot.message import ROLE_WEIGHT
from bot.model import Vocabulary
from bot.query import Query, term_stem

EXACT = 100.0  # a key matched exactly; a corrected word loses TYPO_PENALTY per edit
TYPO_PENALTY = 9.0
SPECIFICITY_BONUS = 0.5  # points per 100 per extra word in a matched phrase (a tie-breaker)
# How common a word must be in everyday English (wordfreq Zipf scale) before a single-word key
# stops counting as specific: "node" 3.9, "scheduling" 3.7, "sidecar" 2.5, "kubelet" absent.
EVERYDAY_ZIPF = 3.5
GENERAL_COMPUTING_SPECIFICITY = 0.5  # "yaml", "python": technical, but not ours
SPECIFICITY_CACHE_SIZE = 50_000  # distinct words whose specificity an index remembers

T = TypeVar("T")
CODE_WEIGHT = ROLE_WEIGHT["code"]


class Evidence(NamedTuple):
    """One reason a group matched: what kind of key, the key itself, and how specific it is.
    A named tuple, not a frozen dataclass: a long message makes hundreds of these, and a tuple
    is built in a fifth of the time, immutable all the same."""

    via: str  # a kind in bot/evidence/kinds.py
    label: str  # the key as people say it: 'kube-proxy', 'pkg/kubelet', 'SidecarContainers'
    points: float
    strong: bool  # specific enough to answer on its own
    retired: bool = False
    shared_with: tuple[str, ...] = ()
    location: str = ""  # OWNERS location (path), or the KEPs named (keys, space-separated)
    detail: str = ""  # for a path: the subproject whose OWNERS file holds it
    weight: float = 1.0  # the weight of the part of the message it was found in
    # A word of another product stands right beside it ("EC2 autoscaling group", "Heroku dyno
    # autoscaling"): the key names that product's feature, not the Kubernetes one.
    beside_foreign: bool = False

    @property
    def kind(self) -> Kind:
        return kind(self.via)

    @property
    def in_code(self) -> bool:
        """Found in pasted output (a log, a stack trace), not in what the person wrote."""
        return self.weight <= CODE_WEIGHT


@dataclass
class Index:
    """Everything searchable, built once per knowledge base. Each source keeps its own table in
    `tables`; what several sources and the answer layer share lives here."""

    words: Vocabulary = field(default_factory=Vocabulary)
    stopwords: frozenset[str] = frozenset()  # as tokens are compared (plurals folded)
    everyday: dict[str, float] = field(default_factory=dict)  # word -> Zipf frequency
    everyday_stems: dict[str, float] = field(default_factory=dict)  # stem -> its commonest form
    tables: dict[str, Any] = field(default_factory=dict)
    # Spelling correction: the words keys use, by first letter and length.
    vocabulary: tuple[str, ...] = ()
    vocabulary_set: frozenset[str] = frozenset()
    by_first: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    corrections: dict[str, tuple[str, int] | None] = field(default_factory=dict)
    beside_words: frozenset[str] = frozenset()  # other products' words that are no key of ours
    # ... those of them written in Chinese, as one pattern: a Chinese run is one token
    # ("飞书机器人的"), so a Chinese name is looked for inside the tokens, not compared with them
    beside_chinese: re.Pattern[str] | None = None
    _by_length: dict[tuple[str, int, int], tuple[str, ...]] = field(default_factory=dict)
    _specificity: dict[str, float] = field(default_factory=dict)

    def table(self, name: str, of: type[T]) -> T:
        """The table the source `name` built (typed for the caller)."""
        found = self.tables[name]
        assert isinstance(found, of)
        return found

    def specificity(self, word: str) -> float:
        """1.0 for technical words, down to 0.1 for the most common English words. Remembered
        per word (a bounded memo: a long message asks it for each of its ~60 distinct words,
        and the same words come back in the next message)."""
        found = self._specificity.get(word)
        if found is None:
            if len(self._specificity) >= SPECIFICITY_CACHE_SIZE:
                self._specificity.clear()
            found = self._specificity[word] = self._specificity_of(word)
        return found

    def _specificity_of(self, word: str) -> float:
        if word in self.words.general_computing:
            return GENERAL_COMPUTING_SPECIFICITY
        z = self.everyday.get(word)
        if z is None:
            # "walked", "sleeping": not listed, but a listed form of the same stem is.
            z = self.everyday_stems.get(term_stem(word))
        if z is None:
            return 1.0
        return min(1.0, max(0.1, (5.5 - z) / 2.5))

    def is_everyday(self, word: str) -> bool:
        return self.everyday.get(word, 0.0) >= EVERYDAY_ZIPF or word in self.words.general_computing

    def candidates(self, first: str, length: int, budget: int) -> tuple[str, ...]:
        """Vocabulary words that start with `first` and whose length is within `budget` edits
        of `length`: people rarely mistype the first letter ("compose" is not "kompose"), and
        the others cannot be within budget, so the fuzzy scan skips them (most of the
        vocabulary). Built once per (letter, length, budget) and kept."""
        key = (first, length, budget)
        if key not in self._by_length:
            self._by_length[key] = tuple(
                w
                for n in range(max(1, length - budget), length + budget + 1)
                for w in self.by_first.get((first, n), ())
            )
        return self._by_length[key]


@dataclass
class Scan:
    """One question as the sources read it, and what they credited to each group.

    `tokens` are the question's words (without the words of a path that named an OWNERS
    location); `corrected` the same words with misspellings fixed; `content` the positions of
    the words that carry meaning. `units` is how many "words" the question has (Chinese counted
    two characters a word): a key covering all of them is the whole question.
    """

    query: Query
    index: Index
    tokens: list[str]
    corrected: list[str]
    edits: list[int]
    content: list[int]
    units: int
    path_hits: list[Any] = field(default_factory=list)  # (PathEntry, label, score) from paths
    pending: list[tuple[str, Evidence, frozenset[int]]] = field(default_factory=list)
    # Term weighting: each weighed word once (its stem, the word, its factor, found only in
    # pasted output?), and each group's running total, apart for pasted output. A group's own
    # word weights are looked up again only for the few groups that are returned.
    term_list: list[tuple[str, str, float, bool]] = field(default_factory=list)
    term_total: dict[str, float] = field(default_factory=dict)
    code_term_total: dict[str, float] = field(default_factory=dict)
    distinct: dict[str, list[str]] = field(default_factory=dict)  # group -> its own words
    seen_terms: set[str] = field(default_factory=set)  # stems already weighed

    @property
    def content_set(self) -> set[int]:
        return set(self.content)

    slots: int = 0

    def new_slot(self) -> int:
        """A coverage slot of its own, past every word's position: for evidence with no span of
        words (a path, a Chinese alias, a KEP number), so it never covers, nor is covered by,
        another piece."""
        self.slots += 1
        return len(self.tokens) + 1000 + self.slots

    def credit(self, group: str, evidence: Evidence, span: frozenset[int]) -> None:
        self.pending.append((group, evidence, span))

    def credit_terms(
        self,
        key: str,
        word: str,
        factor: float,
        postings: list[tuple[str, float]],
        in_code: bool = False,
    ) -> None:
        """A word the records use: every group's weight for it, times `factor` (how specific
        the word is, and the weight of the part it stands in)."""
        self.term_list.append((key, word, factor, in_code))
        totals = self.code_term_total if in_code else self.term_total
        get = totals.get  # bound once: this loop runs for every posting of every word
        for gid, weight in postings:
            totals[gid] = get(gid, 0.0) + weight * factor

    def terms_of(
        self, groups: set[str], weight_of: dict[str, dict[str, float]]
    ) -> dict[str, tuple[dict[str, float], dict[str, float]]]:
        """The words term weighting matched for each of `groups`, and their weights, in the
        order they were weighed: (in what the person wrote, only in pasted output). One pass
        over the weighed words for all the groups asked about; for each word, the shorter of
        its groups and the groups asked about is walked (a common word has many groups)."""
        out: dict[str, tuple[dict[str, float], dict[str, float]]] = {g: ({}, {}) for g in groups}
        few = len(groups)
        for key, word, factor, code in self.term_list:
            weights = weight_of[key]
            if len(weights) <= few:
                for gid, x in weights.items():
                    if gid in groups:
                        out[gid][code][word] = x * factor
            else:
                for gid in groups:
                    if gid in weights:
                        out[gid][code][word] = weights[gid] * factor
        return out

    def credit_distinct(self, group: str, word: str) -> None:
        self.distinct.setdefault(group, []).append(word)


# What a generic Chinese word (language.yaml generic_chinese: 服务, 节点) is worth where it counts
# as specific: less than two words near each other that describe a feature.
GENERIC_STRONG_SHARE = 0.9


def key_points(k: Kind, strong: bool, score: float) -> float:
    """Points of a key found in the question: its kind's worth, scaled by how exactly it matched
    (typos lose) and by whether it is specific or an everyday word inside a sentence."""
    return (k.points if strong else k.points * WEAK_SHARE) * score / EXACT * k.trust


def phrase_bonus(words: int) -> float:
    """A tie-breaker per extra word of a key: "pod security admission" over "pod security"."""
    return SPECIFICITY_BONUS / 100 * (words - 1)


Credit = Callable[[str, Evidence, frozenset[int]], None]
