"""How sure the engine is, and how it says so; what makes a word evidence; features, KEPs and
yes/no questions. Over the small frozen knowledge base of tests/fixtures/knowledge-mini, so
refreshing knowledge/ never changes these answers (today's knowledge: tests/test_real_data_*.py).
No Slack."""

from __future__ import annotations

import json

import pytest

from bot.answers import ask
from bot.cli import main
from bot.evidence.terms import Terms
from bot.matching import Index, rank_groups
from bot.model import KnowledgeBase
from bot.query import parse_query, term_stem
from bot.render.terminal.text import render_text
from tests.conftest import MINI_KNOWLEDGE

MINI = ["--knowledge", str(MINI_KNOWLEDGE)]


def test_a_long_message_with_specific_evidence_is_answered(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    a = ask(
        "hi all, first time here, my readiness probes time out on busy nodes, "
        "which group should I talk to?",
        mini_kb,
        mini_index,
    )
    assert (a.status, a.matches[0].id) == ("answer", "sig-node")
    assert a.confidence in ("high", "medium")


def test_high_confidence_says_the_group_owns_it(mini_kb: KnowledgeBase, mini_index: Index) -> None:
    a = ask("network policy", mini_kb, mini_index)
    assert a.confidence == "high"
    assert render_text(a, mini_kb).splitlines()[0] == "SIG Network owns this."


def test_lower_confidence_says_probably_and_names_what_matched(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    a = ask("Node memory swap support", mini_kb, mini_index)
    assert a.status == "answer" and a.confidence in ("medium", "low")
    first = render_text(a, mini_kb).splitlines()[0]
    assert first.startswith(f"Probably {a.matches[0].name} (matched '")


def test_what_matched_does_not_repeat_a_word_already_named(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    a = ask(
        "our persistent volume is slow on busy nodes, which group should I talk to?",
        mini_kb,
        mini_index,
    )
    assert "persistent" in a.terms  # matched as a word too: said once, inside the topic
    first = render_text(a, mini_kb).splitlines()[0]
    assert first.startswith("Probably SIG Storage (matched 'persistent volumes', 'node')")
    assert "'persistent'" not in first


def test_lower_confidence_in_chinese_says_probably_too(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    a = ask("Node memory swap support", mini_kb, mini_index, lang="zh")
    first = render_text(a, mini_kb).splitlines()[0]
    assert first.startswith(f"可能是 {a.matches[0].name}（匹配：")


@pytest.mark.parametrize(
    "chatter",
    [
        "thanks everyone, that fixed it!",
        "testing my patience today",
        "storage unit prices near the station?",
        "how do I reverse a string in Python",
        "the office network is down again",
        "release party on friday, bring snacks",
        "谢谢大家，问题解决了",
        "perl regex help",
        "csharp async await deadlock",
        "what's the best way to learn Haskell monads?",
    ],
)
def test_messages_without_kubernetes_evidence_get_none(
    mini_kb: KnowledgeBase, mini_index: Index, chatter: str
) -> None:
    assert ask(chatter, mini_kb, mini_index).status == "none"


def test_an_unlisted_inflection_is_as_common_as_its_listed_form(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    assert "act" in mini_kb.everyday and "acting" not in mini_kb.everyday
    assert mini_index.specificity("acting") == mini_index.specificity("act") < 0.5
    assert mini_index.specificity("kubelets") == 1.0


def test_an_everyday_word_is_specific_once_the_message_is_about_kubernetes(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    def network(question: str) -> int:
        ranked = rank_groups(parse_query(question, mini_kb.vocabulary), mini_index, limit=6)
        return next(r.strong for r in ranked if r.group == "sig-network")

    assert network("containerd image pulls hang on the network") == 1
    assert network("my home network is slow") == 0
    assert ask("my home network is slow", mini_kb, mini_index).status == "none"


def test_a_curated_topic_outweighs_a_kep_title_saying_the_same(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    """KEP-2392 is titled "Cloud Controller Manager" and filed by SIG API Machinery; the
    cloud-controller-manager is SIG Cloud Provider's curated topic."""
    [kep] = [f for f in mini_kb.features if f.kep == 2392]
    assert (kep.title, kep.owning_group) == ("Cloud Controller Manager", "sig-api-machinery")
    a = ask("who owns the cloud controller manager?", mini_kb, mini_index)
    assert (a.status, a.matches[0].id) == ("answer", "sig-cloud-provider")


def test_a_message_that_says_kubernetes_gives_its_everyday_words_their_kubernetes_meaning(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    a = ask("network review process for Kubernetes subprojects", mini_kb, mini_index)
    assert (a.status, a.matches[0].id) == ("answer", "sig-network")
    assert ask("network review process for my home router", mini_kb, mini_index).status == "none"


def test_a_word_only_one_groups_records_use_is_evidence_by_itself(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    """'defrag' appears in SIG etcd's records and nowhere else: enough for a hedged answer."""
    a = ask("defrag keeps failing", mini_kb, mini_index)
    assert (a.status, a.matches[0].id) == ("answer", "sig-etcd")
    assert a.confidence == "low"


def test_a_word_one_group_mentions_in_passing_is_not(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    """'teardown' occurs in SIG Cluster Lifecycle's records only, but too rarely to mean it."""
    terms = mini_index.table("terms", Terms)
    assert [g for g, _ in terms.postings[term_stem("teardown")]] == ["sig-cluster-lifecycle"]
    question = "the stage teardown after the concert takes too long"
    assert ask(question, mini_kb, mini_index).status == "none"


def test_the_pieces_of_english_contractions_are_not_words(mini_kb: KnowledgeBase) -> None:
    """ "isn't" is split into "isn" and "t"; neither may count as a (rare, technical) word."""
    content = parse_query("the probe isn't ready and doesn't restart", mini_kb.vocabulary).content
    assert not {"isn", "doesn", "t"} & set(content)


@pytest.mark.parametrize(
    "question",
    ["the python client hangs on watch", "java client informer misses events", "yaml"],
)
def test_a_word_of_computing_at_large_names_our_thing_in_a_kubernetes_message(
    mini_kb: KnowledgeBase, mini_index: Index, question: str
) -> None:
    a = ask(question, mini_kb, mini_index)
    assert (a.status, a.matches[0].id) == ("answer", "sig-api-machinery")


def test_a_word_meets_the_records_in_any_inflection(mini_index: Index) -> None:
    """What etcd's records say about "defrag" is found by a question that says "defragged"."""
    [plain] = rank_groups(parse_query("defrag the database"), mini_index, limit=1)
    [inflected] = rank_groups(parse_query("defragged the database"), mini_index, limit=1)
    assert inflected.group == plain.group == "sig-etcd"
    assert plain.term_points > 0
    assert inflected.term_points == pytest.approx(plain.term_points)


def test_a_curated_everyday_word_with_support_is_answered_not_refused(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    """'job' is a common word, but curators list it for SIG Apps: with words that agree (its
    KEPs speak of failing jobs) and a clear lead it is evidence enough for a hedged answer,
    where a group's own name used as a plain word ('the office network is down') is not."""
    a = ask("a job is stuck and keeps failing", mini_kb, mini_index)
    assert (a.status, a.matches[0].id) == ("answer", "sig-apps")
    assert a.confidence != "high"
    assert ask("the office job is boring", mini_kb, mini_index).status == "none"


@pytest.mark.parametrize(
    "question",
    ["KEP-753", "kep 753", "who owns KEP #753?", "SidecarContainers", "the SidecarContainers gate"],
)
def test_a_kep_number_or_feature_gate_names_the_feature_and_its_owner(
    mini_kb: KnowledgeBase, mini_index: Index, question: str
) -> None:
    a = ask(question, mini_kb, mini_index)
    assert (a.status, a.matches[0].id) == ("answer", "sig-node")
    assert a.feature is not None and a.feature.kep == 753


def test_a_feature_is_found_by_its_title(mini_kb: KnowledgeBase, mini_index: Index) -> None:
    a = ask("who owns sidecar containers?", mini_kb, mini_index)
    assert a.feature is not None and a.feature.kep == 753


def test_the_json_feature_carries_what_the_kep_says(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "KEP-753", *MINI]) == 0
    feature = json.loads(capsys.readouterr().out)["feature"]
    assert feature["kep"] == 753 and feature["owning_group"] == "sig-node"
    assert feature["url"] == "https://kep.k8s.io/753"
    assert "SidecarContainers" in feature["feature_gates"]
    assert set(feature) >= {"title", "participating_groups", "status", "stage", "latest_milestone"}


def test_a_withdrawn_kep_says_so(mini_kb: KnowledgeBase, mini_index: Index) -> None:
    withdrawn = next(f for f in mini_kb.features if f.status == "withdrawn" and f.owning_group)
    a = ask(f"KEP-{withdrawn.kep}", mini_kb, mini_index)
    assert a.feature == withdrawn
    assert "withdrawn" in render_text(a, mini_kb)


def test_a_replaced_kep_names_what_replaced_it(mini_kb: KnowledgeBase, mini_index: Index) -> None:
    replaced = next(f for f in mini_kb.features if f.replaced_by and mini_kb.group(f.owning_group))
    text = render_text(ask(f"KEP-{replaced.kep}", mini_kb, mini_index), mini_kb)
    assert f"Replaced by KEP-{replaced.replaced_by[0]}" in text


def test_is_x_part_of_the_wrong_group_answers_no_with_the_real_owner(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    a = ask("is kubeadm part of sig cli?", mini_kb, mini_index)
    assert a.verify is not None and (a.verify.asked, a.verify.holds) == ("sig-cli", False)
    assert a.matches[0].id == "sig-cluster-lifecycle"
    assert render_text(a, mini_kb).startswith("No: kubeadm belongs to SIG Cluster Lifecycle")


@pytest.mark.parametrize(
    "question",
    [
        "kubeadm — is that sig cli?",
        "kubeadm: is this sig cli",
        "kubeadm, sig cli or someone else?",
        "kubeadm belongs to sig cli or not?",
    ],
)
def test_a_check_asked_after_its_subject_is_still_a_yes_no_question(
    question: str, mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    a = ask(question, mini_kb, mini_index)
    assert a.verify is not None and (a.verify.asked, a.verify.holds) == ("sig-cli", False)
    assert render_text(a, mini_kb).startswith("No: kubeadm belongs to SIG Cluster Lifecycle")


def test_does_the_right_group_own_x_answers_yes(mini_kb: KnowledgeBase, mini_index: Index) -> None:
    a = ask("does sig-network own ingress?", mini_kb, mini_index)
    assert a.verify is not None and (a.verify.asked, a.verify.holds) == ("sig-network", True)
    assert render_text(a, mini_kb).startswith("Yes: SIG Network owns")


def test_a_yes_no_question_in_the_json_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["ask", "--json", "is kubeadm part of sig cli?", *MINI]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["verify"] == {"asked": "sig-cli", "holds": False}
    assert data["matches"][0]["id"] == "sig-cluster-lifecycle"


def test_naming_a_group_alone_is_not_a_yes_no_question(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    a = ask("is sig node meeting this week?", mini_kb, mini_index)
    assert a.verify is None and a.matches[0].id == "sig-node"


def test_answers_are_the_same_in_every_process() -> None:
    """Python salts str hashes per process: nothing in the engine may depend on them (a span
    id from hash() and float sums over sets once made a KEP match come and go between runs).
    Over the bundled knowledge on purpose: its hundreds of KEPs give hash order the most
    chances to show, and runs are compared with each other, not with today's facts."""
    import subprocess
    import sys

    from tests.conftest import REPO

    questions = "\n".join(
        [
            "which group owns traffic distribution for Services (PreferSameZone / PreferSameNode)?",
            "谁负责 kubectl 和 网络策略",
            "wg serving",
            "kubelet scheduler",
            "pkg/kubelet and the cgroup driver",
        ]
    )
    outputs = set()
    for seed in ("1", "2", "3"):
        result = subprocess.run(
            [sys.executable, "-m", "bot.cli", "ask", "--json"],
            input=questions,
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=120,
            env={**__import__("os").environ, "PYTHONHASHSEED": seed},
        )
        assert result.returncode == 0, result.stderr
        outputs.add(result.stdout)
    assert len(outputs) == 1


def test_a_ci_failure_report_is_never_answered_with_certainty(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    """It belongs to the group whose test fails, which its words rarely name: even a report
    whose words all point at one group is hedged."""
    question = "[Failing Test] kubelet eviction tests time out in ci-kubernetes-node-e2e"
    answer = ask(question, mini_kb, mini_index)
    assert (answer.status, answer.matches[0].id) == ("answer", "sig-node")
    assert answer.confidence != "high"
    assert ask("kubelet eviction tests time out", mini_kb, mini_index).confidence == "high"


def test_one_topic_word_is_high_only_with_a_wide_lead() -> None:
    from bot.calibration import CALIBRATION
    from bot.matching import Evidence, Ranked

    lead = CALIBRATION.single_topic_lead

    one_word = Ranked(
        "sig-apps", 60.0, "alias", "rollout", points=1.2, strong=1,
        evidence=(Evidence("alias", "rollout", 1.0, True),),
    )  # fmt: skip
    assert not CALIBRATION.is_decisive(one_word, lead - 0.5, lead)
    assert CALIBRATION.is_decisive(one_word, lead + 0.5, lead)
    named = Ranked("sig-cli", 60.0, "name", "SIG CLI", points=1.0, strong=1)
    assert CALIBRATION.is_decisive(named, 1.1, lead)  # naming the group: decisive at any lead
