"""The answer card as a newcomer reads it: short, nothing said twice, links that say what they
are, details one click away (through a real Bolt dispatch), and Chinese that reads naturally.
Cards of today's groups are checked over the bundled knowledge (their sizes are today's); the
shapes of a misnomer, a yes/no answer, a retired group and a subproject's meetings over the frozen
tests/fixtures/knowledge-mini."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

import pytest
from slack_sdk import WebClient
from slack_sdk.models.blocks import Block

from bot.answers import answer_for_group, ask
from bot.app import build_app
from bot.live import LiveKnowledge
from bot.matching import Index
from bot.model import KnowledgeBase
from bot.render.slack.blocks import group_card_blocks, render_blocks, to_dicts
from bot.render.slack.card import DETAILS, details_view
from bot.settings import Settings
from tests.fake_slack import FakeSlack
from tests.slack_requests import (
    BOT_TOKEN,
    SIGNING_SECRET,
    block_action,
    command,
    dispatch,
)

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)
LINK = re.compile(r"<([^|>!#@][^|>]*)\|([^>]*)>")
TOKEN = re.compile(r"<!date\^\d+\^[^|]*\|([^>]*)>")
COMPACT_LIMIT = 600  # visible characters, English
TYPICAL = [
    "network policy",
    "who owns kubectl?",
    "my readiness probes time out on busy nodes, which group do I talk to?",
    "CSI drivers",
    "KEP-753",
    "sig batch",
    "is kubeadm part of sig cli?",
    "scheduler",
]


def visible(blocks: list[dict[str, Any]]) -> str:
    """Roughly what a reader sees: texts, with links and date tokens shown as their labels."""
    parts: list[str] = []

    def text_of(obj: Any) -> None:
        if isinstance(obj, dict):
            if obj.get("type") in ("mrkdwn", "plain_text") and "text" in obj:
                parts.append(str(obj["text"]))
                return
            if obj.get("type") == "static_select":
                parts.append(obj["placeholder"]["text"])
                return
            for value in obj.values():
                text_of(value)
        elif isinstance(obj, list):
            for value in obj:
                text_of(value)

    text_of(blocks)
    shown = "\n".join(parts)
    shown = TOKEN.sub(lambda m: m.group(1), shown)
    return LINK.sub(lambda m: m.group(2), shown)


def card_only(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [b for b in blocks if not str(b.get("block_id", "")).startswith("sigbot_fb|")]


def links(blocks: list[dict[str, Any]]) -> list[tuple[str, str]]:
    raw = json.dumps(blocks, ensure_ascii=False)
    found = [(m.group(1), m.group(2)) for m in LINK.finditer(raw.replace("\\n", "\n"))]
    buttons = [
        (e["url"], e["text"]["text"])
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e.get("url")
    ]
    return found + buttons


@pytest.mark.parametrize("question", TYPICAL)
def test_the_compact_card_fits_in_about_600_visible_characters(
    kb: KnowledgeBase, index: Index, question: str
) -> None:
    blocks = card_only(render_blocks(ask(question, kb, index, "en"), kb, NOW))
    shown = visible(blocks)
    assert len(shown) <= COMPACT_LIMIT, shown


@pytest.mark.parametrize("question", TYPICAL)
def test_each_link_appears_once_and_says_what_it_is(
    kb: KnowledgeBase, index: Index, question: str
) -> None:
    answer = ask(question, kb, index, "en")
    shown = [render_blocks(answer, kb, NOW)]  # the answer, then each view a click shows
    for g in answer.groups:
        for what in DETAILS:
            shown.append(to_dicts(group_card_blocks(g, "en", kb, "", NOW, expanded=(what,))))
            shown.append(to_dicts(details_view(g, what, "en", kb, NOW)))  # in a thread
    for blocks in shown:
        found = links(blocks)
        urls = Counter(url for url, _ in found)
        assert [u for u, n in urls.items() if n > 1] == []
        assert [(u, label) for u, label in found if label.strip() == u.strip()] == []


def test_every_detail_view_of_every_group_is_valid_block_kit(kb: KnowledgeBase) -> None:
    for g in kb.groups:
        for lang in ("en", "zh"):
            for what in DETAILS:
                blocks = details_view(g, what, lang, kb, NOW)
                assert 0 < len(blocks) <= 49  # room for the card above it
                for b in blocks:
                    Block.parse(b.to_dict()).validate_json()


def test_the_first_step_is_the_primary_button_and_channels_are_clickable(
    kb: KnowledgeBase, index: Index
) -> None:
    blocks = render_blocks(ask("network policy", kb, index, "en"), kb, NOW)
    buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
    assert buttons[0]["style"] == "primary" and buttons[0]["text"]["text"] == "Open #sig-network"
    start = json.dumps(
        [b.to_dict() for b in details_view(kb.group("sig-network"), "start", "en", kb, NOW)]
    )
    assert "/messages/sig-network|#sig-network>" in start  # the channel in the steps is a link


def test_a_misnomer_says_what_was_asked_without_contradicting_the_note(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    shown = visible(render_blocks(ask("sig batch", mini_kb, mini_index, "en"), mini_kb, NOW))
    assert "There is no SIG Batch" in shown and "Why: you asked for SIG Batch" in shown
    assert "matched name" not in shown


def test_a_yes_no_question_gets_the_answer_first_then_the_real_owner(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    shown = visible(
        render_blocks(ask("is kubeadm part of sig cli?", mini_kb, mini_index, "en"), mini_kb, NOW)
    )
    assert shown.startswith("No: kubeadm belongs to *SIG Cluster Lifecycle*")
    assert "Which one did you mean" not in shown


def test_a_retired_group_is_a_routing_map_not_a_stack_of_cards(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    blocks = card_only(render_blocks(ask("wg serving", mini_kb, mini_index, "en"), mini_kb, NOW))
    shown = visible(blocks)
    assert "inference routing (Gateway API Inference Extension) → SIG Network, #sig-network" in (
        shown.replace("*", "")
    )
    assert not [b for b in blocks if b["type"] == "actions"]  # no join cards, no buttons
    assert len(shown) <= COMPACT_LIMIT


def test_the_list_describes_every_group_and_offers_a_picker(kb: KnowledgeBase) -> None:
    from bot.answers import ask as ask_

    answer = ask_("list", kb, __import__("bot.matching").matching.build_index(kb), "en")
    blocks = render_blocks(answer, kb, NOW)
    fields = [f["text"] for b in blocks if b["type"] == "section" for f in b.get("fields", [])]
    for g in kb.groups:
        [entry] = [f for f in fields if f"|{g.display_name}>" in f or f"*{g.display_name}*" in f]
        _, description = entry.split("\n")
        assert len(description) > 10 and not description.endswith(("（", "(", " "))
    assert any(
        e.get("type") == "static_select"
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
    )
    assert len(blocks) <= 50 and all(len(visible([b])) <= 3000 for b in blocks)


def test_no_answer_offers_a_picker_and_people_to_ask(kb: KnowledgeBase, index: Index) -> None:
    blocks = render_blocks(ask("what a lovely day for a picnic", kb, index, "en"), kb, NOW)
    assert any(b.get("block_id") == "none_picker" for b in blocks)
    assert "#kubernetes-contributors" in visible(blocks)


def test_fortnightly_meetings_without_a_known_week_say_so_plainly(kb: KnowledgeBase) -> None:
    view = visible(
        [b.to_dict() for b in details_view(kb.group("sig-network"), "meetings", "en", kb, NOW)]
    )
    assert "every 2 weeks — check the calendar for which week" in view
    zh = visible(
        [b.to_dict() for b in details_view(kb.group("sig-network"), "meetings", "zh", kb, NOW)]
    )
    assert "每两周（具体周次请查看日历）" in zh
    assert "可能的下次" not in zh and "next possible" not in view


@pytest.mark.parametrize("question", ["谁负责 kubectl", "网络策略", "sig batch", "wg serving"])
def test_chinese_cards_use_full_width_punctuation_and_no_italics(
    kb: KnowledgeBase, index: Index, question: str
) -> None:
    blocks = render_blocks(ask(question, kb, index, "zh"), kb, NOW)
    for g in ask(question, kb, index, "zh").groups:
        for what in DETAILS:
            blocks += [b.to_dict() for b in details_view(g, what, "zh", kb, NOW)]
    shown = visible(blocks)
    assert not re.search(r"[\u4e00-\u9fff]: ", shown), shown  # no half-width colon after Chinese
    assert not re.search(
        r"(?<![\w*])_[^_\n]*[\u4e00-\u9fff][^_\n]*_(?!\w)", json.dumps(blocks, ensure_ascii=False)
    )


# --- clicks, through Bolt ------------------------------------------------------------------------


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    yield server
    server.stop()


@pytest.fixture
def app(fake: FakeSlack, kb: KnowledgeBase):  # type: ignore[no-untyped-def]
    settings = Settings(bot_token=BOT_TOKEN, signing_secret=SIGNING_SECRET, api_url=fake.url)
    return build_app(settings, LiveKnowledge(kb), client=WebClient(BOT_TOKEN, fake.url))[0]


def button(blocks: list[dict[str, Any]], action_id: str) -> dict[str, Any]:
    return next(
        e
        for b in blocks
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == action_id
    )


def test_a_detail_button_on_an_ephemeral_answer_replaces_it_with_card_and_details(
    app,
    fake,  # type: ignore[no-untyped-def]
) -> None:
    reply = command(app, fake, "network policy")
    leads = button(reply["blocks"], "sigbot_details_leads")
    dispatch(
        app, block_action("sigbot_details_leads", fake.response_url("d"), value=leads["value"])
    )
    [response] = fake.wait_for("response")
    shown = visible(response.args["blocks"])
    assert response.args["replace_original"] is True
    assert "Chairs: " in shown and "Open #sig-network" in shown  # the card stays above


def test_a_detail_button_on_a_thread_reply_answers_in_the_thread(
    app,
    fake,  # type: ignore[no-untyped-def]
) -> None:
    body = block_action(
        "sigbot_details_meetings",
        fake.response_url("d"),
        value="sig-node",
        ephemeral=False,
        message={"type": "message", "ts": "5.5", "thread_ts": "5.0", "blocks": []},
    )
    dispatch(app, body)
    [post] = fake.wait_for("chat.postMessage")
    assert post.args["thread_ts"] == "5.0" and "Meetings" in post.args["text"]
    assert not fake.calls_to("response")  # the message everyone sees is left alone


def test_sharing_posts_the_compact_card(app, fake, kb: KnowledgeBase) -> None:  # type: ignore[no-untyped-def]
    dispatch(app, block_action("sigbot_share", fake.response_url("s"), value="sig-cli"))
    [call] = fake.wait_for("response")
    shown = visible(call.args["blocks"])
    assert call.args["response_type"] == "in_channel"
    assert len(shown) <= COMPACT_LIMIT and "Chairs" not in shown
    kinds = [
        e["action_id"] for b in call.args["blocks"] if b["type"] == "actions" for e in b["elements"]
    ]
    assert kinds == ["sigbot_open_channel"]  # nothing that would change the message for everyone


def test_the_open_channel_button_is_acknowledged(app, fake) -> None:  # type: ignore[no-untyped-def]
    status, _ = dispatch(
        app, block_action("sigbot_open_channel", fake.response_url("o"), value="sig-cli")
    )
    assert status == 200


def test_answer_for_group_cards_have_no_feedback_of_their_own(kb: KnowledgeBase) -> None:
    answer = answer_for_group(kb, "sig-node", "en")
    assert answer is not None
    blocks = render_blocks(answer, kb, NOW)
    assert "sigbot_fb|" not in json.dumps(blocks)


def test_links_go_to_the_configured_workspace(fake, kb: KnowledgeBase) -> None:  # type: ignore[no-untyped-def]
    settings = Settings(
        bot_token=BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        api_url=fake.url,
        workspace_url="https://example.slack.com",
    )
    app = build_app(settings, LiveKnowledge(kb), client=WebClient(BOT_TOKEN, fake.url))[0]
    reply = command(app, fake, "network policy")
    opened = button(reply["blocks"], "sigbot_open_channel")
    assert opened["url"] == "https://example.slack.com/messages/sig-network"
    none = command(app, fake, "what a lovely day for a picnic")
    assert "https://example.slack.com/messages/kubernetes-contributors" in json.dumps(none)
    assert "kubernetes.slack.com" not in json.dumps(reply) + json.dumps(none)


def test_a_question_about_a_subproject_shows_its_own_meetings_first(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    answer = ask("when does cluster api meet?", mini_kb, mini_index, "en")
    assert answer.subproject == "cluster-api"
    g = mini_kb.group("sig-cluster-lifecycle")
    assert g is not None
    own = next(sp for sp in g.subprojects if sp.name == "cluster-api").meetings
    assert own, "the fixture of this test: cluster-api has meetings upstream"
    shown = visible(render_blocks(answer, mini_kb, NOW))
    assert shown.index(own[0].description) < shown.index("Regular SIG Meeting")
    from bot.render.terminal.text import render_text

    text = render_text(answer, mini_kb, NOW)
    assert text.index(own[0].description) < text.index("Regular SIG Meeting")


def test_upstream_words_beyond_the_interval_are_kept(kb: KnowledgeBase) -> None:
    from bot.render.meetings import describe_meeting

    meetings = [m for g in kb.groups for m in g.meetings]
    alternating = [m for m in meetings if "alternat" in m.frequency.text.lower()]
    assert alternating  # upstream has at least one
    for m in alternating:
        assert "alternat" in describe_meeting(m, "en", NOW).cadence


def test_the_why_line_is_escaped_once_so_slack_shows_what_was_matched(kb: KnowledgeBase) -> None:
    """A why line is escaped where it is made (render_blocks), and shown as it is: escaped
    twice, "R&D" would read "R&amp;D" in Slack."""
    group = kb.groups[0]
    blocks = to_dicts(group_card_blocks(group, "en", kb, "you asked about “R&amp;D”"))
    text = json.dumps(blocks, ensure_ascii=False)
    assert "you asked about “R&amp;D”" in text and "&amp;amp;" not in text
