"""`sigbot validate`: every kind of problem, each naming file, entry and field; all at once."""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

import pytest

from bot.cli import main
from bot.knowledge.loader import check_knowledge
from tests.conftest import MINI_KNOWLEDGE, tiny_docs, write_knowledge


def problems_for(tmp_path: Path, docs: dict[str, Any]) -> list[str]:
    _, problems = check_knowledge(write_knowledge(tmp_path / "k", docs))
    return [str(p) for p in problems if p.severity == "error"]


def test_the_tiny_knowledge_base_is_clean(tiny_knowledge: Path) -> None:
    kb, problems = check_knowledge(tiny_knowledge)
    assert kb is not None and problems == []


def test_the_frozen_mini_knowledge_base_is_clean() -> None:
    """tests/fixtures/knowledge-mini, which the tests of the engine's mechanics answer from,
    stays valid and warning-free as it is edited by hand (its README says how)."""
    kb, problems = check_knowledge(MINI_KNOWLEDGE)
    assert kb is not None and [str(p) for p in problems] == []
    assert len(kb.groups) == 13 and len(kb.features) == 13


def test_unknown_group_id_in_topics_names_file_entry_and_suggests(tmp_path: Path) -> None:
    docs = tiny_docs()
    docs["topics.yaml"]["shared"] = [
        {"groups": ["sig-network", "sig-storge"], "en": ["volume networking"]}
    ]
    [problem] = problems_for(tmp_path, docs)
    assert problem.startswith("topics.yaml: shared[0]: groups:")
    assert "unknown group id 'sig-storge'" in problem and "did you mean sig-storage?" in problem


def test_unknown_group_key_in_topics_is_reported(tmp_path: Path) -> None:
    docs = tiny_docs()
    docs["topics.yaml"]["groups"]["sig-netwrk"] = {"en": ["x"], "zh": ["y"]}
    [problem] = problems_for(tmp_path, docs)
    assert problem.startswith("topics.yaml: sig-netwrk") and "did you mean sig-network?" in problem


def test_duplicate_group_ids_are_reported(tmp_path: Path) -> None:
    docs = tiny_docs()
    docs["upstream.yaml"]["groups"].append(copy.deepcopy(docs["upstream.yaml"]["groups"][0]))
    [problem] = problems_for(tmp_path, docs)
    assert problem == "upstream.yaml: sig-network: id: duplicate group id 'sig-network'"


def test_an_alias_claimed_by_two_groups_must_be_marked_shared(tmp_path: Path) -> None:
    docs = tiny_docs()
    docs["topics.yaml"]["groups"]["sig-storage"]["en"].append("Network Policy")
    [problem] = problems_for(tmp_path, docs)
    assert problem.startswith("topics.yaml: sig-storage: en:")
    assert "'Network Policy' is also claimed by sig-network" in problem and "shared" in problem


def test_a_shared_alias_claimed_by_both_groups_is_fine(tmp_path: Path) -> None:
    docs = tiny_docs()
    docs["topics.yaml"]["shared"] = [
        {"groups": ["sig-network", "sig-storage"], "en": ["network storage"]}
    ]
    assert problems_for(tmp_path, docs) == []


def test_a_group_with_no_way_to_join_is_reported(tmp_path: Path) -> None:
    docs = tiny_docs()
    docs["upstream.yaml"]["groups"][1]["slack"] = ""
    [problem] = problems_for(tmp_path, docs)
    assert problem.startswith("upstream.yaml: sig-storage: slack: no way to join")


def test_a_malformed_time_zone_is_reported_with_its_meeting(tmp_path: Path) -> None:
    docs = tiny_docs()
    docs["upstream.yaml"]["groups"][0]["meetings"][0]["tz"] = "Pacific/Atlantis"
    [problem] = problems_for(tmp_path, docs)
    assert problem.startswith("upstream.yaml: sig-network: meetings[0].tz: malformed time zone")
    assert "Pacific/Atlantis" in problem


def test_yaml_syntax_errors_name_the_file_and_line(tmp_path: Path) -> None:
    docs = tiny_docs()
    docs["categories.yaml"] = "categories:\n  - id: infra\n    groups: [sig-network\n"
    [problem] = problems_for(tmp_path, docs)
    assert problem.startswith("categories.yaml: line ") and "YAML syntax error" in problem


def test_all_problems_are_reported_at_once(tmp_path: Path) -> None:
    docs = tiny_docs()
    docs["upstream.yaml"]["groups"][1]["slack"] = ""
    docs["upstream.yaml"]["groups"][0]["meetings"][0]["tz"] = "Nowhere"
    docs["retired.yaml"]["retired"][0]["successors"] = ["sig-netwrok"]
    assert len(problems_for(tmp_path, docs)) == 3


def test_missing_curation_is_a_warning_not_an_error(tmp_path: Path) -> None:
    docs = tiny_docs()
    del docs["topics.yaml"]["groups"]["sig-storage"]["zh"]
    kb, problems = check_knowledge(write_knowledge(tmp_path / "k", docs))
    assert kb is not None
    assert [str(p) for p in problems] == [
        "topics.yaml: sig-storage: zh: warning: no topic aliases in zh"
    ]


@pytest.mark.parametrize(
    ("mutate", "code"),
    [
        (lambda d: None, 0),
        (lambda d: d["upstream.yaml"]["groups"].append({"id": "sig-network"}), 1),
    ],
)
def test_validate_exit_codes(tmp_path: Path, mutate: Any, code: int) -> None:
    docs = tiny_docs()
    mutate(docs)
    directory = write_knowledge(tmp_path / "k", docs)
    assert main(["validate", str(directory)]) == code


def test_validate_usage_error_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--no-such-flag"]) == 2


def test_validate_reports_a_missing_directory(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["validate", str(tmp_path / "nope")]) == 1
    assert "does not exist" in capsys.readouterr().out


@pytest.mark.parametrize("field", ["stopwords", "zh_filler", "path_roots"])
def test_the_word_lists_of_language_yaml_are_required_and_checked(
    tmp_path: Path, field: str
) -> None:
    docs = tiny_docs()
    docs["language.yaml"] = {k: v for k, v in docs["language.yaml"].items() if k != field}
    kb, problems = check_knowledge(write_knowledge(tmp_path / "k", docs))
    assert kb is None
    assert any(p.file == "language.yaml" and p.field == field for p in problems)


def test_general_computing_words_are_optional_but_checked(tmp_path: Path) -> None:
    docs = tiny_docs()
    kb, _ = check_knowledge(write_knowledge(tmp_path / "a", docs))
    assert kb is not None and kb.vocabulary.general_computing == frozenset()
    docs["language.yaml"]["general_computing"] = "yaml Python"
    kb, _ = check_knowledge(write_knowledge(tmp_path / "b", docs))
    assert kb is not None and kb.vocabulary.general_computing == {"yaml", "python"}
    docs["language.yaml"]["general_computing"] = 5
    kb, problems = check_knowledge(write_knowledge(tmp_path / "c", docs))
    assert kb is None
    assert any(p.field == "general_computing" for p in problems)


def test_everyday_names_are_optional_and_each_maps_one_word_to_words(tmp_path: Path) -> None:
    docs = tiny_docs()
    kb, _ = check_knowledge(write_knowledge(tmp_path / "a", docs))
    assert kb is not None and kb.vocabulary.everyday_names == ()
    docs["language.yaml"]["everyday_names"] = {"Node": "machine Host"}
    kb, _ = check_knowledge(write_knowledge(tmp_path / "b", docs))
    assert kb is not None and kb.vocabulary.everyday_names == (("node", ("machine", "host")),)
    docs["language.yaml"]["everyday_names"] = {"control plane": "masters", "pod": ""}
    problems = problems_for(tmp_path, docs)
    assert any(p.startswith("language.yaml: everyday_names.control plane:") for p in problems)
    assert any(p.startswith("language.yaml: everyday_names.pod:") for p in problems)
    docs["language.yaml"]["everyday_names"] = ["node", "machine"]
    assert any(p.startswith("language.yaml: everyday_names:") for p in problems_for(tmp_path, docs))


def test_what_private_reports_are_about_and_the_private_asks_are_checked(tmp_path: Path) -> None:
    docs = tiny_docs()
    docs["topics.yaml"]["groups"]["sig-network"]["private_reports"] = {
        "url": "https://example.org/report",
        "about": "hardware",
    }
    docs["language.yaml"]["private_asks"] = ["privately"]
    problems = problems_for(tmp_path, docs)
    assert "topics.yaml: sig-network: private_reports.about: expected one of software, people" in (
        problems
    )
    assert any(p.startswith("language.yaml: private_asks:") for p in problems)


def test_a_groups_conditions_must_be_its_own_topics_and_elsewhere_is_a_phrase_list(
    tmp_path: Path,
) -> None:
    docs = tiny_docs()
    docs["topics.yaml"]["groups"]["sig-network"]["conditions"] = ["flaky"]
    docs["language.yaml"]["elsewhere"] = ["task scheduler"]
    docs["language.yaml"]["community"] = "reviewer kubecon"
    problems = problems_for(tmp_path, docs)
    assert (
        "topics.yaml: sig-network: conditions: 'flaky' is not one of the group's own topics"
        in problems
    )
    assert any(p.startswith("language.yaml: elsewhere:") for p in problems)
    assert any(p.startswith("language.yaml: community:") for p in problems)


def test_title_tags_are_plain_tags(tmp_path: Path) -> None:
    docs = tiny_docs()
    docs["topics.yaml"]["groups"]["sig-network"]["title_tags"] = ["zh cn"]
    problem = "expected tags such as zh-cn (letters, digits, - and _)"
    assert f"topics.yaml: sig-network: title_tags: {problem}" in problems_for(tmp_path, docs)


def test_pairs_need_two_lists_of_words_per_language(tmp_path: Path) -> None:
    docs = tiny_docs()
    docs["topics.yaml"]["groups"]["sig-network"]["pairs"] = [{"en": [["policy"]]}, "retire"]
    problems = problems_for(tmp_path, docs)
    assert "topics.yaml: sig-network.pairs[0]: en: expected two non-empty lists of words" in (
        problems
    )
    assert any(p.startswith("topics.yaml: sig-network.pairs[1]:") for p in problems)


def test_a_pair_is_found_in_either_order_and_only_close_together(tmp_path: Path) -> None:
    """Mechanics on a tiny knowledge base: the curator's two lists, a few words apart."""
    from bot.answers import ask
    from bot.matching import build_index

    docs = tiny_docs()
    docs["topics.yaml"]["groups"]["sig-storage"]["pairs"] = [
        {"en": [["disk", "disks"], ["full", "filling up"]], "zh": [["磁盘"], ["满了"]]}
    ]
    kb, _ = check_knowledge(write_knowledge(tmp_path / "k", docs))
    assert kb is not None
    index = build_index(kb)
    for said in ("my disk is full", "full disk again", "the disks keep filling up", "磁盘又满了"):
        a = ask(said, kb, index)
        assert a.matches and a.matches[0].id == "sig-storage", said
        assert a.matches[0].via_kind == "pair"
    far = ask("the disk holds logs, images, caches and more, and it is full", kb, index)
    assert not far.matches or far.matches[0].via_kind != "pair"


def test_a_pair_marked_anywhere_is_found_at_any_distance_and_anywhere_must_be_a_boolean(
    tmp_path: Path,
) -> None:
    from bot.answers import ask
    from bot.matching import build_index

    docs = tiny_docs()
    docs["topics.yaml"]["groups"]["sig-storage"]["pairs"] = [
        {"anywhere": True, "en": [["disk"], ["overflowing"]], "zh": [["磁盘"], ["爆满"]]}
    ]
    kb, _ = check_knowledge(write_knowledge(tmp_path / "k", docs))
    assert kb is not None
    index = build_index(kb)
    for said in (
        "the disk holds logs, images, caches and much more, and now it is overflowing",
        "磁盘里放了日志、镜像、缓存和别的很多东西，现在已经爆满",
    ):
        a = ask(said, kb, index)
        assert a.matches and a.matches[0].via_kind == "pair", said

    docs["topics.yaml"]["groups"]["sig-storage"]["pairs"] = [
        {"anywhere": "yes", "en": [["disk"], ["overflowing"]]}
    ]
    problems = problems_for(tmp_path / "bad", docs)
    assert "topics.yaml: sig-storage.pairs[0]: anywhere: expected true or false" in problems


def _taking_private_reports(docs: dict[str, Any], pair: dict[str, Any]) -> dict[str, Any]:
    """The fixture's SIG Network as a group that takes private reports about software, with one
    report pair."""
    docs["upstream.yaml"]["groups"][0]["private_mailing_list"] = "private@example.org"
    docs["topics.yaml"]["groups"]["sig-network"]["private_reports"] = {
        "url": "https://example.org/report",
        "about": "software",
        "en": ["vulnerability"],
    }
    docs["topics.yaml"]["groups"]["sig-network"]["pairs"] = [pair]
    return docs


def test_a_report_pair_makes_a_private_report_but_not_in_a_question_that_asks_how(
    tmp_path: Path,
) -> None:
    """`report: true`: the pair tells a flaw the way an engineer tells it (no report word, no
    "whom do I tell"); the same words in a how-to question are a question about the feature."""
    from bot.answers import ask
    from bot.matching import build_index

    docs = _taking_private_reports(
        tiny_docs(), {"report": True, "anywhere": True, "en": [["token"], ["got through"]]}
    )
    docs["language.yaml"]["how_to_asks"] = {"en": ["how do I"], "zh": ["怎么"]}
    kb, _ = check_knowledge(write_knowledge(tmp_path / "k", docs))
    assert kb is not None
    index = build_index(kb)
    told = ask("a request with a garbage token got through to the storage api", kb, index)
    assert told.private and told.matches[0].id == "sig-network"
    assert told.matches[0].via_kind == "pair_report"
    asked = ask("how do I check that no request without a token got through?", kb, index)
    assert not asked.private

    docs["topics.yaml"]["groups"]["sig-network"]["pairs"] = [
        {"report": "yes", "en": [["token"], ["got through"]]}
    ]
    problems = problems_for(tmp_path / "bad", docs)
    assert "topics.yaml: sig-network.pairs[0]: report: expected true or false" in problems


def test_a_told_pair_puts_the_private_report_first_only_in_a_story_that_asks_nothing(
    tmp_path: Path,
) -> None:
    """`told: true`: the pair's first list alone (a thing a flaw reaches), in a message told in
    sentences that asks nothing, suggests the private report first; a question keeps its owner.
    `told` without `report: true` is refused."""
    from bot.answers import ask
    from bot.matching import build_index

    docs = _taking_private_reports(
        tiny_docs(), {"report": True, "told": True, "en": [["token"], ["got through"]]}
    )
    kb, _ = check_knowledge(write_knowledge(tmp_path / "k", docs))
    assert kb is not None
    index = build_index(kb)
    story = "The storage api writes the caller's token into its debug log. We saw it there."
    told = ask(story, kb, index)
    assert told.private and told.confidence == "medium"
    assert [m.via_kind for m in told.matches[:1]] == ["told_flaw"]
    assert told.matches[1].id == "sig-storage"
    asked = ask("The storage api writes a token into its log. Who owns the storage api?", kb, index)
    assert not asked.private and asked.matches[0].id == "sig-storage"

    docs["topics.yaml"]["groups"]["sig-network"]["pairs"] = [
        {"told": True, "en": [["token"], ["got through"]]}
    ]
    problems = problems_for(tmp_path / "bad", docs)
    assert (
        "topics.yaml: sig-network.pairs[0]: told: expected true or false (with report: true)"
        in (problems)
    )


def test_private_asks_are_read_as_questions_are(tmp_path: Path) -> None:
    """A curator's phrase is compared with a question's words, whatever its case or plurals."""
    from bot.query import parse_query

    docs = tiny_docs()
    docs["language.yaml"]["private_asks"] = {"en": ["Without Making It Public"], "zh": ["私下"]}
    kb, _ = check_knowledge(write_knowledge(tmp_path / "k", docs))
    assert kb is not None
    assert parse_query("who do I tell, without making it public?", kb.vocabulary).private_ask
    assert parse_query("我想私下说", kb.vocabulary).private_ask == "私下"
    assert not parse_query("is the kubelet api public?", kb.vocabulary).private_ask


def test_the_word_lists_come_from_the_knowledge_not_the_code(tmp_path: Path) -> None:
    """A curator changes how questions are read by editing language.yaml."""
    from bot.query import parse_query

    docs = tiny_docs()
    kb, _ = check_knowledge(write_knowledge(tmp_path / "a", docs))
    assert kb is not None
    assert parse_query("where is src/proxy", kb.vocabulary).paths == ()
    docs["language.yaml"]["path_roots"] += " src"
    docs["language.yaml"]["stopwords"] += " proxy"
    kb, _ = check_knowledge(write_knowledge(tmp_path / "b", docs))
    assert kb is not None
    query = parse_query("where is src/proxy and the proxy", kb.vocabulary)
    assert query.paths == ("src/proxy",) and "proxy" not in query.content


def test_described_features_are_pairs_in_their_own_file_and_problems_name_it(
    tmp_path: Path,
) -> None:
    """knowledge/described.yaml: the pairs' format, each with `about`; its evidence kind is
    `described`, and a mistake in it is reported against that file, not topics.yaml."""
    from bot.answers import ask
    from bot.matching import build_index

    docs = tiny_docs()
    docs["described.yaml"] = {
        "groups": {
            "sig-storage": {
                "pairs": [
                    {
                        "about": "KEP-284 volume expansion",
                        "window": 6,
                        "en": [["bigger disk", "grow the disk"], ["while running", "online"]],
                    },
                    {"about": "a pair with one list", "en": [["disk"]]},
                ]
            }
        }
    }
    problems = problems_for(tmp_path, docs)
    assert problems == [
        "described.yaml: sig-storage.pairs[1]: en: expected two non-empty lists of words"
    ]
    docs["described.yaml"]["groups"]["sig-storage"]["pairs"][1] = {
        "about": "x" * 121,
        "en": [["disk"], ["full"]],
    }
    assert problems_for(tmp_path, docs) == [
        "described.yaml: sig-storage.pairs[1]: about: expected a short text (at most 120)"
    ]
    del docs["described.yaml"]["groups"]["sig-storage"]["pairs"][1]
    kb, problems = check_knowledge(write_knowledge(tmp_path / "ok", docs))
    assert kb is not None and not problems
    a = ask("can we grow the disk of the database online?", kb, build_index(kb))
    assert a.matches[0].id == "sig-storage" and a.matches[0].via_kind == "described"
