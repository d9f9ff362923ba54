"""Meeting lines for cards, shared by both renderers. Pure: `now` and the reader's zone come in."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from bot.model import Meeting
from bot.render.wording import WEEKDAY_NAMES, Lang, colon, comma, t
from bot.schedule import convert, is_iana_zone, next_occurrence

FREQUENCY_WORDS = {
    "en": {1: "weekly", 2: "every 2 weeks", 3: "every 3 weeks", 4: "every 4 weeks"},
    "zh": {1: "每周", 2: "每两周", 3: "每三周", 4: "每四周"},
}
ORDINALS = {
    "en": {1: "1st", 2: "2nd", 3: "3rd", 4: "4th", -1: "last"},
    "zh": {1: "第一个", 2: "第二个", 3: "第三个", 4: "第四个", -1: "最后一个"},
}


@dataclass(frozen=True)
class MeetingView:
    """One meeting as the renderers show it: when, in the reader's time, and the next one."""

    description: str
    when: str  # "Tue 09:00 America/Los_Angeles, every 2 weeks"
    local: str = ""  # "= Tue 18:00 Europe/Berlin (your time)"
    next: str = ""  # "next: Tue 2 Dec 09:00 America/Los_Angeles"
    url: str = ""
    cadence: str = ""  # "every 2 weeks", without day, time or zone (Slack shows those itself)
    start: datetime | None = None  # the next occurrence, aware
    exact: bool = True  # False: upstream does not say which week
    # counted from a start date over a year old: an estimate, to check on the group's calendar
    estimated: bool = False
    estimate_note: str = ""  # " — an estimate from a 2019 start date: check the group's calendar"


def frequency_text(m: Meeting, lang: Lang) -> str:
    f = m.frequency
    if f.kind in ("weekly", "every_n_weeks") and f.interval_weeks in FREQUENCY_WORDS[lang]:
        words = FREQUENCY_WORDS[lang][f.interval_weeks]
        qualifier = upstream_qualifier(f.text)
        return f"{words} ({qualifier})" if qualifier else words
    if f.kind == "monthly" and f.week_of_month in ORDINALS[lang]:
        day = WEEKDAY_NAMES[lang].get(m.weekday, m.weekday)
        nth = ORDINALS[lang][f.week_of_month]
        return f"每月{nth}{day}" if lang == "zh" else f"{nth} {day} of the month"
    return f.text  # upstream's own words, when we could not structure them


def upstream_qualifier(text: str) -> str:
    """What upstream says beyond the interval ("biweekly - alternating with regular meeting"
    -> "alternating with regular meeting"): kept in upstream's words, never dropped."""
    _, sep, rest = text.partition(" - ")
    rest = rest.strip()
    if not sep or not rest or rest.lower() in ("weekly", "biweekly", "every week"):
        return ""
    return rest


def _fmt(dt: datetime, lang: Lang, with_date: bool) -> str:
    day = WEEKDAY_NAMES[lang][dt.strftime("%A")]
    zone = dt.tzinfo.key if hasattr(dt.tzinfo, "key") else str(dt.tzinfo)  # type: ignore[union-attr]
    if with_date:
        if lang == "zh":
            return f"{dt.month}月{dt.day}日{day} {dt:%H:%M} {zone}"
        return f"{day} {dt.day} {dt:%b} {dt:%H:%M} {zone}"
    return f"{day} {dt:%H:%M} {zone}"


def describe_meeting(
    m: Meeting, lang: Lang, now: datetime | None = None, reader_tz: str | None = None
) -> MeetingView:
    if not m.is_normalised:
        return MeetingView(m.description, f"{m.raw_text} ({m.frequency.text})".strip(), url=m.url)
    day = WEEKDAY_NAMES[lang].get(m.weekday, m.weekday)
    when = f"{day} {m.time} {m.tz}{comma(lang)}{frequency_text(m, lang)}"
    local = nxt = ""
    start: datetime | None = None
    exact, estimated, note = True, False, ""
    if now is not None:
        occ = next_occurrence(m, now)
        if occ is not None:
            start, exact, estimated = occ.start, occ.exact, occ.estimated
            label = t("next", lang) if occ.exact else t("next_maybe", lang)
            if estimated and m.frequency.anchor is not None:
                label = t("next_estimated", lang, year=m.frequency.anchor.year)
                note = t("estimated", lang, year=m.frequency.anchor.year)
            nxt = f"{label}{colon(lang)}{_fmt(occ.start, lang, with_date=True)}"
            if reader_tz and is_iana_zone(reader_tz) and reader_tz != m.tz:
                mine = convert(occ.start, reader_tz)
                local = f"= {_fmt(mine, lang, with_date=True)} ({t('your_time', lang)})"
    return MeetingView(
        m.description,
        when,
        local,
        nxt,
        m.url,
        frequency_text(m, lang),
        start,
        exact,
        estimated,
        note,
    )


def utc_label(start: datetime, lang: Lang) -> str:
    """The instant in UTC, said as such ("Thu 3 Dec 17:00 UTC"): the fallback wherever the
    reader's own zone cannot be shown (Slack's old clients, a web page with scripts off)."""
    utc = start.astimezone(timezone.utc)
    day = WEEKDAY_NAMES[lang][utc.strftime("%A")]
    if lang == "zh":
        return f"{utc.month}月{utc.day}日{day} {utc:%H:%M} UTC"
    return f"{day} {utc.day} {utc:%b} {utc:%H:%M} UTC"


_SIDE_MEETING = ("private", "triage", "office hours", "bug scrub", "backlog", " ci ", "ci/")


def main_meetings_first(
    meetings: tuple[Meeting, ...], group_name: str, subprojects: tuple[str, ...] = ()
) -> list[Meeting]:
    """The group's own regular meeting is what a newcomer should attend first; meetings of
    subprojects, triage, CI and private sessions follow, each group in upstream order."""
    name = group_name.lower()
    side_words = tuple(sp.lower() for sp in subprojects if len(sp) > 3)

    def rank(m: Meeting) -> int:
        d = f" {m.description.lower()} "
        score = 0
        if (
            any(
                p in d
                for p in (
                    "regular sig meeting",
                    "regular wg meeting",
                    "main sig meeting",
                    "sig meeting",
                )
            )
            or f"{name} meeting" in d
            or f"sig {name} " in d
            or f"wg {name} " in d
        ):
            score += 3
        if d.strip().startswith(
            (
                "regular meeting",
                "biweekly meeting",
                "bi-weekly meeting",
                "weekly meeting",
                "public ",
            )
        ):
            score += 2
        if "regular" in d:
            score += 1
        if any(w in d for w in _SIDE_MEETING) or any(w in d for w in side_words):
            score -= 4
        return -score

    return sorted(meetings, key=rank)
