"""How a message is cut into parts (bot/message.py), each with the role that weighs its words."""

from __future__ import annotations

from bot.message import Segment, split_message


def roles(text: str) -> list[tuple[str, str]]:
    return [(s.role, s.text.strip()) for s in split_message(text)]


def test_a_one_line_title_names_its_subject_before_the_colon() -> None:
    assert roles("kubeadm: upgrade plan shows the wrong etcd version")[0] == ("route", "kubeadm")
    path = "staging/src/k8s.io/kubectl/pkg/cmd/rollout: rollout status hangs"
    assert roles(path)[0] == ("route", "staging/src/k8s.io/kubectl/pkg/cmd/rollout")


def test_a_tag_or_a_sentence_before_a_colon_is_no_subject() -> None:
    assert roles("PSA: the office wifi is down")[0][0] != "route"
    assert roles("YARN capacity scheduler: preemption never starts")[0][0] != "route"


def test_a_message_of_several_lines_has_no_title_subject() -> None:
    text = "kubeadm: hello\n```\nE0101 10:00:00 error\n```\nwho owns this?"
    assert roles(text)[0][0] != "route"
    assert Segment("code", "\nE0101 10:00:00 error\n") in split_message(text)


def test_the_question_in_the_middle_of_a_message_asks_and_the_log_is_code() -> None:
    parts = roles("hi all.\n```\npanic: boom\n```\nwhich SIG owns the kubelet?\nthanks")
    assert ("code", "panic: boom") in parts
    assert ("route", "which SIG owns the kubelet?") in parts
