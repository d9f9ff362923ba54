"""How a message is cut into parts (bot/message.py), each with the role that weighs its words,
and how a one-line title's prefix is weighed (bot/query.py)."""

from __future__ import annotations

from bot.message import ROLE_WEIGHT, Segment, split_message
from bot.query import parse_query


def roles(text: str) -> list[tuple[str, str]]:
    return [(s.role, s.text.strip()) for s in split_message(text)]


def test_a_message_of_several_lines_is_cut_at_its_fences() -> None:
    text = "kubeadm: hello\n```\nE0101 10:00:00 error\n```\nwho owns this?"
    assert Segment("code", "\nE0101 10:00:00 error\n") in split_message(text)


def test_the_question_in_the_middle_of_a_message_asks_and_the_log_is_code() -> None:
    parts = roles("hi all.\n```\npanic: boom\n```\nwhich SIG owns the kubelet?\nthanks")
    assert ("code", "panic: boom") in parts
    assert ("route", "which SIG owns the kubelet?") in parts


def prefix_weights(title: str) -> tuple[float, ...]:
    return parse_query(title).weights


def test_a_one_line_title_names_its_subject_before_the_colon() -> None:
    """One name before the colon is what the title is about: it weighs as an asking sentence."""
    assert (
        prefix_weights("kubeadm: upgrade plan shows the wrong etcd version")[0]
        == ROLE_WEIGHT["route"]
    )
    path = prefix_weights("staging/src/k8s.io/kubectl/pkg/cmd/rollout: rollout status hangs")
    assert path[:8] == (ROLE_WEIGHT["route"],) * 8 and path[8] == 1.0


def test_a_tag_or_several_words_before_a_colon_weigh_less() -> None:
    assert prefix_weights("PSA: the office wifi is down today")[0] == ROLE_WEIGHT["ask"]
    several = prefix_weights("YARN capacity scheduler: preemption never starts")
    assert several[:3] == (ROLE_WEIGHT["ask"],) * 3
