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


def test_a_where_or_how_inside_a_statement_is_a_clause_not_a_question() -> None:
    """ "we drained all of the nodes where it ran", "agree on how windows are announced": a
    statement, weighed as context, while a sentence that starts by asking asks even with no
    question mark."""
    parts = roles(
        "how do I propose a new working group. a few vendors would like to agree on how node "
        "maintenance windows are announced. yesterday we drained all of the nodes where it ran. "
        "who owns kubectl drain"
    )
    assert [role for role, _ in parts] == ["ask", "prose", "prose", "route"]


def test_a_sentence_that_ends_in_a_question_mark_asks_wherever_its_question_word_stands() -> None:
    parts = roles("we run 40 clusters and I keep wondering which SIG owns the descheduler?")
    assert parts == [
        ("route", "we run 40 clusters and I keep wondering which SIG owns the descheduler?")
    ]


def test_a_sentence_that_says_it_wants_to_know_who_asks_though_it_starts_elsewhere() -> None:
    """No question mark, and its first words tell why ("I'm asking because ..."): the "who"
    further in is still the question, where "the node where it ran" is a clause."""
    parts = roles(
        "our pulls fail in one region. I'm asking because I'd like to know who actually "
        "operates the image registry mirrors. thanks"
    )
    assert (
        "route",
        "I'm asking because I'd like to know who actually operates the image registry mirrors.",
    ) in parts


def prefix_weights(title: str) -> tuple[float, ...]:
    return parse_query(title).weights


def test_a_one_line_title_names_its_subject_before_the_colon() -> None:
    """One name before the colon is what the title is about: it weighs more than an asking
    sentence (the rest of a title mentions other groups' things on the way), the rest as prose."""
    subject = prefix_weights("kubeadm: upgrade plan shows the wrong etcd version")
    assert subject[0] > ROLE_WEIGHT["route"] and subject[1] == 1.0
    path = prefix_weights("staging/src/k8s.io/kubectl/pkg/cmd/rollout: rollout status hangs")
    assert path[:8] == (subject[0],) * 8 and path[8] == 1.0


def test_a_tag_or_several_words_before_a_colon_weigh_less() -> None:
    assert prefix_weights("PSA: the office wifi is down today")[0] == ROLE_WEIGHT["ask"]
    several = prefix_weights("YARN capacity scheduler: preemption never starts")
    assert several[:3] == (ROLE_WEIGHT["ask"],) * 3


def test_a_message_full_of_quotations_is_read_for_a_few_of_them_only() -> None:
    """A pasted log with no code fence can hold hundreds of quoted strings; what someone said is
    looked for in the first few (MAX_QUOTATIONS), so such a message costs no more than a story.
    A story's quotation within them is still found."""
    from bot.knowledge.loader import load_knowledge
    from bot.query import MAX_QUOTATIONS, parse_query

    words = load_knowledge().vocabulary
    noise = 'level=info msg="probe ok" ' * (MAX_QUOTATIONS + 5)
    late = noise + 'then a reviewer said "go away"'
    early = 'a reviewer said "go away" ' + noise
    assert parse_query(early, words).quoted == "said"
    assert parse_query(late, words).quoted == ""
