"""Who owns what today: ownership the charters and upstream records state, and answers people
rely on, checked through the engine over today's bundled knowledge (knowledge/).

These check today's knowledge, not the engine's mechanics (those are tested over the frozen
tests/fixtures/knowledge-mini): when upstream moves a topic or retires a group, a test here may
rightly fail, and its expectation is what to update.
"""

from __future__ import annotations

import pytest

from bot.answers import ask
from bot.matching import Index
from bot.model import KnowledgeBase


def owners(kb: KnowledgeBase, index: Index, question: str) -> tuple[str, list[str]]:
    a = ask(question, kb, index)
    return a.status, [g.id for g in a.groups]


def test_naming_a_group_whose_name_is_a_shared_topic_shows_it_first(
    kb: KnowledgeBase, index: Index
) -> None:
    assert owners(kb, index, "Device Management") == (
        "answer",
        ["wg-device-management", "sig-node"],
    )
    # a subproject named after a group (under SIG Architecture) never shadows the group
    assert owners(kb, index, "wg device management") == ("answer", ["wg-device-management"])


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("DRA", ["sig-node", "wg-device-management"]),
        ("dynamic resource allocation", ["sig-node", "wg-device-management"]),
        # also WG Node Lifecycle's own name, so that group comes first
        ("node lifecycle", ["wg-node-lifecycle", "sig-node"]),
        ("emptyDir", ["sig-storage", "sig-node"]),
        ("gang scheduling", ["sig-scheduling", "wg-workload-aware-scheduling"]),
        ("成组调度", ["sig-scheduling", "wg-workload-aware-scheduling"]),
        ("job queueing", ["wg-batch", "sig-scheduling"]),
        ("作业排队", ["wg-batch", "sig-scheduling"]),
    ],
)
def test_topics_the_charters_share_show_every_owner(
    kb: KnowledgeBase, index: Index, question: str, expected: list[str]
) -> None:
    assert owners(kb, index, question) == ("answer", expected)


@pytest.mark.parametrize(
    ("question", "owner"),
    [
        ("conversion webhooks", "sig-api-machinery"),
        ("API registration", "sig-api-machinery"),
        ("priority and fairness", "sig-api-machinery"),
        ("authenticating proxy", "sig-auth"),
        ("image policy webhook", "sig-auth"),
        ("core add-ons", "sig-cluster-lifecycle"),
        ("cluster teardown", "sig-cluster-lifecycle"),
        ("hardware discovery", "sig-node"),
        ("image garbage collection", "sig-node"),
        ("perf dashboard", "sig-scalability"),
        ("GCS buckets", "sig-k8s-infra"),
        ("GKE clusters", "sig-k8s-infra"),
        ("slack administration", "sig-contributor-experience"),
        ("垃圾回收镜像", "sig-node"),
        ("存储插件", "sig-storage"),
        ("访问控制", "sig-auth"),
        ("动态制备", "sig-storage"),
        ("docs", "sig-docs"),
    ],
)
def test_in_scope_items_of_the_charters_find_their_group(
    kb: KnowledgeBase, index: Index, question: str, owner: str
) -> None:
    a = ask(question, kb, index)
    assert (a.status, a.matches[0].id) == ("answer", owner)


@pytest.mark.parametrize(
    ("question", "not_owner"),
    [
        ("c groups", "sig-api-machinery"),  # kubernetes-client/c is no key on its own
        ("CA", "sig-autoscaling"),  # also "certificate authority"
        ("multus", "sig-network"),  # CNI implementations are out of sig-network's scope
        ("velero", "wg-data-protection"),  # not in the working group's charter
        ("部署 Kubernetes", "sig-apps"),  # 部署 alone is "deploy", not Deployments
    ],
)
def test_keys_that_meant_the_wrong_group_are_gone(
    kb: KnowledgeBase, index: Index, question: str, not_owner: str
) -> None:
    a = ask(question, kb, index)
    assert a.status == "none" or a.matches[0].id != not_owner


def test_owners_urls_naming_maintainers_files_keep_their_folder(kb: KnowledgeBase) -> None:
    etcd = kb.group("sig-etcd")
    assert etcd is not None
    locations = [loc for s in etcd.subprojects for loc in s.owners]
    assert "etcd-io/zetcd" in locations
    assert not any(loc.endswith("MAINTAINERS") for loc in locations)


def test_successors_come_from_a_source_and_related_groups_are_marked(kb: KnowledgeBase) -> None:
    big_data = kb.retired_group("ug-big-data")
    ml = kb.retired_group("wg-machine-learning")
    iot = kb.retired_group("wg-iot-edge")
    assert big_data is not None and ml is not None and iot is not None
    assert big_data.successors == () and big_data.related == ("wg-batch",)
    # Stakeholder SIGs of a README are related, not successors: no source says they took over.
    assert ml.successors == () and ml.related[:2] == ("sig-apps", "sig-node")
    assert set(iot.related) == {"sig-network", "sig-multicluster"}


@pytest.mark.parametrize(
    ("question", "retired"), [("物联网", "wg-iot-edge"), ("推理服务", "wg-serving")]
)
def test_retired_groups_have_chinese_names(
    kb: KnowledgeBase, index: Index, question: str, retired: str
) -> None:
    a = ask(question, kb, index)
    assert (a.status, a.matches[0].id) == ("archived", retired)


def test_the_name_of_a_retired_group_whose_topic_lives_on_says_it_retired(
    kb: KnowledgeBase, index: Index
) -> None:
    """The handbook page still lists WG Structured Logging: asking for it answers with the group
    that has the topic now, and says the working group is gone."""
    from bot.render.terminal.text import render_text

    a = ask("Structured Logging", kb, index)
    assert (a.status, a.matches[0].id) == ("answer", "sig-instrumentation")
    assert a.retired is not None and a.retired.id == "wg-structured-logging"
    assert render_text(a, kb).startswith("Note: WG Structured Logging is retired.")


def test_a_retired_group_named_as_strongly_as_a_generic_topic_is_shown_retired(
    kb: KnowledgeBase, index: Index
) -> None:
    """推理服务 (inference serving) names WG Serving as much as 工作负载 names workloads: the
    reader learns the group is gone and where its work went."""
    a = ask("推理服务的工作负载", kb, index)
    assert (a.status, a.retired and a.retired.id) == ("archived", "wg-serving")


def test_a_retired_groups_topic_said_in_passing_is_only_a_suggestion(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "bare metal" is SIG On-Premise's old topic; said in passing in a message about something
    else, the retired group is offered as a suggestion, not said to own the message. Asked
    about alone, it is still sure."""
    passing = ask(
        "is anyone else here running everything on bare metal, and is it worth the trouble?",
        kb,
        index,
    )
    assert passing.status == "archived" and passing.confidence == "medium"
    alone = ask("bare metal", kb, index)
    assert alone.status == "archived" and alone.confidence == "high"


@pytest.mark.parametrize(
    ("question", "owner"),
    [
        ("network policy", "sig-network"),
        ("who owns the scheduler framework?", "sig-scheduling"),
        ("where do I ask about RBAC?", "sig-auth"),
        ("I want to help with Windows containers, how do I join?", "sig-windows"),
        ("sig-node", "sig-node"),
        ("wg batch", "wg-batch"),
        ("kind", "sig-testing"),
        ("kustomize", "sig-cli"),
        ("cluster-api", "sig-cluster-lifecycle"),
        ("pkg/kubelet", "sig-node"),
        ("kubernetes/kubernetes/pkg/scheduler", "sig-scheduling"),
        ("staging/src/k8s.io/client-go", "sig-api-machinery"),
        ("staging/src/k8s.io/component-base/version", "sig-api-machinery"),
        ("kubernetes-sigs/kind", "sig-testing"),
        ("https://github.com/kubernetes/kubernetes/blob/master/pkg/kubelet/kubelet.go", "sig-node"),
        ("who leads sig auth?", "sig-auth"),
        ("when does sig network meet?", "sig-network"),
        ("netwrok policy", "sig-network"),
        ("kubeclt", "sig-cli"),
        ("schedualer", "sig-scheduling"),
        ("persistant volumes", "sig-storage"),
        ("confromance", "sig-architecture"),
        ("5000 node clusters", "sig-scalability"),
        ("sidecar container", "sig-node"),
        ("网络策略", "sig-network"),
        ("谁负责 kubectl", "sig-cli"),
        ("如何加入 SIG Node", "sig-node"),
        ("调度器", "sig-scheduling"),
        ("存储卷", "sig-storage"),
        ("云控制器管理器", "sig-cloud-provider"),
        ("who owns the cloud controller manager?", "sig-cloud-provider"),
        ("security review process for Kubernetes subprojects", "sig-security"),
        ("the python client hangs on watch", "sig-api-machinery"),
        ("java client informer misses events", "sig-api-machinery"),
        ("yaml", "sig-api-machinery"),
        ("defrag keeps failing", "sig-etcd"),
        ("a job is stuck and keeps failing", "sig-apps"),
        ("KEP-753", "sig-node"),
        ("SidecarContainers", "sig-node"),
        ("is kubeadm part of sig cli?", "sig-cluster-lifecycle"),
        ("SIG Batch", "wg-batch"),
        # 'pods' and 'node' appear in most groups' records: next to 'scheduler' they do not
        # make the question SIG Node's
        (
            "the scheduler puts all my pods on the same node even with spread constraints",
            "sig-scheduling",
        ),
    ],
)
def test_todays_owner_of_what_people_ask(
    kb: KnowledgeBase, index: Index, question: str, owner: str
) -> None:
    a = ask(question, kb, index)
    assert (a.status, a.matches[0].id) == ("answer", owner)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("release notes", ["sig-release", "sig-docs"]),
        ("job queueing", ["wg-batch", "sig-scheduling"]),
    ],
)
def test_todays_shared_topics(
    kb: KnowledgeBase, index: Index, question: str, expected: list[str]
) -> None:
    assert owners(kb, index, question) == ("answer", expected)


def test_todays_retired_groups_say_where_the_work_went(kb: KnowledgeBase, index: Index) -> None:
    a = ask("structured logging working group", kb, index)
    assert (a.status, a.matches[0].id) == ("archived", "wg-structured-logging")
    assert [g.id for g in a.groups] == ["sig-instrumentation"]


@pytest.mark.parametrize(
    "chatter",
    [
        "Redis cluster failover takes too long after a master dies",  # SIG Storage's, in passing
        "my windows laptop is slow",
        "security review process for my home router",
        "storage unit prices near the station?",
        "the office network is down again",
        "how do I reverse a string in Python",
    ],
)
def test_todays_records_do_not_claim_everyday_messages(
    kb: KnowledgeBase, index: Index, chatter: str
) -> None:
    assert ask(chatter, kb, index).status == "none"


def test_an_everyday_word_of_todays_topics_is_specific_only_in_a_kubernetes_message(
    kb: KnowledgeBase, index: Index
) -> None:
    from bot.matching import rank_groups
    from bot.query import parse_query

    def windows(question: str) -> int:
        ranked = rank_groups(parse_query(question, kb.vocabulary), index, limit=6)
        return next(r.strong for r in ranked if r.group == "sig-windows")

    assert windows("containerd image pulls hang on windows") == 1
    assert windows("my windows laptop is slow") == 0


def test_todays_hedged_answer_names_the_topic_once(kb: KnowledgeBase, index: Index) -> None:
    from bot.render.terminal.text import render_text

    a = ask("our image pulls are slow on windows nodes, which group should I talk to?", kb, index)
    first = render_text(a, kb).splitlines()[0]
    assert first.startswith("Probably SIG Windows (matched 'Windows node support'")
    assert "'window'" not in first


def test_a_ci_failure_report_of_today_is_never_answered_with_certainty(
    kb: KnowledgeBase, index: Index
) -> None:
    answer = ask("[Failing Test] gce-master-scale-performance", kb, index)
    assert answer.status != "answer" or answer.confidence != "high"
