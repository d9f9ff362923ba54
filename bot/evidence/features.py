"""Features a question names: a KEP number ("KEP-753"), a feature gate ("SidecarContainers") or
most of a KEP's title ("sidecar containers"). The KEP names its owning group. Pure."""

from __future__ import annotations

import heapq
import math
import re
from dataclasses import dataclass, field

from bot.evidence.base import Evidence, Index, Scan
from bot.evidence.kinds import kind
from bot.model import Feature, KnowledgeBase
from bot.query import Query, tokenize

NAME = "features"
# A KEP title is named when the question holds this share of its (IDF-weighted) words.
TITLE_SHARE = 0.75
_KEP_NUMBER = re.compile(r"\bkep\s*[-#:]?\s*(\d{1,5})\b")
# Words of KEP titles that say nothing about which feature: they do not count towards a match.
_TITLE_FILLER = frozenset(
    "add adding support kubernetes k8s kep api apis new allow allowing enable improve improved "
    "introduce graduate graduation ga beta alpha stable promote feature based using via".split()
)


@dataclass
class Features:
    by_kep: dict[int, Feature] = field(default_factory=dict)
    gates: dict[str, int] = field(default_factory=dict)  # folded gate name -> KEP number
    title_words: dict[str, list[int]] = field(default_factory=dict)  # title word -> KEPs
    title_idf: dict[str, float] = field(default_factory=dict)
    title_total: dict[int, float] = field(default_factory=dict)  # KEP -> sum of its words' idf
    stopwords: frozenset[str] = frozenset()


@dataclass(frozen=True)
class FeatureHit:
    kep: int
    via: str  # kep | gate | feature
    label: str
    words: frozenset[str] = frozenset()  # the question's words that named it


def title_words(title: str, stopwords: frozenset[str]) -> set[str]:
    return {
        w
        for w in tokenize(title.lower())
        if w not in stopwords and w not in _TITLE_FILLER and not w.isdigit() and len(w) > 1
    }


def build(kb: KnowledgeBase, index: Index) -> Features:
    table = Features(stopwords=index.stopwords)
    for f in kb.features:
        table.by_kep[f.kep] = f
        for gate in f.feature_gates:
            table.gates.setdefault("".join(tokenize(gate.lower())), f.kep)
    active = {g.id for g in kb.groups}
    owned = [f for f in kb.features if f.owning_group in active]
    words_of = {f.kep: title_words(f.title, index.stopwords) for f in owned}
    df: dict[str, int] = {}
    for ws in words_of.values():
        for w in ws:
            df[w] = df.get(w, 0) + 1
    n = max(1, len(words_of))
    table.title_idf = {w: math.log(1 + (n - d + 0.5) / (d + 0.5)) for w, d in df.items()}
    for kep, ws in words_of.items():
        table.title_total[kep] = math.fsum(table.title_idf[w] for w in ws)  # order-free
        for w in ws:
            table.title_words.setdefault(w, []).append(kep)
    return table


def collect(scan: Scan, table: Features) -> None:
    for hit in find_features(scan.query, scan.index, table):
        f = table.by_kep[hit.kep]
        ev = Evidence(hit.via, hit.label, kind(hit.via).points, True, location=str(hit.kep))
        span = frozenset(i for i, t in enumerate(scan.tokens) if t in hit.words)
        scan.credit(f.owning_group, ev, span or frozenset({scan.new_slot()}))


def find_features(query: Query, index: Index, table: Features) -> list[FeatureHit]:
    """Features the question names: KEP numbers, then feature gates, then KEP titles."""
    hits: list[FeatureHit] = []
    for m in _KEP_NUMBER.finditer(query.text):
        kep = int(m.group(1))
        if kep in table.by_kep:
            hits.append(FeatureHit(kep, "kep", f"KEP-{kep}", frozenset({m.group(1)})))
    for tok in query.tokens:
        kep_of_gate = table.gates.get(tok)
        if kep_of_gate is not None and all(h.kep != kep_of_gate for h in hits):
            gate = next(
                g
                for g in table.by_kep[kep_of_gate].feature_gates
                if "".join(tokenize(g.lower())) == tok
            )
            hits.append(FeatureHit(kep_of_gate, "gate", gate, frozenset({tok})))
    said = set(query.tokens[: query.prose_len or None])  # titles in pasted output are noise
    shares: dict[int, float] = {}
    for w in sorted(said):  # a fixed order: float sums, and so ties, are the same every run
        for kep in table.title_words.get(w, ()):
            shares[kep] = shares.get(kep, 0.0) + table.title_idf[w]
    best = heapq.nlargest(  # the two best titles: a full sort of every KEP named is wasted
        2, ((v / table.title_total[k], k) for k, v in shares.items() if table.title_total[k] > 0)
    )
    if best and best[0][0] >= TITLE_SHARE:
        share, kep = best[0]
        runner_up = best[1][0] if len(best) > 1 else 0.0
        matched = [w for w in title_words(table.by_kep[kep].title, table.stopwords) if w in said]
        # Two titles equally named ("... for Pods" / "... for Services") say nothing about which;
        # and a one-word title that is an everyday word ("Apply") names nothing on its own.
        named = len(matched) >= 2 or (
            table.title_idf.get(matched[0], 0) > 4 and index.specificity(matched[0]) >= 1.0
        )
        if share > runner_up and named and all(h.kep != kep for h in hits):
            hits.append(FeatureHit(kep, "feature", table.by_kep[kep].title, frozenset(matched)))
    return hits
