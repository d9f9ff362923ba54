"""The committed knowledge base itself: complete, curated, valid, fast enough to load."""

from __future__ import annotations

import json

import pytest

from bot.cli import main
from bot.knowledge.loader import check_knowledge
from bot.model import KnowledgeBase
from tests.conftest import KNOWLEDGE, UPSTREAM_SNAPSHOT


def test_committed_knowledge_validates_without_errors_or_warnings() -> None:
    kb, problems = check_knowledge(KNOWLEDGE)
    assert kb is not None
    assert [str(p) for p in problems] == []


def test_all_groups_of_the_snapshot_are_present(kb: KnowledgeBase) -> None:
    counts = {k: sum(1 for g in kb.groups if g.kind == k) for k in ("sig", "wg", "committee")}
    assert counts == {"sig": 24, "wg": 8, "committee": 3}


def test_every_active_group_has_topics_in_both_languages_and_one_category(
    kb: KnowledgeBase,
) -> None:
    for g in kb.groups:
        langs = {t.lang for t in kb.topics if g.id in t.groups}
        assert langs == {"en", "zh"}, g.id
        assert sum(g.id in c.groups for c in kb.categories) == 1, g.id
        assert g.summary_en and g.summary_zh, g.id


def test_every_active_group_has_a_way_to_join(kb: KnowledgeBase) -> None:
    assert all(g.has_way_to_join for g in kb.groups)


def test_ids_are_unique_across_active_and_retired_groups(kb: KnowledgeBase) -> None:
    ids = [g.id for g in kb.groups] + [r.id for r in kb.retired]
    assert len(ids) == len(set(ids))


def test_every_archived_upstream_group_is_known_as_retired(kb: KnowledgeBase) -> None:
    archived = {p.stem for p in (UPSTREAM_SNAPSHOT / "archive").glob("*.md")}
    assert archived <= {r.id for r in kb.retired if not r.misnomer}


@pytest.mark.parametrize(
    ("name", "real"), [("sig-batch", "wg-batch"), ("sig-cluster-api", "sig-cluster-lifecycle")]
)
def test_names_people_get_wrong_point_at_the_real_group(
    kb: KnowledgeBase, name: str, real: str
) -> None:
    misnomer = kb.retired_group(name)
    assert misnomer is not None and misnomer.misnomer and misnomer.successors == (real,)


def test_structured_logging_work_went_to_sig_instrumentation(kb: KnowledgeBase) -> None:
    retired = kb.retired_group("wg-structured-logging")
    assert retired is not None and retired.successors == ("sig-instrumentation",)


def test_list_shows_every_group_with_retired_ones_marked(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["list", "--json"]) == 0
    rows = json.loads(capsys.readouterr().out)
    active = [r for r in rows if not r["retired"]]
    assert len(active) == 35
    assert {
        "id": "sig-network",
        "kind": "sig",
        "name": "SIG Network",
        "category": "networking-storage",
        "channel": "#sig-network",
        "retired": False,
    } in rows
    assert any(r["id"] == "wg-serving" and r["retired"] for r in rows)


@pytest.mark.parametrize("name", ["sig-node", "SIG Node", "node", "#sig-node", "sig/node"])
def test_show_accepts_any_name_of_a_group(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", name, "--json"]) == 0
    record = json.loads(capsys.readouterr().out)
    assert record["id"] == "sig-node"
    assert any(s["name"] == "kubelet" for s in record["subprojects"])


def test_show_of_an_unknown_group_fails_helpfully(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "sig-nope"]) == 1
    assert "no group called 'sig-nope'" in capsys.readouterr().err


def test_show_prints_every_meeting_and_subproject(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["show", "sig-network"]) == 0
    out = capsys.readouterr().out
    assert "SIG Network Multi-Network Meeting" in out and "gateway-api" in out
