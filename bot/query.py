"""Raw text -> Query: strip Slack markup, normalise, split into words, detect intent. Pure.

Everything downstream sees only the Query, so Slack-isms (`<@U123>`, `<#C1|sig-node>`, emoji
codes), full-width characters and filler words ("who owns the ...?") are dealt with once, here.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from itertools import filterfalse, islice
from typing import Literal, NamedTuple

import Stemmer  # type: ignore[import-not-found]  # PyStemmer: the Snowball stemmers in C

from bot.lang import Lang, cjk_run, has_cjk, language_of
from bot.message import ROLE_WEIGHT, Segment, code_paths, split_message
from bot.model import Vocabulary

# Bound the work. A Slack message shows 4,000 characters and stores 40,000; a real question with
# a pasted log fits in 8,000. Longer input is answered from its first 8,000 characters (and says
# so); beyond Slack's own limit it is refused politely rather than read.
MAX_MESSAGE_CHARS = 8_000  # characters read
MAX_INPUT_CHARS = 40_000  # longer input is refused as oversized
SHORT_QUESTION_CHARS = 300  # a one-line question; yes/no checks are read only in one this short
MAX_PROSE_TOKENS = 600  # words of prose read (a long message's prose is rarely more)
MAX_CONTENT_WORDS = 240  # distinct words that carry meaning
MAX_CODE_TOKENS = 300  # words of pasted output, after its boilerplate and repeated lines go
MAX_CODE_PATHS = 12  # code paths taken from pasted output

Intent = Literal["topic", "help", "list", "empty", "oversized"]
SEPARATOR = ""  # a token between parts of a message: no key spans it
Focus = Literal["leads", "meetings", "join"]

_SLACK_LINK = re.compile(r"<(https?://[^|>]*)(?:\|([^>]*))?>")
_SLACK_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>")
_SLACK_USER = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_SLACK_SPECIAL = re.compile(r"<![^>]*>")
_SLACK_OTHER = re.compile(r"<[^>]*>")
_EMOJI = re.compile(r":[a-z0-9_+\-']+:", re.I)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
# A path stands between spaces or brackets, and may end a clause: "pkg/kubelet/x.go: fix ...".
_PATH = re.compile(r"(?:^|[\s(\[\"'])((?:https?://)?[\w.\-]+(?:/[\w.\-]+)+/?)(?=[\s:;,)\]\"']|$)")
# Every alternative starts with the character it removes (an underscore with nothing of a word
# before it, or after it), so the engine skips to those characters instead of trying the
# lookarounds at every position.
_FORMATTING = re.compile(r"[`*~]|_(?<!\w_)|_(?!\w)")

# Words that say *what about* a group is asked, rather than *which* group.
_LEADS_RAW = frozenset(
    "lead leads leader leaders chair chairs chairperson organizer organizers "
    "organisers techlead techleads runs run leading".split()
)
_MEETING_RAW = frozenset(
    "meet meets meeting meetings call calls sync syncs standup agenda zoom".split()
)
_JOIN_RAW = frozenset("join joining joined".split())
# Words that, alone, mean "how do I get started?": answered with the help.
_ONBOARDING_RAW = frozenset(
    "contribute contributing contribution involved started start help helping join joining "
    "newcomer beginner".split()
)
_HELP_QUERIES = frozenset(
    [
        "help",
        "usage",
        "?",
        "how to use",
        "what can you do",
        "帮助",
        "用法",
        "使用帮助",
        "怎么用",
        "commands",
    ]
)
_LIST_QUERIES = frozenset(
    [
        "list",
        "list groups",
        "list sigs",
        "list all",
        "all",
        "all sigs",
        "all groups",
        "groups",
        "sigs",
        "list all sigs",
        "list all groups",
        "show all groups",
        "show all sigs",
        "directory",
        "列表",
        "所有小组",
        "所有 sig",
        "全部小组",
        "小组列表",
        "sig 列表",
    ]
)
_ZH_LEADS = ("负责人", "主席", "组长", "领导", "技术负责人")
_ZH_MEETINGS = ("会议", "开会", "例会", "会议时间")


@dataclass(frozen=True)
class Query:
    """A message as the engine reads it: cleaned text, its words and paths, intent and focus."""

    raw: str  # what the person typed, untouched (for echoing back, escaped by the renderer)
    text: str  # cleaned, normalised, lower-case
    intent: Intent
    lang: Lang
    tokens: tuple[str, ...] = ()  # every word, in order (stopwords included, for phrases)
    content: tuple[str, ...] = ()  # the words that carry meaning
    zh_text: str = ""  # the Chinese part with filler removed, no spaces
    paths: tuple[str, ...] = ()  # path-like fragments: pkg/kubelet, kubernetes-sigs/kind
    focus: Focus | None = None
    channel_hint: str = ""  # from <#C123|sig-network>: the channel named in the question
    flags: frozenset[str] = field(default_factory=frozenset)
    # In a message of several parts, what each word is worth by the part it stands in (see
    # bot/message.py: the sentences that ask, prose, quotes, pasted output), aligned with
    # `tokens`; empty when every word counts the same. Prose comes first; pasted output's words
    # start at `prose_len`.
    weights: tuple[float, ...] = ()
    several: bool = False  # the message has several parts (sentences, code, quotes)
    prose_len: int = 0
    asking_text: str = ""  # the sentences that ask who or which, when there are other parts
    question_text: str = ""  # ... and the sentences that ask anything else
    code_paths: tuple[str, ...] = ()  # Go import and repository paths in pasted output
    truncated: bool = False  # longer than MAX_MESSAGE_CHARS: read from its start
    # Words of anything but the Kubernetes project in what the person wrote (knowledge/
    # language.yaml): of computing at large and of third-party products, how many, and whether
    # the sentences that ask hold one ("... where do the Bitnami chart maintainers hang out?").
    repository: str = ""  # "org/repo" the message was filed in (an issue's), when known
    foreign: int = 0
    products: int = 0
    foreign_asked: bool = False
    # The first word that carries meaning is another product's or technology's ("Kafka consumer
    # group keeps rebalancing", "用 Jenkins 做持续集成"): the message is about it.
    foreign_first: bool = False
    # A phrase of language.yaml's `private_asks` the person wrote ("without making it public",
    # "私下"): what they say must not be told in public first.
    private_ask: str = ""
    # A phrase of `report_asks` ("who do I tell", "发给谁"): the message asks where or whom to
    # tell something, which makes a report's cue words count.
    report_ask: str = ""
    # A phrase of `about_a_person` ("he keeps", "a reviewer", "有人"): it tells of someone.
    about_a_person: str = ""
    # A phrase of `sayings` right before a quotation ('he said "..."', '说“...”'): the message
    # quotes what someone said.
    quoted: str = ""
    # A phrase of `not_kubernetes` ("not k8s", "跟 k8s 无关"): the person says it is not about
    # Kubernetes.
    not_kubernetes: str = ""
    # A phrase of `elsewhere` ("windows 11", "spring security"): a thing outside the project
    # named with one of its words. It counts as another product named, and the words of ours
    # inside it are no evidence (bot/matching.py).
    elsewhere: str = ""
    # A phrase of `community` ("a reviewer", "kubecon", "贡献者"): the project's people or places.
    community: str = ""
    # A phrase of `how_to_asks` ("how do I", "怎么"): the message asks how to do something.
    how_to: str = ""
    # A phrase of `flaw_signs` ("anyone can read", "明文"): the message tells what a flaw does.
    flaw_sign: str = ""
    # A phrase of `ordinary` ("fixed", "expired", "正常"): the message tells of an ordinary matter.
    ordinary: str = ""
    # The text holds Chinese characters. Told once: sources of evidence and the phrase lists ask,
    # and a text that is not ASCII but has none (an emoji, a curly quote) is read to its end to
    # say so (~18 us for a long message).
    has_chinese: bool = False

    def weight(self, position: int) -> float:
        return self.weights[position] if position < len(self.weights) else 1.0


def strip_slack_markup(text: str) -> tuple[str, str]:
    """Remove Slack's mrkdwn and entity syntax; return (text, first channel name mentioned)."""
    channel = ""
    # Each pattern below needs a character most messages lack: looked for first, so a plain
    # message is not run through nine patterns that cannot match.
    if "<" in text:
        m = _SLACK_CHANNEL.search(text)
        if m and m.group(1):
            channel = m.group(1)
        text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
        text = _SLACK_CHANNEL.sub(lambda m: f" #{m.group(1)} " if m.group(1) else " ", text)
        text = _SLACK_USER.sub(" ", text)
        text = _SLACK_SPECIAL.sub(" ", text)
        text = _SLACK_OTHER.sub(" ", text)
    if "&" in text:
        text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    if ":" in text:
        text = _EMOJI.sub(" ", text)
    if any(map(text.__contains__, "`*~_")):
        text = _FORMATTING.sub(" ", text)
    return text, channel


def normalise(text: str) -> str:
    """Full-width to ASCII, case folded, control characters gone, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.casefold().split())


@lru_cache(maxsize=65_536)
def to_key(text: str) -> str:
    """The form both index keys and query phrases take: words joined by single spaces.

    'kube-proxy' -> 'kube proxy', 'sig/node' -> 'sig node', '#sig-network' -> 'sig network'.
    Cached: the keys and labels it is asked about at answer time are the same few thousand.
    """
    return " ".join(tokenize(normalise(text)))


@lru_cache(maxsize=65_536)
def stem(word: str) -> str:
    """A deliberately tiny plural folding ("CRDs", "nodes", "policies"), applied to index keys
    and questions alike, so "5000 node clusters" meets "5000 nodes". Words ending in ss/us/is
    ("ingress", "status", "this") and short words ("dns", "aws", "k8s") are left alone."""
    if word.endswith(("series", "species")):
        return word  # singular already: "time-series" is not a "sery"
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1] if word.isascii() else word
    return word


_SNOWBALL = Stemmer.Stemmer("english")


@lru_cache(maxsize=65_536)
def term_stem(word: str) -> str:
    """The Snowball (Porter 2) stem the term-weighting layer compares by: "detached" meets
    "detach", "tainted" meets "taints". Keys and aliases keep the light `stem` above, where
    "logging" must not become "log". Cached: a question's words repeat across questions."""
    if not word.isascii() or len(word) <= 3:
        return word
    stemmed: str = _SNOWBALL.stemWord(word)
    return stemmed


# A word: a run of [a-z0-9] or of Chinese characters. For ASCII text, that is "runs of [a-z0-9]":
# every other byte turned into a space and the text split on spaces gives the same words, about
# three times faster than the pattern.
_WORD = r"[a-z0-9]+|[\u3400-\u9fff\uf900-\ufaff]+"
_NOT_WORD_BYTES = bytes(
    b if chr(b) in "abcdefghijklmnopqrstuvwxyz0123456789" else 32 for b in range(256)
)


def tokenize(text: str) -> list[str]:
    """Latin words (plurals folded) and runs of Chinese characters; punctuation separates words."""
    if text.isascii():
        words = text.encode("ascii").translate(_NOT_WORD_BYTES).decode("ascii").split()
    else:
        words = _compiled(_WORD).findall(text)
    return stems(words)


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    """A pattern that only text with other than ASCII in it needs, compiled on first use: the
    Chinese ranges cost sre ~1.5 ms a pattern to compile (see bot.lang.cjk_run), and an English
    question never needs them."""
    return re.compile(pattern)


# Each word's `stem`, remembered in a plain dict (bounded): a text's words are looked up by one
# `map` in C, a third of an lru_cache's cost per word; a word not seen yet is a KeyError.
_STEMS: dict[str, str] = {}
MAX_REMEMBERED_WORDS = 65_536


def stems(words: list[str]) -> list[str]:
    """The `stem` of each word."""
    try:
        return list(map(_STEMS.__getitem__, words))
    except KeyError:
        if len(_STEMS) >= MAX_REMEMBERED_WORDS:
            _STEMS.clear()
        return [_STEMS.setdefault(w, stem(w)) for w in words]


# Each character as camel_runs reads it, one byte a character (a character that is not ASCII
# is encoded as "?" first): a lower-case letter or digit is "a", a capital "A", anything else a
# space. A hump (where two parts of a camelCase or PascalCase name meet) is then "aA", and a run
# of ASCII letters and digits a run of non-spaces, both found by bytes.find in C.
_CAMEL_CLASSES = bytes(
    ord("A") if chr(b) in "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
    else ord("a") if chr(b) in "abcdefghijklmnopqrstuvwxyz0123456789"
    else ord(" ")
    for b in range(256)
)  # fmt: skip


def camel_runs(text: str) -> list[int]:
    """Where each run of ASCII letters and digits that holds a hump starts, in order. A name
    pattern that starts where no word character stands before it and ends where none stands
    after it (bot/evidence/identifiers.py, components.py) can only match such a whole run: it
    is tried at these starts (`pattern.match(text, start)`), not at every position. The text
    is read as bytes of three classes (see above), not by a pattern that stops at every
    capital: ~50 -> ~10 us on a long message, and identifiers and components each ask."""
    classes = text.encode("ascii", "replace").translate(_CAMEL_CLASSES)
    starts: list[int] = []
    hump = classes.find(b"aA")
    while hump >= 0:
        starts.append(classes.rfind(b" ", 0, hump) + 1)
        end = classes.find(b" ", hump)
        if end < 0:
            break
        hump = classes.find(b"aA", end)
    return starts


def _stemmed(words: frozenset[str]) -> frozenset[str]:
    return frozenset(stem(w) for w in words)


EMPTY_VOCABULARY = Vocabulary()


@lru_cache(maxsize=8)
def stemmed_stopwords(vocabulary: Vocabulary) -> frozenset[str]:
    """The stop words of a vocabulary as tokens are compared (plurals folded); cached."""
    return _stemmed(vocabulary.stopwords)


_LEADS_WORDS = _stemmed(_LEADS_RAW)
# Words of the rules about leads (how long a term is, how they are elected or chosen): "how are
# SIG chairs elected?" asks about the rule, whose owner answers it, not who the leads are.
_LEAD_RULE_WORDS = _stemmed(
    frozenset(
        {
            "term",
            "terms",
            "elect",
            "elected",
            "election",
            "elections",
            "chosen",
            "selected",
            "appointed",
            "rule",
            "rules",
            "requirement",
            "requirements",
            "become",
            "nominate",
            "limit",
            "limits",
            "eligible",
            "eligibility",
        }
    )
)
_ZH_LEAD_RULES = (
    "一届",
    "任期",
    "选举",
    "选出",
    "产生",
    "规则",
    "多久",
    "成为",
    "当选",
    "连任",
    "资格",
)
_MEETING_WORDS = _stemmed(_MEETING_RAW)
_SYNC_WORDS = _stemmed(frozenset({"sync", "syncs"}))  # a meeting only when asked about
_JOIN_WORDS = _stemmed(_JOIN_RAW)
_ONBOARDING_WORDS = _stemmed(_ONBOARDING_RAW)
_FIRST_ISSUE = _stemmed(frozenset({"good", "first", "issue"}))
_FIRST_ISSUE_WORDS = _FIRST_ISSUE | _stemmed(
    frozenset("issues list find easy beginner beginners newcomer newcomers label".split())
)


def _strip_zh_filler(text: str, vocabulary: Vocabulary) -> str:
    """The Chinese of a question without its filler (谁负责, 哪个小组): letters and digits kept
    first (so filler is found across punctuation), then only the Chinese characters."""
    cjk = "".join(filter(str.isalnum, text))
    for filler in vocabulary.zh_filler:
        cjk = cjk.replace(filler, " ")
    return "".join(cjk_run().findall(cjk))


def _nfkc_by_line(text: str) -> str:
    """`unicodedata.normalize("NFKC", text)`, normalising only the lines that need it: one
    full-width comma makes the whole text go through decomposition and composition (~0.1 ms
    for a long Chinese message), where its English lines and most of its Chinese characters
    are normal already. A line break is a starter that nothing composes with, so normalising
    line by line gives the same text."""
    if unicodedata.is_normalized("NFKC", text):
        return text
    return "\n".join(
        line if unicodedata.is_normalized("NFKC", line) else unicodedata.normalize("NFKC", line)
        for line in text.split("\n")
    )


def _slash_runs(text: str) -> list[str]:
    """The runs of non-spaces of a single-spaced text (`normalise`'s) that hold a "/", in
    order: each found from its "/" by str.find and rfind, not by cutting the whole text into
    words (a long message's seven hundred, for the few that hold one)."""
    runs: list[str] = []
    at = text.find("/")
    while at >= 0:
        end = text.find(" ", at)
        end = len(text) if end < 0 else end
        runs.append(text[text.rfind(" ", 0, at) + 1 : end])
        at = text.find("/", end)
    return runs


def parse_query(raw: str, vocabulary: Vocabulary = EMPTY_VOCABULARY, repository: str = "") -> Query:
    """Understand one message. Never raises: any string gives a well-formed Query.
    `vocabulary` is the knowledge base's word lists (knowledge/language.yaml); `repository`
    the "org/repo" an issue was filed in, when the message is one."""
    raw = raw if isinstance(raw, str) else ""
    if len(raw) > MAX_INPUT_CHARS:
        return Query(raw=raw, text="", intent="oversized", lang=language_of(raw))
    # Normalise first: full-width ＊b＊ must become *b* before markup is stripped, or it would
    # come back out as live formatting when the question is echoed.
    body = _nfkc_by_line(raw[:MAX_MESSAGE_CHARS])
    hint = _SLACK_CHANNEL.search(body)
    channel = (hint.group(1) or "") if hint else ""
    parts = split_message(body, lambda block: strip_slack_markup(block)[0])
    prose = [p for p in parts if p.role != "code"] or [Segment("prose", p.text) for p in parts]
    code = [p for p in parts if p.role == "code"] if len(prose) < len(parts) else []
    # Each part normalised once, for the text and for its words: normalising the parts and
    # joining them is normalising the joined text (a space breaks no character sequence).
    normalised = [normalise(p.text) for p in prose]
    text = " ".join(filter(None, normalised)).strip(_EDGE_PUNCTUATION)
    lang: Lang = language_of(text)
    if not text or not re.search(r"\w", text):
        intent: Intent = "help" if "?" in body else "empty"
        return Query(raw=raw, text=text, intent=intent, lang=lang)

    # `text` is single-spaced with no space or "?" at either end: only a "/sig" taken out of it
    # makes it other than its simple form (a long message is not cut into words for this).
    simple = " ".join(text.replace("/sig", " ").split()).strip("? ") if "/sig" in text else text
    if simple in _HELP_QUERIES or text in _HELP_QUERIES:
        return Query(raw=raw, text=text, intent="help", lang=lang)
    if simple in _LIST_QUERIES:
        return Query(raw=raw, text=text, intent="list", lang=lang)

    several = len(prose) + len(code) > 1
    words = _read_prose(prose, normalised, text, several, vocabulary)
    tokens, weights = words.tokens, words.weights
    prose_len = len(tokens)
    code_paths, code_tokens = _read_code(code)
    if code_tokens:
        tokens += [SEPARATOR, *code_tokens]
        weights += [ROLE_WEIGHT["code"]] * (len(code_tokens) + 1)
    # A path holds a "/", and stands within one run of non-spaces (the space before it is where
    # it starts): only the runs that hold a "/" are run through the pattern, which tries every
    # word as a path's first part.
    found = [p for run in _slash_runs(text) for p in _PATH.findall(run)]
    paths = tuple(p.rstrip("/.") for p in found if _is_path_like(p, vocabulary.path_roots))
    by_part = list(zip(prose, normalised, strict=True))
    asking = [n for p, n in by_part if p.role == "route"] if several else []
    if asking and len(text) > SHORT_QUESTION_CHARS:
        routed = [w for p, w in zip(prose, words.said, strict=True) if p.role == "route"]
        focus = _focus(" ".join(asking), set().union(*routed))
    else:
        focus = _focus(text, set().union(*words.said))
    lists = _lists_of(vocabulary)
    ignore = lists.ignored
    # Distinct first, then filtered, all in C: the words that are neither a separator nor
    # ignored, in their order, then the ASCII ones.
    distinct = dict.fromkeys(tokens)
    distinct.pop(SEPARATOR, None)
    content = tuple(
        islice(filter(str.isascii, filterfalse(ignore.__contains__, distinct)), MAX_CONTENT_WORDS)
    )
    zh_text = _strip_zh_filler(text, vocabulary) if lang == "zh" else ""
    if (
        not zh_text
        and not paths
        and (
            (not content and not _ONBOARDING_WORDS.isdisjoint(distinct))
            or (set(content) >= _FIRST_ISSUE and not set(content) - _FIRST_ISSUE_WORDS)
        )
    ):
        # "I want to contribute to Kubernetes", "where are the good first issues?": no topic
        # yet, so show how to find one (each group's answer links its good first issues).
        return Query(raw=raw, text=text, intent="help", lang=lang)
    chinese = has_cjk(text)
    said = _Said(_told_to_software(tokens[:prose_len]), text, chinese)
    # A thing outside the project named with one of its words ("Task Scheduler") is another
    # product named.
    elsewhere_phrase = said.first(lists.elsewhere)
    elsewhere = 1 if elsewhere_phrase else 0
    return Query(
        raw=raw,
        text=text,
        intent="topic",
        lang=lang,
        tokens=tuple(tokens),
        content=content,
        zh_text=zh_text,
        paths=paths,
        focus=focus,
        channel_hint=channel.lower(),
        weights=tuple(weights) if several or _title_prefix(weights, tokens, raw) else (),
        several=several,
        prose_len=prose_len,
        asking_text=" ".join(asking),
        question_text=" ".join(n for p, n in by_part if p.role == "ask") if several else "",
        code_paths=code_paths,
        truncated=len(raw) > MAX_MESSAGE_CHARS,
        repository=repository,
        foreign=words.foreign + elsewhere,
        products=words.products + elsewhere,
        foreign_asked=words.foreign_asked and several,
        foreign_first=bool(content)
        and (len(content) >= FOREIGN_FIRST_CONTENT or bool(zh_text))
        and (content[0] in vocabulary.general_computing or content[0] in vocabulary.third_party),
        private_ask=said.first(lists.private_asks) or _kept_from_public(tokens[:prose_len]),
        report_ask=said.first(lists.report_asks),
        about_a_person=said.first(lists.about_a_person),
        quoted=_quoted_by(text, lists.sayings),
        not_kubernetes=said.first(lists.not_kubernetes),
        elsewhere=elsewhere_phrase,
        community=said.first(lists.community),
        how_to=said.first(lists.how_to_asks),
        flaw_sign=said.first(lists.flaw_signs),
        ordinary=said.first(lists.ordinary),
        has_chinese=chinese,
    )


# A message is about the product it starts with only when it says more than the product's name:
# "yaml" alone asks about sigbot's topic of that name. Chinese words around it are more ("用
# Jenkins 做持续集成"), though only the English word is a content word.
FOREIGN_FIRST_CONTENT = 2


class _AskTable(NamedTuple):
    """A list of phrases (`asks`), with the places of its Chinese phrases by their first
    character and of its English ones by their first word (and those first words as a set: a
    message's words are intersected with it, the smaller walked)."""

    asks: tuple[str, ...]
    chinese: dict[str, list[int]]
    by_first: dict[str, list[int]]
    firsts: frozenset[str]
    words: tuple[tuple[str, ...], ...]  # each English phrase's words (none for Chinese)
    # The characters the Chinese phrases start with ("" when there are none)
    chinese_firsts: str


class _Lists(NamedTuple):
    """What parse_query reads a message against, derived once per vocabulary."""

    ignored: frozenset[str]  # never content: stop words and the words of a focus
    private_asks: _AskTable
    report_asks: _AskTable
    about_a_person: _AskTable
    not_kubernetes: _AskTable
    elsewhere: _AskTable
    community: _AskTable
    how_to_asks: _AskTable
    flaw_signs: _AskTable
    ordinary: _AskTable
    sayings: _AskTable


class _Same:
    """A cache key equal only to a key for the very same object: hashing a Vocabulary hashes
    every one of its word lists (~2 us a message), where what is derived from it depends only
    on which one it is (it is frozen). The cache holds the key, so the object stays alive."""

    __slots__ = ("of",)

    def __init__(self, of: Vocabulary) -> None:
        self.of = of

    def __hash__(self) -> int:
        return id(self.of)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.of is self.of


def _lists_of(vocabulary: Vocabulary) -> _Lists:
    return _derived(_Same(vocabulary))


@lru_cache(maxsize=8)
def _derived(key: _Same) -> _Lists:
    v = key.of
    return _Lists(
        stemmed_stopwords(v) | _LEADS_WORDS | _MEETING_WORDS | _JOIN_WORDS,
        _ask_table(v.private_asks),
        _ask_table(v.report_asks),
        _ask_table(v.about_a_person),
        _ask_table(v.not_kubernetes),
        _ask_table(v.elsewhere),
        _ask_table(v.community),
        _ask_table(v.how_to_asks),
        _ask_table(v.flaw_signs),
        _ask_table(v.ordinary),
        _ask_table(v.sayings),
    )


class _Said:
    """What the person wrote, read once for the three lists of phrases looked for in it
    (private asks, report asks, "not Kubernetes"): its words as a set, the words joined, and
    the text without spaces for Chinese."""

    def __init__(self, prose: list[str], text: str, chinese: bool) -> None:
        self.prose, self.text, self.chinese = prose, text, chinese
        self.words = set(prose)
        self._joined = ""
        self._compact: str | None = None
        self._characters: frozenset[str] = frozenset()

    def first(self, table: _AskTable) -> str:
        """The first phrase of a list (in its order) the prose says: English by whole words,
        Chinese anywhere. Only the English phrases whose first word the prose holds are looked
        for in the text (a table from first words), so a long list costs nothing for a message
        that says none of them."""
        asks, chinese, by_first, firsts, words, chinese_firsts = table
        if not asks:
            return ""
        said = self.words
        # The English phrases whose every word the prose holds (a set test, in C), of those
        # whose first word it holds.
        found = [
            i for w in said.intersection(firsts) for i in by_first[w] if said.issuperset(words[i])
        ]
        if chinese_firsts:
            if self._compact is None:
                text = self.text
                self._compact = _not_a_person(text.replace(" ", "")) if self.chinese else ""
                self._characters = frozenset(self._compact)
            compact = self._compact
            # Only the phrases that start with a character of the text can be in it: the
            # text's characters are gathered once (in C) for the ten lists, not looked for in
            # the whole text once a list.
            for c in self._characters.intersection(chinese) if compact else ():
                found += [i for i in chinese[c] if asks[i] in compact]
        if not found:
            return ""
        if not self._joined:
            self._joined = f" {' '.join(self.prose)} "
        for i in sorted(found):
            ask = asks[i]
            if not ask.isascii() or f" {ask} " in self._joined:
                return ask
        return ""


# A quotation in prose: between straight or curly double quotes or Chinese corner brackets, a
# few words to a sentence long (a pasted error message sits in a code block, not here); at the
# end of the text its closing mark may have been trimmed with the edge punctuation.
_QUOTATION = re.compile(r'["\u201c\u300c]([^"\u201d\u300d\n]{3,160})(?:["\u201d\u300d]|$)')
SAYING_REACH = 40  # characters before a quotation a saying phrase may stand in
# Quotations looked at in one message: a story quotes a few things; a pasted log with no code
# fence can hold hundreds, and must cost no more than a story does.
MAX_QUOTATIONS = 12


def _quoted_by(text: str, sayings: _AskTable) -> str:
    """The phrase of `sayings` that introduces a quotation in `text` ('... said "maybe let the
    adults talk"', '说“女生就别掺和了”'), or "". Most messages hold no quotation mark, and cost a
    scan for one."""
    if not sayings.asks or not any(q in text for q in ('"', "\u201c", "\u300c")):
        return ""
    for m in islice(_QUOTATION.finditer(text), MAX_QUOTATIONS):
        before = text[max(0, m.start() - SAYING_REACH) : m.start()]
        found = _Said(tokenize(before), before, has_cjk(before)).first(sayings)
        if found:
            return found
    return ""


# Words that hold 他 or 它 without being about someone: 其他 Pod is "other pods", not "he".
_OTHER = re.compile("其他|其它|吉他")


# "<not> <tell> … public": a wish to keep a matter out of public view said in words of one's
# own ("I don't want to spell it out in a public channel", "I'd rather not discuss this
# publicly"): a word that keeps what follows from being done, a word of telling, then
# "public", in that order and close together. Without the telling word it is no wish ("not
# sure which public channel to ask in", "I don't know if this belongs in a public channel").
_AVOIDING = frozenset(
    "not don didn doesn won wouldn rather without avoid nervous afraid scared hesitant reluctant "
    "wary worried".split()
)
_TELLING = frozenset(
    "spell share post posting discuss say write paste put disclose mention describe detail "
    "details publish talk air open opening file filing".split()
)
_PUBLIC = frozenset({"public", "publicly"})
AVOIDING_REACH = 9  # words from the first to "public"


def _kept_from_public(prose: list[str]) -> str:
    """The words of a wish to keep a matter out of public view that language.yaml's
    `private_asks` does not list, or ""."""
    if _PUBLIC.isdisjoint(prose):
        return ""
    for i, word in enumerate(prose):
        if word in _PUBLIC:
            before = prose[max(0, i - AVOIDING_REACH) : i]
            at = next((j for j, w in enumerate(before) if w in _AVOIDING), None)
            if at is not None:
                told = next((w for w in before[at + 1 :] if w in _TELLING), "")
                if told:
                    return f"{before[at]} {told} … {word}"
    return ""


# What a person tells when they tell a program what to do ("how do I tell the cluster that two
# pods must stay up?"): no one to report to.
_SOFTWARE = frozenset(
    "cluster clusters kubernetes k8s scheduler kubelet kubectl node nodes apiserver api "
    "controller controllers pod pods deployment operator system helm".split()
)
_OWNERS = frozenset({"the", "my", "our", "a"})


def _told_to_software(prose: list[str]) -> list[str]:
    """The words with each "tell" that tells a program ("tell the cluster", "tell kubectl")
    made "instruct": it asks how to configure something, not whom to tell (`report_asks`)."""
    if "tell" not in prose:
        return prose
    out = list(prose)
    for i, word in enumerate(prose):
        if word != "tell":
            continue
        j = i + 1 + (i + 1 < len(prose) and prose[i + 1] in _OWNERS)
        if j < len(prose) and prose[j] in _SOFTWARE:
            out[i] = "instruct"
    return out


def _not_a_person(compact: str) -> str:
    return _OTHER.sub("、", compact)


def _ask_table(asks: tuple[str, ...]) -> _AskTable:
    chinese: dict[str, list[int]] = {}
    by_first: dict[str, list[int]] = {}
    for i, ask in enumerate(asks):
        if ask.isascii():
            by_first.setdefault(ask.split()[0], []).append(i)
        elif ask:
            chinese.setdefault(ask[0], []).append(i)
    words = tuple(tuple(ask.split()) if ask.isascii() else () for ask in asks)
    return _AskTable(asks, chinese, by_first, frozenset(by_first), words, "".join(chinese))


@dataclass
class _Prose:
    """What `_read_prose` gathers from the prose parts of a message."""

    tokens: list[str] = field(default_factory=list)
    weights: list[float] = field(default_factory=list)
    foreign: int = 0  # words of anything but the Kubernetes project
    products: int = 0  # ... of third-party products
    foreign_asked: bool = False  # one of them stands in a sentence that asks
    # Each part's words, all of them (`tokens` stops at MAX_PROSE_TOKENS): what a focus is
    # looked for in, so the text is not cut into words again.
    said: list[list[str]] = field(default_factory=list)


def _read_prose(
    prose: list[Segment], normalised: list[str], text: str, several: bool, vocabulary: Vocabulary
) -> _Prose:
    """The words of what the person wrote, each weighted by its part, and the other products
    and technologies it names."""
    out = _Prose()
    # A CI job's name is looked for in each part only when the text (the parts joined) holds
    # the start of one.
    jobs = any(map(text.__contains__, _JOB_STARTS))
    foreign = vocabulary.foreign
    for part, said in zip(prose, normalised, strict=True):
        every = tokenize(_job_words(said) if jobs else said)
        out.said.append(every)
        words = every[: MAX_PROSE_TOKENS - len(out.tokens)]
        out.tokens += words
        out.weights += [ROLE_WEIGHT[part.role] if several else 1.0] * len(words)
        plain = said.isascii()
        if foreign.isdisjoint(words) and (plain or not _may_name_in_chinese(said, foreign)):
            continue  # most parts name no other product (one pass over its words, in C)
        named = _named(said, plain, words, vocabulary.third_party)
        if named and vocabulary.dev_machines:
            named = max(0, named - _places_to_run(said, words, vocabulary.dev_machines))
        general = _named(said, plain, words, vocabulary.general_computing)
        if named or general:
            # A product a thing of ours is compared with ("like a git diff", "kind of like a
            # save game") is no product the message is about.
            named = max(0, named - _compared(words, vocabulary.third_party))
            general = max(0, general - _compared(words, vocabulary.general_computing))
        other = named + general
        out.foreign += other
        out.products += named
        # A data format asked about ("can the logs come out as JSON?") is what a thing of ours
        # is written in; named twice or beside another technology it still counts above.
        asked = other - _named(said, plain, words, _FORMATS) if other else 0
        out.foreign_asked = out.foreign_asked or (asked > 0 and part.role in ("route", "ask"))
    return out


# Data formats (language.yaml general_computing): what a thing is written in, not another
# product a message is about ("can the components' logs come out as JSON?").
_FORMATS = frozenset({"json", "yaml", "yml", "xml", "toml", "csv"})


# What a comparison starts with: "like a", "similar to". "Like" after one who wants ("I'd like
# a git diff", "we like") is a wish, not a comparison.
_COMPARING = frozenset({"like", "similar", "akin", "same"})
_WANTING = frozenset({"d", "would", "i", "we", "you", "they", "don", "t", "really", "also"})
_COMPARED_REACH = 3  # words after the comparison's start that it names


def _compared(words: list[str], listed: frozenset[str]) -> int:
    """How many of the `listed` words a part names as a comparison: within three words
    after "like" (not "I'd like"), "similar to", "akin to" or "same as"."""
    found = 0
    for i, w in enumerate(words):
        if w in _COMPARING and (i == 0 or words[i - 1] not in _WANTING):
            start = i + 1 if w == "like" else i + 2  # after "similar to", "same as"
            if w != "like" and (start > len(words) or words[i + 1] not in ("to", "as")):
                continue
            found += sum(map(listed.__contains__, words[start : start + _COMPARED_REACH]))
    return found


def _places_to_run(text: str, words: list[str], places: tuple[str, ...]) -> int:
    """How many times a part says where the person runs things ("on my laptop"): each holds a
    product word (language.yaml `dev_machines`) that is a place, not a product asked about."""
    found = 0
    for place in places:
        if has_cjk(place):
            found += text.replace(" ", "").count(place.replace(" ", ""))
            continue
        phrase = place.split()
        n = len(phrase)
        found += sum(words[i : i + n] == phrase for i in range(len(words) - n + 1))
    return found


def _named(text: str, plain: bool, words: list[str], listed: frozenset[str]) -> int:
    """How many of the `listed` words (or Chinese names) a part of a message says. In a text
    that is not ASCII, only the Chinese names that start with a character it holds are counted
    (those characters picked out by one pattern: most start none)."""
    if not listed:
        return 0
    named = sum(map(listed.__contains__, words))
    if not plain:
        by_first, firsts = _chinese_of(listed)
        if firsts is not None:
            for c in set(firsts.findall(text)):
                named += sum(text.count(w) for w in by_first[c])
    return named


_ChineseNames = tuple[dict[str, tuple[str, ...]], re.Pattern[str] | None]


def _may_name_in_chinese(said: str, listed: frozenset[str]) -> bool:
    """Whether `said` holds the first character of one of the list's Chinese names. Asked only
    of text that is not ASCII, so an English question never sorts the list's Chinese out (nor
    compiles a Chinese pattern: see bot.lang.cjk_run)."""
    firsts = _chinese_of(listed)[1]
    return firsts is not None and firsts.search(said) is not None


@lru_cache(maxsize=16)
def _chinese_of(listed: frozenset[str]) -> _ChineseNames:
    """The Chinese names of a list, by their first character, and a pattern of those
    characters (None when the list has none)."""
    by_first: dict[str, list[str]] = {}
    for w in sorted(listed):
        if has_cjk(w):
            by_first.setdefault(w[0], []).append(w)
    firsts = re.compile(f"[{re.escape(''.join(by_first))}]") if by_first else None
    return {c: tuple(ws) for c, ws in by_first.items()}, firsts


# A CI job's name (ci-kubernetes-e2e-gce-scale-performance, pull-kubernetes-verify) says what it
# tests among words every job has: its kind, that it is end-to-end, where it runs. Only the words
# that tell jobs apart are read, and "kubernetes" (a stop word, but it says the message is about
# Kubernetes: its everyday words mean the Kubernetes things).
_JOB = re.compile(r"\b(?:ci|pull|post|periodic)-[a-z0-9]+(?:-[a-z0-9]+){1,12}\b")
_JOB_WORDS = frozenset(
    "ci pull post periodic e2e gce gci master main canary default cos ubuntu".split()
)


_JOB_STARTS = ("ci-", "pull-", "post-", "periodic-")


def _job_words(text: str) -> str:
    if not any(s in text for s in _JOB_STARTS):
        return text  # no job's name (the pattern's word boundary is tried at every position)
    return _JOB.sub(
        lambda m: " ".join(w for w in m.group(0).split("-") if w not in _JOB_WORDS), text
    )


_EDGE_PUNCTUATION = " \t\"'“”‘’「」.,;!?。，；！？、"
# A word of pasted output with digits in it is a name or a number (pod-7f9c8b6d5-x2x4z,
# 10.0.0.1, 5m3s), unless it is shaped like a version or an acronym: v1beta1, k8s, ipv6, ec2.
_CODE_WORD_WITH_DIGITS = re.compile(r"[a-z]{1,12}\d{1,2}(?:[a-z]{1,8}\d?)?")


def _fold(text: str) -> str:
    """`normalise` without collapsing whitespace or replacing control characters: the same
    words (`tokenize`), and the same line breaks."""
    return unicodedata.normalize("NFKC", text).casefold()


# Stands for a line break among the words of a pasted block (a control character, so never a
# word: every block's own control characters are turned into spaces before it is put in).
_LINE = "\x01"


def _code_token(word: str) -> str:
    """A word of pasted output as a token ("" when it is boilerplate): its plural folded, kept
    when it has no digits or is a version or an acronym (see above). A line's end stays one."""
    if word == _LINE:
        return _LINE
    token = stem(word)
    return token if token.isalpha() or _CODE_WORD_WITH_DIGITS.fullmatch(token) else ""


# Each word's token, remembered as `_STEMS` are (below MAX_REMEMBERED_WORDS).
_CODE_TOKENS: dict[str, str] = {}


def _code_tokens(said: list[str]) -> list[str]:
    """The tokens of some words, boilerplate left out."""
    try:
        found = list(map(_CODE_TOKENS.__getitem__, said))
    except KeyError:  # a word not seen yet
        if len(_CODE_TOKENS) >= MAX_REMEMBERED_WORDS:
            _CODE_TOKENS.clear()
        found = [_CODE_TOKENS.setdefault(w, _code_token(w)) for w in said]
    return list(filter(None, found))


# `_NOT_WORD_BYTES` that keeps line breaks; `_WORD`'s Chinese; `_WORD` or a line's end.
_NOT_WORD_BYTES_BUT_LINES = _NOT_WORD_BYTES[:10] + b"\n" + _NOT_WORD_BYTES[11:]
_WORD_CHINESE = r"[\u3400-\u9fff\uf900-\ufaff]"
_WORD_OR_LINE = f"{_WORD}|{_LINE}"


def _code_keys(block: str) -> list[str]:
    """The distinct lines of a block that hold a word that is no boilerplate, each as its
    tokens joined by spaces, first seen first. The block is cut into words at once (bytes
    translated when it is ASCII, one pattern otherwise), a mark standing for each line's end;
    its words become tokens by one `map`, and are cut back into lines: nothing is done line by
    line in Python. A block without Chinese is read as ASCII bytes, each other character
    encoded as "?", a separator like every character that is not a letter or digit (a
    `kubectl tree` or `clusterctl describe` is drawn with "│ ├─": ~90 -> ~10 us a block, where
    a pattern replaced each run of them)."""
    folded = _fold(block)
    if folded.isascii() or _compiled(_WORD_CHINESE).search(folded) is None:
        spaced = folded.encode("ascii", "replace").translate(_NOT_WORD_BYTES_BUT_LINES)
        words = spaced.decode("ascii").replace("\n", f" {_LINE} ").split()
    else:
        words = _compiled(_WORD_OR_LINE).findall(folded.replace(_LINE, " ").replace("\n", _LINE))
    lines = " ".join(_code_tokens(words)).split(_LINE)
    distinct = dict.fromkeys(map(str.strip, lines))
    distinct.pop("", None)  # a line of boilerplate only
    return list(distinct)


def _read_code(code: list[Segment]) -> tuple[tuple[str, ...], list[str]]:
    """Pasted output's clues: its code paths, and its words without boilerplate, each distinct
    line once, at most MAX_CODE_TOKENS words. Boilerplate (timestamps, UIDs, IPs, addresses,
    container ids, pod-name hashes) is what holds digits: such words are left out, so the same
    log line with another timestamp is the same line."""
    if not code:
        return (), []
    paths: list[str] = []
    tokens: list[str] = []
    seen_lines: set[str] = set()
    for part in code:
        block = part.text
        found = code_paths(block, MAX_CODE_PATHS - len(paths))
        for path in found:
            block = block.replace(path, " ")
        paths += [p for p in found if p not in paths]
        # The block folded once, not line by line: a line's words are the same either way
        # (normalising only changes what lies between words, and never across a line break).
        # A line seen before is the same log line again, with another timestamp.
        keys = list(filterfalse(seen_lines.__contains__, _code_keys(block)))
        if not keys:
            continue
        seen_lines.update(keys)
        # Each line's words, a separator between lines, by one split (a key's tokens are
        # joined by one space).
        if tokens:
            tokens.append(SEPARATOR)
        tokens += f" {SEPARATOR} ".join(keys).split(" ")
        if len(tokens) >= MAX_CODE_TOKENS:
            return tuple(paths), tokens[:MAX_CODE_TOKENS]
    return tuple(paths), tokens


# "kubelet: probes time out ...", "cluster-autoscaler: scale-down blocked ...": a one-line
# message that starts with a short name and a colon says what it is about there first.
_PREFIX = re.compile(r"^([^:]{1,60}?):\s")
MAX_PREFIX_WORDS = 5
MAX_PATH_WORDS = 12  # a path names one thing in many words: staging/src/k8s.io/kubectl/...
PREFIX_WEIGHT = ROLE_WEIGHT["ask"]
# One name before the colon (a component, a path: no spaces) is the title's subject, weighed
# as the sentence that asks who owns it; a short capitalised tag says what kind of message it
# is, not what about ("PSA:", "FYI:", "WIP:"); several words are a sentence's start as often
# as a subject ("YARN capacity scheduler: ...") and weigh as a question's. The subject weighs
# twice the asking sentence: the rest of a title names what the component does on the way, often
# two things of another group ("scheduler: ... RuntimeClass ... pod overhead").
_ONE_NAME = re.compile(r"[\w./-]{2,120}")
_TAG_WORD = re.compile(r"[A-Z]{2,4}")
SUBJECT_WEIGHT = 2 * ROLE_WEIGHT["route"]


# A name a title starts with, written as one: "cluster-autoscaler", "KubeadmControlPlane" (words
# joined by hyphens, or capitals inside one word), which no sentence starts with by chance.
_FIRST_NAME = re.compile(r"[a-z][a-z0-9]*(?:-[a-z0-9]+)+|[A-Z][a-z0-9]+(?:[A-Z][a-z0-9]+)+")


def _first_name(weights: list[float], tokens: list[str], raw: str) -> bool:
    """A one-line message without a "<component>:" prefix that starts with a name written as
    one ("KubeadmControlPlane rollout stuck at 2/3 ...", "cluster-autoscaler 缩容被 ... 阻塞")
    is about that name first, as a prefix says: its words weigh as a question's, so a pair of
    everyday words later in the title ("rollout … stuck") does not outweigh it."""
    first = raw.strip().split(maxsplit=1)
    if len(first) < 2 or not _FIRST_NAME.fullmatch(first[0]):
        return False
    n = len(tokenize(first[0].lower()))
    if not 0 < n < len(tokens):
        return False
    weights[:n] = [PREFIX_WEIGHT] * n
    return True


def _title_prefix(weights: list[float], tokens: list[str], raw: str) -> bool:
    """Weigh the words of a one-line message's "<component>:" prefix as a question's, or as
    the asking sentence's when it is one name (in place), or those of a name it starts with
    (`_first_name`); whether it had one."""
    m = _PREFIX.match(raw.strip())
    if m is None:
        return _first_name(weights, tokens, raw)
    if m.group(1).startswith(("http", "[")):
        return False
    name = m.group(1).strip()
    subject = _ONE_NAME.fullmatch(name) and not _TAG_WORD.fullmatch(name)
    n = len(tokenize(name.lower()))
    if not 0 < n <= (MAX_PATH_WORDS if subject else MAX_PREFIX_WORDS) or n >= len(tokens):
        return False
    weights[:n] = [SUBJECT_WEIGHT if subject else PREFIX_WEIGHT] * n
    return True


def _focus(text: str, words: set[str]) -> Focus | None:
    """What about a group is asked, rather than which group: its leads, meetings, joining.
    `words`: the text's words (a CI job's common words may be missing: none is a focus)."""
    zh = not text.isascii()  # only such a text can hold the Chinese words
    rules = words & _LEAD_RULE_WORDS or (zh and any(z in text for z in _ZH_LEAD_RULES))
    if not rules and (words & _LEADS_WORDS or (zh and any(z in text for z in _ZH_LEADS))):
        return "leads"
    meeting = words & _MEETING_WORDS
    if meeting and meeting <= _SYNC_WORDS and "/" in text:
        meeting = set()  # "[zh-cn] sync concepts/...md": a title that syncs a file, no meeting
    if meeting or (zh and any(z in text for z in _ZH_MEETINGS)):
        return "meetings"
    if words & _JOIN_WORDS or (zh and "加入" in text):
        return "join"
    return None


def _is_path_like(fragment: str, roots: frozenset[str]) -> bool:
    """'pkg/kubelet' and 'kubernetes-sigs/kind' are paths; 'sig/node' and 'ci/cd' are not."""
    parts = [p for p in fragment.split("/") if p]
    if fragment.startswith("http"):
        return "github.com" in fragment or "githubusercontent" in fragment
    if len(parts) < 2:
        return False
    if parts[0] in ("sig", "wg", "committee", "ug", "area", "kind") and len(parts) == 2:
        return False  # GitHub labels such as sig/node
    return len(parts) > 2 or parts[0] in roots or "." in parts[0] or "-" in parts[0]


# Words only a message about Kubernetes uses, found in its tokens (here, where both the
# evidence sources and the ranking can read them).
SAYS_KUBERNETES = frozenset({"kubernete", "kubernetes", "k8s"})


# Words only a message about Kubernetes uses: its groups (SIG, KEP) and its commonest objects.
# ... and the words that name the project's own groups and proposals: a message that says
# "SIG" or "KEP" is about the Kubernetes community ("is there a doc from steering on when
# something should be a SIG?": steering is the committee, not a wheel).
SAYS_PROJECT = SAYS_KUBERNETES | {"sig", "sigs", "kep", "keps", "wg", "wgs"}
KUBERNETES_WORDS = SAYS_KUBERNETES | {"sig", "kep", "pod", "pods", "namespace", "namespaces", "crd"}


def says_kubernetes(tokens: Iterable[str]) -> bool:
    """The message names Kubernetes, its groups or objects, or one of its commands and components
    (kubectl, kubelet, kube-proxy): its words of wider English mean the Kubernetes things."""
    return any(t in KUBERNETES_WORDS or t.startswith("kube") for t in tokens)
