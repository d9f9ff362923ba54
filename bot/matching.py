"""Query x KnowledgeBase -> ranked groups, each with the reasons it matched. Pure; the only
module that imports rapidfuzz.

The work is split by source of evidence (bot/evidence/): OWNERS paths, features (KEPs, gates,
titles), phrases (names, topics, subprojects, repositories, retired names), Chinese aliases, a
linked channel, and term weighting over the project's own records. Each source builds its table
once per knowledge base and credits what one question says; this module runs them in order and
adds the evidence up per group:

- a key inside a longer matched key is part of it ("structured logging" inside "structured
  logging working group"); a KEP title that says no more than a curated topic gives way to it;
- an everyday word ("windows", "job") is weak evidence, unless the message is plainly about
  Kubernetes (it holds specific evidence, or says "Kubernetes") and the word is not one most
  groups' records use ("pod", "node");
- evidence in the sentence that asks ("... Who maintains kind?") counts more than the context;
- each span of the question counts once per group, its best key; a specific key said twice is
  one reason.
"""

from __future__ import annotations

import math
import re
from itertools import compress
from typing import NamedTuple

from bot.evidence import SOURCES, paths
from bot.evidence.base import CODE_WEIGHT, GENERIC_STRONG_SHARE, Evidence, Index, Scan
from bot.evidence.features import Features
from bot.evidence.kinds import KINDS, WEAK_SHARE
from bot.evidence.phrases import Phrases
from bot.evidence.terms import TERMS_WEIGHT, Terms, is_kubernetes_generic
from bot.lang import has_cjk
from bot.message import ROLE_WEIGHT
from bot.model import Feature, KnowledgeBase
from bot.query import (
    KUBERNETES_WORDS,
    SAYS_PROJECT,
    SEPARATOR,
    Query,
    stemmed_stopwords,
    term_stem,
    tokenize,
)

__all__ = ["Evidence", "Index", "Ranked", "build_index", "rank_groups"]

# An everyday key is specific in a Kubernetes message unless this share of the groups' records
# use the word (IDF decides): "pods on the same node" next to "scheduler" stays the scheduler's.
CONTEXT_MAX_GROUPS = 0.4
# Words that make a message a Kubernetes one, so its everyday keys count as ours ("scaling"
# beside "pods"): the project's name and groups, and its commonest objects. "cluster" and
# "container" are as much a database's or a ship's.
CONTEXT_WORDS = SAYS_PROJECT | KUBERNETES_WORDS
# Misspelt words corrected per message, in the order they stand: each new one costs a fuzzy
# scan of part of the vocabulary (~0.1 ms), and a long message has many unknown names.
MAX_CORRECTIONS = 12
# Pasted output mentions every component it passed through (a `kubectl describe` names the
# scheduler, the kubelet, volumes, probes): what it says for one group adds up to at most this
# many points, about half a specific key the person wrote, so it decides between groups the
# prose leaves close and names one when the prose names none, but never outvotes the question.
CODE_POINTS_CAP = 0.6
SHOWN_WORDS = 3  # groups whose matched words are listed (an answer names its first ones)
CORRECTION_CACHE_SIZE = 20_000  # distinct misspellings remembered per index


class Ranked(NamedTuple):
    """One candidate group, with its score and the evidence for it (strongest first). A named
    tuple for the speed of building one (see Evidence); `r._replace(lead=...)` makes a copy."""

    group: str
    score: float  # 0-100, for display and the JSON contract
    via: str
    label: str
    retired: bool = False
    shared_with: tuple[str, ...] = ()
    points: float = 0.0  # evidence points: the ranking value
    strong: int = 0  # pieces of specific evidence in what the person wrote
    code_strong: int = 0  # ... and in what they pasted (logs, stack traces)
    evidence: tuple[Evidence, ...] = ()
    terms: tuple[str, ...] = ()  # words the term weighting matched, best first
    term_points: float = 0.0  # the part of `points` that term weighting gave
    weak_points: float = 0.0  # the part that everyday words inside a sentence gave
    distinct: tuple[str, ...] = ()  # words the records use for this group only
    lead: float = 0.0  # first group only: its points over the second group's
    misnomer: str = ""  # the wrong name asked for ("sig-batch"), when this group is what it means
    detail: str = ""  # for a path: the subproject whose OWNERS file holds it


def build_index(kb: KnowledgeBase) -> Index:
    """Everything searchable, built once per knowledge base (a reload builds a new one)."""
    index = Index(words=kb.vocabulary, stopwords=stemmed_stopwords(kb.vocabulary))
    index.everyday = dict(kb.everyday)
    for word, zipf in sorted(kb.everyday.items()):
        key = term_stem(word)
        index.everyday_stems[key] = max(zipf, index.everyday_stems.get(key, 0.0))
    vocab: set[str] = set()
    for source in SOURCES:
        table = source.build(kb, index)
        index.tables[source.NAME] = table
        if hasattr(source, "words"):
            vocab.update(source.words(table))
    index.vocabulary = tuple(sorted(w for w in vocab if not has_cjk(w)))
    # Another product's word beside a key; a word that is itself a key ("openstack", "aws":
    # cloud providers) is where Kubernetes meets that product, not another product.
    keys = phrases_of(index).keys
    index.beside_words = frozenset(w for w in kb.vocabulary.foreign if w not in keys)
    chinese = sorted((w for w in index.beside_words if has_cjk(w)), key=lambda w: (-len(w), w))
    index.beside_chinese = re.compile("|".join(map(re.escape, chinese))) if chinese else None
    index.vocabulary_set = frozenset(index.vocabulary)
    by_first: dict[tuple[str, int], list[str]] = {}
    for w in index.vocabulary:
        by_first.setdefault((w[0], len(w)), []).append(w)
    index.by_first = {k: tuple(v) for k, v in by_first.items()}
    return index


def phrases_of(index: Index) -> Phrases:
    return index.table("phrases", Phrases)


def features_of(index: Index) -> dict[str, Feature]:
    """Every KEP by `Feature.key` (owning group, number, folder)."""
    return index.table("features", Features).by_key


def document_vocabulary(kb: KnowledgeBase) -> set[str]:
    """Every word the matcher can act on (for curators' tools such as scripts/)."""
    index = build_index(kb)
    return set(index.vocabulary) | set(index.table("features", Features).title_idf)


def max_edits(word: str) -> int:
    """Short words must match exactly ("lol" is not "lts"); longer words may have typos."""
    n = len(word)
    if n <= 4:
        return 0
    if n <= 8:
        return 1
    return 2


def correct_word(index: Index, word: str) -> tuple[str, int] | None:
    """The vocabulary word nearest to `word` within its edit budget, and the edit count."""
    if word in index.corrections:
        return index.corrections[word]
    # Words with digits are versions and names ("auth0", "k3s"), not misspellings.
    budget = 0 if any(ch.isdigit() for ch in word) else max_edits(word)
    result = None
    if budget:
        # rapidfuzz is imported on the first misspelling, not with the module: most questions
        # have none, and `sigbot ask` should not pay ~20 ms at start-up for it.
        from rapidfuzz import process
        from rapidfuzz.distance import DamerauLevenshtein

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


def start_scan(query: Query, index: Index) -> Scan:
    """The question as the sources read it: paths first (when a path names an OWNERS location,
    its words "src", "pkg" are not topics), then the content words, spelling corrected."""
    table = index.table(paths.NAME, paths.Paths)
    tokens = list(query.tokens)
    path_hits = []
    for path in query.paths:
        where = _find(tokens, tokenize(path), query.prose_len or len(tokens))
        weight = max((query.weight(i) for i in where), default=1.0)
        path_hits += [(*hit, weight) for hit in paths.match_path(path, table)]
    if path_hits:
        for path in query.paths:
            for i in _find(tokens, tokenize(path), query.prose_len or len(tokens)):
                tokens[i] = SEPARATOR
    code_weight = ROLE_WEIGHT["code"]
    code_hits = [
        (*hit, code_weight) for path in query.code_paths for hit in paths.match_path(path, table)
    ]
    content_words = set(query.content)
    # The content words' positions, found in C (a long message has hundreds of tokens).
    content = list(compress(range(len(tokens)), map(content_words.__contains__, tokens)))
    if "kep" in content_words:
        # "KEP-753": the word "kep" is part of the number, not a question about the KEP process.
        content = [i for i in content if not (tokens[i] == "kep" and _number_after(tokens, i))]
    corrected = list(tokens)
    edits = [0] * len(tokens)
    attempts: set[str] = set()
    for i in content:
        tok = tokens[i]
        if i >= (query.prose_len or len(tokens)) or len(attempts) >= MAX_CORRECTIONS:
            break  # pasted output is not misspelt prose; and a long message is bounded
        if (
            tok not in index.vocabulary_set
            and tok not in index.words.not_typos
            and tok.isascii()
            and max_edits(tok)
        ):
            attempts.add(tok)
            fix = correct_word(index, tok)
            if fix:
                corrected[i], edits[i] = fix
    zh_units = (len(query.zh_text) + 1) // 2  # Chinese words are mostly two characters long
    units = max(1, len(content) + zh_units + (1 if path_hits else 0))
    return Scan(query, index, tokens, corrected, edits, content, units, path_hits + code_hits)


def _number_after(tokens: list[str], i: int) -> bool:
    """A number follows the word at `i` ("kep 753")."""
    return i + 1 < len(tokens) and tokens[i + 1].isdigit()


def _find(tokens: list[str], words: list[str], end: int) -> list[int]:
    """The positions of every run of `words` among the first `end` tokens."""
    n = len(words)
    found: list[int] = []
    for i in range(end - n + 1) if n else ():
        if tokens[i : i + n] == words:
            found += range(i, i + n)
    return found


def rank_groups(query: Query, index: Index, limit: int = 5) -> list[Ranked]:
    """All groups the query points at, best first. Pure and bounded in time by MAX_TOKENS."""
    scan = start_scan(query, index)
    for source in SOURCES:
        source.collect(scan, index.tables[source.NAME])
    return _rank_from(scan, limit)


def _rank_from(scan: Scan, limit: int) -> list[Ranked]:
    """The groups what the sources credited points at, best first."""
    groups = _weigh_hits(scan)
    # Rank every group by a cheap total, and build the full summary (evidence, labels) only for
    # the few that are returned. Most groups a message touches have term weights only: their
    # total is two lookups, with no keys to add up.
    prose_terms, code_terms = scan.term_total, scan.code_term_total
    several = scan.query.several
    hit_points = {
        gid: _hit_points(hits, TERMS_WEIGHT * code_terms.get(gid, 0.0), several)
        for gid, hits in groups.items()
    }
    totals = [
        (-total, gid)
        for gid, (points, _) in hit_points.items()
        if (total := points + TERMS_WEIGHT * prose_terms.get(gid, 0.0)) > 0
    ]
    if code_terms:
        for gid in prose_terms.keys() | code_terms.keys():
            if gid not in hit_points:
                code = TERMS_WEIGHT * code_terms.get(gid, 0.0)
                totals.append(
                    (-(min(code, CODE_POINTS_CAP) + TERMS_WEIGHT * prose_terms.get(gid, 0.0)), gid)
                )
    else:  # no pasted output (most messages): a term-only group's total is its prose terms'
        totals += [
            (-(TERMS_WEIGHT * t), gid) for gid, t in prose_terms.items() if gid not in hit_points
        ]
    totals.sort()
    shortlist = _shortlist(totals, limit)
    # Words are listed for the first groups (an answer names them) and for any group with no
    # key (its words are its label).
    wanted = {
        g
        for i, g in enumerate(shortlist)
        if i < SHOWN_WORDS or g not in hit_points or not hit_points[g][1]
    }
    words = scan.terms_of(wanted, scan.index.table("terms", Terms).weight_of)
    ranked = []
    for gid in shortlist:
        found = hit_points.get(gid)
        if found is None:  # term weights only (a total above zero: above zero for its words)
            found = (min(TERMS_WEIGHT * code_terms.get(gid, 0.0), CODE_POINTS_CAP), [])
        r = _summarise(gid, scan, found, words.get(gid))
        if r is not None:
            ranked.append(r)
    # On a tie, a retired group goes first: "模型服务化工作负载" names WG Serving as much as
    # workloads, and the reader should learn the group is gone and where its work went.
    ranked.sort(key=lambda r: (-r.points, -r.strong, not r.retired, r.group))
    if ranked:
        second = ranked[1].points if len(ranked) > 1 else 0.0
        ranked[0] = ranked[0]._replace(lead=ranked[0].points / second if second else math.inf)
    return ranked[:limit]


def _shortlist(totals: list[tuple[float, str]], limit: int) -> list[str]:
    """The groups worth summarising, from (-total, group) sorted: the cheap total is the final
    ranking value, so a group whose total is below the limit-th one (the second one, which the
    first's lead needs) can never be returned. The margin of two covers ties the final order
    breaks differently (by specific evidence, then id)."""
    top = totals[: limit + 2]
    last = max(limit, 2) - 1
    if len(top) <= last + 1:
        return [gid for _, gid in top]
    floor = top[last][0]
    return [gid for negative, gid in top if negative <= floor]


# Kinds as _weigh_hits reads them: looked up once, not once per piece of evidence.
_CONTEXTUAL = frozenset(name for name, k in KINDS.items() if k.contextual)
_TOPIC = frozenset(name for name, k in KINDS.items() if k.topic)


# A key as weighed: (points, span, the evidence as found, strong, weight, beside a foreign word,
# whether any of these differ from the evidence as found). The evidence is rebuilt with them
# only if it is kept (_hit_points): a long message says most of its keys many times, and only
# one of each counts.
Weighed = tuple[float, frozenset[int], Evidence, bool, float, bool, bool]


def _elsewhere_positions(tokens: list[str], phrase: str) -> frozenset[int]:
    """Where the message says a thing outside the project named with our words ("Windows 11",
    "Spring Security", "AWS autoscaling group"): "windows", "security" and "autoscaling" there
    name no group."""
    words = phrase.split() if phrase.isascii() else []
    if not words:
        return frozenset()
    n = len(words)
    return frozenset(
        j for i in range(len(tokens) - n + 1) if tokens[i : i + n] == words for j in range(i, i + n)
    )


def _published_ids(tokens: list[str]) -> frozenset[int]:
    """Where the message cites a published advisory by its identifier ("CVE-2021-25741": a
    word, a year, a number): the advisory is public, and its word ("CVE") names the matter
    being asked about (a fix's release, a mitigation), not a report to make. The component it
    names says whose it is."""
    if "cve" not in tokens:
        return frozenset()
    n = len(tokens)
    return frozenset(
        i
        for i, t in enumerate(tokens)
        if t == "cve"
        and i + 2 < n
        and len(tokens[i + 1]) == 4
        and tokens[i + 1].isdigit()
        and tokens[i + 2].isdigit()
    )


def _weigh_hits(scan: Scan) -> dict[str, list[Weighed]]:
    """Every key the sources found, weighed against the others: nesting, curated topics over
    KEP titles, Kubernetes context, and the sentence that asks."""
    query, tokens = scan.query, scan.tokens
    pending = _named_over_described(_curated_over_titles(scan.pending, tokens))
    inside = _inside_longer({span for _, _, span in pending})
    context = any(ev.strong for _, ev, _ in pending) or not CONTEXT_WORDS.isdisjoint(tokens)
    terms = scan.index.table("terms", Terms)
    foreign = scan.index.beside_words
    n = len(tokens)
    # Where other products' words stand, found once (most messages name none), not looked for
    # around every key.
    beside_at: set[int] = set()
    foreign_at: set[int] = set()
    if not foreign.isdisjoint(tokens):
        foreign_at = {i for i, t in enumerate(tokens) if t in foreign}
    chinese = scan.index.beside_chinese
    if chinese is not None and query.has_chinese:
        foreign_at |= {i for i, t in enumerate(tokens) if not t.isascii() and chinese.search(t)}
    if foreign_at:
        beside_at = _beside_positions(tokens, foreign_at)
    weights = query.weights
    outside = _elsewhere_positions(tokens, query.elsewhere) | _published_ids(tokens)
    generic: dict[str, bool] = {}  # word -> most groups' records use it (a long message repeats)
    every_generic_chinese = scan.index.words.generic_chinese_set
    generic_chinese = every_generic_chinese if query.several else frozenset()
    # Where a group's curated keys stand: its name said as an everyday word is still its
    # topic where curators also listed that word for it ("windows": SIG Windows).
    curated_at = {(gid, span) for gid, ev, span in pending if ev.via != "name_word"}
    groups: dict[str, list[Weighed]] = {}
    for gid, ev, span in pending:
        if span in inside or (outside and span and span <= outside):
            continue  # inside a longer key, or inside the name of something else
        points, strong, beside, weight = ev.points, ev.strong, ev.beside_foreign, ev.weight
        # Keys found in words take the weight of the part they stand in; sources whose keys have
        # no word positions (paths, Chinese aliases) weigh their own.
        if len(span) == 1:
            (one,) = span
            part = weights[one] if weights and one < n else 1.0
        else:
            one = n
            part = max((weights[i] for i in span if i < n), default=1.0) if weights else 1.0
        changed = False
        # An everyday word that is a key of ours counts as specific where the message holds
        # Kubernetes evidence ("drain" beside a node), but a group's name said as an everyday
        # word ("the app owner is asleep", "for the app and the maintenance process") names the
        # thing, not the group, whatever else the message says, unless curators listed the
        # word for the group too.
        if context and not strong and ev.via in _CONTEXTUAL:
            word = tokens[one] if one < n else ""
            if word and word not in generic:
                generic[word] = is_kubernetes_generic(terms, word, CONTEXT_MAX_GROUPS)
            if (
                not (word and generic[word])
                and ev.label not in generic_chinese
                and not (
                    ev.via == "name_word"
                    and scan.index.is_everyday(word)
                    and (gid, span) not in curated_at
                )
            ):
                points, strong, changed = points / WEAK_SHARE, True, True
                if ev.label in every_generic_chinese:
                    # 服务, 节点: ours in a one-line Kubernetes question, but less than two words
                    # near each other that describe a feature (流量突增 … 副本数)
                    points *= GENERIC_STRONG_SHARE
        if beside_at and (one in beside_at if one < n else not span.isdisjoint(beside_at)):
            beside = changed = True
        if part != 1.0:
            points, weight, changed = points * part, part, True
        groups.setdefault(gid, []).append((points, span, ev, strong, weight, beside, changed))
    return groups


def _curated_over_titles(
    pending: list[tuple[str, Evidence, frozenset[int]]], tokens: list[str]
) -> list[tuple[str, Evidence, frozenset[int]]]:
    """`pending` without a KEP title that says no more than a curated topic another group owns
    ("Cloud Controller Manager"): curators record who owns it today, a KEP who wrote it then."""
    if not any(ev.via == "feature" for _, ev, _ in pending):
        return pending  # most messages name no KEP title
    n = len(tokens)
    curated = [
        (gid, {tokens[i] for i in span if i < n})
        for gid, ev, span in pending
        if ev.strong and ev.via in _TOPIC
    ]
    if not curated:
        return pending
    # Compared by words, not positions: a title's words are every place they are said
    # ("cloud-controller-manager: route controller ..." says "controller" twice).
    return [
        (gid, ev, span)
        for gid, ev, span in pending
        if ev.via != "feature"
        or not any(o != gid and {tokens[i] for i in span if i < n} <= said for o, said in curated)
    ]


def _named_over_described(
    pending: list[tuple[str, Evidence, frozenset[int]]],
) -> list[tuple[str, Evidence, frozenset[int]]]:
    """`pending` without a feature described in everyday words (knowledge/described.yaml) that
    stands on a word another group's name of several words says: in
    "stumbled on the agent-sandbox project ... pods", "pod … sandbox" describes no feature of
    SIG Node's, the project is named. A description is a guess at what was meant; a name says
    it. One word of another group's ("snapshot" in "snapshot a running container's memory")
    does not outweigh a description. Nor a curated pair one of whose parts is the kind word of
    another group's name ("I created a PR for SIG Network": "created … sig" asks about creating
    no SIG)."""
    if not any(ev.via in ("described", "pair") for _, ev, _ in pending):
        return pending  # most messages describe no feature
    named = [
        (gid, span, len(span) > 1, ev.via == "name")
        for gid, ev, span in pending
        if ev.strong
        and ev.via not in ("described", "pair")
        and span
        and (len(span) > 1 or ev.kind.private)
    ]
    if not named:
        return pending
    # Nor one that holds such a key whole (any group's, or a private report's word): it would
    # take the key's place as the longer of the two ("bug bounty" … "kubernetes" swallowing the
    # report word "bug bounty").
    return [(gid, ev, span) for gid, ev, span in pending if not _yields(gid, ev, span, named)]


def _yields(
    gid: str,
    ev: Evidence,
    span: frozenset[int],
    named: list[tuple[str, frozenset[int], bool, bool]],
) -> bool:
    """Whether a description or a pair gives way to the keys named (see above)."""
    if ev.via == "described":
        return any((o != gid and several and span & s) or s < span for o, s, several, _ in named)
    if ev.via == "pair":
        return any(o != gid and name and bool(span & s) for o, s, _, name in named)
    return False


def _beside_positions(tokens: list[str], foreign_at: set[int]) -> set[int]:
    """The positions i with a foreign word (at one of `foreign_at`) within two words before
    it, or right after it: found once from the few foreign words, not looked for around
    every key."""
    n = len(tokens)
    return {
        i for j in foreign_at for i in range(max(0, j - 1), min(n, j + 3)) if tokens[j] != tokens[i]
    }


def _inside_longer(spans: set[frozenset[int]]) -> set[frozenset[int]]:
    """The spans that lie inside another, longer one. Most spans are one word, inside a longer
    one exactly when a longer span holds that word; a longer span is compared only with the
    longer spans that hold its first position, so a message that repeats one phrase many times
    costs a little per repetition, not the square of them. An empty span (no position) is
    inside any other."""
    longer = [span for span in spans if len(span) > 1]
    covering: dict[int, list[frozenset[int]]] = {}
    for span in longer:
        for i in span:
            covering.setdefault(i, []).append(span)
    inside = {span for span in longer if any(span < other for other in covering[min(span)])}
    for span in spans:
        if len(span) == 1:
            (i,) = span
            if i in covering:
                inside.add(span)
        elif not span and len(spans) > 1:
            inside.add(span)
    return inside


def _hit_points(
    hits: list[Weighed], code_terms: float = 0.0, long_message: bool = False
) -> tuple[float, list[Evidence]]:
    """A group's points from its keys (each span once, its best key) and from pasted output
    (keys and term weighting there together, at most CODE_POINTS_CAP), and the keys kept."""
    ordered = sorted(hits, key=_strongest_first)
    used: set[int] = set()
    seen: set[tuple[str, str]] = set()
    kept: list[Evidence] = []
    points = 0.0
    code = code_terms
    for worth, span, ev, strong, weight, beside, changed in ordered:
        if span and span <= used:
            continue  # "network policy" already counted; "policy" inside it adds nothing
        key = (ev.via, ev.label.casefold().rstrip("s"))
        if key in seen and (strong or long_message):
            # "endpoints + 2 Endpoints", "the Job ... its Jobs": a specific key said twice, or
            # in the singular and the plural, is one reason. An everyday word said again adds a
            # little in a title ("node ... node"); in a long message it is only repetition.
            continue
        seen.add(key)
        used |= span
        if changed:
            ev = Evidence(
                ev.via,
                ev.label,
                worth,
                strong,
                ev.retired,
                ev.shared_with,
                ev.location,
                ev.detail,
                weight,
                beside,
            )
        kept.append(ev)
        if weight <= CODE_WEIGHT:  # Evidence.in_code, inlined: this runs per piece
            code += worth
        else:
            points += worth
    return points + min(code, CODE_POINTS_CAP), kept


def _strongest_first(hit: Weighed) -> tuple[float, int]:
    """The order keys are counted in: most points first, then the longest span."""
    return (-hit[0], -len(hit[1]))


def _summarise(
    gid: str,
    scan: Scan,
    hits: tuple[float, list[Evidence]],
    words: tuple[dict[str, float], dict[str, float]] | None,
) -> Ranked | None:
    """Add up one group's evidence: each span of the question counts once, its best key.
    `words`: what term weighting matched for it, in prose and in pasted output (None when the
    answer will not list them)."""
    points, kept = hits
    term_points = TERMS_WEIGHT * scan.term_total.get(gid, 0.0)
    if not kept:
        if term_points <= 0 and points <= 0:
            return None
        return _summarise_terms(gid, scan, points + term_points, term_points, words)
    points += term_points
    prose = words[0] if words is not None else {}
    # Best first; equal weights keep the order they were weighed in (a stable sort).
    terms = sorted(prose, key=prose.__getitem__, reverse=True) if prose else []
    said: list[Evidence] = []
    in_code: list[Evidence] = []
    strong = code_strong = 0
    weak_points: float = 0  # an int when there is none, as sum() gives
    for ev in kept:  # Evidence.in_code, without a property call per piece; one pass
        if ev.weight <= CODE_WEIGHT:
            in_code.append(ev)
            code_strong += ev.strong
        else:
            said.append(ev)
            if ev.strong:
                strong += 1
            else:
                weak_points += ev.points
    best = (said or kept)[0]
    # Positional: a named tuple built from keywords costs twice as much, once per group.
    return Ranked(
        gid,
        round(100 * (1 - math.exp(-points)), 1),
        best.via,
        best.label,
        best.retired,
        best.shared_with,
        points,
        strong,
        code_strong,
        tuple(said + in_code),
        tuple(terms[:5]),
        term_points,
        weak_points,
        tuple(scan.distinct.get(gid, ())),
        0.0,
        "",
        best.detail,
    )


def _summarise_terms(
    gid: str,
    scan: Scan,
    points: float,
    term_points: float,
    words: tuple[dict[str, float], dict[str, float]] | None,
) -> Ranked:
    """A group only term weighting found (most of the groups a message touches): its label is
    its best words, in what the person wrote or else in pasted output."""
    prose, code = words if words is not None else ({}, {})
    terms = sorted(prose, key=prose.__getitem__, reverse=True) if prose else []
    label = ", ".join((terms or sorted(code, key=code.__getitem__, reverse=True))[:3])
    return Ranked(
        gid,
        round(100 * (1 - math.exp(-points)), 1),
        "terms",
        label,
        False,
        (),
        points,
        0,
        0,
        (),
        tuple(terms[:5]),
        term_points,
        0,
        tuple(scan.distinct.get(gid, ())),
        0.0,
        "",
        "",
    )
