"""Turn parsed knowledge documents into a KnowledgeBase, collecting every problem. Pure.

Like upstream's own generator, this never stops at the first mistake: a chair fixing the files
wants the whole list, each problem naming the file, the entry and the field.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal, cast

from bot.model import (
    GROUP_KINDS,
    WEEKDAYS,
    Category,
    Frequency,
    FrequencyKind,
    Group,
    KnowledgeBase,
    Meeting,
    Person,
    RetiredGroup,
    Source,
    Subproject,
    Topic,
)
from bot.schedule import is_iana_zone
from bot.upstream import GENERATED_FILE

TOPICS_FILE = "topics.yaml"
CATEGORIES_FILE = "categories.yaml"
RETIRED_FILE = "retired.yaml"
ONBOARDING_FILE = "onboarding.yaml"
KNOWLEDGE_FILES = (GENERATED_FILE, TOPICS_FILE, CATEGORIES_FILE, RETIRED_FILE, ONBOARDING_FILE)
LANGS = ("en", "zh")


@dataclass(frozen=True)
class Problem:
    file: str
    entry: str
    field: str
    message: str
    severity: Literal["error", "warning"] = "error"

    def __str__(self) -> str:
        where = ": ".join(p for p in (self.file, self.entry, self.field) if p)
        tag = "" if self.severity == "error" else "warning: "
        return f"{where}: {tag}{self.message}"


class KnowledgeError(Exception):
    """The knowledge base has errors; `problems` lists all of them."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        errors = [p for p in problems if p.severity == "error"]
        super().__init__(
            f"{len(errors)} problem(s) in the knowledge base:\n" + format_problems(errors)
        )


def format_problems(problems: list[Problem]) -> str:
    return "\n".join(f"  - {p}" for p in problems)


def did_you_mean(word: str, choices: list[str]) -> str:
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


class _Collector:
    def __init__(self) -> None:
        self.problems: list[Problem] = []

    def add(self, file: str, entry: str, field: str, message: str, warning: bool = False) -> None:
        self.problems.append(
            Problem(file, entry, field, message, "warning" if warning else "error")
        )


def _str(value: Any) -> str:
    return "" if value is None else str(value)


def _people(raw: Any, c: _Collector, file: str, entry: str, field: str) -> tuple[Person, ...]:
    people = []
    if raw is None:
        return ()
    if not isinstance(raw, list):
        c.add(file, entry, field, "expected a list of {name, github}")
        return ()
    for i, p in enumerate(raw):
        if not isinstance(p, dict) or not p.get("github"):
            c.add(file, entry, f"{field}[{i}]", "a person needs a github handle")
            continue
        people.append(Person(name=_str(p.get("name") or p["github"]), github=_str(p["github"])))
    return tuple(people)


def _meeting(raw: Any, c: _Collector, file: str, entry: str, field: str) -> Meeting | None:
    if not isinstance(raw, dict):
        c.add(file, entry, field, "expected a mapping")
        return None
    tz = _str(raw.get("tz"))
    if tz and not is_iana_zone(tz):
        c.add(file, entry, f"{field}.tz", f"malformed time zone {tz!r}: not an IANA zone name")
        tz = ""
    weekday = _str(raw.get("weekday"))
    if weekday and weekday not in WEEKDAYS:
        c.add(file, entry, f"{field}.weekday", f"{weekday!r} is not a weekday")
        weekday = ""
    time_ = _str(raw.get("time"))
    if time_ and not (len(time_) == 5 and time_[2] == ":" and time_.replace(":", "").isdigit()):
        c.add(file, entry, f"{field}.time", f"{time_!r} is not a 24-hour HH:MM time")
        time_ = ""
    f = raw.get("frequency") or {}
    if not isinstance(f, dict):
        f = {"kind": "unknown", "text": _str(f)}
    anchor = None
    if f.get("anchor"):
        try:
            anchor = date.fromisoformat(_str(f["anchor"]))
        except ValueError:
            c.add(file, entry, f"{field}.frequency.anchor", f"{f['anchor']!r} is not a date")
    freq_kind = _str(f.get("kind") or "unknown")
    if freq_kind not in ("weekly", "every_n_weeks", "monthly", "unknown"):
        c.add(file, entry, f"{field}.frequency.kind", f"unknown frequency kind {freq_kind!r}")
        freq_kind = "unknown"
    frequency = Frequency(
        kind=cast(FrequencyKind, freq_kind),
        text=_str(f.get("text")),
        interval_weeks=f.get("interval_weeks"),
        anchor=anchor,
        week_of_month=f.get("week_of_month"),
    )
    return Meeting(
        description=_str(raw.get("description")),
        weekday=weekday,
        time=time_,
        tz=tz,
        frequency=frequency,
        url=_str(raw.get("url")),
        archive_url=_str(raw.get("archive_url")),
        recordings_url=_str(raw.get("recordings_url")),
        calendar_url=_str(raw.get("calendar_url")),
        raw_text=" ".join(
            _str(raw.get(k)) for k in ("weekday_text", "time_text", "tz_text") if raw.get(k)
        ),
    )


def _meetings(raw: Any, c: _Collector, file: str, entry: str) -> tuple[Meeting, ...]:
    out = []
    for i, m in enumerate(raw or []):
        meeting = _meeting(m, c, file, entry, f"meetings[{i}]")
        if meeting:
            out.append(meeting)
    return tuple(out)


def _groups(doc: Any, c: _Collector) -> tuple[list[Group], Source]:
    file = GENERATED_FILE
    if not isinstance(doc, dict) or not isinstance(doc.get("groups"), list):
        c.add(
            file,
            "",
            "groups",
            "expected a mapping with a 'groups' list (run sigbot import-upstream)",
        )
        return [], Source()
    src = doc.get("source") or {}
    source = Source(
        file=_str(src.get("file")), commit=_str(src.get("commit")), date=_str(src.get("date"))
    )
    groups: list[Group] = []
    seen: set[str] = set()
    for i, raw in enumerate(doc["groups"]):
        entry = f"groups[{i}]"
        if not isinstance(raw, dict) or not raw.get("id"):
            c.add(file, entry, "id", "every group needs an id (upstream dir)")
            continue
        gid = _str(raw["id"])
        entry = gid
        if gid in seen:
            c.add(file, entry, "id", f"duplicate group id {gid!r}")
            continue
        seen.add(gid)
        kind = _str(raw.get("kind"))
        if kind not in GROUP_KINDS:
            c.add(file, entry, "kind", f"{kind!r} is not one of {', '.join(GROUP_KINDS)}")
            continue
        if not raw.get("name"):
            c.add(file, entry, "name", "missing")
        subprojects = []
        for j, s in enumerate(raw.get("subprojects") or []):
            if not isinstance(s, dict) or not s.get("name"):
                c.add(file, entry, f"subprojects[{j}].name", "missing")
                continue
            sub_entry = f"{gid}: subproject {s['name']}"
            subprojects.append(
                Subproject(
                    name=_str(s["name"]),
                    description=_str(s.get("description")),
                    owners=tuple(_str(o) for o in s.get("owners") or []),
                    leads=_people(s.get("leads"), c, file, sub_entry, "leads"),
                    slack=_str(s.get("slack")),
                    mailing_list=_str(s.get("mailing_list")),
                    meetings=_meetings(s.get("meetings"), c, file, sub_entry),
                )
            )
        group = Group(
            id=gid,
            kind=kind,
            name=_str(raw.get("name") or gid),
            mission=_str(raw.get("mission")),
            label=_str(raw.get("label")),
            slack=_str(raw.get("slack")).lstrip("#"),
            mailing_list=_str(raw.get("mailing_list")),
            private_mailing_list=_str(raw.get("private_mailing_list")),
            url=_str(raw.get("url")),
            chairs=_people(raw.get("chairs"), c, file, entry, "chairs"),
            tech_leads=_people(raw.get("tech_leads"), c, file, entry, "tech_leads"),
            meetings=_meetings(raw.get("meetings"), c, file, entry),
            subprojects=tuple(subprojects),
            stakeholder_sigs=tuple(_str(s) for s in raw.get("stakeholder_sigs") or []),
        )
        if not group.has_way_to_join:
            c.add(
                file,
                entry,
                "slack",
                "no way to join: needs a Slack channel, mailing list or meeting",
            )
        groups.append(group)
    return groups, source


def _check_ids(
    ids: Any, known: list[str], c: _Collector, file: str, entry: str, field: str
) -> tuple[str, ...]:
    if isinstance(ids, str):
        ids = [ids]
    if not isinstance(ids, list) or not ids:
        c.add(file, entry, field, "expected a non-empty list of group ids")
        return ()
    good = []
    for gid in ids:
        gid = _str(gid)
        if gid not in known:
            c.add(file, entry, field, f"unknown group id {gid!r}{did_you_mean(gid, known)}")
        else:
            good.append(gid)
    return tuple(good)


def _aliases(raw: Any, c: _Collector, file: str, entry: str, field: str) -> list[str]:
    if raw is None:
        return []
    if not isinstance(raw, list) or not all(isinstance(a, (str, int, float)) for a in raw):
        c.add(file, entry, field, "expected a list of strings")
        return []
    return [_str(a).strip() for a in raw if _str(a).strip()]


def _topics(
    doc: Any, known: list[str], c: _Collector
) -> tuple[list[Topic], dict[str, dict[str, str]]]:
    file = TOPICS_FILE
    topics: list[Topic] = []
    summaries: dict[str, dict[str, str]] = {}
    if not isinstance(doc, dict):
        c.add(file, "", "", "expected a mapping with 'groups' and 'shared'")
        return topics, summaries
    owners: dict[tuple[str, str], tuple[str, str]] = {}  # (lang, folded alias) -> (group, entry)
    shared_keys: set[tuple[str, str]] = set()

    for i, raw in enumerate(doc.get("shared") or []):
        entry = f"shared[{i}]"
        if not isinstance(raw, dict):
            c.add(file, entry, "", "expected a mapping with 'groups' and aliases")
            continue
        groups = _check_ids(raw.get("groups"), known, c, file, entry, "groups")
        if len(raw.get("groups") or []) < 2:
            c.add(file, entry, "groups", "a shared topic names at least two groups")
        for lang in LANGS:
            for alias in _aliases(raw.get(lang), c, file, entry, lang):
                shared_keys.add((lang, alias.casefold()))
                topics.append(Topic(alias, lang, groups, shared=True))  # type: ignore[arg-type]

    groups_doc = doc.get("groups") or {}
    if not isinstance(groups_doc, dict):
        c.add(file, "", "groups", "expected a mapping of group id -> aliases")
        groups_doc = {}
    for gid, raw in groups_doc.items():
        gid = _str(gid)
        if gid not in known:
            c.add(file, gid, "", f"unknown group id {gid!r}{did_you_mean(gid, known)}")
            continue
        if not isinstance(raw, dict):
            c.add(file, gid, "", "expected a mapping with en, zh and summary")
            continue
        summary = raw.get("summary") or {}
        if isinstance(summary, dict):
            summaries[gid] = {lang: _str(summary.get(lang)) for lang in LANGS}
        for lang in LANGS:
            for alias in _aliases(raw.get(lang), c, file, gid, lang):
                key = (lang, alias.casefold())
                if key in shared_keys:
                    continue
                if key in owners and owners[key][0] != gid:
                    other = owners[key][0]
                    c.add(
                        file,
                        gid,
                        lang,
                        f"alias {alias!r} is also claimed by {other}; "
                        "list it once under 'shared' with both groups",
                    )
                    continue
                owners[key] = (gid, gid)
                topics.append(Topic(alias, lang, (gid,)))  # type: ignore[arg-type]
    for gid in known:
        raw = groups_doc.get(gid)
        for lang in LANGS:
            if not isinstance(raw, dict) or not raw.get(lang):
                c.add(file, gid, lang, f"no topic aliases in {lang}", warning=True)
    return topics, summaries


def _categories(doc: Any, known: list[str], c: _Collector) -> list[Category]:
    file = CATEGORIES_FILE
    cats: list[Category] = []
    placed: dict[str, str] = {}
    raw_list = doc.get("categories") if isinstance(doc, dict) else None
    if not isinstance(raw_list, list):
        c.add(file, "", "categories", "expected a list of categories")
        return cats
    for i, raw in enumerate(raw_list):
        if not isinstance(raw, dict) or not raw.get("id"):
            c.add(file, f"categories[{i}]", "id", "missing")
            continue
        cid = _str(raw["id"])
        groups = _check_ids(raw.get("groups"), known, c, file, cid, "groups")
        for gid in groups:
            if gid in placed:
                c.add(file, cid, "groups", f"{gid} is already in category {placed[gid]}")
            placed[gid] = cid
        cats.append(
            Category(cid, _str(raw.get("en") or cid), _str(raw.get("zh") or raw.get("en")), groups)
        )
    for gid in known:
        if gid not in placed:
            c.add(file, gid, "category", "active group is in no category", warning=True)
    return cats


def _retired(doc: Any, known: list[str], c: _Collector) -> list[RetiredGroup]:
    file = RETIRED_FILE
    out: list[RetiredGroup] = []
    if not isinstance(doc, dict):
        c.add(file, "", "", "expected a mapping with 'retired' and 'misnomers'")
        return out
    seen: set[str] = set()
    for section, misnomer in (("retired", False), ("misnomers", True)):
        for i, raw in enumerate(doc.get(section) or []):
            if not isinstance(raw, dict) or not raw.get("id"):
                c.add(file, f"{section}[{i}]", "id", "missing")
                continue
            rid = _str(raw["id"])
            if rid in known:
                c.add(file, rid, "id", f"{rid} is an active group; it cannot also be retired")
                continue
            if rid in seen:
                c.add(file, rid, "id", f"duplicate retired id {rid!r}")
                continue
            seen.add(rid)
            kind = _str(raw.get("kind"))
            if kind not in GROUP_KINDS:
                c.add(file, rid, "kind", f"{kind!r} is not one of {', '.join(GROUP_KINDS)}")
                continue
            successors: tuple[str, ...] = ()
            if raw.get("successors"):
                successors = _check_ids(raw["successors"], known, c, file, rid, "successors")
            note = raw.get("note") or {}
            out.append(
                RetiredGroup(
                    id=rid,
                    name=_str(raw.get("name") or rid),
                    kind=kind,
                    successors=successors,
                    note_en=_str(note.get("en")) if isinstance(note, dict) else _str(note),
                    note_zh=_str(note.get("zh")) if isinstance(note, dict) else "",
                    aliases=tuple(_aliases(raw.get("aliases"), c, file, rid, "aliases")),
                    misnomer=misnomer,
                )
            )
    return out


def _onboarding(doc: Any, section: str, c: _Collector) -> dict[str, tuple[str, ...]]:
    file = ONBOARDING_FILE
    texts = doc.get(section) if isinstance(doc, dict) else None
    out: dict[str, tuple[str, ...]] = {}
    if not isinstance(texts, dict):
        c.add(file, "", section, f"expected {section}.en and {section}.zh lists")
        return out
    for lang in LANGS:
        out[lang] = tuple(_aliases(texts.get(lang), c, file, section, lang))
        if not out[lang]:
            c.add(file, section, lang, f"no {section} text in {lang}")
    return out


def build_knowledge(docs: dict[str, Any]) -> tuple[KnowledgeBase | None, list[Problem]]:
    """Parsed documents (file name -> data) -> (knowledge base or None, all problems)."""
    c = _Collector()
    groups, source = _groups(docs.get(GENERATED_FILE), c)
    known = [g.id for g in groups]
    topics, summaries = _topics(docs.get(TOPICS_FILE), known, c)
    categories = _categories(docs.get(CATEGORIES_FILE), known, c)
    retired = _retired(docs.get(RETIRED_FILE), known, c)
    onboarding = _onboarding(docs.get(ONBOARDING_FILE), "steps", c)
    welcome = _onboarding(docs.get(ONBOARDING_FILE), "welcome", c)
    category_of = {gid: cat.id for cat in categories for gid in cat.groups}
    final = tuple(
        _with_curation(g, category_of.get(g.id, ""), summaries.get(g.id, {})) for g in groups
    )
    if any(p.severity == "error" for p in c.problems):
        return None, c.problems
    kb = KnowledgeBase(
        groups=final,
        retired=tuple(retired),
        topics=tuple(topics),
        categories=tuple(categories),
        onboarding=onboarding,
        welcome=welcome,
        source=source,
    )
    return kb, c.problems


def _with_curation(group: Group, category: str, summary: dict[str, str]) -> Group:
    return replace(
        group,
        category=category,
        summary_en=summary.get("en", ""),
        summary_zh=summary.get("zh", ""),
    )
