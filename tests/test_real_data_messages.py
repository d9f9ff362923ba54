"""Real messages, as people post them, against today's knowledge: the question inside a long
mention with pasted logs, reports that must go to a committee in private, governance questions,
off-topic messages with one domain word, CI job and test names, import paths and API groups.

These read the bundled knowledge (they are about what it says today); the mechanics they rely on
are specified on a small fixture knowledge base elsewhere.
"""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime, timezone

import pytest

from bot.answers import ask
from bot.knowledge.loader import load_knowledge
from bot.matching import Index, build_index
from bot.model import KnowledgeBase
from bot.render.json_out import answer_json
from bot.render.slack.blocks import render_blocks
from bot.render.terminal.text import render_text
from bot.render.web.pages import Reader, answer_view
from bot.triage import triage_issue

DESCRIBE = """```
Name:             web-7f9c8b6d5-x2x4z
Namespace:        default
Node:             worker-3/10.0.3.17
Status:           Running
IP:               10.244.3.21
Containers:
  web:
    Image:          nginx:1.27
    Readiness:      http-get http://:8080/ready delay=0s timeout=1s period=10s
Conditions:
  Type              Status
  Ready             False
Volumes:
  kube-api-access-9tq5x:
    Type:                    Projected
QoS Class:                   Burstable
Events:
  Type     Reason     Age   From               Message
  Normal   Scheduled  12m   default-scheduler  Successfully assigned default/web to worker-3
  Normal   Pulled     12m   kubelet            Container image "nginx:1.27" already present
```"""

STACK = """```
goroutine 1 [running]:
k8s.io/kubernetes/pkg/proxy/nftables.(*Proxier).syncProxyRules(0xc000a8e000)
\t/workspace/src/k8s.io/kubernetes/pkg/proxy/nftables/proxier.go:1423 +0x1f4
k8s.io/apimachinery/pkg/util/wait.JitterUntil.func1()
\t/workspace/src/k8s.io/apimachinery/pkg/util/wait/backoff.go:226 +0x3e
E1203 10:22:31.123456    1234 proxier.go:1425] "nft: Error: Could not process rule"
```"""


def first(answer_id: str | None, message: str, kb: KnowledgeBase, index: Index) -> None:
    a = ask(message, kb, index)
    assert a.status in ("answer", "ambiguous", "archived"), (a.status, message[:80])
    assert a.matches[0].id == answer_id, [m.id for m in a.matches[:3]]


@pytest.mark.parametrize(
    "message",
    [
        f"hi all! {DESCRIBE}\nwho owns network policy enforcement? ours drop traffic randomly",
        f"who owns network policy enforcement? ours drop traffic randomly.\n{DESCRIBE}\nthanks!",
        f"hello, long story.\n{DESCRIBE}\nAnyway: which SIG owns network policy? Thanks",
    ],
    ids=["question-last-after-greeting", "question-first", "question-after-the-paste"],
)
def test_the_question_is_found_wherever_it_stands_around_a_pasted_describe(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    """The describe output names the scheduler, the kubelet and volumes; the question names
    network policy, and the question wins."""
    first("sig-network", message, kb, index)


def test_a_stack_trace_before_the_question_still_leaves_the_question_in_charge(
    kb: KnowledgeBase, index: Index
) -> None:
    message = f"Hey folks, our ingress controller restarts nightly:\n{STACK}\nWho owns CSI drivers?"
    first("sig-storage", message, kb, index)


def test_a_clue_in_a_pasted_log_names_the_owner_when_the_prose_names_none(
    kb: KnowledgeBase, index: Index
) -> None:
    """`pkg/proxy/nftables` in a stack frame and an `nft: Error` line are real clues."""
    first(
        "sig-network",
        f"<@U0SIGBOT> this crashed our nodes tonight, who can help?\n{STACK}",
        kb,
        index,
    )


def test_a_chinese_question_after_a_pasted_log_is_answered_in_chinese(
    kb: KnowledgeBase, index: Index
) -> None:
    message = f"大家好，我们的集群出问题了：\n{DESCRIBE}\n请问网络策略是哪个 SIG 负责的？"
    a = ask(message, kb, index)
    assert (a.matches[0].id, a.lang) == ("sig-network", "zh")


def test_a_mixed_language_message_finds_its_question(kb: KnowledgeBase, index: Index) -> None:
    message = f"hi, 我们升级以后 kube-proxy 一直报错:\n{STACK}\n这个归哪个 SIG 管?"
    first("sig-network", message, kb, index)


def test_a_message_over_8000_characters_is_read_from_its_start_and_says_so(
    kb: KnowledgeBase, index: Index
) -> None:
    message = "Which SIG owns the kubelet?\n```\n" + "I1203 10:22:31.1 ok\n" * 600 + "```"
    a = ask(message, kb, index)
    assert a.matches[0].id == "sig-node" and a.query.truncated
    assert answer_json(a)["truncated"] is True
    assert "first 8,000 characters" in render_text(a, kb)


def test_pasted_boilerplate_is_never_echoed_back(kb: KnowledgeBase, index: Index) -> None:
    a = ask(f"hello {DESCRIBE} what is this?", kb, index)
    for block in render_blocks(a, kb):
        assert "10.244.3.21" not in json.dumps(block)


def test_batch_mode_decodes_a_line_that_is_a_json_string() -> None:
    """Multi-line messages fit in batch mode, one JSON string per line."""
    lines = [json.dumps("hi!\n```\nE1203 10:22:31.1 x\n```\nwho owns kube-proxy?"), "kubectl"]
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "ask", "--json"],
        input="\n".join(lines) + "\n",
        capture_output=True,
        text=True,
        timeout=60,
    )
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["matches"][0]["id"] for r in rows] == ["sig-network", "sig-cli"]
    assert rows[0]["query"].startswith("hi!\n")


VULNERABILITIES = [
    "I think there's a container escape bug in the CRI implementation, where do I report it "
    "without disclosing it publicly?",
    "Found an authorization bypass in the kubelet API with a working exploit, who do I tell?",
    "我发现 kube-proxy 有一个安全漏洞，可以绕过 NetworkPolicy，应该私下报告给谁？",
]


@pytest.mark.parametrize("message", VULNERABILITIES)
def test_a_vulnerability_report_goes_first_to_the_security_response_committee(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    a = ask(message, kb, index)
    assert a.matches[0].id == "committee-security-response" and a.private
    step = answer_json(a)["first_step"]
    assert step == {
        "private": True,
        "email": "security@kubernetes.io",
        "url": "https://kubernetes.io/docs/reference/issues-security/security/",
    }


@pytest.mark.parametrize("message", VULNERABILITIES)
def test_a_vulnerability_report_never_gets_a_public_channel_as_its_first_step(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    a = ask(message, kb, index)
    text = render_text(a, kb)
    assert "security@kubernetes.io" in text.splitlines()[0]
    assert "#sig-" not in text
    blocks = json.dumps(render_blocks(a, kb))
    assert "/messages/sig-" not in blocks  # no "Open #sig-node" button anywhere


@pytest.mark.parametrize(
    "message",
    [
        "the kubelet's debug handler lets any pod on a node read the env of every other pod. "
        "where can I tell someone without making it public?",
        "kubelet 的调试接口可以看到同一节点上别的 Pod 的环境变量，公开之前应该先通知谁？",
    ],
)
def test_a_component_flaw_told_in_private_goes_to_the_security_response_committee(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    """No word of a vulnerability, but the person asks to tell it privately and names a
    component: the private list first, said as a suggestion (medium), not a certainty."""
    a = ask(message, kb, index)
    assert a.matches[0].id == "committee-security-response" and a.private
    assert a.confidence == "medium"
    assert "#sig-node" not in render_text(a, kb)


def test_asking_a_group_privately_is_not_a_vulnerability_report(
    kb: KnowledgeBase, index: Index
) -> None:
    a = ask("can I message the SIG Auth chairs privately about becoming a reviewer?", kb, index)
    assert a.matches and a.matches[0].id == "sig-auth" and not a.private


def test_a_report_word_said_in_passing_is_a_report_when_asked_in_private(
    kb: KnowledgeBase, index: Index
) -> None:
    """骚扰 is an everyday word, but in a message that asks to raise it privately it says what
    the message is: a conduct matter, for its committee's private contact."""
    a = ask("社区活动上有个人一直骚扰我们的志愿者，我想私下反映一下，找谁？", kb, index)
    assert a.matches[0].id == "committee-code-of-conduct" and a.private


def test_two_parts_far_apart_are_not_a_topic(kb: KnowledgeBase, index: Index) -> None:
    """ "created" and "SIG" are a question about creating SIGs only when they stand together."""
    a = ask("I created a PR for sig network last week, who reviews it?", kb, index)
    assert a.matches[0].id == "sig-network"


def test_a_cue_word_is_a_report_only_where_the_message_asks_whom_to_tell(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "mocked" is a conduct matter in "... mocked a newcomer's accent, where can I raise
    this?", and a test double in "I mocked the client in my test"."""
    a = ask(
        "in the sig call someone mocked a newcomer's accent. where can I raise this?", kb, index
    )
    assert a.matches[0].id == "committee-code-of-conduct" and a.private
    b = ask(
        "I mocked the client-go fake in my unit test and it still calls the apiserver", kb, index
    )
    assert not b.private and all(m.id != "committee-code-of-conduct" for m in b.matches)


def test_a_misspelling_is_never_read_as_a_report(kb: KnowledgeBase, index: Index) -> None:
    """ "slurm" is one letter from "slur": a guess at a spelling must not send an HPC question
    to the Code of Conduct Committee."""
    a = ask("our HPC cluster runs slurm and sbatch jobs sit in PD, who should I ask?", kb, index)
    assert not a.private
    assert "committee-code-of-conduct" not in [m.id for m in a.matches[:1]]


@pytest.mark.parametrize(
    "message",
    [
        "A reviewer keeps making sexist jokes in our SIG meeting, who do I tell?",
        "someone posted a racist slur in #kubernetes-users, who handles this?",
        "在 SIG 会议上有人对新人进行人身攻击，应该向谁反映？",
    ],
)
def test_a_code_of_conduct_matter_goes_to_its_committee_and_private_contact(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    a = ask(message, kb, index)
    assert a.matches[0].id == "committee-code-of-conduct" and a.private
    assert "conduct@kubernetes.io" in render_text(a, kb).splitlines()[0]


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        ("How do I propose a new working group?", "committee-steering"),
        ("我们想成立一个新的工作组，章程需要谁批准？", "committee-steering"),
        (
            "Our SIG wants to retire a working group that finished its goals, who approves?",
            "committee-steering",
        ),
        ("Where is the API deprecation policy written down?", "sig-architecture"),
        ("How do I request a new repository under kubernetes-sigs?", "sig-contributor-experience"),
        # said in two parts, near each other (topics.yaml `pairs`)
        ("we'd like to form a WG for spot capacity, who signs off on that?", "committee-steering"),
        ("SIG 主席任期多长？能连任吗", "committee-steering"),
        ("WG tech lead 一届多久，可以连任吗", "committee-steering"),  # English words in Chinese
        ("两个 SIG 对某块代码归谁有分歧，谁来裁决？", "committee-steering"),
        (
            "could I run for steering if two people from my employer already hold seats?",
            "committee-steering",
        ),
        ("整个项目层面的规定，比如是否允许用 AI 写的代码，由谁来定？", "committee-steering"),
        # two parts particular enough to stand anywhere in the message (`anywhere: true`)
        (
            "the WG is done with its goals; what's the process to wind it down?",
            "committee-steering",
        ),
        (
            "our working group finished its deliverables, how do we disband it?",
            "committee-steering",
        ),
        ("想在 kubernetes-sigs 下新建一个仓库，需要找谁？", "sig-contributor-experience"),
        ("who can archive an old repo in kubernetes-sigs?", "sig-contributor-experience"),
        ("这个版本支持多久？发布节奏是谁定的", "sig-release"),
    ],
)
def test_governance_questions_go_to_the_group_the_charters_name(
    message: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    first(owner, message, kb, index)


@pytest.mark.parametrize(
    "message",
    [
        "This flaky wifi is really testing my patience",
        "Who maintains the Bitnami PostgreSQL Helm chart? the primary keeps getting OOMKilled",
        "小区的网络太慢了怎么办",
        "移动硬盘存储的照片丢了能恢复吗",
        "新手机什么时候发布",
        # 举报 and 投诉 are everyday verbs ("report", "complain"), no conduct matter by themselves
        "楼下有人乱停车堵了消防通道，怎么举报？",
        "家里宽带晚上老断，运营商不管，该去哪投诉？",
        "Docker Desktop on my Mac is slow with bind mounts, is VirtioFS the fastest file storage?",
        "Does Heroku dyno autoscaling work on the Eco plan?",
        "What does a Rancher subscription cost for bare metal nodes? procurement needs a quote",
        "Hi all, 5 years of Go here and looking for a job on Kubernetes full time, who is hiring?",
        # ssh is computing at large, like git or bash ("publickey" once read as "publicly")
        "SSH to the new VMs fails with Permission denied (publickey)",
        "scp between two build servers stalls at 99%, any idea?",
        "公司内网 DNS 解析很慢找谁",  # the office's own network, like 宽带 and 路由器
        # things outside the project named with one of its words (language.yaml `elsewhere`)
        "the Windows Task Scheduler won't start my backup script at night, any idea why?",
        "our office coffee pods ran out again, is there a slack channel for facilities?",
        "the ingress protection rating on my new phone says IP67, can I swim with it?",
        "我的手机存储快满了，有什么清理的好办法",
        # storage hardware and a vendor's appliance, not volumes (language.yaml general_computing)
        "which RAID level should our new NAS use for 12 disks of storage?",
        "copying 10TB of storage off the old NetApp filer to a new one, how to throttle it?",
        # a cloud vendor's bill asked about, in Kubernetes words: the vendor's
        "GKE 的账单能不能在 Google Cloud 控制台里按 namespace 分开看？",
    ],
)
def test_an_off_topic_message_with_one_domain_word_gets_none(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    assert ask(message, kb, index).status == "none"


@pytest.mark.parametrize(
    "message",
    [
        # A question that only shares a word with some group's records is nobody's to answer.
        "can anyone recommend good devops books for someone moving from sysadmin work?",
        "how early should I book a hotel for kubecon, do prices jump after the schedule is out?",
        # A word English has beside ours, said about another product, means that product's thing.
        "our hadoop cluster's YARN fair scheduler starves the small spark jobs, any tuning tips?",
        "Airflow scheduler on celery keeps missing DAG runs after the postgres upgrade, ideas?",
        # A KEP title said in everyday words beside other products ("Windows node support").
        "nvm on windows: after switching node versions npm is gone, how do I fix PATH?",
        # a message whose subject, its first word, is another product or technology
        "Kafka consumers keep rebalancing when a broker restarts, any ideas?",
        "Jenkins 上的单元测试老是 flaky，怎么排查",
        "grafana panels don't refresh when I change the dashboard time range",
        "postman keeps dropping my auth token between requests, how do I persist it?",
        "Flink job 的 checkpoint 老是超时失败",
        # another product in a message of several sentences that never says Kubernetes
        "our jest suite has one flaky test that fails on the first of the month. timezone bug?",
        "用 nvm 在 windows 上切换 node 版本后 npm 不见了，PATH 怎么改",
    ],
)
def test_a_question_about_something_else_that_shares_a_word_with_us_gets_none(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    assert ask(message, kb, index).status == "none"


def test_a_common_english_word_is_never_corrected_into_a_kubernetes_one(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "replicated" is spelt as meant: not a typo of ReplicaSet. A real typo still is."""
    message = "the data is replicated three times across zones, is that overkill?"
    assert ask(message, kb, index).status == "none"
    assert ask("replcaset stuck at 0 pods", kb, index).matches[0].id == "sig-apps"


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        ("can someone point me to the group behind kind?", "sig-testing"),
        ("who's behind headlamp these days?", "sig-ui"),
        ("what's the team behind kubeadm?", "sig-cluster-lifecycle"),
    ],
)
def test_asking_who_is_behind_a_project_names_its_owner(
    message: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    """ "the group behind kind" asks who owns kind as "who maintains kind?" does, though "kind"
    is also an everyday word."""
    answer = ask(message, kb, index)
    assert answer.status == "answer" and answer.matches[0].id == owner


@pytest.mark.parametrize(
    "message",
    [
        "kind create cluster hangs on my macbook with docker desktop. who maintains kind?",
        "I'm on a Macbook with Docker Desktop and kind, which sig owns kind?",
    ],
    ids=["two sentences", "one sentence"],
)
def test_a_project_asked_about_by_name_beside_a_laptop_keeps_its_owner(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(message, kb, index)
    assert answer.status == "answer" and answer.matches[0].id == "sig-testing"


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        (
            "kubectl port-forward to headlamp works, but behind our oauth2-proxy the plugin "
            "catalog never loads. which SIG looks after headlamp?",
            "sig-ui",
        ),
        (
            "the kube-scheduler ignores our custom scheduler profile after we moved to nginx",
            "sig-scheduling",
        ),
        ("python client hangs on a watch after the apiserver restarts", "sig-api-machinery"),
        ("nginx ingress controller returns 502 after the upgrade", "sig-network"),
        ("公司内网环境，CoreDNS 解析 service 很慢，哪个 SIG 负责", "sig-network"),
        ("公司内网部署 k8s 集群，kubeadm 初始化失败找谁", "sig-cluster-lifecycle"),
        (
            "our EKS nodes sit in an autoscaling group and the cluster autoscaler never scales "
            "it down, who owns cluster autoscaler?",
            "sig-autoscaling",
        ),
    ],
)
def test_a_kubernetes_word_beside_another_product_still_finds_its_owner(
    message: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(message, kb, index)
    assert answer.status == "answer" and answer.matches[0].id == owner


@pytest.mark.parametrize(
    "message",
    [
        "our rabbitmq cluster (not on k8s, just VMs) loses messages on failover, who can help?",
        "公司的 MySQL 集群跟 k8s 无关，主从切换以后日志一直报错，谁能帮忙看看？",
        # A cloud's own product (vSphere, vCenter, ESXi) is not the cloud provider integration.
        "should I upgrade vcenter before the esxi hosts when moving vsphere to 8?",
        # Said of the project or the community rather than of Kubernetes: the same disclaimer.
        "our own Jenkins job is flaky (nothing to do with the kubernetes project itself), how "
        "do I find the cause?",
        "this is about our internal CI (not the kubernetes repo): the e2e stage times out after "
        "60 minutes, how do people usually split long suites?",
        "这个问题和社区无关：我们的 CI 流水线里 e2e 阶段总是超时，大家怎么拆分长测试？",
        # Not (yet) running on Kubernetes: 不上 k8s as 没上 k8s.
        "实验室想买两台 GPU 服务器做训练，A800 还是 H800 划算？先不上 k8s，直接裸机跑",
        # No containers at all: a flaw in the desktop's kernel is the kernel's to receive.
        "an unprivileged user can hang my Fedora desktop through a bug in io_uring, no "
        "containers involved. where does a report like that go?",
    ],
)
def test_a_message_that_says_it_is_not_about_kubernetes_gets_none(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    assert ask(message, kb, index).status == "none"


@pytest.mark.parametrize(
    "message",
    [
        "kind export logs gives me an empty folder, where should I ask?",
        "kind get kubeconfig prints the wrong server address",
        "kind create cluster hangs at 'Starting control-plane' on my laptop, who maintains it?",
    ],
)
def test_kinds_own_commands_name_the_tool_not_the_everyday_word(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    """ "kind" alone is an everyday word; "kind create cluster" is the tool SIG Testing keeps."""
    answer = ask(message, kb, index)
    assert answer.status == "answer" and answer.matches[0].id == "sig-testing"


def test_the_kubernetes_side_of_a_cloud_product_keeps_its_owner(
    kb: KnowledgeBase, index: Index
) -> None:
    answer = ask("who owns the vsphere cloud provider?", kb, index)
    assert answer.matches[0].id == "sig-cloud-provider" and answer.confidence == "high"


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        (
            "the pod security admission e2e tests keep flaking on my PR, who owns those tests?",
            "sig-auth",
        ),
        (
            "who decides how much the project's CI clusters may cost, and who hands out the "
            "cloud credits?",
            "sig-k8s-infra",
        ),
    ],
)
def test_flaky_and_ci_say_where_a_test_ran_so_the_subject_named_beside_them_is_first(
    message: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    assert ask(message, kb, index).matches[0].id == owner


def test_a_flaky_test_goes_to_the_sig_its_tag_names_not_to_sig_testing(
    kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(
        "which SIG should I ping about a flaky e2e test? `[sig-storage] CSI Volumes [Driver: "
        "csi-hostpath] should provision storage` fails 1 in 5 on pull-kubernetes-e2e-gce",
        kb,
        index,
    )
    assert answer.status == "answer" and answer.matches[0].id == "sig-storage"
    assert "[sig-storage]" in render_text(answer, kb)


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        ("社区的钱是谁决定怎么花的？我们 SIG 想申请经费办个活动", "committee-steering"),
        ("does the steering committee decide what money a SIG can spend?", "committee-steering"),
        ("who approves spending on the community's GCP infrastructure budget?", "sig-k8s-infra"),
    ],
)
def test_the_projects_money_is_steerings_and_its_infrastructure_budget_k8s_infras(
    message: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    assert ask(message, kb, index).matches[0].id == owner


@pytest.mark.parametrize(
    ("message", "committee"),
    [
        (
            "a maintainer keeps sending me threatening messages in DMs after I rejected his PR, "
            "who in the project do I tell?",
            "committee-code-of-conduct",
        ),
        ("有人在频道里发色情图片，还私信骚扰新人，找谁处理？", "committee-code-of-conduct"),
        (
            "our CI log prints a token in clear text that anyone can read on prow, who should I DM "
            "so it gets fixed without posting it publicly?",
            "committee-security-response",
        ),
        (
            "I have a proof of concept where kubectl cp writes outside the target directory; I "
            "don't want to post it publicly yet, who do I tell?",
            "committee-security-response",
        ),
        (
            "kubectl cp 可以往任意目录写文件，我还没对外说，应该联系哪个组？",
            "committee-security-response",
        ),
        (
            "after an argument in a PR thread someone posted my home address, what do I do?",
            "committee-code-of-conduct",
        ),
        (
            "might be a security problem, not sure: one tenant's pods can read another tenant's "
            "configmaps through the apiserver proxy. should I file it publicly or somewhere else?",
            "committee-security-response",
        ),
        (
            "the checksum of the kubelet binary on dl.k8s.io doesn't match the published sha256, "
            "could it have been swapped? who should see this first, without posting it publicly?",
            "committee-security-response",
        ),
        (
            "a mentor keeps asking me personal questions and invited me to his hotel room, who do "
            "I send screenshots to?",
            "committee-code-of-conduct",
        ),
        (
            "有个 reviewer 说你们中国人写的代码都不行，我不想在 PR 里吵，应该向谁反映？",
            "committee-code-of-conduct",
        ),
        (
            "these review comments on my PRs keep mocking my English, I'd rather not post about "
            "it publicly. not sure where this goes",
            "committee-code-of-conduct",
        ),
        (
            "a co-organiser of our meetup track keeps inviting me for drinks even though I said "
            "no twice. I don't want to go to the next planning call",
            "committee-code-of-conduct",
        ),
        (
            "a reviewer told me I'd regret opposing his KEP and now comments on everything I do. "
            "I don't feel safe in that SIG anymore",
            "committee-code-of-conduct",
        ),
        (
            "a crafted CRD schema makes the apiserver spin at 100% CPU for minutes. normal issue, "
            "or somewhere else?",
            "committee-security-response",
        ),
        (
            "the changelog of a patch release already explains a flaw that hasn't been announced "
            "yet, who handles that?",
            "committee-security-response",
        ),
        (
            "I mailed security@kubernetes.io about a privilege escalation in the scheduler last "
            "week, how long until someone replies?",
            "committee-security-response",
        ),
        (
            "a contributor pasted my phone number and home address into a PR description. who can "
            "get it removed?",
            "committee-code-of-conduct",
        ),
        (
            "someone dumped their kubeconfig for a prow build cluster, token included, into a "
            "comment on kubernetes-sigs/kind, who do I tell?",
            "committee-security-response",
        ),
    ],
)
def test_a_report_described_without_its_usual_words_still_goes_to_its_committee(
    message: str, committee: str, kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(message, kb, index)
    assert answer.matches[0].id == committee and answer.private


def test_a_proof_of_concept_that_is_no_report_keeps_its_owner(
    kb: KnowledgeBase, index: Index
) -> None:
    answer = ask("we did a PoC of live migration with the checkpoint API, who owns it?", kb, index)
    assert answer.matches[0].id == "wg-checkpoint-restore" and not answer.private


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        ("how do I set terminationGracePeriodSeconds for a sidecar?", "sig-node"),
        ("podManagementPolicy Parallel seems to be ignored on scale up", "sig-apps"),
    ],
)
def test_a_field_only_one_groups_records_use_names_that_group(
    message: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(message, kb, index)
    assert answer.matches[0].id == owner and answer.matches[0].via_kind == "identifier"


def test_a_field_of_every_manifest_names_no_group(kb: KnowledgeBase, index: Index) -> None:
    answer = ask("what apiVersion should my manifest use for this?", kb, index)
    assert all(m.via_kind != "identifier" for m in answer.matches)


@pytest.mark.parametrize(
    ("title", "owner"),
    [
        ("DefaultPreemption plugin is not created after a restart", "sig-scheduling"),
        ("TaintEvictionController panics on startup", "sig-scheduling"),
    ],
)
def test_a_component_name_made_of_a_topic_names_that_topics_owner(
    title: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(title, kb, index)
    assert answer.status == "answer" and answer.matches[0].id == owner
    assert answer.matches[0].via_kind == "component"


@pytest.mark.parametrize(
    "message",
    [
        "DolphinScheduler workflows stop firing after the upgrade to 3.2",
        "traefik middleware is not applied to my IngressRoute",
    ],
)
def test_a_product_name_holding_one_of_our_words_is_no_component(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    assert all(m.via_kind != "component" for m in ask(message, kb, index).matches)


@pytest.mark.parametrize(
    "message",
    [
        "how long does a beta API have to be served after it's deprecated?",
        "API 弃用以后还要保留几个版本？",
    ],
)
def test_a_deprecated_api_asks_about_sig_architectures_policy_even_said_far_apart(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(message, kb, index)
    assert answer.status == "answer" and answer.matches[0].id == "sig-architecture"


def test_a_repository_named_by_a_plain_word_is_not_that_word(
    kb: KnowledgeBase, index: Index
) -> None:
    """kubernetes/api and kubernetes-client/python exist, but "Policy API" and "my Python job"
    mean the words."""
    for message in ("the Policy API is confusing", "my python script keeps failing"):
        assert all(m.via_kind != "repository" for m in ask(message, kb, index).matches)


@pytest.mark.parametrize(
    "message",
    [
        "which cloud provider gives the best discount on reserved instances this year?",
        "our data protection officer wants a list of every spreadsheet with customer emails",
    ],
)
def test_a_group_name_in_everyday_words_alone_is_the_words_not_the_group(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    assert ask(message, kb, index).status == "none"


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        ("who owns cloud provider integrations?", "sig-cloud-provider"),
        ("kubernetes cloud provider interface question", "sig-cloud-provider"),
    ],
)
def test_the_same_name_said_about_kubernetes_or_its_owner_still_names_the_group(
    message: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(message, kb, index)
    assert answer.status == "answer" and answer.matches[0].id == owner


@pytest.mark.parametrize(
    "message",
    [
        "the garage door opener has an ingress rating but rain still got in and the motor died, "
        "can I claim the insurance?",
        "after the storm the basement flooded and the ingress of water ruined our carpet and "
        "furniture",
    ],
    ids=["garage", "basement"],
)
def test_one_word_of_ours_amid_everyday_words_our_records_never_use_is_not_a_question(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    """ "ingress" among motors, insurance and carpets (language.yaml `everyday_outside`)."""
    assert ask(message, kb, index).status == "none"


def test_the_same_word_among_words_of_ours_is_still_answered(
    kb: KnowledgeBase, index: Index
) -> None:
    answer = ask("ingress returns 404 for every path after we upgraded", kb, index)
    assert answer.status == "answer" and answer.matches[0].id == "sig-network"


def test_a_repository_every_sig_owns_part_of_names_no_sig(kb: KnowledgeBase, index: Index) -> None:
    answer = ask("cloning kubernetes/kubernetes takes forever on my laptop", kb, index)
    assert all(m.via_kind != "path" for m in answer.matches)


@pytest.mark.parametrize(
    "message",
    [
        "a classmate keeps sending me creepy messages on Telegram since I helped him with his "
        "Kubernetes assignment.",
        "My coworker called me an idiot in front of the whole team because my Kubernetes "
        "manifests broke staging. where do I complain?",
        "公司内部群里有人把我的手机号发出来了，就因为我在群里反驳了他。",
        "I posted a beginner Kubernetes question on Stack Overflow and a few people mocked me in "
        "the comments and downvoted it. Is that normal there?",
        "同事在我们公司内部的 k8s 交流群里骂我，群是公司自己的，不是社区的。",
    ],
    ids=["classmate", "coworker", "zh-workplace", "stack-overflow", "zh-not-the-community"],
)
def test_a_conduct_matter_at_work_or_school_is_not_the_communitys_though_it_names_kubernetes(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    """The Code of Conduct Committee receives what happens among the community's people and
    places. A classmate or a coworker is another place's matter, whatever technology the
    quarrel was about: no committee, and no SIG either."""
    answer = ask(message, kb, index)
    assert answer.status == "none" and not answer.private


def test_the_same_matter_told_of_a_reviewer_in_a_sig_channel_is_a_conduct_report(
    kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(
        "A reviewer in #sig-docs keeps posting mean memes about me since I disagreed with him "
        "on a PR. who do I report him to?",
        kb,
        index,
    )
    assert answer.private and answer.matches[0].id == "committee-code-of-conduct"


def test_the_projects_code_of_conduct_named_with_kubernetes_is_the_committees_question(
    kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(
        "does the kubernetes code of conduct cover what happens at local meetups?", kb, index
    )
    assert answer.matches[0].id == "committee-code-of-conduct" and answer.status == "answer"


@pytest.mark.parametrize(
    "story",
    [
        "At the SIG Apps meeting a long-time member kept cutting me off and then said my English "
        "is too hard to follow. I don't want to go back.",
        "在 sig-cli 的周会上有个人每次都打断我，我现在都不想再去了。",
    ],
    ids=["en", "zh"],
)
def test_a_conduct_matter_told_as_a_story_goes_privately_to_the_conduct_committee(
    story: str, kb: KnowledgeBase, index: Index
) -> None:
    """No "harassment", no "code of conduct", no "who do I tell": what someone did to the
    person (cut them off, every time) is the report, and the SIG whose meeting it was is where
    it happened, not who receives it (topics.yaml, the conduct committee's pair)."""
    answer = ask(story, kb, index)
    assert answer.private and answer.matches[0].id == "committee-code-of-conduct"


@pytest.mark.parametrize(
    "story",
    [
        'In the #sig-storage channel a reviewer replied "go learn to code before opening PRs '
        'here" under my question.',
        "在 sig-apps 的周会上，他当着大家的面说“你这种水平就别来了”。",
        # whoever the speaker is named as
        'At the contributor summit the same person wrote "oh look, the diversity quota is here" '
        "in the chat every time I spoke.",
        "在 sig-docs 的周会上有人说“你们这些新人只会浪费大家时间”。",
    ],
    ids=["en", "zh", "en-any-speaker", "zh-any-speaker"],
)
def test_what_someone_said_quoted_where_the_community_meets_is_a_conduct_matter(
    story: str, kb: KnowledgeBase, index: Index
) -> None:
    """A person of the community quoted ("a reviewer replied "..."", "他…说“…”") in a SIG's
    channel or meeting: what was said to someone, told without asking whom to tell. The
    quotation is the report, whatever its words (language.yaml `sayings`); it is offered as a
    suggestion, with the group the message named after the committee."""
    answer = ask(story, kb, index)
    assert answer.private and answer.matches[0].id == "committee-code-of-conduct"
    assert answer.confidence == "medium" and answer.matches[0].via_kind == "told_conduct"
    assert len(answer.groups) == 2


def test_an_ordinary_quotation_costs_the_reader_one_line_not_the_group_they_came_for(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "The reviewer replied "please squash your commits"" may be a plain question about the
    work: the private route is offered as a suggestion ("If this is about how someone ...
    treated you"), and the group that owns the work is named in the same line and carded next,
    in every renderer."""
    a = ask(
        'The reviewer in #sig-docs replied "please squash your commits before I approve". Is '
        "that a rule somewhere?",
        kb,
        index,
    )
    assert [g.id for g in a.groups] == ["committee-code-of-conduct", "sig-docs"]
    first = render_text(a, kb).splitlines()[0]
    assert first.startswith("If this is about how someone in the community treated you")
    assert first.endswith("If it is a question about the work itself, SIG Docs owns it.")
    assert "conduct@kubernetes.io" in json.dumps(render_blocks(a, kb))
    assert answer_json(a)["first_step"]["private"] is True


def test_a_quotation_beside_two_topics_of_the_work_is_a_question_about_the_work(
    kb: KnowledgeBase, index: Index
) -> None:
    """The same quotation about "my PR in #sig-docs" names a docs pull request's review as
    well as the group: two topics of ours, so a question about the work, answered by the group
    alone (bot/answers.py `_told_conduct`)."""
    a = ask(
        'The reviewer on my PR in #sig-docs replied "please squash your commits before I '
        'approve". Is that a rule somewhere?',
        kb,
        index,
    )
    assert [g.id for g in a.groups] == ["sig-docs"]
    assert not a.private


def test_a_quoted_error_message_is_no_conduct_matter(kb: KnowledgeBase, index: Index) -> None:
    answer = ask(
        'the kubelet said "failed to pull image" and he thinks the registry is down, which sig '
        "owns image pulls?",
        kb,
        index,
    )
    assert not answer.private and answer.matches[0].id == "sig-node"


def test_an_etiquette_question_about_reviewers_is_no_conduct_report(
    kb: KnowledgeBase, index: Index
) -> None:
    answer = ask("Is it rude to ping a reviewer twice in one week about my PR?", kb, index)
    assert not answer.private and answer.matches[0].id == "sig-contributor-experience"


def test_tracking_in_technical_chinese_is_no_stalking(kb: KnowledgeBase, index: Index) -> None:
    """跟踪 is "track" or "trace" in everyday technical Chinese (跟踪指标, 链路跟踪); only
    being followed (跟踪我, 被跟踪) is a conduct matter."""
    answer = ask("API server 的请求延迟谁在跟踪？有没有官方的指标看板？", kb, index)
    assert not answer.private and answer.matches[0].id != "committee-code-of-conduct"
    stalked = ask("社区活动结束以后有个参会者一直跟踪我到酒店，我该找谁？", kb, index)
    assert stalked.private and stalked.matches[0].id == "committee-code-of-conduct"


@pytest.mark.parametrize(
    ("message", "owners"),
    [
        ("the API server returns an insulting 403 with no reason, who owns authz?", {"sig-auth"}),
        ("how do we detect abuse of service account tokens?", {"sig-auth"}),
        # KEP-361, local ephemeral storage isolation: SIG Storage owns it, SIG Node takes part
        # (the kubelet evicts)
        (
            "pods get evicted with a creepy message about ephemeral storage",
            {"sig-node", "sig-storage"},
        ),
    ],
)
def test_a_conduct_word_said_of_a_piece_of_the_project_describes_it(
    kb: KnowledgeBase, index: Index, message: str, owners: set[str]
) -> None:
    """No person, no one it was done to, nobody asked whom to tell: the word is about the
    software, and the answer is the software's group, not the Code of Conduct Committee."""
    answer = ask(message, kb, index)
    assert not answer.private and answer.matches[0].id in owners


@pytest.mark.parametrize(
    "message",
    [
        "he sent me threats after I rejected his PR",
        "someone keeps sending me abuse in DMs after the sig meeting",
        "I was harassed at the kubelet deep dive session",
        "harassment in the kubelet deep dive session yesterday",
    ],
)
def test_the_same_words_said_of_people_stay_conduct_reports(
    kb: KnowledgeBase, index: Index, message: str
) -> None:
    answer = ask(message, kb, index)
    assert answer.private and answer.matches[0].id == "committee-code-of-conduct"


def test_where_one_runs_things_is_no_product_named(kb: KnowledgeBase, index: Index) -> None:
    """A laptop is a product word of everyday life ("my laptop fan is loud"), but "on my
    laptop" is only where the person runs things (language.yaml `dev_machines`)."""
    answer = ask(
        "I want to run the end-to-end tests against a kind cluster on my laptop before I send "
        "a PR. Is there a documented way, and who helps when it breaks?",
        kb,
        index,
    )
    assert answer.status == "answer" and answer.matches[0].id == "sig-testing"


def test_telling_the_cluster_what_to_do_asks_how_not_whom_to_tell(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "How do I tell the cluster ..." configures something; "takes down" beside it is an
    outage, not a report to make in private."""
    answer = ask(
        "Every kernel patch night the node drain takes down both replicas of our checkout "
        "service at once. How do I tell the cluster to keep at least one running?",
        kb,
        index,
    )
    assert not answer.private
    assert "committee-security-response" not in [m.id for m in answer.matches]


def test_not_wanting_to_restart_is_said_many_ways_in_chinese(
    kb: KnowledgeBase, index: Index
) -> None:
    """不想重启 and 不打算重启 read as 不重启 (which the described features' pairs hold)."""
    for wording in ("不想重启", "不打算重启"):
        answer = ask(f"能不能给正在跑的 pod 调大内存，{wording}它？", kb, index)
        assert answer.status != "none" and answer.matches[0].id == "sig-node", wording


def test_worrying_about_ones_own_manners_is_no_conduct_report(
    kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(
        "My PR has waited three weeks in the API review queue and code freeze is in nine days. "
        "Who does API reviews, and who can I escalate to without being rude?",
        kb,
        index,
    )
    assert not answer.private and answer.matches[0].id == "sig-architecture"


def test_a_stranger_digging_through_ones_github_for_a_home_address_is_a_conduct_matter(
    kb: KnowledgeBase, index: Index
) -> None:
    """GitHub is where the project lives: named in a conduct story, it is where it happened,
    not another product's matter."""
    answer = ask(
        "有个人一直在 Slack 上私信我，说的话让我很不舒服，还去翻我的 GitHub 想找出我住在哪里。"
        "我有点害怕，可以找谁？",
        kb,
        index,
    )
    assert answer.private and answer.matches[0].id == "committee-code-of-conduct"


def test_what_a_reviewer_said_about_where_one_is_from_is_a_conduct_matter(
    kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(
        "A reviewer commented that people from my country should not contribute here and "
        "closed my PR as spam. I kept screenshots. What can I do?",
        kb,
        index,
    )
    assert answer.private and answer.matches[0].id == "committee-code-of-conduct"


def test_who_moderates_the_slack_is_contributor_experiences_question(
    kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(
        "who moderates the kubernetes slack? an account keeps posting ads in #kubernetes-novice",
        kb,
        index,
    )
    assert answer.status == "answer" and answer.matches[0].id == "sig-contributor-experience"


def test_a_report_that_names_other_products_and_nothing_of_kubernetes_is_theirs(
    kb: KnowledgeBase, index: Index
) -> None:
    """Consul and HashiCorp named, no Kubernetes, no community, no path or KEP of ours: the
    words "audit" and "token" do not make HashiCorp's flaw the Security Response Committee's."""
    answer = ask(
        "Consul 的 audit device 把 ACL token 写进日志了，which team at HashiCorp?", kb, index
    )
    assert answer.status == "none" and not answer.private


def test_a_flaw_in_helm_is_the_helm_projects_to_receive(kb: KnowledgeBase, index: Index) -> None:
    """Helm is a CNCF project of its own, with its own security process: its flaw is not the
    Kubernetes Security Response Committee's (language.yaml third_party)."""
    answer = ask(
        "Helm resolves chart dependencies from a crafted repo index in a way that leaks "
        "credentials; where is the Helm maintainers' private security address?",
        kb,
        index,
    )
    assert answer.status == "none" and not answer.private


def test_other_pods_in_chinese_are_not_a_person_so_a_flaw_told_in_private_is_a_vulnerability(
    kb: KnowledgeBase, index: Index
) -> None:
    """其他 ("other") holds 他 ("he"): a flaw in the kubelet that shows 其他 Pod's secrets is
    a vulnerability report, not a complaint about someone."""
    answer = ask(
        "我发现 kubelet 的一个接口不用认证就能读到其他 Pod 的 Secret，还没公开，应该私下找谁？",
        kb,
        index,
    )
    assert answer.private and answer.matches[0].id == "committee-security-response"


@pytest.mark.parametrize(
    "message",
    [
        "a runc bug lets a process write the host's core_pattern; reproduced with plain runc, no "
        "kubernetes involved",
        "runc standalone, no orchestrator, and the container lands in the host mount namespace",
        "单独用 containerd 跑的容器(没有 Kubernetes)能逃逸到宿主机，应该找谁？",
        "a crafted OCI image makes `ctr run` write into /etc on my workstation; this is just "
        "containerd and ctr, where should the report go?",
    ],
    ids=["no-kubernetes-involved", "no-orchestrator", "zh", "just-containerd"],
)
def test_a_flaw_the_person_says_is_not_about_kubernetes_is_not_ours(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    assert ask(message, kb, index).status == "none"


def test_a_list_named_not_kubernetes_something_still_asks_about_kubernetes(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "not kubernetes-security-discuss" names a list, and the message says Kubernetes besides."""
    answer = ask(
        "I need the private address for kubernetes vulnerabilities, not "
        "kubernetes-security-discuss. where do reports go?",
        kb,
        index,
    )
    assert answer.matches[0].id == "committee-security-response" and answer.private


def test_something_to_tell_in_confidence_about_a_community_call_is_a_conduct_matter(
    kb: KnowledgeBase, index: Index
) -> None:
    """No person named, no conduct word: told in private, in the community's own setting (a SIG
    call), naming no software. A flaw told the same way stays the security committee's."""
    answer = ask(
        "I'd like to speak with someone in confidence about what happened during a sig meeting",
        kb,
        index,
    )
    assert answer.private and answer.matches[0].id == "committee-code-of-conduct"
    flaw = ask(
        "I found a bug in the kubelet and want to talk to someone privately before the next sig "
        "meeting",
        kb,
        index,
    )
    assert flaw.matches[0].id == "committee-security-response"


def test_a_threat_told_as_a_story_is_a_conduct_matter(kb: KnowledgeBase, index: Index) -> None:
    answer = ask(
        "after I closed his issue a contributor sent me a note saying he knows where she lives, "
        "meaning my co-maintainer. who should she contact?",
        kb,
        index,
    )
    assert answer.private and answer.matches[0].id == "committee-code-of-conduct"


def test_a_person_told_of_in_private_is_a_conduct_matter(kb: KnowledgeBase, index: Index) -> None:
    answer = ask(
        "she keeps calling my questions stupid in every review thread. I'd like to keep this "
        "private, who can I talk to?",
        kb,
        index,
    )
    assert answer.matches[0].id == "committee-code-of-conduct" and answer.private


def test_a_chinese_message_that_says_it_has_nothing_to_do_with_k8s_gets_none(
    kb: KnowledgeBase, index: Index
) -> None:
    answer = ask("问个 Go 的问题，和 k8s 没关系：channel 关闭以后还能读吗？", kb, index)
    assert answer.status == "none"


def test_a_report_word_the_person_negates_is_no_report(kb: KnowledgeBase, index: Index) -> None:
    answer = ask("RBAC question, not a vulnerability: can a RoleBinding name a group?", kb, index)
    assert answer.matches[0].id == "sig-auth" and not answer.private


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        ("kustomize belongs to sig-apps, right? we use it for app manifests", "sig-cli"),
        ("is the descheduler part of sig-node? it evicts pods after all", "sig-scheduling"),
    ],
)
def test_a_wrong_group_guessed_in_one_sentence_is_corrected_whatever_the_reason_given(
    message: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(message, kb, index)
    assert answer.matches[0].id == owner and answer.verify is not None


def test_one_topic_word_in_a_long_line_that_never_says_kubernetes_is_never_high(
    kb: KnowledgeBase, index: Index
) -> None:
    answer = ask("the ingress seal on my phone failed after a long swim in the lake", kb, index)
    assert answer.confidence != "high"


def test_a_flaw_told_privately_in_kubernetes_words_goes_to_the_security_committee(
    kb: KnowledgeBase, index: Index
) -> None:
    """No component named, only Kubernetes words (a pod, a namespace) and a private ask."""
    answer = ask(
        "a pod in one namespace can read config from pods in another one. I'd rather not paste "
        "the steps here, who should get the details first?",
        kb,
        index,
    )
    assert answer.matches[0].id == "committee-security-response" and answer.private


@pytest.mark.parametrize(
    "story",
    [
        # what should have been refused, and what it reached; no report word, no "who do I tell"
        "the kubelet returned 200 to a client with no client cert, expected 403. 1.32.1",
        "kube-scheduler's debug endpoint hands out its own kubeconfig to anyone, no token at "
        "all. I assumed it only listened on localhost",
        # two of the committee's cue words say it by themselves
        "a crafted request from an unprivileged user ends with a shell on the host. tested on 1.31",
        "调度器的调试接口不带证书也能直接返回 kubeconfig，按理说应该被拒绝",
        # "怎么回事" asks what is going on, not how to do something
        "kubelet 不带证书也能直接返回 secret，这是怎么回事？",
        "we found a container escape through the kubelet's checkpoint API, who do I tell?",
        # someone who should not have been able to, and what they reached
        "a user who can only list configmaps ends up with cluster-admin after one apply",
    ],
    ids=[
        "expected-403",
        "assumed-localhost",
        "two-cues",
        "zh",
        "zh-what-is-going-on",
        "found",
        "who-can-only",
    ],
)
def test_a_flaw_told_as_a_story_goes_privately_to_the_security_committee(
    story: str, kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(story, kb, index)
    assert answer.private and answer.matches[0].id == "committee-security-response"


# Flaws told the way an engineer tells what they saw: sentences, no question, no report word and
# no second half of a report pair, only a thing a flaw reaches (a token, a secret, 令牌).
TOLD_FLAWS = [
    "After a node drain the kubelet left the projected service account tokens of evicted pods "
    "under /var/lib/kubelet with mode 0644. Every process on that node can read them now.",
    "节点重启以后，kubelet 把被驱逐 pod 的 serviceaccount 令牌留在了磁盘上，文件权限是 644，"
    "节点上任何进程都能读到。",
]


@pytest.mark.parametrize("story", TOLD_FLAWS, ids=["en", "zh"])
def test_a_flaw_told_with_only_a_thing_of_value_suggests_the_private_report_first(
    story: str, kb: KnowledgeBase, index: Index
) -> None:
    """What it reaches is the only clue: the private report is suggested first (medium, not
    certain), with "do not post details in public"; the group that owns the component is named,
    and its card (with its channel) comes only after the committee's, for the reader whose bug
    is an ordinary one."""
    a = ask(story, kb, index)
    assert [m.id for m in a.matches[:1]] == ["committee-security-response"]
    assert a.private and a.confidence == "medium" and a.matches[0].via_kind == "told_flaw"
    owner = a.matches[1]
    assert owner.id.startswith("sig-")
    assert [g.id for g in a.groups] == ["committee-security-response", owner.id]
    text = render_text(a, kb)
    first = text.splitlines()[0]
    assert "security@kubernetes.io" in first and owner.name in first
    assert text.index("security@kubernetes.io") < text.index(f"#{owner.id}")
    blocks = json.dumps(render_blocks(a, kb))
    assert blocks.index("security@kubernetes.io") < blocks.index(f"/messages/{owner.id}")
    assert answer_json(a)["first_step"]["private"] is True


@pytest.mark.parametrize(
    "story",
    [f"{TOLD_FLAWS[0]} Which sig owns this?", f"{TOLD_FLAWS[1]}这个归哪个 sig？"],
    ids=["en", "zh"],
)
def test_a_told_flaw_that_says_what_the_flaw_does_goes_private_first_though_it_asks_the_owner(
    story: str, kb: KnowledgeBase, index: Index
) -> None:
    """ "Every process on that node can read them now. Which sig owns this?": what a flaw does
    (language.yaml `flaw_signs`) is told before the owner is asked, so the private route is
    the first step and the owner's card follows it, as for a story that asks nothing."""
    a = ask(story, kb, index)
    assert a.private and a.confidence == "medium"
    assert [g.id for g in a.groups][:1] == ["committee-security-response"]
    assert len(a.groups) == 2 and a.groups[1].id.startswith("sig-")


@pytest.mark.parametrize(
    "story",
    [
        "Using the kubelet credentials from node-1 I could annotate node-2 with no error at all. "
        "I expected a forbidden response, NodeRestriction is enabled on this cluster.",
        "集群升级到 1.32 以后，CI 的 ServiceAccount 只绑定了 view，"
        "但用它 kubectl exec 照样能进到另一个 namespace 的 pod 里面。",
    ],
    ids=["en", "zh"],
)
def test_a_refusal_that_was_expected_and_did_not_come_is_a_flaw_sign(
    story: str, kb: KnowledgeBase, index: Index
) -> None:
    """ "I expected a forbidden", "照样能进到": access that worked where it should not. The word
    "forbidden" there is what should have happened, not an ordinary failure (language.yaml
    `flaw_signs` outweigh `ordinary`). Where a curated told flaw also matches ("credentials"
    ... "expected a forbidden") the committee is first with more confidence, never less."""
    a = ask(story, kb, index)
    assert a.private and a.matches[0].id == "committee-security-response"
    assert a.confidence in ("medium", "high")


def test_a_release_artifact_that_does_not_match_its_checksum_is_offered_to_the_committee_first(
    kb: KnowledgeBase, index: Index
) -> None:
    """A published binary whose checksum does not match may have been tampered with: the
    private route first, the owner of the download site after it."""
    a = ask(
        "The kubectl binary I fetched from dl.k8s.io this morning has a sha512 that does not "
        "match the published one. A second download over another network matches, so something "
        "between us and the bucket is swapping files.",
        kb,
        index,
    )
    assert a.private
    assert [g.id for g in a.groups] == ["committee-security-response", "sig-k8s-infra"]


def test_checksums_that_all_match_are_news_not_a_flaw(kb: KnowledgeBase, index: Index) -> None:
    a = ask(
        "Renewed our mirror of registry.k8s.io last night; every image digest was verified "
        "against upstream and all of them match.",
        kb,
        index,
    )
    assert not a.private and a.matches[0].id == "sig-k8s-infra"


ASKED_WITHOUT_A_SIGN = [
    "After a node drain the kubelet left the projected service account tokens of evicted pods "
    "under /var/lib/kubelet with mode 0644. Which sig owns this?",
    "节点重启以后，kubelet 把被驱逐 pod 的 serviceaccount 令牌留在了磁盘上，文件权限是 644。"
    "这个归哪个 sig？",
]


@pytest.mark.parametrize("story", ASKED_WITHOUT_A_SIGN, ids=["en", "zh"])
def test_a_told_flaw_that_asks_who_owns_it_names_the_private_route_beside_the_owner(
    story: str, kb: KnowledgeBase, index: Index
) -> None:
    """Asking for the owner, with nothing said of what the flaw does, makes it a question
    (most such are about a feature, a token's lifetime): the owner or the choice is answered,
    and every renderer names the private route in case it is a vulnerability."""
    a = ask(story, kb, index)
    assert not a.private and a.matches[0].id.startswith("sig-")
    assert answer_json(a)["security_hint"]["email"] == "security@kubernetes.io"
    assert "security@kubernetes.io" in "\n".join(render_text(a, kb).splitlines()[:3])
    assert "security@kubernetes.io" in json.dumps(render_blocks(a, kb))
    view = answer_view(a, kb, Reader(lang=a.lang), datetime(2026, 12, 7, tzinfo=timezone.utc))
    assert any("security@kubernetes.io" in note for note in view.notes)


def test_an_answer_that_names_the_private_route_beside_it_is_never_high(
    kb: KnowledgeBase, index: Index
) -> None:
    """Naming the private route ("If this could be a security flaw ...") says the owner may not
    be the first step: over the security sets' questions and stories, no answer that carries
    the line is "high", however clear its topic."""
    from benchmarks.eval_quality import load_cases
    from tests.conftest import EVAL

    hinted = [
        a
        for name in ("blind-dev15.yaml", "blind-dev19.yaml")
        for c in load_cases(EVAL / name)
        if (a := ask(c["query"], kb, index)).flaw_hint is not None
    ]
    assert len(hinted) >= 10
    assert all(a.confidence != "high" for a in hinted)


@pytest.mark.parametrize(
    "news",
    [
        "Renewed the kubelet client certificates on the staging nodes today. The bootstrap tokens "
        "for the new pool are cleaned up and every node joined fine.",
        "昨天给测试集群换了新的 kubeconfig，证书续期以后一切正常，"
        "旧的令牌下周失效，大家记得从 vault 里重新拉一下，有问题在群里说。",
    ],
    ids=["en", "zh"],
)
def test_news_of_a_settled_matter_that_names_a_token_is_no_flaw(
    news: str, kb: KnowledgeBase, index: Index
) -> None:
    """A thing of value in a story that says the matter is settled ("fine", "一切正常":
    language.yaml `ordinary`) is news, not a possible vulnerability."""
    a = ask(news, kb, index)
    assert not a.private and a.flaw_hint is None


@pytest.mark.parametrize(
    "story",
    [
        "The rollout of 1.31 finished fine on staging. Any user in the cluster can read the "
        "projected tokens under /var/lib/kubelet on every node now.",
        "这周把测试集群升级到 1.31，滚动升级本身一切正常。但是升级完以后发现任何用户都能读到节点上 "
        "/var/lib/kubelet 里的令牌文件，权限变成了 644。",
    ],
    ids=["en", "zh"],
)
def test_what_a_flaw_does_outweighs_a_settled_word(
    story: str, kb: KnowledgeBase, index: Index
) -> None:
    """ "Any user can read", "任何用户都能读到" (language.yaml `flaw_signs`) tell what a flaw does,
    whatever else went fine."""
    a = ask(story, kb, index)
    assert a.private and a.matches[0].via_kind == "told_flaw"


def test_an_ordinary_question_carries_no_security_hint(kb: KnowledgeBase, index: Index) -> None:
    for question in ("who owns network policy?", "kubelet: rotate projected service account token"):
        a = ask(question, kb, index)
        assert a.flaw_hint is None and "security_hint" not in answer_json(a)
        assert "security@kubernetes.io" not in render_text(a, kb)


@pytest.mark.parametrize(
    "message",
    [
        # the same thing of value in a question: whose feature it is
        "The kubelet keeps projected tokens under /var/lib/kubelet; which sig owns token "
        "projection?",
        # ... in an issue title: a heading, public already, not a story
        "kubelet: rotate projected service account token before expiry",
        # ... and a story with nothing of value in it is an ordinary bug
        "Our staging cluster runs 1.31. The kubelet restarts every few hours after the upgrade "
        "and pods get rescheduled. The logs show nothing useful.",
    ],
    ids=["question", "title", "no-value"],
)
def test_a_thing_of_value_outside_a_told_story_keeps_its_owner(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    a = ask(message, kb, index)
    assert not a.private and a.matches[0].id == "sig-node"


@pytest.mark.parametrize(
    "question",
    [
        "how do I make sure a client without a token can't reach the kube-scheduler's debug "
        "endpoint?",
        "怎么配置才能让不带证书的请求被 kubelet 拒绝？",
        "怎么禁止 serviceaccount token 自动挂载，防止 token 泄露？",
        # what a feature guards against is not a flaw found (language.yaml guards)
        "can user namespaces prevent a container escape from reaching root on the host?",
        "seccomp 能防止容器逃逸吗？",
        # a yes/no question about what a role may do
        "can a read-only user see secrets? which sig owns RBAC?",
        "Is the CCM supposed to need the network admin role for floating IP lookups with an "
        "application credential?",
    ],
    ids=[
        "how-do-i",
        "zh-how",
        "zh-how-to-forbid",
        "prevent",
        "zh-prevent",
        "can-a",
        "supposed-to",
    ],
)
def test_the_same_words_in_a_question_about_the_feature_are_no_report(
    question: str, kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(question, kb, index)
    assert not answer.private
    assert not answer.matches or answer.matches[0].id != "committee-security-response"


def test_a_staging_path_is_owned_as_its_published_repository(
    kb: KnowledgeBase, index: Index
) -> None:
    answer = ask("staging/src/k8s.io/kubectl/pkg/describe prints the wrong events", kb, index)
    assert answer.matches[0].id == "sig-cli"


def test_a_report_that_does_not_want_details_posted_goes_to_the_security_committee(
    kb: KnowledgeBase, index: Index
) -> None:
    answer = ask(
        "I found that the kubelet read-only port leaks service account tokens. I don't want to "
        "post details publicly, who needs to know first?",
        kb,
        index,
    )
    assert answer.matches[0].id == "committee-security-response"


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        (
            "[sig-network] Services should serve endpoints on same port and different protocols",
            "sig-network",
        ),
        (
            "ci-etcd-robustness-main has been failing since Monday",
            "sig-etcd",
        ),
        (
            "staging/src/k8s.io/client-go/tools/cache: reflector leaks goroutines",
            "sig-api-machinery",
        ),
        (
            "panic at k8s.io/kubernetes/pkg/kubelet/kuberuntime/kuberuntime_container.go:1204",
            "sig-node",
        ),
        ("networking.k8s.io/v1 NetworkPolicy egress rules ignored", "sig-network"),
        ("storage.k8s.io/v1 CSIDriver fsGroupPolicy question", "sig-storage"),
        ("apps/v1 DaemonSet rollout stuck at maxUnavailable", "sig-apps"),
    ],
)
def test_test_names_job_names_import_paths_and_api_groups_name_their_owner(
    message: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    first(owner, message, kb, index)


def test_a_flaky_test_tagged_with_its_sig_is_answered_with_certainty(
    kb: KnowledgeBase, index: Index
) -> None:
    a = ask("[Flaky Test] [sig-storage] CSI Volumes should provision storage", kb, index)
    assert (a.matches[0].id, a.confidence) == ("sig-storage", "high")


def test_matches_never_rise_in_score_down_the_list(kb: KnowledgeBase, index: Index) -> None:
    a = ask("resource.k8s.io ResourceClaim allocation", kb, index)
    scores = [m.score for m in a.matches]
    assert scores == sorted(scores, reverse=True)


def test_the_repository_an_issue_was_filed_in_is_evidence_for_its_owner() -> None:
    kb = load_knowledge()
    index = build_index(kb)
    issue = {
        "number": 1,
        "title": "Add a flag for it",
        "body": "",
        "labels": [],
        "url": "https://github.com/kubernetes-sigs/cluster-api/issues/1",
    }
    result = triage_issue(issue, kb, index)
    assert result.suggest[0].id == "sig-cluster-lifecycle"


def test_quality_floors_on_the_blind_sets(kb: KnowledgeBase, index: Index) -> None:
    """Floors, not targets (benchmarks/eval_quality.py prints those): the blind sets were
    written from upstream data by people who never saw the engine. Below these, a change has
    made long messages, reports or off-topic refusals worse."""
    from benchmarks.eval_quality import load_cases, score
    from tests.conftest import EVAL

    dev = score(load_cases(EVAL / "blind-dev.yaml"), kb, index)
    dev2 = score(load_cases(EVAL / "blind-dev2.yaml"), kb, index)
    dev3 = score(load_cases(EVAL / "blind-dev3.yaml"), kb, index)
    held_out = score(load_cases(EVAL / "blind-holdout.yaml"), kb, index)
    held_out2 = score(load_cases(EVAL / "blind-holdout2.yaml"), kb, index)
    assert held_out2["top1"] >= 0.85 and held_out2["rejected"] >= 0.85
    held_out3 = score(load_cases(EVAL / "blind-holdout3.yaml"), kb, index)
    assert held_out3["top1"] >= 0.87 and held_out3["rejected"] >= 0.83
    held_out4 = score(load_cases(EVAL / "blind-holdout4.yaml"), kb, index)
    assert held_out4["top1"] >= 0.85 and held_out4["rejected"] >= 0.85
    held_out5 = score(load_cases(EVAL / "blind-holdout5.yaml"), kb, index)
    assert held_out5["top1"] >= 0.85 and held_out5["rejected"] >= 0.85
    held_out6 = score(load_cases(EVAL / "blind-holdout6.yaml"), kb, index)
    assert held_out6["top1"] >= 0.85 and held_out6["rejected"] >= 0.86
    held_out7 = score(load_cases(EVAL / "blind-holdout7.yaml"), kb, index)
    assert held_out7["top1"] >= 0.89 and held_out7["rejected"] >= 0.89
    held_out8 = score(load_cases(EVAL / "blind-holdout8.yaml"), kb, index)
    assert held_out8["top1"] >= 0.91 and held_out8["rejected"] >= 0.87
    held_out9 = score(load_cases(EVAL / "blind-holdout9.yaml"), kb, index)
    assert held_out9["top1"] >= 0.92 and held_out9["rejected"] >= 0.95
    held_out10 = score(load_cases(EVAL / "blind-holdout10.yaml"), kb, index)
    assert held_out10["top1"] >= 0.75 and held_out10["rejected"] >= 0.75
    held_out11 = score(load_cases(EVAL / "blind-holdout11.yaml"), kb, index)
    assert held_out11["top1"] >= 0.55 and held_out11["rejected"] >= 0.77
    held_out12 = score(load_cases(EVAL / "blind-holdout12.yaml"), kb, index)
    assert held_out12["top1"] >= 0.58 and held_out12["rejected"] >= 0.76
    # flaws told as stories, without a report word: the private report first
    assert held_out12["per_kind"]["story"][0] >= 0.55
    held_out13 = score(load_cases(EVAL / "blind-holdout13.yaml"), kb, index)
    assert held_out13["top1"] >= 0.58 and held_out13["rejected"] >= 0.80
    assert held_out13["per_kind"]["story"][0] >= 0.50
    held_out14 = score(load_cases(EVAL / "blind-holdout14.yaml"), kb, index)
    assert held_out14["top1"] >= 0.86 and held_out14["rejected"] >= 0.87
    held_out15 = score(load_cases(EVAL / "blind-holdout15.yaml"), kb, index)
    assert held_out15["top1"] >= 0.72 and held_out15["rejected"] >= 0.90
    assert held_out15["per_kind"]["natural"][0] >= 0.60  # a feature described, not named
    held_out16 = score(load_cases(EVAL / "blind-holdout16.yaml"), kb, index)
    assert held_out16["top1"] >= 0.66 and held_out16["rejected"] >= 0.80
    assert held_out16["per_kind"]["story"][0] >= 0.58
    held_out17 = score(load_cases(EVAL / "blind-holdout17.yaml"), kb, index)
    assert held_out17["top1"] >= 0.86 and held_out17["rejected"] >= 0.88
    # off-topic messages in the same words as real questions, and the real questions
    held_out18 = score(load_cases(EVAL / "blind-holdout18.yaml"), kb, index)
    assert held_out18["top1"] >= 0.93 and held_out18["rejected"] >= 0.85
    # the dev sets of this stop's work: flaws and conduct matters told as stories
    dev19 = score(load_cases(EVAL / "blind-dev19.yaml"), kb, index)
    assert dev19["per_kind"]["story"][0] >= 0.72 and dev19["per_kind"]["question"][0] >= 0.85
    dev20 = score(load_cases(EVAL / "blind-dev20.yaml"), kb, index)
    assert dev20["per_kind"]["story"][0] >= 0.85 and dev20["per_kind"]["question"][0] >= 0.78
    # flaws told as stories (19) and conduct matters told as stories (20), written this stop
    held_out19 = score(load_cases(EVAL / "blind-holdout19.yaml"), kb, index)
    assert held_out19["top1"] >= 0.72 and held_out19["rejected"] >= 0.68
    assert held_out19["per_kind"]["story"][0] >= 0.55
    held_out20 = score(load_cases(EVAL / "blind-holdout20.yaml"), kb, index)
    assert held_out20["top1"] >= 0.56 and held_out20["rejected"] >= 0.72
    assert held_out20["per_kind"]["story"][0] >= 0.36
    # a fresh general mix, written to check calibration on messages no rule was checked against
    held_out22 = score(load_cases(EVAL / "blind-holdout22.yaml"), kb, index)
    assert held_out22["top1"] >= 0.86 and held_out22["rejected"] >= 0.92
    n22, right22 = held_out22["confidence"]["high"]
    assert right22 / n22 >= 0.95
    # features described in everyday words, never named (21): the weakest class measured
    for dev_set in ("blind-dev21.yaml", "blind-dev22.yaml", "blind-dev23.yaml"):
        plain = score(load_cases(EVAL / dev_set), kb, index)
        assert plain["per_kind"]["plain"][0] >= 0.74 and plain["rejected"] >= 0.92, dev_set
    held_out21 = score(load_cases(EVAL / "blind-holdout21.yaml"), kb, index)
    assert held_out21["top1"] >= 0.44 and held_out21["rejected"] >= 0.88
    held_out23 = score(load_cases(EVAL / "blind-holdout23.yaml"), kb, index)  # written after
    assert held_out23["top1"] >= 0.48 and held_out23["rejected"] >= 0.92
    # the real mix of #23 (long messages, everyday questions, titles, reports, off-topic),
    # written at the seventeenth stop: one tuned on, one never read
    dev24 = score(load_cases(EVAL / "blind-dev24.yaml"), kb, index)
    assert dev24["top1"] >= 0.74 and dev24["rejected"] >= 0.92
    held_out24 = score(load_cases(EVAL / "blind-holdout24.yaml"), kb, index)
    assert held_out24["top1"] >= 0.73 and held_out24["rejected"] >= 0.86
    n24, right24 = held_out24["confidence"]["high"]
    assert right24 / n24 >= 0.90
    # everyday descriptions of other things in Kubernetes-sounding words, and the real ones
    dev25 = score(load_cases(EVAL / "blind-dev25.yaml"), kb, index)
    assert dev25["top1"] >= 0.58 and dev25["rejected"] >= 0.92
    # the same mix, written after the seventeenth stop's changes
    held_out25 = score(load_cases(EVAL / "blind-holdout25.yaml"), kb, index)
    assert held_out25["top1"] >= 0.80 and held_out25["rejected"] >= 0.88
    # everyday questions and stories by people who do not know the words (eighteenth stop)
    dev26 = score(load_cases(EVAL / "blind-dev26.yaml"), kb, index)
    assert dev26["top1"] >= 0.50 and dev26["rejected"] >= 0.92
    # everyday descriptions of other things, and less famous features (end of the stop)
    dev27 = score(load_cases(EVAL / "blind-dev27.yaml"), kb, index)
    assert dev27["top1"] >= 0.60 and dev27["rejected"] >= 0.89
    held_out27 = score(load_cases(EVAL / "blind-holdout27.yaml"), kb, index)  # its twin
    assert held_out27["top1"] >= 0.58 and held_out27["rejected"] >= 0.95
    # the real mix of #23 again, written at the eighteenth stop, never read
    held_out26 = score(load_cases(EVAL / "blind-holdout26.yaml"), kb, index)
    assert held_out26["top1"] >= 0.80 and held_out26["rejected"] >= 0.86
    # the nineteenth stop: everyday questions again, private matters and process told without
    # their words, and everyday descriptions of other things (each with a twin never read)
    dev28 = score(load_cases(EVAL / "blind-dev28.yaml"), kb, index)
    assert dev28["top1"] >= 0.55 and dev28["rejected"] >= 0.95
    dev29 = score(load_cases(EVAL / "blind-dev29.yaml"), kb, index)
    assert dev29["top1"] >= 0.88 and dev29["rejected"] >= 0.97
    assert dev29["per_kind"]["private"][0] >= 0.95
    dev30 = score(load_cases(EVAL / "blind-dev30.yaml"), kb, index)
    assert dev30["top1"] >= 0.74 and dev30["rejected"] >= 0.95
    held_out28 = score(load_cases(EVAL / "blind-holdout28.yaml"), kb, index)
    assert held_out28["top1"] >= 0.55 and held_out28["rejected"] >= 0.90
    held_out29 = score(load_cases(EVAL / "blind-holdout29.yaml"), kb, index)
    assert held_out29["top1"] >= 0.68 and held_out29["rejected"] >= 0.77
    held_out30 = score(load_cases(EVAL / "blind-holdout30.yaml"), kb, index)
    assert held_out30["top1"] >= 0.80 and held_out30["rejected"] >= 0.90
    # the real mix of #23 once more, written at the twentieth stop (a twin never read)
    dev31 = score(load_cases(EVAL / "blind-dev31.yaml"), kb, index)
    assert dev31["top1"] >= 0.78 and dev31["rejected"] >= 0.92
    held_out31 = score(load_cases(EVAL / "blind-holdout31.yaml"), kb, index)
    assert held_out31["top1"] >= 0.82 and held_out31["rejected"] >= 0.92
    # everyday descriptions of other things again, written after the second broadening
    dev32 = score(load_cases(EVAL / "blind-dev32.yaml"), kb, index)
    assert dev32["top1"] >= 0.68 and dev32["rejected"] >= 0.93
    held_out32 = score(load_cases(EVAL / "blind-holdout32.yaml"), kb, index)
    assert held_out32["top1"] >= 0.74 and held_out32["rejected"] >= 0.92
    # misleading words: the loudest word another group's (written at the twenty-first stop)
    dev33 = score(load_cases(EVAL / "blind-dev33.yaml"), kb, index)
    assert dev33["top1"] >= 0.76 and dev33["rejected"] >= 0.90
    held_out33 = score(load_cases(EVAL / "blind-holdout33.yaml"), kb, index)
    assert held_out33["top1"] >= 0.72 and held_out33["rejected"] >= 0.80
    # the real mix of #23 again, written at the twenty-first stop
    dev34 = score(load_cases(EVAL / "blind-dev34.yaml"), kb, index)
    assert dev34["top1"] >= 0.82 and dev34["rejected"] >= 0.90
    held_out34 = score(load_cases(EVAL / "blind-holdout34.yaml"), kb, index)
    assert held_out34["top1"] >= 0.82 and held_out34["rejected"] >= 0.88
    assert dev["top1"] >= 0.90 and dev2["top1"] >= 0.90 and held_out["top1"] >= 0.88
    assert dev3["top1"] >= 0.85 and dev3["per_kind"]["sensitive"][0] >= 0.9
    assert dev["rejected"] >= 0.95 and dev2["rejected"] >= 0.95 and held_out["rejected"] >= 0.80
    for kind in ("long", "sensitive"):
        assert dev["per_kind"][kind][0] >= 0.88 and dev2["per_kind"][kind][0] >= 0.85, kind
    n, right = held_out["confidence"]["high"]
    assert right / n >= 0.95


def test_one_topic_phrase_in_a_long_message_that_never_says_kubernetes_is_a_suggestion(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "incident report" is the Code of Conduct Committee's phrase, but a long message about a
    payment outage that never says Kubernetes holds nothing else of ours: medium, not high."""
    answer = ask(
        "does anyone have a good template for writing an incident report for our customers "
        "after last week's payment outage?",
        kb,
        index,
    )
    assert answer.confidence != "high"


def test_the_same_phrase_in_a_short_question_is_still_sure(kb: KnowledgeBase, index: Index) -> None:
    answer = ask("who handles a code of conduct incident report?", kb, index)
    assert answer.matches[0].id == "committee-code-of-conduct" and answer.confidence == "high"


def test_a_sig_channel_named_as_where_not_to_post_is_not_where_the_report_goes(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "I'd rather not post this in #sig-auth": the channel is the public place the person
    avoids; a flaw told in private goes to the Security Response Committee."""
    answer = ask(
        "old tokens keep working after their namespace is gone. I'd rather not post this in "
        "#sig-auth yet, who should hear about it privately?",
        kb,
        index,
    )
    assert answer.private and answer.matches[0].id == "committee-security-response"


def test_asking_to_reach_a_sig_privately_by_name_still_names_the_sig(
    kb: KnowledgeBase, index: Index
) -> None:
    answer = ask("can I message the SIG Auth chairs privately?", kb, index)
    assert answer.matches[0].id == "sig-auth" and not answer.private


def test_a_pasted_test_name_tagged_with_its_sig_names_the_owner_over_words_about_ci(
    kb: KnowledgeBase, index: Index
) -> None:
    """The message says testgrid, e2e and flaky (SIG Testing's topics: where tests run), but the
    test it pasted carries its owner's tag: the tagged SIG comes first."""
    message = (
        "hi, on testgrid one e2e case has been flaky for a week and I want to find its owner:\n\n"
        "```\nKubernetes e2e suite: [It] [sig-apps] StatefulSet Basic StatefulSet functionality"
        " should perform rolling updates and roll backs of template modifications\n"
        "k8s.io/kubernetes/test/e2e/apps/statefulset.go:1092\n```\n\n"
        "should this go to sig-testing or someone else?"
    )
    answer = ask(message, kb, index)
    assert answer.status in ("answer", "ambiguous")
    assert answer.matches[0].id == "sig-apps"
    without_the_tag = ask(message.replace("[sig-apps] ", ""), kb, index)
    assert without_the_tag.matches[0].id != "sig-apps"


def test_what_a_person_did_at_a_community_event_is_a_conduct_matter_though_never_called_one(
    kb: KnowledgeBase, index: Index
) -> None:
    """No "harassment", no "privately": a story about a person and "who should we tell". The
    summit is where it happened, not whose matter it is; and the first step is private."""
    answer = ask(
        "At the contributor summit social someone grabbed my friend's arm and would not let go "
        "when she tried to leave. She does not want a fuss. Who should we tell?",
        kb,
        index,
    )
    assert answer.matches[0].id == "committee-code-of-conduct"
    assert answer.private


def test_a_story_about_someone_outside_the_community_is_still_not_ours(
    kb: KnowledgeBase, index: Index
) -> None:
    assert ask("快递员态度太差了，东西还弄坏了，在哪里举报他们？", kb, index).status == "none"
    plumber = "the plumber never showed up and he won't answer, who do I tell?"
    assert ask(plumber, kb, index).status == "none"


def test_a_fix_to_keep_quiet_until_it_is_public_goes_to_the_security_committee(
    kb: KnowledgeBase, index: Index
) -> None:
    """It asks no "where do I report", only how a fix is kept from the public until then."""
    answer = ask(
        "a fix in golang.org/x/net has to land in client-go before it goes public; how does "
        "the community coordinate that?",
        kb,
        index,
    )
    assert answer.matches[0].id == "committee-security-response"
    assert answer.private


@pytest.mark.parametrize(
    ("title", "owner"),
    [
        (
            "cluster-autoscaler: nodes with local emptyDir volumes are never scaled down",
            "sig-autoscaling",
        ),
        (
            "kubeadm: upgrade plan shows the wrong etcd version for an external etcd",
            "sig-cluster-lifecycle",
        ),
    ],
    ids=["cluster-autoscaler", "kubeadm"],
)
def test_a_title_names_its_subject_before_the_colon(
    title: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    """GitHub titles put the component first ("kubeadm: ..."): it outranks what the rest of the
    title mentions on the way (emptyDir volumes, etcd)."""
    assert ask(title, kb, index).matches[0].id == owner
    assert ask(title.split(": ", 1)[1], kb, index).matches[0].id != owner


@pytest.mark.parametrize(
    ("title", "owner"),
    [
        (
            "cluster-autoscaler: scale-down skips nodes whose pods use emptyDir volumes",
            "sig-autoscaling",
        ),
        (
            "scheduler: PodTopologySpread ignores RuntimeClass pod overhead when scoring",
            "sig-scheduling",
        ),
    ],
    ids=["cluster-autoscaler", "scheduler"],
)
def test_a_titles_subject_outweighs_two_other_things_it_mentions(
    title: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    """The component before the colon is what the title is about, even when the rest names two
    things of another group (emptyDir and pods; RuntimeClass and pod overhead): an answer, not a
    choice between them."""
    answer = ask(title, kb, index)
    assert answer.status == "answer" and answer.matches[0].id == owner


def test_a_kep_title_said_with_a_word_from_elsewhere_yields_to_the_curated_topic(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "Cloud Controller Manager" is a KEP whose kep.yaml names SIG API Machinery; curators
    record SIG Cloud Provider as its owner today. A title that says "controller" again further on
    ("node controller") still names the curated topic."""
    title = "cloud-controller-manager: node controller keeps re-adding the uninitialized taint"
    assert ask(title, kb, index).matches[0].id == "sig-cloud-provider"


def test_asking_which_of_the_communitys_groups_keeps_a_vendors_integration_is_ours(
    kb: KnowledgeBase, index: Index
) -> None:
    """Another product named where it asks (华为云) is what the group's work is about when the
    question asks which of the community's groups maintains it."""
    message = (
        "我们装了 cloud-controller-manager，LoadBalancer 一直 pending。"
        "华为云的 cloud provider 是社区哪个组在维护的？"
    )
    answer = ask(message, kb, index)
    assert answer.status == "answer" and answer.matches[0].id == "sig-cloud-provider"


def test_a_component_that_leaks_memory_or_file_descriptors_has_a_bug_not_a_leaked_secret(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "secrets" and "leaks" make a report pair, but what leaks here is file descriptors: the
    component's SIG, in public. A leaked token stays a private report."""
    bug = ask(
        "secrets-store-csi-driver: the provider leaks file descriptors after rotation", kb, index
    )
    assert bug.matches[0].id == "sig-auth" and not bug.private
    leak = ask("the token refresher leaks the token into the debug log", kb, index)
    assert leak.matches[0].id == "committee-security-response" and leak.private


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        ("which group owns managedFields and field managers?", "sig-api-machinery"),
        ("my kind cluster never becomes ready inside WSL, who maintains kind?", "sig-testing"),
        ("0/12 nodes are available: 12 Insufficient cpu. which sig?", "sig-scheduling"),
        ("Kubernetes 的发版是谁在负责？", "sig-release"),
        ("how long must a beta API be served before removal, who decides?", "sig-architecture"),
        ("our WG lead stopped showing up, how do we replace a lead?", "committee-steering"),
        (
            "is there a bounty for kubelet bugs that let a pod read host files?",
            "committee-security-response",
        ),
        (
            "can the tokens my containers get be short-lived and bound to the pod? who owns that",
            "sig-auth",
        ),
        (
            "am I eligible to vote in the steering election with only reviews and no merged PRs?",
            "committee-steering",
        ),
        (
            "where do I ask about the thing that adds nodes automatically when pods are pending?",
            "sig-autoscaling",
        ),
        ("who decides API naming conventions for new fields?", "sig-architecture"),
        (
            "component-base/metrics: histogram buckets are wrong for apiserver latency",
            "sig-instrumentation",
        ),
    ],
    ids=[
        "managed-fields",
        "kind-cluster",
        "failed-scheduling",
        "发版",
        "api-lifetime",
        "replace-a-lead",
        "bounty",
        "bound-tokens",
        "steering-vote",
        "node-autoscaling",
        "api-naming",
        "staged-library-path",
    ],
)
def test_the_everyday_names_of_upstream_topics_name_their_owner(
    message: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    """Names upstream uses for these topics (server-side apply's managed fields, kind's clusters,
    the scheduler's "nodes are available" event, the release, the deprecation policy's lifetimes,
    a group's leads, the bug bounty) answer without the group's own vocabulary."""
    answer = ask(message, kb, index)
    assert answer.status == "answer" and answer.matches[0].id == owner


def test_an_api_kind_written_as_code_is_never_an_everyday_word(
    kb: KnowledgeBase, index: Index
) -> None:
    """A title of everyday words around one key ("borrowing", "lends", "unused") reads like a
    message about something else, unless the key is written as an identifier: ClusterQueue is
    Kueue's API kind, not a word of English."""
    title = "ClusterQueue borrowing limits are ignored when the cohort lends its unused quota"
    answer = ask(title, kb, index)
    assert answer.status == "answer" and answer.matches[0].id == "sig-scheduling"


def test_a_chinese_topic_said_on_its_own_counts_though_a_longer_alias_holds_it_elsewhere(
    kb: KnowledgeBase, index: Index
) -> None:
    """审计日志 holds 审计, but the question asks about 审计 on its own ("审计这块是哪个 SIG
    负责的"): the word it asks about weighs as the asking sentence's, and audit is SIG Auth's."""
    message = "apiserver 的审计日志每天几百 G，webhook 还丢事件。审计这块是哪个 SIG 负责的？"
    assert ask(message, kb, index).matches[0].id == "sig-auth"


def test_generic_chinese_words_in_a_long_message_do_not_outvote_what_it_asks_about(
    kb: KnowledgeBase, index: Index
) -> None:
    """节点 (node) and 镜像 (image) are said in every group's talk, as "node" and "image" are in
    English: in a message of several parts, the registry it asks about decides. A one-line
    question made of little else is about them."""
    message = (
        "我们的节点拉系统镜像一直超时。想问一下 registry.k8s.io 是谁在运维的？"
        "以后会有离亚洲更近的节点吗？"
    )
    assert ask(message, kb, index).matches[0].id == "sig-k8s-infra"
    assert ask("节点 NotReady 找哪个 SIG", kb, index).matches[0].id == "sig-node"


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        (
            "the restart delay after a crash loop is far too long for us, who works on that?",
            "sig-node",
        ),
        (
            "deleting a Deployment left orphaned objects behind, who owns cascading deletion?",
            "sig-api-machinery",
        ),
        (
            "our feature is stuck in beta for five releases, who decides if that is allowed?",
            "sig-architecture",
        ),
        ("ndots makes every lookup slow in our pods, which group?", "sig-network"),
        ("我们想把集群规模做到上万节点，官方有没有测过规模上限？找哪个组？", "sig-scalability"),
        (
            "lower-priority pods get preempted to make room for batch jobs, who do I ask?",
            "sig-scheduling",
        ),
        (
            "is there a group that thinks about backing up whole applications with their volumes?",
            "wg-data-protection",
        ),
        ("who looks after the openstack integration?", "sig-cloud-provider"),
        (
            "we need pods to distribute evenly across zones but they land in one, which group?",
            "sig-scheduling",
        ),
        (
            "objects stay behind after I delete their owner, who owns that logic?",
            "sig-api-machinery",
        ),
    ],
    ids=[
        "restart-delay",
        "cascading-deletion",
        "perma-beta",
        "ndots",
        "规模上限",
        "preemption",
        "app-backup",
        "openstack-integration",
        "spread-evenly",
        "left-behind",
    ],
)
def test_a_feature_described_in_plain_words_names_its_owner(
    message: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    """Newcomers describe a feature rather than name it (the restart delay of a crash loop,
    objects left behind by a delete, a feature stuck in beta): the curated plain names find
    the group that owns it, first (a choice between two owners at worst, never a refusal)."""
    answer = ask(message, kb, index)
    assert answer.status != "none" and answer.matches[0].id == owner


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        (
            "Our cloud-controller-manager fork for AWS stopped reconciling load balancers after "
            "a bump. Is that an AWS problem or who do I ask?",
            "sig-cloud-provider",
        ),
        (
            "cluster-autoscaler on our GKE cluster never removes empty nodes. Google's problem or "
            "upstream?",
            "sig-autoscaling",
        ),
    ],
    ids=["cloud-controller-manager", "cluster-autoscaler"],
)
def test_a_component_named_in_one_sentence_anchors_a_question_asked_in_another(
    message: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    """A component written by its hyphenated name is the project's, whichever sentence it
    stands in: the question that names a cloud vendor is still about it."""
    answer = ask(message, kb, index)
    assert answer.status != "none" and answer.matches[0].id == owner


def test_linux_nodes_are_the_clusters_own_not_another_product(
    kb: KnowledgeBase, index: Index
) -> None:
    """Linux is what most nodes run, as Windows is what SIG Windows' nodes run: saying it twice
    in a message about a cluster's nodes does not make the message about another product."""
    message = (
        "Our cluster has Linux control plane nodes and Windows workers. Pods on the Windows "
        "workers fail to start after a reboot while the Linux ones are fine. Who looks at "
        "Windows node problems?"
    )
    answer = ask(message, kb, index)
    assert answer.status == "answer" and answer.matches[0].id == "sig-windows"


def test_a_sig_meeting_that_starts_is_no_new_group(kb: KnowledgeBase, index: Index) -> None:
    """ "start" beside "sig" is as often a meeting starting as a group being started: a new
    group is said in full ("start a new working group")."""
    answer = ask("what time does the sig node meeting start?", kb, index)
    assert answer.confidence == "high" and answer.matches[0].id == "sig-node"
    new = ask("we want to start a new working group about edge, who approves?", kb, index)
    assert new.matches[0].id == "committee-steering"


def test_a_chinese_should_we_question_is_no_report_of_a_flaw(
    kb: KnowledgeBase, index: Index
) -> None:
    """是不是应该 ("should we ...?") asks what to do, as "how do I" does: it holds 不是应该 ("isn't
    it supposed to"), a word of a report pair, but tells no flaw, and goes to the SIG in public."""
    message = (
        "pod 里用 serviceaccount token 调内部服务一直 401，是不是应该把 token 的 issuer 改成外部"
        "地址？这个归哪个组管？"
    )
    answer = ask(message, kb, index)
    assert answer.matches[0].id == "sig-auth" and not answer.private


def test_two_plain_words_of_a_pair_do_not_make_another_products_question_ours(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "token" near "过期" (expire) is SIG Auth's bound tokens in a Kubernetes message; in a
    question about a DingTalk mini-program's login it is that product's."""
    assert ask("钉钉小程序的 token 过期以后怎么自动续期？", kb, index).status == "none"
    ours = ask("can the tokens my containers get be short-lived and bound to the pod?", kb, index)
    assert ours.matches[0].id == "sig-auth" and ours.status != "none"


def test_a_tag_before_a_colon_is_no_subject(kb: KnowledgeBase, index: Index) -> None:
    message = "PSA: free coffee in the kitchen today, facilities is testing a new espresso machine"
    assert ask(message, kb, index).status == "none"


def test_naming_a_sig_or_a_wg_makes_everyday_words_mean_the_communitys_things(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "charter" and "steering" are everyday words; beside "WG" or "SIG" they are the project's
    charters and its Steering Committee. Without them, steering is a car's."""
    assert ask("our WG's charter needs a scope update, who approves it?", kb, index).matches[
        0
    ].id == ("committee-steering")
    wheel = ask("the steering wheel of my car shakes at high speed, who should I ask?", kb, index)
    assert wheel.status == "none"


def test_a_chinese_message_that_starts_with_another_product_is_about_it(
    kb: KnowledgeBase, index: Index
) -> None:
    """持续集成 (CI) is SIG Testing's word, but this CI is Jenkins's, named first."""
    assert ask("用 Jenkins 做持续集成，流水线老是失败，怎么办？", kb, index).status == "none"
    assert ask("Prow 做持续集成的时候 e2e 老是失败，找哪个 SIG？", kb, index).status != "none"


def test_the_readmes_story_of_a_colleague_goes_to_the_code_of_conduct_committee(
    kb: KnowledgeBase, index: Index
) -> None:
    message = (
        "at the contributor summit social someone grabbed a colleague's arm and wouldn't let go, "
        "who should we tell?"
    )
    answer = ask(message, kb, index)
    assert answer.matches[0].id == "committee-code-of-conduct" and answer.private


def test_a_kep_title_of_two_everyday_kubernetes_words_is_named_only_by_them_together(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "Pod Ready++" is KEP-580's title; "pods never become ready" is a symptom, not that KEP."""
    assert ask("pod ready++", kb, index).matches[0].id == "sig-network"
    symptom = ask("pods never become ready after upgrade", kb, index)
    assert not (symptom.feature and symptom.feature.title == "Pod Ready++")


def test_asking_for_good_first_issues_without_a_topic_shows_how_to_find_them(
    kb: KnowledgeBase, index: Index
) -> None:
    """Each group's answer links its good first issues; with no group named, the help says how
    to get there, instead of guessing a group from "good", "first" and "issue"."""
    assert ask("where are the good first issues?", kb, index).status == "help"
    assert ask("good first issues for sig node", kb, index).matches[0].id == "sig-node"


@pytest.mark.parametrize(
    "message",
    [
        "Who maintains the Bitnami PostgreSQL Helm chart? the primary keeps getting OOMKilled",
        "our redis cluster (not k8s, plain VMs) fails over every night, who can help?",
        "我们的 Jenkins 流水线一直卡在 checkout，找谁？",
    ],
    ids=["vendor chart", "not k8s", "zh product"],
)
def test_a_question_about_another_product_says_so_instead_of_offering_groups(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    """Near matches for a vendor's chart would be guesses ("SIG CLI (helm, chart)"): the reader
    is told the question looks like another product's, in the terminal, in Slack (no suggestion
    buttons) and on the web page (no suggested cards)."""
    answer = ask(message, kb, index)
    assert (answer.status, answer.reason) == ("none", "elsewhere")
    text = render_text(answer, kb)
    assert ("another product" in text or "其他产品" in text) and "Did you mean" not in text
    blocks = json.dumps(render_blocks(answer, kb, interactive=True))
    assert "sigbot_choose" not in blocks and "none_picker" in blocks
    view = answer_view(answer, kb, Reader(answer.lang), datetime.now(timezone.utc))
    assert not view.sections


def test_a_misspelt_key_says_how_it_was_read_in_every_surface(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "kubeclt" answers SIG CLI; the reader sees that it was read as "kubectl" (in the
    terminal, in Slack, on the web page), not only "you asked about kubectl"."""
    answer = ask("who ownes kubeclt?", kb, index)
    assert answer.matches[0].id == "sig-cli" and answer.corrected == (("kubeclt", "kubectl"),)
    assert "read “kubeclt” as “kubectl”" in render_text(answer, kb)
    assert "read “kubeclt” as “kubectl”" in json.dumps(
        render_blocks(answer, kb), ensure_ascii=False
    )
    view = answer_view(answer, kb, Reader("en"), datetime.now(timezone.utc))
    assert any("read “kubeclt” as “kubectl”" in c.why for s in view.sections for c in s.cards)
    assert ask("who owns kubectl?", kb, index).corrected == ()


@pytest.mark.parametrize(
    "title",
    ["deps: bump google.golang.org/grpc to v1.72.1", "Bump golang.org/x/crypto to v0.40.0"],
)
def test_a_go_module_bump_is_sig_architectures_dependency_work_not_the_org_repository(
    title: str, kb: KnowledgeBase, index: Index
) -> None:
    """ "golang.org" is a Go module's host, not the kubernetes/org repository (ContribEx); a
    module bumped is the code-organization subproject's dependency work."""
    answer = ask(title, kb, index)
    assert answer.matches[0].id == "sig-architecture"
    assert all(m.via_label != "kubernetes/org" for m in answer.matches)


@pytest.mark.parametrize(
    "title",
    [
        "[ja] translate tasks/configure-pod-container/configure-liveness-readiness-probes.md",
        "[ko] update concepts/services-networking/network-policies.md to v1.34",
    ],
)
def test_a_localization_tag_that_opens_a_title_makes_it_sig_docs_work(
    title: str, kb: KnowledgeBase, index: Index
) -> None:
    """The page is about probes or network policy, but a title opened by a localization
    team's tag is a translation: SIG Docs' work (topics.yaml `title_tags`)."""
    answer = ask(title, kb, index)
    assert answer.matches[0].id == "sig-docs"
    assert "tag [" in render_text(answer, kb)  # says why: the tag, not the page's topic


def test_a_language_tag_inside_a_sentence_opens_no_title(kb: KnowledgeBase, index: Index) -> None:
    answer = ask("who owns readiness probes? the docs page [ja] is outdated", kb, index)
    assert answer.matches[0].id == "sig-node"


def test_a_bare_issue_link_asks_for_its_title_instead_of_guessing(
    kb: KnowledgeBase, index: Index
) -> None:
    """kubernetes/kubernetes names no owner; "github" and "issue" are no clues: no guesses,
    but what to paste, in the terminal and in Slack. A repository that names its owner still
    answers."""
    link = ask("https://github.com/kubernetes/kubernetes/issues/12345", kb, index)
    assert (link.status, link.reason, link.matches) == ("none", "link", ())
    assert "paste" in render_text(link, kb).lower()
    assert "title" in json.dumps(render_blocks(link, kb))
    assert ask("https://github.com/kubernetes-sigs/kind/issues/12", kb, index).matches[0].id == (
        "sig-testing"
    )


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        (
            "metrics-server on our AKS cluster returns no data for Azure nodes",
            "sig-instrumentation",
        ),
        (
            "external-dns stopped creating records in Cloudflare after we moved to GKE",
            "sig-network",
        ),
    ],
    ids=["metrics-server", "external-dns"],
)
def test_a_component_written_as_its_name_is_ours_beside_other_products(
    message: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    """Two other products (AKS and Azure, Cloudflare and GKE) make a message about them, unless
    it names something of the project's own: a component written as one hyphenated name is
    that, not the everyday words it is made of."""
    answer = ask(message, kb, index)
    assert answer.status == "answer" and answer.matches[0].id == owner


def test_kind_of_is_english_not_the_tool(kb: KnowledgeBase, index: Index) -> None:
    """kind is SIG Testing's tool, but "what kind of cluster" and "that kind of funding" are
    English: the tool is named only where "kind" is not followed by "of"."""
    assert ask("what kind of cluster do I need for this?", kb, index).status == "none"
    funding = (
        "our company wants to give the project cloud credits. who decides that kind of funding?"
    )
    assert ask(funding, kb, index).matches[0].id != "sig-testing"
    assert ask("kind cluster won't start on my mac", kb, index).matches[0].id == "sig-testing"


def test_a_groups_own_mailing_list_is_that_groups_not_the_platform_admins(
    kb: KnowledgeBase, index: Index
) -> None:
    """ContribEx runs the mailing lists and Slack; SIG Node's list is SIG Node's to join."""
    answer = ask("how do I join SIG Node? is there a mailing list I should sign up for", kb, index)
    assert answer.matches[0].id == "sig-node"
    assert ask("who runs the kubernetes mailing lists?", kb, index).matches[0].id == (
        "sig-contributor-experience"
    )


@pytest.mark.parametrize(
    ("message", "not_meant"),
    [
        (
            "Anyone else on Windows 11 here? since this week's update my laptop won't wake from "
            "sleep:\n\n```\nThe driver detected an internal error: power state transition failed"
            "\n```\n\nany ideas?",
            "sig-windows",
        ),
        (
            "Our Spring Security setup broke after the upgrade. Every POST now gets a 403:\n\n"
            "```\nAccess Denied: Invalid CSRF token\n```\n\nwhat changed?",
            "sig-security",
        ),
    ],
    ids=["windows-11", "spring-security"],
)
def test_our_word_inside_the_name_of_something_else_names_no_group(
    message: str, not_meant: str, kb: KnowledgeBase, index: Index
) -> None:
    """ "Windows 11" and "Spring Security" are things outside the project (language.yaml
    `elsewhere`): the message gets no answer, and the group whose name is inside them is not
    even offered as a near match."""
    answer = ask(message, kb, index)
    assert answer.status == "none"
    assert not_meant not in [m.id for m in answer.matches]


@pytest.mark.parametrize(
    ("message", "status"),
    [
        (
            "my router has an IPv6 toggle, should I turn it on? the wifi at home keeps dropping",
            "none",
        ),
        ("光猫要不要开 IPv6？宽带老是掉线", "none"),
        ("who owns IPv6 dual-stack?", "answer"),
    ],
    ids=["home-router", "home-router-zh", "dual-stack"],
)
def test_one_word_of_a_kep_title_beside_another_product_names_no_kep(
    message: str, status: str, kb: KnowledgeBase, index: Index
) -> None:
    """ "IPv6" is one word of "Graduate IPv6 to beta": beside a home router it is the router's
    setting, not that KEP; asked about on its own it is still SIG Network's."""
    answer = ask(message, kb, index)
    assert answer.status == status
    if status == "answer":
        assert answer.matches[0].id == "sig-network"


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        ("found a SQL injection in a WordPress plugin, how do I disclose it privately?", None),
        (
            "found an RCE in a Java library our Maven build pulls in. how do I get a CVE assigned?",
            None,
        ),
        (
            "someone at my company keeps making sexist remarks in standups, how do I report it "
            "to HR?",
            None,
        ),
        (
            "found a way to read other tenants' secrets through the kubelet API on GKE, how do I "
            "report it privately?",
            "committee-security-response",
        ),
        (
            "There's a reviewer who shows up in every thread I'm in on GitHub and Slack. He "
            "keeps calling me stupid and it has been going on for weeks.",
            "committee-code-of-conduct",
        ),
        (
            "ingress-nginx: a crafted annotation makes the controller serve its own token. who do "
            "I tell privately?",
            "committee-security-response",
        ),
    ],
    ids=[
        "wordpress-plugin",
        "java-library-cve",
        "workplace",
        "kubelet-on-gke",
        "reviewer-on-github",
        "ingress-nginx",
    ],
)
def test_a_private_report_is_ours_only_when_it_is_about_kubernetes(
    message: str, owner: str | None, kb: KnowledgeBase, index: Index
) -> None:
    """A vulnerability or a conduct matter is a private report, but one about another product or
    workplace is for that product's or workplace's own contact: no committee of ours is named.
    One about a thing of ours, told beside another product (GKE), still goes to the committee."""
    answer = ask(message, kb, index)
    if owner is None:
        assert answer.status == "none" and answer.reason == "elsewhere"
    else:
        assert answer.status == "answer" and answer.matches[0].id == owner and answer.private


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        ("our pods keep dying on startup and the retry delay grows each time, can we cap it?",
         "sig-node"),
        ("how can I grow the disk of my database pod without downtime?", "sig-storage"),
        ("I want to run a few small inference apps on the same GPU, each with a slice of it. "
         "who works on that?", "wg-device-management"),
        ("all the replicas of my service ended up in one zone; how do I spread them out?",
         "sig-scheduling"),
        ("节点关机的时候，上面的应用能不能优雅退出？", "sig-node"),
    ],
    ids=["crash-loop-back-off", "volume-expansion", "gpu-sharing", "zone-spread", "zh-shutdown"],
)  # fmt: skip
def test_a_feature_described_in_everyday_words_finds_its_owner(
    message: str, owner: str, kb: KnowledgeBase, index: Index
) -> None:
    """A newcomer describes the feature instead of naming it (knowledge/described.yaml)."""
    first(owner, message, kb, index)


@pytest.mark.parametrize(
    "message",
    [
        "The systemd service restarts too quickly after it crashes; how do I add a delay "
        "between restarts?",
        "my laptop's disk is full, can I make it bigger without reinstalling?",
        "our SageMaker training jobs wait in a queue for GPUs for hours, can we share the "
        "GPUs between jobs?",
    ],
    ids=["systemd-restarts", "laptop-disk", "managed-ml-service"],
)
def test_the_same_everyday_words_about_something_else_get_no_owner(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    assert ask(message, kb, index).status == "none"


def test_a_name_outweighs_a_description_said_in_the_same_words(
    kb: KnowledgeBase, index: Index
) -> None:
    """'pod … sandbox' could describe SIG Node's pod sandbox, but "the agent-sandbox project"
    is a name, and its owner comes first."""
    message = (
        "we found the agent-sandbox project for running isolated singleton pods. which SIG owns it?"
    )
    a = ask(message, kb, index)
    assert a.matches[0].id == "sig-apps"
    assert all(m.via_kind != "described" for m in a.matches[:2])


def test_a_statement_that_asks_nothing_names_its_likely_owner_as_probable(
    kb: KnowledgeBase, index: Index
) -> None:
    """Told in sentences with no question, what the person wants from us is a guess (and such
    statements are often reports told as stories): a topic named there says "probably"; asked,
    the same words are answered at `high`."""
    told = (
        "After we upgraded the staging cluster to 1.31 this morning, the kube-proxy pods crash "
        "on startup in nftables mode on every worker node, and services stopped answering."
    )
    stated = ask(told, kb, index)
    asked = ask(told + " Which SIG owns kube-proxy?", kb, index)
    assert stated.matches[0].id == asked.matches[0].id == "sig-network"
    assert (stated.confidence, asked.confidence) == ("medium", "high")
    assert render_text(stated, kb, datetime(2026, 12, 7, tzinfo=timezone.utc)).startswith(
        "Probably SIG Network"
    )


def test_a_described_feature_is_named_back_so_the_newcomer_learns_what_to_search_for(
    kb: KnowledgeBase, index: Index
) -> None:
    """The answer says which upstream feature the description sounds like (described.yaml's
    `about`), in the terminal and in Slack, not the person's own words back."""
    a = ask("our pods keep dying on startup and the retry delay grows each time", kb, index)
    assert a.matches[0].via_kind == "described"
    assert "Why: it sounds like KEP-4603 crash-loop back-off" in render_text(a, kb)
    assert "it sounds like <https://kep.k8s.io/4603|KEP-4603> crash-loop back-off" in json.dumps(
        render_blocks(a, kb), ensure_ascii=False
    )


def test_asking_where_to_report_privately_with_no_committee_word_gets_the_private_process(
    kb: KnowledgeBase, index: Index
) -> None:
    """No word of the Security Response Committee's ("vulnerability", "CVE"), but the person
    asks where to report it privately, about no one, and the records point to the committee:
    its private process, as a suggestion read from how it was asked."""
    a = ask(
        "We found a way for an ordinary user to get admin rights on any cluster. "
        "Where should we report it privately?",
        kb,
        index,
    )
    assert (a.status, a.confidence, a.private) == ("answer", "medium", True)
    assert a.matches[0].id == "committee-security-response"
    assert "security@kubernetes.io" in render_text(a, kb)


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        ("my pod sits in pending forever and describe shows no events, it doesn't say why",
         "sig-scheduling"),
        ("pod 一直 pending，describe 里没有事件，看不到原因", "sig-scheduling"),
        ("after the kubelet restarted, some volumes stayed mounted and became orphaned",
         "sig-storage"),
    ],
)  # fmt: skip
def test_a_kep_no_description_covered_before_is_found_from_everyday_words(
    kb: KnowledgeBase, index: Index, message: str, owner: str
) -> None:
    """Every live KEP with a problem a user could describe has a pair in described.yaml (the
    287 written blind at the eighteenth stop covered those that had none): the symptom in
    plain words, in English or Chinese, finds the KEP's owning group."""
    a = ask(message, kb, index)
    assert a.status != "none"
    assert a.matches[0].id == owner
    assert a.matches[0].via_kind == "described"


@pytest.mark.parametrize(
    "message",
    ["钉钉机器人的 webhook 一直返回签名错误，怎么排查？", "企业微信机器人的 webhook 推送老是超时"],
)
def test_a_product_named_inside_a_chinese_phrase_owns_the_word_beside_it(
    kb: KnowledgeBase, index: Index, message: str
) -> None:
    """A run of Chinese is one token ("钉钉机器人的"), so another product's Chinese name is
    looked for inside it: the webhook of a DingTalk bot is DingTalk's, not admission webhooks."""
    a = ask(message, kb, index)
    assert a.status == "none"
    assert a.confidence is None


def test_a_group_name_said_as_an_everyday_word_is_no_rival_however_much_else_is_said(
    kb: KnowledgeBase, index: Index
) -> None:
    """Kubernetes evidence elsewhere in a message makes an everyday word that is one of our keys
    count ("drain"), but not a group's name said as an everyday word: "an app", "the app" name
    a workload, not SIG Apps, so the owner of draining is not made a choice."""
    a = ask(
        "Node drains hang in our patch window because one app has a single replica and a "
        "budget that forbids any disruption. Is there a better way for the app and the "
        "maintenance tooling to cooperate?",
        kb,
        index,
    )
    assert a.status == "answer"
    assert a.matches[0].id == "wg-node-lifecycle"
    assert "sig-apps" not in [m.id for m in a.matches[:2]]


def test_the_rest_of_something_is_no_rest_api(kb: KnowledgeBase, index: Index) -> None:
    """ "The rest of the replicas" is English, not REST from computing at large: it makes no
    message about another technology."""
    a = ask(
        "The rest of the replicas keep crashing after the first one comes up. "
        "How do I make the restart delay shorter?",
        kb,
        index,
    )
    assert a.status == "answer"
    assert a.matches[0].id == "sig-node"


@pytest.mark.parametrize(
    "message",
    [
        "is there a rule for every SIG about how reviewers get promoted, and who writes it?",
        "全项目层面的规则，比如 reviewer 要满足什么条件，是谁定的？",
    ],
)
def test_a_topic_said_in_two_parts_leads_one_word_of_another_topic(
    kb: KnowledgeBase, index: Index, message: str
) -> None:
    """ "Rule" near "every SIG" (a curated pair: project-wide policy, the Steering Committee's)
    says more than "reviewers" alone (ContribEx's word): the pair leads the choice."""
    a = ask(message, kb, index)
    assert a.status != "none"
    assert a.matches[0].id == "committee-steering"


def test_a_report_beside_another_technology_that_never_says_kubernetes_is_only_likely_ours(
    kb: KnowledgeBase, index: Index
) -> None:
    """The private process still comes first, but "a vulnerability in a Jenkins plugin" may be
    Jenkins' to receive: `medium`, where the same report about the kubelet is `high`."""
    other = ask(
        "Where do I privately report a vulnerability I found in a Jenkins plugin?", kb, index
    )
    ours = ask("I found a vulnerability in the kubelet, where do I report it privately?", kb, index)
    assert other.private and ours.private
    assert other.matches[0].id == ours.matches[0].id == "committee-security-response"
    assert (other.confidence, ours.confidence) == ("medium", "high")


@pytest.mark.parametrize(
    "title",
    [
        "MachineDeployment rollout stuck when the old machine set never scales down",
        "KubeadmControlPlane rollout stuck after changing the image repository",
    ],
)
def test_a_title_that_starts_with_a_name_written_as_one_is_about_that_name_first(
    kb: KnowledgeBase, index: Index, title: str
) -> None:
    """A title that starts with an API kind or a component written as one name is about it, as
    one with a "<component>:" prefix is: Cluster API's kinds are SIG Cluster Lifecycle's, and
    the everyday pair after them ("rollout … stuck", a Deployment's) comes second."""
    a = ask(title, kb, index)
    assert a.matches[0].id == "sig-cluster-lifecycle"
    assert "sig-apps" in [m.id for m in a.matches]


def test_a_record_of_the_projects_own_domains_is_the_infrastructures_not_cluster_dns(
    kb: KnowledgeBase, index: Index
) -> None:
    """A CNAME under sigs.k8s.io is a change to the project's own domains (SIG K8s Infra),
    even in a title prefixed "dns:"; an A record CoreDNS serves in a cluster stays SIG
    Network's."""
    project = ask("dns: add a CNAME record for the new sigs.k8s.io subdomain", kb, index)
    cluster = ask("our CoreDNS returns the wrong A record for a headless service", kb, index)
    assert project.matches[0].id == "sig-k8s-infra"
    assert cluster.matches[0].id == "sig-network"


def test_a_product_named_as_a_comparison_is_not_what_the_message_is_about(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "Similar to a save game", "like a git diff": the product compares, it is not asked
    about, so the feature described (checkpointing a running container) is still answered.
    The same product asked about is still another product's question."""
    compared = ask(
        "We'd like to snapshot a running container's memory and resume it on another node, "
        "similar to a save game.",
        kb,
        index,
    )
    asked = ask("how do I resolve a git merge conflict in my fork?", kb, index)
    assert compared.status == "answer"
    assert compared.matches[0].id == "wg-checkpoint-restore"
    assert asked.status == "none"


def test_a_chinese_pair_said_in_the_sentence_that_asks_weighs_what_that_sentence_weighs(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "云资源费用是谁在管" asks who pays for the project's cloud resources (SIG K8s Infra);
    "CI" is context. As an English pair does by its words' positions, a Chinese pair found in
    the sentence that asks who weighs what that sentence weighs, and the asked topic leads."""
    a = ask("社区给项目跑 CI 的云资源费用是谁在管？我们想申请多一点预算，要找谁？", kb, index)
    assert a.status == "answer"
    assert a.matches[0].id == "sig-k8s-infra"
    asked = [ev for ev in a.evidence if ev.via in ("pair", "described")]
    assert asked and asked[0].weight > 1.0


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        (
            "What is the process for retiring a SIG once its subprojects have quietly moved to "
            "other groups?",
            "committee-steering",
        ),
        (
            "The apiserver quietly drops unknown fields from my custom resource, can it reject "
            "them instead?",
            "sig-api-machinery",
        ),
    ],
)
def test_quietly_telling_what_happened_is_no_wish_for_privacy(
    kb: KnowledgeBase, index: Index, message: str, owner: str
) -> None:
    """ "Quietly" asks for privacy when it is how to tell ("who should get this quietly?"),
    not when it tells how something happened ("subprojects quietly moved", "the apiserver
    quietly drops fields"): those messages keep their owner, with no private process."""
    a = ask(message, kb, index)
    assert (a.status, a.matches[0].id) == ("answer", owner)
    assert not a.private


def test_asking_to_pass_something_on_quietly_is_still_private(
    kb: KnowledgeBase, index: Index
) -> None:
    a = ask(
        "I found leaked credentials in a kubernetes-sigs repo, who can I report this quietly to?",
        kb,
        index,
    )
    assert a.private
    assert a.matches[0].id == "committee-security-response"


@pytest.mark.parametrize(
    "message",
    [
        "when the host shuts down the pods just get killed, can they be stopped cleanly first?",
        "a machine went NotReady and its pods were not moved for five minutes, can that be faster?",
    ],
)
def test_a_feature_described_with_a_nodes_everyday_name_is_found(
    kb: KnowledgeBase, index: Index, message: str
) -> None:
    """People who do not know the word "node" say machine, host or server: the described
    features of nodes (graceful shutdown, eviction of an unreachable node's pods) are found
    with those words in its place, so SIG Node is named with confidence, not guessed."""
    a = ask(message, kb, index)
    assert (a.status, a.matches[0].id, a.confidence) == ("answer", "sig-node", "high")
    assert any(ev.via == "described" for ev in a.evidence)


@pytest.mark.parametrize(
    "message",
    [
        "Is there a machine-readable list of the project's announced vulnerabilities for our "
        "scanner?",
        "Does Kubernetes keep a machine-readable page with all of its disclosed vulnerabilities?",
    ],
)
def test_a_feed_of_published_vulnerabilities_is_sig_securitys_not_a_report(
    kb: KnowledgeBase, index: Index, message: str
) -> None:
    """Vulnerabilities already announced, wanted as a feed a scanner reads, are SIG Security's
    CVE feed (KEP-3203), however many words stand between "machine-readable" and
    "vulnerabilities": nobody is reporting a flaw, so the private process is not the answer."""
    a = ask(message, kb, index)
    assert a.status == "answer"
    assert a.matches[0].id == "sig-security"
    assert not a.private


@pytest.mark.parametrize(
    "message",
    [
        "Cloudflare load balancer: how do I steer European visitors to the Paris origin and fail "
        "over to Virginia only when Paris is down?",
        "our haproxy load balancer drops idle connections after a minute, which setting keeps "
        "them open?",
    ],
)
def test_a_topic_of_two_words_right_after_another_product_is_that_products(
    kb: KnowledgeBase, index: Index, message: str
) -> None:
    """ "Cloudflare load balancer" is Cloudflare's, as "Cloudflare DNS" is: a key of several
    words stands beside another product's name as much as a key of one word does, and a
    message about that product is refused rather than sent to SIG Network."""
    a = ask(message, kb, index)
    assert a.status == "none"
    assert a.reason == "elsewhere"


def test_a_one_word_kep_title_of_wider_english_needs_the_message_to_say_kubernetes(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "Go workspaces for k/k" is reached by "workspace" alone: in a note-taking app's question
    that word is the app's, while a message that says Kubernetes still names the KEP."""
    notion = ask(
        "In Notion, how do I let a guest edit one workspace page without seeing the rest of the "
        "workspace?",
        kb,
        index,
    )
    assert notion.status == "none"
    ours = ask(
        "which group decided to use a Go workspace for the kubernetes repo? go.work keeps "
        "breaking my build",
        kb,
        index,
    )
    assert ours.status == "answer"
    assert ours.matches[0].id == "sig-architecture"
    assert ours.matches[0].via_kind == "feature"


def test_a_bot_command_counts_only_where_it_is_written_as_one(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "/hold" is a Prow command SIG Testing owns; "the kubelet holds a lock" uses the English
    verb, which must not make SIG Testing a rival of the kubelet's owner."""
    verb = ask(
        "the kubelet holds a lock while it starts pods, so startup on big nodes is slow. who can "
        "look at it?",
        kb,
        index,
    )
    assert verb.status == "answer"
    assert verb.matches[0].id == "sig-node"
    assert verb.confidence == "high"
    assert "/hold" not in [m.via_label for m in verb.matches]
    command = ask("can someone /hold my PR until the code freeze ends?", kb, index)
    assert "/hold" in [m.via_label for m in command.matches]


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        (
            "Our pods scale back in a minute after a traffic spike and then the next spike hits. "
            "Can the automatic scaling hold off for ten minutes?",
            "sig-autoscaling",
        ),
        (
            "we keep hundreds of storage claims and most of them are no longer mounted by any "
            "pod. can I see when each was last used?",
            "sig-storage",
        ),
    ],
)
def test_pods_make_a_message_a_kubernetes_one_for_its_everyday_words(
    kb: KnowledgeBase, index: Index, message: str, owner: str
) -> None:
    """ "scaling" and "storage" are everyday English, ours only in a Kubernetes message; a message
    about its pods is one, though it never says "Kubernetes"."""
    a = ask(message, kb, index)
    assert a.status == "answer"
    assert a.matches[0].id == owner


@pytest.mark.parametrize(
    "message",
    [
        "同事在周会上阴阳怪气地说我的方案是抄的，还当着领导的面抢功劳，我该怎么办？",
        "Our own open-source CLI got a vulnerability report by email with a proof of concept. "
        "How do small projects usually handle the disclosure timeline?",
    ],
)
def test_a_private_matter_of_ones_own_workplace_or_project_is_not_the_committees(
    kb: KnowledgeBase, index: Index, message: str
) -> None:
    """A coworker who takes credit in front of the boss, or a report about one's own
    open-source project, is for that workplace or project: the Kubernetes committees only take
    the project's own matters."""
    a = ask(message, kb, index)
    assert a.status == "none"


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        (
            "The working group that owns this area hasn't met in a year and both leads left. Who "
            "decides whether it gets wound down?",
            "committee-steering",
        ),
        (
            "Someone keeps replying to my PR comments with gifs mocking my English. I'm close to "
            "giving up contributing.",
            "committee-code-of-conduct",
        ),
    ],
)
def test_governance_and_conduct_told_without_their_words_reach_the_committee(
    kb: KnowledgeBase, index: Index, message: str, owner: str
) -> None:
    """A newcomer says "hasn't met in a year", not "retire a WG"; "mocking my English", not
    "Code of Conduct violation": the committee is still the answer, and a conduct matter is
    never sent to a SIG."""
    a = ask(message, kb, index)
    assert a.status == "answer"
    assert a.matches[0].id == owner


def test_a_story_of_a_thing_of_ours_told_in_several_places_is_ours_beside_other_tools(
    kb: KnowledgeBase, index: Index
) -> None:
    """Naming the tools one already uses (Terraform and Ansible) does not make a message about
    them when what it asks for is said three times in our own topics, none beside those tools:
    declarative clusters, machine health checks, control-plane upgrades are Cluster Lifecycle's."""
    a = ask(
        "We mostly use Terraform and Ansible for machines. For the cluster itself we want "
        "declarative cluster creation, a machine health check that replaces broken machines, and "
        "cluster upgrades rolled out one control plane machine at a time. Who works on that?",
        kb,
        index,
    )
    assert a.status == "answer"
    assert a.matches[0].id == "sig-cluster-lifecycle"


def test_a_topic_beside_another_products_name_does_not_count_towards_a_story_of_ours(
    kb: KnowledgeBase, index: Index
) -> None:
    """Nomad's scheduler and its spread block are HashiCorp's, however many of our topic words
    the message holds: evidence beside the product's name does not anchor it to Kubernetes."""
    a = ask(
        "Our HashiCorp Nomad scheduler puts every allocation on one client even with a spread "
        "block on the node datacenter attribute. bug?",
        kb,
        index,
    )
    assert a.status == "none"


def test_a_generic_chinese_word_yields_to_a_described_feature_in_a_one_line_question(
    kb: KnowledgeBase, index: Index
) -> None:
    """节点 is specific in "节点 NotReady 找哪个 SIG", but beside words that describe a feature
    (控制面 … 落后几个版本: the version skew policy) it is only where that happens."""
    skew = ask("控制面升级以后工作节点最多可以落后几个版本？", kb, index)
    assert skew.matches[0].id == "sig-architecture"
    alone = ask("节点 NotReady 找哪个 SIG", kb, index)
    assert alone.status == "answer"
    assert alone.matches[0].id == "sig-node"


def test_a_key_said_in_the_singular_and_the_plural_is_one_reason(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "Jobs" and "the Job" are the same thing named twice: it must not outweigh the subject
    the message is about (a helper container that outlives the main one: sidecars, SIG Node)."""
    a = ask(
        "Our Jobs run a helper container beside the main one to upload results. The main "
        "container exits but the Job never completes because the helper keeps running. How do "
        "we make the helper stop with it?",
        kb,
        index,
    )
    assert a.matches[0].id == "sig-node"
    apps = next(m for m in a.matches if m.id == "sig-apps")
    assert apps.score <= a.matches[0].score


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        ("想成为某个子项目的 reviewer，需要满足什么条件？", "sig-contributor-experience"),
        ("My feature missed the freeze. Who can grant an exception?", "sig-release"),
        (
            "我们想把自己写的控制器转到 kubernetes-sigs 下面，流程是什么？",
            "sig-contributor-experience",
        ),
        ("集群资源不够时，能不能让重要的在线服务把离线任务挤掉？", "sig-scheduling"),
    ],
)
def test_how_the_project_runs_asked_in_plain_words_finds_the_group_that_runs_it(
    kb: KnowledgeBase, index: Index, message: str, owner: str
) -> None:
    """A newcomer asks how to become a reviewer, or for a freeze exception, or to move a repo
    into kubernetes-sigs, without the process's name: the group that runs that process is
    the first suggestion."""
    a = ask(message, kb, index)
    assert a.status != "none"
    assert a.matches[0].id == owner


def test_a_two_word_phrase_said_with_words_between_still_describes_its_feature(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "rotate its own certificate" says "rotate certificate" (the kubelet's certificate
    rotation, SIG Auth's), as people say things: a word or three may stand between the two
    words of a described phrase, and the words between stay free for keys of their own."""
    a = ask(
        "Can the kubelet rotate its own certificate automatically before it expires?", kb, index
    )
    assert a.status == "answer"
    assert a.matches[0].id == "sig-auth"
    assert a.matches[0].via_label.endswith("rotate certificate")
    titled = ask("Completed pod stuck in Terminating state after kubelet restart", kb, index)
    assert titled.matches[0].id == "sig-node"  # "kubelet" between "after … restart" still counts


def test_a_two_word_phrase_said_the_other_way_round_still_describes_its_feature(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "the logs of every component" says "component logs": the structured-logging description
    counts, not only the bare word "logs"."""
    a = ask(
        "Can the logs of every component be written as JSON key value pairs so our pipeline can "
        "parse them in kubernetes?",
        kb,
        index,
    )
    assert a.matches[0].id == "sig-instrumentation"
    assert a.matches[0].via_kind == "described"


def test_a_chinese_word_of_four_said_as_two_halves_apart_still_counts(
    kb: KnowledgeBase, index: Index
) -> None:
    """证书过期 said as "证书都已经过期" is the same words with a few characters between: the
    kubelet's certificate rotation is found, as in English "rotate its own certificate"."""
    a = ask("工作节点上 kubelet 的证书都已经过期了怎么办", kb, index)
    assert a.matches[0].id == "sig-auth"
    assert any(ev.via == "described" and "证书都已经过期" in ev.label for ev in a.evidence)


def test_a_data_format_asked_about_is_what_a_thing_of_ours_is_written_in(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "Can they be written as JSON?" asks for a format of our components' logs, not about
    another technology; converting YAML to JSON in Python still is one (three of them named)."""
    logs = ask(
        "The component logs of our control plane are free-form text and our log platform can't "
        "index them. Can they be written as JSON?",
        kb,
        index,
    )
    assert logs.status == "answer"
    assert logs.matches[0].id == "sig-instrumentation"
    convert = ask("how do I convert a yaml file to json in python?", kb, index)
    assert convert.status == "none"


def test_a_longer_phrase_with_two_words_of_its_own_counts_with_another_word_between(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "inside the pod" is "inside" and "pod": said "inside the running pod", its two words of
    its own are still there, a word further apart (kubectl debug's description: no shell, no
    curl, look inside)."""
    a = ask(
        "The image has no shell and no curl, so how do I look inside the running pod when it "
        "misbehaves?",
        kb,
        index,
    )
    assert a.status == "answer"
    assert a.matches[0].id == "sig-node"
    assert any(ev.via == "described" for ev in a.evidence)


def test_a_wish_to_keep_a_flaw_out_of_public_view_in_ones_own_words_is_private(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "I'd rather not spell it out in a public channel" is no phrase of language.yaml's
    `private_asks`, but says what they say: not telling, in public. A report of a flaw said so
    goes to the committee's private process, never to the SIG whose feature it names."""
    a = ask(
        "Our shared cluster seems to let one team's service account read another team's "
        "secrets through a projected volume. I'd rather not spell it out in a public channel, "
        "what's the right way to raise it?",
        kb,
        index,
    )
    assert a.private
    assert a.matches[0].id == "committee-security-response"


@pytest.mark.parametrize(
    ("message", "owner"),
    [
        (
            "I'm not sure which public channel to ask in: who owns the kubelet's image garbage "
            "collection?",
            "sig-node",
        ),
        (
            "I don't know if this belongs in a public channel, but who maintains kubeadm?",
            "sig-cluster-lifecycle",
        ),
    ],
)
def test_not_knowing_which_public_channel_is_no_wish_for_privacy(
    kb: KnowledgeBase, index: Index, message: str, owner: str
) -> None:
    """Without a word of telling between them ("spell it out", "post", "discuss"), "not" and
    "public" say nothing about keeping a matter private: the question keeps its owner."""
    a = ask(message, kb, index)
    assert not a.private
    assert a.matches[0].id == owner


def test_a_flaw_a_friend_found_in_one_of_our_programs_goes_to_security_not_conduct(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "She" is who found it, not who did something to someone: a message about a person that
    names one of the project's programs (kube-proxy) and is wary of a public issue reports a
    flaw in our software, to the Security Response Committee's private process."""
    a = ask(
        "A colleague found that kube-proxy forwards traffic for a deleted Service to the wrong "
        "pods. She's nervous about opening a public issue. Who should she talk to?",
        kb,
        index,
    )
    assert a.private
    assert a.matches[0].id == "committee-security-response"


def test_misconduct_in_a_programs_reviews_is_still_a_conduct_matter(
    kb: KnowledgeBase, index: Index
) -> None:
    a = ask("he keeps insulting people in kubelet reviews. who do I talk to about it?", kb, index)
    assert a.private
    assert a.matches[0].id == "committee-code-of-conduct"


def test_a_published_cve_cited_by_its_id_is_a_question_about_its_fix_not_a_report(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "CVE-2023-5528" is public: which releases carry its fix is a question for the groups
    that ship them, not a report for the Security Response Committee's private process. "A new
    CVE" found and to be reported privately still is one."""
    published = ask(
        "CVE-2023-5528 (the Windows in-tree storage one) was fixed upstream last year: which "
        "patch releases carry the fix?",
        kb,
        index,
    )
    assert not published.private
    assert published.matches[0].id == "sig-release"
    found = ask(
        "I think I found a new CVE in the kubelet, how do I report it privately?", kb, index
    )
    assert found.private
    assert found.matches[0].id == "committee-security-response"


@pytest.mark.parametrize(
    "message",
    [
        "Our Zimbra mail server's TLS certificate expires next week, do I need a new CSR and a "
        "restart?",
        "SCCM client logs say the certificate on the management point expired, how do I renew "
        "it with a CSR?",
    ],
)
def test_a_certificate_of_another_product_is_not_sig_auths(
    message: str, kb: KnowledgeBase, index: Index
) -> None:
    """A CSR and a certificate are SIG Auth's words, but a mail server's or a device manager's
    certificate is that product's: sigbot says it has no group for it rather than "SIG Auth
    owns this" (third_party in knowledge/language.yaml names the products)."""
    assert ask(message, kb, index).status == "none"


def test_the_companys_own_kms_is_what_a_kubernetes_feature_uses_not_another_topic(
    kb: KnowledgeBase, index: Index
) -> None:
    """公司自己的 ("the company's own") says whose KMS encrypts the secrets, not that the message
    is about something other than Kubernetes: encryption at rest with an external KMS is SIG
    Auth's. (It was a `not_kubernetes` phrase, and the question got none.)"""
    a = ask("secret 写进 etcd 之前，能不能用我们公司自己的 KMS 做静态加密？", kb, index)
    assert a.status == "answer"
    assert a.matches[0].id == "sig-auth"


def test_cordoning_machines_before_maintenance_is_node_lifecycle(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "cordon" (kubectl cordon, before a drain) is node maintenance's word, in a Chinese
    message too, where the English around it that would say "Kubernetes" is missing."""
    a = ask(
        "升级内核之前我们都是脚本先 cordon 机器，等应用迁走再重启，经常卡住。有没有更标准的做法？",
        kb,
        index,
    )
    assert a.status != "none"
    assert a.matches[0].id == "wg-node-lifecycle"


def test_a_chinese_description_split_across_two_sentences_still_names_the_feature(
    kb: KnowledgeBase, index: Index
) -> None:
    """The need in one sentence (低延迟), the wish in the next (独占几个核): Chinese often
    says a feature so. The two parts of a described feature (the CPU manager's exclusive cores,
    SIG Node) in adjacent sentences still find it."""
    a = ask("我们的撮合引擎要求低延迟。能不能给它独占几个核，别的进程都不许上来？", kb, index)
    assert a.status == "answer"
    assert a.matches[0].id == "sig-node"


def test_a_titles_subject_names_its_owner_however_everyday_the_rest(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "devstats:" before the colon is what the title is about; the rest (an affiliation, an
    employer, March) is everyday words our records never use, which for a lone key in a
    sentence would mean the word, not the group. A title's subject is not such a lone word."""
    a = ask(
        "devstats: affiliation history wrong for a maintainer who switched employers in March",
        kb,
        index,
    )
    assert a.status == "answer"
    assert a.matches[0].id == "sig-contributor-experience"
