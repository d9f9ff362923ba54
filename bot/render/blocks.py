"""Answer -> Block Kit, built with slack_sdk.models.blocks so Slack's limits are checked. Pure.

Every dynamic string (the user's words and upstream data alike) is escaped for mrkdwn, so
`/sig <!channel>` can never ping anyone and a stray `<` in upstream data cannot break a link.
"""

from __future__ import annotations

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
from bot.model import Group, KnowledgeBase, Meeting, Person
from bot.render.meetings import describe_meeting, main_meetings_first, slack_date
from bot.render.text import fill_step
from bot.render.wording import (
    HELP_EXAMPLES,
    Lang,
    describe_match,
    feature_lines,
    headline_lines,
    kind_name,
    successor_sections,
    t,
)
from bot.triage import Triage

DEFAULT_WORKSPACE_URL = "https://kubernetes.slack.com"
MAX_MESSAGE_BLOCKS = 50  # Slack: blocks per message
MAX_HOME_BLOCKS = 100  # Slack: blocks per Home tab view
MAX_SECTION_TEXT = 3000  # Slack: characters in a section's text
MAX_HEADER_TEXT = 150
MAX_MEETINGS_SHOWN = 4

ACTION_SHARE = "sigbot_share"
ACTION_CHOOSE = "sigbot_choose"  # "did you mean" buttons: sigbot_choose_0, _1, ...
ACTION_PICK = "sigbot_pick_group"  # category picker in the welcome and App Home
ACTION_FEEDBACK_UP = "sigbot_feedback_up"
ACTION_FEEDBACK_DOWN = "sigbot_feedback_down"
ACTION_CORRECT = "sigbot_correct"  # "wrong group? pick the right one"
FEEDBACK_BLOCK = "sigbot_fb"


def escape(text: str) -> str:
    """Slack's three control characters; everything user- or upstream-provided goes through it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


SAFE_LINK_SCHEMES = ("https://", "mailto:")


def link(url: str, label: str) -> str:
    """A mrkdwn link, only for https: and mailto: URLs; anything else is shown as plain text."""
    if not url or not url.lower().startswith(SAFE_LINK_SCHEMES):
        return escape(label)
    safe_url = url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C").replace(" ", "%20")
    return f"<{safe_url}|{escape(label)}>"


def _clip(text: str, limit: int = MAX_SECTION_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=_clip(text)))


def _header(text: str) -> HeaderBlock:
    return HeaderBlock(text=PlainTextObject(text=_clip(text, MAX_HEADER_TEXT), emoji=False))


def _people(people: tuple[Person, ...]) -> str:
    return ", ".join(link(p.github_url, f"{p.name} (@{p.github})") for p in people)


def channel_link(g: Group, workspace_url: str = DEFAULT_WORKSPACE_URL) -> str:
    if not g.slack:
        return ""
    return link(f"{workspace_url}/messages/{g.slack}", f"#{g.slack}")


def group_card_blocks(
    g: Group,
    lang: Lang,
    kb: KnowledgeBase | None,
    via: str = "",
    now: datetime | None = None,
    reader_tz: str | None = None,
    focus: str | None = None,
    interactive: bool = True,
    compact: bool = False,
) -> list[Block]:
    summary = g.summary(lang)
    intro = f"*{escape(kind_name(g.kind, lang))}* · {escape(summary)}"
    if via:
        intro += f"\n_{escape(t('why', lang, via=via))}_"
    blocks: list[Block] = [_header(g.display_name), _section(intro)]

    join = []
    if g.slack:
        join.append(f"*{t('channel', lang)}:* {channel_link(g)}")
    if g.mailing_list:
        join.append(f"*{t('mailing_list', lang)}:* {link(g.mailing_list, g.mailing_list)}")
    if g.private_mailing_list:
        join.append(f"*{t('private_list', lang)}:* {escape(g.private_mailing_list)}")
    if g.github_label:
        join.append(
            f"*{t('label', lang)}:* `{escape(g.github_label)}` "
            f"({escape(t('prow', lang, command=g.prow_command))}) · "
            f"{link(g.good_first_issues_url, t('first_issues', lang))}"
        )
    if g.url:
        join.append(link(g.url, t("community_page", lang)))
    blocks.append(_section(f"*{t('join', lang)}*\n" + "\n".join(join)))
    if compact:
        return blocks

    if g.meetings:
        limit = len(g.meetings) if focus == "meetings" else MAX_MEETINGS_SHOWN
        lines = []
        for m in main_meetings_first(g.meetings, g.name)[:limit]:
            lines.append(meeting_line(m, lang, now))
        if len(g.meetings) > limit:
            lines.append(link(g.url, t("more_meetings", lang, n=len(g.meetings) - limit)))
        blocks.append(_section(f"*{t('meetings', lang)}*\n" + "\n".join(lines)))

    leads = []
    if g.chairs:
        leads.append(f"*{t('chairs', lang)}:* {_people(g.chairs)}")
    if g.tech_leads:
        leads.append(f"*{t('tech_leads', lang)}:* {_people(g.tech_leads)}")
    if leads:
        blocks.append(_section("\n".join(leads)))

    if kb is not None and kb.onboarding.get(lang) and focus not in ("leads", "meetings"):
        steps = [f"{i}. {escape(fill_step(s, g))}" for i, s in enumerate(kb.onboarding[lang], 1)]
        blocks.append(ContextBlock(elements=[MarkdownTextObject(text=_clip("\n".join(steps)))]))
    if interactive:
        blocks.append(
            ActionsBlock(
                block_id=f"share_{g.id}",
                elements=[ButtonElement(text=t("share", lang), action_id=ACTION_SHARE, value=g.id)],
            )
        )
    return blocks


def meeting_line(m: Meeting, lang: Lang, now: datetime | None) -> str:
    """One meeting as Slack shows it: the next time is a date token, so each reader sees it in
    their own zone (no users.info needed, right in shared messages too)."""
    v = describe_meeting(m, lang, now)
    line = f"• {link(v.url, v.description)}: {escape(v.cadence or v.when)}"
    if v.start is not None:
        token = slack_date(v.start, lang)
        if v.exact:
            line += f" · {t('next', lang)} {token}"
        else:
            line += f" ({escape(t('week_unknown', lang))} {token})"
    return line


@dataclass(frozen=True)
class FeedbackRef:
    """Ties a card's feedback controls to the question it answered (ids only, no text)."""

    question_id: str
    surface: str


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
    block_id = f"{FEEDBACK_BLOCK}|{ref.question_id}|{answered}|{ref.surface}"[:255]
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


def parse_feedback_block(block_id: str) -> tuple[str, str | None, str] | None:
    """(question id, answered group or None, surface) from a feedback block id."""
    parts = block_id.split("|")
    if len(parts) != 4 or parts[0] != FEEDBACK_BLOCK or not parts[1]:
        return None
    return parts[1], (None if parts[2] == "-" else parts[2]), parts[3]


def render_blocks(
    answer: Answer,
    kb: KnowledgeBase,
    now: datetime | None = None,
    reader_tz: str | None = None,
    interactive: bool = True,
    share: bool = True,
    feedback: FeedbackRef | None = None,
) -> list[dict[str, Any]]:
    """The message blocks for an answer, as dicts Slack accepts (validated on the way out).

    `interactive` adds "did you mean" buttons; `share` adds "Share in channel" to cards (only
    useful on ephemeral replies, which nobody else can see).
    """
    lang = answer.lang
    query = escape(answer.query.text)
    blocks: list[Block] = []
    if answer.status == "help":
        blocks = help_blocks(lang)
    elif answer.status == "list":
        blocks = list_blocks(kb, lang)
    elif answer.status == "none":
        if answer.reason == "oversized":
            blocks.append(_section(escape(t("oversized", lang))))
        else:
            blocks.append(_section(t("none", lang, query=query)))
            if answer.matches and interactive:
                blocks.append(_section(t("none_suggest", lang)))
                blocks.append(_choice_buttons(answer))
            blocks.append(ContextBlock(elements=[MarkdownTextObject(text=t("none_hint", lang))]))
    elif answer.status == "ambiguous":
        blocks.append(_section(t("ambiguous", lang, query=query)))
        lines = [
            f"• *{escape(m.name)}*: {escape(describe_match(m.via_kind, m.via_label, m.via, lang))}"
            for m in answer.matches
        ]
        blocks.append(_section("\n".join(lines)))
        if interactive:
            blocks.append(_choice_buttons(answer))
    elif answer.status == "archived" and answer.retired:
        r = answer.retired
        note = r.note_zh if lang == "zh" and r.note_zh else r.note_en
        blocks.append(_header(t("retired", lang, group=r.display_name)))
        if note:
            blocks.append(_section(escape(note)))
        if answer.groups:
            for heading, members in successor_sections(r, answer.groups):
                blocks.append(_section(f"*{t(heading, lang)}*"))
                for g in members:
                    blocks.append(DividerBlock())
                    blocks += group_card_blocks(
                        g, lang, None, "", now, reader_tz, interactive=False, compact=True
                    )
        else:
            blocks.append(_section(escape(t("no_successor", lang))))
    else:
        top: list[str] = []
        if answer.retired:
            r = answer.retired
            top.append(
                escape(
                    t("misnomer", lang, note=r.note_zh if lang == "zh" and r.note_zh else r.note_en)
                )
            )
        if len(answer.groups) > 1 or answer.verify or answer.confidence in ("medium", "low"):
            top += [escape(line) for line in headline_lines(answer)]
        if answer.feature:
            names = {g.id: g.display_name for g in kb.groups}
            lines = [escape(x) for x in feature_lines(answer.feature, names, lang)]
            top.append("\n".join(lines))
        if top:
            blocks.append(_section("\n".join(top)))
        vias = {m.id: describe_match(m.via_kind, m.via_label, m.via, lang) for m in answer.matches}
        for i, g in enumerate(answer.groups):
            if i:
                blocks.append(DividerBlock())
            blocks += group_card_blocks(
                g, lang, kb, vias.get(g.id, ""), now, reader_tz, answer.focus, interactive and share
            )
    controls = feedback_block(answer, kb, feedback) if feedback and interactive else None
    if controls is not None:
        return to_dicts([*blocks[: MAX_MESSAGE_BLOCKS - 1], controls])
    return to_dicts(blocks[:MAX_MESSAGE_BLOCKS])


def fallback_text(answer: Answer) -> str:
    """The notification / screen-reader text that accompanies blocks (escaped)."""
    lang = answer.lang
    if answer.status == "answer" and answer.groups:
        return escape(" ".join(headline_lines(answer)))
    if answer.status == "archived" and answer.retired:
        return escape(t("retired", lang, group=answer.retired.display_name))
    if answer.status == "ambiguous":
        return t("ambiguous", lang, query=escape(answer.query.text))
    if answer.status == "none":
        if answer.reason == "oversized":
            return escape(t("oversized", lang))
        return t("none", lang, query=escape(answer.query.text))
    if answer.status == "list":
        return escape(t("list_title", lang))
    return escape(t("help_title", lang))


def _choice_buttons(answer: Answer) -> ActionsBlock:
    return ActionsBlock(
        block_id="choices",
        elements=[
            ButtonElement(text=m.name, action_id=f"{ACTION_CHOOSE}_{i}", value=m.id)
            for i, m in enumerate(answer.matches[:5])
        ],
    )


def help_blocks(lang: Lang) -> list[Block]:
    examples = "\n".join(f"• `{escape(e)}`" for e in HELP_EXAMPLES[lang])
    return [
        _header(t("help_title", lang)),
        _section(escape(t("help_body", lang))),
        _section(f"*{t('help_examples', lang)}*\n{examples}"),
        ContextBlock(elements=[MarkdownTextObject(text=t("help_list", lang))]),
    ]


def list_blocks(kb: KnowledgeBase, lang: Lang) -> list[Block]:
    blocks: list[Block] = [_header(t("list_title", lang))]
    for cat in kb.categories:
        lines = [
            f"• *{escape(g.display_name)}*" + (f"  {channel_link(g)}" if g.slack else "")
            for g in kb.groups_in(cat.id)
        ]
        name = cat.name_zh if lang == "zh" else cat.name_en
        blocks.append(_section(f"*{escape(name)}*\n" + "\n".join(lines)))
    blocks.append(ContextBlock(elements=[MarkdownTextObject(text=escape(t("list_footer", lang)))]))
    return blocks


def group_picker(
    kb: KnowledgeBase, lang: Lang, action_id: str = ACTION_PICK, placeholder: str = ""
) -> StaticSelectElement:
    """Every active group, by category (Slack: 100 options per group, 100 groups per select)."""
    groups = []
    for cat in kb.categories:
        options = [
            Option(text=PlainTextObject(text=g.display_name[:75]), value=g.id)
            for g in kb.groups_in(cat.id)
        ]
        if options:
            label = (cat.name_zh if lang == "zh" else cat.name_en)[:75]
            groups.append(OptionGroup(label=label, options=options[:100]))
    return StaticSelectElement(
        placeholder=placeholder or t("pick_group", lang),
        action_id=action_id,
        option_groups=groups[:100],
    )


def welcome_blocks(kb: KnowledgeBase, lang: Lang) -> list[dict[str, Any]]:
    paragraphs = kb.welcome.get(lang) or kb.welcome.get("en") or ()
    blocks: list[Block] = [_header(t("welcome_title", lang))]
    blocks += [_section(escape(p)) for p in paragraphs[:5]]
    blocks.append(ActionsBlock(block_id="welcome_picker", elements=[group_picker(kb, lang)]))
    return to_dicts(blocks)


def home_view(
    kb: KnowledgeBase,
    lang: Lang,
    selected: Group | None = None,
    now: datetime | None = None,
    reader_tz: str | None = None,
) -> dict[str, Any]:
    """The App Home directory; with `selected`, that group's card sits under the picker."""
    blocks: list[Block] = [
        _header(t("home_title", lang)),
        _section(escape(t("home_ask", lang))),
        ActionsBlock(block_id="home_picker", elements=[group_picker(kb, lang)]),
        DividerBlock(),
    ]
    if selected is not None:
        blocks += group_card_blocks(selected, lang, kb, "", now, reader_tz, interactive=False)
        blocks.append(DividerBlock())
    blocks += list_blocks(kb, lang)[1:-1]
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
) -> tuple[list[dict[str, Any]], str]:
    """The reply to a pasted GitHub link: the suggested owner with its Prow line and card, the
    existing label, or why the issue could not be read. Returns (blocks, fallback text)."""
    name = escape(issue)
    if result is None:
        text = t(f"triage_failed_{failure or 'error'}", lang, issue=name)
        return to_dicts([_section(text)]), text
    title = escape(_clip(" ".join(result.title.split()), 120))
    blocks: list[Block] = []
    group: Group | None = None
    if result.skipped:
        labels = ", ".join(f"`{escape(label)}`" for label in result.owner_labels)
        text = t("triage_labelled", lang, issue=name, labels=labels)
        group = next((g for g in kb.groups if g.github_label in result.owner_labels), None)
        blocks.append(_section(text))
    elif not result.suggest:
        text = t("triage_none", lang, issue=name, title=title)
        blocks.append(_section(text))
    else:
        top = result.suggest[0]
        group = kb.group(top.id)
        key = "triage_suggest" if top.confidence == "high" else "triage_maybe"
        text = t(key, lang, issue=name, title=title, group=escape(top.name))
        command = "/" + top.label.replace("/", " ", 1)
        lines = [text, t("triage_command", lang, command=escape(command))]
        if top.evidence:
            lines.append(escape(t("why", lang, via="; ".join(top.evidence))))
        blocks.append(_section("\n".join(lines)))
    if group is not None:
        blocks.append(DividerBlock())
        blocks += group_card_blocks(group, lang, kb, "", now, None, interactive=False, compact=True)
    return to_dicts(blocks[:MAX_MESSAGE_BLOCKS]), text
