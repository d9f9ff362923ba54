"""A group as Slack shows it: a compact card a newcomer reads in five seconds, and the details
(meetings, leads, how to start, subprojects) one click away. Pure Block Kit, built with
slack_sdk's models so Slack's limits are checked.

The compact card: what the group covers, why it matched (plain words), one primary button that
opens its channel, and the next meeting. Every link appears once on a card and its details, and
a link's text says what it is ("Mailing list"), never the raw URL.
"""

from __future__ import annotations

from datetime import datetime

from slack_sdk.models.blocks import (
    ActionsBlock,
    Block,
    ButtonElement,
    ContextBlock,
    MarkdownTextObject,
    SectionBlock,
)

from bot.model import DEFAULT_WORKSPACE_URL, Group, KnowledgeBase, Person
from bot.render.cards import GroupCard, group_card, is_safe_url, slack_channel_url
from bot.render.meetings import MeetingView, utc_label
from bot.render.slack.action_ids import ACTION_DETAILS, ACTION_OPEN_CHANNEL, ACTION_SHARE
from bot.render.slack.limits import (
    MAX_ACTION_ELEMENTS,
    MAX_BLOCK_ID,
    MAX_BUTTON_TEXT,
    MAX_SECTION_TEXT,
)
from bot.render.wording import Lang, colon, t

MAX_SUBPROJECTS_SHOWN = 25
DETAILS = ("meetings", "leads", "start", "subprojects")


def slack_date(start: datetime, lang: Lang) -> str:
    """A Slack date token: every reader sees the time in their own zone, even in a message
    shared to a channel. The fallback (old clients, notifications) is UTC, said as such."""
    return (
        f"<!date^{int(start.timestamp())}^{{date_short_pretty}} {{time}}|{utc_label(start, lang)}>"
    )


def escape(text: str) -> str:
    """Slack's three control characters; everything user- or upstream-provided goes through it."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def link(url: str, label: str) -> str:
    """A mrkdwn link, only for https: and mailto: URLs; anything else is shown as plain text."""
    if not is_safe_url(url):
        return escape(label)
    safe_url = url.replace("|", "%7C").replace(">", "%3E").replace("<", "%3C").replace(" ", "%20")
    return f"<{safe_url}|{escape(label)}>"


def clip(text: str, limit: int = MAX_SECTION_TEXT) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def section(text: str) -> SectionBlock:
    return SectionBlock(text=MarkdownTextObject(text=clip(text)))


def context(text: str) -> ContextBlock:
    return ContextBlock(elements=[MarkdownTextObject(text=clip(text))])


def channel_link(g: Group, workspace_url: str = DEFAULT_WORKSPACE_URL) -> str:
    return link(slack_channel_url(g.slack, workspace_url), f"#{g.slack}") if g.slack else ""


def people(persons: tuple[Person, ...], also: frozenset[str] | None = None, note: str = "") -> str:
    """Linked names; those in `also` get `note` ("also tech lead") instead of a second line."""
    return ", ".join(
        link(p.github_url, f"{p.name} (@{p.github})")
        + (f" ({escape(note)})" if also and p.github in also else "")
        for p in persons
    )


def intro_text(card: GroupCard, lead: str = "") -> str:
    """The card's first lines: the lead sentence (already mrkdwn) or the group's name, then
    what it covers."""
    first = lead or f"*{escape(card.name)}* · {escape(card.kind)}"
    return f"{first}\n{escape(card.summary)}"


def next_meeting_line(card: GroupCard, lang: Lang) -> str:
    """The group's main meeting and when it next happens, as a Slack date token."""
    main = card.main_meeting
    if main is None:
        return ""
    return f"{t('next_meeting', lang)}{colon(lang)}{meeting_text(main, lang)}"


def meeting_text(v: MeetingView, lang: Lang, linked: bool = True) -> str:
    """ "<Name>: every 2 weeks · next <token>", or, where upstream does not say which week,
    "every 2 weeks — check the calendar for which week · perhaps <token>"."""
    name = link(v.url, v.description) if linked else escape(v.description)
    text = f"{name}{colon(lang)}{escape(v.cadence or v.when)}"
    if v.start is None:
        return text
    token = slack_date(v.start, lang)
    if v.estimated:  # counted from a start date years ago: say so, and where to check
        return f"{text}{escape(v.estimate_note)} · {t('maybe_on', lang)} {token}"
    if v.exact:
        return f"{text} · {t('next', lang)} {token}"
    return f"{text}{escape(t('week_unknown', lang))} · {t('maybe_on', lang)} {token}"


def detail_buttons(card: GroupCard, lang: Lang, share: bool) -> list[ButtonElement]:
    """The primary first step (open the channel; for a committee that takes reports in private,
    how to report), the detail views, and "Share in channel"."""
    buttons: list[ButtonElement] = []
    if card.reports_privately:
        buttons.append(
            ButtonElement(
                text=t("report_how", lang),
                action_id=ACTION_OPEN_CHANNEL,
                url=card.report_url,
                value=card.id,
                style="primary",
            )
        )
    elif card.channel:
        buttons.append(
            ButtonElement(
                text=t("open_channel", lang, channel=card.channel)[:MAX_BUTTON_TEXT],
                action_id=ACTION_OPEN_CHANNEL,
                url=card.channel_url,
                value=card.id,
                style="primary",
            )
        )
    available = {
        "meetings": bool(card.meetings),
        "leads": bool(card.chairs or card.tech_leads),
        "start": True,
        "subprojects": bool(card.subprojects),
    }
    for what in DETAILS:
        if available[what]:
            buttons.append(
                ButtonElement(
                    text=t(f"details_{what}", lang),
                    action_id=f"{ACTION_DETAILS}_{what}",
                    value=card.id,
                )
            )
    if share:
        buttons.append(ButtonElement(text=t("share", lang), action_id=ACTION_SHARE, value=card.id))
    return buttons


def compact_card(
    g: Group,
    lang: Lang,
    why: str = "",
    now: datetime | None = None,
    lead: str = "",
    interactive: bool = True,
    share: bool = False,
    next_meeting: bool = True,
    workspace: str = DEFAULT_WORKSPACE_URL,
    kb: KnowledgeBase | None = None,
) -> list[Block]:
    """What Slack shows first. `why` is plain words as mrkdwn (escaped by the caller, which
    may link a KEP in it); `lead` an opening sentence.
    `next_meeting=False` when the meetings view follows (it would say it twice)."""
    return format_compact(
        group_card(g, lang, kb, now, workspace=workspace),
        lang,
        why,
        lead,
        interactive,
        share,
        next_meeting,
    )


def format_compact(
    card: GroupCard,
    lang: Lang,
    why: str = "",
    lead: str = "",
    interactive: bool = True,
    share: bool = False,
    next_meeting: bool = True,
) -> list[Block]:
    blocks: list[Block] = [section(intro_text(card, lead))]
    lines = []
    if why:  # mrkdwn already: escaped by the caller, with any links it holds (a KEP's)
        lines.append(t("why_plain", lang, why=why))
    meeting = next_meeting_line(card, lang) if next_meeting else ""
    if card.reports_privately:  # its private contact, and no public channel to post in
        email = f"{t('report_email', lang)}{colon(lang)}{escape(card.private_list)}"
        lines.append(f"*{t('report_privately', lang)}* · {email} · {t('private_note', lang)}")
    elif meeting:
        lines.append(meeting)
    if not card.channel and not card.reports_privately:  # the mailing list or the community page
        way_in = link(card.mailing_list, t("mailing_list", lang)) if card.mailing_list else ""
        way_in = way_in or link(card.community_url, t("community_page", lang))
        if way_in:
            lines.append(f"{t('way_in', lang)}{colon(lang)}{way_in}")
    if lines:
        blocks.append(context("\n".join(lines)))
    buttons = detail_buttons(card, lang, share if interactive else False)
    if not interactive:
        buttons = [b for b in buttons if b.url]
    if buttons:
        blocks.append(
            ActionsBlock(
                block_id=f"card_{card.id}"[:MAX_BLOCK_ID], elements=buttons[:MAX_ACTION_ELEMENTS]
            )
        )
    return blocks


def details_view(
    g: Group,
    what: str,
    lang: Lang,
    kb: KnowledgeBase | None,
    now: datetime | None,
    under_card: bool = False,
    workspace: str = DEFAULT_WORKSPACE_URL,
) -> list[Block]:
    """One detail view of a group, within Block Kit's limits. `under_card`: shown beneath the
    compact card, whose button already links the channel."""
    return format_details(group_card(g, lang, kb, now, workspace=workspace), what, lang, under_card)


def format_details(card: GroupCard, what: str, lang: Lang, under_card: bool = False) -> list[Block]:
    """One detail view; on its own (a button's reply) it ends with how current its facts are,
    in small text (under a card, the card's blocks say it once for all its views)."""
    blocks = _details(card, what, lang, under_card)
    return blocks if under_card else blocks + as_of_blocks(card, lang)


def as_of_blocks(card: GroupCard, lang: Lang) -> list[Block]:
    """ "Group facts as of 2026-08-21 (kubernetes/community)", in a context block."""
    return [context(escape(t("groups_as_of", lang, date=card.as_of)))] if card.as_of else []


def _details(card: GroupCard, what: str, lang: Lang, under_card: bool) -> list[Block]:
    title = f"*{escape(card.name)}: {t(f'details_{what}', lang)}*"
    if lang == "zh":
        title = f"*{escape(card.name)}{t(f'details_{what}', lang)}*"
    if what == "meetings":
        seen: set[str] = set()
        lines = []
        for v in card.meetings:  # several meetings often share one Zoom room: link it once
            lines.append(f"• {meeting_text(v, lang, linked=v.url not in seen)}")
            seen.add(v.url)
        return _sections(title, lines or [t("no_meetings", lang)])
    if what == "leads":
        lines = []
        if card.chairs:
            names = people(card.chairs, card.chairs_also_tech_leads, t("also_tech_lead", lang))
            lines.append(f"{t('chairs', lang)}{colon(lang)}{names}")
        if card.tech_leads:
            lines.append(f"{t('tech_leads', lang)}{colon(lang)}{people(card.tech_leads)}")
        return _sections(title, lines)
    if what == "subprojects":
        lines = []
        linked: set[str] = set()
        for sp in card.subprojects[:MAX_SUBPROJECTS_SHOWN]:
            lines.append(f"• {link(sp.url, sp.name) if sp.url not in linked else escape(sp.name)}")
            linked.add(sp.url)
        if len(card.subprojects) > MAX_SUBPROJECTS_SHOWN:
            more = len(card.subprojects) - MAX_SUBPROJECTS_SHOWN
            lines.append(link(card.community_url, t("more_on_page", lang, n=more)))
        return _sections(title, lines)
    return _sections(title, start_lines(card, lang, link_channel=not under_card))


def start_lines(card: GroupCard, lang: Lang, link_channel: bool = True) -> list[str]:
    """How to start, each link once: the steps (channel and mailing list linked inside them),
    the good first issues, the label and its Prow command, the community page."""
    channel = ""
    if card.channel:
        channel = (
            link(card.channel_url, f"#{card.channel}")
            if link_channel
            else f"#{escape(card.channel)}"
        )
    values = {
        "channel": channel or "Slack",
        "mailing_list": link(card.mailing_list, t("mailing_list", lang))
        if card.mailing_list
        else t("mailing_list", lang),
        "label": f"`{escape(card.label)}`" if card.label else "-",
        "group": escape(card.name),
    }
    lines = [
        f"{i}. {escape(step).format(**values)}"
        for i, step in enumerate(card.steps, 1)
        if "{mailing_list}" not in step or card.mailing_list
    ]
    extras = []
    if card.label:
        if card.first_issues_url:
            extras.append(link(card.first_issues_url, t("first_issues", lang)))
        extras.append(escape(t("label_line", lang, label=card.label, command=card.prow_command)))
    if card.private_list:
        extras.append(f"{t('private_list', lang)}{colon(lang)}{escape(card.private_list)}")
    if card.community_url:
        extras.append(link(card.community_url, t("community_page", lang)))
    return [*lines, " · ".join(extras)] if extras else lines


def _sections(title: str, lines: list[str]) -> list[Block]:
    """A title and lines, split into as many sections as Slack's 3,000 characters need."""
    blocks: list[Block] = []
    current = title
    for line in lines:
        if len(current) + len(line) + 1 > MAX_SECTION_TEXT:
            blocks.append(section(current))
            current = line
        else:
            current = f"{current}\n{line}"
    blocks.append(section(current))
    return blocks
