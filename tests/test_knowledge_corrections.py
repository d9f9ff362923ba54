"""Ownership the charters and upstream records state, checked through the engine."""

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
