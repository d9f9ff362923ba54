"""Topics said in two parts: a word of one list near a word of another ("who approves creating
a WG?": "creating" near "WG"; "SIG chair 一届多久": "chair" near "一届"), curated per group in
knowledge/topics.yaml (`pairs`). A phrase list would need every wording ("create a working
group", "creating a WG", "a new SIG gets formed"); two short lists and a distance cover them.
Pure.

Only what the person wrote is read (not pasted output), and the two parts must stand within
WINDOW words of each other (Chinese: ZH_WINDOW characters, in one sentence), so "I created a PR
for SIG Network" is not a question about creating SIGs; a pair marked `anywhere: true` is made
of words particular enough ("wind it down", "arbitrates") that one message is near enough.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass, field
from functools import cache
from itertools import compress, count, repeat

from ahocorasick import Automaton

from bot.evidence.base import Evidence, Index, Scan
from bot.evidence.kinds import kind
from bot.lang import CJK_CLASS
from bot.message import ROLE_WEIGHT
from bot.model import KnowledgeBase, Pair
from bot.query import Query, tokenize

NAME = "pairs"
WINDOW = 3  # words at most between the two parts
GAP = 3
# A word of the English phrases as one character (Pairs.letters): past every character a
# message or a phrase holds (the supplementary planes), and NO_LETTER for a word of none.
FIRST_LETTER = 0x10000
NO_LETTER = "\x00"
ANYWHERE = 1_000_000  # a pair marked `anywhere: true`: no limit within what the person wrote
ZH_WINDOW = 12  # characters at most between the two parts, in Chinese, in one sentence

Words = tuple[str, ...]


@dataclass
class Pairs:
    """The table of topics said in two parts (topics.yaml `pairs`), English and Chinese."""

    groups: list[str] = field(default_factory=list)  # the group of each English pair
    windows: list[int] = field(default_factory=list)  # ... and how far apart its parts may be
    vias: list[str] = field(default_factory=list)  # its kind: "pair", "pair_report", "described"
    abouts: list[str] = field(default_factory=list)  # ... and the feature a description names
    # The English phrases of two words or more, each word written as one character of its own
    # (`letters`), in one Aho-Corasick automaton (pyahocorasick, in C): a message's words,
    # written so, are read once for all the phrases, and a phrase found ends at a word and is
    # as long as its words. Value: its words' number, and (place, pair, side) of each pair
    # side that holds it, its place being its order among the phrases that start with its
    # first word. Looking up each word's phrases and comparing them from Python cost ~0.1 ms
    # of a long message, most of it for phrases that start with "the", "all" or "how".
    # A phrase of one word is in `single`.
    phrases: Automaton | None = None
    letters: dict[str, str] = field(default_factory=dict)
    # A phrase of one word -> the pairs whose first (0) or second (1) list holds it, as sets: the
    # pairs both of whose sides a message says are found by set unions and an intersection (in
    # C), and where each word stands is looked up only for those few pairs. Recording a place
    # for every (pair, side) a common word belongs to, at every place it stands, was most of
    # the cost of a long message.
    single: dict[str, tuple[frozenset[int], frozenset[int]]] = field(default_factory=dict)
    # Phrases of two words whose first is no stop word, said with up to GAP words between them
    # ("rotate its own certificate" says "rotate certificate"), or the other way round ("the
    # logs of every component" says "component logs"): (the word said first, the word said
    # last) -> (place, pair, side).
    apart: dict[tuple[str, str], list[tuple[int, int, int]]] = field(default_factory=dict)
    # (pair, side) -> its phrases of one word, each with its place among the phrases that start
    # with that word (the order in which phrases found at one place are taken).
    single_of: dict[tuple[int, int], list[tuple[int, str]]] = field(default_factory=dict)
    # Chinese (or mixed) sides, compared as text without spaces, case folded
    zh: list[tuple[str, Words, Words, bool, str]] = field(default_factory=list)  # anywhere, via
    zh_abouts: list[str] = field(default_factory=list)  # the feature each Chinese pair names
    # Every word of those sides, in one Aho-Corasick automaton (pyahocorasick, in C): a message
    # is read once, whatever the number of words (some 9,000), every word found where it stands,
    # overlaps included. Looking for them from Python, at every character some word starts with
    # (节, 没, p...), took ~0.5 ms of a long Chinese message; the automaton takes a few µs.
    # Each word's value says how it must stand: a word led by a Latin word ("pod", "pod驱逐",
    # "k8s.io群组") starts a whole Latin word, and one wholly Latin ("pod ip", "/tmp") also
    # ends one, so "pods" or "kubernetes-sigs" says neither "pod" nor "sig". The first halves
    # of the words of four Chinese characters (证书 of 证书过期) are in it too, with the second
    # halves they may be said apart from ("证书已经过期").
    zh_words: Automaton | None = None
    zh_heads: dict[str, list[int]] = field(default_factory=dict)  # word -> pairs it starts
    # language.yaml `resource_leaks`, as tokens: a report pair's phrase right before one is a
    # resource leak ("leaks file descriptors"), no part of a report.
    resources: tuple[Words, ...] = ()
    # The first lists of the pairs marked `told: true` (what a flaw reaches: a secret, root on
    # the host), by group: English phrases as tokens, keyed by their first word, and Chinese
    # words compacted (see `told_asset`).
    told: dict[str, list[tuple[str, Words]]] = field(default_factory=dict)
    told_zh: list[tuple[str, str]] = field(default_factory=list)


def build(kb: KnowledgeBase, index: Index) -> Pairs:
    table = Pairs()
    table.resources = tuple(
        phrase
        for r in kb.vocabulary.resource_leaks
        if (phrase := tuple(tokenize(r.casefold()))) and r.isascii()
    )
    # The everyday names of the objects the English phrases name ("machine" for "node"), as
    # tokens: a phrase is also said with one of them in its place, since people describe a
    # feature in the words they use for its objects ("the machine is drained").
    names = {
        tokenize(word)[0]: tuple(tokenize(n)[0] for n in said)
        for word, said in kb.vocabulary.everyday_names
    }
    # Each phrase as one tuple however many pairs hold it (~40,000 places, ~25,000 phrases):
    # the start-up cache then stores and reads each once.
    shared: dict[Words, Words] = {}
    places: dict[str, int] = {}  # phrases so far that start with a word
    singles: dict[str, tuple[set[int], set[int]]] = {}
    multi: dict[Words, list[tuple[int, int, int]]] = {}  # a phrase of 2+ words -> its places
    for p in kb.pairs:
        if p.told:
            _add_told(table, p)
        if p.lang == "zh":
            table.zh.append((p.group, _compact(p.first), _compact(p.second), p.anywhere, _via(p)))
            table.zh_abouts.append(p.about)
        else:
            n = len(table.groups)
            table.groups.append(p.group)
            table.windows.append(ANYWHERE if p.anywhere else p.window or WINDOW)
            table.vias.append(_via(p))
            table.abouts.append(p.about)
            for side, words in enumerate((p.first, p.second)):
                said_as = dict.fromkeys(
                    shared.setdefault(v, v)
                    for w in words
                    for v in _with_names(tuple(tokenize(w.casefold())), names)
                )
                for phrase in said_as:
                    if not phrase:
                        continue
                    place = places.get(phrase[0], 0)
                    places[phrase[0]] = place + 1
                    if len(phrase) == 1:
                        singles.setdefault(phrase[0], (set(), set()))[side].add(n)
                        table.single_of.setdefault((n, side), []).append((place, phrase[0]))
                    else:
                        multi.setdefault(phrase, []).append((place, n, side))
                        if len(phrase) == 2 and phrase[0] not in index.stopwords:
                            entry = (place, n, side)
                            table.apart.setdefault((phrase[0], phrase[1]), []).append(entry)
                            if phrase[1] not in index.stopwords:
                                table.apart.setdefault((phrase[1], phrase[0]), []).append(entry)
                        elif len(phrase) > 2:
                            content = [w for w in phrase if w not in index.stopwords]
                            if len(content) == 2 and content[0] == phrase[0]:
                                entry = (place, n, side)
                                table.apart.setdefault((content[0], content[1]), []).append(entry)
    table.single = {w: (frozenset(a), frozenset(b)) for w, (a, b) in singles.items()}
    if multi:
        letters = table.letters
        for phrase in multi:
            for w in phrase:
                letters.setdefault(w, chr(FIRST_LETTER + len(letters)))
        table.phrases = Automaton()
        for phrase, held in multi.items():
            key = "".join(map(letters.__getitem__, phrase))
            table.phrases.add_word(key, (len(phrase), tuple(held)))
        table.phrases.make_automaton()
    zh_said: set[str] = set()  # every word of the Chinese sides
    for n, zh_pair in enumerate(table.zh):
        zh_said.update(zh_pair[1], zh_pair[2])
        for w in zh_pair[1]:
            table.zh_heads.setdefault(w, []).append(n)
    # Words of four Chinese characters, as two words of two (证书 + 过期), so "证书已经过期" says
    # 证书过期: the first half -> (the second half, the word).
    halves: dict[str, list[tuple[str, str]]] = {}
    for w in sorted(zh_said):
        if len(w) == 4 and all(map(_is_cjk_char, w)):
            halves.setdefault(w[:2], []).append((w[2:], w))
    if zh_said:
        automaton = Automaton()
        for w in zh_said | halves.keys():
            latin = _LATIN_WORD.match(w)
            led = bool(latin) and (w[0] != "-" or w.isascii())
            # (the word's length, 0 for a first half only; whether a Latin word leads it; the
            # second halves it may be said apart from, or None): small, as the start-up cache
            # stores one for each of ~9,000 words.
            apart = dict(halves[w]) if w in halves else None
            automaton.add_word(w, (len(w) if w in zh_said else 0, led, apart))
        automaton.make_automaton()
        table.zh_words = automaton
    return table


def _with_names(phrase: Words, names: dict[str, tuple[str, ...]]) -> list[Words]:
    """A phrase and the phrase with each of its words said by one of that word's everyday
    names (language.yaml `everyday_names`): "node drain" is also "machine drain"."""
    out = [phrase]
    for i, word in enumerate(phrase):
        for name in names.get(word, ()):
            out.append((*phrase[:i], name, *phrase[i + 1 :]))
    return out


def _is_cjk_char(c: str) -> bool:
    return "\u4e00" <= c <= "\u9fff"


def _add_told(table: Pairs, p: Pair) -> None:
    if p.lang == "zh":
        table.told_zh += [(p.group, w) for w in _compact(p.first)]
        return
    for w in p.first:
        phrase = tuple(tokenize(w.casefold()))
        if phrase:
            table.told.setdefault(phrase[0], []).append((p.group, phrase))


def told_asset(query: Query, table: Pairs) -> tuple[str, str] | None:
    """(group, the words) of the first thing a flaw reaches (a `told: true` pair's first list)
    said in what the person wrote, not in pasted output: "secrets", "宿主机"."""
    prose = query.tokens[: query.prose_len or None]
    told = table.told
    for i in compress(count(), map(told.__contains__, prose)):
        for gid, phrase in told[prose[i]]:
            if prose[i : i + len(phrase)] == phrase:
                return gid, " ".join(phrase)
    if table.told_zh and query.has_chinese:
        text = _zh_text(query.text)
        for gid, w in table.told_zh:
            if _places(text, (w,)):
                return gid, w
    return None


def _via(p: Pair) -> str:
    return "pair_report" if p.report else "described" if p.described else "pair"


def _compact(words: Words) -> Words:
    return tuple(_zh_text(w) for w in words if w.strip())


# "Without restarting" said the many ways Chinese says it (不想重启, 不用重启, 无需重启, 不要重启):
# each read as 不 before the verb, in the pairs' words and in the message alike, so a list that
# holds 不重启 meets them all.
_NOT_WANTING = re.compile("不想|不要|不用|无需|不必|不需要|不打算|不愿意")


def _zh_text(text: str) -> str:
    """Text as the Chinese sides of pairs are compared: case folded, without the spaces beside
    Chinese characters, and "not wanting to" read as "not"."""
    return _NOT_WANTING.sub("不", _without_spaces_beside_chinese(text.casefold()))


def collect(scan: Scan, table: Pairs) -> None:
    query = scan.query
    prose = scan.tokens[: query.prose_len or None]
    # A pair that tells a flaw ("token" ... "in the logs") is no report in a question that asks
    # how to do something ("how do I keep the token out of the logs?"), unless it also asks
    # whom to tell.
    how_to = bool(query.how_to) and not query.report_ask
    # Phrases of two words or more, found all at once (see Pairs.phrases).
    multi: dict[tuple[int, int], list[tuple[int, int, int]]] = {}  # (pair, side) -> (i, place, end)
    # Phrases of two words said with a few words between them ("rotate the kubelet's client
    # certificate" says "rotate certificate"), as (start, end): only their two words count.
    gapped: set[tuple[int, int]] = set()
    if table.phrases is not None:
        written = "".join(map(table.letters.get, prose, repeat(NO_LETTER)))
        for last, (length, places) in table.phrases.iter(written):
            i, end = last + 1 - length, last + 1
            for place, n, side in places:
                multi.setdefault((n, side), []).append((i, place, end))
    _apart(prose, table.apart, multi, gapped)
    # Phrases of one word: the pairs each side of which holds a word said.
    single = table.single
    words = single.keys() & set(prose)
    with_first: set[int] = {n for n, side in multi if side == 0}
    with_second: set[int] = {n for n, side in multi if side == 1}
    for w in words:
        with_first |= single[w][0]
        with_second |= single[w][1]
    both = with_first & with_second
    at: dict[str, list[int]] = {}  # a word of one-word phrases said -> where it stands
    if both:
        for i in compress(count(), map(words.__contains__, prose)):
            at.setdefault(prose[i], []).append(i)
    # Only the pairs both of whose sides were said, in the table's order.
    for n in sorted(both):
        gid, via = table.groups[n], table.vias[n]
        if how_to and via == "pair_report":
            continue
        sides = []
        for side in (0, 1):
            places = [*multi.get((n, side), ())]
            for place, w in table.single_of.get((n, side), ()):
                places += [(i, place, i + 1) for i in at.get(w, ())]
            if via == "pair_report":
                places = [p for p in places if not _resource_after(prose, p[2], table.resources)]
            sides.append([(i, end) for i, _, end in sorted(places)])
        found = _near(sides[0], sides[1], table.windows[n])
        if found is not None:
            a, b = sorted(found)  # in the order they were said
            label = f"{_said(prose, a, gapped)} … {_said(prose, b, gapped)}"
            span = _positions(a, gapped) | _positions(b, gapped)
            ev = Evidence(via, label, kind(via).points, True, detail=table.abouts[n])
            scan.credit(gid, ev, span)
    if not table.zh or not query.has_chinese:
        return
    text = _zh_text(query.text)
    said = _said_in(text, table)
    if not said:
        return
    # Only the pairs whose first part was said, in the table's order.
    heads = table.zh_heads
    parts: tuple[str, str] | None = None  # the asking sentences, read once a pair is found
    for n in sorted({n for w in said if w in heads for n in heads[w]}):
        gid, zh_first, zh_second, anywhere, via = table.zh[n]
        if how_to and via == "pair_report":
            continue
        firsts = [span for w in zh_first if w in said for span in said[w]]
        seconds = [span for w in zh_second if w in said for span in said[w]]
        if anywhere:
            found = _near(firsts, seconds, ANYWHERE)
        else:
            found = _near(firsts, seconds, ZH_WINDOW, text)
        across = 1.0
        if found is None and not anywhere and via == "described":
            # Chinese often says the symptom in one sentence and the wish in the next
            # ("延迟抖得厉害。能不能给关键服务独占几个核?"): a described feature's two parts in
            # adjacent sentences still describe it, weighing less.
            found = _near_across(firsts, seconds, text)
            across = ACROSS_WEIGHT
        if found is not None:
            a, b = sorted(found)
            said_first, said_second = text[a[0] : a[1]], text[b[0] : b[1]]
            if parts is None:
                parts = _zh_parts(query)
            weight = _part_weight((said_first, said_second), parts) * across
            ev = Evidence(
                via,
                f"{said_first} … {said_second}",
                kind(via).points * weight,
                True,
                detail=table.zh_abouts[n],
                weight=weight,
            )
            scan.credit(gid, ev, frozenset({scan.new_slot()}))


Span = tuple[int, int]  # [start, end)
ACROSS_WEIGHT = 0.6  # a described pair said across one sentence end, of its weight in one


def _near_across(firsts: list[Span], seconds: list[Span], text: str) -> tuple[Span, Span] | None:
    """The first two parts within ZH_WINDOW characters of each other with exactly one sentence
    end between them: said in adjacent sentences. Chosen on the dev sets (dev +4 -0); a wider
    window in one sentence (ZH_WINDOW 16) had moved nothing right."""
    found = _near(firsts, seconds, ZH_WINDOW, "")
    if found is None:
        return None
    a, b = found
    between = text[min(a[1], b[1]) : max(a[0], b[0])]
    return found if sum(c in _ENDS for c in between) == 1 else None


def _zh_parts(query: Query) -> tuple[str, str]:
    """The sentence that asks who, and the other questions, compared as the Chinese sides
    of pairs are ("" for a message of one part: all of it weighs the same)."""
    if not query.several:
        return "", ""
    return (
        _zh_text(query.asking_text).replace(" ", ""),
        _zh_text(query.question_text).replace(" ", ""),
    )


def _part_weight(said: tuple[str, str], parts: tuple[str, str]) -> float:
    """A Chinese pair weighs what the part it was said in weighs, as an English pair does by
    its words' positions: both its words in the sentence that asks who, or in another question
    ("能不能让每台机器同时只拉两三个镜像?"), or else in the context around them."""
    asking, questioning = parts
    words = [w.replace(" ", "") for w in said]
    if asking and all(w in asking for w in words):
        return ROLE_WEIGHT["route"]
    if questioning and all(w in questioning for w in words):
        return ROLE_WEIGHT["ask"]
    return 1.0


def _apart(
    prose: list[str],
    apart: dict[tuple[str, str], list[tuple[int, int, int]]],
    multi: dict[tuple[int, int], list[tuple[int, int, int]]],
    gapped: set[Span],
) -> None:
    """Phrases of two words said with up to GAP words between them, either way round. The
    words said that far apart are paired up and looked up all at once, in C, for each distance:
    a long message has hundreds of words, and says almost none of these phrases."""
    end = len(prose)
    for gap in range(2, GAP + 2):  # the second word `gap` places after the first
        for first, second in apart.keys() & zip(prose, prose[gap:], strict=False):
            i = prose.index(first)  # said: the pair of words was found in the message
            while i + gap < end:
                if prose[i + gap] == second and all(w.isascii() for w in prose[i + 1 : i + gap]):
                    # (a run of Chinese between two Latin words is no gap in a phrase)
                    for place, n, side in apart[first, second]:
                        multi.setdefault((n, side), []).append((i, place, i + gap + 1))
                        gapped.add((i, i + gap + 1))
                try:
                    i = prose.index(first, i + 1)
                except ValueError:
                    break


def _said(prose: list[str], at: Span, gapped: set[Span]) -> str:
    """A phrase as the message said it: a phrase said with words between its two is its two."""
    if at in gapped:
        return f"{prose[at[0]]} {prose[at[1] - 1]}"
    return " ".join(prose[at[0] : at[1]])


def _positions(at: Span, gapped: set[Span]) -> frozenset[int]:
    """The words a phrase stands on: the words between a gapped phrase's two are not its own
    (another key may stand there: "after the kubelet restart" keeps "kubelet")."""
    if at in gapped:
        return frozenset((at[0], at[1] - 1))
    return frozenset(range(*at))


def _said_in(text: str, table: Pairs) -> dict[str, list[Span]]:
    """Where each word of the Chinese pairs stands in the text (as `_places` finds them: an
    English word only as a whole word, overlaps included), for the words said; then the words
    of four characters said as their two halves with a few characters between ("证书已经过期"
    for 证书过期), where the whole word was not said there."""
    said: dict[str, list[Span]] = {}
    apart: list[tuple[str, Span]] = []
    if table.zh_words is None:
        return said
    for last, (length, led, halves) in table.zh_words.iter(text):
        end = last + 1
        if length:
            i = end - length
            w = text[i:end]
            if led:  # it starts a whole Latin word (and ends one, if all Latin)
                stands = not _joins(text, i - 1) and not (w.isascii() and _joins(text, end))
            else:
                stands = not w.isascii() or not (_joins(text, i - 1) or _joins(text, end))
            if stands:
                said.setdefault(w, []).append((i, end))
        if halves:  # a first half: its second halves one to ZH_GAP Chinese characters on
            i = end - 2
            found: set[str] = set()
            for at in range(i + 3, i + 3 + ZH_GAP):
                if not _is_cjk_char(text[at - 1 : at] or "."):
                    break
                word = halves.get(text[at : at + 2])
                if word is not None and word not in found:
                    found.add(word)
                    apart.append((word, (i, at + 2)))
    for word, span in apart:
        said.setdefault(word, []).append(span)
    return said


ZH_GAP = 3  # Chinese characters at most between the two halves of a word of four


# A Latin word as `_joins` reads one: letters, digits and hyphens (a flag starts with hyphens).
_LATIN_WORD = re.compile("[0-9A-Za-z-]+")


def _resource_after(prose: list[str], end: int, resources: tuple[Words, ...]) -> bool:
    """A resource that is not data is named right after `end` ("leaks" + "file descriptors")."""
    return any(tuple(prose[end : end + len(r)]) == r for r in resources)


@cache
def _space_beside_chinese() -> re.Pattern[str]:
    """A space (between two words, once whitespace is collapsed) beside a Chinese character.
    Both alternatives start with the space (the engine skips to spaces, not trying a lookbehind
    at every position): one with a Chinese character before it, one with one after it. Compiled
    on first use, by a Chinese message only (see bot.lang.cjk_run)."""
    return re.compile(f" (?<={CJK_CLASS} )| (?={CJK_CLASS})")


def _without_spaces_beside_chinese(text: str) -> str:
    """Chinese is compared without spaces ("一 届" is 一届), but a space between two Latin words
    stays: it is what makes "chair" a whole word in "sig chair 一届多久"."""
    return _space_beside_chinese().sub("", " ".join(text.split()))


def _places(text: str, words: Words) -> list[Span]:
    """Where each word stands in the text; an English word only as a whole word ("sig", not the
    "sig" of "kubernetes-sigs")."""
    out = []
    for w in words:
        start = text.find(w)
        while start >= 0:
            end = start + len(w)
            if not w.isascii() or not (_joins(text, start - 1) or _joins(text, end)):
                out.append((start, end))
            start = text.find(w, start + 1)
    return out


def _joins(text: str, i: int) -> bool:
    """Whether the character at i continues a Latin word (a letter, a digit or a hyphen)."""
    return 0 <= i < len(text) and text[i].isascii() and (text[i].isalnum() or text[i] == "-")


def _near(
    firsts: list[Span], seconds: list[Span], window: int, text: str = ""
) -> tuple[Span, Span] | None:
    """The first two parts, one of each side (for each first part, the earliest second part),
    that do not overlap and stand at most `window` apart, in either order, with no sentence
    end between them in `text`. Only the second parts that start near a first part are looked
    at (found by bisection), so a message that repeats both parts thousands of times costs
    n log n, not n squared."""
    if not firsts or not seconds:
        return None
    if window >= ANYWHERE:  # the first pair that does not overlap, without a distance
        for a in firsts:
            b = next((b for b in seconds if b[1] <= a[0] or a[1] <= b[0]), None)
            if b is not None:
                return a, b
        return None
    ordered = sorted(seconds)
    starts = [b[0] for b in ordered]
    longest = max(b[1] - b[0] for b in ordered)
    for a in firsts:
        j = bisect.bisect_left(starts, a[0] - window - longest)
        while j < len(ordered) and ordered[j][0] <= a[1] + window:
            b = ordered[j]
            gap = b[0] - a[1] if b[0] >= a[1] else a[0] - b[1]
            if 0 <= gap <= window and not _sentence_end(text, a, b):
                return a, b
            j += 1
    return None


_ENDS = frozenset("。？！?!；;\n")


def _sentence_end(text: str, a: Span, b: Span) -> bool:
    between = text[min(a[1], b[1]) : max(a[0], b[0])]
    return any(c in _ENDS for c in between)
