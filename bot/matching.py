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
Evidence is aggregated per group: a group whose keys cover more of the question ranks higher.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from bot.model import KnowledgeBase
from bot.query import Query, has_cjk, to_key, tokenize

# Scores are on a 0-100 scale throughout.
EXACT = 100.0
TYPO_PENALTY = 9.0  # points lost per edit of a spell-corrected word
# How much of the question a group's evidence must cover: a single generic word inside a long
# unrelated sentence ("my storage unit is full") should not produce a confident answer.
COVERAGE_FLOOR = 0.65  # score multiplier when evidence covers almost nothing of the question
MAX_PHRASE_WORDS = 6
SPECIFICITY_BONUS = 0.5  # points per extra word in a matched phrase (tie-breaker only)

# Trust in each kind of key: curated aliases and names beat names derived from repositories.
Via = Literal[
    "name", "alias", "shared", "subproject", "repository", "path", "retired", "misnomer", "channel"
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
}


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
    label: str  # human-readable evidence: 'kube-proxy', 'subproject kind'
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
    max_phrase_words: int = 1
    corrections: dict[str, tuple[str, int] | None] = field(default_factory=dict)
    _by_length: dict[tuple[int, int], tuple[str, ...]] = field(default_factory=dict)

    def candidates(self, length: int, budget: int) -> tuple[str, ...]:
        """Vocabulary words whose length is within `budget` edits of `length`: the others
        cannot be within budget, so the fuzzy scan skips them (most of the vocabulary)."""
        key = (length, budget)
        if key not in self._by_length:
            self._by_length[key] = tuple(
                w for w in self.vocabulary if abs(len(w) - length) <= budget
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
        self.max_phrase_words = max(self.max_phrase_words, min(len(words), MAX_PHRASE_WORDS))
        if 1 < len(words) <= 3 and not has_cjk(key):
            # "kubeproxy", "clusterapi": people drop the separator.
            compact_key = "".join(words)
            compact_bucket = self.phrases.setdefault(compact_key, [])
            if entry not in compact_bucket:
                compact_bucket.append(entry)


def build_index(kb: KnowledgeBase) -> Index:
    """Everything searchable, built once per knowledge base (a reload builds a new one)."""
    index = Index()
    for g in kb.groups:
        for name in {g.id, g.name, g.display_name, g.label, f"{g.label_prefix} {g.label}"}:
            if name:
                index.add(name, Entry(g.id, "name", g.display_name))
        if g.slack:
            index.add(g.slack, Entry(g.id, "channel", f"#{g.slack}"))
        for sub in g.subprojects:
            index.add(sub.name, Entry(g.id, "subproject", f"subproject {sub.name}"))
            for loc in sub.owners:
                index.paths.append(PathEntry(loc, g.id, sub.name))
                parts = loc.split("/")
                if len(parts) == 2:
                    index.add(parts[1], Entry(g.id, "repository", f"repository {loc}"))
    for t in kb.topics:
        via: Via = "shared" if t.shared else "alias"
        for gid in t.groups:
            index.add(t.alias, Entry(gid, via, t.alias, shared_with=t.groups if t.shared else ()))
    for r in kb.retired:
        kind: Via = "misnomer" if r.misnomer else "retired"
        names = {r.id, r.display_name, *r.aliases}
        if not r.misnomer:
            names.add(f"{r.name} {'working group' if r.kind == 'wg' else r.kind}")
        for name in names:
            index.add(name, Entry(r.id, kind, r.display_name, retired=True))
    index.paths.sort(key=lambda p: (-len(p.location), p.location))
    vocab = {w for key in index.phrases for w in key.split() if not has_cjk(w)}
    index.vocabulary = tuple(sorted(vocab))
    index.vocabulary_set = frozenset(vocab)
    return index


@dataclass(frozen=True)
class Ranked:
    """One candidate group, with its score and the strongest evidence for it."""

    group: str
    score: float
    via: Via
    label: str
    retired: bool = False
    shared_with: tuple[str, ...] = ()


@dataclass
class _Evidence:
    best: float = 0.0  # the strongest single hit, weighted by how much of the question it covers
    raw: float = 0.0  # that hit's score before coverage
    entry: Entry | None = None
    covered: set[int] = field(default_factory=set)  # indexes of content units covered


CORRECTION_CACHE_SIZE = 20_000  # distinct misspellings remembered per index


def correct_word(index: Index, word: str) -> tuple[str, int] | None:
    """The vocabulary word nearest to `word` within its edit budget, and the edit count."""
    if word in index.corrections:
        return index.corrections[word]
    budget = max_edits(word)
    result = None
    if budget:
        found = process.extract(
            word,
            index.candidates(len(word), budget),
            scorer=DamerauLevenshtein.distance,
            processor=None,
            score_cutoff=budget,
            limit=5,
        )
        if found:
            best_distance = found[0][1]
            best = [w for w, d, _ in found if d == best_distance]
            # People rarely mistype the first letter, and typos rarely change the length much.
            best.sort(key=lambda w: (w[0] != word[0], abs(len(w) - len(word)), w))
            result = (best[0], int(best_distance))
    if len(index.corrections) >= CORRECTION_CACHE_SIZE:
        index.corrections.clear()
    index.corrections[word] = result
    return result


def _coverage_factor(coverage: float) -> float:
    return COVERAGE_FLOOR + (1 - COVERAGE_FLOOR) * min(1.0, coverage)


def rank_groups(query: Query, index: Index, limit: int = 5) -> list[Ranked]:
    """All groups the query points at, best first. Pure and bounded in time by MAX_TOKENS."""
    evidence: dict[str, _Evidence] = {}
    content_words = set(query.content)
    tokens = list(query.tokens)

    # Paths first: when a path names an OWNERS location, its words ("src", "pkg") are not topics.
    path_hits = [hit for path in query.paths for hit in _match_path(path, index)]
    if path_hits:
        rest = query.text
        for path in query.paths:
            rest = rest.replace(path, " ")
        tokens = tokenize(rest)
    content_positions = [i for i, t in enumerate(tokens) if t in content_words]
    zh_units = _zh_units(query.zh_text)
    units = max(1, len(content_positions) + zh_units + (1 if path_hits else 0))

    def credit(entry: Entry, score: float, covered: set[int], length: int = 1) -> None:
        ev = evidence.setdefault(entry.group, _Evidence())
        # Longer phrases are more specific: "structured logging working group" beats the
        # "structured logging" inside it.
        raw = score * WEIGHT[entry.via] + SPECIFICITY_BONUS * (length - 1)
        value = raw * _coverage_factor(len(covered) / units)
        if value > ev.best:
            ev.best, ev.raw, ev.entry = value, raw, entry
        ev.covered |= covered

    path_unit = len(tokens) + 1000  # a coverage slot of its own for the path
    for path_entry, label, score in path_hits:
        credit(Entry(path_entry.group, "path", label), score, {path_unit}, length=3)

    # 1 + 2: exact phrases, then phrases with corrected words.
    corrected = list(tokens)
    edits = [0] * len(tokens)
    for i in content_positions:
        tok = tokens[i]
        if tok not in index.vocabulary_set and not has_cjk(tok):
            fix = correct_word(index, tok)
            if fix:
                corrected[i], edits[i] = fix
    _scan_phrases(tokens, [0] * len(tokens), content_positions, index, credit)
    if corrected != tokens:
        _scan_phrases(corrected, edits, content_positions, index, credit)

    # 4: Chinese aliases by containment.
    if query.zh_text:
        compact = "".join(tokenize(query.text))  # the same folding as the index keys
        found = [(alias, entry) for alias, entry in index.zh_aliases if alias in compact]
        for alias, entry in found:
            if any(alias != other and alias in other for other, _ in found):
                continue  # 控制器管理器 inside 云控制器管理器: the longer, more specific one wins
            share = min(1.0, len(alias) / max(1, len(query.zh_text)))
            covered = {len(tokens) + k for k in range(max(1, round(share * zh_units)))}
            credit(entry, EXACT, covered, length=len(alias))

    # 5: a channel linked in the question (<#C1|sig-network>) is a strong hint.
    if query.channel_hint:
        for entry in index.phrases.get(to_key(query.channel_hint), []):
            credit(entry, EXACT, set(content_positions))

    ranked = []
    for gid, ev in evidence.items():
        if ev.entry is None:
            continue
        score = min(EXACT, ev.raw * _coverage_factor(len(ev.covered) / units))
        ranked.append(
            Ranked(
                gid,
                round(score, 1),
                ev.entry.via,
                ev.entry.label,
                ev.entry.retired,
                ev.entry.shared_with,
            )
        )
    ranked.sort(key=lambda r: (-r.score, -evidence[r.group].raw, r.retired, r.group))
    return ranked[:limit]


def _zh_units(zh_text: str) -> int:
    # Chinese words are mostly two characters long; count the question's "words" that way.
    return (len(zh_text) + 1) // 2 if zh_text else 0


def _scan_phrases(
    tokens: list[str],
    edits: list[int],
    content_positions: list[int],
    index: Index,
    credit: Callable[[Entry, float, set[int], int], None],
) -> None:
    """Look up every run of up to max_phrase_words words that holds at least one content word."""
    content = set(content_positions)
    n = len(tokens)
    for start in range(n):
        for length in range(min(index.max_phrase_words, n - start), 0, -1):
            end = start + length
            span = set(range(start, end)) & content
            if not span:
                continue
            entries = index.phrases.get(" ".join(tokens[start:end]))
            if not entries:
                continue
            score = EXACT - TYPO_PENALTY * sum(edits[start:end])
            for entry in entries:
                credit(entry, score, span, length)


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
        for entry in index.paths:  # longest first, so the first hit is the most specific
            loc = entry.location
            if candidate == loc or candidate.startswith(loc + "/"):
                return [(entry, f"{loc} (subproject {entry.subproject})", EXACT)]
        below = [e for e in index.paths if e.location.startswith(candidate + "/")]
        if below:
            best = min(below, key=lambda e: (len(e.location), e.location))
            return [(best, f"{best.location} (subproject {best.subproject})", EXACT - 5)]
    return []
