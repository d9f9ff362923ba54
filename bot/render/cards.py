"""One view of a group, built once and formatted by every renderer: the Slack card and its
details (slack/card.py), the terminal card (terminal/text.py), the web page (web/pages.py) and
the JSON `cards` (card_json). Pure.

It holds what a reader needs, already decided: the main meeting first, each lead once, the
subprojects with their repository links, the channel's URL in the configured workspace. The
renderers only choose layout and markup.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from bot.model import DEFAULT_WORKSPACE_URL, Group, KnowledgeBase, Person
from bot.render.meetings import MeetingView, describe_meeting, main_meetings_first
from bot.render.wording import Lang, kind_name

# Only these links from the knowledge become links, on every surface; anything else (a
# `javascript:` URL in a hand-edited file, say) is shown as text.
SAFE_LINK_SCHEMES = ("https://", "mailto:")


def is_safe_url(url: object) -> bool:
    return isinstance(url, str) and url.lower().startswith(SAFE_LINK_SCHEMES)


def slack_channel_url(channel: str, workspace: str = DEFAULT_WORKSPACE_URL) -> str:
    """A Slack channel's address in the configured workspace, or "" when there is no channel."""
    return f"{workspace}/messages/{channel}" if channel else ""


@dataclass(frozen=True)
class SubprojectView:
    """A subproject on a card: its name, its repository link, its own meetings."""

    name: str
    url: str  # its first OWNERS location on GitHub, or ""
    meetings: tuple[MeetingView, ...] = ()  # its own meetings, when upstream lists any


@dataclass(frozen=True)
class GroupCard:
    """One group as every surface shows it, every choice already made."""

    id: str
    name: str  # "SIG Network"
    kind: str  # "Special Interest Group", in the reader's language
    summary: str
    channel: str  # "sig-network", or "" when the group has none
    channel_url: str
    mailing_list: str
    private_list: str
    meetings: tuple[MeetingView, ...]  # the group's main meeting first
    chairs: tuple[Person, ...]
    tech_leads: tuple[Person, ...]  # those who are not also chairs
    chairs_also_tech_leads: frozenset[str]  # GitHub handles
    label: str  # "sig/network"
    prow_command: str  # "/sig network"
    first_issues_url: str
    community_url: str
    steps: tuple[str, ...]  # the onboarding steps, with {channel}, {mailing_list}, {label}
    subprojects: tuple[SubprojectView, ...]
    # A committee that takes reports in private: how to report (its private list, and a page
    # that says how) replaces the newcomer's steps, the good first issues and public channels.
    report_url: str = ""
    as_of: str = ""  # the commit date of the sigs.yaml these facts come from (YYYY-MM-DD)

    @property
    def reports_privately(self) -> bool:
        return bool(self.report_url)

    @property
    def main_meeting(self) -> MeetingView | None:
        return self.meetings[0] if self.meetings else None


def group_card(
    g: Group,
    lang: Lang,
    kb: KnowledgeBase | None = None,
    now: datetime | None = None,
    reader_tz: str | None = None,
    workspace: str = DEFAULT_WORKSPACE_URL,
    subproject: str = "",
) -> GroupCard:
    """`subproject`: the question named one ("when does cluster api meet?"), so its own
    meetings come first, then the group's."""
    ordered = main_meetings_first(g.meetings, g.name, tuple(sp.name for sp in g.subprojects))
    named = next((sp for sp in g.subprojects if sp.name == subproject), None)
    if named is not None and named.meetings:
        ordered = [*named.meetings, *ordered]
    both = frozenset(p.github for p in g.chairs) & frozenset(p.github for p in g.tech_leads)
    return GroupCard(
        id=g.id,
        name=g.display_name,
        kind=kind_name(g.kind, lang),
        summary=g.summary(lang),
        channel=g.slack,
        channel_url=slack_channel_url(g.slack, workspace),
        mailing_list=g.mailing_list,
        private_list=g.private_mailing_list,
        meetings=tuple(describe_meeting(m, lang, now, reader_tz) for m in ordered),
        chairs=g.chairs,
        tech_leads=tuple(p for p in g.tech_leads if p.github not in both),
        chairs_also_tech_leads=both,
        label=g.github_label,
        prow_command=g.prow_command,
        first_issues_url="" if g.private_reports else g.good_first_issues_url,
        community_url=g.url,
        steps=tuple(kb.onboarding.get(lang) or ())
        if kb is not None and not g.private_reports
        else (),
        as_of=kb.source.date if kb is not None else "",
        subprojects=tuple(
            SubprojectView(
                sp.name,
                f"https://github.com/{sp.owners[0]}" if sp.owners else "",
                tuple(describe_meeting(m, lang, now, reader_tz) for m in sp.meetings),
            )
            for sp in g.subprojects
        ),
        report_url=g.report_url if g.private_reports else "",
    )


def fill_step(step: str, card: GroupCard) -> str:
    """An onboarding step (knowledge/onboarding.yaml) with this group's channel, list and label."""
    return step.format(
        channel=f"#{card.channel}" if card.channel else "Slack",
        mailing_list=card.mailing_list or "-",
        label=card.label or "-",
        group=card.name,
    )


def card_json(card: GroupCard) -> dict[str, object]:
    """The same view as JSON: what `sigbot ask --json` adds as `cards` (docs/CONTRACTS.md)."""
    return {
        "id": card.id,
        "name": card.name,
        "kind": card.kind,
        "summary": card.summary,
        "channel": card.channel,
        "channel_url": card.channel_url,
        "mailing_list": card.mailing_list,
        "meetings": [
            {
                "name": m.description,
                "when": m.when,
                "cadence": m.cadence,
                "next": m.start.isoformat() if m.start else None,
                "week_known": m.exact,
                "url": m.url,
                # counted from a start date over a year old: an estimate
                **({"estimated": True} if m.estimated else {}),
            }
            for m in card.meetings
        ],
        "chairs": [p.github for p in card.chairs],
        "tech_leads": [p.github for p in card.tech_leads],
        "label": card.label,
        "prow_command": card.prow_command,
        "good_first_issues": card.first_issues_url,
        "community_page": card.community_url,
        "subprojects": [sp.name for sp in card.subprojects],
    }
