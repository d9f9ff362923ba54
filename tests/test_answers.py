"""How the answer engine reads a question and ranks the groups, through its public entry point:
text in, Answer out. Over the small frozen knowledge base of tests/fixtures/knowledge-mini, so
refreshing knowledge/ never changes these answers (what today's knowledge says is checked in
tests/test_real_data_*.py). No Slack here."""

from __future__ import annotations

import pytest

from bot.answers import ask
from bot.matching import Index
from bot.model import KnowledgeBase
from bot.query import parse_query, strip_slack_markup
from bot.render.json_out import via_text


def top(kb: KnowledgeBase, index: Index, text: str) -> tuple[str, str | None]:
    a = ask(text, kb, index)
    return a.status, (a.matches[0].id if a.matches else None)


@pytest.mark.parametrize(
    ("question", "owner"),
    [
        ("network policy", "sig-network"),  # a topic
        ("who owns the scheduler framework?", "sig-scheduling"),  # ... inside a question
        ("I want to help with kubectl plugins, how do I join?", "sig-cli"),
        ("sig-node", "sig-node"),  # the group's id, name, channel and label
        ("SIG Node", "sig-node"),
        ("#sig-node", "sig-node"),
        ("sig/node", "sig-node"),
        ("wg batch", "wg-batch"),
        ("kustomize", "sig-cli"),  # a subproject
        ("cluster-api", "sig-cluster-lifecycle"),
        ("pkg/kubelet", "sig-node"),  # a path, in every form people paste it
        ("kubernetes/kubernetes/pkg/scheduler", "sig-scheduling"),
        ("staging/src/k8s.io/client-go", "sig-api-machinery"),
        ("kubernetes-sigs/kustomize", "sig-cli"),
        ("https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kubelet.go", "sig-node"),
        ("who leads sig cli?", "sig-cli"),
        ("when does sig network meet?", "sig-network"),
    ],
)
def test_a_topic_name_subproject_or_path_finds_its_owner(
    mini_kb: KnowledgeBase, mini_index: Index, question: str, owner: str
) -> None:
    assert top(mini_kb, mini_index, question) == ("answer", owner)


@pytest.mark.parametrize(
    ("typo", "owner"),
    [
        ("netwrok policy", "sig-network"),
        ("kubeclt", "sig-cli"),
        ("schedualer", "sig-scheduling"),
        ("persistant volumes", "sig-storage"),
        ("kubeadmn", "sig-cluster-lifecycle"),
    ],
)
def test_misspelled_topics_still_find_their_owner(
    mini_kb: KnowledgeBase, mini_index: Index, typo: str, owner: str
) -> None:
    assert top(mini_kb, mini_index, typo) == ("answer", owner)


def test_kubeclt_is_kubectl_not_kubelet_because_transpositions_are_one_edit(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    a = ask("kubeclt", mini_kb, mini_index)
    assert a.matches[0].id == "sig-cli" and "kubelet" not in via_text(a.matches[0])


@pytest.mark.parametrize(
    ("question", "owner"),
    [
        ("网络策略", "sig-network"),
        ("谁负责 kubectl", "sig-cli"),
        ("如何加入 SIG Node", "sig-node"),
        ("调度器", "sig-scheduling"),
        ("谁负责调度器", "sig-scheduling"),
        ("存储卷", "sig-storage"),
    ],
)
def test_chinese_questions_are_answered_in_chinese(
    mini_kb: KnowledgeBase, mini_index: Index, question: str, owner: str
) -> None:
    a = ask(question, mini_kb, mini_index)
    assert (a.status, a.matches[0].id, a.lang) == ("answer", owner, "zh")


@pytest.mark.parametrize(
    "chatter",
    [
        "thanks!",
        "what's the weather",
        "asdfgh",
        "hello",
        "lol",
        "tell me a joke",
        "pizza recipe",
        "你好",
        "my cat is asleep",
    ],
)
def test_off_topic_chatter_gets_no_confident_answer(
    mini_kb: KnowledgeBase, mini_index: Index, chatter: str
) -> None:
    assert ask(chatter, mini_kb, mini_index).status in ("none", "help")


@pytest.mark.parametrize(
    ("question", "owners"),
    [
        ("release notes", ["sig-release", "sig-docs"]),
        ("job queueing", ["wg-batch", "sig-scheduling"]),
        ("作业排队", ["wg-batch", "sig-scheduling"]),
    ],
)
def test_shared_topics_show_every_owner_in_curated_order(
    mini_kb: KnowledgeBase, mini_index: Index, question: str, owners: list[str]
) -> None:
    a = ask(question, mini_kb, mini_index)
    assert a.status == "answer"
    assert [g.id for g in a.groups] == owners
    assert all(m.shared for m in a.matches[:2])


def test_retired_groups_say_so_and_where_the_work_went(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    a = ask("wg serving", mini_kb, mini_index)
    assert a.status == "archived"
    assert a.matches[0].id == "wg-serving" and a.matches[0].kind == "archived"
    assert [g.id for g in a.groups] == ["sig-network"]


def test_a_wrong_name_is_answered_with_the_real_group_and_a_note(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    a = ask("SIG Batch", mini_kb, mini_index)
    assert (a.status, a.matches[0].id) == ("answer", "wg-batch")
    assert a.retired is not None and "no SIG Batch" in a.retired.note_en


def test_two_owners_with_equally_specific_evidence_are_offered_as_a_choice(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    # kube-proxy (SIG Network) and the kubelet (SIG Node), named once each: no reason to pick.
    a = ask("kube-proxy kubelet", mini_kb, mini_index)
    assert a.status == "ambiguous"
    assert {m.id for m in a.matches[:2]} == {"sig-network", "sig-node"}
    assert a.confidence == "low"


def test_every_match_says_why_it_matched(mini_kb: KnowledgeBase, mini_index: Index) -> None:
    a = ask("who owns the scheduler framework?", mini_kb, mini_index)
    assert via_text(a.matches[0]) == 'topic "scheduler framework"'
    path = ask("pkg/kubelet", mini_kb, mini_index)
    assert "kubernetes/kubernetes/pkg/kubelet" in via_text(path.matches[0])


@pytest.mark.parametrize(
    ("path", "owner", "location"),
    [
        # component-base is SIG API Machinery's, and so is its version package ...
        (
            "staging/src/k8s.io/component-base/version",
            "sig-api-machinery",
            "component-base/version",
        ),
        # ... but its featuregate package is kubeadm's, under SIG Cluster Lifecycle
        ("staging/src/k8s.io/component-base/featuregate", "sig-cluster-lifecycle", "featuregate"),
        # pkg/kubelet is SIG Node's; its network package is SIG Network's
        ("pkg/kubelet/network/dns.go", "sig-network", "pkg/kubelet/network"),
        ("pkg/kubelet/kuberuntime", "sig-node", "pkg/kubelet"),
    ],
)
def test_the_most_specific_owners_location_wins(
    mini_kb: KnowledgeBase, mini_index: Index, path: str, owner: str, location: str
) -> None:
    a = ask(path, mini_kb, mini_index)
    assert a.matches[0].id == owner
    assert location in via_text(a.matches[0])


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("help", "help"),
        ("", "empty"),
        ("list", "list"),
        ("/sig list", "list"),
        ("帮助", "help"),
        ("?", "help"),
    ],
)
def test_help_and_list_are_recognised(text: str, intent: str) -> None:
    assert parse_query(text).intent == intent


def test_a_message_longer_than_slack_stores_gets_a_polite_no(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    a = ask("network " * 6000, mini_kb, mini_index)  # 48,000 characters
    assert (a.status, a.reason) == ("none", "oversized")


def test_a_long_message_is_answered_from_its_first_8000_characters_and_says_so(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    from bot.render.terminal.text import render_text

    a = ask("Who owns kube-proxy?\n" + "lorem ipsum dolor sit amet " * 500, mini_kb, mini_index)
    assert a.matches[0].id == "sig-network" and a.query.truncated
    assert (
        render_text(a, mini_kb).splitlines()[-1]
        == "Your message is long: I read its first 8,000 characters."
    )


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("<@U123ABC> who owns kubectl?", "who owns kubectl?"),
        ("tell me about <#C0123|sig-network>", "tell me about #sig-network"),
        ("see <https://k8s.io/docs|the docs>", "see the docs"),
        ("<!here> <!channel> kubectl", "kubectl"),
        (":wave: `kubectl` *please*", "kubectl please"),
    ],
)
def test_slack_markup_is_stripped(raw: str, clean: str) -> None:
    text, _ = strip_slack_markup(raw)
    assert " ".join(text.split()) == clean


def test_full_width_characters_are_normalised() -> None:
    assert parse_query("ｋｕｂｅｃｔｌ？").text == "kubectl"


def test_leads_and_meeting_questions_set_the_focus() -> None:
    assert parse_query("who chairs sig ui?").focus == "leads"
    assert parse_query("when does sig network meet?").focus == "meetings"
    assert parse_query("when is the sig node sync?").focus == "meetings"


def test_a_title_that_syncs_a_file_asks_about_no_meeting() -> None:
    """ "[zh-cn] sync concepts/.../sidecar-containers.md" opened with "When SIG Docs meets:"."""
    assert parse_query("[zh-cn] sync concepts/workloads/pods/sidecar-containers.md").focus is None


@pytest.mark.parametrize(
    "question",
    ["how long is a SIG chair's term?", "how are SIG chairs elected?", "SIG chair 一届多久"],
)
def test_a_question_about_the_rules_for_leads_is_not_a_question_about_who_leads(
    question: str,
) -> None:
    """The term of a chair is the Steering Committee's rule, not a list of its chairs: the
    answer must not open with "Who leads Steering Committee"."""
    assert parse_query(question).focus is None


@pytest.mark.parametrize(
    ("question", "owner"),
    [
        ("sidecar container", "sig-node"),  # the alias is "sidecar containers"
        ("rolling updates", "sig-apps"),  # the alias is "rolling update"
        ("kubeconfigs", "sig-cli"),
        ("CronJobs", "sig-apps"),
    ],
)
def test_plurals_meet_their_singular_aliases_and_back(
    mini_kb: KnowledgeBase, mini_index: Index, question: str, owner: str
) -> None:
    assert top(mini_kb, mini_index, question) == ("answer", owner)


def test_words_that_are_singular_despite_their_s_keep_it() -> None:
    from bot.query import tokenize

    assert tokenize("time-series policies") == ["time", "series", "policy"]


def test_the_longer_chinese_alias_wins_over_one_inside_it(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    # 控制器管理器 (controller manager, API Machinery) sits inside 云控制器管理器 (Cloud Provider).
    assert top(mini_kb, mini_index, "控制器管理器") == ("answer", "sig-api-machinery")
    assert top(mini_kb, mini_index, "云控制器管理器") == ("answer", "sig-cloud-provider")


def test_wanting_to_contribute_without_a_topic_gets_the_help(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    question = "I want to contribute to Kubernetes, how do I start?"
    assert ask(question, mini_kb, mini_index).status == "help"


def test_chinese_meeting_question_focuses_on_meetings(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    a = ask("SIG Network 什么时候开会", mini_kb, mini_index)
    assert (a.status, a.matches[0].id, a.focus) == ("answer", "sig-network", "meetings")
