"""Names people use for a group, looked up as phrases of the question. Pure.

Every name (ids, names, labels, channels, curated topic aliases in English and Chinese,
subprojects, repositories, retired names) becomes a key in one dict, built once. Runs of 1-6
words of the question are looked up exactly, then again with misspelled words corrected: O(words).
A single everyday word ("network", "release") is weak inside a sentence ("the office network is
down" is not about SIG Network); alone ("/sig network") it is the whole question and counts in
full.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import compress
from typing import NamedTuple

from ahocorasick import Automaton

from bot.evidence.base import (
    EXACT,
    TYPO_PENALTY,
    Evidence,
    Index,
    Scan,
    key_points,
    phrase_bonus,
)
from bot.evidence.base import GENERAL_COMPUTING_SPECIFICITY as GENERAL_SHARE
from bot.evidence.kinds import kind
from bot.lang import has_cjk
from bot.model import KnowledgeBase
from bot.query import Query, to_key

NAME = "phrases"
MAX_PHRASE_WORDS = 6
MIN_REPOSITORY_KEY = 3  # characters
# A one-word repository name that is also a common or general-computing word ("api", "python",
# "util", "gen": kubernetes/api, kubernetes-client/python) names that repository only when
# written as one ("kubernetes/api"); alone, "Policy API" or "my python script" means the word.
PLAIN_REPOSITORY_SPECIFICITY = 0.85


@dataclass(frozen=True)
class Entry:
    """One thing a key can mean: a group (active or retired) and how we know."""

    group: str  # group id, or retired id
    via: str  # a kind: name | channel | alias | shared | subproject | repository | retired ...
    label: str  # the key as it appears upstream: 'kube-proxy', 'kind', 'kubernetes-sigs/kind'
    retired: bool = False
    shared_with: tuple[str, ...] = ()


@dataclass
class _Node:
    """A node of the phrase trie: one word further into a key."""

    children: dict[str, _Node] = field(default_factory=dict)
    entries: list[Entry] | None = None  # the key that ends here, if one does
    # What each of `entries` is worth, by (score, whether the message asks whom to tell): a
    # pure function of the key and the index, so remembered here for every message (bounded
    # by the few scores a key can have).
    weighed: dict[tuple[float, bool], list[_Meaning]] = field(default_factory=dict)
    has_cue: bool = False  # one of `entries` is a committee's cue word (`when_asked`)


@dataclass
class Phrases:
    """The table of names, topics, subprojects, repositories and channels, by key."""

    keys: dict[str, list[Entry]] = field(default_factory=dict)
    zh_aliases: list[tuple[str, Entry]] = field(default_factory=list)  # (alias, no spaces)
    # The same aliases in one Aho-Corasick automaton (pyahocorasick, in C), each with its
    # places in `zh_aliases`: a question is read once for all of them, where looking from
    # Python at every character an alias starts with took ~0.1 ms of a long Chinese message.
    # Built by `zh_found` when first needed after an alias is added (phrases.build ends by
    # building it, so the start-up cache holds it).
    zh_automaton: Automaton | None = None
    max_words: int = 1
    # The keys as a trie of words: a question is walked from each of its words only as far as
    # some key goes (most words start none), instead of joining and looking up every run.
    trie: dict[str, _Node] = field(default_factory=dict)
    # group -> {key of a subproject's name: the name}, to tell which subproject a topic names
    subproject_keys: dict[str, dict[str, str]] = field(default_factory=dict)
    # The committees whose reports are about software (knowledge: private_reports.about): their
    # cue words tell what happened ("crafted", "an attacker", "tampered"), so two of them tell
    # a report though the message never asks whom to tell. A conduct committee's cue words
    # are mostly its settings ("a mentor", "DMs", "screenshots"), which tell nothing by twos.
    story_groups: frozenset[str] = frozenset()
    # language.yaml `guards`: the English words ("prevent", "stop"), and the Chinese ones (防止)
    guards: frozenset[str] = frozenset()
    zh_guards: tuple[str, ...] = ()

    def zh_found(self, text: str) -> set[int]:
        """The places in `zh_aliases` of the aliases `text` holds."""
        if self.zh_automaton is None:
            by_alias: dict[str, list[int]] = {}
            for place, (alias, _) in enumerate(self.zh_aliases):
                by_alias.setdefault(alias, []).append(place)
            self.zh_automaton = Automaton()
            for alias, places in by_alias.items():
                self.zh_automaton.add_word(alias, tuple(places))
            self.zh_automaton.make_automaton()
        return {place for _, places in self.zh_automaton.iter(text) for place in places}

    def add(self, text: str, entry: Entry) -> None:
        key = to_key(text)
        if not key:
            return
        if has_cjk(key):
            self.zh_aliases.append((key.replace(" ", ""), entry))
            self.zh_automaton = None
        bucket = self.keys.setdefault(key, [])
        if entry not in bucket:
            bucket.append(entry)
        words = key.split()
        self._insert(words, bucket)
        self.max_words = max(self.max_words, min(len(words), MAX_PHRASE_WORDS))
        if 1 < len(words) <= 3 and not has_cjk(key):
            # "kubeproxy", "clusterapi": people drop the separator.
            compact = "".join(words)
            compact_bucket = self.keys.setdefault(compact, [])
            if entry not in compact_bucket:
                compact_bucket.append(entry)
            self._insert([compact], compact_bucket)

    def _insert(self, words: list[str], bucket: list[Entry]) -> None:
        """A key's words into the trie (keys longer than MAX_PHRASE_WORDS are never read)."""
        if len(words) > MAX_PHRASE_WORDS:
            return
        level = self.trie
        for i, word in enumerate(words):
            node = level.get(word)
            if node is None:
                node = level[word] = _Node()
            if i == len(words) - 1:
                node.entries = bucket
                node.has_cue = any(e.via == "report_cue" for e in bucket)
            level = node.children

    def named(self, key: str) -> bool:
        return any(e.via in ("name", "name_word") for e in self.keys.get(to_key(key), ()))


PLAIN_NAME_SPECIFICITY = 0.6  # every word of a group's name this common: a plain phrase


def _plain_name(name: str, index: Index) -> bool:
    """A group's name that is one word, or words all common in everyday English."""
    words = to_key(name).split()
    return len(words) == 1 or all(index.specificity(w) <= PLAIN_NAME_SPECIFICITY for w in words)


def _plain_word(name: str, index: Index) -> bool:
    """A repository name that is one everyday or general-computing word."""
    key = to_key(name)
    return " " not in key and index.specificity(key) < PLAIN_REPOSITORY_SPECIFICITY


def build(kb: KnowledgeBase, index: Index) -> Phrases:
    stories = frozenset(g.id for g in kb.groups if g.reports_about == "software")
    guards = kb.vocabulary.guards
    table = Phrases(
        story_groups=stories,
        guards=frozenset(w for g in guards if not has_cjk(g) for w in g.split()),
        zh_guards=tuple(g for g in guards if has_cjk(g)),
    )
    for g in kb.groups:  # names first: a repository key never shadows a group's name
        for name in sorted({g.id, g.name, g.display_name, g.label, f"{g.label_prefix} {g.label}"}):
            # "SIG CLI", "sig-cli" name the group; "cli" alone is also a plain word ("CLI tools"),
            # and so is a name of everyday words said without its kind ("which cloud provider
            # is cheapest", "our company's code of conduct training").
            via = "name_word" if name in (g.name, g.label) and _plain_name(name, index) else "name"
            if name:
                table.add(name, Entry(g.id, via, g.display_name))
    for g in kb.groups:
        if g.slack:
            table.add(g.slack, Entry(g.id, "channel", f"#{g.slack}"))
        table.subproject_keys[g.id] = {to_key(sub.name): sub.name for sub in g.subprojects}
        for sub in g.subprojects:
            # A subproject named after a group ("wg-device-management" under SIG Architecture)
            # is not what the group's name means.
            if not table.named(sub.name):
                table.add(sub.name, Entry(g.id, "subproject", sub.name))
            for loc in sub.owners:
                parts = loc.split("/")
                # A repository name is a key on its own only when it can mean nothing else:
                # kubernetes-client/c must not turn every "c" into SIG API Machinery, and
                # kubernetes-csi/docs is not what "docs" means.
                if (
                    len(parts) == 2
                    and len(parts[1]) >= MIN_REPOSITORY_KEY
                    and not table.named(parts[1])
                    and not _plain_word(parts[1], index)
                ):
                    table.add(parts[1], Entry(g.id, "repository", loc))
    for t in kb.topics:
        if t.subproject:  # a curated short name ("CAPA") names its subproject
            table.subproject_keys[t.groups[0]][to_key(t.alias)] = t.subproject
        via = (
            "shared"
            if t.shared
            else "report_cue"
            if t.report_cue
            else "report"
            if t.report
            else "alias"
        )
        for gid in t.groups:
            table.add(t.alias, Entry(gid, via, t.alias, shared_with=t.groups if t.shared else ()))
    for r in kb.retired:
        via = "misnomer" if r.misnomer else "retired"
        names = {r.id, r.display_name, r.name}
        if not r.misnomer:
            names.add(f"{r.name} {'working group' if r.kind == 'wg' else r.kind}")
        # An alias that names the group ("sig on prem") is a name; one that names its topic
        # ("bare metal") is a topic word of a retired group. A misnomer's aliases are all names.
        topics = {a for a in r.aliases if not r.misnomer and not _names_a_group(a)}
        names |= set(r.aliases) - topics
        for name in sorted(names):  # a fixed order: the index is the same in every process
            table.add(name, Entry(r.id, via, r.display_name, retired=True))
        for alias in sorted(topics):
            table.add(alias, Entry(r.id, "retired_topic", alias, retired=True))
    table.zh_found("")  # built now, so the start-up cache holds it
    return table


_GROUP_WORDS = frozenset({"sig", "wg", "ug", "committee", "working group", "user group"})


def _names_a_group(alias: str) -> bool:
    key = f" {to_key(alias)} "
    return any(f" {w} " in key for w in _GROUP_WORDS)


def words(table: Phrases) -> Iterable[str]:
    return (w for key in table.keys for w in key.split() if not has_cjk(w))


# Words of ours that English also uses before "of" to mean something else: "that kind of
# funding" names no tool.
OF_IDIOMS = frozenset({"kind"})
NEGATIONS = frozenset({"not", "no", "isn", "aren", "wasn", "non", "nothing", "without"})
PRIVATE_VIAS = frozenset({"report", "report_cue"})  # the kinds that make a private report
ARTICLES = frozenset({"a", "an", "the", "any", "really", "actually"})
# Words between a negation and how the person would rather not come across ("without being
# rude", "not to be rude", "without coming across as rude"): their own manners, no report.
MANNERS = frozenset({"to", "be", "being", "sounding", "seeming", "coming", "across", "as", "too"})


GUARD_WINDOW = 3  # words at most between a guard ("prevent") and the report's word


def _guarded(tokens: list[str], start: int, table: Phrases) -> bool:
    """A word of language.yaml's `guards` stands just before the phrase ("stop a container
    escape", "protect against privilege escalation")."""
    return not table.guards.isdisjoint(tokens[max(0, start - GUARD_WINDOW) : start])


def _negated(tokens: list[str], start: int) -> bool:
    """A negation right before the phrase ("not a vuln", "isn't a CVE", "no harassment",
    "without being rude"), past an article or two."""
    i = start - 1
    while i >= 0 and start - i <= 3 and (tokens[i] in ARTICLES or tokens[i] in MANNERS):
        i -= 1
    if i >= 1 and tokens[i] == "t":  # "isn't" reads as "isn", "t"
        i -= 1
    return i >= 0 and start - i <= 4 and tokens[i] in NEGATIONS


def collect(scan: Scan, table: Phrases) -> None:
    """Exact phrases, then phrases with corrected words (only runs that hold a corrected word
    can be new). A key said again (a long message repeats its words) is weighed once: only
    whether it is the whole question depends on where it stands."""
    content = scan.content_set
    report_ask = bool(scan.query.report_ask)
    units, credit = scan.units, scan.credit
    told: dict[str, dict[str, tuple[Evidence, frozenset[int]]]] = {}
    passes: list[tuple[list[str], list[int] | None]] = [(scan.tokens, None)]
    if scan.corrected != scan.tokens:
        passes.append((scan.corrected, scan.edits if any(scan.edits) else None))
    for tokens, edits in passes:
        for start, end, node in find_keys(tokens, edits, table):
            # Only stop words ("new working group"): a curated topic may be made of them, a
            # name may not.
            if end - start == 1:
                if start not in content:
                    continue
                if tokens[start] in OF_IDIOMS and tokens[start + 1 : start + 2] == ["of"]:
                    continue  # "what kind of cluster", "kind of slow": no tool named kind
                said_nothing = False
            else:
                said_nothing = content.isdisjoint(range(start, end))
            typos = sum(edits[start:end]) if edits else 0
            if edits and not typos:
                continue  # found in the first pass
            score = EXACT - TYPO_PENALTY * typos
            meanings = node.weighed.get((score, report_ask))
            if meanings is None:
                meanings = _weigh_key(scan.index, node, score, report_ask, tokens[start:end])
            span = frozenset(range(start, end))
            if not report_ask and node.has_cue:
                for m in _weigh_key(scan.index, node, score, True, tokens[start:end]):
                    if m.cue and not _negated(scan.tokens, start):
                        told.setdefault(m.group, {}).setdefault(m.strong.label, (m.strong, span))
            for group, strong, weak, whole, topic, private, _cue in meanings:
                if said_nothing and not topic:
                    continue
                if private and _negated(scan.tokens, start):
                    continue  # "a security question (not a vuln)": the person says it is no report
                if private and group in table.story_groups and _guarded(scan.tokens, start, table):
                    continue  # "does hostUsers stop a container escape?": what a feature is for
                if strong.label[:1] == "/" and not _said_as_command(scan.query, strong.label):
                    continue  # "/hold" is a bot command; "the tent holds up in wind" is not
                # The word is the whole question ("/sig network", "scheduling"): it counts in
                # full.
                if weak is not None and len(span & content) / units < whole:
                    strong = weak
                credit(group, strong, span)
    # A story told without asking whom to tell: two different cue words of a committee whose
    # cues tell what happened ("a crafted request" ... "read secrets from another tenant") say
    # what one cannot (Phrases.story_groups).
    for group, cues in told.items():
        if len(cues) >= STORY_CUES and group in table.story_groups:
            for strong, span in cues.values():
                credit(group, strong, span)


STORY_CUES = 2


def _said_as_command(query: Query, label: str) -> bool:
    """A key written as a bot command ("/hold", "/retest") counts only where the message writes
    it so: its word alone is everyday English."""
    return label.casefold() in query.raw.casefold()


class _Meaning(NamedTuple):
    """What one meaning of a key found in a message is worth, wherever it stands: its group,
    its evidence as specific and as an everyday word (None when it is specific wherever it
    stands), the share of the question it must cover to count in full, whether it is a topic
    (which may be made of stop words) and whether a negation before it unsays it (a report's)."""

    group: str
    strong: Evidence
    weak: Evidence | None
    whole: float
    topic: bool
    private: bool
    cue: bool


def _weigh_key(
    index: Index, node: _Node, score: float, report_ask: bool, said: list[str]
) -> list[_Meaning]:
    """What each meaning of a key is worth at `score` (those that are evidence), remembered on
    its node."""
    meanings = []
    for entry in node.entries or ():
        strong, weak, whole = _weigh(index, report_ask, entry, score, said)
        if strong is not None:
            topic = kind(entry.via).topic
            private = entry.via in PRIVATE_VIAS
            cue = entry.via == "report_cue"
            meanings.append(_Meaning(entry.group, strong, weak, whole, topic, private, cue))
    node.weighed[score, report_ask] = meanings
    return meanings


# A key's evidence as specific, as an everyday word (None when it is specific wherever it
# stands), and the share of the question it must cover to count in full; (None, None, 0.0)
# when it is no evidence.
_Weighed = tuple[Evidence | None, Evidence | None, float]


def _weigh(index: Index, report_ask: bool, entry: Entry, score: float, said: list[str]) -> _Weighed:
    """What a key found in the message is worth, wherever it stands (`report_ask`: the message
    asks where or whom to tell something)."""
    k = kind(entry.via)
    if k.private and score < EXACT and len(said) == 1 and len(said[0]) < 8:
        return None, None, 0.0  # a short word read as a misspelling ("slurm" as "slur")
    if entry.via == "report_cue" and not report_ask:
        return None, None, 0.0
    bonus = phrase_bonus(len(said))
    points = key_points(k, True, score) + bonus
    strong = Evidence(entry.via, entry.label, points, True, entry.retired, entry.shared_with)
    # A word that says the message is a report to make in private ("sexist", "harassment")
    # is an everyday word about a person, not a topic: it needs no Kubernetes context.
    if len(said) > 1 or not index.is_everyday(said[0]) or entry.via == "channel" or k.private:
        return strong, None, 0.0
    # An everyday word is weak inside a sentence. A word of computing at large must be all of
    # the question: "yaml" is the subproject, "perl regex help" is not a client.
    general = said[0] in index.words.general_computing
    points = key_points(k, False, score)
    if len(said) == 1 and general:
        points *= GENERAL_SHARE
    weak = Evidence(entry.via, entry.label, points + bonus, False, entry.retired, entry.shared_with)
    return strong, weak, 1.0 if general else 0.5


def find_keys(
    tokens: list[str], edits: list[int] | None, table: Phrases
) -> list[tuple[int, int, _Node]]:
    """Every key the words hold, as (start, end, its node): runs of up to MAX_PHRASE_WORDS
    words, by position, the longest first at each. With `edits` (words corrected), only the
    runs that can hold a corrected word are walked."""
    n = len(tokens)
    trie = table.trie
    # Most words start no key: the positions that do are picked out in one pass (in C), and
    # only they are read. Of those, most start no key of several words (their next word goes on
    # no key): they are a key of one word, or none, without a walk down the trie.
    starts: Iterable[int] = compress(range(n), map(trie.__contains__, tokens))
    if edits:
        corrected = [i for i, e in enumerate(edits) if e]
        near = {s for i in corrected for s in range(max(0, i - MAX_PHRASE_WORDS + 1), i + 1)}
        starts = [s for s in starts if s in near]
    out: list[tuple[int, int, _Node]] = []
    for start in starts:
        first = trie[tokens[start]]
        if start + 1 == n or tokens[start + 1] not in first.children:
            if first.entries:
                out.append((start, start + 1, first))
            continue
        node: _Node | None = first
        here: list[tuple[int, int, _Node]] = []
        end = start + 1  # the key so far is tokens[start:end]
        last = min(n, start + MAX_PHRASE_WORDS)
        while node is not None:  # None: no key goes on with the next word
            if node.entries:
                here.append((start, end, node))
            if end >= last:
                break
            node = node.children.get(tokens[end])
            end += 1
        out += reversed(here)  # longest first
    return out
