"""Import upstream kubernetes/community `sigs.yaml` into sigbot's generated knowledge. Pure.

`import_sigs` takes the parsed upstream document and returns the generated document (plain data,
ready to dump as YAML) plus a report of everything it could not normalise. The CLI does the file
reading and writing; nothing here touches disk, so the importer is tested with plain dicts.
"""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlparse

from bot.knowledge.generated import Note
from bot.knowledge.generated import header as generated_header
from bot.model import SECTION_KIND
from bot.schedule import ScheduleError, parse_frequency, to_24h_time, to_iana_zone, to_weekday

COMMUNITY_TREE = "https://github.com/kubernetes/community/tree/master"
GENERATED_FILE = "upstream.yaml"
FORMAT_VERSION = 1


class UpstreamError(ValueError):
    """The upstream file is not a sigs.yaml at all (wrong shape), so nothing can be imported."""


def to_owners_location(url: str) -> str | None:
    """'https://raw.githubusercontent.com/kubernetes/kubernetes/master/pkg/kubelet/OWNERS'
    -> 'kubernetes/kubernetes/pkg/kubelet'. None for URLs that name no GitHub OWNERS file."""
    parsed = urlparse(url.strip())
    parts = [p for p in parsed.path.split("/") if p]
    if parsed.netloc == "raw.githubusercontent.com":
        if len(parts) < 3:
            return None
        org, repo, rest = parts[0], parts[1], parts[2:]
        # skip the branch: "master", or "refs/heads/main"
        rest = rest[3:] if rest[:2] == ["refs", "heads"] else rest[1:]
    elif parsed.netloc in ("github.com", "www.github.com"):
        if len(parts) < 4 or parts[2] not in ("blob", "tree"):
            return None
        org, repo, rest = parts[0], parts[1], parts[4:]
    else:
        return None
    if rest and is_owners_file_name(rest[-1]):
        rest = rest[:-1]
    return "/".join([org, repo, *rest])


def is_owners_file_name(part: str) -> bool:
    """OWNERS, OWNERS_ALIASES, MAINTAINERS, CODEOWNERS, MAINTAINERS.md: a file that names owners,
    not a directory. Only OWNERS is what Prow reads; the others are reported on import."""
    return part.upper().startswith(("OWNERS", "MAINTAINERS", "CODEOWNERS")) or (
        "." in part and part.rsplit(".", 1)[1].lower() in ("md", "txt")
    )


def first_sentence(text: str, limit: int = 240) -> str:
    """Upstream missions run to paragraphs; a card has room for one sentence."""
    flat = " ".join(str(text or "").split())
    m = re.match(r"(.+?[.!?])(\s|$)", flat)
    sentence = m.group(1) if m else flat
    if len(sentence) > limit:
        sentence = sentence[: limit - 1].rsplit(" ", 1)[0] + "…"
    return sentence


def _people(entries: Any) -> list[dict[str, str]]:
    # Upstream lists e-mail addresses and companies; we carry only what a newcomer needs and
    # never e-mail addresses (they are personal data and invite unsolicited mail).
    people = []
    for p in entries or []:
        if isinstance(p, dict) and p.get("github"):
            people.append({"name": str(p.get("name") or p["github"]), "github": str(p["github"])})
    return people


def _meeting(raw: dict[str, Any], where: str, notes: list[Note]) -> dict[str, Any]:
    description = str(raw.get("description") or "Meeting")
    label = f"{where} ({description})"
    out: dict[str, Any] = {"description": description}
    day_text = str(raw.get("day") or "")
    for key, parse, value in (
        ("weekday", to_weekday, day_text),
        ("time", to_24h_time, str(raw.get("time") or "")),
        ("tz", to_iana_zone, str(raw.get("tz") or "")),
    ):
        try:
            out[key] = parse(value)
        except ScheduleError as e:
            out[key] = ""
            out[f"{key}_text"] = value
            notes.append(Note(label, f"{key}: {e}; kept upstream's text"))
    freq = parse_frequency(str(raw.get("frequency") or ""), day_text)
    frequency: dict[str, Any] = {"kind": freq.kind, "text": freq.text}
    if freq.interval_weeks:
        frequency["interval_weeks"] = freq.interval_weeks
    if freq.anchor:
        frequency["anchor"] = freq.anchor.isoformat()
    if freq.week_of_month:
        frequency["week_of_month"] = freq.week_of_month
    out["frequency"] = frequency
    if freq.kind == "unknown" or (freq.kind == "monthly" and not freq.week_of_month):
        notes.append(Note(label, f"frequency {freq.text!r} kept as text (no date can be computed)"))
    for key in ("url", "archive_url", "recordings_url", "calendar_url"):
        if raw.get(key):
            out[key] = str(raw[key])
    return out


def _meetings(raws: Any, where: str, notes: list[Note]) -> list[dict[str, Any]]:
    return [
        _meeting(m, f"{where}: meetings[{i}]", notes)
        for i, m in enumerate(raws or [])
        if isinstance(m, dict)
    ]


def _subproject(raw: dict[str, Any], where: str, notes: list[Note]) -> dict[str, Any]:
    name = str(raw.get("name") or "")
    out: dict[str, Any] = {"name": name}
    if raw.get("description"):
        out["description"] = first_sentence(raw["description"])
    owners = []
    for url in raw.get("owners") or []:
        loc = to_owners_location(str(url))
        if loc is None:
            notes.append(Note(f"{where}: subproject {name}", f"owners URL {url!r} skipped"))
            continue
        file_name = str(url).rstrip("/").rsplit("/", 1)[-1]
        if is_owners_file_name(file_name) and not file_name.upper().startswith("OWNERS"):
            notes.append(
                Note(
                    f"{where}: subproject {name}",
                    f"owners URL names {file_name}, not an OWNERS file; kept its folder {loc}",
                )
            )
        if loc not in owners:
            owners.append(loc)
    out["owners"] = owners
    if raw.get("leads"):
        out["leads"] = _people(raw["leads"])
    contact = raw.get("contact") or {}
    if contact.get("slack"):
        out["slack"] = str(contact["slack"]).lstrip("#")
    if contact.get("mailing_list"):
        out["mailing_list"] = str(contact["mailing_list"])
    meetings = _meetings(raw.get("meetings"), f"{where}: subproject {name}", notes)
    if meetings:
        out["meetings"] = meetings
    return out


def _group(raw: dict[str, Any], kind: str, notes: list[Note]) -> dict[str, Any]:
    gid = str(raw["dir"])
    lead = raw.get("leadership") or {}
    contact = raw.get("contact") or {}
    out: dict[str, Any] = {
        "id": gid,
        "kind": kind,
        "name": str(raw.get("name") or gid),
        "mission": first_sentence(raw.get("mission_statement") or ""),
        "label": str(raw.get("label") or ""),
        "slack": str(contact.get("slack") or "").lstrip("#"),
        "mailing_list": str(contact.get("mailing_list") or ""),
        "private_mailing_list": str(contact.get("private_mailing_list") or ""),
        "url": f"{COMMUNITY_TREE}/{gid}",
        "chairs": _people(lead.get("chairs")),
        "tech_leads": _people(lead.get("tech_leads")),
        "meetings": _meetings(raw.get("meetings"), gid, notes),
        "subprojects": [
            _subproject(s, gid, notes) for s in raw.get("subprojects") or [] if isinstance(s, dict)
        ],
    }
    if raw.get("stakeholder_sigs"):
        out["stakeholder_sigs"] = [str(s) for s in raw["stakeholder_sigs"]]
    return out


def import_sigs(upstream: Any, source: dict[str, str]) -> tuple[dict[str, Any], list[Note]]:
    """Upstream sigs.yaml (parsed) -> (generated document, notes). Deterministic: same input,
    same output, in upstream's order."""
    if not isinstance(upstream, dict) or not any(k in upstream for k in SECTION_KIND):
        raise UpstreamError("not a sigs.yaml: expected top-level keys sigs, workinggroups, ...")
    notes: list[Note] = []
    groups = []
    for section, kind in SECTION_KIND.items():
        entries = upstream.get(section) or []
        if not isinstance(entries, list):
            raise UpstreamError(f"{section}: expected a list of groups")
        for i, raw in enumerate(entries):
            if not isinstance(raw, dict) or not raw.get("dir"):
                raise UpstreamError(f"{section}[{i}]: a group without 'dir'")
            groups.append(_group(raw, kind, notes))
    doc = {"format": FORMAT_VERSION, "source": dict(sorted(source.items())), "groups": groups}
    return doc, notes


def header(source: dict[str, str]) -> str:
    return generated_header(
        "import-upstream",
        "kubernetes/community sigs.yaml",
        source,
        ("Curated knowledge (topics, categories, retired groups, onboarding) lives beside it.",),
    )
