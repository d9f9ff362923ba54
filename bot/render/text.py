"""Answer -> terminal text: what `sigbot ask` prints. Pure.

It shows the same facts as the Slack rendering, so a chair can see exactly what the bot would say.
"""

from __future__ import annotations

from datetime import datetime

from bot.answers import Answer
from bot.model import Group, KnowledgeBase, Person
from bot.render.meetings import describe_meeting, main_meetings_first
from bot.render.wording import (
    HELP_EXAMPLES,
    Lang,
    colon,
    describe_match,
    feature_lines,
    headline_lines,
    kind_name,
    plain_why,
    successor_sections,
    t,
)

MAX_MEETINGS_SHOWN = 4


def _people(people: tuple[Person, ...]) -> str:
    return ", ".join(f"{p.name} (@{p.github})" for p in people)


def fill_step(step: str, g: Group) -> str:
    return step.format(
        channel=f"#{g.slack}" if g.slack else "Slack",
        mailing_list=g.mailing_list or "-",
        label=g.github_label or "-",
        group=g.display_name,
    )


def group_card(
    g: Group,
    lang: Lang,
    kb: KnowledgeBase | None = None,
    via: str = "",
    now: datetime | None = None,
    reader_tz: str | None = None,
    focus: str | None = None,
) -> list[str]:
    summary = g.summary(lang)
    c = colon(lang)
    h = c.rstrip()  # a heading's colon: "Meetings:" / "会议："
    kind = f"（{kind_name(g.kind, lang)}）" if lang == "zh" else f"  ({kind_name(g.kind, lang)})"
    lines = [f"{g.display_name}{kind}", f"  {summary}"]
    if via:
        lines.append(f"  {t('why_plain', lang, why=via)}")
    lines.append(f"  {t('join', lang)}{h}")
    if g.slack:
        lines.append(f"    {t('channel', lang)}{c}#{g.slack}")
    if g.mailing_list:
        lines.append(f"    {t('mailing_list', lang)}{c}{g.mailing_list}")
    if g.private_mailing_list:
        lines.append(f"    {t('private_list', lang)}{c}{g.private_mailing_list}")
    meetings = main_meetings_first(g.meetings, g.name, tuple(sp.name for sp in g.subprojects))
    if meetings:
        lines.append(f"  {t('meetings', lang)}{h}")
        limit = len(meetings) if focus == "meetings" else MAX_MEETINGS_SHOWN
        for m in meetings[:limit]:
            view = describe_meeting(m, lang, now, reader_tz)
            lines.append(f"    - {view.description}{c}{view.when}")
            for extra in (view.next, view.local):  # the time, then the same time converted
                if extra:
                    lines.append(f"        {extra}")
        if len(meetings) > limit:
            lines.append(f"    {t('more_meetings', lang, n=len(meetings) - limit)}")
    if g.chairs:
        lines.append(f"  {t('chairs', lang)}{c}{_people(g.chairs)}")
    if g.tech_leads:
        lines.append(f"  {t('tech_leads', lang)}{c}{_people(g.tech_leads)}")
    if g.github_label:
        lines.append(
            f"  {t('label', lang)}{c}{g.github_label} ({t('prow', lang, command=g.prow_command)})"
        )
        lines.append(f"  {t('first_issues', lang)}{c}{g.good_first_issues_url}")
    if g.url:
        lines.append(f"  {t('community_page', lang)}{c}{g.url}")
    if kb is not None and kb.onboarding.get(lang):
        lines.append(f"  {t('steps', lang)}{h}")
        for i, step in enumerate(kb.onboarding[lang], 1):
            lines.append(f"    {i}. {fill_step(step, g)}")
    return lines


def render_text(
    answer: Answer, kb: KnowledgeBase, now: datetime | None = None, reader_tz: str | None = None
) -> str:
    lang = answer.lang
    out: list[str] = []
    if answer.status == "help":
        out += [t("help_title", lang), "", t("help_body", lang), "", f"{t('help_examples', lang)}:"]
        out += [f"  {e}" for e in HELP_EXAMPLES[lang]]
        out += ["", t("help_list", lang)]
    elif answer.status == "list":
        out += [t("list_title", lang), ""]
        for cat in kb.categories:
            out.append(cat.name_zh if lang == "zh" else cat.name_en)
            for g in kb.groups_in(cat.id):
                channel = f"#{g.slack}" if g.slack else ""
                out.append(f"  {g.display_name:<32} {channel}")
        out += ["", t("list_footer", lang)]
    elif answer.status == "none":
        if answer.reason == "oversized":
            out.append(t("oversized", lang))
        else:
            out.append(t("none", lang, query=answer.query.text))
            if answer.matches:
                out.append(t("none_suggest", lang))
                out += [
                    f"  - {m.name} ({describe_match(m.via_kind, m.via_label, m.via, lang)})"
                    for m in answer.matches
                ]
            out.append(t("none_hint", lang))
    elif answer.status == "ambiguous":
        out.append(t("ambiguous", lang, query=answer.query.text))
        for m in answer.matches:
            out.append(f"  - {m.name}: {describe_match(m.via_kind, m.via_label, m.via, lang)}")
    elif answer.status == "archived" and answer.retired:
        r = answer.retired
        out.append(t("retired", lang, group=r.display_name))
        note = r.note_zh if lang == "zh" and r.note_zh else r.note_en
        if note:
            out.append(note)
        if answer.groups:
            for heading, members in successor_sections(r, answer.groups):
                out.append(t(heading, lang))
                for g in members:
                    out.append("")
                    out += group_card(g, lang, None, "", now, reader_tz)
                out.append("")
        else:
            out.append(t("no_successor", lang))
    else:  # answer
        if answer.retired:  # a misnomer, corrected
            r = answer.retired
            out.append(
                t("misnomer", lang, note=r.note_zh if lang == "zh" and r.note_zh else r.note_en)
            )
        if answer.groups:
            out += headline_lines(answer)
        if answer.feature:
            names = {g.id: g.display_name for g in kb.groups}
            out += feature_lines(answer.feature, names, lang)
        vias = {
            m.id: plain_why(m.via_kind, m.via_label, lang)
            or describe_match(m.via_kind, m.via_label, m.via, lang)
            for m in answer.matches
        }
        for g in answer.groups:
            out.append("")
            out += group_card(g, lang, kb, vias.get(g.id, ""), now, reader_tz, answer.focus)
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
    whys = {m.id: plain_why(m.via_kind, m.via_label, lang) for m in answer.matches}
    for g in answer.groups:
        kind = (
            f"（{kind_name(g.kind, lang)}）" if lang == "zh" else f"  ({kind_name(g.kind, lang)})"
        )
        out += ["", f"{g.display_name}{kind}", f"  {g.summary(lang)}"]
        if whys.get(g.id):
            out.append(f"  {t('why_plain', lang, why=whys[g.id])}")
        meetings = main_meetings_first(g.meetings, g.name, tuple(sp.name for sp in g.subprojects))
        if meetings:
            view = describe_meeting(meetings[0], lang, now, reader_tz)
            when = view.local.removeprefix("= ") or view.next or view.when
            sep = "，" if lang == "zh" else ", "
            out.append(f"  {t('next_meeting', lang)}{c}{view.description}{sep}{when}")
        if g.slack:
            url = f"{DEFAULT_WORKSPACE}/messages/{g.slack}"
            out.append(f"  {t('open_channel', lang, channel=g.slack)}{c}{url}")
    return "\n".join(out)


DEFAULT_WORKSPACE = "https://kubernetes.slack.com"


def render_group_record(g: Group) -> str:
    """`sigbot show`: the full record, every meeting and subproject."""
    lines = group_card(g, "en", None, "", None, None, focus="meetings")
    if g.subprojects:
        lines.append("  Subprojects:")
        for s in g.subprojects:
            owners = ", ".join(s.owners[:4]) + (
                f" (+{len(s.owners) - 4} more)" if len(s.owners) > 4 else ""
            )
            lines.append(f"    - {s.name}: {owners}")
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
