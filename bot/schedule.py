"""Meeting times: normalise upstream's free-form fields, and compute occurrences. Pure.

Upstream writes zones as "PT (Pacific Time)" or "Poland", times as "9:00" or "4PM", and
frequencies as prose ("biweekly starting Tuesday Oct 28, 2025", "monthly - last Wednesday every
month"). The parsers here turn what they can into structure and say plainly what they cannot;
`zoneinfo` does all the time-zone arithmetic.
"""

from __future__ import annotations

import os
import re
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.model import WEEKDAYS, Frequency, Meeting

# Abbreviations upstream uses, mapped to the zone people in that place live by. IST is India
# (the Kubernetes community's IST meetings are Indian; Irish and Israel time would say so).
ZONE_ALIASES: dict[str, str] = {
    "pt": "America/Los_Angeles",
    "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles",
    "pacific": "America/Los_Angeles",
    "pacific time": "America/Los_Angeles",
    "et": "America/New_York",
    "est": "America/New_York",
    "edt": "America/New_York",
    "eastern": "America/New_York",
    "eastern time": "America/New_York",
    "ct": "America/Chicago",
    "central time": "America/Chicago",
    "cet": "Europe/Berlin",
    "cest": "Europe/Berlin",
    "central european time": "Europe/Berlin",
    "gmt": "UTC",
    "utc": "UTC",
    "ist": "Asia/Kolkata",
    "india standard time": "Asia/Kolkata",
    "jst": "Asia/Tokyo",
    "cst (china standard time)": "Asia/Shanghai",
    "china standard time": "Asia/Shanghai",
    "poland": "Europe/Warsaw",
}

_MONTHS = {
    m: i + 1
    for i, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ]
    )
    for m in names
}
_ORDINALS = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
    "last": -1,
}
_NUMBER_WORDS = {"two": 2, "three": 3, "four": 4, "2": 2, "3": 3, "4": 4}
# What the knowledge's meeting fields are read with: only while knowledge is loaded (`sigbot ask`
# answers from the start-up cache without them), so they are left to `re`'s own cache of
# compiled patterns, compiled on first use, not at import (~2 ms of every start-up).
_WEEKDAY_RE = r"\b(mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?s?\b"
_TIME_RE = r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*([ap])?\.?\s*m?\.?\s*$"
_DATE_RE = r"\b(?P<month>[a-z]{3,9})\.?\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s*(?P<year>\d{4})?"
_DATE_DAY_FIRST_RE = (
    r"\b(?P<day>\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<month>[a-z]{3,9})\.?,?\s*(?P<year>\d{4})?"
)
_YEAR_RE = r"\b(19|20)\d{2}\b"

_IANA_ZONES: frozenset[str] | None = None


class ScheduleError(ValueError):
    """A meeting field that cannot be understood; the message says which value and why."""


def to_iana_zone(raw: str) -> str:
    """'PT (Pacific Time)' -> 'America/Los_Angeles'. Raises ScheduleError for unknown zones."""
    text = raw.strip()
    if not text:
        raise ScheduleError("time zone is empty")
    lowered = text.lower()
    candidates = [lowered]
    # "PT (Pacific Time)" and "Eastern Time (ET)": try the part outside and inside the brackets.
    m = re.match(r"^(.*?)\s*\((.*)\)\s*$", lowered)
    if m:
        candidates += [m.group(1).strip(), m.group(2).strip()]
    for c in candidates:
        if c in ZONE_ALIASES:
            return ZONE_ALIASES[c]
    if is_iana_zone(text):  # after the aliases, so legacy links like "Poland" become canonical
        return text
    raise ScheduleError(f"unknown time zone {raw!r} (use an IANA name such as Europe/Berlin)")


def is_iana_zone(name: str) -> bool:
    global _IANA_ZONES
    if _IANA_ZONES is None:
        _IANA_ZONES = frozenset(available_timezones())
    if name in _IANA_ZONES:
        return True
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return False
    return "/" in name or name == "UTC"


def to_24h_time(raw: str) -> str:
    """'9:00' -> '09:00', '4PM' -> '16:00'. Raises ScheduleError when it is not a clock time."""
    m = re.match(_TIME_RE, str(raw), re.I)
    if not m:
        raise ScheduleError(f"cannot read time {raw!r} (expected e.g. 09:00 or 4PM)")
    hour, minute = int(m.group(1)), int(m.group(2) or 0)
    meridiem = (m.group(3) or "").lower()
    if meridiem:
        if not 1 <= hour <= 12:
            raise ScheduleError(f"cannot read time {raw!r}: {hour} is not a 12-hour clock hour")
        hour = hour % 12 + (12 if meridiem == "p" else 0)
    if hour > 23 or minute > 59:
        raise ScheduleError(f"cannot read time {raw!r}: out of range")
    return f"{hour:02d}:{minute:02d}"


def to_weekday(raw: str) -> str:
    """'Thursdays (starting February 15th 2024)' -> 'Thursday'."""
    m = re.search(_WEEKDAY_RE, str(raw), re.I)
    if not m:
        raise ScheduleError(f"cannot find a weekday in {raw!r}")
    prefix = m.group(1).lower()[:3]
    for day in WEEKDAYS:
        if day.lower().startswith(prefix):
            return day
    raise ScheduleError(f"cannot find a weekday in {raw!r}")  # pragma: no cover - regex guards it


def find_date(text: str) -> date | None:
    """The first full date in free text: 'Oct 28, 2025', 'February 15th 2024', 'Jan. 7th'."""
    for pattern in (_DATE_RE, _DATE_DAY_FIRST_RE):
        for m in re.finditer(pattern, text, re.I):
            month = _MONTHS.get(m.group("month").lower().rstrip("."))
            if not month:
                continue
            year_text = m.group("year")
            if not year_text:
                y = re.search(_YEAR_RE, text)
                if not y:
                    continue
                year_text = y.group(0)
            try:
                return date(int(year_text), month, int(m.group("day")))
            except ValueError:
                continue
    return None


def parse_frequency(raw: str, day_text: str = "") -> Frequency:
    """Structure upstream's frequency prose; unknown forms keep their text with kind 'unknown'.

    `day_text` is upstream's `day` field, which sometimes carries the anchor date or the week of
    the month ("third Wednesday", "Tuesday (starting September 10th 2024)").
    """
    text = " ".join(str(raw).split())
    low = text.lower()
    both = f"{low} {day_text.lower()}"
    anchor = find_date(text) or find_date(day_text)

    week_of_month = None
    for word, n in _ORDINALS.items():
        if re.search(rf"\b{word}\s+(mon|tue|wed|thu|fri|sat|sun)", both) or re.search(
            rf"\bon\s+{word}\s", both
        ):
            week_of_month = n
            break
    if "after the" in low:
        # "Wednesday, after the fourth Tuesday": not an nth-weekday rule; keep it as text.
        return Frequency(kind="monthly", text=text)

    if "month" in both or week_of_month is not None:
        if week_of_month is None and anchor is not None:
            week_of_month = (anchor.day - 1) // 7 + 1
        return Frequency(kind="monthly", text=text, anchor=anchor, week_of_month=week_of_month)
    if re.search(r"\bbi-?weekly\b|every (other|two|2) weeks?", low):
        return Frequency(kind="every_n_weeks", text=text, interval_weeks=2, anchor=anchor)
    m = re.search(r"every (\w+) weeks?", low)
    if m and m.group(1) in _NUMBER_WORDS:
        return Frequency(
            kind="every_n_weeks", text=text, interval_weeks=_NUMBER_WORDS[m.group(1)], anchor=anchor
        )
    m = re.search(r"every (third|fourth) week\b", low)
    if m:
        n = {"third": 3, "fourth": 4}[m.group(1)]
        return Frequency(kind="every_n_weeks", text=text, interval_weeks=n, anchor=anchor)
    if re.search(r"\bweekly\b", low):
        return Frequency(kind="weekly", text=text, interval_weeks=1, anchor=anchor)
    return Frequency(kind="unknown", text=text, anchor=anchor)


# A fortnightly or monthly date counted from a start date more than this long ago is an
# estimate: one skipped or moved meeting since (holidays, a new chair) shifts every date after.
ANCHOR_TRUSTED_DAYS = 365


@dataclass(frozen=True)
class Occurrence:
    """One meeting occurrence, as an aware datetime in the meeting's own zone."""

    start: datetime
    exact: bool  # False when the frequency only lets us say "on this weekday, this or next week"
    estimated: bool = False  # counted from a start date over ANCHOR_TRUSTED_DAYS old


def is_estimated(frequency: Frequency, today: date) -> bool:
    """Whether dates counted from this frequency's start date (SIG Testing's "bi-weekly starting
    Tuesday August 13, 2019") are estimates rather than facts."""
    return (
        frequency.anchor is not None
        and frequency.kind in ("every_n_weeks", "monthly")
        and (today - frequency.anchor).days > ANCHOR_TRUSTED_DAYS
    )


def next_occurrence(meeting: Meeting, now: datetime) -> Occurrence | None:
    """The next start at or after `now` (aware), when the frequency allows computing it.

    Biweekly meetings without an anchor date could be this week or next: we return the next
    matching weekday marked inexact, so the reader sees the local time and knows to check.
    """
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    zone = time_zone(meeting.tz)
    local_now = now.astimezone(zone)
    hh, mm = (int(p) for p in meeting.time.split(":"))
    weekday = WEEKDAYS.index(meeting.weekday)
    freq = meeting.frequency

    estimated = is_estimated(freq, local_now.date())

    def at(day: date) -> datetime:
        return datetime.combine(day, time(hh, mm), tzinfo=zone)

    # Search forward day by day; bounded to ~3 months, which covers every monthly rule.
    start_day = local_now.date()
    for offset in range(0, 7 * 14):
        day = start_day + timedelta(days=offset)
        if day.weekday() != weekday or at(day) < local_now:
            continue
        if freq.kind == "weekly":
            return Occurrence(at(day), exact=True)
        if freq.kind == "every_n_weeks" and freq.interval_weeks:
            if freq.anchor is None:
                return Occurrence(at(day), exact=False)
            weeks = (day - freq.anchor).days // 7
            if (day - freq.anchor).days % 7 == 0 and weeks % freq.interval_weeks == 0:
                return Occurrence(at(day), exact=True, estimated=estimated)
            if freq.anchor.weekday() != weekday:
                return Occurrence(at(day), exact=False)  # anchor contradicts the weekday
            continue
        if freq.kind == "monthly" and freq.week_of_month:
            nth = freq.week_of_month
            if nth > 0 and (day.day - 1) // 7 + 1 == nth:
                return Occurrence(at(day), exact=True, estimated=estimated)
            if nth == -1 and (day + timedelta(days=7)).month != day.month:
                return Occurrence(at(day), exact=True, estimated=estimated)
            continue
        return None
    return None


def convert(start: datetime, zone_name: str) -> datetime:
    """The same instant on the reader's clock."""
    return start.astimezone(time_zone(zone_name))


# An IANA key as the tz database spells one: no "..", no leading "/", no way out of the folder.
_ZONE_KEY = re.compile(r"[A-Za-z0-9_+-]+(?:/[A-Za-z0-9_+-]+)*\Z")


@lru_cache(maxsize=64)
def time_zone(name: str) -> ZoneInfo:
    """`ZoneInfo(name)`, without importlib.resources on a machine with no system tz database.

    Where /usr/share/zoneinfo is missing (slim containers), zoneinfo falls back to the
    tzdata package through importlib.resources, whose import (with tempfile) is ~3 ms of every
    `sigbot ask` that shows a meeting. The package's file is opened directly instead; anything
    that is not a plain key, or not in either place, goes to ZoneInfo, which raises as usual."""
    if _ZONE_KEY.match(name) and not any(
        os.path.isfile(os.path.join(root, name)) for root in zoneinfo.TZPATH
    ):
        packaged = _tzdata_file(name)
        if packaged is not None:
            with open(packaged, "rb") as handle:
                return ZoneInfo.from_file(handle, key=name)
    return ZoneInfo(name)


def _tzdata_file(name: str) -> str | None:
    # The package's own __init__ is one line: importing it loads no importlib.resources.
    try:
        import tzdata  # type: ignore[import-untyped]
    except ImportError:
        return None
    path = os.path.join(os.path.dirname(tzdata.__file__), "zoneinfo", *name.split("/"))
    return path if os.path.isfile(path) else None
