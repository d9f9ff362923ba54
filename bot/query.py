"""Raw text -> Query: strip Slack markup, normalise, split into words, detect intent. Pure.

Everything downstream sees only the Query, so Slack-isms (`<@U123>`, `<#C1|sig-node>`, emoji
codes), full-width characters and filler words ("who owns the ...?") are dealt with once, here.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Literal

import Stemmer  # type: ignore[import-not-found]  # PyStemmer: the Snowball stemmers in C

from bot.lang import Lang, language_of
from bot.model import Vocabulary

# Bound the work: nobody asks a 10,000-character question, and fuzzy matching cost grows with it.
MAX_QUERY_CHARS = 300  # characters kept for matching
MAX_INPUT_CHARS = 2000  # longer input is answered politely instead of being matched
MAX_TOKENS = 24  # words considered for matching

Intent = Literal["topic", "help", "list", "empty", "oversized"]
Focus = Literal["leads", "meetings", "join"]

_SLACK_LINK = re.compile(r"<(https?://[^|>]*)(?:\|([^>]*))?>")
_SLACK_CHANNEL = re.compile(r"<#[A-Z0-9]+(?:\|([^>]*))?>")
_SLACK_USER = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
_SLACK_SPECIAL = re.compile(r"<![^>]*>")
_SLACK_OTHER = re.compile(r"<[^>]*>")
_EMOJI = re.compile(r":[a-z0-9_+\-']+:", re.I)
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
_PATH = re.compile(r"(?:^|\s)((?:https?://)?[\w.\-]+(?:/[\w.\-]+)+/?)(?=\s|$)")
_WORD = re.compile(r"[a-z0-9]+|[\u3400-\u9fff\uf900-\ufaff]+")

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
    # In a message of several sentences, the one that asks ("... Who maintains kind?"): the
    # token positions it spans, and its text. Empty when the message is one sentence.
    asking: tuple[int, int] = (0, 0)
    asking_text: str = ""


def strip_slack_markup(text: str) -> tuple[str, str]:
    """Remove Slack's mrkdwn and entity syntax; return (text, first channel name mentioned)."""
    channel = ""
    m = _SLACK_CHANNEL.search(text)
    if m and m.group(1):
        channel = m.group(1)
    text = _SLACK_LINK.sub(lambda m: m.group(2) or m.group(1), text)
    text = _SLACK_CHANNEL.sub(lambda m: f" #{m.group(1)} " if m.group(1) else " ", text)
    text = _SLACK_USER.sub(" ", text)
    text = _SLACK_SPECIAL.sub(" ", text)
    text = _SLACK_OTHER.sub(" ", text)
    text = text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")
    text = _EMOJI.sub(" ", text)
    text = re.sub(r"[`*~]|(?<!\w)_|_(?!\w)", " ", text)
    return text, channel


def normalise(text: str) -> str:
    """Full-width to ASCII, case folded, control characters gone, whitespace collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = _CONTROL.sub(" ", text)
    return " ".join(text.casefold().split())


def to_key(text: str) -> str:
    """The form both index keys and query phrases take: words joined by single spaces.

    'kube-proxy' -> 'kube proxy', 'sig/node' -> 'sig node', '#sig-network' -> 'sig network'.
    """
    return " ".join(tokenize(normalise(text)))


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


def tokenize(text: str) -> list[str]:
    """Latin words (plurals folded) and runs of Chinese characters; punctuation separates words."""
    return [stem(w) for w in _WORD.findall(text)]


def _stemmed(words: frozenset[str]) -> frozenset[str]:
    return frozenset(stem(w) for w in words)


EMPTY_VOCABULARY = Vocabulary()


@lru_cache(maxsize=8)
def stemmed_stopwords(vocabulary: Vocabulary) -> frozenset[str]:
    """The stop words of a vocabulary as tokens are compared (plurals folded); cached."""
    return _stemmed(vocabulary.stopwords)


_LEADS_WORDS = _stemmed(_LEADS_RAW)
_MEETING_WORDS = _stemmed(_MEETING_RAW)
_JOIN_WORDS = _stemmed(_JOIN_RAW)
_ONBOARDING_WORDS = _stemmed(_ONBOARDING_RAW)


def _strip_zh_filler(text: str, vocabulary: Vocabulary) -> str:
    cjk = "".join(ch for ch in text if _CJK.match(ch) or ch.isalnum())
    for filler in vocabulary.zh_filler:
        cjk = cjk.replace(filler, " ")
    return "".join(ch for ch in cjk if _CJK.match(ch))


def parse_query(raw: str, vocabulary: Vocabulary = EMPTY_VOCABULARY) -> Query:
    """Understand one question. Never raises: any string gives a well-formed Query.
    `vocabulary` is the knowledge base's word lists (knowledge/language.yaml)."""
    raw = raw if isinstance(raw, str) else ""
    if len(raw) > MAX_INPUT_CHARS:
        return Query(raw=raw, text="", intent="oversized", lang=language_of(raw))
    # Normalise first: full-width ＊b＊ must become *b* before markup is stripped, or it would
    # come back out as live formatting when the question is echoed.
    cleaned, channel = strip_slack_markup(unicodedata.normalize("NFKC", raw[: MAX_QUERY_CHARS * 3]))
    text = normalise(cleaned)[:MAX_QUERY_CHARS].strip(" \t\"'“”‘’「」.,;!?。，；！？、")
    lang: Lang = language_of(text)
    if not text or not re.search(r"\w", text):
        intent: Intent = "help" if "?" in cleaned else "empty"
        return Query(raw=raw, text=text, intent=intent, lang=lang)

    simple = " ".join(text.replace("/sig", " ").split()).strip("? ")
    if simple in _HELP_QUERIES or text in _HELP_QUERIES:
        return Query(raw=raw, text=text, intent="help", lang=lang)
    if simple in _LIST_QUERIES:
        return Query(raw=raw, text=text, intent="list", lang=lang)

    paths = tuple(
        p.rstrip("/") for p in _PATH.findall(text) if _is_path_like(p, vocabulary.path_roots)
    )
    tokens = tuple(tokenize(text)[: MAX_TOKENS * 2])
    words = set(tokens)
    focus: Focus | None = None
    if words & _LEADS_WORDS or any(z in text for z in _ZH_LEADS):
        focus = "leads"
    elif words & _MEETING_WORDS or any(z in text for z in _ZH_MEETINGS):
        focus = "meetings"
    elif words & _JOIN_WORDS or "加入" in text:
        focus = "join"
    ignore = stemmed_stopwords(vocabulary) | _LEADS_WORDS | _MEETING_WORDS | _JOIN_WORDS
    content = tuple(t for t in tokens if t not in ignore and not _CJK.match(t))[:MAX_TOKENS]
    zh_text = _strip_zh_filler(text, vocabulary) if lang == "zh" else ""
    if not content and not zh_text and not paths and words & _ONBOARDING_WORDS:
        # "I want to contribute to Kubernetes": no topic yet, so show how to find one.
        return Query(raw=raw, text=text, intent="help", lang=lang)
    asking, asking_text = _asking_sentence(text, len(tokens))
    return Query(
        raw=raw,
        text=text,
        intent="topic",
        asking=asking,
        asking_text=asking_text,
        lang=lang,
        tokens=tokens,
        content=content,
        zh_text=zh_text,
        paths=paths,
        focus=focus,
        channel_hint=channel.lower(),
    )


_SENTENCE_END = re.compile(r"(?<=[!?。！？;；\n])|(?<=\.)(?=\s)")
_ASKING = re.compile(
    r"\b(who|whom|whose|which|where|what group|what sig)\b|谁|哪个|哪一个|哪些|找哪|归哪"
)


def _asking_sentence(text: str, n_tokens: int) -> tuple[tuple[int, int], str]:
    """The sentence that asks the question, when a message has context around it: "my probes
    time out on busy nodes (...). Who owns the kubelet?". Its evidence names the subject."""
    sentences = [s for s in _SENTENCE_END.split(text) if s.strip()]
    if len(sentences) < 2:
        return (0, 0), ""
    start = 0
    spans = []
    for sentence in sentences:
        n = len(tokenize(sentence))
        spans.append((start, start + n, sentence))
        start += n
    for lo, hi, sentence in reversed(spans):
        if _ASKING.search(sentence) and hi > lo:
            return (lo, min(hi, n_tokens)), sentence
    return (0, 0), ""


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
