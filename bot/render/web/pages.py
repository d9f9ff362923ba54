"""Groups and answers -> the HTML pages of `sigbot web`. Pure apart from reading its own
templates and static files once, at import.

Jinja2 templates (files beside this module, autoescaped: every value from a reader or from
upstream is escaped) over the one view model Slack and the terminal use: `render/cards.py` for
a group, `render/meetings.py` for meetings, `render/wording.py` for every sentence, and the
terminal renderer's first line for the answer line, so the page says exactly what
`sigbot ask` says. The templates hold loops and conditionals only; decisions are made here.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timezone
from functools import partial
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from bot.answers import Answer, Match
from bot.lang import Lang
from bot.model import DEFAULT_WORKSPACE_URL, GROUP_KINDS, KnowledgeBase, RetiredGroup
from bot.query import MAX_MESSAGE_CHARS
from bot.render.cards import GroupCard, fill_step, group_card, is_safe_url
from bot.render.json_out import via_text
from bot.render.meetings import MeetingView, utc_label
from bot.render.terminal.text import render_text
from bot.render.wording import (
    colon,
    comma,
    corrected_of,
    correction_note,
    describe_match,
    features_lines,
    flaw_hint_lines,
    headline_lines,
    list_comma,
    plain_why,
    successor_sections,
    t,
    worth_suggesting,
)

HERE = Path(__file__).resolve().parent
STATIC = HERE / "static"

LOCAL_TIME_SCRIPT = (STATIC / "local-time.js").read_text(encoding="utf-8").strip()
# The one inline script is allowed by its hash, so a cached page needs no per-response nonce.
SCRIPT_HASH = "sha256-" + base64.b64encode(
    hashlib.sha256(LOCAL_TIME_SCRIPT.encode("utf-8")).digest()
).decode("ascii")
STYLESHEET = (STATIC / "style.css").read_bytes()
# Versioned by content: browsers may keep it for a year, and a new release is a new URL.
STYLESHEET_PATH = f"/static/style.css?v={hashlib.sha256(STYLESHEET).hexdigest()[:12]}"
# No external scripts, styles, fonts or frames; no inline event handlers (only the hashed
# script runs); forms submit only here.
CONTENT_SECURITY_POLICY = (
    "default-src 'none'; "
    f"script-src '{SCRIPT_HASH}'; "
    "style-src 'self'; "
    "img-src 'self'; "
    "form-action 'self'; "
    "base-uri 'none'; "
    "frame-ancestors 'none'"
)
HTML_LANG: dict[Lang, str] = {"en": "en", "zh": "zh-CN"}
OTHER: dict[Lang, Lang] = {"en": "zh", "zh": "en"}
SECTION_ANCHORS = {"sig": "sigs", "wg": "wgs", "committee": "committees", "usergroup": "usergroups"}


def display_url(url: str) -> str:
    """A URL as link text: without the scheme, which says nothing to a reader."""
    return url.split("://", 1)[-1].removeprefix("mailto:").rstrip("/")


def as_href(address: str) -> str:
    """A mailing list is a URL or, for private lists, an e-mail address: both become links."""
    if "@" in address and "://" not in address and not address.startswith("mailto:"):
        return f"mailto:{address}"
    return address


def _environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["is_safe_url"] = is_safe_url
    env.filters["display_url"] = display_url
    env.filters["as_href"] = as_href
    return env


ENV = _environment()


@dataclass(frozen=True)
class Reader:
    """Who a page is for: its language, and whether the reader chose it with `?lang=` (then
    every link on the page keeps it, so the choice survives a click)."""

    lang: Lang
    chosen: bool = False

    def href(self, path: str, **params: str) -> str:
        if self.chosen:
            params = {**params, "lang": self.lang}
        return f"{path}?{urlencode(params)}" if params else path


@dataclass(frozen=True)
class PageChrome:
    """What every page shows around its content: the language switch, home, the footer."""

    lang: Lang
    chosen: bool
    html_lang: str
    other_html_lang: str
    other_href: str
    other_label: str
    home_href: str
    groups_as_of: str
    stylesheet: str = STYLESHEET_PATH
    script: Markup = Markup(LOCAL_TIME_SCRIPT)  # noqa: RUF009 - immutable, built once

    def href(self, path: str) -> str:
        return Reader(self.lang, self.chosen).href(path)


def chrome(kb: KnowledgeBase | None, reader: Reader, path: str, query: str = "") -> PageChrome:
    """`path` is this page's own path: the language switch links to it in the other language,
    keeping the question."""
    other = OTHER[reader.lang]
    params = {"q": query} if query else {}
    return PageChrome(
        lang=reader.lang,
        chosen=reader.chosen,
        html_lang=HTML_LANG[reader.lang],
        other_html_lang=HTML_LANG[other],
        other_href=f"{path}?{urlencode({**params, 'lang': other})}",
        other_label=t("web_other_language", other),
        home_href=reader.href("/"),
        groups_as_of=kb.source.date if kb is not None else "",
    )


def _render(template: str, reader: Reader, page: PageChrome, **values: Any) -> str:
    tr: Callable[..., str] = partial(t, lang=reader.lang)
    return ENV.get_template(template).render(
        page=page, tr=tr, separator=list_comma(reader.lang), colon=colon(reader.lang), **values
    )


# -- meetings ------------------------------------------------------------------------------


@dataclass(frozen=True)
class MeetingLine:
    """A meeting as the page shows it: its next occurrence as one instant (ISO 8601 with
    offset, for <time datetime>) and the same instant in UTC words, which the page's script
    rewrites into the reader's zone."""

    description: str
    when: str
    url: str
    next_iso: str
    next_utc: str
    next_label: str
    # Said after the time when it is not certain: upstream does not say which week, or the date
    # is counted from a start date years old (check the group's calendar). Empty when certain.
    week_note: str
    link_label: str


def meeting_line(m: MeetingView, lang: Lang) -> MeetingLine:
    start = m.start.astimezone(timezone.utc) if m.start is not None else None
    return MeetingLine(
        description=m.description,
        when=m.when,
        url=m.url,
        next_iso=start.isoformat() if start else "",
        next_utc=utc_label(start, lang) if start else "",
        next_label=t("next_meeting", lang),
        week_note=m.estimate_note if m.estimated else "" if m.exact else t("week_unknown", lang),
        link_label=t("web_meeting_link", lang),
    )


# -- the directory ---------------------------------------------------------------------------


@dataclass(frozen=True)
class GroupLink:
    id: str
    name: str


@dataclass(frozen=True)
class RetiredView:
    id: str
    name: str
    note: str
    successors: tuple[GroupLink, ...]  # only those the knowledge names, never guessed


@dataclass(frozen=True)
class DirectorySection:
    heading: str
    anchor: str
    cards: tuple[GroupCard, ...]


@dataclass(frozen=True)
class DirectoryView:
    sections: tuple[DirectorySection, ...]
    retired: tuple[RetiredView, ...]
    misnomers: tuple[RetiredView, ...]  # names of groups that never existed under that name


def retired_view(r: RetiredGroup, kb: KnowledgeBase, lang: Lang) -> RetiredView:
    note = r.note(lang)
    successors = tuple(
        GroupLink(g.id, g.display_name) for g in (kb.group(s) for s in r.successors) if g
    )
    return RetiredView(r.id, r.display_name, note, successors)


def directory_view(
    kb: KnowledgeBase, lang: Lang, workspace: str = DEFAULT_WORKSPACE_URL
) -> DirectoryView:
    """Every active group by kind (SIGs, working groups, committees, user groups), by name
    within each; then retired groups, then names that were never groups ("SIG Batch")."""
    ordered = sorted(kb.groups, key=lambda g: g.directory_order)
    sections = tuple(
        DirectorySection(
            t(f"web_kind_{kind}", lang),
            SECTION_ANCHORS[kind],
            tuple(group_card(g, lang, kb, workspace=workspace) for g in ordered if g.kind == kind),
        )
        for kind in GROUP_KINDS
        if any(g.kind == kind for g in ordered)
    )
    by_name = sorted(kb.retired, key=lambda r: r.display_name.lower())
    return DirectoryView(
        sections,
        tuple(retired_view(r, kb, lang) for r in by_name if not r.misnomer),
        tuple(retired_view(r, kb, lang) for r in by_name if r.misnomer),
    )


def render_directory(
    kb: KnowledgeBase, reader: Reader, workspace: str = DEFAULT_WORKSPACE_URL
) -> Markup:
    """The directory part of `/`, the same under every question: rendered once per knowledge
    load and language, then placed below each answer."""
    page = chrome(kb, reader, "/")
    html = _render(
        "_directory.html", reader, page, directory=directory_view(kb, reader.lang, workspace)
    )
    return Markup(html)  # autoescaped by its own template


# -- answers ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class AnswerCard:
    card: GroupCard
    href: str
    why: str
    channel_label: str
    next: MeetingLine | None
    next_label: str


@dataclass(frozen=True)
class AnswerSection:
    heading: str
    cards: tuple[AnswerCard, ...]


@dataclass(frozen=True)
class AnswerView:
    lang: Lang
    html_lang: str
    first_line: str  # exactly the first line `sigbot ask` prints
    notes: tuple[str, ...]  # the rest of what the CLI says above its cards
    sections: tuple[AnswerSection, ...]
    after: tuple[str, ...]  # a hint below the cards

    @property
    def colon(self) -> str:
        return colon(self.lang)

    @property
    def separator(self) -> str:
        return comma(self.lang)


def _answer_card(g_card: GroupCard, why: str, lang: Lang, reader: Reader) -> AnswerCard:
    main = g_card.main_meeting
    return AnswerCard(
        card=g_card,
        href=reader.href(f"/groups/{g_card.id}"),
        why=t("why_plain", lang, why=why) if why else "",
        channel_label=t("open_channel", lang, channel=g_card.channel),
        next=meeting_line(main, lang) if main is not None and main.start is not None else None,
        next_label=t("next_meeting", lang),
    )


def answer_view(
    answer: Answer,
    kb: KnowledgeBase,
    reader: Reader,
    now: datetime,
    workspace: str = DEFAULT_WORKSPACE_URL,
) -> AnswerView:
    """What `sigbot ask` says, for the page: its first line verbatim, then the groups as
    linked cards (for a retired group, the groups its work went to), in the question's
    language like the CLI."""
    lang = answer.lang
    first = render_text(answer, kb, now=now).split("\n", 1)[0]

    def card(gid: str) -> GroupCard | None:
        g = kb.group(gid)
        return (
            group_card(g, lang, kb, now, subproject=answer.subproject, workspace=workspace)
            if g
            else None
        )

    def why_of(via_kind: str, label: str, fallback: str, m: Match | None = None) -> str:
        corrected = corrected_of(answer, m) if m is not None else ()
        detail = m.via_detail if m is not None else ""
        return plain_why(via_kind, label, lang, corrected, detail) or describe_match(
            via_kind, label, fallback, lang
        )

    header: list[str] = []
    sections: list[AnswerSection] = []
    after: list[str] = []
    if answer.status == "help":
        header = [first, t("help_body", lang)]
    elif answer.status == "list":
        header = [first]
    elif answer.status == "archived" and answer.retired is not None:
        r = answer.retired
        note = r.note(lang)
        header = [first, *([note] if note else [])]
        if not r.successors and answer.groups:  # related groups are close in topic only
            header.append(t("web_no_successor", lang))
        for heading, members in successor_sections(r, answer.groups):
            found = [c for c in (card(g.id) for g in members) if c is not None]
            sections.append(
                AnswerSection(
                    t(heading, lang), tuple(_answer_card(c, "", lang, reader) for c in found)
                )
            )
        if not answer.groups:
            after.append(t("web_no_successor", lang))
    elif answer.status == "none" and answer.reason == "elsewhere":
        header = [t("elsewhere", lang)]  # no near matches: they would be guesses
        after.append(t("web_none_hint", lang))
    elif answer.status in ("ambiguous", "none"):
        header = [first, *flaw_hint_lines(answer)]
        offered = worth_suggesting(answer) if answer.status == "none" else list(answer.matches)
        active = [m for m in offered if kb.group(m.id) is not None]
        suggested = tuple(
            _answer_card(c, why_of(m.via_kind, m.via_label, via_text(m)), lang, reader)
            for m in active
            if (c := card(m.id)) is not None
        )
        if suggested:
            heading = t("none_suggest", lang) if answer.status == "none" else ""
            sections.append(AnswerSection(heading, suggested))
        if answer.status == "none" and answer.reason == "link":
            after.append(t("link", lang))
        elif answer.status == "none" and answer.reason != "oversized":
            after.append(t("web_none_hint", lang))
    else:  # an answer: the owner(s), why, and the feature the question named
        header = [correction_note(answer.retired, lang)] if answer.retired else []
        header += headline_lines(answer) if answer.groups else []
        if answer.features:  # every KEP the number or gate names (two share KEP-2133)
            names = {g.id: g.display_name for g in kb.groups}
            header += features_lines(answer.features, names, lang)
        whys = {m.id: why_of(m.via_kind, m.via_label, via_text(m), m) for m in answer.matches}
        owners = tuple(
            _answer_card(c, whys.get(g.id, ""), lang, reader)
            for g in answer.groups
            if (c := card(g.id)) is not None
        )
        sections.append(AnswerSection("", owners))
    notes = header[1:] if header and header[0] == first else header
    return AnswerView(lang, HTML_LANG[lang], first, tuple(notes), tuple(sections), tuple(after))


def render_home(
    kb: KnowledgeBase,
    reader: Reader,
    directory: Markup,
    query: str = "",
    answer: AnswerView | None = None,
) -> str:
    """`/` (the directory) and `/?q=` (an answer above it)."""
    return _render(
        "home.html",
        reader,
        chrome(kb, reader, "/", query),
        query=query,
        answer=answer,
        directory=directory,
        # The box takes the longest message the engine reads (longer ones get its polite
        # refusal), so it never cuts a question the bot would have answered.
        max_query=MAX_MESSAGE_CHARS,
    )


# -- a group ---------------------------------------------------------------------------------


def render_group(
    kb: KnowledgeBase,
    group_id: str,
    reader: Reader,
    now: datetime,
    workspace: str = DEFAULT_WORKSPACE_URL,
) -> tuple[str, datetime | None] | None:
    """`/groups/<id>`: the full card. Also returns the first meeting time it shows, after which
    the page is out of date (its "next" meeting has begun); None for an unknown group."""
    g = kb.group(group_id)
    if g is None:
        return None
    lang = reader.lang
    card = group_card(g, lang, kb, now, workspace=workspace)
    meetings = tuple(meeting_line(m, lang) for m in card.meetings)
    subprojects = tuple(
        (sp, tuple(meeting_line(m, lang) for m in sp.meetings)) for sp in card.subprojects
    )
    starts = [m.start for m in card.meetings if m.start] + [
        m.start for sp in card.subprojects for m in sp.meetings if m.start
    ]
    html = _render(
        "group.html",
        reader,
        chrome(kb, reader, f"/groups/{g.id}"),
        card=card,
        steps=tuple(fill_step(s, card) for s in card.steps),
        meetings=meetings,
        subprojects=tuple(
            {"name": sp.name, "url": sp.url, "meetings": lines} for sp, lines in subprojects
        ),
    )
    return html, min(starts, default=None)


# -- errors ----------------------------------------------------------------------------------


def render_not_found(kb: KnowledgeBase | None, reader: Reader, name: str, path: str) -> str:
    """404: says what was asked for, and links home. A retired group's id gets its note."""
    retired = kb.retired_group(name) if kb is not None and name else None
    return _render(
        "error.html",
        reader,
        chrome(kb, reader, path),
        heading=t("web_not_found", reader.lang),
        message=(
            t("retired", reader.lang, group=retired.display_name)
            if retired
            else t("web_not_found_body", reader.lang, name=name or path)
        ),
        retired=retired_view(retired, kb, reader.lang) if retired and kb else None,
    )


def render_bad_request(kb: KnowledgeBase | None, reader: Reader, problem: str) -> str:
    return _render(
        "error.html",
        reader,
        chrome(kb, reader, "/"),
        heading=t("web_bad_request", reader.lang),
        message=t("web_bad_request_body", reader.lang, problem=problem),
        retired=None,
    )
