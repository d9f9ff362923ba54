"""No input, however strange, makes the core raise or return something malformed."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.answers import ask
from bot.matching import Index
from bot.model import KnowledgeBase
from bot.render.json_out import answer_json
from bot.render.slack.blocks import fallback_text, render_blocks
from bot.render.terminal.text import render_text

STATUSES = {"answer", "ambiguous", "archived", "none", "list", "help"}
slack_markup = st.sampled_from(
    [
        "<@U123>",
        "<#C1|sig-node>",
        "<!channel>",
        "<https://x.io|x>",
        ":tada:",
        "`",
        "*",
        "<",
        ">",
        "&",
    ]
)
inputs = st.one_of(
    st.text(max_size=300),
    st.text(alphabet=st.characters(max_codepoint=0x1F), max_size=200),
    st.lists(slack_markup, max_size=30).map(" ".join),
    st.just("x" * 10_000),
    st.text(alphabet="网络策略调度器容器存储 ", max_size=50),
)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=inputs)
def test_any_input_gives_a_well_formed_answer(kb: KnowledgeBase, index: Index, text: str) -> None:
    a = ask(text, kb, index)
    data = answer_json(a)
    assert data["status"] in STATUSES
    # The question comes back as given, or (past 8,000 characters as JSON) its beginning and "…"
    echoed = str(data["query"])
    assert echoed == text or (echoed.endswith("…") and text.startswith(echoed[:-1]))
    assert len(json.dumps(echoed, ensure_ascii=False)) <= 8_010
    scores = [m["score"] for m in data["matches"]]
    assert scores == sorted(scores, reverse=True)
    assert all(
        0 <= s <= 100 and m["id"] and m["via"] for s, m in zip(scores, data["matches"], strict=True)
    )
    json.dumps(data)
    assert isinstance(render_text(a, kb), str)
    blocks = render_blocks(a, kb)
    assert 0 < len(blocks) <= 50
    assert "<!channel>" not in json.dumps(blocks) and "<!channel>" not in fallback_text(a)


spans = st.sets(st.frozensets(st.integers(min_value=0, max_value=12), max_size=5), max_size=12)


@given(found=spans)
def test_a_key_inside_a_longer_key_is_found_by_its_definition(found: set[frozenset[int]]) -> None:
    # _inside_longer takes shortcuts (one word against the longer spans' words); the answer is
    # still the definition: a span strictly inside another one.
    from bot.matching import _inside_longer

    assert _inside_longer(found) == {s for s in found if any(s < other for other in found)}


camel_text = st.text(alphabet=st.sampled_from([*"aZq9 ._-/`\n", "中", "😭", "é", "Ä", "Ａ"]))


@given(text=camel_text)
def test_camel_runs_are_found_by_their_definition(text: str) -> None:
    # camel_runs reads the text as bytes of three classes; the answer is still the definition:
    # the start of each run of ASCII letters and digits with a lower-case letter or digit
    # right before a capital.
    import re

    from bot.query import camel_runs

    runs = re.finditer(r"[A-Za-z0-9]+", text)
    assert camel_runs(text) == [m.start() for m in runs if re.search("[a-z0-9][A-Z]", m[0])]


# Line breaks, full-width and compatibility characters, a combining accent, Hangul jamo.
nfkc_text = st.text(alphabet=st.sampled_from([*"\n\r a，…Ａ中😭", "\u0301", "\u1100", "\u1161"]))


@given(text=nfkc_text)
def test_a_message_normalised_line_by_line_is_normalised(text: str) -> None:
    import unicodedata

    from bot.query import _nfkc_by_line

    assert _nfkc_by_line(text) == unicodedata.normalize("NFKC", text)


# Box drawing, full-width, ligatures, the Kelvin sign, an accent, emoji, Chinese, control marks.
code_text = st.text(alphabet=st.sampled_from([*"aZ9 \n\t.-:\x01│├─ＡﬁKé"]))


@given(text=code_text, chinese=st.booleans())
def test_pasted_lines_are_cut_into_words_by_their_definition(text: str, chinese: bool) -> None:
    # _code_keys reads a block without Chinese as ASCII bytes; its words are still the
    # pattern's: runs of a-z and 0-9 (or of Chinese), after folding.
    import re

    from bot.query import _code_keys, _code_token, _fold

    block = text + ("中文" if chinese else "")
    keys = []
    for line in _fold(block).replace("\x01", " ").split("\n"):
        words = re.findall(r"[a-z0-9]+|[\u3400-\u9fff\uf900-\ufaff]+", line)
        key = " ".join(filter(None, map(_code_token, words)))
        if key and key not in keys:
            keys.append(key)
    assert _code_keys(block) == keys


sentence_text = st.lists(
    st.sampled_from(
        [
            *("who", "WHICH", "where", "how", "Why", "anyone", "know", "is", "there", "owns"),
            *("?", "？", "谁", "哪个", "怎么", "吗", "node", "\t", "  ", " ", ".", "İ", "K"),
        ]
    ),
    max_size=14,
).map("".join)


@given(sentence=sentence_text)
def test_a_sentence_without_a_hint_of_asking_is_prose(sentence: str) -> None:
    # _role_of answers "prose" at once for a sentence without a hint; the answer is still the
    # definition: its head (or, when it asks by a mark or is not ASCII, all of it) neither
    # routes nor asks.
    from bot.message import ASKING_HEAD_WORDS, _asks, _role_of, _routes

    lowered = sentence.lower()
    head = lowered
    if "?" not in lowered and "？" not in lowered and lowered.isascii():
        head = " ".join(lowered.split()[:ASKING_HEAD_WORDS])
    expected = "route" if _routes(head) else "ask" if _asks(head) else "prose"
    assert _role_of(lowered) == expected
