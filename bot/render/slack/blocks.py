"""Answer -> Block Kit, built with slack_sdk.models.blocks so Slack's limits are checked. Pure.

Every dynamic string (the user's words and upstream data alike) is escaped for mrkdwn, so
`/sig <!channel>` can never ping anyone and a stray `<` in upstream data cannot break a link.

`render_blocks` walks the same answer shapes as the terminal's `render_text` (help, list, none,
ambiguous, retired, answer), with the same sentences from wording.py and the same group view
from cards.py: a parallel on purpose, since each output lays them out in its own markup (and
only this one escapes, links and adds buttons). What is said is decided once, upstream of both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    Option,
    OptionGroup,
    PlainTextObject,
    SectionBlock,
    StaticSelectElement,
)

from bot.answers import Answer
from bot.knowledge.keps import KEP_URL
from bot.model import DEFAULT_WORKSPACE_URL, Group, KnowledgeBase
from bot.query import MAX_MESSAGE_CHARS
from bot.render.cards import group_card, slack_channel_url
from bot.render.json_out import via_text
from bot.render.slack.action_ids import (
    ACTION_CHOOSE,
    ACTION_CORRECT,
    ACTION_FEEDBACK_DOWN,
    ACTION_FEEDBACK_UP,
    ACTION_PICK,
    FEEDBACK_BLOCK,
)
from bot.render.slack.card import (
    as_of_blocks,
    channel_link,
    clip,
    escape,
    format_compact,
    format_details,
    link,
    section,
)
from bot.render.slack.limits import (
    MAX_BLOCK_ID,
    MAX_FIELDS,
    MAX_HEADER_TEXT,
    MAX_HOME_BLOCKS,
    MAX_MESSAGE_BLOCKS,
    MAX_OPTION_GROUPS,
    MAX_OPTION_TEXT,
    MAX_OPTIONS,
)
from bot.render.wording import (
    HELP_EXAMPLES,
    Lang,
    corrected_of,
    correction_note,
    data_as_of,
    describe_match,
    echo,
    features_lines,
    flaw_hint_lines,
    headline_lines,
    plain_why,
    successor_sections,
    t,
    worth_suggesting,
)
from bot.triage import Triage

MAX_CHOICES = 5  # "did you mean" buttons: a few to choose from, not a wall
MAX_WELCOME_PARAGRAPHS = 5
ISSUE_TITLE_CHARS = 120  # of a pasted issue's title, quoted back in the reply


def _header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=clip(text, MAX_HEADER_TEXT), emoji=False))


def group_card_blocks(
    g: Group,
    lang: Lang,
    kb: KnowledgeBase | None,
    why: str = "",
    now: datetime | None = None,
    lead: str = "",
    interactive: bool = True,
    share: bool = False,
    expanded: tuple[str, ...] = (),
    workspace: str = DEFAULT_WORKSPACE_URL,
    subproject: str = "",
) -> list[Block]:
    """The compact card, with the detail views named in `expanded` shown beneath it (App Home
    shows them all; a question about meetings or leads shows that one)."""
    card = group_card(g, lang, kb, now, workspace=workspace, subproject=subproject)
    blocks = format_compact(
        card, lang, why, lead, interactive, share, next_meeting="meetings" not in expanded
    )
    for what in expanded:
        blocks += format_details(card, what, lang, under_card=True)
    if expanded:  # the details shown: how current their facts are, once
        blocks += as_of_blocks(card, lang)
    return blocks


@dataclass(frozen=True)
class FeedbackRef:
    """Ties a card's feedback controls to the question it answered (ids only, no text), and
    to the asker's pseudonym: on a message everyone sees, only the asker's click changes it."""

    question_id: str
    surface: str
    asker: str = ""


def feedback_block(
    answer: Answer, kb: KnowledgeBase, ref: FeedbackRef, with_verdict: bool = True
) -> ActionsBlock | None:
    """👍 / 👎 and a "wrong group?" picker. The block id carries question id, the answered group
    and the surface, so a click needs no server-side lookup to be recorded."""
    if (
        answer.status not in ("answer", "ambiguous", "archived", "none")
        or answer.reason == "oversized"
    ):
        return None
    answered = answer.matches[0].id if answer.matches and answer.status != "none" else "-"
    asker = f"|{ref.asker}" if ref.asker else ""
    block_id = f"{FEEDBACK_BLOCK}|{ref.question_id}|{answered}|{ref.surface}{asker}"[:MAX_BLOCK_ID]
    lang = answer.lang
    elements: list[Any] = []
    if with_verdict and answer.status != "none":
        elements += [
            ButtonElement(text=t("feedback_up", lang), action_id=ACTION_FEEDBACK_UP, value="up"),
            ButtonElement(
                text=t("feedback_down", lang), action_id=ACTION_FEEDBACK_DOWN, value="down"
            ),
        ]
    placeholder = t("feedback_pick_none" if answer.status == "none" else "feedback_correct", lang)
    elements.append(group_picker(kb, lang, ACTION_CORRECT, placeholder))
    return ActionsBlock(block_id=block_id, elements=elements)


def parse_feedback_block(block_id: str) -> tuple[str, str | None, str, str] | None:
    """(question id, answered group or None, surface, asker's pseudonym or "") from a
    feedback block id (cards from before the asker was recorded have none)."""
    parts = block_id.split("|")
    if len(parts) not in (4, 5) or parts[0] != FEEDBACK_BLOCK or not parts[1]:
        return None
    asker = parts[4] if len(parts) == 5 else ""
    return parts[1], (None if parts[2] == "-" else parts[2]), parts[3], asker


_KEP = re.compile(r"\bKEP-(\d{1,5})\b")


def _kep_links(mrkdwn: str) -> str:
    """A KEP the why line names ("it sounds like KEP-4603 crash-loop back-off") as a link to
    it: the newcomer who described a feature can read what it is. The text is escaped already;
    the link is built from digits only."""
    return _KEP.sub(lambda k: f"<{KEP_URL.format(n=k.group(1))}|KEP-{k.group(1)}>", mrkdwn)


def render_blocks(
    answer: Answer,
    kb: KnowledgeBase,
    now: datetime | None = None,
    reader_tz: str | None = None,
    interactive: bool = True,
    share: bool = True,
    feedback: FeedbackRef | None = None,
    workspace: str = DEFAULT_WORKSPACE_URL,
) -> list[dict[str, Any]]:
    """The message blocks for an answer, as dicts Slack accepts (validated on the way out).

    `interactive` adds buttons that act (details, "did you mean", pickers); `share` adds "Share
    in channel" (only useful on ephemeral replies, which nobody else can see). `reader_tz` is
    not needed: meeting times are Slack date tokens that every reader sees in their own zone.
    """
    lang = answer.lang
    query = escape(echo(answer))
    blocks: list[Block] = []
    if answer.status == "help":
        blocks = help_blocks(lang)
    elif answer.status == "list":
        blocks = list_blocks(kb, lang, interactive, workspace)
    elif answer.status == "none":
        if answer.reason == "oversized":
            blocks.append(section(escape(t("oversized", lang))))
        elif answer.reason == "link":
            blocks.append(section(escape(t("link", lang))))
        else:
            elsewhere = answer.reason == "elsewhere"
            blocks.append(
                section(t("elsewhere", lang) if elsewhere else t("none", lang, query=query))
            )
            worth_offering = [] if elsewhere else worth_suggesting(answer)
            if worth_offering and interactive:  # not "day" -> a committee
                blocks.append(section(t("none_suggest", lang)))
                blocks.append(_choice_buttons(answer, worth_offering))
            if interactive:
                picker = group_picker(kb, lang)
                blocks.append(ActionsBlock(block_id="none_picker", elements=[picker]))
            humans = slack_channel_url(HUMANS_CHANNEL, workspace)
            hint = f"{t('none_hint', lang)}\n{t('ask_humans', lang, url=humans)}"
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=hint)]))
    elif answer.status == "ambiguous":
        blocks.append(section(t("ambiguous", lang, query=query)))
        for hint in flaw_hint_lines(answer):
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(hint))]))
        lines = [
            f"• *{escape(m.name)}*: "
            + escape(describe_match(m.via_kind, m.via_label, via_text(m), lang))
            for m in answer.matches
        ]
        blocks.append(section("\n".join(lines)))
        if interactive:
            blocks.append(_choice_buttons(answer))
    elif answer.status == "archived" and answer.retired:
        blocks += retired_blocks(answer, kb, lang, workspace)
    else:
        blocks += _answer_blocks(answer, kb, now, interactive, share, workspace)
    if answer.query.truncated:
        note = t("truncated", lang, limit=MAX_MESSAGE_CHARS)
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=note)]))
    controls = feedback_block(answer, kb, feedback) if feedback and interactive else None
    if controls is not None:
        return to_dicts([*blocks[: MAX_MESSAGE_BLOCKS - 1], controls])
    return to_dicts(blocks[:MAX_MESSAGE_BLOCKS])


HUMANS_CHANNEL = "kubernetes-contributors"  # where people help when sigbot cannot


def _bold_names(text: str, names: list[str]) -> str:
    """Escaped text with the group names in bold, once each."""
    out = escape(text)
    for name in names:
        out = out.replace(escape(name), f"*{escape(name)}*", 1)
    return out


def _answer_blocks(
    answer: Answer,
    kb: KnowledgeBase,
    now: datetime | None,
    interactive: bool,
    share: bool,
    workspace: str = DEFAULT_WORKSPACE_URL,
) -> list[Block]:
    lang = answer.lang
    names = [g.display_name for g in answer.groups]
    # one line each: the answer, then the private route beside it when there is one
    headline = _bold_names("\n".join(headline_lines(answer)), names)
    notes: list[str] = []
    if answer.retired:  # "SIG Batch" asked: say there is none, then the card of what was meant
        notes.append(escape(correction_note(answer.retired, lang)))
    if answer.features:
        by_id = {g.id: g.display_name for g in kb.groups}
        lines = features_lines(answer.features, by_id, lang)
        if kb.kep_source.date:
            lines.append(t("keps_as_of", lang, date=kb.kep_source.date))
        notes.append("\n".join(escape(x) for x in lines))
    whys = {
        m.id: _kep_links(
            escape(plain_why(m.via_kind, m.via_label, lang, corrected_of(answer, m), m.via_detail))
        )
        or escape(describe_match(m.via_kind, m.via_label, via_text(m), lang))
        for m in answer.matches
    }
    expanded = (answer.focus,) if answer.focus in ("meetings", "leads") else ()
    blocks: list[Block] = []
    if len(answer.groups) == 1:
        g = answer.groups[0]
        if notes:
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=clip("\n".join(notes)))]))
        blocks += group_card_blocks(
            g,
            lang,
            kb,
            whys.get(g.id, ""),
            now,
            headline,
            interactive,
            share,
            expanded,
            workspace,
            answer.subproject,
        )
        return blocks
    blocks.append(section("\n".join([headline, *notes])))
    for g in answer.groups:
        blocks.append(DividerBlock())
        blocks += group_card_blocks(
            g, lang, kb, whys.get(g.id, ""), now, "", interactive, share, expanded, workspace
        )
    return blocks


def first_clause(text: str, lang: Lang) -> str:
    """ "Improved inference serving. Retired; routing is …" -> "Improved inference serving."."""
    head = text.split(";")[0].split("；")[0].split("。")[0].split(". ")[0].rstrip("。. ")
    return head + ("。" if lang == "zh" else ".")


def retired_blocks(
    answer: Answer, kb: KnowledgeBase, lang: Lang, workspace: str = DEFAULT_WORKSPACE_URL
) -> list[Block]:
    """A routing map: where each piece of a retired group's work went, one line each, with the
    channel to ask in. No stack of cards: the reader picks a line and asks again."""
    r = answer.retired
    assert r is not None
    lines = [f"*{escape(t('retired', lang, group=r.display_name))}*"]
    note = r.note(lang)
    if note and r.routes:  # the routes say where the work went; keep what the group did
        lines.append(escape(first_clause(note, lang)))
    elif note:
        lines.append(escape(note))
    groups = {g.id: g for g in answer.groups}

    def where(gid: str) -> str:
        g = groups.get(gid) or kb.group(gid)
        if g is None:
            return escape(gid)
        channel = channel_link(g, workspace)
        return f"*{escape(g.display_name)}*" + (f", {channel}" if channel else "")

    if r.routes:
        for route in r.routes:
            work = escape(route.work(lang))
            lines.append("• " + t("route", lang, work=work, group=where(route.group)))
    else:
        if not r.successors:  # related groups, if any, are close in topic: none took over
            lines.append(escape(t("no_successor_short" if answer.groups else "no_successor", lang)))
        for heading, members in successor_sections(r, answer.groups):
            lines.append(f"{t(heading, lang)}")
            lines += [f"• {where(g.id)}" for g in members]
    return [section("\n".join(lines))]


def fallback_text(answer: Answer) -> str:
    """The notification / screen-reader text that accompanies blocks (escaped)."""
    lang = answer.lang
    if answer.status == "answer" and answer.groups:
        return escape(" ".join(headline_lines(answer)))
    if answer.status == "archived" and answer.retired:
        return escape(t("retired", lang, group=answer.retired.display_name))
    if answer.status == "ambiguous":
        return t("ambiguous", lang, query=escape(echo(answer)))
    if answer.status == "none":
        if answer.reason == "oversized":
            return escape(t("oversized", lang))
        return t("none", lang, query=escape(echo(answer)))
    if answer.status == "list":
        return escape(t("list_title", lang))
    return escape(t("help_title", lang))


def _choice_buttons(answer: Answer, matches: list[Any] | None = None) -> ActionsBlock:
    offered = (answer.matches if matches is None else matches)[:MAX_CHOICES]
    return ActionsBlock(
        block_id="choices",
        elements=[
            ButtonElement(text=m.name, action_id=f"{ACTION_CHOOSE}_{i}", value=m.id)
            for i, m in enumerate(offered)
        ],
    )


def help_blocks(lang: Lang) -> list[Block]:
    examples = "\n".join(f"• `{escape(e)}`" for e in HELP_EXAMPLES[lang])
    return [
        _header(t("help_title", lang)),
        section(escape(t("help_body", lang))),
        section(f"*{t('help_examples', lang)}*\n{examples}"),
        ContextBlock(elements=[MarkdownTextObject(text=t("help_list", lang))]),
    ]


LIST_SUMMARY_CHARS = 56  # two lines of a column in a laptop's message pane


def short_summary(text: str, limit: int) -> str:
    """What a group covers, short: the clause before its list ("Who may do what in a
    cluster"), else as many words as fit. Never mid-word, never leaving a parenthesis open."""
    text = " ".join(text.split()).rstrip(".。")
    if len(text) <= limit:
        return text
    for mark in (" - ", ": ", "：", "（", " ("):
        head = text.split(mark)[0]
        if 8 <= len(head) <= limit:
            return head
    words = text[:limit].rsplit(" ", 1)[0] if " " in text[:limit] else ""
    clauses = [
        text[:i] for mark in ("，", "、", ", ") for i in _positions(text, mark) if i <= limit
    ]
    best = max(clauses, key=len, default="")
    if best and len(best) + 12 >= len(words):
        return best
    return (words or text[: limit - 1]).rstrip(",.;:-") + "…"


def _positions(text: str, mark: str) -> list[int]:
    out, start = [], 0
    while (i := text.find(mark, start)) > 0:
        out.append(i)
        start = i + 1
    return out


def list_blocks(
    kb: KnowledgeBase, lang: Lang, interactive: bool = True, workspace: str = DEFAULT_WORKSPACE_URL
) -> list[Block]:
    """Every group by category, in two columns: its name (linked to its channel, or to its
    community page when it has none) and what it covers. A picker opens any group's card."""
    blocks: list[Block] = [_header(t("list_title", lang))]
    for cat in kb.categories:
        fields = []
        for g in kb.groups_in(cat.id):
            target = slack_channel_url(g.slack, workspace) or g.url
            name = link(target, g.display_name) if target else f"*{escape(g.display_name)}*"
            width = LIST_SUMMARY_CHARS // 2 if lang == "zh" else LIST_SUMMARY_CHARS  # CJK is wide
            summary = short_summary(g.summary(lang), width)
            fields.append(MarkdownTextObject(text=f"{name}\n{escape(summary)}"))
        title = cat.name(lang)
        for i in range(0, len(fields), MAX_FIELDS):
            text = MarkdownTextObject(text=f"*{escape(title)}*") if i == 0 else None
            blocks.append(SectionBlock(text=text, fields=fields[i : i + MAX_FIELDS]))
    if interactive:
        blocks.append(ActionsBlock(block_id="list_picker", elements=[group_picker(kb, lang)]))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(t("list_footer", lang)))]))
    return blocks


def group_picker(
    kb: KnowledgeBase, lang: Lang, action_id: str = ACTION_PICK, placeholder: str = ""
) -> StaticSelectElement:
    """Every active group, by category (Slack: 100 options per group, 100 groups per select)."""
    groups = []
    for cat in kb.categories:
        options = [
            Option(text=PlainTextObject(text=g.display_name[:MAX_OPTION_TEXT]), value=g.id)
            for g in kb.groups_in(cat.id)
        ]
        if options:
            label = cat.name(lang)[:MAX_OPTION_TEXT]
            groups.append(OptionGroup(label=label, options=options[:MAX_OPTIONS]))
    return StaticSelectElement(
        placeholder=placeholder or t("pick_group", lang),
        action_id=action_id,
        option_groups=groups[:MAX_OPTION_GROUPS],
    )


def welcome_blocks(kb: KnowledgeBase, lang: Lang) -> list[dict[str, Any]]:
    paragraphs = kb.welcome.get(lang) or kb.welcome.get("en") or ()
    blocks: list[Block] = [_header(t("welcome_title", lang))]
    blocks += [section(escape(p)) for p in paragraphs[:MAX_WELCOME_PARAGRAPHS]]
    blocks.append(ActionsBlock(block_id="welcome_picker", elements=[group_picker(kb, lang)]))
    return to_dicts(blocks)


def home_view(
    kb: KnowledgeBase,
    lang: Lang,
    selected: Group | None = None,
    now: datetime | None = None,
    reader_tz: str | None = None,
    workspace: str = DEFAULT_WORKSPACE_URL,
) -> dict[str, Any]:
    """The App Home directory; with `selected`, that group's card sits under the picker."""
    blocks: list[Block] = [
        _header(t("home_title", lang)),
        section(escape(t("home_ask", lang))),
        ContextBlock(elements=[MarkdownTextObject(text=escape(data_as_of(kb, lang)))]),
        ActionsBlock(block_id="home_picker", elements=[group_picker(kb, lang)]),
        DividerBlock(),
    ]
    if selected is not None:
        blocks += group_card_blocks(
            selected,
            lang,
            kb,
            "",
            now,
            interactive=False,
            expanded=("meetings", "leads", "start"),
            workspace=workspace,
        )
        blocks.append(DividerBlock())
    blocks += list_blocks(kb, lang, interactive=False, workspace=workspace)[1:-1]
    retired = [r.display_name for r in kb.retired if not r.misnomer]
    if retired:
        text = t("home_retired", lang, n=len(retired), examples=", ".join(sorted(retired)))
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(text))]))
    return {"type": "home", "blocks": to_dicts(blocks[:MAX_HOME_BLOCKS])}


def to_dicts(blocks: list[Block]) -> list[dict[str, Any]]:
    """Serialise; slack_sdk validates each block's limits here and raises if one is exceeded."""
    return [b.to_dict() for b in blocks]


def issue_blocks(
    issue: str,
    result: Triage | None,
    failure: str | None,
    kb: KnowledgeBase,
    lang: Lang,
    now: datetime | None = None,
    workspace: str = DEFAULT_WORKSPACE_URL,
) -> tuple[list[dict[str, Any]], str]:
    """The reply to a pasted GitHub link: the suggested owner with its Prow line and card, the
    existing label, or why the issue could not be read. Returns (blocks, fallback text)."""
    name = escape(issue)
    if result is None:
        text = t(f"triage_failed_{failure or 'error'}", lang, issue=name)
        return to_dicts([section(text)]), text
    title = escape(clip(" ".join(result.title.split()), ISSUE_TITLE_CHARS))
    blocks: list[Block] = []
    group: Group | None = None
    if result.skipped:
        labels = ", ".join(f"`{escape(label)}`" for label in result.owner_labels)
        text = t("triage_labelled", lang, issue=name, labels=labels)
        group = next((g for g in kb.groups if g.github_label in result.owner_labels), None)
        blocks.append(section(text))
    elif not result.suggest:
        text = t("triage_none", lang, issue=name, title=title)
        blocks.append(section(text))
    else:
        top = result.suggest[0]
        group = kb.group(top.id)
        key = "triage_suggest" if top.confidence == "high" else "triage_maybe"
        text = t(key, lang, issue=name, title=title, group=escape(top.name))
        command = "/" + top.label.replace("/", " ", 1)
        lines = [text, t("triage_command", lang, command=escape(command))]
        if top.evidence:
            lines.append(escape(t("why", lang, via="; ".join(top.evidence))))
        blocks.append(section("\n".join(lines)))
    if group is not None:
        blocks.append(DividerBlock())
        blocks += group_card_blocks(
            group, lang, kb, "", now, interactive=False, workspace=workspace
        )
    return to_dicts(blocks[:MAX_MESSAGE_BLOCKS]), text
