"""The knowledge model: plain frozen values built once at start-up. Pure: no I/O, no Slack.

Every answer sigbot gives is read from these objects, so they are immutable: a reload builds a new
KnowledgeBase and swaps the reference, and nobody can see half of one.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from typing import Literal

from bot.lang import Lang

# The Kubernetes community's Slack: where channel links point unless SIGBOT_WORKSPACE_URL says
# otherwise (a fork of the community, a test workspace).
DEFAULT_WORKSPACE_URL = "https://kubernetes.slack.com"

GroupKind = Literal["sig", "wg", "committee", "usergroup"]
GROUP_KINDS: tuple[GroupKind, ...] = ("sig", "wg", "committee", "usergroup")
# How people say a group's kind before its name ("SIG Network", "WG Batch"); committees are
# named by their own name ("Steering Committee"), active and retired alike.
KIND_PREFIX: dict[str, str] = {"sig": "SIG", "wg": "WG", "usergroup": "UG", "committee": ""}

# Upstream sigs.yaml section name for each kind; its order is also the order of the directory.
SECTION_KIND: dict[str, GroupKind] = {
    "sigs": "sig",
    "workinggroups": "wg",
    "committees": "committee",
    "usergroups": "usergroup",
}

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")

FrequencyKind = Literal["weekly", "every_n_weeks", "monthly", "unknown"]


@dataclass(frozen=True)
class Person:
    """A chair, tech lead or subproject lead, by name and GitHub handle."""

    name: str
    github: str

    @property
    def github_url(self) -> str:
        return f"https://github.com/{self.github}"


@dataclass(frozen=True)
class Frequency:
    """How often a meeting recurs, structured where upstream's free text allows it.

    `text` always keeps upstream's words, so nothing is lost when the structure is partial.
    """

    kind: FrequencyKind
    text: str
    interval_weeks: int | None = None  # weekly=1, biweekly=2, "every four weeks"=4
    anchor: date | None = None  # a known date of one occurrence, when upstream gives one
    week_of_month: int | None = None  # 1..4, or -1 for "last"; monthly meetings only

    @property
    def is_structured(self) -> bool:
        return self.kind != "unknown"


@dataclass(frozen=True)
class Meeting:
    """A recurring meeting as upstream lists it, its time normalised (24-hour, IANA zone)."""

    description: str
    weekday: str  # one of WEEKDAYS
    time: str  # "HH:MM", 24-hour, in `tz`
    tz: str  # IANA zone name
    frequency: Frequency
    url: str = ""
    archive_url: str = ""
    recordings_url: str = ""
    calendar_url: str = ""
    raw_text: str = ""  # upstream's words for whatever could not be normalised

    @property
    def is_normalised(self) -> bool:
        return bool(self.weekday and self.time and self.tz)


@dataclass(frozen=True)
class Subproject:
    """A group's subproject: what it covers, where its code is, who leads it, how to reach it."""

    name: str
    description: str = ""
    owners: tuple[str, ...] = ()  # "org/repo[/path]", the directories holding its OWNERS files
    leads: tuple[Person, ...] = ()
    slack: str = ""
    mailing_list: str = ""
    meetings: tuple[Meeting, ...] = ()


@dataclass(frozen=True)
class Group:
    """An active SIG, working group, committee or user group (one entry of upstream sigs.yaml)."""

    id: str  # upstream `dir`, e.g. "sig-network"
    kind: GroupKind
    name: str  # upstream short name, e.g. "Network"
    mission: str  # one sentence, from upstream
    label: str = ""  # GitHub label suffix: "network" -> sig/network
    slack: str = ""  # channel name without '#'
    mailing_list: str = ""
    private_mailing_list: str = ""  # for confidential reports (security, conduct)
    url: str = ""  # community page
    chairs: tuple[Person, ...] = ()
    tech_leads: tuple[Person, ...] = ()
    meetings: tuple[Meeting, ...] = ()
    subprojects: tuple[Subproject, ...] = ()
    stakeholder_sigs: tuple[str, ...] = ()
    # From the curated files:
    category: str = ""
    summary_en: str = ""
    summary_zh: str = ""
    # Questions about this group's topics are reports to be made in private (a vulnerability,
    # a Code of Conduct matter): it is named first whenever the message says so, and the
    # answer's first step is its private list (and `report_url`), never a public channel.
    private_reports: bool = False
    report_url: str = ""  # how to report, when upstream's private list is not all of it
    # What its private reports are about: "software" (a flaw in the project's code: a message
    # that asks to tell something in private and names a component comes here) or "people".
    reports_about: str = ""
    api_groups: tuple[str, ...] = ()  # API groups it owns that upstream's OWNERS do not show
    # Its topics that say where or how something happened rather than whose it is ("flaky",
    # "e2e tests", "CI" for SIG Testing; topics.yaml `conditions`, folded): another group's
    # specific topic in the same message is the subject.
    conditions: tuple[str, ...] = ()
    # Tags that open the titles of its work ("[zh-cn]" for SIG Docs' localization teams;
    # topics.yaml `title_tags`, folded).
    title_tags: tuple[str, ...] = ()

    def summary(self, lang: str) -> str:
        """Our one-line description in `lang`, falling back to English, then upstream's mission."""
        return (
            (self.summary_zh if lang == "zh" else self.summary_en)
            or self.summary_en
            or self.mission
        )

    @property
    def directory_order(self) -> tuple[int, str]:
        """SIGs, then working groups, committees and user groups; by name within each."""
        return (GROUP_KINDS.index(self.kind), self.name.lower())

    @property
    def display_name(self) -> str:
        """'SIG Network', 'WG Batch', 'Steering Committee': how people say it."""
        if self.kind == "committee":
            return self.name if "committee" in self.name.lower() else f"{self.name} Committee"
        return f"{KIND_PREFIX[self.kind]} {self.name}"

    @property
    def label_prefix(self) -> str:
        return {"sig": "sig", "wg": "wg", "committee": "committee", "usergroup": "ug"}[self.kind]

    @property
    def github_label(self) -> str:
        return f"{self.label_prefix}/{self.label}" if self.label else ""

    @property
    def prow_command(self) -> str:
        # Prow's label plugin only knows /sig, /wg, /committee and /area style commands.
        return f"/{self.label_prefix} {self.label}" if self.label else ""

    @property
    def good_first_issues_url(self) -> str:
        if not self.label:
            return ""
        return (
            "https://github.com/issues?q=is%3Aopen+is%3Aissue+org%3Akubernetes+org%3Akubernetes-sigs"
            f"+label%3A%22good+first+issue%22+label%3A{self.label_prefix}%2F{self.label}"
        )

    @property
    def has_way_to_join(self) -> bool:
        return bool(self.slack or self.mailing_list or self.private_mailing_list or self.meetings)


@dataclass(frozen=True)
class Vocabulary:
    """Word lists from knowledge/language.yaml that shape how a question is read: words that
    never name a topic, Chinese filler around the topic, and the first parts of code paths."""

    stopwords: frozenset[str] = frozenset()
    zh_filler: tuple[str, ...] = ()  # longest first, so 谁负责 goes before 负责
    path_roots: frozenset[str] = frozenset()
    # Words of computing at large (languages, formats, other projects): "yaml", "python".
    # Like an everyday word, such a key means the Kubernetes thing only in a Kubernetes message.
    general_computing: frozenset[str] = frozenset()
    # Products and platforms outside the Kubernetes project (a vendor's chart, a NAS, a CI
    # service, a cloud's own services), English words or Chinese names: a message about one
    # of them is not owned by a Kubernetes group, whatever Kubernetes words it also holds.
    third_party: frozenset[str] = frozenset()
    # Common English words that are not in sigbot's vocabulary but lie within a typo's distance
    # of a word that is ("director" of "directory", "phone" of "prone"): correct as written, so
    # never corrected (generated by scripts/everyday_words.py).
    not_typos: frozenset[str] = frozenset()
    # Common English words (stems) our records never use ("basement", "warranty", "insurance";
    # generated by scripts/everyday_words.py): a message made of many of them around one
    # Kubernetes word is about something else ("water ingress in the basement after the storm").
    everyday_outside: frozenset[str] = frozenset()
    # Phrases that say the person wants to tell something without it being public ("without
    # making it public", "私下"): with a component named, a report for the private list.
    private_asks: tuple[str, ...] = ()
    # Phrases that ask where or whom to tell something ("who do I tell", "where can I raise
    # this", "发给谁"): what makes a report's cue words count (topics.yaml `when_asked`).
    report_asks: tuple[str, ...] = ()
    # Phrases that say the message is about another person ("he keeps", "a reviewer", "有人"):
    # asked in private with no piece of the project's software named, a conduct matter.
    about_a_person: tuple[str, ...] = ()
    # Words that introduce what someone said, right before a quotation ("he said", "说"):
    # beside a person of the community, what was said to someone (language.yaml `sayings`).
    sayings: tuple[str, ...] = ()
    # Phrases that say the message is not about Kubernetes ("not k8s, plain VMs", "跟 k8s 无关"):
    # its Kubernetes-sounding words (cluster, failover, logs) mean another product's things.
    not_kubernetes: tuple[str, ...] = ()
    # Phrases that name a thing outside the project with one of its words ("Task Scheduler",
    # "AWS security group", "coffee pod", "社交网络"): said, they count as another product named.
    elsewhere: tuple[str, ...] = ()
    # Phrases that name the project's own community, its people and places ("a reviewer",
    # "kubecon", "贡献者"): a report told of them is the committees' matter even beside another
    # product's name ("... picks apart everything I write on GitHub and calls me stupid").
    community: tuple[str, ...] = ()
    # Phrases that ask how to do something ("how do I", "is it possible to", "怎么"): a message
    # that asks one is a question about a feature, not a flaw told as a story (topics.yaml
    # `pairs` with `report: true`).
    how_to_asks: tuple[str, ...] = ()
    # Phrases that tell what a flaw does ("anyone can read", "even though", "in plain text",
    # "能看到", "明文"): beside a thing a flaw reaches (a secret, a token; topics.yaml pairs with
    # `told: true`) in a story that asks nothing, they make it a possible vulnerability. The
    # thing alone is too common in ordinary news ("rotated the etcd encryption key, all secrets
    # re-encrypted fine").
    flaw_signs: tuple[str, ...] = ()
    # Phrases that say a matter is an ordinary one: settled ("fixed", "all green", "一切正常"),
    # routine ("release notes"), or access that failed or ran out ("expired", "permission
    # denied", "过期"). A flaw is access that worked where it should not: a story with one of
    # these and no flaw sign is news or a bug, not a possible vulnerability.
    ordinary: tuple[str, ...] = ()
    # Words that say what a feature guards against ("prevent", "stop", "防止"): a vulnerability's
    # word right after one ("does hostUsers stop a container escape?", "能防容器逃逸吗") names
    # what the feature is for, not a flaw the person found.
    guards: tuple[str, ...] = ()
    # What a program leaks that is not data ("memory", "file descriptors"): a report pair's word
    # right before one ("the reconciler leaks file descriptors") tells a resource leak, a bug.
    # Where a person runs things to try them ("on my laptop", "在我的笔记本上"): the product
    # word in it (a laptop) is the place, not what the message is about.
    dev_machines: tuple[str, ...] = ()
    # Words a person reports conduct with that also describe a thing ("an insulting error",
    # "abuse of the API server", "the threat model", "an intimidating codebase"): said of no
    # person and beside a piece of the project, they describe that piece (bot/answers.py).
    said_of_things: tuple[str, ...] = ()
    resource_leaks: tuple[str, ...] = ()
    # The everyday names people give the objects the described features name ("machine" or
    # "host" for a node; "instance" or "copy" for a pod), as (word, its names): a
    # feature's phrase is also said with one of them in the object's place.
    everyday_names: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # Chinese words for what most groups' records talk about (节点 node, 容器 container, 集群
    # cluster): weak inside a sentence even in a message about Kubernetes, as the English words
    # are (bot.evidence.terms.is_kubernetes_generic finds those from the records; Chinese has no
    # records to count them in).
    generic_chinese: tuple[str, ...] = ()

    @cached_property
    def generic_chinese_set(self) -> frozenset[str]:
        """`generic_chinese` as a set (looked up for every weak Chinese key of a message)."""
        return frozenset(self.generic_chinese)

    @cached_property
    def foreign(self) -> frozenset[str]:
        """Words of anything but the Kubernetes project: general computing and third parties.
        Kept once made (a union of two lists of hundreds of words, asked for several times per
        question); the vocabulary is frozen, so it cannot go stale."""
        return self.general_computing | self.third_party


@dataclass(frozen=True)
class Route:
    """One piece of a retired group's work and the active group that has it now."""

    work_en: str
    group: str
    work_zh: str = ""

    def work(self, lang: str) -> str:
        """What the piece of work is, in `lang` where curators wrote it, else in English."""
        return self.work_zh if lang == "zh" and self.work_zh else self.work_en


@dataclass(frozen=True)
class RetiredGroup:
    """A group that no longer exists, or a name people use for something else."""

    id: str  # archive dir name, e.g. "wg-serving"
    name: str
    kind: GroupKind
    successors: tuple[str, ...] = ()  # active groups a source names as carrying the work on
    related: tuple[str, ...] = ()  # active groups close in topic, named by no source as successor
    # (successor id, where upstream says so): "archive/wg-lts.md: sponsored by SIG Release"
    sources: tuple[tuple[str, str], ...] = ()
    note_en: str = ""
    note_zh: str = ""
    aliases: tuple[str, ...] = ()
    misnomer: bool = False  # True: never existed under this name ("SIG Batch")
    routes: tuple[Route, ...] = ()  # where each piece of the work went, when it split

    @property
    def display_name(self) -> str:
        return f"{KIND_PREFIX[self.kind]} {self.name}".strip()

    def note(self, lang: str) -> str:
        """What became of it, in `lang` where curators wrote it, else in English."""
        return self.note_zh if lang == "zh" and self.note_zh else self.note_en

    def source_of(self, successor: str) -> str:
        return next((src for gid, src in self.sources if gid == successor), "")


@dataclass(frozen=True)
class Topic:
    """Something people ask about ("network policy", "网络策略") and who owns it."""

    alias: str
    lang: Lang
    groups: tuple[str, ...]  # owners, primary first
    shared: bool = False
    report: bool = False  # says the message is a private report (a vulnerability, a conduct matter)
    # ... but only in a message that asks where or whom to tell ("mocked", "crafted request")
    report_cue: bool = False
    subproject: str = ""  # the subproject this alias is a short name of ("CAPA"), if it is one


@dataclass(frozen=True)
class Pair:
    """A topic said in two parts, close together: a word of `first` near a word of `second`
    ("retire" near "SIG": the Steering Committee decides), which no single word names."""

    group: str
    lang: Lang
    first: tuple[str, ...]
    second: tuple[str, ...]
    # The two parts may stand anywhere in what the person wrote: words so particular to the
    # topic ("wind it down", "arbitrates") that being in one message is near enough.
    anywhere: bool = False
    # How many words may stand between the parts in English (0: the default, pairs.WINDOW), for
    # a topic whose parts people put far apart ("a beta API ... after it's deprecated").
    window: int = 0
    # The pair tells a report to make in private, the way people tell a flaw they found: a thing
    # of value (a secret, a token) beside what should not have happened to it ("got through",
    # "in the logs"). It counts as its committee's private report, not in a how-to question.
    report: bool = False
    # Its first list is what a flaw reaches (a secret, root on the host, another tenant): said
    # in a message that tells what happened in sentences and asks nothing, it is enough to put
    # the private report first, as a suggestion (bot/answers.py `_told_flaw`): a story of a
    # token that "still works" is rarely an ordinary bug, and the cost of posting a vulnerability
    # in a public channel is not the cost of a detour through the committee.
    told: bool = False
    # From knowledge/described.yaml: a feature described in everyday words, not a topic named.
    # It yields to a topic another group's name or alias makes of the same words (bot/matching.py).
    described: bool = False
    about: str = ""  # the upstream feature it stands for, as answers show it


@dataclass(frozen=True)
class Category:
    """A heading the groups are listed under, in English and Chinese."""

    id: str
    name_en: str
    name_zh: str
    groups: tuple[str, ...]

    def name(self, lang: str) -> str:
        return self.name_zh if lang == "zh" else self.name_en


# Statuses of a KEP that will not (or no longer) deliver its feature. A KEP in any other status
# is live: provisional, implementable, implemented, deferred.
DEAD_STATUSES = frozenset({"withdrawn", "replaced", "superseded", "rejected", "removed"})


@dataclass(frozen=True)
class Feature:
    """A Kubernetes Enhancement Proposal: a feature, who owns it and how far it has come.

    Known by owning group, number and folder (`key`): two upstream KEPs share number 2133."""

    kep: int
    title: str
    owning_group: str  # an active group id, or upstream's value when the group is gone
    participating_groups: tuple[str, ...] = ()
    status: str = ""  # upstream's: provisional | implementable | implemented | removed | ...
    stage: str = ""  # alpha | beta | stable | deprecated | ...
    latest_milestone: str = ""
    feature_gates: tuple[str, ...] = ()
    url: str = ""
    replaced_by: tuple[int, ...] = ()
    path: str = ""  # its folder under keps/: "sig-node/753-sidecar-containers"
    # upstream's `milestone` map, in stage order: (("alpha", "v1.8"), ("beta", "v1.11"), ...)
    milestone: tuple[tuple[str, str], ...] = ()
    terms: dict[str, int] = field(default_factory=dict, compare=False, hash=False)

    @property
    def key(self) -> str:
        """(owning group, number, folder name), as one string: "sig-node/2133-kubelet-..."."""
        folder = self.path.rsplit("/", 1)[-1] if self.path else str(self.kep)
        return f"{self.owning_group}/{folder}"

    @property
    def is_live(self) -> bool:
        return self.status not in DEAD_STATUSES

    @property
    def is_withdrawn(self) -> bool:
        return self.status in ("withdrawn", "rejected")

    @property
    def is_replaced(self) -> bool:
        return self.status in ("replaced", "superseded") or bool(self.replaced_by)

    def release_of(self, stage: str) -> str:
        """The release upstream's milestone map puts `stage` at, or ""."""
        return next((release for s, release in self.milestone if s == stage), "")


@dataclass(frozen=True)
class Source:
    """Where the generated part of the knowledge came from (shown by `sigbot validate`)."""

    file: str = ""
    commit: str = ""
    date: str = ""


@dataclass(frozen=True)
class KnowledgeBase:
    """Everything sigbot knows, loaded and validated once, frozen; a reload makes a new one."""

    groups: tuple[Group, ...]
    retired: tuple[RetiredGroup, ...] = ()
    topics: tuple[Topic, ...] = ()
    pairs: tuple[Pair, ...] = ()  # topics said in two parts (topics.yaml `pairs`)
    categories: tuple[Category, ...] = ()
    onboarding: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> steps
    welcome: dict[str, tuple[str, ...]] = field(default_factory=dict)  # lang -> paragraphs
    source: Source = Source()  # of the groups (upstream.yaml)
    features: tuple[Feature, ...] = ()
    kep_source: Source = Source()  # of the features (features.yaml)
    kep_skipped: tuple[str, ...] = ()  # kep.yaml files the importer could not use, with why
    # Word counts of each group's charter "In scope" section (generated; matching only).
    scope_terms: dict[str, dict[str, int]] = field(default_factory=dict)
    # How common a word is in everyday English (Zipf scale, 0-8), for words of our vocabulary
    # that are common at all: "network" 5.0, "kubelet" absent. From knowledge/language.yaml.
    everyday: dict[str, float] = field(default_factory=dict)
    vocabulary: Vocabulary = field(default_factory=Vocabulary, compare=False)

    def features_numbered(self, kep: int) -> tuple[Feature, ...]:
        """Every KEP with this number (usually one), live ones first."""
        return tuple(
            sorted((f for f in self.features if f.kep == kep), key=lambda f: not f.is_live)
        )

    def group(self, group_id: str) -> Group | None:
        return self._groups_by_id.get(group_id)

    def retired_group(self, group_id: str) -> RetiredGroup | None:
        return self._retired_by_id.get(group_id)

    def retired_named(self, name: str) -> tuple[RetiredGroup, ...]:
        """Retired groups (not misnomers) whose name, case folded, is `name` case folded."""
        return self._retired_by_name.get(name.casefold(), ())

    # Looked up several times per answer: made once per knowledge base (which is frozen), the
    # first of a duplicated id winning, as a scan in order would.
    @cached_property
    def _groups_by_id(self) -> dict[str, Group]:
        return {g.id: g for g in reversed(self.groups)}

    @cached_property
    def _retired_by_id(self) -> dict[str, RetiredGroup]:
        return {r.id: r for r in reversed(self.retired)}

    @cached_property
    def _retired_by_name(self) -> dict[str, tuple[RetiredGroup, ...]]:
        named: dict[str, list[RetiredGroup]] = {}
        for r in self.retired:
            if not r.misnomer:
                named.setdefault(r.name.casefold(), []).append(r)
        return {name: tuple(rs) for name, rs in named.items()}

    def groups_in(self, category_id: str) -> tuple[Group, ...]:
        """A category's groups in directory order."""
        members = [g for g in self.groups if g.category == category_id]
        return tuple(sorted(members, key=lambda g: g.directory_order))
