"""Features a question names: a KEP number ("KEP-753"), a feature gate ("SidecarContainers") or
most of a KEP's title ("sidecar containers"). The KEP names its owning group. Pure.

KEPs are known by `Feature.key` (owning group, number, folder): upstream has two KEP-2133s. A
number or a gate may name several KEPs; the evidence's `location` carries all of them (keys,
space-separated, the one credited first), so the answer can list every one."""

from __future__ import annotations

import heapq
import math
import re
from dataclasses import dataclass, field
from itertools import compress, count

from bot.evidence.base import Evidence, Index, Scan
from bot.evidence.kinds import kind
from bot.evidence.terms import Terms, is_kubernetes_generic
from bot.model import Feature, KnowledgeBase
from bot.query import Query, says_kubernetes, tokenize

NAME = "features"
# A KEP title is named when the question holds this share of its (IDF-weighted) words.
TITLE_SHARE = 0.75
# A dead KEP (withdrawn, replaced, ...) named by a number a live KEP shares (upstream has two
# KEP-2133s, one replaced) is named too, at this share of the points: the live KEP's group leads.
DEAD_NAMESAKE_SHARE = 0.5
# Title shares are float sums; two that differ only in the last bits are a tie and name neither.
TIE = 1e-9
_KEP_NUMBER = re.compile(r"\bkep\s*[-#:]?\s*(\d{1,5})\b")
# Words of KEP titles that say nothing about which feature: they do not count towards a match.
_TITLE_FILLER = frozenset(
    "add adding support kubernetes k8s kep api apis new allow allowing enable improve improved "
    "introduce graduate graduation ga beta alpha stable promote feature based using via".split()
)


@dataclass
class Features:
    """The table of KEPs: by number, by feature gate and by the words of their titles."""

    by_key: dict[str, Feature] = field(default_factory=dict)  # Feature.key -> KEP
    numbers: dict[int, tuple[str, ...]] = field(default_factory=dict)  # -> keys, live first
    gates: dict[str, tuple[str, ...]] = field(default_factory=dict)  # folded -> exact spellings
    gate_keps: dict[str, tuple[str, ...]] = field(default_factory=dict)  # exact gate -> keys
    title_idf: dict[str, float] = field(default_factory=dict)
    title_total: dict[str, float] = field(default_factory=dict)  # KEP key -> its words' idf
    stopwords: frozenset[str] = frozenset()
    # Prefix filtering (as in set-similarity joins): a title is reached only through its rarest
    # words, as many as it takes for the others to fall short of TITLE_SHARE (less a margin), so
    # a title the question cannot name is never added up. Common words ("pod", "node") are in
    # hundreds of titles but in few of these lists.
    title_prefix: dict[str, list[str]] = field(default_factory=dict)  # word -> KEP keys
    title_set: dict[str, frozenset[str]] = field(default_factory=dict)  # KEP key -> its words


@dataclass(frozen=True)
class FeatureHit:
    """A KEP a message names, and how it names it."""

    keys: tuple[str, ...]  # the KEP credited, then every other KEP the same number or gate names
    via: str  # kep | gate | feature
    label: str
    words: frozenset[str] = frozenset()  # the question's words that named it
    share: float = 1.0  # of the kind's points: less for a dead KEP that shares a live one's number


def title_words(title: str, stopwords: frozenset[str]) -> set[str]:
    return {
        w
        for w in tokenize(title.lower())
        if w not in stopwords and w not in _TITLE_FILLER and not w.isdigit() and len(w) > 1
    }


def _live_first(keps: list[Feature]) -> tuple[str, ...]:
    return tuple(f.key for f in sorted(keps, key=lambda f: (not f.is_live, f.kep, f.key)))


def build(kb: KnowledgeBase, index: Index) -> Features:
    table = Features(stopwords=index.stopwords)
    numbers: dict[int, list[Feature]] = {}
    gates: dict[str, list[Feature]] = {}
    for f in kb.features:
        table.by_key[f.key] = f
        numbers.setdefault(f.kep, []).append(f)
        for gate in f.feature_gates:
            gates.setdefault(gate, []).append(f)
    # A number or a gate names the live KEPs first, then by number: a gate several KEPs
    # declare names the live ones, not the lowest-numbered (often withdrawn) one.
    table.numbers = {n: _live_first(keps) for n, keps in numbers.items()}
    table.gate_keps = {gate: _live_first(keps) for gate, keps in gates.items()}
    spellings: dict[str, list[str]] = {}
    for gate in sorted(gates):
        spellings.setdefault("".join(tokenize(gate.lower())), []).append(gate)
    table.gates = {folded: tuple(names) for folded, names in spellings.items()}
    active = {g.id for g in kb.groups}
    owned = [f for f in kb.features if f.owning_group in active]
    words_of = {f.key: title_words(f.title, index.stopwords) for f in owned}
    df: dict[str, int] = {}
    for ws in words_of.values():
        for w in ws:
            df[w] = df.get(w, 0) + 1
    n = max(1, len(words_of))
    table.title_idf = {w: math.log(1 + (n - d + 0.5) / (d + 0.5)) for w, d in df.items()}
    for key, ws in words_of.items():
        table.title_total[key] = math.fsum(table.title_idf[w] for w in ws)  # order-free
        table.title_set[key] = frozenset(ws)
        for w in _title_prefix(ws, table.title_idf, table.title_total[key]):
            table.title_prefix.setdefault(w, []).append(key)
    return table


# A title whose share is below TITLE_SHARE - TIE can neither be named nor be the runner-up that
# blocks one (see find_features); the margin is far wider than any float error of the sums.
PREFIX_SHARE = TITLE_SHARE - 1e-6


def _title_prefix(ws: set[str], idf: dict[str, float], total: float) -> list[str]:
    """The rarest words of a title, as many as it takes for the rest to fall short of
    PREFIX_SHARE of its total: a question that says none of them cannot name the title."""
    rest = list(sorted(ws, key=lambda w: (-idf[w], w)))
    prefix: list[str] = []
    while rest and math.fsum(idf[w] for w in rest) >= PREFIX_SHARE * total:
        prefix.append(rest.pop(0))
    return prefix


def collect(scan: Scan, table: Features) -> None:
    for hit in find_features(scan.query, scan.index, table):
        f = table.by_key[hit.keys[0]]
        points = kind(hit.via).points * hit.share
        ev = Evidence(hit.via, hit.label, points, True, location=" ".join(hit.keys))
        # The positions of its words, picked out in C (a long message has hundreds of words).
        span = frozenset(compress(count(), map(hit.words.__contains__, scan.tokens)))
        scan.credit(f.owning_group, ev, span or frozenset({scan.new_slot()}))


def find_features(query: Query, index: Index, table: Features) -> list[FeatureHit]:
    """Features the question names: KEP numbers, then feature gates, then KEP titles."""
    hits = _numbered(query, table)
    named = {h.keys[0] for h in hits}
    gates = table.gates
    # Most words name no gate; a word said again names the same one (each regex search of the
    # raw text is done once per distinct word).
    for tok in dict.fromkeys(t for t in query.tokens if t in gates):
        hit = _gate_hit(tok, query.raw, table)
        if hit is not None and hit.keys[0] not in named:
            named.add(hit.keys[0])
            hits.append(hit)
    said = set(query.tokens[: query.prose_len or None])  # titles in pasted output are noise
    best = _best_titles(said, table)
    if best and best[0][0] >= TITLE_SHARE:
        share, key = best[0]
        runner_up = best[1][0] if len(best) > 1 else 0.0
        matched = [w for w in title_words(table.by_key[key].title, table.stopwords) if w in said]
        # Two titles equally named ("... for Pods" / "... for Services") say nothing about which;
        # a one-word title that is an everyday word ("Apply") names nothing on its own, and one
        # that is a word of wider English ("Go workspaces" is "workspace") only in a message
        # that says Kubernetes ("the workspace pages in Notion" are Notion's).
        title_named = (len(matched) >= 2 and not _apart_generic(matched, query, index)) or (
            len(matched) == 1
            and table.title_idf.get(matched[0], 0) > 4
            and index.specificity(matched[0]) >= 1.0
            and (matched[0] not in index.everyday or says_kubernetes(query.tokens))
        )
        if share > runner_up + TIE and title_named and key not in named:
            hits.append(FeatureHit((key,), "feature", table.by_key[key].title, frozenset(matched)))
    return hits


# A title of two words most groups' records use ("Pod Ready++") is named by them said together
# (at most this many words apart), not by each somewhere in a message ("pods never become
# ready after the upgrade").
TOGETHER = 1
GENERIC_SHARE = 0.2


def _apart_generic(words: list[str], query: Query, index: Index) -> bool:
    if len(words) != 2:
        return False
    terms = index.table("terms", Terms)
    if not all(is_kubernetes_generic(terms, w, GENERIC_SHARE) for w in words):
        return False
    prose = query.tokens[: query.prose_len or None]
    at = [[i for i, t in enumerate(prose) if t == w] for w in words]
    return not any(abs(i - j) <= TOGETHER for i in at[0] for j in at[1])


def _best_titles(said: set[str], table: Features) -> list[tuple[float, str]]:
    """The two titles the words name most, by the share of their words' IDF said, among the
    titles that can reach PREFIX_SHARE (every other one is below it, so it could neither win
    nor block the winner). Each share is summed over its words in sorted order: the same
    floats, and so the same ties, every run."""
    idf = table.title_idf
    prefix = table.title_prefix
    # Looked up word by word: `said.intersection(prefix)` would walk the whole dict.
    candidates = {k for w in said if w in prefix for k in prefix[w]}
    shares = []
    for key in candidates:
        total = table.title_total[key]
        if total > 0:
            share = 0.0
            for w in sorted(said.intersection(table.title_set[key])):
                share += idf[w]
            shares.append((share / total, key))
    return heapq.nlargest(2, shares)  # the two best: a full sort is wasted


def _numbered(query: Query, table: Features) -> list[FeatureHit]:
    """ "KEP-2133": each KEP with that number, credited to its own group."""
    hits: list[FeatureHit] = []
    if "kep" not in query.text:  # the pattern's one literal: most messages name no KEP
        return hits
    for m in _KEP_NUMBER.finditer(query.text):
        keys = table.numbers.get(int(m.group(1)), ())
        live = any(table.by_key[k].is_live for k in keys)
        for key in keys:
            share = 1.0 if table.by_key[key].is_live or not live else DEAD_NAMESAKE_SHARE
            others = tuple(k for k in keys if k != key)
            label = f"KEP-{m.group(1)}"
            hits.append(FeatureHit((key, *others), "kep", label, frozenset({m.group(1)}), share))
    return hits


def _gate_hit(token: str, raw: str, table: Features) -> FeatureHit | None:
    """The gate a word names: its exact spelling when the question writes one
    (`InPlacePodVerticalScalingExclusiveCPUs` and `...CPUS` are two gates of two KEPs), every
    spelling when it does not; the live KEPs that declare it, or all when none is live."""
    spellings = table.gates.get(token)
    if not spellings:
        return None
    exact = [g for g in spellings if _written(g, raw)]
    gates = exact or list(spellings)
    keys = sorted(
        {k for g in gates for k in table.gate_keps[g]},
        key=lambda k: (not table.by_key[k].is_live, table.by_key[k].kep, k),
    )
    live = [k for k in keys if table.by_key[k].is_live]
    first = table.by_key[(live or keys)[0]]
    label = next(g for g in gates if g in first.feature_gates)
    return FeatureHit(tuple(live or keys), "gate", label, frozenset({token}))


_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _written(name: str, raw: str) -> bool:
    """`name` stands in `raw` as a word of its own (no ASCII letter or digit either side). Its
    places are found by str.find: a pattern that starts with a lookbehind is tried at every
    character, ~80 us on a long message's raw text, for each gate it names."""
    at = raw.find(name)
    while at >= 0:
        end = at + len(name)
        if (at == 0 or raw[at - 1] not in _ALNUM) and (end == len(raw) or raw[end] not in _ALNUM):
            return True
        at = raw.find(name, at + 1)
    return False
