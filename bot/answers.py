"""Ranked matches -> Answer: the decision of what to say, independent of how it is shown. Pure.

How sure the answer is, is decided by the one calibration (bot/calibration.py) triage uses too.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any, Literal

from bot.calibration import CALIBRATION, CI_REPORT, Confidence
from bot.evidence import pairs
from bot.evidence.kinds import kind
from bot.evidence.pairs import told_asset
from bot.evidence.phrases import PLAIN_NAME_SPECIFICITY
from bot.lang import Lang, cjk_run, has_cjk
from bot.matching import (
    Evidence,
    Index,
    Ranked,
    features_of,
    phrases_of,
    rank_groups,
)
from bot.message import ROLE_WEIGHT, asks_for_owner, asks_something
from bot.model import Feature, Group, KnowledgeBase, RetiredGroup
from bot.query import (
    SUBJECT_WEIGHT,
    Focus,
    Query,
    parse_query,
    says_kubernetes,
    to_key,
    tokenize,
)

MAX_CHOICES = 4
RANKED = 8  # groups ranked for a decision (choices, rivals, a private report's committee)

Status = Literal["answer", "ambiguous", "archived", "none", "list", "help"]
Reason = Literal["", "no_match", "empty", "oversized", "link", "elsewhere"]


@dataclass(frozen=True)
class Match:
    """One group that fits, with why in structured form; render/ words it (render/json_out.py
    for the JSON contract's `via`, render/wording.py for readers)."""

    id: str
    kind: str  # sig | wg | committee | usergroup | archived
    name: str
    score: float
    via_kind: str = ""  # alias | shared | name | channel | subproject | repository | path |
    # kep | gate | feature | retired | misnomer | terms | successor (of a retired group) | chosen
    via_label: str = ""  # the key: "network policy", "kind", "kubernetes-sigs/kind", "KEP-753"
    shared: bool = False
    via_detail: str = ""  # for a path: the subproject whose OWNERS file holds it


@dataclass(frozen=True)
class Verification:
    """A yes/no ownership question: "is kubeadm part of sig cli?"."""

    asked: str  # the group id the question names (may be a retired or misnamed group)
    asked_name: str
    holds: bool
    asked_retired: bool = False  # the group named is retired, or never existed under that name


@dataclass(frozen=True)
class Answer:
    """What to say about a query: the status, the groups to show, how sure, and why."""

    status: Status
    query: Query
    lang: Lang
    matches: tuple[Match, ...] = ()
    groups: tuple[Group, ...] = ()  # cards to show, in order
    retired: RetiredGroup | None = None  # status "archived", or a misnomer that was corrected
    focus: Focus | None = None
    reason: Reason = ""
    confidence: Confidence | None = None  # for answer / ambiguous / archived
    feature: Feature | None = None
    # every KEP the question's number or gate names, `feature` first: KEP-2133 is two KEPs,
    # the gate DynamicResourceAllocation is declared by two live ones
    features: tuple[Feature, ...] = ()
    verify: Verification | None = None
    evidence: tuple[Evidence, ...] = ()  # why the first match matched, strongest first
    # Words of the question read as misspellings of the first match's key ("kubeclt" as
    # "kubectl"), as written and as read, so the reader sees what was understood.
    corrected: tuple[tuple[str, str], ...] = ()
    terms: tuple[str, ...] = ()  # words the term weighting matched for the first match
    subproject: str = ""  # the subproject the question named, when it named one
    # The message is a report to make in private (a vulnerability, a conduct matter): the first
    # step is the committee's private contact, never a public channel.
    private: bool = False
    # The message tells of a thing a flaw reaches (a secret, root on the host) and asks who owns
    # it: the owner is answered, and the committee that takes reports in private is named beside
    # it in case it is a vulnerability (see `_told_flaw`).
    flaw_hint: Group | None = None


def named_subproject(kb: KnowledgeBase, index: Index, top: Ranked, query: Query) -> str:
    """The subproject the question is about, from its evidence: a subproject or repository
    key, an OWNERS path, or a topic that is a subproject's own name ("cluster api") or curated
    short name ("CAPA"); else a subproject whose name the question says, even where other
    evidence won those words ("image-builder" is also a KEP's title)."""
    group = kb.group(top.group)
    if group is None or not group.subprojects:
        return ""
    names = phrases_of(index).subproject_keys.get(group.id, {})
    for ev in top.evidence:
        if ev.via == "path" and ev.detail:
            return ev.detail
        if ev.via == "repository":
            repo = ev.label.rsplit("/", 1)[-1]
            for sp in group.subprojects:
                if any(o.rstrip("/").endswith(f"/{repo}") for o in sp.owners):
                    return sp.name
        if (ev.via == "subproject" or ev.kind.topic) and to_key(ev.label) in names:
            return names[to_key(ev.label)]
    said = f" {' '.join(query.tokens)} "
    for key in sorted(names, key=len, reverse=True):  # the longest name the question says
        if f" {key} " in said:
            return names[key]
    return ""


def _to_match(kb: KnowledgeBase, r: Ranked) -> Match | None:
    if r.retired:
        retired = kb.retired_group(r.group)
        if retired is None:
            return None
        return Match(
            retired.id,
            "archived",
            retired.display_name,
            r.score,
            via_kind=r.via,
            via_label=r.label,
            via_detail=r.detail,
        )
    g = kb.group(r.group)
    if g is None:
        return None
    return Match(
        g.id,
        g.kind,
        g.display_name,
        r.score,
        via_kind=r.via,
        via_label=r.label,
        shared=bool(r.shared_with),
        via_detail=r.detail,
    )


def compose_answer(
    query: Query, kb: KnowledgeBase, index: Index, lang: Lang | None = None
) -> Answer:
    """Decide between a confident answer, a choice, a retired group, or an honest 'no'."""
    lang = lang or query.lang
    if query.intent in ("help", "empty"):
        return Answer("help", query, lang, reason="empty" if query.intent == "empty" else "")
    if query.intent == "list":
        return Answer("list", query, lang)
    if query.intent == "oversized":
        return Answer("none", query, lang, reason="oversized")

    verification = _verification(query, kb, index)
    if verification is not None:
        asked, rest, ranked = verification
        answer = _decide(rest, kb, index, lang, ranked)
        if answer.status in ("answer", "ambiguous") and answer.matches:
            owners = {m.id for m in answer.matches if m.shared} or {answer.matches[0].id}
            holds = asked.id in owners if isinstance(asked, Group) else False
            v = Verification(asked.id, asked.display_name, holds, isinstance(asked, RetiredGroup))
            return _ordered_scores(replace(answer, query=query, verify=v, status="answer"))
    answer = _decide(query, kb, index, lang)
    if answer.status == "none" and _ISSUE_LINK.fullmatch(query.raw.strip()):
        # A bare link to an issue whose repository names no owner: its words (github, issue)
        # say nothing, so no guesses; the reader is told what to paste instead.
        return replace(answer, matches=(), reason="link")
    if answer.status != "none" and answer.matches:
        corrected = _corrections(query, index, answer.matches[0].via_label)
        if corrected:
            answer = replace(answer, corrected=corrected)
    return _ordered_scores(answer)


def _corrections(query: Query, index: Index, label: str) -> tuple[tuple[str, str], ...]:
    """The question's words that were read as misspellings of a word of `label`: the
    corrections the matcher made are remembered per index (`index.corrections`), so this
    repeats none of them. Only what the person wrote is corrected, never pasted output."""
    words = set(tokenize(label.casefold()))
    found = []
    for word in dict.fromkeys(query.tokens[: query.prose_len or None]):
        fix = index.corrections.get(word)
        if fix and fix[0] in words and fix[0] != word:
            found.append((word, fix[0]))
    return tuple(found)


# A link to one GitHub issue or pull request, alone (Slack wraps links in <...>).
_ISSUE_LINK = re.compile(r"<?https?://github\.com/[\w.-]+/[\w.-]+/(?:issues|pull)/\d+[^\s>]*>?")


def _ordered_scores(answer: Answer) -> Answer:
    """Matches are listed in the order the answer gives them (a private report's committee, a
    shared topic's curated owners, a retired group's successors first), and a reader expects
    the scores to agree: each is at least the one after it."""
    scores = [m.score for m in answer.matches]
    for i in range(len(scores) - 2, -1, -1):
        scores[i] = max(scores[i], scores[i + 1])
    if scores == [m.score for m in answer.matches]:
        return answer
    matches = tuple(replace(m, score=s) for m, s in zip(answer.matches, scores, strict=True))
    return replace(answer, matches=matches)


def _decide(
    query: Query, kb: KnowledgeBase, index: Index, lang: Lang, ranked: list[Ranked] | None = None
) -> Answer:
    """Rank (unless `ranked` is the query's ranking already), then say it the way the evidence
    allows: nothing, a retired group and where its work went, every owner of a shared topic, a
    choice, or one group."""
    if ranked is None:
        ranked = rank_groups(query, index, limit=RANKED)
    ranked = _private_first(kb, _conduct_word_of_a_thing(kb, _resolve_misnomers(kb, ranked), query))
    ranked = _specific_first(_asked_in_private(kb, ranked, query))
    ranked = _subject_before_conditions(kb, _tagged_test_first(ranked))[:6]
    matches = [m for m in (_to_match(kb, r) for r in ranked) if m is not None]
    # About another product (or said not to be about Kubernetes) with nothing of the project's
    # own: none, and the readers are told why rather than offered near matches.
    elsewhere = (
        (bool(query.not_kubernetes) and not (ranked and _names_our_own(kb, ranked[0], query)))
        or (
            (
                (_about_another_product(query) and not _conduct_among_tools(kb, ranked, query))
                or _conduct_elsewhere(kb, ranked, query)
            )
            and not _anchored(ranked, query, index, kb)
        )
        or _report_of_other_products(ranked, query)
    )
    if elsewhere or not ranked or not CALIBRATION.has_evidence(ranked[0]):
        weak = tuple(m for m in matches if m.kind != "archived")
        reason: Reason = "elsewhere" if elsewhere else "no_match"
        return Answer("none", query, lang, matches=weak[:MAX_CHOICES], reason=reason)
    top = ranked[0]
    if top.retired:
        return _retired_answer(query, kb, lang, top, matches[0])
    shared = top.shared_with or _shared_topic_naming(top, ranked[1:3])
    if shared and not top.shared_with:
        top = top._replace(shared_with=shared)
    owners = _owners(kb, top)
    rivals = _rivals(top, ranked[1:], owners)
    features = _features_of(ranked, index)
    feature = features[0] if features else None
    private = is_private_report(top)
    confidence = _confidence(query, top, rivals)
    if (
        (
            (_lone_word(top, query) and _everyday_name(kb, index, top.group))
            or (
                (_lone_topic(top, query, phrases=False) or _lone_word(top, query))
                and _outside_words(query, index) >= OUTSIDE_WORDS
            )
        )
        and not says_kubernetes(query.tokens)
        and not asks_for_owner(query.raw)
        and not _title_subject(top)
    ):
        # A group's name in everyday words is all the message says, or one word of ours amid
        # everyday words our records never use; it never says Kubernetes and asks for no owner
        # ("which cloud provider has the cheapest GPUs?", "a data protection officer for
        # GDPR", "phone says IP68 ingress protection but it died in the pool"): the words,
        # not the group.
        weak = tuple(m for m in matches if m.kind != "archived")
        return Answer("none", query, lang, matches=weak[:MAX_CHOICES], reason="no_match")
    if (
        confidence == "low"
        and top.via == "terms"
        and (not top.distinct or query.foreign or asks_something(query.raw))
    ):
        # Only words the records also use, and no clear lead: a guess, not an answer. A word
        # only one group's records use ("Defrag fails with 'tx closed'") is a clue in a title,
        # but a question that names nothing of ours ("what devops podcasts ...?", "how long
        # did your visa take for kubecon?") or another product is not ours to answer.
        weak = tuple(m for m in matches if m.kind != "archived")
        return Answer("none", query, lang, matches=weak[:MAX_CHOICES], reason="no_match")
    common: dict[str, Any] = {
        "private": private,
        "focus": None if private else query.focus,  # "... at a SIG meeting" asks no meeting
        "confidence": confidence,
        "feature": feature,
        "features": features,
        "evidence": top.evidence,
        "terms": top.terms,
        "subproject": named_subproject(kb, index, top, query),
    }
    if top.shared_with:  # every owner the charters name, in the curated order
        by_id = {m.id: m for m in matches}
        ordered = [by_id.get(gid) or _shared_match(kb, gid, top) for gid in owners]
        ordered = [replace(m, shared=True) for m in ordered]
        rest = [m for m in matches if m.id not in owners]
        groups = tuple(g for g in (kb.group(gid) for gid in owners) if g)
        shared_answer = Answer(
            "answer", query, lang, matches=(*ordered, *rest), groups=groups,
            retired=_misnomer_of(kb, top), **common,
        )  # fmt: skip
        return _told_conduct(kb, top, query, _told_flaw(kb, index, top, query, shared_answer))
    second = rivals[0] if rivals else None
    if (
        second is not None
        and top.strong
        and second.strong
        and top.points < CALIBRATION.medium_lead * second.points
        and feature is None
    ):
        choices = tuple(m for m in matches if m.kind != "archived")[:MAX_CHOICES]
        groups = tuple(g for g in (kb.group(m.id) for m in choices) if g)
        common["confidence"] = "low"
        choice = Answer("ambiguous", query, lang, matches=choices, groups=groups, **common)
        return _told_conduct(kb, top, query, _told_flaw(kb, index, top, query, choice))
    group = kb.group(top.group)
    assert group is not None
    answer = Answer(
        "answer", query, lang, matches=tuple(matches), groups=(group,),
        retired=_misnomer_of(kb, top), **common,
    )  # fmt: skip
    return _told_conduct(kb, top, query, _told_flaw(kb, index, top, query, answer))


def _title_subject(top: Ranked) -> bool:
    """The group's key is a title's subject, one name before its colon ("devstats: wrong
    company affiliation ..."): the title says what it is about, however everyday the rest."""
    return any(ev.strong and ev.weight >= SUBJECT_WEIGHT for ev in top.evidence)


def _retired_answer(
    query: Query, kb: KnowledgeBase, lang: Lang, top: Ranked, first: Match
) -> Answer:
    """A retired group was named: say so, and show the groups its work went to."""
    retired = kb.retired_group(top.group)
    assert retired is not None
    successors = tuple(
        g for g in (kb.group(s) for s in (*retired.successors, *retired.related)) if g
    )
    by = retired.display_name
    # a related group is close in topic; only a successor carries the work on
    extra = [
        Match(g.id, g.kind, g.display_name, top.score, via_kind=via, via_label=by)
        for g in successors
        for via in ("successor" if g.id in retired.successors else "related",)
    ]
    return Answer(
        "archived",
        query,
        lang,
        matches=(first, *extra),
        groups=successors,
        retired=retired,
        focus=query.focus,
        confidence="high" if top.strong and not _retired_topic_in_passing(top, query) else "medium",
        evidence=top.evidence,
    )


# A retired group's topic is the question when it is about all the question says: a few words.
RETIRED_TOPIC_WORDS = 4


def _retired_topic_in_passing(top: Ranked, query: Query) -> bool:
    """A retired group's topic ("bare metal", "on prem") said in passing, not asked about: in a
    message of several parts, or beside more than a few other words ("our Jenkins tests on bare
    metal are flaky", "Service externalIPs ... our bare metal LB"). The reader learns the group
    is gone and where its work went, as a suggestion: the topic is rarely what such a message
    is about. Its name ("WG Serving") or its topic alone ("iot edge") is still sure."""
    return top.via == "retired_topic" and (
        query.several or len(query.content) > RETIRED_TOPIC_WORDS
    )


def _owners(kb: KnowledgeBase, top: Ranked) -> list[str]:
    """Who the answer names: the group, or every owner of the shared topic it won on."""
    owners = [gid for gid in top.shared_with if kb.group(gid)] if top.shared_with else [top.group]
    if top.via in ("name", "name_word") and top.group in owners:
        # "Device Management" names a group and a topic the charters share: every owner is
        # shown, the group that was named first.
        owners = [top.group, *(gid for gid in owners if gid != top.group)]
    return owners


def _rivals(top: Ranked, others: list[Ranked], owners: list[str]) -> list[Ranked]:
    """The groups that compete with the answer: not its co-owners, not retired groups, and
    none at all for a private report (the component's SIG is not where it goes first)."""
    if is_private_report(top):
        return []
    return [
        r
        for r in others
        if r.group not in owners
        and not r.retired
        and top.group not in (r.evidence[0].shared_with if r.evidence else ())
    ]


def _confidence(query: Query, top: Ranked, rivals: list[Ranked]) -> Confidence:
    if top.evidence and top.evidence[0].detail == ASKED_IN_PRIVATE:
        return "medium"  # read from how it was asked, not from a word of the committee's
    confidence = CALIBRATION.confidence(top, rivals[0] if rivals else None)
    if confidence == "high" and CI_REPORT.match(query.raw) and top.via not in ("name", "test_tag"):
        return "medium"  # unless its test's tag names the group: "[sig-storage] CSI ..."
    if confidence == "high" and _lone_word(top, query):
        return "medium"
    if confidence == "high" and _lone_topic(top, query):
        return "medium"
    if (
        confidence == "high"
        and is_private_report(top)
        and query.foreign
        and not query.community
        and not says_kubernetes(query.tokens)
    ):
        # A report beside another product or technology ("how to report a containerd
        # vulnerability", "XSS in our Django admin") that never says Kubernetes nor names the
        # community may be that product's to receive: the private process first, as likely,
        # not certain. On the dev sets 5 of 24 such answers at `high` were wrong.
        return "medium"
    if (
        confidence == "high"
        and _told_not_asked(query)
        and not (kind(top.via).structural or kind(top.via).private)
    ):
        # A statement in sentences that asks nothing ("kube-proxy sets route_localnet and the
        # neighbours reach our localhost services."): what it wants is our guess, and such
        # statements are often reports told as stories. A topic named in it says "probably";
        # a path, a KEP or a test's tag still names the owner. On the dev sets, 6 of the 7 such
        # answers at `high` were wrong.
        return "medium"
    return confidence


def _told_not_asked(query: Query) -> bool:
    """Told in sentences (several parts, or longer than a title) and asking nothing."""
    return (query.several or _title_length(query.raw) > TOLD_CHARS) and not asks_something(
        query.raw
    )


LONE_WORD_CONTENT = 4  # content words a message has around a lone topic word


LONE_TOPIC_CONTENT = 6  # content words around it: more than a one-line topic question
LONE_PHRASE_CONTENT = 7  # ... around a topic of several words


def _lone_topic(top: Ranked, query: Query, phrases: bool = True) -> bool:
    """One curated topic is all a message of several words holds, and it never says
    Kubernetes ("water ingress in the basement after the storm"; "a template for an incident
    report to customers, we had a SaaS outage"): likely, not certain. A phrase of several
    words is more particular than one word, so it takes a longer message to doubt it (and,
    with `phrases` False, it is never lone)."""
    one_word = " " not in top.label.strip()
    return (
        (phrases or one_word)
        and not _written_as_code(top.label, query.raw)
        and top.strong == 1
        and top.via in ("alias", "retired_topic")
        and not top.code_strong
        and len(query.content) >= (LONE_TOPIC_CONTENT if one_word else LONE_PHRASE_CONTENT)
        and not says_kubernetes(query.tokens)
    )


def _written_as_code(label: str, raw: str) -> bool:
    """The key is written as an identifier where the message says it ("ClusterQueue",
    "ResourceClaim": a capital inside one word), which no everyday sentence does: an API kind
    or a type name, never the word's everyday sense."""
    at = raw.casefold().find(label.casefold())
    written = raw[at : at + len(label)] if at >= 0 else ""
    return " " not in written and any(c.isupper() for c in written[1:]) and not written.isupper()


OUTSIDE_WORDS = 4  # everyday words our records never use that make a message about something else


def _outside_words(query: Query, index: Index) -> int:
    """How many of the message's words are everyday English that no record of ours uses
    ("basement", "warranty", "insurance"; language.yaml `everyday_outside`)."""
    outside = index.words.everyday_outside
    return sum(1 for w in query.content if w in outside and w not in index.vocabulary_set)


def _lone_word(top: Ranked, query: Query) -> bool:
    """A group's bare name is all a message of several words says ("... writing CLI tools"):
    the word may mean the group, or only the word. Alone ("/sig cli") it is the question."""
    return (
        top.strong == 1
        and top.via == "name_word"
        and not top.code_strong
        and len(query.content) >= LONE_WORD_CONTENT
    )


def _everyday_name(kb: KnowledgeBase, index: Index, gid: str) -> bool:
    """The group's name is everyday English ("network", "cloud provider", "code of conduct"),
    not a word of its own ("etcd", "kubeadm")."""
    group = kb.group(gid)
    words = to_key(group.name).split() if group else []
    return bool(words) and all(index.specificity(w) <= PLAIN_NAME_SPECIFICITY for w in words)


def _about_another_product(query: Query) -> bool:
    """The message is about something outside the Kubernetes project: it names another product
    where it asks, or names one in a one-sentence message, or names other products or
    technologies twice ("Who maintains the Bitnami chart?", "Heroku dyno autoscaling",
    "群晖上跑 Home Assistant", "our AWS bill ... the EC2 autoscaling group")."""
    return (
        query.foreign_asked
        or query.products >= 2
        or query.foreign >= 2
        or (query.products > 0 and (not query.several or not says_kubernetes(query.tokens)))
        or (query.foreign_first and not says_kubernetes(query.tokens))
    )


# Where the project itself lives: a conduct matter that names it names where it happened.
_PROJECT_HOMES = frozenset({"github"})


def _conduct_among_tools(kb: KnowledgeBase, ranked: list[Ranked], query: Query) -> bool:
    """A conduct matter whose only other product named is GitHub, where the project lives: it
    is where it happened ("he went through my GitHub to find where I live"), not what it is
    about. Another community named (an OpenStack summit, the Kafka list) still makes it theirs,
    as do places outside the community (`_conduct_elsewhere`)."""
    if not ranked or query.products or not is_private_report(ranked[0]):
        return False
    if _reports_about(kb, ranked[0]) != "people":
        return False
    foreign = kb.vocabulary.general_computing
    named = {t for t in query.tokens[: query.prose_len or None] if t in foreign}
    return bool(named) and named <= _PROJECT_HOMES


def _reports_about(kb: KnowledgeBase, r: Ranked) -> str:
    """What the group's private reports are about ("software", "people"), or "" when it takes
    none (topics.yaml `private_reports.about`)."""
    group = kb.group(r.group)
    return group.reports_about if group else ""


def _report_of_other_products(ranked: list[Ranked], query: Query) -> bool:
    """A report to make in private that names other products twice or more and never says
    Kubernetes nor its community, nor names a piece of the project by structure (a path, a
    KEP): "HashiCorp Vault's audit device writes token accessors to its log, which team at
    HashiCorp?" is HashiCorp's to receive, whatever words of ours ("audit", "token") it uses."""
    return (
        bool(ranked)
        and is_private_report(ranked[0])
        and query.products >= 2
        and not query.community
        and not says_kubernetes(query.tokens)
        and not any(ev.via in SOFTWARE_VIAS for r in ranked for ev in r.evidence)
    )


def _conduct_elsewhere(kb: KnowledgeBase, ranked: list[Ranked], query: Query) -> bool:
    """A conduct matter told of a place outside the project (language.yaml `elsewhere`: "on
    Stack Overflow", "my coworker", "公司内部") with none of the community's people or places:
    one such place is enough, where an ordinary question needs another product named twice,
    because naming Kubernetes ("a Kubernetes question", "my Kubernetes manifests") says what
    the quarrel was about, not where it happened. GitHub and Slack are not such places: the
    community meets there."""
    return (
        bool(ranked)
        and bool(query.elsewhere)
        and not query.community
        and is_private_report(ranked[0])
        and _reports_about(kb, ranked[0]) == "people"
    )


def _names_our_own(kb: KnowledgeBase, top: Ranked, query: Query) -> bool:
    """What the person wrote names something of the project's own (a path, a KEP, a report). A
    report word counts only where the message says Kubernetes beyond the words that say it is
    not about Kubernetes: "reproduced with plain ctr run, no kubernetes involved" is
    containerd's to receive; "the private list for kubernetes security problems? not
    kubernetes-security-announce" still asks for the project's own. A conduct matter is the
    community's by its people and places, not by the technology: "同事在公司内部的 k8s 平台群里
    … 不是社区" is the company's."""
    own = [ev for ev in top.evidence if ev.kind.own and ev.strong and not ev.in_code]
    if any(not ev.kind.private for ev in own):
        return True
    if not own:
        return False
    if _reports_about(kb, top) == "people":
        return bool(query.community)
    said = sum(1 for t in query.tokens if says_kubernetes((t,)))
    return said > sum(1 for t in tokenize(query.not_kubernetes) if says_kubernetes((t,)))


def _anchored(ranked: list[Ranked], query: Query, index: Index, kb: KnowledgeBase) -> bool:
    """Whether the message holds evidence that is the Kubernetes project's own, where it asks:
    a structural key (a path, a KEP, a gate, a report), a key with a word of our own ("kubelet",
    "flaky") that no other product's word stands beside, or one that names the Kubernetes side
    of another technology ("python client"). "file storage", "autoscaling" after "Heroku", or a
    log line are not."""
    asks = any(w > 1.0 for w in query.weights[: query.prose_len])
    foreign = index.words.foreign
    # A word that English has beside ours ("scheduler", "ingress", "headlamp") names our thing
    # beside another product only when the message says it is about Kubernetes: "YARN capacity
    # scheduler ... hadoop cluster" is Hadoop's, "kubectl ... headlamp behind oauth2-proxy" ours.
    kubernetes = says_kubernetes(query.tokens)
    tokens = set(query.tokens)
    # A report's subject is told around the question that asks whom to tell ("ingress-nginx:
    # a crafted annotation serves the controller's token. who do I tell?"): all of it counts.
    report = any(ev.kind.private and ev.strong for r in ranked for ev in r.evidence)
    # The committees that take private reports: their public words ("CVE", "code of conduct")
    # are as much about any product's or community's matter as their report words.
    takers = {g.id for g in kb.groups if g.private_reports}
    named_in_ask = not query.foreign_asked and asks_for_owner(query.asking_text or query.text)
    if (
        query.community
        and asks_for_owner(query.asking_text or query.text)
        and any(ev.strong and ev.kind.topic and not ev.in_code for ev in ranked[0].evidence)
    ):
        # It asks which of the community's groups ("阿里云的 cloud provider 是社区哪个组在维护的?"):
        # another product named beside it is what the group's work is about.
        return True
    people = {g.id for g in kb.groups if g.private_reports and g.reports_about == "people"}
    if ranked and _told_at_length(ranked[0], index) and not query.foreign_asked:
        return True
    for group, ev in ((r.group, ev) for r in ranked for ev in r.evidence):
        if ev.kind.private or group in takers:
            # A vulnerability or conduct report is ours when it is about Kubernetes; one about
            # another product or place ("a stored XSS in a Jenkins plugin", "harassed at PyCon")
            # is theirs to receive, however private. A conduct matter is the community's when it
            # happened among its people and places (a reviewer, a SIG meeting, KubeCon), not
            # because the technology is named: a coworker who mocks one's Kubernetes manifests
            # is the workplace's matter.
            # The committee's own public words ("the kubernetes code of conduct") beside
            # Kubernetes still ask about the project's own.
            ours = query.community or (kubernetes and (group not in people or not ev.kind.private))
            if ev.strong and not ev.in_code and ours:
                return True
            continue
        if (
            named_in_ask
            and ev.kind.topic
            and (ev.weight >= ROLE_WEIGHT["route"] or (not query.several and not ev.beside_foreign))
        ):
            # what a sentence with no other product asks about ("... who maintains kind?"), or,
            # in a one-sentence message, a key no other product's word stands beside ("I'm on
            # a Macbook with Docker Desktop and kind, which sig owns kind?")
            return True
        if not ev.strong or ev.in_code:
            continue
        if ev.kind.topic and _written_as_one_name(ev.label, query, index):
            # a component written by its name ("cloud-controller-manager"), anywhere in what the
            # person wrote: a name, not prose, whatever sentence it stands in
            return True
        if asks and ev.weight <= 1.0 and not report:
            continue
        if ev.via in ("pair", "described") and (not kubernetes or query.foreign_asked):
            # two plain words near each other ("token" … "过期") tell a topic of ours only in a
            # message that says Kubernetes, and not where it asks about another product ("split
            # the EKS bill by namespace in AWS Cost Explorer"): there they are that product's
            continue
        words = tokenize(ev.label.casefold())
        if (
            report
            and ev.kind.topic
            and ev.via != "name_word"
            and (len(words) > 1 or (bool(words) and not index.is_everyday(words[0])))
        ):
            return True  # a report about a thing of ours ("... merged into client-go first")
        if ev.via == "name_word":  # "SIG Windows" found as "windows": only the word was said
            words = [w for w in words if w not in _KIND_WORDS]
        elif ev.via == "feature":  # a KEP title: the words of it that were said
            words = [w for w in words if w in tokens and w not in index.stopwords]
            if len(words) < 2:
                continue  # "IPv6" of "Graduate IPv6 to beta" names no KEP
        if ev.kind.own and not (
            (ev.via == "feature" and _everyday_words(words, index))
            or (ev.via == "retired" and not set(words) <= tokens)
        ):
            # not a KEP title said in everyday words ("Windows node support"), nor a retired
            # group's name said without its kind ("Ubuntu 26.04 LTS" is no "WG LTS")
            return True
        if all(has_cjk(w) for w in words):
            continue  # 单元测试, 副本集: everyday Chinese compounds, as true of any product
        if len(words) > 1 and any(w in foreign for w in words):
            return True
        if not ev.retired and _written_as_one_name(ev.label, query, index):
            return True  # written as one name ("cluster-autoscaler"): a component's, not prose
        if not ev.beside_foreign and any(
            w not in foreign
            and w not in index.stopwords
            and not index.is_everyday(w)
            and (w not in index.everyday or kubernetes)
            for w in words
        ):
            return True
    return False


def _told_at_length(top: Ranked, index: Index) -> bool:
    """The group's own topics, said in several places of what the person wrote, none of them
    with another product's word: a story of a thing of ours ("Windows machines in the cluster"
    ... "RDP in to read the service logs") that mentions the tools it was tried with."""
    foreign = index.words.foreign
    spans = [
        ev
        for ev in top.evidence
        if ev.strong
        and not ev.in_code
        and ev.kind.topic
        and not ev.kind.private
        and not ev.beside_foreign
        and not any(w in foreign for w in tokenize(ev.label.casefold()))
    ]
    return len(spans) >= TOLD_AT_LENGTH


TOLD_AT_LENGTH = 3


def _written_as_one_name(label: str, query: Query, index: Index) -> bool:
    """A key of several words written joined by hyphens ("cluster-autoscaler"), as a
    component's name is, not said in prose."""
    words = tokenize(label.casefold())
    return (
        len(words) > 1
        and index.stopwords.isdisjoint(words)
        and label.casefold().replace(" ", "-") in query.text
    )


_KIND_WORDS = frozenset({"sig", "wg", "ug", "committee", "working", "user", "group"})


def _everyday_words(words: list[str], index: Index) -> bool:
    """Every word is everyday English, another product's word, or a stop word."""
    foreign = index.words.foreign
    return all(index.is_everyday(w) or w in foreign or w in index.stopwords for w in words)


def is_private_report(r: Ranked) -> bool:
    """The message says it is a report to make in private (a word of `private_reports`)."""
    return any(ev.kind.private and ev.strong and not ev.in_code for ev in r.evidence)


def _specific_first(ranked: list[Ranked]) -> list[Ranked]:
    """Everyday words alone ("this crashed our nodes") are no evidence; when they put a group
    first, a group the message holds specific evidence for (a path in its stack trace) goes
    before it."""
    if not ranked or CALIBRATION.has_evidence(ranked[0]):
        return ranked
    for i, r in enumerate(ranked[1:3], 1):
        if r.strong or r.code_strong:
            return [r._replace(lead=r.points / ranked[0].points), *ranked[:i], *ranked[i + 1 :]]
    return ranked


_TAGS = ("test_tag", "title_tag")


def _tagged_test_first(ranked: list[Ranked]) -> list[Ranked]:
    """A test whose tag names its owner ("[sig-apps] StatefulSet ... should perform rolling
    updates", pasted from a CI run) is that group's, however the message around it says what
    happened to it: "flaky", "e2e", "testgrid" are where a test runs and fails, not whose it is.
    So is a title its opening tag names ("[ja] translate .../readiness-probes.md" is a
    translation, SIG Docs' work). The tagged group goes first over a group that only topic
    words put first."""
    if not ranked or any(ev.via in _TAGS for ev in ranked[0].evidence):
        return ranked
    if any(
        ev.kind.structural and not ev.kind.topic and ev.via != "name" for ev in ranked[0].evidence
    ):
        return ranked  # the first group is named by structure too (a path, a KEP), not only
        # by its name ("should I ask SIG Testing or the SIG the test is tagged with?")
    for i, r in enumerate(ranked[1:4], 1):
        if any(ev.via in _TAGS for ev in r.evidence):
            return [r._replace(lead=r.points / ranked[0].points), *ranked[:i], *ranked[i + 1 :]]
    return ranked


# Evidence that names a subject by itself: a topic of several words ("network policy"), a
# KEP, a gate, an API group, a path; one everyday word ("endpoints") is not enough.
_SUBJECT_VIAS = frozenset(
    {
        "alias",
        "feature",
        "gate",
        "api_group",
        "identifier",
        "component",
        "path",
        "kep",
        "shared",
        "name",
    }
)


def _subject_before_conditions(kb: KnowledgeBase, ranked: list[Ranked]) -> list[Ranked]:
    """A group put first only by its condition topics (topics.yaml `conditions`: "the network
    policy e2e tests keep flaking", "CI" in "who pays for the CI cluster's cloud credits?")
    yields to a group the message names a subject of: flaky, e2e and CI say where a test ran
    and failed, not whose it is."""
    group = kb.group(ranked[0].group) if len(ranked) > 1 else None
    if group is None or not group.conditions:
        return ranked
    said = [ev for ev in ranked[0].evidence if ev.strong and not ev.in_code]
    if not said or any(ev.label.casefold() not in group.conditions for ev in said):
        return ranked
    for i, r in enumerate(ranked[1:3], 1):
        if any(_names_a_subject(ev) for ev in r.evidence):
            return [r._replace(lead=r.points / ranked[0].points), *ranked[:i], *ranked[i + 1 :]]
    return ranked


def _names_a_subject(ev: Evidence) -> bool:
    return (
        ev.strong
        and not ev.in_code
        and ev.via in _SUBJECT_VIAS
        and (ev.via != "alias" or " " in ev.label.strip() or has_cjk(ev.label))
    )


# Words that make the writer (or their group) the one something was done to: "sent me",
# "I was", "we were". A conduct word beside none of them, nor beside a person, is said of a thing.
_DONE_TO_ME = frozenset({"me", "myself", "us"})
_DONE_TO_I = frozenset(  # as a message's words read them: "I'm" is "i", "m"
    {
        ("i", "was"),
        ("i", "am"),
        ("m", "being"),
        ("ve", "been"),
        ("i", "felt"),
        ("i", "feel"),
        ("we", "were"),
        ("re", "being"),
    }
)


def _conduct_word_of_a_thing(kb: KnowledgeBase, ranked: list[Ranked], query: Query) -> list[Ranked]:
    """One English word of the conduct committee's said of a thing, not of a person: "an
    insulting 403 from the API server", "a creepy eviction message", "abuse of service account
    tokens", "the threat model of the kubelet". In a message that names no person and no one
    it was done to (me, "I was", us), asks no one whom to tell, quotes no one and says nothing
    of the community, beside a piece of the project another group owns, the word describes
    that piece, and is no report. Which words can describe a thing is the knowledge's
    (language.yaml `said_of_things`): "harassment in the kubelet deep dive" is still a report."""
    people = next(
        (
            i
            for i, r in enumerate(ranked[:3])
            if is_private_report(r) and _reports_about(kb, r) == "people"
        ),
        None,
    )
    if people is None or len(ranked) < 2:
        return ranked
    committee = ranked[people]
    words = [ev for ev in committee.evidence if ev.kind.private and ev.strong and not ev.in_code]
    tokens = query.tokens[: query.prose_len or None]
    if (
        not words
        or any(
            " ".join(tokenize(ev.label.casefold())) not in kb.vocabulary.said_of_things
            for ev in words
        )
        or query.about_a_person
        or query.report_ask
        or query.private_ask
        or query.community
        or query.quoted
        or not _DONE_TO_ME.isdisjoint(tokens)
        or any(pair in _DONE_TO_I for pair in pairwise(tokens))
        or not any(r.strong and not is_private_report(r) for r in ranked[:3])
    ):
        return ranked
    plain = committee._replace(
        evidence=tuple(ev for ev in committee.evidence if not ev.kind.private)
    )
    return [*ranked[:people], *ranked[people + 1 :], plain]


def _private_first(kb: KnowledgeBase, ranked: list[Ranked]) -> list[Ranked]:
    """A message that reports a vulnerability or a Code of Conduct matter goes first to the
    group that takes such reports in private, whatever else it names (the component with the
    bug, the SIG whose meeting it happened in): the first step must never be a public channel.
    Which groups those are, and the words that say so, come from the knowledge (topics.yaml's
    `private_reports`), in every language it lists."""
    for i, r in enumerate(ranked):
        if is_private_report(r):
            if i == 0:
                return ranked
            return [r._replace(lead=math.inf), *ranked[:i], *ranked[i + 1 :]]
    return ranked


ASKED_IN_PRIVATE = "asked in private"  # the detail of evidence _asked_in_private adds
# Kinds that name a piece of the project's software by structure (a path, a KEP, a field): a
# message asking in private that names one is about that software, whoever it mentions.
SOFTWARE_VIAS = frozenset(
    {"path", "kep", "gate", "feature", "api_group", "identifier", "component", "test_tag"}
)


def _asked_in_private(kb: KnowledgeBase, ranked: list[Ranked], query: Query) -> list[Ranked]:
    """A message that wants something kept from the public ("where do I report this without
    making it public?", "我想私下反映，找谁", "how is a fix coordinated before it goes public?":
    language.yaml's `private_asks`) is a private report even where its words for the matter are
    everyday ones:
    a report word said in passing (骚扰 in a sentence) names its committee; else a component
    named (the kubelet, a token in the apiserver's logs) makes it a report about the project's
    software, for the group whose private reports are about software (topics.yaml
    `private_reports.about`). A group's own name is not such a component ("can I message the
    SIG Auth chairs privately?")."""
    if ranked and is_private_report(ranked[0]):
        return ranked
    takers = {g.id: g for g in kb.groups if g.private_reports}
    if not query.private_ask:
        return _told_of_a_person(takers, ranked, query)
    for i, r in enumerate(ranked):
        if r.group in takers and any(ev.kind.private for ev in r.evidence):
            return [_reported(r, r.group, query), *ranked[:i], *ranked[i + 1 :]]
    top = ranked[0] if ranked else None
    people = next((g.id for g in takers.values() if g.reports_about == "people"), None)
    if (
        top is not None
        and people
        and (query.about_a_person or query.community)
        and query.report_ask
        and top.via not in SOFTWARE_VIAS
        and not _names_a_component(top)
        and (query.about_a_person or not top.strong)
    ):
        # Told in private, about a person, with no piece of our software named ("a reviewer
        # keeps mocking my English... who can I talk to confidentially?"): a conduct matter.
        return [_reported(top, people, query), *(r for r in ranked if r.group != people)]
    software = next((g.id for g in takers.values() if g.reports_about == "software"), None)
    if top is not None and top.group == software and query.report_ask and not top.strong:
        # "I found a way for a normal user to become admin on any cluster. Where do I report it
        # privately?": no word of the committee's, but where to report privately, about no
        # person, and the records' words point to the committee: its private process, as a
        # step read from how it was asked (`medium`). Another product's report is refused
        # before this (`_report_of_other_products`, `elsewhere`).
        return [_reported(top, software, query), *ranked[1:]]
    if (
        top is None
        or software is None
        or top.group in takers
        or not (top.strong or says_kubernetes(query.tokens))
        or (
            top.via in ("name", "name_word", "retired", "misnomer")
            and not _as_channel(kb, top, query)
        )
    ):
        return ranked
    return [_reported(top, software, query), *(r for r in ranked if r.group != software)]


TOLD_CHARS = 140  # longer than an issue title: a message told in sentences, not a heading


def _title_length(text: str) -> int:
    """Characters as an English title counts them: a Chinese character says about as much as
    three Latin ones (a 60-character Chinese sentence is as long as a 180-character English one)."""
    stripped = text.strip()
    cjk = sum(map(len, cjk_run().findall(stripped))) if not stripped.isascii() else 0
    return len(stripped) + 2 * cjk


def _told_flaw(
    kb: KnowledgeBase, index: Index, top: Ranked, query: Query, answer: Answer
) -> Answer:
    """A message about the project that tells what happened, in sentences, and asks nothing,
    naming a thing a flaw reaches (a secret, a token, root on the host, another tenant: the
    first list of a `told: true` report pair in topics.yaml): "the csi driver logs the whole
    request at debug level, including the secrets field", "pod 重启之后 B 里能看到宿主机根目录".
    An engineer tells a vulnerability that way, without "vulnerability" and without asking
    whom to tell. Its first step is the private report, offered as a suggestion (`medium`),
    with the owner's card after it should it be an ordinary bug: never a SIG's public channel
    first. Not for a title (an issue's heading is public already), a question of any
    kind, a message that names a group, or one already a private report."""
    if (
        answer.private
        or top.via in ("name", "channel", "retired", "misnomer")
        or query.how_to
        or (query.ordinary and not query.flaw_sign)
        or not (query.several or _title_length(query.raw) > TOLD_CHARS)
    ):
        return answer
    found = told_asset(query, index.table(pairs.NAME, pairs.Pairs))
    committee = kb.group(found[0]) if found else None
    if found is None or committee is None or not committee.private_reports:
        return answer
    if asks_something(query.raw) and not (query.flaw_sign and not query.ordinary):
        # "... the kubeconfig is in the image. who owns this?": most such questions are about a
        # feature (a token's lifetime, a secret's rotation), so the owner is the answer; a
        # story among them may be a vulnerability, so the private route is named beside it.
        # One that also says what a flaw does ("any user can read the token ... which sig?",
        # "... 都能拿到 token，这个归哪个 sig？") tells a flaw first and asks whose it is after:
        # it goes on to the private route first, like a story that asks nothing.
        # Naming the private route says we think it may be a flaw: the owner is then not
        # "high" as a first step, however clear its topic.
        sure = "medium" if answer.confidence == "high" else answer.confidence
        return replace(answer, flaw_hint=committee, confidence=sure)
    # The owner's card follows the committee's: a suggestion costs an ordinary bug's reporter
    # one line to read past, not the group they came for (a third of the ordinary statements
    # that name a token, written blind, still read as a possible flaw).
    return _committee_suggested(committee, "told_flaw", found[1], top, answer)


def _committee_suggested(
    committee: Group, via: str, said: str, top: Ranked, answer: Answer
) -> Answer:
    """`answer` with `committee`'s private report first, as a suggestion (`medium`), and the
    group the answer named after it, for the reader whose matter is an ordinary one."""
    first = Match(
        committee.id, committee.kind, committee.display_name, answer.matches[0].score,
        via_kind=via, via_label=said,
    )  # fmt: skip
    rest = tuple(m for m in answer.matches if m.id != committee.id)
    owner = next((g for g in answer.groups if g.id != committee.id), None)
    return replace(
        answer, status="answer", matches=(first, *rest),
        groups=(committee, owner) if owner else (committee,),
        private=True, focus=None, confidence="medium", retired=None, terms=(), subproject="",
        feature=None, features=(), evidence=(Evidence(via, said, top.points, True),),
    )  # fmt: skip


def _told_conduct(kb: KnowledgeBase, top: Ranked, query: Query, answer: Answer) -> Answer:
    """A quotation of what someone said, where the community meets (language.yaml `sayings`
    before a quotation; `community`, or a group or its channel named): 'a reviewer replied "go
    learn to code"', '有人说“你们这些新人只会浪费时间”'. A conduct matter is often told that way,
    with no conduct word; so is an ordinary question about what a reviewer or a chair said
    ('the reviewer replied "please squash your commits" - is that a rule?'). So the Code of
    Conduct Committee's private report comes first as a suggestion, and the group the answer
    named follows it, as for a flaw told as a story. Not beside a piece of software named by
    structure (a maintainer's reply to a bug report), nor where two topics of ours are named
    (a question about the work), nor in a how-to question."""
    people = next((g for g in kb.groups if g.private_reports and g.reports_about == "people"), None)
    if (
        people is None
        or answer.private
        or not answer.matches
        or query.how_to
        or top.via in SOFTWARE_VIAS
        or _names_a_component(top)
        or top.strong >= 2
        or not _quoted_in_community(top, query)
    ):
        return answer
    return _committee_suggested(people, "told_conduct", query.quoted, top, answer)


def _names_a_component(r: Ranked) -> bool:
    """The group's evidence names one of the project's programs by its name (the kubelet,
    kubeadm, kube-proxy: every one is named "kube..."): a message about a person that names one
    tells what the person found in our software ("a friend found that the kubelet ..."), not
    what they did to someone."""
    return any(
        ev.strong
        and not ev.in_code
        and ev.label.casefold().startswith("kube")
        and " " not in ev.label
        for ev in r.evidence
    )


def _told_of_a_person(takers: dict[str, Group], ranked: list[Ranked], query: Query) -> list[Ranked]:
    """A message that tells what a person did and asks whom to tell (language.yaml's
    `about_a_person` and `report_asks`), in the community (one specific topic: the contributor
    summit, a kubectl triage, Slack) and naming no piece of our software, is a conduct matter
    told as a story, though it never says "privately" nor a word of the Code of Conduct
    ("someone grabbed a colleague's arm at the contributor summit social ... who should we
    tell?"). The place it happened is not whose matter it is."""
    top = ranked[0] if ranked else None
    people = next((gid for gid, g in takers.items() if g.reports_about == "people"), None)
    if (
        top is None
        or people is None
        or top.group == people
        or not (query.report_ask and query.about_a_person)
        or top.via in SOFTWARE_VIAS
        or _names_a_component(top)
        or top.strong >= 2
        or not (top.strong or says_kubernetes(query.tokens))
    ):
        return ranked
    return [_reported(top, people, query), *(r for r in ranked if r.group != people)]


def _quoted_in_community(top: Ranked, query: Query) -> bool:
    """The message quotes what someone said (language.yaml `sayings` before a quotation) where
    the community meets (`community`: a SIG meeting, a review, KubeCon; or a group named or its
    channel): 'in #sig-network someone said he'll "come find me at kubecon"'. It tells what
    was said to a person, whether or not it asks whom to tell."""
    return bool(query.quoted) and (bool(query.community) or top.via in ("name", "channel"))


def _as_channel(kb: KnowledgeBase, top: Ranked, query: Query) -> bool:
    """The group is named as its Slack channel ("didn't want to post details in #sig-auth"): a
    place the person would rather not tell it, not the group they ask to reach in private."""
    group = kb.group(top.group)
    if group is None or not group.slack:
        return False
    return f"#{group.slack}".casefold() in query.raw.casefold()


def _reported(r: Ranked, group: str, query: Query) -> Ranked:
    """`r`'s evidence, as a private report to `group` because the message asks in private."""
    # what the person said that made it a report: "privately", "someone … who should we tell",
    # or "a reviewer … replied" (a quotation)
    said = query.private_ask or " … ".join(filter(None, (query.about_a_person, query.report_ask)))
    ev = Evidence("report", said, r.points, True, detail=ASKED_IN_PRIVATE)
    return Ranked(
        group,
        r.score,
        "report",
        said,
        points=r.points,
        strong=max(1, r.strong),
        evidence=(ev, *(e for e in r.evidence if not e.kind.private))
        if r.group == group
        else (ev,),
        lead=math.inf,
    )


def _shared_topic_naming(top: Ranked, others: list[Ranked]) -> tuple[str, ...]:
    """A topic the curators list as shared, matched for a co-owner: the first group won on a
    KEP title or its own name ("node lifecycle"), but the charters say the topic is shared."""
    main = {ev.label.casefold() for ev in top.evidence[:2]}  # what the first group won on
    for r in others:
        best = r.evidence[0] if r.evidence else None
        if (
            best
            and best.via == "shared"
            and top.group in best.shared_with
            and (best.label.casefold() in main or top.strong <= 2)
        ):
            return best.shared_with
    return ()


def _features_of(ranked: list[Ranked], index: Index) -> tuple[Feature, ...]:
    """The features the question names, when their owner is the group we answer with: the
    KEP its evidence credits first, then every other KEP the same number or gate names."""
    if not ranked:
        return ()
    for ev in ranked[0].evidence:
        if ev.via in ("kep", "gate", "feature"):
            keps = [features_of(index).get(key) for key in ev.location.split()]
            return tuple(f for f in keps if f is not None)
    return ()


# "is X part of sig Y?", "does sig-Y own X?", "X is owned by Y, right?", "X 是 Y 负责的吗？"
# This pattern, _GROUP_MENTION and _SENTENCE_END are needed only by a message that names a kind
# of group (_GROUP_KIND), so they are left to `re`'s cache of compiled patterns: compiled on first
# use, not at every start-up (~1 ms of a `sigbot ask` that names none).
# "... or someone else?", "... or not?": still whether, where "or" with a name asks which.
_OR_ELSE = (
    r"\bor (?:someone|somebody|anyone|another group|another sig|something) else\s*\??$"
    r"|\bor not\s*\??$"
)
# A check asked after its subject, in a one-part message ("audit logs — is that sig-auth?",
# "kubeadm, sig cli or someone else?"); in a message with pasted output the sentence would run
# on from the paste.
_CHECK_AFTER = rf"(?:^|[—–:;,]\s*)(is that|is this|is it)\b|{_OR_ELSE}"
_YES_NO = (
    r"^(is|isn't|are|does|doesn't|do|did|should|would|will|can|could|was)\b"
    r"|\b(right|correct|yes|no|true|isn't it|is it|don't they|doesn't it|am i right)\s*\??$"
    r"|吗\s*[?？]?$|是不是|对吧|对吗"
)
# Each alternative starts with its letter and checks the character before it after that letter:
# the engine skips to the four letters, instead of trying the lookbehind at every character of a
# long message (44 -> 16 us on the long messages).
_GROUP_KIND = re.compile(
    r"(?:s(?<![\w/-]s)ig|w(?<![\w/-]w)g|u(?<![\w/-]u)g|c(?<![\w/-]c)ommittee)[\s-]+[a-z0-9]"
)
_GROUP_MENTION = r"(?<![\w/-])(sig|wg|ug|committee)[\s-]+([a-z0-9]+(?:[\s-][a-z0-9]+){0,3})"


def _verification(
    query: Query, kb: KnowledgeBase, index: Index
) -> tuple[Group | RetiredGroup, Query, list[Ranked]] | None:
    """A yes/no question that names a group and asks about something else: the group it names,
    and the question with that name taken out (to find who really owns the rest). In a message
    of several sentences, the sentence that asks is the question ("kubeadm is part of sig-cli
    right? since it's a cli"; "is metrics-server part of sig-autoscaling? it's what the hpa
    reads": the reason given names other things). The rest is ranked once, here, and the
    ranking handed back for the decision."""
    if query.intent != "topic" or not _GROUP_KIND.search(query.text):
        return None  # names no group: nothing to verify (and a long message is not split)
    asking = next(
        (
            s
            for s in _sentences(query.text)
            if re.search(_YES_NO, s) or (not query.several and re.search(_CHECK_AFTER, s))
        ),
        None,
    )
    if asking is None or len(_GROUP_KIND.findall(asking)) > 1:
        return None  # "is this sig-auth or sig-node?" asks which, not whether
    if re.search(r"\bor\b", asking) and not re.search(_OR_ELSE, asking):
        return None  # "... is that sig-etcd or api machinery?": which, said without "sig"
    for m in re.finditer(_GROUP_MENTION, asking):
        words = m.group(2).replace("-", " ").split()
        for n in range(len(words), 0, -1):  # "sig cluster lifecycle project" -> longest name
            key = f"{m.group(1)} {' '.join(words[:n])}"
            asked = _named_group(kb, index, key)
            if asked is None:
                continue
            start = m.start()
            end = m.start() + len(m.group(1)) + 1 + len(" ".join(m.group(2).split()[:n]))
            rest_text = (asking[:start] + " " + asking[end:]).strip()
            rest = parse_query(rest_text, index.words)
            if rest.intent != "topic":
                return None
            ranked = rank_groups(rest, index, limit=RANKED)
            if not ranked or not CALIBRATION.has_evidence(ranked[0]):
                return None
            return asked, rest, ranked
    return None


_SENTENCE_END = r"(?<=[?？。!！])\s*|(?<=\.)\s+"


def _sentences(text: str) -> list[str]:
    """The text's sentences, each with its closing mark (a yes/no question ends with "?")."""
    return [s.strip() for s in re.split(_SENTENCE_END, text) if s.strip()]


def _named_group(kb: KnowledgeBase, index: Index, key: str) -> Group | RetiredGroup | None:
    from bot.query import to_key

    for entry in phrases_of(index).keys.get(to_key(key), []):
        if entry.via in ("name", "name_word"):
            return kb.group(entry.group)
        if entry.via in ("retired", "misnomer"):
            return kb.retired_group(entry.group)
    return None


def _shared_match(kb: KnowledgeBase, gid: str, top: Ranked) -> Match:
    g = kb.group(gid)
    assert g is not None
    return Match(
        gid,
        g.kind,
        g.display_name,
        top.score,
        via_kind=top.via,
        via_label=top.label,
        shared=True,
        via_detail=top.detail,
    )


def _resolve_misnomers(kb: KnowledgeBase, ranked: list[Ranked]) -> list[Ranked]:
    """'SIG Batch' is answered by WG Batch: replace a misnomer by the group it means."""
    out: list[Ranked] = []
    seen: set[str] = set()
    for r in ranked:
        if r.via == "misnomer":
            retired = kb.retired_group(r.group)
            for gid in retired.successors if retired else ():
                if gid not in seen:
                    seen.add(gid)
                    out.append(r._replace(group=gid, retired=False, misnomer=r.group))
            continue
        if r.group not in seen:
            seen.add(r.group)
            out.append(r)
    out.sort(key=lambda r: -r.points)
    return out


def _misnomer_of(kb: KnowledgeBase, r: Ranked) -> RetiredGroup | None:
    """The wrong or retired name the question used for this group, to say so on the answer:
    "SIG Batch" (never existed), or "Structured Logging", the name of a retired working group
    whose topic this group now owns."""
    if r.misnomer:
        return kb.retired_group(r.misnomer)
    return next((rg for rg in kb.retired_named(r.label) if r.group in rg.successors), None)


def answer_for_group(kb: KnowledgeBase, group_id: str, lang: Lang = "en") -> Answer | None:
    """A group's card on its own: what a "did you mean" button or a picker shows."""
    g = kb.group(group_id)
    if g is None:
        return None
    match = Match(g.id, g.kind, g.display_name, 100.0, via_kind="chosen")
    query = parse_query(g.display_name, kb.vocabulary)
    return Answer("answer", query, lang, matches=(match,), groups=(g,))


def ask(
    text: str, kb: KnowledgeBase, index: Index, lang: Lang | None = None, repository: str = ""
) -> Answer:
    """The whole core in one call: raw text in, Answer out. `repository`: where an issue was
    filed ("org/repo"), when the text is an issue's."""
    return compose_answer(parse_query(text, index.words, repository), kb, index, lang)
