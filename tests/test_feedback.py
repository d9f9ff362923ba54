"""Feedback and corrections as a reader gives them: a click on a real card, through a signed
request and Bolt's dispatch, stored in a real store, acknowledged in place, and reported to
curators by `sigbot report` and `sigbot suggest-aliases`."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from slack_bolt import App
from slack_sdk import WebClient

from bot.app import build_app
from bot.listeners.context import SlackContext
from bot.live import LiveKnowledge
from bot.model import KnowledgeBase
from bot.settings import Settings
from bot.state import open_store
from tests.conftest import REPO
from tests.fake_slack import FakeSlack
from tests.slack_requests import (
    BOT_TOKEN,
    SIGNING_SECRET,
    all_text,
    block_action,
    command,
    dispatch,
    event_callback,
    mention,
)


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    yield server
    server.stop()


@pytest.fixture
def state_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path}/state.db"


def make_app(fake: FakeSlack, kb: KnowledgeBase, url: str, log_queries: bool = False):
    settings = Settings(
        bot_token=BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        api_url=fake.url,
        log_queries=log_queries,
    )
    client = WebClient(token=BOT_TOKEN, base_url=fake.url)
    return build_app(settings, LiveKnowledge(kb), client=client, store=open_store(url))


@pytest.fixture
def slack(fake: FakeSlack, kb: KnowledgeBase, state_url: str) -> tuple[App, SlackContext]:
    return make_app(fake, kb, state_url, log_queries=True)


def feedback_controls(blocks: list[dict[str, Any]]) -> dict[str, Any]:
    [block] = [b for b in blocks if str(b.get("block_id", "")).startswith("sigbot_fb|")]
    return block


def click(app: App, fake: FakeSlack, block: dict[str, Any], action_id: str, **kw: Any) -> dict:
    element = next(e for e in block["elements"] if e["action_id"] == action_id)
    dispatch(
        app,
        block_action(
            action_id,
            fake.response_url("fb"),
            value=element.get("value"),
            block_id=block["block_id"],
            **kw,
        ),
    )
    [response] = fake.wait_for("response")
    return response.args


def test_every_answer_card_offers_right_wrong_and_a_picker_of_every_group(
    slack, fake, kb: KnowledgeBase
) -> None:
    reply = command(slack[0], fake, "network policy")
    block = feedback_controls(reply["blocks"])
    ids = [e["action_id"] for e in block["elements"]]
    assert ids == ["sigbot_feedback_up", "sigbot_feedback_down", "sigbot_correct"]
    picker = block["elements"][2]
    offered = {o["value"] for g in picker["option_groups"] for o in g["options"]}
    assert offered == {g.id for g in kb.groups}
    assert all(len(g["options"]) <= 100 for g in picker["option_groups"])


def test_help_and_list_have_no_feedback_and_an_unanswered_question_offers_only_the_picker(
    slack, fake
) -> None:
    for text in ("help", "list"):
        assert "sigbot_fb|" not in all_text(command(slack[0], fake, text)["blocks"])
    none = command(slack[0], fake, "what a lovely day for a picnic")
    block = feedback_controls(none["blocks"])
    assert [e["action_id"] for e in block["elements"]] == ["sigbot_correct"]


def test_a_thumbs_up_is_stored_with_its_question_and_thanked_in_place(
    slack, fake, state_url: str
) -> None:
    app, ctx = slack
    reply = command(app, fake, "kubectl")
    response = click(app, fake, feedback_controls(reply["blocks"]), "sigbot_feedback_up")
    assert response["replace_original"] is True
    shown = all_text(response["blocks"])
    assert "Thanks for the feedback" in shown and "sigbot_fb|" not in shown  # no second click
    assert "SIG CLI" in shown  # the card stays

    store = open_store(state_url)
    [fb] = store.feedback()
    [q] = store.questions()
    assert (fb.verdict, fb.answered, fb.surface, fb.question_id) == (
        "up",
        "sig-cli",
        "command",
        q.id,
    )
    assert fb.user_hash and "U100" not in fb.user_hash
    assert 'sigbot_feedback_total{verdict="up"} 1.0' in ctx.metrics.exposition().decode()


def test_a_thumbs_down_keeps_only_the_picker_and_a_correction_shows_the_right_card(
    slack, fake, state_url: str
) -> None:
    app, ctx = slack
    reply = command(app, fake, "kubectl")
    down = click(app, fake, feedback_controls(reply["blocks"]), "sigbot_feedback_down")
    remaining = feedback_controls(down["blocks"])
    assert [e["action_id"] for e in remaining["elements"]] == ["sigbot_correct"]
    assert "wrong group" in all_text(down["blocks"])

    fake.calls.clear()
    dispatch(
        app,
        block_action(
            "sigbot_correct",
            fake.response_url("fb2"),
            selected="sig-cluster-lifecycle",
            block_id=remaining["block_id"],
        ),
    )
    [corrected] = fake.wait_for("response")
    shown = all_text(corrected.args["blocks"])
    assert "SIG Cluster Lifecycle" in shown and "noted" in shown and "sigbot_fb|" not in shown
    verdicts = [(f.verdict, f.answered, f.chosen) for f in open_store(state_url).feedback()]
    assert verdicts == [("down", "sig-cli", None), ("correct", "sig-cli", "sig-cluster-lifecycle")]
    assert "sigbot_corrections_total 1.0" in ctx.metrics.exposition().decode()


def test_feedback_on_a_thread_reply_keeps_the_message_people_saw(slack, fake) -> None:
    app, _ = slack
    dispatch(app, event_callback(mention("kubectl", ts="1.2")), content_type="application/json")
    [post] = fake.wait_for("chat.postMessage")
    blocks = post.args["blocks"]
    fake.calls.clear()
    response = click(
        app,
        fake,
        feedback_controls(blocks),
        "sigbot_feedback_up",
        ephemeral=False,
        message={"type": "message", "ts": "1.3", "blocks": blocks},
    )
    shown = all_text(response["blocks"])
    assert "SIG CLI owns this" in shown or "SIG CLI" in shown
    assert "sigbot_fb|" not in shown and "Thanks" in shown


def test_on_an_answer_everyone_sees_only_the_asker_can_change_it(
    slack, fake, state_url: str
) -> None:
    """Issue #20, item 9: a passer-by's click is stored and acknowledged to them alone."""
    app, _ = slack
    dispatch(app, event_callback(mention("kubectl", ts="1.2")), content_type="application/json")
    [post] = fake.wait_for("chat.postMessage")  # a thread reply to U100, seen by the channel
    blocks = post.args["blocks"]
    seen = {"ephemeral": False, "message": {"type": "message", "ts": "1.3", "blocks": blocks}}
    for action_id in ("sigbot_feedback_down", "sigbot_feedback_up"):
        fake.calls.clear()
        response = click(app, fake, feedback_controls(blocks), action_id, user="U200", **seen)
        assert response["replace_original"] is False and response["response_type"] == "ephemeral"
        assert "<@U200>" in all_text(response["blocks"])
        kinds = {b["type"] for b in response["blocks"]}
        assert kinds <= {"context", "actions"}  # a note to them (and a picker), not the card
    fake.calls.clear()
    dispatch(
        app,
        block_action(
            "sigbot_correct",
            fake.response_url("fb"),
            selected="sig-cluster-lifecycle",
            block_id=feedback_controls(blocks)["block_id"],
            user="U200",
            **seen,
        ),
    )
    [corrected] = fake.wait_for("response")
    assert corrected.args["replace_original"] is False
    assert corrected.args["response_type"] == "ephemeral"
    stored = open_store(state_url).feedback()
    assert [f.verdict for f in stored] == ["down", "up", "correct"]
    assert len({f.user_hash for f in stored}) == 1  # all U200's
    fake.calls.clear()
    mine = click(app, fake, feedback_controls(blocks), "sigbot_feedback_up", **seen)  # U100
    assert mine["replace_original"] is True and "sigbot_fb|" not in all_text(mine["blocks"])


def test_a_store_that_is_down_does_not_stop_answers(fake, kb: KnowledgeBase) -> None:
    from tests.services import RedisServer

    server = RedisServer()
    app, ctx = make_app(fake, kb, server.url)
    server.stop()
    reply = command(app, fake, "network policy")
    assert reply["text"] == "SIG Network owns this."
    dispatch(app, event_callback(mention("kubectl"), "EvDown"), content_type="application/json")
    dispatch(app, event_callback(mention("kubectl"), "EvDown"), content_type="application/json")
    fake.wait_for("chat.postMessage")
    import time

    time.sleep(0.5)
    assert len(fake.calls_to("chat.postMessage")) == 1  # de-duplicated in process
    assert "sigbot_state_errors_total" in ctx.metrics.exposition().decode()


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_report_and_suggest_aliases_read_what_readers_said(slack, fake, state_url: str) -> None:
    app, _ = slack
    for user in ("U1", "U2"):
        reply = command(app, fake, "pod stuck terminating", user=user)
        fake.calls.clear()
        dispatch(
            app,
            block_action(
                "sigbot_correct",
                fake.response_url("c"),
                selected="sig-node",
                user=user,
                block_id=feedback_controls(reply["blocks"])["block_id"],
            ),
        )
        fake.wait_for("response")
    command(app, fake, "what a lovely day for a picnic")

    report = run_cli("report", "--state", state_url, "--json")
    assert report.returncode == 0, report.stderr
    data = json.loads(report.stdout)
    assert data["feedback"]["correct"] == 2
    [correction] = data["corrections"]
    assert correction["answered"] is None and correction["corrected"] == "sig-node"
    assert correction["count"] == 2 and correction["people"] == 2
    assert data["unanswered"] == [  # most frequent first
        {"query": "pod stuck terminating", "count": 2},
        {"query": "what a lovely day for a picnic", "count": 1},
    ]
    assert data["week"]["command"] == 3

    text = run_cli("report", "--state", state_url)
    assert "Corrections" in text.stdout and "-> sig-node" in text.stdout

    patch = run_cli("suggest-aliases", "--state", state_url)
    assert patch.returncode == 0, patch.stderr
    import yaml

    proposed = yaml.safe_load(patch.stdout)
    assert proposed["groups"]["sig-node"]["en"] == ["pod stuck terminating"]
    assert "2 people" in patch.stdout and "pod stuck terminating" in patch.stdout


def test_report_with_a_bad_state_url_is_a_usage_error() -> None:
    result = run_cli("report", "--state", "postgres://x")
    assert result.returncode == 2 and "--state must start with" in result.stderr


def test_report_on_a_missing_database_says_so_instead_of_creating_one(tmp_path: Path) -> None:
    result = run_cli("report", "--state", f"sqlite:///{tmp_path}/nope.db")
    assert result.returncode == 2 and "no state database" in result.stderr
    assert not (tmp_path / "nope.db").exists()


def test_repeated_unanswered_questions_are_proposed_as_guesses_for_a_curator() -> None:
    from bot.knowledge.feedback_report import format_patch, propose_aliases
    from bot.state import QuestionRecord

    asked = [
        QuestionRecord(f"q{i}", 0.0, "dm", "none", "sig-node", None, "pod stuck terminating")
        for i in range(3)
    ]
    once = QuestionRecord("q9", 0.0, "dm", "none", "sig-apps", None, "rollout pause weirdness")
    proposals, _ = propose_aliases([*asked, once], [])
    assert [(p.group, p.alias, p.guess, p.count) for p in proposals] == [
        ("sig-node", "pod stuck terminating", True, 3)
    ]
    assert "GUESS: asked 3 times unanswered" in format_patch(proposals, 0)


def test_suggest_aliases_guesses_follow_min_people_and_show_the_words_people_wrote(
    tmp_path: Path,
) -> None:
    """Issue #20's front door: GUESS lines ignored --min-people and showed stems ("watche")."""
    from bot.state import QuestionRecord
    from bot.state.sqlite_store import SqliteStore

    db = tmp_path / "state.db"
    store = SqliteStore(str(db))
    asked = [("informer watches keep dropping", f"person{i}") for i in range(3)]
    asked += [("admission webhooks timing out", "one-person")] * 4
    for i, (text, who) in enumerate(asked):
        store.add_question(
            QuestionRecord(f"q{i}", 0.0, "dm", "none", "sig-api-machinery", None, text, who)
        )
    store.close()
    result = run_cli("suggest-aliases", "--state", f"sqlite:///{db}", "--min-people", "2")
    assert result.returncode == 0, result.stderr
    assert "informer watches keep dropping" in result.stdout and "watche " not in result.stdout
    assert "GUESS: asked 3 times unanswered (3 people)" in result.stdout
    assert "webhooks" not in result.stdout  # asked by one person only
    everyone = run_cli("suggest-aliases", "--state", f"sqlite:///{db}")
    assert "(1 person)" in everyone.stdout and "admission webhooks timing out" in everyone.stdout
