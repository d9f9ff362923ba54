"""Answers as the JSON contract says (docs/CONTRACTS.md): `sigbot ask --json`. One more
formatter of the same results the Slack and terminal renderers word for people."""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime
from functools import cache

from bot.answers import Answer, Match
from bot.evidence.kinds import KINDS
from bot.lang import Lang
from bot.model import Feature, Group, KnowledgeBase
from bot.query import MAX_MESSAGE_CHARS
from bot.render.cards import card_json, group_card

# The question echoed back, as JSON, is at most this long: the characters the engine reads. A
# longer message (or a refused one, up to 40,000 characters and beyond) is not echoed whole, so
# an answer stays a line a script can handle.
MAX_ECHO_CHARS = MAX_MESSAGE_CHARS
# The most characters one character takes as JSON (ensure_ascii=False escapes only control
# characters, quotes and backslashes; a control character is "\u001f"), the quotes aside.
JSON_CHARS_PER_CHAR = 6


@cache
def _encoder() -> Callable[[object], str]:
    """`json.dumps(x, ensure_ascii=False)`, with its encoder made once: dumps builds a new
    encoder on every call that passes an option, and batch mode encodes an answer per question.
    Made on first use: the terminal renderers import this module, and json costs ~1.5 ms of a
    start-up that a terminal answer does not need it for. Without the check for circular
    references: an answer is built of fresh dicts and lists, never circular, and the check
    keeps a dict of every container's id for each line (~10% of encoding one); the text is the
    same."""
    import json

    return json.JSONEncoder(ensure_ascii=False, check_circular=False).encode


def _to_json(value: object) -> str:
    return _encoder()(value)


def echoed(raw: str) -> str:
    """`raw`, or its beginning and "…" when its JSON form would be longer than MAX_ECHO_CHARS
    (control characters take six characters each as JSON)."""
    return _echo(raw)[0]


def _echo(raw: str) -> tuple[str, str | None]:
    """`echoed(raw)`, and its JSON text when telling took encoding it (a long message): an
    answer's line then reuses it rather than encoding a few thousand characters again."""
    if len(raw) <= MAX_ECHO_CHARS // JSON_CHARS_PER_CHAR:
        return raw, None  # even if every character were escaped, it would fit: not encoded
    if len(raw) <= MAX_ECHO_CHARS and len(encoded := _to_json(raw)) <= MAX_ECHO_CHARS:
        return raw, encoded
    cut = raw[:MAX_ECHO_CHARS]
    while len(_to_json(cut)) > MAX_ECHO_CHARS:
        cut = cut[: len(cut) * 2 // 3]
    return cut + "…", None


def via_text(m: Match) -> str:
    """The contract's `via`: why a group matched, in fixed machine-readable English."""
    label = m.via_label
    if m.via_kind in KINDS and KINDS[m.via_kind].topic:
        return f'topic "{label}"'
    if m.via_kind in ("name", "name_word"):
        return f"group name {label}"
    if m.via_kind == "channel":
        return f"channel {label}"
    if m.via_kind in ("retired", "misnomer"):
        return f'name "{label}"'
    if m.via_kind in ("subproject", "repository"):
        return f"{m.via_kind} {label}"
    if m.via_kind == "path" and m.via_detail:
        return f"{label} (subproject {m.via_detail})"
    if m.via_kind == "api_group":
        return f"API group {label}"
    if m.via_kind == "filed_in":
        return f"filed in {label}"
    if m.via_kind == "successor":
        return f"carries on the work of {label}"
    if m.via_kind == "related":
        return f"close in topic to {label}; did not take over its work"
    if m.via_kind == "chosen":
        return "chosen"
    return label


def feature_json(f: Feature) -> dict[str, object]:
    """One KEP as the contract's `feature`: upstream's status verbatim, and its milestone map
    (stage -> release) so a reader sees which release each stage was, or is planned, at."""
    return {
        "kep": f.kep,
        "title": f.title,
        "owning_group": f.owning_group,
        "participating_groups": list(f.participating_groups),
        "status": f.status,
        "stage": f.stage,
        "latest_milestone": f.latest_milestone,
        "milestone": dict(f.milestone),
        "feature_gates": list(f.feature_gates),
        "url": f.url,
        "replaced_by": list(f.replaced_by),
    }


def data_json(kb: KnowledgeBase) -> dict[str, str | None]:
    """How current the answer's facts are: the commit dates of the imported snapshots."""
    return {"groups_as_of": kb.source.date or None, "keps_as_of": kb.kep_source.date or None}


def match_json(m: Match) -> dict[str, object]:
    return {"id": m.id, "kind": m.kind, "name": m.name, "score": m.score, "via": via_text(m)}


def answer_json(answer: Answer, echo: str | None = None) -> dict[str, object]:
    """The contract's answer; `echo` is the question as echoed, when the caller has it."""
    out: dict[str, object] = {
        "query": echoed(answer.query.raw) if echo is None else echo,
        "status": answer.status,
        "matches": [match_json(m) for m in answer.matches],
    }
    if answer.confidence:
        out["confidence"] = answer.confidence
    if answer.feature:
        out["feature"] = feature_json(answer.feature)
    if len(answer.features) > 1:  # a number two KEPs share, a gate several live KEPs declare
        out["features"] = [feature_json(f) for f in answer.features]
    if answer.verify:
        out["verify"] = {"asked": answer.verify.asked, "holds": answer.verify.holds}
    if answer.private and answer.groups:
        g = answer.groups[0]  # a report to make in private: the first step is not a channel
        out["first_step"] = {"private": True, "email": g.private_mailing_list, "url": g.report_url}
    if answer.flaw_hint is not None:  # the private route, beside the owner, in case
        g = answer.flaw_hint
        out["security_hint"] = {"email": g.private_mailing_list, "url": g.report_url}
    if answer.query.truncated:
        out["truncated"] = True  # answered from the first MAX_MESSAGE_CHARS characters
    if answer.reason == "oversized":
        out["refused"] = "oversized"  # longer than MAX_INPUT_CHARS: not read at all
    return out


class CardCache:
    """Cards as JSON, kept: a card depends only on the group, the language, the subproject
    asked about and the minute (its next meetings), not on the question, so a batch of
    questions builds each card once a minute, and encodes it as JSON text once too (a card is
    most of an answer's line). Bounded; one per loaded knowledge base."""

    SIZE = 512

    def __init__(self) -> None:
        self._cards: OrderedDict[_CardKey, tuple[dict[str, object], str]] = OrderedDict()

    def card(
        self, g: Group, lang: Lang, kb: KnowledgeBase, minute: datetime, subproject: str
    ) -> dict[str, object]:
        return self._entry(g, lang, kb, minute, subproject)[0]

    def text(
        self, g: Group, lang: Lang, kb: KnowledgeBase, minute: datetime, subproject: str
    ) -> str:
        """The card as `json.dumps(card, ensure_ascii=False)` writes it."""
        return self._entry(g, lang, kb, minute, subproject)[1]

    def _entry(
        self, g: Group, lang: Lang, kb: KnowledgeBase, minute: datetime, subproject: str
    ) -> tuple[dict[str, object], str]:
        key = (g.id, lang, subproject, minute)
        found = self._cards.get(key)
        if found is None:
            card = card_json(group_card(g, lang, kb, minute, subproject=subproject))
            found = (card, _to_json(card))
            self._cards[key] = found
            if len(self._cards) > self.SIZE:
                self._cards.popitem(last=False)
        else:
            self._cards.move_to_end(key)
        return found


_CardKey = tuple[str, str, str, datetime]


def answer_document(
    answer: Answer, kb: KnowledgeBase, now: datetime, cards: CardCache | None = None
) -> dict[str, object]:
    """What `sigbot ask --json` prints: the contract's answer, plus `cards`, the same group view
    the Slack and terminal renderers format (one per group the answer shows). Cards are as of
    the minute (`cards` keeps them for a batch)."""
    out = answer_json(answer)
    out["data"] = data_json(kb)
    if answer.groups:
        minute = now.replace(second=0, microsecond=0)
        cache = cards or CardCache()
        out["cards"] = [
            dict(cache.card(g, answer.lang, kb, minute, answer.subproject)) for g in answer.groups
        ]
    return out


def answer_line(answer: Answer, kb: KnowledgeBase, now: datetime, cards: CardCache) -> str:
    """`answer_document` as one line of JSON, the very text `json.dumps(document,
    ensure_ascii=False)` writes (batch mode prints one per question): the cards' text comes
    from `cards`, encoded once per card, and only the answer itself is encoded per question.
    `cards` is the document's last key, and `query` its first: a long question's JSON, made
    to tell whether it is echoed whole, is put in as it is, not encoded a second time."""
    echo, encoded = _echo(answer.query.raw)
    out = answer_json(answer, echo)
    out["data"] = data_json(kb)
    if encoded is None:
        head = _to_json(out)
    else:
        del out["query"]  # the rest, "status" first, after it
        head = f'{{"query": {encoded}, {_to_json(out)[1:]}'
    if not answer.groups:
        return head
    minute = now.replace(second=0, microsecond=0)
    texts = [cards.text(g, answer.lang, kb, minute, answer.subproject) for g in answer.groups]
    return f'{head[:-1]}, "cards": [{", ".join(texts)}]}}'
