"""The importer: the real snapshot, and every messy form upstream uses."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.knowledge.upstream import import_sigs, to_owners_location
from bot.schedule import ScheduleError, parse_frequency, to_24h_time, to_iana_zone, to_weekday
from tests.conftest import KNOWLEDGE, UPSTREAM_SNAPSHOT

SIGS_YAML = UPSTREAM_SNAPSHOT / "sigs.yaml"


@pytest.fixture(scope="module")
def upstream() -> dict:
    return yaml.safe_load(SIGS_YAML.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def imported(upstream: dict) -> tuple[dict, list]:
    return import_sigs(upstream, {"file": "sigs.yaml"})


def test_every_group_of_the_snapshot_is_imported_with_its_kind(imported: tuple[dict, list]) -> None:
    kinds = [g["kind"] for g in imported[0]["groups"]]
    assert (kinds.count("sig"), kinds.count("wg"), kinds.count("committee")) == (24, 8, 3)


def test_every_upstream_subproject_and_meeting_is_kept(
    upstream: dict, imported: tuple[dict, list]
) -> None:
    sections = ("sigs", "workinggroups", "committees", "usergroups")
    raw_groups = [g for s in sections for g in upstream.get(s) or []]
    want_subprojects = sum(len(g.get("subprojects") or []) for g in raw_groups)
    want_meetings = sum(
        len(g.get("meetings") or [])
        + sum(len(s.get("meetings") or []) for s in g.get("subprojects") or [])
        for g in raw_groups
    )
    groups = imported[0]["groups"]
    got_subprojects = sum(len(g["subprojects"]) for g in groups)
    got_meetings = sum(
        len(g["meetings"]) + sum(len(s.get("meetings", [])) for s in g["subprojects"])
        for g in groups
    )
    assert (got_subprojects, got_meetings) == (want_subprojects, want_meetings) == (236, 102)


def test_every_imported_meeting_has_an_iana_zone_and_24_hour_time(
    imported: tuple[dict, list],
) -> None:
    for g in imported[0]["groups"]:
        for m in g["meetings"]:
            assert "/" in m["tz"] or m["tz"] == "UTC", (g["id"], m)
            assert len(m["time"]) == 5 and m["time"][2] == ":", (g["id"], m)


def test_leads_carry_name_and_github_but_never_email(imported: tuple[dict, list]) -> None:
    text = yaml.safe_dump(imported[0])
    assert "@redhat.com" not in text and "email" not in text
    network = next(g for g in imported[0]["groups"] if g["id"] == "sig-network")
    assert {"name": "Tim Hockin", "github": "thockin"} in network["tech_leads"]


def test_owners_urls_become_repository_paths(imported: tuple[dict, list]) -> None:
    node = next(g for g in imported[0]["groups"] if g["id"] == "sig-node")
    kubelet = next(s for s in node["subprojects"] if s["name"] == "kubelet")
    assert "kubernetes/kubernetes/pkg/kubelet" in kubelet["owners"]


@pytest.mark.parametrize(
    ("url", "location"),
    [
        (
            "https://raw.githubusercontent.com/kubernetes/kubernetes/master/pkg/kubelet/OWNERS",
            "kubernetes/kubernetes/pkg/kubelet",
        ),
        (
            "https://raw.githubusercontent.com/kubernetes-sigs/kind/main/OWNERS",
            "kubernetes-sigs/kind",
        ),
        (
            "https://raw.githubusercontent.com/kubernetes-sigs/kube-api-linter/refs/heads/main/OWNERS",
            "kubernetes-sigs/kube-api-linter",
        ),
        (
            "https://github.com/oracle/cluster-api-provider-oci/blob/main/OWNERS",
            "oracle/cluster-api-provider-oci",
        ),
        ("https://example.com/OWNERS", None),
    ],
)
def test_owners_location_forms(url: str, location: str | None) -> None:
    assert to_owners_location(url) == location


@pytest.mark.parametrize(
    ("raw", "zone"),
    [
        ("PT (Pacific Time)", "America/Los_Angeles"),
        ("CET (Central European Time)", "Europe/Berlin"),
        ("Poland", "Europe/Warsaw"),
        ("IST", "Asia/Kolkata"),
        ("UTC", "UTC"),
        ("ET (Eastern Time)", "America/New_York"),
        ("Eastern Time (ET)", "America/New_York"),
        ("EST (Eastern Time)", "America/New_York"),
        ("Europe/Madrid", "Europe/Madrid"),
    ],
)
def test_upstream_time_zones_become_iana_names(raw: str, zone: str) -> None:
    assert to_iana_zone(raw) == zone


def test_an_unknown_time_zone_is_an_error_naming_the_value() -> None:
    with pytest.raises(ScheduleError, match="Mars Time"):
        to_iana_zone("Mars Time")


@pytest.mark.parametrize(
    ("raw", "hhmm"),
    [
        ("9:00", "09:00"),
        ("09:00", "09:00"),
        ("4PM", "16:00"),
        ("2PM", "14:00"),
        ("12:15", "12:15"),
        ("12AM", "00:00"),
        ("8:30 am", "08:30"),
    ],
)
def test_upstream_times_become_24_hour(raw: str, hhmm: str) -> None:
    assert to_24h_time(raw) == hhmm


@pytest.mark.parametrize("raw", ["noonish", "25:00", "13PM"])
def test_unreadable_times_are_errors(raw: str) -> None:
    with pytest.raises(ScheduleError):
        to_24h_time(raw)


@pytest.mark.parametrize(
    ("raw", "weekday"),
    [
        ("Tuesday", "Tuesday"),
        ("Thursdays (starting February 15th 2024)", "Thursday"),
        ("third Wednesday", "Wednesday"),
    ],
)
def test_weekday_is_found_in_upstream_day_text(raw: str, weekday: str) -> None:
    assert to_weekday(raw) == weekday


@pytest.mark.parametrize(
    ("raw", "day", "kind", "interval", "anchor", "nth"),
    [
        ("weekly", "Monday", "weekly", 1, None, None),
        ("biweekly", "Monday", "every_n_weeks", 2, None, None),
        ("bi-weekly", "Monday", "every_n_weeks", 2, None, None),
        (
            "Biweekly, interleaved with the Regular SIG Meeting",
            "Monday",
            "every_n_weeks",
            2,
            None,
            None,
        ),
        (
            "biweekly starting Tuesday Oct 28, 2025",
            "Tuesday",
            "every_n_weeks",
            2,
            date(2025, 10, 28),
            None,
        ),
        (
            "biweekly 2019 start date: Jan. 11th",
            "Friday",
            "every_n_weeks",
            2,
            date(2019, 1, 11),
            None,
        ),
        ("every four weeks", "Wednesday", "every_n_weeks", 4, None, None),
        ("first Tuesday of the month", "Tuesday", "monthly", None, None, 1),
        ("monthly - third Tuesday", "Tuesday", "monthly", None, None, 3),
        ("monthly - last Wednesday every month", "Wednesday", "monthly", None, None, -1),
        ("Monthly on 4th Thursday", "Thursday", "monthly", None, None, 4),
        ("monthly 2020 start date: Jan. 7th", "Tuesday", "monthly", None, date(2020, 1, 7), 1),
        ("monthly", "third Wednesday", "monthly", None, None, 3),
        ("weekly", "Tuesday (starting September 10th 2024)", "weekly", 1, date(2024, 9, 10), None),
        ("whenever the moon is full", "Monday", "unknown", None, None, None),
    ],
)
def test_frequencies_are_structured(
    raw: str, day: str, kind: str, interval: int | None, anchor: date | None, nth: int | None
) -> None:
    f = parse_frequency(raw, day)
    assert (f.kind, f.interval_weeks, f.anchor, f.week_of_month) == (kind, interval, anchor, nth)
    assert f.text == " ".join(raw.split())  # upstream's words are always kept


def test_a_meeting_that_cannot_be_normalised_is_kept_and_reported_by_group_and_meeting() -> None:
    upstream = {
        "sigs": [
            {
                "dir": "sig-x",
                "name": "X",
                "contact": {"slack": "sig-x"},
                "meetings": [
                    {
                        "description": "Odd one",
                        "day": "Someday",
                        "time": "noonish",
                        "tz": "Mars Time",
                        "frequency": "when the moon is full",
                    }
                ],
            }
        ]
    }
    doc, notes = import_sigs(upstream, {})
    meeting = doc["groups"][0]["meetings"][0]
    assert meeting["tz_text"] == "Mars Time" and meeting["time_text"] == "noonish"
    text = "\n".join(str(n) for n in notes)
    assert "sig-x: meetings[0] (Odd one)" in text
    for field in ("weekday", "time", "tz", "frequency"):
        assert f"{field}" in text


def test_import_is_deterministic_and_matches_the_committed_knowledge(tmp_path: Path) -> None:
    for out in ("a", "b"):
        assert main(["import-upstream", str(SIGS_YAML), "--out", str(tmp_path / out)]) == 0
    first = (tmp_path / "a" / "upstream.yaml").read_bytes()
    assert first == (tmp_path / "b" / "upstream.yaml").read_bytes()
    assert first == (KNOWLEDGE / "upstream.yaml").read_bytes(), "re-run sigbot import-upstream"


def test_import_header_says_where_the_data_came_from() -> None:
    head = (KNOWLEDGE / "upstream.yaml").read_text(encoding="utf-8").splitlines()[:8]
    assert any("24e7d8f5409c1a0121394a613746e524f781e044" in line for line in head)
    assert any("2026-08-21" in line for line in head)
    assert any("sha256" in line for line in head)


def test_reimporting_never_touches_the_curated_files(tmp_path: Path) -> None:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    (target / "topics.yaml").write_text(
        "# my edits\n" + (KNOWLEDGE / "topics.yaml").read_text(encoding="utf-8"), encoding="utf-8"
    )
    before = {p.name: p.read_bytes() for p in target.iterdir() if p.name != "upstream.yaml"}
    assert main(["import-upstream", str(SIGS_YAML), "--out", str(target)]) == 0
    after = {p.name: p.read_bytes() for p in target.iterdir() if p.name != "upstream.yaml"}
    assert before == after


def test_a_file_that_is_not_sigs_yaml_is_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bogus = tmp_path / "sigs.yaml"
    bogus.write_text("hello: world\n")
    assert main(["import-upstream", str(bogus), "--out", str(tmp_path / "k")]) == 1
    assert "not a sigs.yaml" in capsys.readouterr().err
