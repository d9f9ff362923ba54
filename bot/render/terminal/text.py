"""Answer -> terminal text: what `sigbot ask` prints. Pure.

It shows the same facts as the Slack rendering, so a chair can see exactly what the bot would say.
"""

from __future__ import annotations

from datetime import datetime

from bot.answers import Answer
from bot.model import Group, KnowledgeBase, Person, RetiredGroup
from bot.query import MAX_MESSAGE_CHARS
from bot.render.cards import GroupCard, fill_step
from bot.render.cards import group_card as build_card
from bot.render.json_out import via_text
from bot.render.wording import (
    HELP_EXAMPLES,
    Lang,
    colon,
    comma,
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

MAX_MEETINGS_SHOWN = 4
MAX_OWNERS_SHOWN = 4  # of a subproject's OWNERS locations, in `sigbot show`


def _people(people: tuple[Person, ...], also: frozenset[str] = frozenset(), note: str = "") -> str:
    return ", ".join(
        f"{p.name} (@{p.github})" + (f" ({note})" if p.github in also else "") for p in people
    )


def group_card(
    g: Group,
    lang: Lang,
    kb: KnowledgeBase | None = None,
    via: str = "",
    now: datetime | None = None,
    reader_tz: str | None = None,
    focus: str | None = None,
    subproject: str = "",
) -> list[str]:
    """The full card for the terminal: the same view the Slack card and its details show."""
    card = build_card(g, lang, kb, now, reader_tz, subproject=subproject)
    return format_card(card, lang, via, focus)


def _join_lines(card: GroupCard, lang: Lang) -> list[str]:
    c = colon(lang)
    ways = (
        ("channel", f"#{card.channel}" if card.channel else ""),
        ("mailing_list", card.mailing_list),
        ("private_list", card.private_list),
    )
    return [f"  {t('join', lang)}{c.rstrip()}"] + [
        f"    {t(key, lang)}{c}{value}" for key, value in ways if value
    ]


def _card_head(card: GroupCard, lang: Lang, why: str) -> list[str]:
    """The name and kind, what the group covers, and why it matched: the full card and the
    brief one open alike."""
    kind = f"（{card.kind}）" if lang == "zh" else f"  ({card.kind})"
    head = [f"{card.name}{kind}", f"  {card.summary}"]
    return [*head, f"  {t('why_plain', lang, why=why)}"] if why else head


def format_card(card: GroupCard, lang: Lang, via: str = "", focus: str | None = None) -> list[str]:
    c = colon(lang)
    h = c.rstrip()  # a heading's colon: "Meetings:" / "会议："
    lines = _card_head(card, lang, via)
    if card.reports_privately:  # its private contact first, and no public channel to post in
        lines.append(f"  {t('report_privately', lang)}{h} {t('private_note', lang)}")
        lines.append(f"    {t('report_email', lang)}{c}{card.private_list}")
        lines.append(f"    {t('report_how', lang)}{c}{card.report_url}")
    else:
        lines += _join_lines(card, lang)
    if card.meetings:
        lines.append(f"  {t('meetings', lang)}{h}")
        limit = len(card.meetings) if focus == "meetings" else MAX_MEETINGS_SHOWN
        for view in card.meetings[:limit]:
            lines.append(f"    - {view.description}{c}{view.when}")
            for extra in (view.next, view.local):  # the time, then the same time converted
                if extra:
                    lines.append(f"        {extra}")
        if len(card.meetings) > limit:
            lines.append(f"    {t('more_meetings', lang, n=len(card.meetings) - limit)}")
    if card.chairs:
        names = _people(card.chairs, card.chairs_also_tech_leads, t("also_tech_lead", lang))
        lines.append(f"  {t('chairs', lang)}{c}{names}")
    if card.tech_leads:
        lines.append(f"  {t('tech_leads', lang)}{c}{_people(card.tech_leads)}")
    if card.label:
        lines.append(
            f"  {t('label', lang)}{c}{card.label} ({t('prow', lang, command=card.prow_command)})"
        )
        if card.first_issues_url:
            lines.append(f"  {t('first_issues', lang)}{c}{card.first_issues_url}")
    if card.community_url:
        lines.append(f"  {t('community_page', lang)}{c}{card.community_url}")
    if card.steps:
        lines.append(f"  {t('steps', lang)}{h}")
        for i, step in enumerate(card.steps, 1):
            lines.append(f"    {i}. {fill_step(step, card)}")
    return lines


def render_text(
    answer: Answer, kb: KnowledgeBase, now: datetime | None = None, reader_tz: str | None = None
) -> str:
    lang = answer.lang
    out: list[str] = []
    if answer.status == "help":
        out += [t("help_title", lang), "", t("help_body", lang), "", f"{t('help_examples', lang)}:"]
        out += [f'  sigbot ask "{e.removeprefix("/sig ")}"' for e in HELP_EXAMPLES[lang]]
        out += ["", t("cli_help_list", lang)]
    elif answer.status == "list":
        out += [t("list_title", lang), ""]
        for cat in kb.categories:
            out.append(cat.name(lang))
            for g in kb.groups_in(cat.id):
                channel = f"#{g.slack}" if g.slack else ""
                out.append(f"  {g.display_name:<32} {channel}")
        out += ["", t("list_footer", lang)]
    elif answer.status == "none":
        if answer.reason == "oversized":
            out.append(t("cli_oversized", lang))
        elif answer.reason == "link":
            out.append(t("cli_link", lang))
        elif answer.reason == "elsewhere":
            out += [t("elsewhere", lang), t("cli_none_hint", lang)]
        else:
            out.append(t("none", lang, query=echo(answer)))
            suggested = worth_suggesting(answer)
            if suggested:
                out.append(t("none_suggest", lang))
                out += [
                    f"  - {m.name} ({describe_match(m.via_kind, m.via_label, via_text(m), lang)})"
                    for m in suggested
                ]
            out.append(t("cli_none_hint", lang))
    elif answer.status == "ambiguous":
        out.append(t("ambiguous", lang, query=echo(answer)))
        out += flaw_hint_lines(answer)
        for m in answer.matches:
            out.append(
                f"  - {m.name}: {describe_match(m.via_kind, m.via_label, via_text(m), lang)}"
            )
    elif answer.status == "archived" and answer.retired:
        r = answer.retired
        out.append(t("retired", lang, group=r.display_name))
        note = r.note(lang)
        if note:
            out.append(note)
        if not r.successors:  # related groups, if any, are close in topic: none took over
            out.append(t("no_successor_short" if answer.groups else "no_successor", lang))
        for heading, members in successor_sections(r, answer.groups):
            out.append(t(heading, lang))
            for g in members:
                out.append("")
                out += group_card(g, lang, None, "", now, reader_tz)
            out.append("")
    else:  # answer
        if answer.retired:  # a wrong or retired name, corrected
            out.append(correction_note(answer.retired, lang))
        if answer.groups:
            out += headline_lines(answer)
        if answer.features:
            names = {g.id: g.display_name for g in kb.groups}
            out += features_lines(answer.features, names, lang)
        vias = {
            m.id: plain_why(m.via_kind, m.via_label, lang, corrected_of(answer, m), m.via_detail)
            or describe_match(m.via_kind, m.via_label, via_text(m), lang)
            for m in answer.matches
        }
        for g in answer.groups:
            out.append("")
            out += group_card(
                g, lang, kb, vias.get(g.id, ""), now, reader_tz, answer.focus, answer.subproject
            )
    if answer.status in ("answer", "archived") and (answer.groups or answer.retired):
        out += ["", data_as_of(kb, lang)]
    if answer.query.truncated:
        out += ["", t("truncated", lang, limit=MAX_MESSAGE_CHARS)]
    return "\n".join(out)


def render_brief(
    answer: Answer, kb: KnowledgeBase, now: datetime | None = None, reader_tz: str | None = None
) -> str:
    """What Slack shows first (the compact card), for the terminal: `sigbot ask --brief`."""
    if answer.status != "answer" or not answer.groups:
        return render_text(answer, kb, now, reader_tz)
    lang = answer.lang
    c = colon(lang)
    out = list(headline_lines(answer))
    whys = {
        m.id: plain_why(m.via_kind, m.via_label, lang, corrected_of(answer, m), m.via_detail)
        for m in answer.matches
    }
    for g in answer.groups:
        card = build_card(g, lang, kb, now, reader_tz, subproject=answer.subproject)
        out += ["", *_card_head(card, lang, whys.get(g.id, ""))]
        main = card.main_meeting
        if card.reports_privately:  # the private contact, and no public channel to post in
            out.append(f"  {t('report_email', lang)}{c}{card.private_list}")
            out.append(f"  {t('report_how', lang)}{c}{card.report_url}")
            continue
        if main is not None:
            when = main.local.removeprefix("= ") or main.next or main.when
            out.append(f"  {t('next_meeting', lang)}{c}{main.description}{comma(lang)}{when}")
        if card.channel:
            out.append(f"  {t('open_channel', lang, channel=card.channel)}{c}{card.channel_url}")
    return "\n".join(out)


def render_group_record(g: Group, kb: KnowledgeBase | None = None) -> str:
    """`sigbot show`: the full record, every meeting and subproject, and how current it is."""
    lines = group_card(g, "en", None, "", None, None, focus="meetings")
    if g.subprojects:
        lines.append("  Subprojects:")
        for s in g.subprojects:
            more = len(s.owners) - MAX_OWNERS_SHOWN
            owners = ", ".join(s.owners[:MAX_OWNERS_SHOWN]) + (
                f" (+{more} more)" if more > 0 else ""
            )
            lines.append(f"    - {s.name}: {owners}")
    if kb is not None and kb.source.date:
        lines.append(f"  {t('groups_as_of', 'en', date=kb.source.date)}")
    return "\n".join(lines)


def render_retired_record(r: RetiredGroup, kb: KnowledgeBase) -> str:
    """`sigbot show` of a retired group (or a name that never existed): what it was, and where
    its work went, each successor with the upstream source that names it."""
    kind = "never existed under this name" if r.misnomer else f"retired {r.kind}"
    lines = [f"{r.display_name}  ({kind})"]
    if r.note_en:
        lines.append(f"  {r.note_en}")

    def name(gid: str) -> str:
        g = kb.group(gid)
        return g.display_name if g else gid

    if r.successors:
        lines.append(f"  {t('successors', 'en')}")
        lines += [f"    - {name(gid)} (source: {r.source_of(gid)})" for gid in r.successors]
    else:
        lines.append(f"  {t('no_successor_short', 'en')}")
    if r.related:
        lines.append(f"  {t('related', 'en')}")
        lines += [f"    - {name(gid)}" for gid in r.related]
    for route in r.routes:
        lines.append(f"  {t('route', 'en', work=route.work_en, group=name(route.group))}")
    if kb.source.date:
        lines.append(f"  {t('groups_as_of', 'en', date=kb.source.date)}")
    return "\n".join(lines)


def group_table(rows: list[dict[str, object]]) -> str:
    """`sigbot list`: id, kind, name, category and channel in aligned columns."""
    if not rows:
        return ""
    width = max(len(str(r["id"])) for r in rows)
    name_width = max(len(str(r["name"])) for r in rows)
    lines = []
    for r in rows:
        tail = "(retired)" if r["retired"] else f"{r['category']!s:<22} {r['channel']}"
        lines.append(f"{r['id']!s:<{width}}  {r['kind']!s:<9}  {r['name']!s:<{name_width}}  {tail}")
    return "\n".join(lines)
