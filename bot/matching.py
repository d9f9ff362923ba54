"""Query x KnowledgeBase -> ranked groups, each with the reason it matched. Pure; the only
module that imports rapidfuzz.

How it works, cheapest first:
1. Every name people use for a group (ids, names, labels, channels, curated topic aliases in
   English and Chinese, subprojects, repositories, retired names) becomes a key in one dict, built
   once. Phrases of the question (runs of 1-6 words) are looked up exactly: O(words).
2. Words the dict does not know are spell-corrected against the index's vocabulary with
   Damerau-Levenshtein distance (a transposition counts as one edit, so "kubeclt" is one edit from
   kubectl and two from kubelet), then the phrases are looked up again.
3. Paths ("pkg/kubelet", "kubernetes-sigs/kind") go to the OWNERS index: most specific wins.
4. Chinese has no spaces, so Chinese aliases are found by containment in the question.
5. Features: a KEP number ("KEP-753"), a feature gate ("SidecarContainers") or most of a KEP's
   title names a feature, and the KEP names its owner.
6. Term weighting (BM25) over what the project's own records say about each group: curated
   aliases, subproject names and OWNERS paths, KEP titles and summaries, charter scopes. Words
   used by every group ("pod", "cluster") weigh little because the data says so (IDF). Words are
   compared by their Snowball stem, so "detached" meets a KEP's "detach".

Each group collects evidence; every piece says what matched and how specific it is. A single
everyday-English word ("network", "release") is weak evidence inside a long sentence, because
"the office network is down" is not about SIG Network; the same word alone ("/sig network") is
the whole question and counts in full, and so does a word in a message that already holds
specific Kubernetes evidence ("containerd image pulls hang on windows").
"""

from __future__ import annotations

import math
import re
import zlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from bot.lang import has_cjk
from bot.model import Feature, KnowledgeBase, Vocabulary
from bot.query import Query, stemmed_stopwords, term_stem, to_key, tokenize

# Scores are on a 0-100 scale throughout.
EXACT = 100.0
TYPO_PENALTY = 9.0  # points lost per edit of a spell-corrected word
MAX_PHRASE_WORDS = 6
SPECIFICITY_BONUS = 0.5  # points per extra word in a matched phrase (tie-breaker only)

# Trust in each kind of key: curated aliases and names beat names derived from repositories.
Via = Literal[
    "name",
    "alias",
    "shared",
    "subproject",
    "repository",
    "path",
    "retired",
    "misnomer",
    "channel",
    "kep",
    "gate",
    "feature",
    "terms",
]
WEIGHT: dict[str, float] = {
    "name": 1.0,
    "channel": 1.0,
    "alias": 1.0,
    "shared": 1.0,
    "retired": 1.0,
    "misnomer": 1.0,
    "subproject": 0.95,
    "repository": 0.92,
    "path": 1.0,
    "kep": 1.0,
    "gate": 1.0,
    "feature": 1.0,
    "terms": 1.0,
}

# Evidence points, per piece of evidence (the ranking adds them up per group). Chosen on the dev
# sets (benchmarks/eval_quality.py): an explicit KEP number or gate outweighs a topic alias, and
# an everyday word inside a sentence is worth about a third of a specific one.
POINTS_STRONG = 1.0
POINTS_WEAK = 0.3
# An everyday word ("windows", "volumes", "job") is weak evidence because it may not mean the
# Kubernetes thing: "my windows laptop is slow". Once the message holds specific Kubernetes
# evidence ("containerd image pulls hang on windows") it does, and it counts as specific.
CONTEXT_VIAS = frozenset({"name", "alias", "shared", "subproject", "repository"})
CONTEXT_MAX_GROUPS = 0.4  # ... unless this share of the groups' records use the word (IDF)
# ... and so does a message that says it is about Kubernetes ("... for Kubernetes sub-projects").
SAYS_KUBERNETES = frozenset({"kubernete", "kubernetes", "k8s"})
POINTS_FEATURE = 1.6  # KEP number, feature gate
POINTS_TITLE = 1.2  # most of a KEP title
POINTS_PATH = 1.4
MIN_REPOSITORY_KEY = 3  # characters
# Evidence inside the sentence that asks ("... Who maintains kind?") names the subject; the
# context before it ("cgroup errors on my Mac") only describes the symptom.
ASKING_BONUS = 1.5
# BM25 (Robertson/Sparck Jones), per group document. k1: how fast repeated words saturate;
# b: how much a long document (SIG Node has 126 KEPs) is normalised towards the average.
BM25_K1 = 1.2
BM25_B = 0.75
TERMS_WEIGHT = 0.06  # evidence points per unit of BM25 score: ~0.3 points for one good term
# A word the records use for one group only ("defrag": etcd; "flakiness": testing), and often
# enough to matter there, and not an everyday word, is a specific piece of evidence on its own.
DISTINCT_SHARE = 0.9  # of the word's weight, summed over all groups
DISTINCT_POINTS = 0.2  # the word's own evidence points for that group
# How common a word must be in everyday English (wordfreq Zipf scale) before a single-word key
# stops counting as specific: "node" 3.9, "scheduling" 3.7, "sidecar" 2.5, "kubelet" absent.
EVERYDAY_ZIPF = 3.5
GENERAL_COMPUTING_SPECIFICITY = 0.5  # "yaml", "python": technical, but not ours
# A KEP title is named when the question holds this share of its (IDF-weighted) words.
TITLE_SHARE = 0.75
_KEP_NUMBER = re.compile(r"\bkep\s*[-#:]?\s*(\d{1,5})\b")
# Words of KEP titles that say nothing about which feature: they do not count towards a match.
_TITLE_FILLER = frozenset(
    "add adding support kubernetes k8s kep api apis new allow allowing enable improve improved "
    "introduce graduate graduation ga beta alpha stable promote feature based using via".split()
)


def max_edits(word: str) -> int:
    """Short words must match exactly ("lol" is not "lts"); longer words may have typos."""
    n = len(word)
    if n <= 4:
        return 0
    if n <= 8:
        return 1
    return 2


@dataclass(frozen=True)
class Entry:
    """One thing a key can mean: a group (active or retired) and how we know."""

    group: str  # group id, or retired id
    via: Via
    label: str  # the key as it appears upstream: 'kube-proxy', 'kind', 'kubernetes-sigs/kind'
    retired: bool = False
    shared_with: tuple[str, ...] = ()


@dataclass(frozen=True)
class PathEntry:
    location: str  # org/repo[/path]
    group: str
    subproject: str


@dataclass
class Index:
    phrases: dict[str, list[Entry]] = field(default_factory=dict)
    vocabulary: tuple[str, ...] = ()
    vocabulary_set: frozenset[str] = frozenset()
    zh_aliases: list[tuple[str, Entry]] = field(
        default_factory=list
    )  # (alias without spaces, entry)
    paths: list[PathEntry] = field(default_factory=list)  # longest location first
    path_at: dict[str, PathEntry] = field(default_factory=dict)  # location -> its entry
    path_below: dict[str, PathEntry] = field(default_factory=dict)  # prefix -> nearest under it
    max_phrase_words: int = 1
    first_words: set[str] = field(default_factory=set)  # words some key starts with
    corrections: dict[str, tuple[str, int] | None] = field(default_factory=dict)
    _by_length: dict[tuple[str, int, int], tuple[str, ...]] = field(default_factory=dict)
    # The vocabulary by first letter and length: where typo candidates are looked up.
    by_first: dict[tuple[str, int], tuple[str, ...]] = field(default_factory=dict)
    everyday: dict[str, float] = field(default_factory=dict)  # word -> Zipf frequency
    everyday_stems: dict[str, float] = field(default_factory=dict)  # stem -> its commonest form
    # BM25, precomputed: word stem -> [(group, weight)], so a query is a few dict lookups.
    term_weights: dict[str, list[tuple[str, float]]] = field(default_factory=dict)
    term_words: frozenset[str] = frozenset()  # the documents' words before stemming
    distinct_terms: dict[str, str] = field(default_factory=dict)  # stem -> the one group using it
    group_count: int = 0  # groups with a term document
    features: dict[int, Feature] = field(default_factory=dict)
    gates: dict[str, int] = field(default_factory=dict)  # folded gate name -> KEP number
    title_words: dict[str, list[int]] = field(default_factory=dict)  # title word -> KEPs
    title_idf: dict[str, float] = field(default_factory=dict)
    title_total: dict[int, float] = field(default_factory=dict)  # KEP -> sum of its words' idf
    # The knowledge base's word lists (questions are parsed with them) and its stop words as
    # tokens are compared.
    words: Vocabulary = field(default_factory=Vocabulary)
    stopwords: frozenset[str] = frozenset()
    # group -> {key of a subproject's name: the name}, to tell which subproject a topic names
    subproject_keys: dict[str, dict[str, str]] = field(default_factory=dict)

    def specificity(self, word: str) -> float:
        """1.0 for technical words, down to 0.1 for the most common English words."""
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

    def add(self, text: str, entry: Entry) -> None:
        key = to_key(text)
        if not key:
            return
        if has_cjk(key):
            compact = key.replace(" ", "")
            self.zh_aliases.append((compact, entry))
        bucket = self.phrases.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
        words = key.split()
        self.first_words.add(words[0])
        self.max_phrase_words = max(self.max_phrase_words, min(len(words), MAX_PHRASE_WORDS))
        if 1 < len(words) <= 3 and not has_cjk(key):
            # "kubeproxy", "clusterapi": people drop the separator.
            compact_key = "".join(words)
            self.first_words.add(compact_key)
            compact_bucket = self.phrases.setdefault(compact_key, [])
            if entry not in compact_bucket:
                compact_bucket.append(entry)


def build_index(kb: KnowledgeBase) -> Index:
    """Everything searchable, built once per knowledge base (a reload builds a new one)."""
    index = Index(words=kb.vocabulary, stopwords=stemmed_stopwords(kb.vocabulary))
    for g in kb.groups:  # names first: a repository key never shadows a group's name
        for name in sorted({g.id, g.name, g.display_name, g.label, f"{g.label_prefix} {g.label}"}):
            if name:
                index.add(name, Entry(g.id, "name", g.display_name))
    for g in kb.groups:
        if g.slack:
            index.add(g.slack, Entry(g.id, "channel", f"#{g.slack}"))
        index.subproject_keys[g.id] = {to_key(sub.name): sub.name for sub in g.subprojects}
        for sub in g.subprojects:
            # A subproject named after a group ("wg-device-management" under SIG Architecture)
            # is not what the group's name means.
            if not any(e.via == "name" for e in index.phrases.get(to_key(sub.name), ())):
                index.add(sub.name, Entry(g.id, "subproject", sub.name))
            for loc in sub.owners:
                index.paths.append(PathEntry(loc, g.id, sub.name))
                parts = loc.split("/")
                # A repository name is a key on its own only when it can mean nothing else:
                # kubernetes-client/c must not turn every "c" into SIG API Machinery.
                if (
                    len(parts) == 2
                    and len(parts[1]) >= MIN_REPOSITORY_KEY
                    and not any(e.via == "name" for e in index.phrases.get(to_key(parts[1]), ()))
                ):  # kubernetes-csi/docs is not what "docs" means
                    index.add(parts[1], Entry(g.id, "repository", loc))
    for t in kb.topics:
        via: Via = "shared" if t.shared else "alias"
        for gid in t.groups:
            index.add(t.alias, Entry(gid, via, t.alias, shared_with=t.groups if t.shared else ()))
    for r in kb.retired:
        kind: Via = "misnomer" if r.misnomer else "retired"
        names = {r.id, r.display_name, *r.aliases}
        if not r.misnomer:
            names.add(f"{r.name} {'working group' if r.kind == 'wg' else r.kind}")
        for name in sorted(names):  # a fixed order: the index is the same in every process
            index.add(name, Entry(r.id, kind, r.display_name, retired=True))
    index.paths.sort(key=lambda p: (-len(p.location), p.location))
    for entry in index.paths:
        index.path_at.setdefault(entry.location, entry)
        parts = entry.location.split("/")
        for n in range(1, len(parts)):
            prefix = "/".join(parts[:n])
            known = index.path_below.get(prefix)
            if known is None or (len(entry.location), entry.location) < (
                len(known.location),
                known.location,
            ):
                index.path_below[prefix] = entry
    index.everyday = dict(kb.everyday)
    for word, zipf in sorted(kb.everyday.items()):
        key = term_stem(word)
        index.everyday_stems[key] = max(zipf, index.everyday_stems.get(key, 0.0))
    active = {g.id for g in kb.groups}
    for f in kb.features:
        index.features[f.kep] = f
        for gate in f.feature_gates:
            index.gates.setdefault("".join(tokenize(gate.lower())), f.kep)
    _index_titles(index, [f for f in kb.features if f.owning_group in active])
    _index_terms(index, group_documents(kb))
    vocab = {w for key in index.phrases for w in key.split() if not has_cjk(w)}
    vocab |= {w for w in index.term_words if not has_cjk(w)}
    index.vocabulary = tuple(sorted(vocab))
    index.vocabulary_set = frozenset(vocab)
    by_first: dict[tuple[str, int], list[str]] = {}
    for w in index.vocabulary:
        by_first.setdefault((w[0], len(w)), []).append(w)
    index.by_first = {k: tuple(v) for k, v in by_first.items()}
    return index


def _title_words(title: str, stopwords: frozenset[str]) -> set[str]:
    return {
        w
        for w in tokenize(title.lower())
        if w not in stopwords and w not in _TITLE_FILLER and not w.isdigit() and len(w) > 1
    }


def _index_titles(index: Index, features: list[Feature]) -> None:
    words_of = {f.kep: _title_words(f.title, index.stopwords) for f in features}
    df: dict[str, int] = {}
    for words in words_of.values():
        for w in words:
            df[w] = df.get(w, 0) + 1
    n = max(1, len(words_of))
    index.title_idf = {w: math.log(1 + (n - d + 0.5) / (d + 0.5)) for w, d in df.items()}
    for kep, words in words_of.items():
        index.title_total[kep] = math.fsum(index.title_idf[w] for w in words)  # order-free
        for w in words:
            index.title_words.setdefault(w, []).append(kep)


def group_documents(kb: KnowledgeBase) -> dict[str, dict[str, float]]:
    """What the project's records say about each active group, as word counts: the document
    the term-weighting layer scores a question against."""
    docs: dict[str, dict[str, float]] = {g.id: {} for g in kb.groups}
    stopwords = stemmed_stopwords(kb.vocabulary)

    def add(gid: str, text: str, weight: float) -> None:
        doc = docs.get(gid)
        if doc is None:
            return
        for w in tokenize(text.lower().replace("/", " ").replace("_", " ")):
            if w not in stopwords and not w.isdigit():
                doc[w] = doc.get(w, 0.0) + weight

    for g in kb.groups:
        add(g.id, f"{g.name} {g.label}", 3.0)
        for sub in g.subprojects:
            add(g.id, sub.name, 2.0)
            for loc in sub.owners:
                add(g.id, loc, 1.0)
    for t in kb.topics:
        if t.lang == "en":
            for gid in t.groups:
                add(gid, t.alias, 2.0)
    for f in kb.features:
        add(f.owning_group, f.title, 2.0)
        for gate in f.feature_gates:
            add(f.owning_group, gate.lower(), 1.0)
        for w, n in f.terms.items():
            docs.get(f.owning_group, {})[w] = docs.get(f.owning_group, {}).get(w, 0.0) + n
    for gid, terms in kb.scope_terms.items():
        for w, n in terms.items():
            if gid in docs:
                docs[gid][w] = docs[gid].get(w, 0.0) + 2.0 * n
    docs.pop("", None)
    return docs


def document_vocabulary(kb: KnowledgeBase) -> set[str]:
    """Every word the matcher can act on (for curators' tools such as scripts/)."""
    index = build_index(kb)
    return set(index.vocabulary) | set(index.title_idf)


def _index_terms(index: Index, docs: dict[str, dict[str, float]]) -> None:
    n = len(docs)
    if not n:
        return
    lengths = {gid: sum(doc.values()) for gid, doc in docs.items()}
    avg = sum(lengths.values()) / n or 1.0
    index.term_words = frozenset(w for doc in docs.values() for w in doc)
    index.group_count = n
    # Documents are counted by stem: a KEP says "detach", the question says "detached".
    stemmed: dict[str, dict[str, float]] = {}
    for gid, doc in docs.items():
        sdoc = stemmed.setdefault(gid, {})
        for w in sorted(doc):  # a fixed order: float sums must not depend on set order
            key = term_stem(w)
            sdoc[key] = sdoc.get(key, 0.0) + doc[w]
    docs = stemmed
    df: dict[str, int] = {}
    for doc in docs.values():
        for w in doc:
            df[w] = df.get(w, 0) + 1
    for gid, doc in docs.items():
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[gid] / avg)
        for w, tf in doc.items():
            idf = math.log(1 + (n - df[w] + 0.5) / (df[w] + 0.5))
            weight = idf * tf * (BM25_K1 + 1) / (tf + norm)
            index.term_weights.setdefault(w, []).append((gid, weight))
    for w, weights in index.term_weights.items():
        total = math.fsum(x for _, x in weights)
        gid, best = max(weights, key=lambda t: (t[1], t[0]))
        if best / total >= DISTINCT_SHARE and TERMS_WEIGHT * best >= DISTINCT_POINTS:
            index.distinct_terms[w] = gid


@dataclass(frozen=True)
class Evidence:
    """One reason a group matched: what kind of key, the key itself, and how specific it is."""

    via: Via
    label: str  # the key as people say it: 'kube-proxy', 'pkg/kubelet', 'SidecarContainers'
    points: float
    strong: bool  # specific enough to answer on its own
    retired: bool = False
    shared_with: tuple[str, ...] = ()
    location: str = ""  # OWNERS location (path), subproject name, or KEP number
    detail: str = ""  # for a path: the subproject whose OWNERS file holds it


@dataclass(frozen=True)
class Ranked:
    """One candidate group, with its score and the evidence for it (strongest first)."""

    group: str
    score: float  # 0-100, for display and the JSON contract
    via: Via
    label: str
    retired: bool = False
    shared_with: tuple[str, ...] = ()
    points: float = 0.0  # evidence points: the ranking value
    strong: int = 0  # pieces of specific evidence
    evidence: tuple[Evidence, ...] = ()
    terms: tuple[str, ...] = ()  # words the term weighting matched, best first
    term_points: float = 0.0  # the part of `points` that term weighting gave
    weak_points: float = 0.0  # the part that everyday words inside a sentence gave
    distinct: tuple[str, ...] = ()  # words the records use for this group only
    lead: float = 0.0  # first group only: its points over the second group's
    misnomer: str = ""  # the wrong name asked for ("sig-batch"), when this group is what it means
    detail: str = ""  # for a path: the subproject whose OWNERS file holds it


@dataclass(frozen=True)
class FeatureHit:
    kep: int
    via: Literal["kep", "gate", "feature"]
    label: str
    words: frozenset[str] = frozenset()  # the question's words that named it


@dataclass
class _Group:
    hits: list[tuple[Evidence, frozenset[int]]] = field(default_factory=list)
    terms: dict[str, float] = field(default_factory=dict)
    distinct: list[str] = field(default_factory=list)


CORRECTION_CACHE_SIZE = 20_000  # distinct misspellings remembered per index


def correct_word(index: Index, word: str) -> tuple[str, int] | None:
    """The vocabulary word nearest to `word` within its edit budget, and the edit count."""
    if word in index.corrections:
        return index.corrections[word]
    # Words with digits are versions and names ("auth0", "k3s"), not misspellings.
    budget = 0 if any(ch.isdigit() for ch in word) else max_edits(word)
    result = None
    if budget:
        found = process.extract(
            word,
            index.candidates(word[0], len(word), budget),
            scorer=DamerauLevenshtein.distance,
            processor=None,
            score_cutoff=budget,
            limit=5,
        )
        if found:
            best_distance = found[0][1]
            # Typos rarely change the length much.
            best = [w for w, d, _ in found if d == best_distance]
            best.sort(key=lambda w: (abs(len(w) - len(word)), w))
            if best:
                result = (best[0], int(best_distance))
    if len(index.corrections) >= CORRECTION_CACHE_SIZE:
        index.corrections.clear()
    index.corrections[word] = result
    return result


def find_features(query: Query, index: Index) -> list[FeatureHit]:
    """Features the question names: KEP numbers, then feature gates, then KEP titles."""
    hits: list[FeatureHit] = []
    for m in _KEP_NUMBER.finditer(query.text):
        kep = int(m.group(1))
        if kep in index.features:
            hits.append(FeatureHit(kep, "kep", f"KEP-{kep}", frozenset({m.group(1)})))
    for tok in query.tokens:
        kep_of_gate = index.gates.get(tok)
        if kep_of_gate is not None and all(h.kep != kep_of_gate for h in hits):
            gate = next(
                g
                for g in index.features[kep_of_gate].feature_gates
                if "".join(tokenize(g.lower())) == tok
            )
            hits.append(FeatureHit(kep_of_gate, "gate", gate, frozenset({tok})))
    words = set(query.tokens)
    shares: dict[int, float] = {}
    for w in sorted(words):  # a fixed order: float sums, and so ties, are the same every run
        for kep in index.title_words.get(w, ()):
            shares[kep] = shares.get(kep, 0.0) + index.title_idf[w]
    best = sorted(
        ((v / index.title_total[k], k) for k, v in shares.items() if index.title_total[k] > 0),
        reverse=True,
    )
    if best and best[0][0] >= TITLE_SHARE:
        share, kep = best[0]
        runner_up = best[1][0] if len(best) > 1 else 0.0
        matched = [
            w for w in _title_words(index.features[kep].title, index.stopwords) if w in words
        ]
        # Two titles equally named ("... for Pods" / "... for Services") say nothing about which;
        # and a one-word title that is an everyday word ("Apply") names nothing on its own.
        named = len(matched) >= 2 or (
            index.title_idf.get(matched[0], 0) > 4 and index.specificity(matched[0]) >= 1.0
        )
        if share > runner_up and named and all(h.kep != kep for h in hits):
            title = index.features[kep].title
            hits.append(FeatureHit(kep, "feature", title, frozenset(matched)))
    return hits


def rank_groups(query: Query, index: Index, limit: int = 5) -> list[Ranked]:
    """All groups the query points at, best first. Pure and bounded in time by MAX_TOKENS."""
    groups: dict[str, _Group] = {}
    content_words = set(query.content)
    tokens = list(query.tokens)

    # Paths first: when a path names an OWNERS location, its words ("src", "pkg") are not topics.
    path_hits = [hit for path in query.paths for hit in _match_path(path, index)]
    if path_hits:
        rest = query.text
        for path in query.paths:
            rest = rest.replace(path, " ")
        tokens = tokenize(rest)
    # "KEP-753": the word "kep" is part of the number, not a question about the KEP process.
    kep_words = {i for i, t in enumerate(tokens[:-1]) if t == "kep" and tokens[i + 1].isdigit()}
    content_positions = [
        i for i, t in enumerate(tokens) if t in content_words and i not in kep_words
    ]
    zh_units = _zh_units(query.zh_text)
    units = max(1, len(content_positions) + zh_units + (1 if path_hits else 0))

    pending: list[tuple[str, Evidence, frozenset[int]]] = []

    def credit(ev: Evidence, group: str, span: frozenset[int]) -> None:
        pending.append((group, ev, span))

    path_unit = len(tokens) + 1000  # a coverage slot of its own for the path
    for path_entry, label, score in path_hits:
        ev = Evidence(
            "path",
            label,
            POINTS_PATH * score / EXACT,
            True,
            location=path_entry.location,
            detail=path_entry.subproject,
        )
        credit(ev, path_entry.group, frozenset({path_unit}))

    for hit in find_features(query, index):
        f = index.features[hit.kep]
        points = POINTS_TITLE if hit.via == "feature" else POINTS_FEATURE
        ev = Evidence(hit.via, hit.label, points, True, location=str(hit.kep))
        span = frozenset(i for i, t in enumerate(tokens) if t in hit.words)
        credit(ev, f.owning_group, span or frozenset({path_unit + 1 + hit.kep}))

    # 1 + 2: exact phrases, then phrases with corrected words.
    corrected = list(tokens)
    edits = [0] * len(tokens)
    for i in content_positions:
        tok = tokens[i]
        if tok not in index.vocabulary_set and not has_cjk(tok):
            fix = correct_word(index, tok)
            if fix:
                corrected[i], edits[i] = fix

    content_set = set(content_positions)

    def phrase(entry: Entry, score: float, span: set[int], words: list[str]) -> None:
        strong = len(words) > 1 or not index.is_everyday(words[0]) or entry.via == "channel"
        # The word is the whole question: "/sig network", "scheduling". A word of computing at
        # large must be all of it: "yaml" is the subproject, "perl regex help" is not a client.
        whole = 1.0 if words[0] in index.words.general_computing else 0.5
        if not strong and len(span & content_set) / units >= whole:
            strong = True
        points = (POINTS_STRONG if strong else POINTS_WEAK) * score / EXACT * WEIGHT[entry.via]
        if not strong and len(words) == 1 and words[0] in index.words.general_computing:
            points *= GENERAL_COMPUTING_SPECIFICITY
        points += SPECIFICITY_BONUS / 100 * (len(words) - 1)
        ev = Evidence(entry.via, entry.label, points, strong, entry.retired, entry.shared_with)
        credit(ev, entry.group, frozenset(span))

    _scan_phrases(tokens, [0] * len(tokens), content_positions, index, phrase)
    if corrected != tokens:
        _scan_phrases(corrected, edits, content_positions, index, phrase)

    # 4: Chinese aliases by containment.
    if query.zh_text:
        compact = "".join(tokenize(query.text))  # the same folding as the index keys
        found = [(alias, entry) for alias, entry in index.zh_aliases if alias in compact]
        for alias, entry in found:
            if any(alias != other and alias in other for other, _ in found):
                continue  # 控制器管理器 inside 云控制器管理器: the longer, more specific one wins
            ev = Evidence(
                entry.via,
                entry.label,
                POINTS_STRONG + SPECIFICITY_BONUS / 100 * len(alias),
                True,
                entry.retired,
                entry.shared_with,
            )
            # A coverage slot of its own per Chinese alias; crc32, not hash(): str hashes change
            # from process to process, and answers must not.
            slot = len(tokens) + 2000 + zlib.crc32(alias.encode()) % 997
            credit(ev, entry.group, frozenset({slot}))

    # 5: a channel linked in the question (<#C1|sig-network>) is a strong hint.
    if query.channel_hint:
        for entry in index.phrases.get(to_key(query.channel_hint), []):
            ev = Evidence("channel", entry.label, POINTS_STRONG, True, entry.retired)
            credit(ev, entry.group, frozenset(content_positions))

    # A phrase inside a longer matched phrase is part of it, whichever group the longer one
    # names: "structured logging working group" is the retired WG, not the topic inside it.
    lo, hi = query.asking if not path_hits else (0, 0)
    # A KEP title that says no more than a curated topic ("Cloud Controller Manager") names
    # the topic: curators record who owns it today, a KEP who wrote it then.
    curated_spans = [
        (gid, span) for gid, ev, span in pending if ev.via in ("alias", "shared") and ev.strong
    ]
    pending = [
        (gid, ev, span)
        for gid, ev, span in pending
        if ev.via != "feature"
        or not any(other != gid and span <= cover for other, cover in curated_spans)
    ]
    inside = _inside_longer(set(span for _, _, span in pending))
    context = any(ev.strong for _, ev, _ in pending) or not SAYS_KUBERNETES.isdisjoint(tokens)
    for gid, ev, span in pending:
        if span in inside:
            continue
        if (
            context
            and not ev.strong
            and ev.via in CONTEXT_VIAS
            and not _kubernetes_generic(index, tokens, span)
        ):
            ev = replace(ev, points=ev.points * POINTS_STRONG / POINTS_WEAK, strong=True)
        if (hi > lo and span and all(lo <= i < hi for i in span)) or (
            query.asking_text
            and has_cjk(ev.label)
            and ev.label.replace(" ", "") in query.asking_text.replace(" ", "")
        ):
            ev = replace(ev, points=ev.points * ASKING_BONUS)
        groups.setdefault(gid, _Group()).hits.append((ev, span))

    # 6: term weighting over every content word (corrected where that found a known word).
    seen_terms: set[str] = set()
    for i in content_positions:
        for word in dict.fromkeys((tokens[i], corrected[i])):  # in order, each once
            key = term_stem(word)
            if key in seen_terms or key not in index.term_weights:
                continue
            seen_terms.add(key)
            spec = index.specificity(word)
            owner = index.distinct_terms.get(key)
            if owner is not None and spec >= 1.0:
                groups.setdefault(owner, _Group()).distinct.append(word)
            for gid, weight in index.term_weights[key]:
                g = groups.setdefault(gid, _Group())
                g.terms[word] = weight * spec
    for tok in query.tokens:  # English words inside a Chinese question
        key = term_stem(tok)
        if has_cjk(query.text) and key not in seen_terms and key in index.term_weights:
            if tok in index.stopwords:
                continue
            seen_terms.add(key)
            spec = index.specificity(tok)
            for gid, weight in index.term_weights[key]:
                groups.setdefault(gid, _Group()).terms[tok] = weight * spec

    # Most groups have only a few weighted words: rank them by a cheap total, and build the full
    # summary (evidence, labels) only for the few that are returned.
    totals = []
    hit_points: dict[str, tuple[float, list[Evidence]]] = {}
    for gid, g in groups.items():
        term_points = TERMS_WEIGHT * sum(g.terms.values())
        if g.hits:
            hit_points[gid] = _hit_points(g)
            totals.append((-(term_points + hit_points[gid][0]), gid))
        elif term_points > 0:
            totals.append((-term_points, gid))
    totals.sort()
    # The cheap total is the final ranking value; the margin covers ties the final order breaks
    # differently (by specific evidence, then id).
    shortlist = [gid for _, gid in totals[: limit + 2]]
    ranked = [
        r
        for r in (_summarise(gid, groups[gid], hit_points.get(gid)) for gid in shortlist)
        if r is not None
    ]
    # On a tie, a retired group goes first: "模型服务化工作负载" names WG Serving as much as
    # workloads, and the reader should learn the group is gone and where its work went.
    ranked.sort(key=lambda r: (-r.points, -r.strong, not r.retired, r.group))
    if ranked:
        second = ranked[1].points if len(ranked) > 1 else 0.0
        ranked[0] = replace(ranked[0], lead=ranked[0].points / second if second else math.inf)
    return ranked[:limit]


def _kubernetes_generic(index: Index, tokens: list[str], span: frozenset[int]) -> bool:
    """A word most groups' records use ("node", "pod", "service"): in a Kubernetes message it
    singles out no group, so the message's context does not make it specific."""
    if len(span) != 1:
        return False
    (i,) = span
    if i >= len(tokens):
        return False
    weights = index.term_weights.get(term_stem(tokens[i]), ())
    return len(weights) > CONTEXT_MAX_GROUPS * max(1, index.group_count)


def _inside_longer(spans: set[frozenset[int]]) -> set[frozenset[int]]:
    """The spans that lie inside another, longer one. Each span is compared only with the
    spans that share its first position, so a message that repeats one phrase many times
    costs a little per repetition, not the square of them."""
    covering: dict[int, list[frozenset[int]]] = {}
    for span in spans:
        for i in span:
            covering.setdefault(i, []).append(span)
    inside = set()
    for span in spans:
        if not span:
            if any(spans - {span}):
                inside.add(span)
        elif any(span < other for other in covering[min(span)]):
            inside.add(span)
    return inside


def _hit_points(g: _Group) -> tuple[float, list[Evidence]]:
    hits = sorted(g.hits, key=lambda h: (-h[0].points, -len(h[1])))
    used: set[int] = set()
    seen: set[tuple[str, str]] = set()
    kept: list[Evidence] = []
    points = 0.0
    for ev, span in hits:
        if span and span <= used:
            continue  # "network policy" already counted; "policy" inside it adds nothing
        key = (ev.via, ev.label.casefold())
        if ev.strong and key in seen:
            continue  # "endpoints + 2 Endpoints": a specific key said twice is one reason
        seen.add(key)
        used |= span
        kept.append(ev)
        points += ev.points
    return points, kept


def _summarise(
    gid: str, g: _Group, hits: tuple[float, list[Evidence]] | None = None
) -> Ranked | None:
    """Add up one group's evidence: each span of the question counts once, its best key."""
    points, kept = hits if hits is not None else _hit_points(g)
    terms = sorted(g.terms.items(), key=lambda kv: -kv[1])
    term_points = TERMS_WEIGHT * sum(v for _, v in terms)
    if not kept and term_points <= 0:
        return None
    points += term_points
    best = kept[0] if kept else Evidence("terms", ", ".join(w for w, _ in terms[:3]), 0, False)
    score = round(100 * (1 - math.exp(-points)), 1)
    return Ranked(
        gid,
        score,
        best.via,
        best.label,
        best.retired,
        best.shared_with,
        points=points,
        strong=sum(1 for ev in kept if ev.strong),
        evidence=tuple(kept),
        terms=tuple(w for w, _ in terms[:5]),
        term_points=term_points,
        distinct=tuple(g.distinct),
        weak_points=sum(ev.points for ev in kept if not ev.strong),
        detail=best.detail,
    )


def _zh_units(zh_text: str) -> int:
    # Chinese words are mostly two characters long; count the question's "words" that way.
    return (len(zh_text) + 1) // 2 if zh_text else 0


def _scan_phrases(
    tokens: list[str],
    edits: list[int],
    content_positions: list[int],
    index: Index,
    credit: Callable[[Entry, float, set[int], list[str]], None],
) -> None:
    """Look up every run of up to max_phrase_words words that holds at least one content word."""
    content = set(content_positions)
    n = len(tokens)
    before = [0] * (n + 1)  # content words before each position, for O(1) span checks
    for i in range(n):
        before[i + 1] = before[i] + (i in content)
    for start in range(n):
        if tokens[start] not in index.first_words:
            continue  # no key starts with this word
        for length in range(min(index.max_phrase_words, n - start), 0, -1):
            end = start + length
            if before[end] == before[start]:
                continue
            entries = index.phrases.get(" ".join(tokens[start:end]))
            if not entries:
                continue
            score = EXACT - TYPO_PENALTY * sum(edits[start:end])
            for entry in entries:
                # The whole phrase, stopwords included: "... working group" is longer than the
                # "structured logging" inside it.
                credit(entry, score, set(range(start, end)), tokens[start:end])


def _normalise_path(path: str) -> list[str]:
    """Candidate OWNERS locations a path may mean, most literal first."""
    p = path.strip().strip("/")
    for prefix in ("https://", "http://"):
        if p.startswith(prefix):
            p = p[len(prefix) :]
    for host in ("github.com/", "raw.githubusercontent.com/", "www.github.com/"):
        if p.startswith(host):
            p = p[len(host) :]
    parts = [x for x in p.split("/") if x]
    if len(parts) > 3 and parts[2] in ("blob", "tree"):
        parts = parts[:2] + parts[4:]
    if parts and parts[-1].upper() == "OWNERS":
        parts = parts[:-1]
    if (
        parts
        and "." in parts[-1]
        and len(parts) > 2
        and parts[-1].endswith((".go", ".md", ".yaml"))
    ):
        parts = parts[:-1]  # a file: its directory's owners
    p = "/".join(parts)
    candidates = [p]
    if parts and parts[0] == "k8s.io" and len(parts) > 1:
        # Go import path k8s.io/client-go -> the staging directory and the published repo.
        candidates += [
            f"kubernetes/kubernetes/staging/src/{p}",
            "kubernetes/" + "/".join(parts[1:]),
        ]
    if parts and parts[0] in (
        "pkg",
        "cmd",
        "staging",
        "test",
        "plugin",
        "cluster",
        "hack",
        "api",
        "build",
    ):
        candidates.append(f"kubernetes/kubernetes/{p}")
    return candidates


def _match_path(path: str, index: Index) -> list[tuple[PathEntry, str, float]]:
    """The most specific OWNERS location that contains the path, or the ones under it."""
    for candidate in _normalise_path(path):
        parts = candidate.split("/")
        for n in range(len(parts), 0, -1):  # the path itself, then its parents: most specific
            entry = index.path_at.get("/".join(parts[:n]))
            if entry is not None:
                return [(entry, entry.location, EXACT)]
        best = index.path_below.get(candidate)  # the shortest OWNERS location under the path
        if best is not None:
            return [(best, best.location, EXACT - 5)]
    return []
