"""Ranked matches -> Answer: the decision of what to say, independent of how it is shown. Pure.

Thresholds were chosen by measuring `benchmarks/eval_quality.py` on the labelled dev set and on
hand-written off-topic chatter: every positive scored >= 82 and every negative < 75, so the
confident line sits between them, with a margin for ambiguity between two different owners.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from bot.matching import Index, Ranked, rank_groups
from bot.model import Group, KnowledgeBase, RetiredGroup
from bot.query import Focus, Query, parse_query

CONFIDENT_SCORE = 75.0  # 0-100: at or above this the top group is given as the answer
SUGGEST_SCORE = 55.0  # 0-100: below confidence, still offered as "did you mean"
AMBIGUITY_MARGIN = 3.0  # points: two different owners this close are offered as a choice
MAX_CHOICES = 4

Status = Literal["answer", "ambiguous", "archived", "none", "list", "help"]
Reason = Literal["", "no_match", "empty", "oversized"]


@dataclass(frozen=True)
class Match:
    id: str
    kind: str  # sig | wg | committee | usergroup | archived
    name: str
    score: float
    via: str  # why it matched, in English for the JSON contract: 'topic "network policy"'
    shared: bool = False
    via_kind: str = ""  # alias | name | subproject | path | ...: lets renderers translate `via`
    via_label: str = ""

    def to_json(self) -> dict[str, object]:
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "score": self.score,
            "via": self.via,
        }


@dataclass(frozen=True)
class Answer:
    status: Status
    query: Query
    lang: Literal["en", "zh"]
    matches: tuple[Match, ...] = ()
    groups: tuple[Group, ...] = ()  # cards to show, in order
    retired: RetiredGroup | None = None  # status "archived", or a misnomer that was corrected
    focus: Focus | None = None
    reason: Reason = ""

    def to_json(self) -> dict[str, object]:
        return {
            "query": self.query.raw,
            "status": self.status,
            "matches": [m.to_json() for m in self.matches],
        }


def describe_via(r: Ranked) -> str:
    if r.via in ("alias", "shared"):
        return f'topic "{r.label}"'
    if r.via == "name":
        return f"group name {r.label}"
    if r.via == "channel":
        return f"channel {r.label}"
    if r.via in ("retired", "misnomer"):
        return f'name "{r.label}"'
    return r.label  # subproject x, repository org/x, path (subproject y)


def _to_match(kb: KnowledgeBase, r: Ranked) -> Match | None:
    if r.retired:
        retired = kb.retired_group(r.group)
        if retired is None:
            return None
        return Match(
            retired.id,
            "archived",
            retired.display_name,
            r.score,
            describe_via(r),
            via_kind=r.via,
            via_label=r.label,
        )
    g = kb.group(r.group)
    if g is None:
        return None
    return Match(
        g.id,
        g.kind,
        g.display_name,
        r.score,
        describe_via(r),
        bool(r.shared_with),
        via_kind=r.via,
        via_label=r.label,
    )


def compose_answer(
    query: Query, kb: KnowledgeBase, index: Index, lang: Literal["en", "zh"] | None = None
) -> Answer:
    """Decide between a confident answer, a choice, a retired group, or an honest 'no'."""
    lang = lang or query.lang
    if query.intent in ("help", "empty"):
        return Answer("help", query, lang, reason="empty" if query.intent == "empty" else "")
    if query.intent == "list":
        return Answer("list", query, lang)
    if query.intent == "oversized":
        return Answer("none", query, lang, reason="oversized")

    ranked = rank_groups(query, index, limit=6)
    ranked = _resolve_misnomers(kb, ranked)
    matches = [m for m in (_to_match(kb, r) for r in ranked) if m is not None]
    if not ranked or ranked[0].score < CONFIDENT_SCORE:
        weak = tuple(m for m in matches if m.score >= SUGGEST_SCORE and m.kind != "archived")
        return Answer("none", query, lang, matches=weak[:MAX_CHOICES], reason="no_match")

    top = ranked[0]
    if top.retired:
        retired = kb.retired_group(top.group)
        assert retired is not None
        successors = tuple(g for g in (kb.group(s) for s in retired.successors) if g)
        extra = [
            Match(
                g.id,
                g.kind,
                g.display_name,
                top.score,
                f"carries on the work of {retired.display_name}",
            )
            for g in successors
        ]
        return Answer(
            "archived",
            query,
            lang,
            matches=(matches[0], *extra),
            groups=successors,
            retired=retired,
            focus=query.focus,
        )

    # Shared topics: every owner the charters name, in the curated order.
    if top.shared_with:
        owners = [gid for gid in top.shared_with if kb.group(gid)]
        by_id = {m.id: m for m in matches}
        ordered = [by_id.get(gid) or _shared_match(kb, gid, top) for gid in owners]
        rest = [m for m in matches if m.id not in owners]
        groups = tuple(g for g in (kb.group(gid) for gid in owners) if g)
        return Answer(
            "answer",
            query,
            lang,
            matches=(*ordered, *rest),
            groups=groups,
            focus=query.focus,
            retired=_misnomer_of(kb, top),
        )

    close = [
        r
        for r in ranked[1:]
        if top.score - r.score < AMBIGUITY_MARGIN and not r.retired and r.group != top.group
    ]
    if close:
        choices = tuple(m for m in matches if m.kind != "archived")[:MAX_CHOICES]
        return Answer(
            "ambiguous",
            query,
            lang,
            matches=choices,
            groups=tuple(g for g in (kb.group(m.id) for m in choices) if g),
            focus=query.focus,
        )
    group = kb.group(top.group)
    assert group is not None
    return Answer(
        "answer",
        query,
        lang,
        matches=tuple(matches),
        groups=(group,),
        focus=query.focus,
        retired=_misnomer_of(kb, top),
    )


def _shared_match(kb: KnowledgeBase, gid: str, top: Ranked) -> Match:
    g = kb.group(gid)
    assert g is not None
    return Match(
        gid,
        g.kind,
        g.display_name,
        top.score,
        describe_via(top),
        True,
        via_kind=top.via,
        via_label=top.label,
    )


def _resolve_misnomers(kb: KnowledgeBase, ranked: list[Ranked]) -> list[Ranked]:
    """'SIG Batch' is answered by WG Batch: replace a misnomer by the group it means."""
    out: list[Ranked] = []
    seen: set[str] = set()
    for r in ranked:
        if r.via == "misnomer":
            retired = kb.retired_group(r.group)
            for gid in retired.successors if retired else ():
                if gid not in seen:
                    seen.add(gid)
                    out.append(Ranked(gid, r.score, "misnomer", r.label, False))
            continue
        if r.group not in seen:
            seen.add(r.group)
            out.append(r)
    out.sort(key=lambda r: -r.score)
    return out


def _misnomer_of(kb: KnowledgeBase, r: Ranked) -> RetiredGroup | None:
    if r.via != "misnomer":
        return None
    return next((x for x in kb.retired if x.display_name == r.label), None)


def answer_for_group(
    kb: KnowledgeBase, group_id: str, lang: Literal["en", "zh"] = "en"
) -> Answer | None:
    """A group's card on its own: what a "did you mean" button or a picker shows."""
    g = kb.group(group_id)
    if g is None:
        return None
    match = Match(g.id, g.kind, g.display_name, 100.0, "chosen")
    return Answer("answer", parse_query(g.display_name), lang, matches=(match,), groups=(g,))


def ask(
    text: str, kb: KnowledgeBase, index: Index, lang: Literal["en", "zh"] | None = None
) -> Answer:
    """The whole core in one call: raw text in, Answer out."""
    return compose_answer(parse_query(text), kb, index, lang)
