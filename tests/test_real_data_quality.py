"""Quality floors over today's bundled knowledge (knowledge/): the labelled dev sets, real issue
titles, and everyday English that must not read as Kubernetes.

These check today's knowledge with the engine as it is: a refresh or a change that lowers
quality below a floor fails here on purpose. The floors are not the targets (the benchmarks in
benchmarks/ measure those); the engine's mechanics are tested over tests/fixtures/knowledge-mini.
"""

from __future__ import annotations

import json

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from benchmarks.eval_quality import load_cases, score
from bot.answers import ask
from bot.matching import Index
from bot.model import KnowledgeBase
from tests.conftest import DEV_SET, EVAL


def top(kb: KnowledgeBase, index: Index, text: str) -> str | None:
    a = ask(text, kb, index)
    return a.matches[0].id if a.matches else None


def test_dev_set_quality_stays_above_the_bar(kb: KnowledgeBase, index: Index) -> None:
    """The acceptance bar of the answer engine: top-1 >= 0.90 on positives, negatives >= 0.90."""
    cases = yaml.safe_load(DEV_SET.read_text(encoding="utf-8"))["cases"]
    positives = [c for c in cases if c["expect"]]
    negatives = [c for c in cases if not c["expect"]]
    hits = sum(
        top(kb, index, c["query"]) in c["expect"]
        and ask(c["query"], kb, index).status in ("answer", "ambiguous", "archived")
        for c in positives
    )
    rejected = sum(ask(c["query"], kb, index).status in ("none", "help", "list") for c in negatives)
    assert hits / len(positives) >= 0.90
    assert rejected / len(negatives) >= 0.90


def test_quality_floors_on_the_dev_sets(kb: KnowledgeBase, index: Index) -> None:
    """Not the targets (benchmarks/eval_quality.py measures those): floors under which a change
    is a regression."""
    natural = score(load_cases(EVAL / "dev-natural.yaml"), kb, index)
    titles = score(load_cases(EVAL / "real-titles-dev.yaml"), kb, index)
    short = score(load_cases(EVAL / "dev.yaml"), kb, index)
    assert short["top1"] >= 0.95
    assert natural["top1"] >= 0.85 and natural["top3"] >= 0.93
    assert natural["rejected"] >= 0.94
    assert titles["top1"] >= 0.68 and titles["top3"] >= 0.85
    offtopic = score(load_cases(EVAL.parent / "offtopic.yaml"), kb, index)
    assert offtopic["rejected"] >= 0.80
    high = [natural["confidence"].get("high", (0, 0)), titles["confidence"].get("high", (0, 0))]
    answered, right = sum(n for n, _ in high), sum(ok for _, ok in high)
    assert right / answered >= 0.90


def test_triage_quality_floor_on_real_titles(kb: KnowledgeBase, index: Index) -> None:
    """A floor, not the target (benchmarks/triage.py measures that): a change that makes
    `high` suggestions wrong more often, or much rarer, fails here."""
    from benchmarks.triage import GH_JSON, score_triage

    raw = json.loads(GH_JSON.read_text(encoding="utf-8"))
    top1, _, levels = score_triage(raw, kb, index)
    high, right = levels["high"]
    assert right / high >= 0.88 and high / len(raw) >= 0.33
    assert top1 >= 0.65


EVERYDAY = st.sampled_from(
    "coffee garden weather holiday kitchen music football breakfast bicycle river mountain "
    "birthday sister brother dinner movie guitar painting beach summer winter morning evening "
    "yesterday tomorrow happy tired hungry lovely friends family weekend travel train airport "
    "hotel shopping bakery chocolate lemon pasta salad soup recipe novel poem song dance".split()
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(EVERYDAY, min_size=8, max_size=40))
def test_long_english_text_with_no_kubernetes_terms_gets_none(
    kb: KnowledgeBase, index: Index, words: list[str]
) -> None:
    """Today's records (hundreds of KEP summaries) hold many everyday words: none of them may
    make a message about a holiday read as Kubernetes."""
    assert ask(" ".join(words), kb, index).status == "none"


EVERYDAY_INFLECTED = st.sampled_from(
    "walked sleeping cooked dancing painted travelling singing swimming laughed cleaning "
    "baked hiking shopped visited cycling knitted watered planted reading writing".split()
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.lists(st.one_of(EVERYDAY, EVERYDAY_INFLECTED), min_size=3, max_size=20))
def test_inflected_everyday_words_are_not_technical_terms(
    kb: KnowledgeBase, index: Index, words: list[str]
) -> None:
    """Term weighting compares stems, so "sleeping" meets a KEP's "sleep": how common a word
    is must then be judged by its stem too, or every unlisted inflection looks technical."""
    assert ask(" ".join(words), kb, index).status == "none"
