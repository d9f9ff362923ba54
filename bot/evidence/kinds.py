"""Every kind of evidence the engine collects, in one table: what a piece of it is worth, what it
says about confidence, and which sentences the renderers use for it. Pure data.

A source (bot/evidence/<source>.py) produces evidence of one or more kinds; the ranking, the
confidence decision (bot/calibration.py, bot/answers.py) and the renderers only ever look kinds
up here, never compare their names in scattered places.

`points` are evidence points for one specific piece (a group adds up its pieces; see
bot/matching.py). They were chosen on the dev sets (`python benchmarks/eval_quality.py`): an
explicit KEP number or gate outweighs a topic alias, a path outweighs a topic, and an everyday word
inside a sentence is worth about a third of a specific one (`WEAK_SHARE`).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Kind:
    """One kind of evidence."""

    name: str  # the `via` the core hands over: "alias", "path", "kep" ...
    points: float = 1.0  # evidence points of one specific piece, before `trust`
    # Trust in the key itself: curated aliases and upstream names beat keys derived from
    # repository names (kubernetes-csi/docs is not what "docs" means).
    trust: float = 1.0
    # Names an owner by structure, not by topic (a KEP, a gate, a path, a group's own name): one
    # such piece is decisive enough for "high" (see bot/calibration.py).
    structural: bool = False
    # A key that may be an everyday word ("windows", "job"): it counts as specific once the
    # message is plainly about Kubernetes (holds specific evidence, or says "Kubernetes").
    contextual: bool = False
    # Curators wrote it down for this group, so an everyday word of this kind counts in full
    # towards "terms-only" evidence (a group's bare name used as a plain word counts by half).
    curated: bool = False
    # A curated topic (knowledge/topics.yaml): what people ask about, not a name or a record.
    topic: bool = False
    # The Kubernetes project's own by itself (a path, a KEP, a gate, a channel, a private
    # report): it anchors a message that also names another product (bot/answers.py).
    own: bool = False
    # Says the message is a report to make in private (a vulnerability, a conduct matter): its
    # group goes first and its answer offers no public channel (bot/answers.py).
    private: bool = False
    # Message ids in render/wording.py: why it matched, as a list entry ("describe") and in a
    # newcomer's words ("why"); "" where the renderers fall back to the contract's `via` text.
    describe: str = ""
    why: str = ""


WEAK_SHARE = 0.3  # an everyday word inside a sentence, against a specific piece


def _topic(name: str, points: float = 1.0, **flags: bool) -> Kind:
    """A kind of curated topic (knowledge/topics.yaml): an everyday word of it counts once the
    message is about Kubernetes, and the renderers say it as "you asked about ..."."""
    return Kind(
        name,
        points=points,
        **{"contextual": True, "curated": True, "topic": True, **flags},
        describe="via_alias",
        why="why_alias",
    )


KINDS: dict[str, Kind] = {
    k.name: k
    for k in (
        Kind("name", structural=True, contextual=True, describe="via_name", why="why_name"),
        # A group's bare one-word name ("cli", "network", "scalability"): also a plain word, so
        # it is a topic, not a reference to the group (is not decisive for "high").
        Kind("name_word", contextual=True, describe="via_name", why="why_name"),
        Kind("channel", own=True, structural=True, describe="via_channel", why="why_channel"),
        _topic("alias"),
        # A curated word that says the message is a report to make in private (a vulnerability,
        # a Code of Conduct matter): the group that takes such reports goes first.
        _topic("report", own=True, private=True, structural=True),
        # A word that says so only where the message asks where or whom to tell ("mocked",
        # "crafted request"): collected only then (topics.yaml `when_asked`).
        _topic("report_cue", own=True, private=True, structural=True),
        # A topic said in two parts, near each other ("creating" near "WG"): curated per group
        # (topics.yaml `pairs`, read by bot/evidence/pairs.py). Two parts say more than one
        # word of a topic: where a pair and another group's one-word topic both stand ("rule"
        # near "every SIG" beside "reviewers"), the pair leads, by a tie-breaker's margin.
        _topic("pair", points=1.1, contextual=False),
        # A feature described in everyday words, as a pair ("the wait between restarts keeps
        # growing"): knowledge/described.yaml. Like a pair, but it yields to a topic named in
        # the same words (bot/matching.py `_named_over_described`).
        _topic("described", contextual=False),
        # A pair that tells a report to make in private ("token" ... "in the logs"): topics.yaml
        # `pairs` with `report: true`, the committee's like a report word.
        _topic("pair_report", contextual=False, own=True, private=True, structural=True),
        # A thing a flaw reaches ("secrets", "宿主机") in a message that tells what happened and
        # asks nothing (bot/answers.py `_told_flaw`): the private report first, as a suggestion.
        Kind(
            "told_flaw",
            own=True,
            private=True,
            curated=True,
            topic=True,
            describe="via_told_flaw",
            why="why_told_flaw",
        ),
        # A quotation of what someone said where the community meets (bot/answers.py
        # `_told_conduct`): the conduct committee's private report first, as a suggestion.
        Kind(
            "told_conduct",
            own=True,
            private=True,
            curated=True,
            topic=True,
            describe="via_told_conduct",
            why="why_told_conduct",
        ),
        _topic("shared", structural=True),
        Kind(
            "subproject",
            trust=0.95,
            structural=True,
            contextual=True,
            curated=True,
            describe="via_subproject",
            why="why_subproject",
        ),
        Kind(
            "repository",
            trust=0.92,
            structural=True,
            contextual=True,
            describe="via_repository",
            why="why_subproject",
        ),
        Kind("path", own=True, points=1.4, structural=True, describe="via_path", why="why_path"),
        # A camelCase word only one group's records use ("matchLabelKeys"): its feature.
        Kind(
            "identifier",
            own=True,
            points=1.0,
            describe="via_identifier",
            why="why_identifier",
        ),
        # A PascalCase component name made of a curated topic ("DefaultPreemption"): the topic.
        Kind(
            "component",
            points=0.9,
            contextual=True,
            describe="via_component",
            why="why_component",
        ),
        # The owner tag of an e2e test ("[sig-network] Services should ..."): who owns the test.
        Kind(
            "test_tag",
            own=True,
            points=1.4,
            structural=True,
            describe="via_test_tag",
            why="why_test_tag",
        ),
        # A curated tag that opens a title ("[zh-cn] sync ..."): whose work the title is.
        Kind(
            "title_tag",
            own=True,
            points=1.4,
            structural=True,
            describe="via_title_tag",
            why="why_title_tag",
        ),
        Kind("retired", own=True, structural=True, describe="via_retired", why="why_misnomer"),
        Kind("misnomer", own=True, structural=True, describe="via_retired", why="why_misnomer"),
        # A retired group's topic word ("bare metal" of SIG On Premise), not its name: says the
        # group is retired, but as a topic word does, not as a name of the project's own.
        _topic("retired_topic", structural=True),
        Kind("kep", own=True, points=1.6, structural=True, curated=True, why="why_feature"),
        Kind("gate", own=True, points=1.6, structural=True, curated=True, why="why_feature"),
        Kind("feature", own=True, points=1.2, structural=True, curated=True, why="why_feature"),
        Kind(
            "api_group",
            own=True,
            points=1.2,
            structural=True,
            describe="via_api_group",
            why="why_api_group",
        ),
        # The repository an issue was filed in, when one group owns it: a prior, not a reason
        # to be sure (see bot/evidence/repository.py).
        Kind("filed_in", own=True, points=0.5, describe="via_filed_in", why="why_filed_in"),
        Kind("terms", why="why_terms"),
        # Not found in a message: how the answer layer says a group came to be shown.
        Kind("successor"),
        Kind("related"),  # close in topic to a retired group; no source says it took over
        Kind("chosen"),
    )
}


def kind(name: str) -> Kind:
    """The kind called `name`; an unknown name is a programming error, said loudly."""
    return KINDS[name]
