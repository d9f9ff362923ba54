"""Term weighting (BM25) over what the project's own records say about each group: curated
aliases, subproject names and OWNERS paths, KEP titles and summaries, charter scopes. Pure.

Words used by every group ("pod", "cluster") weigh little because the data says so (IDF); words
are compared by their Snowball stem, so "detached" meets a KEP's "detach". A word the records use
for one group only ("defrag": etcd), often enough to matter there, is Kubernetes evidence by
itself. The scores are precomputed into postings (stem -> [(group, weight)]), so a question is a
few dict lookups (the shape of bm25s).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable
from dataclasses import dataclass, field

from bot.evidence.base import CODE_WEIGHT, Index, Scan
from bot.lang import has_cjk
from bot.model import KnowledgeBase
from bot.query import stemmed_stopwords, term_stem, tokenize

NAME = "terms"
# BM25 (Robertson/Sparck Jones), per group document. k1: how fast repeated words saturate;
# b: how much a long document (SIG Node has 126 KEPs) is normalised towards the average.
BM25_K1 = 1.2
BM25_B = 0.75
TERMS_WEIGHT = 0.06  # evidence points per unit of BM25 score: ~0.3 points for one good term
# A word the records use for one group only ("defrag": etcd; "flakiness": testing), and often
# enough to matter there, and not an everyday word, is a specific piece of evidence on its own.
DISTINCT_SHARE = 0.9  # of the word's weight, summed over all groups
DISTINCT_POINTS = 0.2  # the word's own evidence points for that group
STEM_CACHE_SIZE = 50_000  # distinct said words whose stems a table remembers


@dataclass
class Terms:
    """BM25 postings over the groups' own records, by stem."""

    postings: dict[str, list[tuple[str, float]]] = field(default_factory=dict)  # stem -> weights
    weight_of: dict[str, dict[str, float]] = field(default_factory=dict)  # stem -> group -> weight
    words: frozenset[str] = frozenset()  # the documents' words before stemming
    distinct: dict[str, str] = field(default_factory=dict)  # stem -> the one group using it
    group_count: int = 0  # groups with a term document
    # The same postings with each group as its number in `group_ids`: a question adds its words'
    # weights up in a list of numbers, not a dict of names (the inner loop of term weighting).
    group_ids: tuple[str, ...] = ()
    numbered: dict[str, tuple[tuple[int, float], ...]] = field(default_factory=dict)
    # A said word -> its stem when the records use it, else "" (see `stem_of`).
    stems: dict[str, str] = field(default_factory=dict)


def group_documents(kb: KnowledgeBase) -> dict[str, dict[str, float]]:
    """What the project's records say about each active group, as word counts: the document
    the term weighting scores a question against."""
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
        # A report's cue word ("tone", "mocked") says nothing of a topic unless the message asks
        # whom to tell: it is no term of its committee's record.
        if t.lang == "en" and not t.report_cue:
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


def build(kb: KnowledgeBase, index: Index) -> Terms:
    docs = group_documents(kb)
    table = Terms()
    n = len(docs)
    if not n:
        return table
    lengths = {gid: sum(doc.values()) for gid, doc in docs.items()}
    avg = sum(lengths.values()) / n or 1.0
    table.words = frozenset(w for doc in docs.values() for w in doc)
    table.group_count = n
    # Documents are counted by stem: a KEP says "detach", the question says "detached".
    stemmed: dict[str, dict[str, float]] = {}
    for gid, doc in docs.items():
        sdoc = stemmed.setdefault(gid, {})
        for w in sorted(doc):  # a fixed order: float sums must not depend on set order
            key = term_stem(w)
            sdoc[key] = sdoc.get(key, 0.0) + doc[w]
    df: dict[str, int] = {}
    for sdoc in stemmed.values():
        for w in sdoc:
            df[w] = df.get(w, 0) + 1
    for gid, sdoc in stemmed.items():
        norm = BM25_K1 * (1 - BM25_B + BM25_B * lengths[gid] / avg)
        for w, tf in sdoc.items():
            idf = math.log(1 + (n - df[w] + 0.5) / (df[w] + 0.5))
            weight = idf * tf * (BM25_K1 + 1) / (tf + norm)
            table.postings.setdefault(w, []).append((gid, weight))
    table.weight_of = {w: dict(weights) for w, weights in table.postings.items()}
    table.group_ids = tuple(stemmed)
    number = {gid: i for i, gid in enumerate(table.group_ids)}
    table.numbered = {
        w: tuple((number[gid], x) for gid, x in weights) for w, weights in table.postings.items()
    }
    for w, weights in table.postings.items():
        total = math.fsum(x for _, x in weights)
        gid, best = max(weights, key=lambda t: (t[1], t[0]))
        if best / total >= DISTINCT_SHARE and TERMS_WEIGHT * best >= DISTINCT_POINTS:
            table.distinct[w] = gid
    return table


def words(table: Terms) -> Iterable[str]:
    return (w for w in table.words if not has_cjk(w))


def is_kubernetes_generic(table: Terms, word: str, share: float) -> bool:
    """A word more than `share` of the groups' records use ("node", "pod", "service")."""
    key = stem_of(table, word)
    return bool(key) and len(table.postings[key]) > share * max(1, table.group_count)


def stem_of(table: Terms, word: str) -> str:
    """The stem of `word` when the records use it, else "". Remembered per word (a bounded
    memo): the same words come back message after message, and stemming is most of a lookup."""
    found = table.stems.get(word)
    if found is None:
        if len(table.stems) >= STEM_CACHE_SIZE:
            table.stems.clear()
        key = term_stem(word)
        found = table.stems[word] = key if key in table.postings else ""
    return found


def _said_once(scan: Scan, table: Terms) -> tuple[dict[str, float], dict[str, str]]:
    """Each stem the records use, once, in the order first said (as said, then as corrected),
    with the highest weight of a part it stands in (no more than prose's: the asking bonus is
    for keys), and the word it was first said as. One pass over the content words: a long
    message says its words many times, and each is stemmed once (remembered per word).
    Pasted output is read as its distinct words: its words are never corrected and all weigh
    CODE_WEIGHT, the lowest weight, so a word said again there can change nothing (a long
    message pastes ~300 words of output, ~100 of them distinct)."""
    tokens, corrected, weights = scan.tokens, scan.corrected, scan.query.weights
    stems = table.stems
    weight_of: dict[str, float] = {}  # stem -> its weight, in the order first said
    word_of: dict[str, str] = {}  # stem -> the word it was first said as
    content = scan.content
    prose_len = scan.query.prose_len
    cut = bisect_left(content, prose_len) if prose_len else len(content)
    for i in content[:cut]:
        w = weights[i] if weights else 1.0
        if w > 1.0:
            w = 1.0
        token, fixed = tokens[i], corrected[i]
        for word in (token,) if fixed == token else (token, fixed):
            key = stems.get(word)
            if key is None:
                key = stem_of(table, word)
            if not key:
                continue
            known = weight_of.get(key)
            if known is None:
                word_of[key] = word
                weight_of[key] = w
            elif w > known:
                weight_of[key] = w
    for word in dict.fromkeys(map(tokens.__getitem__, content[cut:])):
        key = stems.get(word)
        if key is None:
            key = stem_of(table, word)
        if key and key not in weight_of:
            word_of[key] = word
            weight_of[key] = CODE_WEIGHT
    return weight_of, word_of


def collect(scan: Scan, table: Terms) -> None:
    """Every content word (corrected where that found a known word), each stem once, at the
    weight of the part it stands in."""
    index, query = scan.index, scan.query
    weight_of, word_of = _said_once(scan, table)
    scan.seen_terms.update(weight_of)
    _add_up(scan, table, weight_of, word_of)
    if not query.has_chinese:
        return
    postings = table.postings
    for tok in query.tokens[: query.prose_len or None]:  # English words in a Chinese question
        key = term_stem(tok)
        if key in scan.seen_terms or key not in postings or tok in index.stopwords:
            continue
        scan.seen_terms.add(key)
        scan.credit_terms(key, tok, index.specificity(tok), postings[key])


def _add_up(scan: Scan, table: Terms, weight_of: dict[str, float], word_of: dict[str, str]) -> None:
    """Each stem's weights, times its word's specificity and its part's weight, added up per
    group: as Scan.credit_terms does, in the same order (so the same float sums), over group
    numbers."""
    specificity, distinct, numbered = scan.index.specificity, table.distinct, table.numbered
    prose = [0.0] * len(table.group_ids)
    code = [0.0] * len(table.group_ids)
    term_list = scan.term_list
    for key, weight in weight_of.items():
        word = word_of[key]
        spec = specificity(word)
        if spec >= 1.0 and key in distinct:
            scan.credit_distinct(distinct[key], word)
        factor = spec * weight
        in_code = weight <= CODE_WEIGHT
        term_list.append((key, word, factor, in_code))
        sums = code if in_code else prose
        if factor == 1.0:  # x * 1.0 is x, exactly: most words of a short question
            for i, x in numbered[key]:
                sums[i] += x
        else:
            for i, x in numbered[key]:
                sums[i] += x * factor
    # Every weight is above zero (BM25's idf and every part's weight are), so a group a word
    # reached has a sum above zero, and one no word reached has none.
    ids = table.group_ids
    scan.term_total.update({ids[i]: total for i, total in enumerate(prose) if total})
    scan.code_term_total.update({ids[i]: total for i, total in enumerate(code) if total})
