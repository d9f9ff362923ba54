"""A real message -> its parts: the sentences that ask, the prose around them, quoted text, and
pasted code and logs. Pure, and linear in the size of the message (plain string operations and
anchored patterns without nested repetition), because its input comes from strangers.

A mention in a channel is rarely one sentence: a greeting, some context, a `kubectl describe` or
a log in a code fence, and the question somewhere (first line, middle, last line). The engine
weighs each part differently (bot/query.py gives every word the weight of its part): the asking
sentences name the subject, the prose describes it, and code is a weaker witness that still
holds real clues (a `pkg/kubelet/...` frame, an `nft: Error` line) among boilerplate that must
not outvote the question (timestamps, UIDs, IPs, node tables, stack-frame addresses).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Literal, NamedTuple

Role = Literal["route", "ask", "prose", "quote", "code"]
# What a word is worth, by the part it stands in, when a message has several parts. The sentence
# that asks *who* ("... which SIG owns the autoscaler?") names the subject; other questions
# ("is this a known issue with the prober?") are about it; the context around them describes
# the symptom; a quote is often someone else's words; and pasted output mentions every
# component it passed through. Chosen on benchmarks/eval/blind-dev.yaml (long messages) and
# dev-natural.yaml (questions with context), with `python benchmarks/eval_quality.py`.
ROLE_WEIGHT: dict[Role, float] = {
    "route": 2.0,
    "ask": 1.25,
    "prose": 1.0,
    "quote": 0.6,
    "code": 0.3,
}

FENCE = "```"
# Sentences end at ! ? 。 ！ ？ ; ； or a newline, or at a full stop followed by a space
# (`_SENTENCE` below cuts a text into them).
# A sentence that asks who, which group, or where to go ... Each alternative starts with a
# character (the engine skips to where one stands), the word boundary before an English word
# written as a lookbehind after its first letter ("w(?<!\ww)" is "\bw").
_ROUTING = re.compile(
    r"w(?<!\ww)(?:ho|hom|hose|hich|here|hat group|hat sig|hat team)\b"
    r"|谁|哪个|哪一个|哪些|哪里|哪儿|找哪|归哪"
)
# ... and one that asks something else: a question mark, or a word that asks. This one, the
# owner question and the code paths below are searched for only once their hints are found, so
# they are left to `re`'s cache of compiled patterns (compiled on first use, not at every
# start-up: ~1.2 ms of a `sigbot ask` that mostly needs none of them).
_ASKING = (
    r"\?|？|h(?<!\wh)ow\b|w(?<!\ww)hy\b|a(?<!\wa)nyone know\b|i(?<!\wi)s there\b"
    r"|怎么|如何|请问|吗|是否"
)
# What a text must hold for each pattern to match, looked for first (plain substring searches):
# most sentences hold none of them.
_ROUTING_HINTS = ("wh", "谁", "哪")
_ASKING_WORDS = ("how", "why", "anyone know", "is there", "怎么", "如何", "请问", "吗", "是否")
_OWNER_HINTS = ("who", "which ", " behind", "谁", "哪个")
# A line starting with a mention of someone (in Slack, the bot: "<@U0123> who owns ...").
_MENTION_LINE = re.compile(r"^\s*<@[A-Z0-9]+(?:\|[^>]{0,80})?>")
# Lines that are pasted output, not prose, when nobody put them in a code fence. Anchored at
# the line's start; each alternative is a fixed prefix shape.
_LOG_LINE = re.compile(
    r"^(?:\s*(?:"
    r"\d{4}-\d\d-\d\d[T ]\d\d:\d\d"  # ISO timestamps
    r"|[IEWF]\d{4} \d\d:\d\d:\d\d"  # klog headers: E1203 10:22:31.123456
    r"|[A-Z][a-z]{2} {1,2}\d{1,2} \d\d:\d\d:\d\d"  # syslog / journalctl: Dec  3 10:22:31
    r"|goroutine \d+"
    r"|\S+\.go:\d+"
    r"|panic:"
    r"|\$ "  # a shell prompt
    r"|[{}\[\]]"  # JSON
    r"|(?:apiVersion|kind|metadata|spec|status|data|items):"  # YAML documents
    r"|NAME\s{2,}|Name:\s{2,}"  # kubectl tables and describe output
    r")|\t|\s{2,}[\w.-]+:)"  # tab-indented (stack frames) or indented key: value
)
# Three or more columns separated by runs of spaces: `kubectl get` output.
_TABLE_ROW = re.compile(r"^\s*\S+ {2,}\S+ {2,}\S")


class Segment(NamedTuple):
    """One part of a message, in order: its role (what it is worth) and its text. A named
    tuple, not a frozen dataclass: a long message is cut into some twenty, and a tuple is made
    in a third of the time."""

    role: Role
    text: str


def split_message(text: str, clean: Callable[[str], str] = str) -> list[Segment]:
    """The message's parts in order. Code fences are found with str.find, never a regex.
    `clean` is applied to prose and quotes before they are cut into sentences (Slack's markup:
    a link's URL may hold a question mark that is no sentence end)."""
    out: list[Segment] = []
    pos = 0
    while True:
        start = text.find(FENCE, pos)
        if start < 0:
            out += _prose_parts(text[pos:], clean)
            return out
        out += _prose_parts(text[pos:start], clean)
        end = text.find(FENCE, start + len(FENCE))
        if end < 0:  # an unclosed fence: the rest is code
            out.append(Segment("code", text[start + len(FENCE) :]))
            return out
        out.append(Segment("code", text[start + len(FENCE) : end]))
        pos = end + len(FENCE)


def _prose_parts(text: str, clean: Callable[[str], str]) -> list[Segment]:
    """Lines outside fences: quotes, unfenced logs and tables, and prose cut into sentences."""
    out: list[Segment] = []
    prose: list[str] = []  # consecutive prose lines
    mention = False  # the current prose block starts with a mention

    def flush() -> None:
        nonlocal mention
        if prose:
            out.extend(_sentences(clean("\n".join(prose)), mention))
            prose.clear()
        mention = False

    for line in text.split("\n"):
        stripped = line.lstrip()
        if stripped.startswith(("&gt;", ">")):
            flush()
            body = stripped[4:] if stripped.startswith("&gt;") else stripped[1:]
            _append(out, "quote", clean(body))
        elif _LOG_LINE.match(line) or _TABLE_ROW.match(line):
            flush()
            _append(out, "code", line)
        else:
            if not prose and _MENTION_LINE.match(line):
                flush()
                mention = True
            prose.append(line)
            if mention and line.strip():
                flush()  # the mention line is a part of its own: it asks
    flush()
    return out


def _append(out: list[Segment], role: Role, line: str) -> None:
    """Consecutive lines of one role are one part."""
    if out and out[-1].role == role:
        out[-1] = Segment(role, out[-1].text + "\n" + line)
    else:
        out.append(Segment(role, line))


def _sentences(text: str, mention: bool) -> list[Segment]:
    parts = list(filter(str.strip, _SENTENCE.findall(text)))  # not blank
    if mention:
        return [Segment("route", " ".join(parts))] if parts else []
    return [Segment(_role_of(s.lower()), s) for s in parts]


# A sentence: up to and with its end (see above), or up to the text's end. The pieces
# are matched in one findall (the text cut after each end; the last may be empty), written so
# that each character is read once: runs of characters that end nothing, a full stop before
# something that is not a space, and the end.
_SENTENCE = re.compile(
    r"[^!?。！？;；\n.]*(?:\.(?!\s)[^!?。！？;；\n.]*)*(?:[!?。！？;；\n]|\.(?=\s))?"
)


# A sentence that asks who owns or maintains something by name ("who maintains kind?", "which
# SIG owns the descheduler", "kubeadm 是谁维护的"): what it names is the subject of the message.
_OWNER_ASK = (
    r"w(?<!\ww)(?:ho (?:actually |really |exactly )?(?:maintains|owns|is responsible for|"
    r"looks after|works on|decides|approves|runs|operates|manages|is in charge of|can change|sets|"
    r"is behind)|ho's behind"
    r"|hich (?:sig|group|team|wg|committee))\b"
    r"|(?:group|team|sig|people|folks) behind\b"
    r"|谁(?:负责|维护|在维护|在管|管)|哪个\s?(?:sig|组|小组|工作组|委员会)"
)


def asks_for_owner(text: str) -> bool:
    """The text asks who owns or maintains something."""
    lowered = text[:MAX_ASK_SCAN].lower()
    hinted = any(map(lowered.__contains__, _OWNER_HINTS))
    return hinted and re.search(_OWNER_ASK, lowered) is not None


def asks_something(text: str) -> bool:
    """The message asks a question (of anyone, about anything), rather than stating a title."""
    lowered = text[:MAX_ASK_SCAN].lower()
    return _asks(lowered) or _routes(lowered)


MAX_ASK_SCAN = 8_000


def _routes(lowered: str) -> bool:
    """The (lower-case) text asks who, which or where (`_ROUTING`)."""
    return any(map(lowered.__contains__, _ROUTING_HINTS)) and _ROUTING.search(lowered) is not None


def _asks(lowered: str) -> bool:
    """The (lower-case) text asks something (`_ASKING`)."""
    if "?" in lowered or "？" in lowered:
        return True
    return any(map(lowered.__contains__, _ASKING_WORDS)) and re.search(_ASKING, lowered) is not None


def _role_of(sentence: str) -> Role:
    """A sentence asks when it ends in a question mark, or when its first words ask ("who
    owns kind", "how do I propose a WG"): an English "where", "which", "how" further in is
    a clause of a statement ("the node where the pod ran", "standardising how windows are
    declared"). Chinese asks anywhere (找谁 ends a question with no mark). A sentence that
    holds no hint of either (`_ROLE_HINTS`: most sentences of a long message) is prose without
    cutting its head off and reading it twice."""
    if not any(map(sentence.__contains__, _ROLE_HINTS)):
        return "prose"
    if "?" not in sentence and "？" not in sentence and sentence.isascii():
        if "wh" in sentence and _WANTS_TO_KNOW.search(sentence.lower()):
            return "route"  # "I'm asking because I'd like to know who operates the registry"
        sentence = " ".join(sentence.split(None, ASKING_HEAD_WORDS)[:ASKING_HEAD_WORDS])
    if _routes(sentence):
        return "route"
    return "ask" if _asks(sentence) else "prose"


ASKING_HEAD_WORDS = 6
# A sentence that says the writer wants to know who or which, past its first words: it asks.
_WANTS_TO_KNOW = re.compile(
    r"\b(?:like to know|want to know|wanted to know|need to know|wondering|curious|find out)"
    r" (?:who|whom|which)\b"
)
# What a (lower-case) sentence holds when it can ask: a hint of `_ROUTING` or of `_ASKING`, of
# their phrases one word ("anyone\tknow" is "anyone know" in the head `_role_of` reads, its
# words joined by one space).
_ROLE_HINTS: tuple[str, ...] = ("?", "？", "wh", "how", "why", "anyone", "there", "谁", "哪")
_ROLE_HINTS += tuple(w for w in _ASKING_WORDS if not w.isascii())


# Go import paths and repository paths inside pasted output ("k8s.io/kubernetes/pkg/kubelet/
# kuberuntime.(*m).SyncPod", "/workspace/src/k8s.io/kubernetes/pkg/proxy/nftables/proxier.go"):
# where the code that failed lives, a real clue.
_CODE_PATH = (
    r"(?:sigs\.k8s\.io|k8s\.io|github\.com/[\w.-]{1,100})/[\w.-]{1,100}(?:/[\w-]{1,100}){0,12}"
)


def code_paths(code: str, limit: int) -> list[str]:
    """Distinct code paths in pasted output, first seen first, at most `limit`. Every path
    holds one of the pattern's hosts: a block that holds none (most) is not run through it."""
    found: dict[str, None] = {}
    if "k8s.io" not in code and "github.com/" not in code:
        return []
    for m in re.finditer(_CODE_PATH, code):
        found.setdefault(m.group(0).rstrip("."), None)
        if len(found) >= limit:
            break
    return list(found)
