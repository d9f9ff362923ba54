"""What a reader sees: Block Kit within Slack's limits, escaped, translated, in their time zone."""

from __future__ import annotations

import json
from datetime import datetime, timezone

import pytest
from slack_sdk.models.blocks import Block

from bot.answers import ask
from bot.matching import Index
from bot.model import KnowledgeBase
from bot.render.slack.blocks import (
    FeedbackRef,
    fallback_text,
    group_card_blocks,
    home_view,
    render_blocks,
    welcome_blocks,
)
from bot.render.terminal.text import render_text
from bot.schedule import next_occurrence

NOW = datetime(2026, 11, 28, 12, 0, tzinfo=timezone.utc)  # a Saturday


def assert_valid_blocks(blocks: list[dict], limit: int = 50) -> None:
    assert 0 < len(blocks) <= limit
    for b in blocks:
        parsed = Block.parse(b)
        assert parsed is not None
        parsed.validate_json()  # raises on any exceeded Slack limit


def test_every_group_card_is_valid_block_kit(kb: KnowledgeBase) -> None:
    for g in kb.groups:
        for lang in ("en", "zh"):
            blocks = [
                b.to_dict()
                for b in group_card_blocks(g, lang, kb, "why", NOW, "Asia/Tokyo", "meetings")
            ]
            assert_valid_blocks(blocks)


@pytest.mark.parametrize(
    "text", ["list", "help", "release notes", "wg serving", "security", "pizza"]
)
def test_every_kind_of_answer_renders_valid_blocks(
    kb: KnowledgeBase, index: Index, text: str
) -> None:
    """With the feedback controls too: 50 blocks, 3,000 characters a section, 100 options."""
    answer = ask(text, kb, index)
    blocks = render_blocks(answer, kb, NOW, "Europe/Berlin", feedback=FeedbackRef("q1", "dm"))
    assert_valid_blocks(blocks)
    has_feedback = any(str(b.get("block_id", "")).startswith("sigbot_fb|q1|") for b in blocks)
    assert has_feedback == (answer.status not in ("help", "list"))


def test_home_and_welcome_views_are_valid(kb: KnowledgeBase) -> None:
    for lang in ("en", "zh"):
        view = home_view(kb, lang)
        assert view["type"] == "home"
        assert_valid_blocks(view["blocks"], limit=100)
        assert_valid_blocks(welcome_blocks(kb, lang))


def test_user_text_echoed_back_cannot_ping_anyone(kb: KnowledgeBase, index: Index) -> None:
    a = ask("<!channel> @here zzqx <script>", kb, index)
    payload = json.dumps(render_blocks(a, kb)) + fallback_text(a)
    assert "<!channel>" not in payload and "<!here>" not in payload and "<script>" not in payload
    b = ask("zzqx & yy", kb, index)
    assert "zzqx &amp; yy" in json.dumps(render_blocks(b, kb))


def test_a_card_shows_everything_needed_to_join(kb: KnowledgeBase, index: Index) -> None:
    """Facts come from the knowledge base, not from today's upstream: a refresh that changes a
    lead or a meeting time must not break this."""
    g = kb.group("sig-network")
    assert g is not None and g.meetings and g.chairs
    text = render_text(ask("network policy", kb, index), kb, NOW, None)
    main = g.meetings[0]
    for fact in (
        g.display_name,
        "you asked about “network policy”",
        f"#{g.slack}",
        g.mailing_list,
        f"{main.time} {main.tz}",
        *(f"@{p.github}" for p in g.chairs),
        g.github_label,
        g.prow_command,
        "good+first+issue",
        g.url,
    ):
        assert fact in text, fact


def test_meetings_are_also_shown_in_the_readers_time_zone(kb: KnowledgeBase, index: Index) -> None:
    from bot.schedule import convert

    g = kb.group("wg-batch")
    assert g is not None
    text = render_text(ask("wg batch", kb, index), kb, NOW, "Asia/Shanghai")
    occurrence = next_occurrence(g.meetings[0], NOW)
    assert occurrence is not None
    there = occurrence.start
    here = convert(there, "Asia/Shanghai")
    assert f"{there:%H:%M} {g.meetings[0].tz}" in text
    assert f"{here.day} {here:%b %H:%M} Asia/Shanghai (your time)" in text
    # the converted time follows the line it converts
    lines = text.splitlines()
    mine = next(i for i, line in enumerate(lines) if "(your time)" in line)
    assert lines[mine - 1].strip().startswith("next")


def test_chinese_answers_use_chinese_wording_and_keep_upstream_facts(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    text = render_text(ask("网络策略", mini_kb, mini_index), mini_kb, NOW)
    assert "SIG Network 负责这个主题" in text and "如何加入" in text and "#sig-network" in text


def test_language_can_be_forced(mini_kb: KnowledgeBase, mini_index: Index) -> None:
    assert "owns this" in render_text(ask("网络策略", mini_kb, mini_index, lang="en"), mini_kb)


def test_retired_group_answer_names_its_successors(
    mini_kb: KnowledgeBase, mini_index: Index
) -> None:
    text = render_text(ask("wg serving", mini_kb, mini_index), mini_kb, NOW)
    assert "WG Serving is retired." in text and "SIG Network" in text


def test_biweekly_meeting_with_an_anchor_lands_on_the_right_week(kb: KnowledgeBase) -> None:
    m = next(
        m
        for g in kb.groups
        for m in g.meetings
        if m.frequency.anchor and m.frequency.kind == "every_n_weeks"
    )
    occ = next_occurrence(m, NOW)
    assert occ is not None and occ.exact
    assert (occ.start.date() - m.frequency.anchor).days % (7 * m.frequency.interval_weeks) == 0


def test_a_machine_without_a_system_tz_database_shows_the_same_times() -> None:
    """Slim containers have no /usr/share/zoneinfo: the zones come from the tzdata package,
    with the same offsets (summer time included), and a name that is not a zone key is refused
    rather than opened as a path."""
    import zoneinfo

    from bot.schedule import time_zone

    summer = datetime(2026, 7, 1, 12, 0, tzinfo=timezone.utc)
    expected = {
        n: summer.astimezone(zoneinfo.ZoneInfo(n)) for n in ("Asia/Shanghai", "America/Los_Angeles")
    }
    time_zone.cache_clear()
    zoneinfo.reset_tzpath(to=[])
    try:
        for name, there in expected.items():
            zone = time_zone(name)
            assert str(zone) == name
            assert summer.astimezone(zone).utcoffset() == there.utcoffset()
        for bad in ("../../../etc/passwd", "/etc/localtime", "Asia/../Asia/Shanghai"):
            with pytest.raises((ValueError, zoneinfo.ZoneInfoNotFoundError)):
                time_zone(bad)
    finally:
        zoneinfo.reset_tzpath()
        time_zone.cache_clear()


def test_no_renderer_offers_a_guess_made_of_one_everyday_word(
    kb: KnowledgeBase, index: Index
) -> None:
    """ "a good recipe for banana bread" matches nothing of ours but the word "good": the
    terminal, the web page and Slack say they found no group and offer no "Did you mean ...?";
    a question with a real near match still gets one (the JSON keeps every match)."""
    from bot.render.web.pages import Reader, answer_view

    off = ask("what's a good recipe for banana bread?", kb, index)
    assert off.status == "none" and off.matches  # the weak guess is there, in the JSON
    assert "Did you mean" not in render_text(off, kb)
    assert "Did you mean" not in json.dumps(render_blocks(off, kb))
    view = answer_view(off, kb, Reader(lang="en"), datetime(2026, 12, 7, tzinfo=timezone.utc))
    assert not view.sections
    near = ask(
        "who looks after the code that decides where a workload lands when machines are full?",
        kb,
        index,
    )
    assert near.status == "none"
    assert "Did you mean" in render_text(near, kb) and "SIG Scheduling" in render_text(near, kb)
