"""Every Slack surface, through a real Bolt App with signature verification on, whose WebClient
talks to a fake Slack Web API over HTTP. Assertions are on what a person would see."""

from __future__ import annotations

import io
import itertools
import re
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from slack_bolt import App, BoltRequest
from slack_sdk import WebClient

from bot.app import build_app
from bot.listeners import registered_commands, registered_events
from bot.listeners.context import SlackContext
from bot.live import LiveKnowledge
from bot.model import KnowledgeBase
from bot.settings import Settings
from tests.conftest import REPO
from tests.fake_slack import FakeSlack, Fault
from tests.slack_requests import (
    BOT_TOKEN,
    SIGNING_SECRET,
    all_text,
    block_action,
    command,
    direct_message,
    dispatch,
    event_callback,
    mention,
    signed_headers,
    slash_command,
)

FORM = "application/x-www-form-urlencoded"


@pytest.fixture
def fake() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    server.users["U100"] = {"tz": "Asia/Shanghai", "locale": "en-US"}
    server.users["U200"] = {"tz": "Asia/Shanghai", "locale": "zh-CN"}
    yield server
    server.stop()


@pytest.fixture
def slack(fake: FakeSlack, kb: KnowledgeBase) -> tuple[App, SlackContext]:
    settings = Settings(
        bot_token=BOT_TOKEN,
        signing_secret=SIGNING_SECRET,
        api_url=fake.url,
        welcome_channels=frozenset({"C_WELCOME", "kubernetes-contributors"}),
    )
    client = WebClient(token=BOT_TOKEN, base_url=fake.url)
    return build_app(settings, LiveKnowledge(kb), client=client)


# --- /sig ------------------------------------------------------------------------------------


def test_slash_command_answers_in_the_ack_ephemerally_without_an_api_call(slack, fake) -> None:
    app, _ = slack
    before = [c.method for c in fake.calls]
    reply = command(app, fake, "network policy")
    assert reply["response_type"] == "ephemeral"
    assert reply["text"] == "SIG Network owns this."
    buttons = [e for b in reply["blocks"] if b["type"] == "actions" for e in b["elements"]]
    [open_channel] = [e for e in buttons if e["action_id"] == "sigbot_open_channel"]
    assert open_channel["text"]["text"] == "Open #sig-network"
    assert open_channel["url"].endswith("/messages/sig-network")
    assert open_channel["style"] == "primary"  # the one first step stands out
    assert [c.method for c in fake.calls[: len(before)]] == before
    assert not fake.calls_to("chat.postMessage") and not fake.calls_to("response")


def test_first_command_shows_meeting_times_in_every_readers_own_zone(slack, fake) -> None:
    """Slack date tokens: no users.info needed, and right for everyone who sees a shared card."""
    reply = command(slack[0], fake, "wg batch")
    text = all_text(reply["blocks"])
    tokens = re.findall(r"<!date\^(\d+)\^\{date_short_pretty\} \{time\}\|([^>]+)>", text)
    assert tokens, text
    for stamp, fallback in tokens:
        assert int(stamp) > time.time() - 86400  # the next meeting, not a past one
        assert fallback.endswith(" UTC")  # old clients see a time that says its zone
    assert "America/" not in text and "Asia/" not in text  # no IANA names in Slack


@pytest.mark.parametrize("text", ["", "help"])
def test_bare_sig_and_help_explain_how_to_use_it(slack, fake, text: str) -> None:
    reply = command(slack[0], fake, text)
    assert "/sig network policy" in all_text(reply["blocks"])


def test_sig_list_shows_every_group_by_category(slack, fake, kb: KnowledgeBase) -> None:
    reply = command(slack[0], fake, "list")
    text = all_text(reply["blocks"])
    assert all(g.display_name in text for g in kb.groups)
    assert text.index("Core infrastructure") < text.index("Community &amp; docs")
    assert len(reply["blocks"]) <= 50


def test_user_text_is_escaped_so_nobody_gets_pinged(slack, fake) -> None:
    reply = command(slack[0], fake, "<!channel> zzqx & <@U999>")
    payload = all_text(reply["blocks"]) + reply["text"]
    assert "<!channel>" not in payload and "<!here>" not in payload
    assert "&amp;" in payload


def test_chinese_question_gets_a_chinese_answer(slack, fake) -> None:
    reply = command(slack[0], fake, "网络策略")
    assert "SIG Network 负责这个主题" in reply["text"]


def test_ambiguous_answer_offers_buttons_and_a_click_replaces_the_message(slack, fake) -> None:
    app, _ = slack
    reply = command(app, fake, "kubelet scheduler")
    buttons = [
        e
        for b in reply["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"].startswith("sigbot_choose")
    ]
    assert {(e["action_id"], e["value"]) for e in buttons} >= {
        ("sigbot_choose_0", "sig-node"),
        ("sigbot_choose_1", "sig-scheduling"),
    }
    chosen = next(e for e in buttons if e["value"] == "sig-scheduling")
    status, _ = dispatch(
        app, block_action(chosen["action_id"], fake.response_url("c"), value=chosen["value"])
    )
    assert status == 200
    [call] = fake.wait_for("response")
    assert call.args["replace_original"] is True
    assert call.args["text"] == "SIG Scheduling owns this."


def test_share_in_channel_posts_the_card_visibly(slack, fake) -> None:
    reply = command(slack[0], fake, "kubectl")
    share = [
        e
        for b in reply["blocks"]
        if b["type"] == "actions"
        for e in b["elements"]
        if e["action_id"] == "sigbot_share"
    ]
    assert share and share[0]["value"] == "sig-cli"
    dispatch(slack[0], block_action("sigbot_share", fake.response_url("s"), value="sig-cli"))
    [call] = fake.wait_for("response")
    assert call.args["response_type"] == "in_channel" and call.args["replace_original"] is False
    blocks = call.args["blocks"]
    assert "SIG CLI" in all_text(blocks)
    # who shared it is a small grey line under the card (a context block Slack accepts)
    assert [b["type"] for b in blocks if "<@U100> shared" in all_text([b])] == ["context"]


# --- mentions and DMs ------------------------------------------------------------------------


def test_mention_is_answered_in_a_thread_of_the_mention(slack, fake) -> None:
    status, _ = dispatch(
        slack[0],
        event_callback(mention("who owns CSI drivers?", ts="111.222")),
        content_type="application/json",
    )
    assert status == 200
    [post] = fake.wait_for("chat.postMessage")
    assert post.args["channel"] == "C100" and post.args["thread_ts"] == "111.222"
    assert post.args["text"] == "SIG Storage owns this."


REPORT = (
    "found a way for any pod to read other namespaces' secrets through the kubelet API, "
    "where do I report this without disclosing it publicly?"
)


def test_a_report_told_in_a_channel_is_answered_to_the_asker_alone(slack, fake) -> None:
    """The channel sees nothing more: the private route goes to the asker as an ephemeral
    reply in the thread, headed by a note that their own message is public."""
    dispatch(
        slack[0],
        event_callback(mention(REPORT, ts="555.666", user="U100")),
        content_type="application/json",
    )
    [post] = fake.wait_for("chat.postEphemeral")
    assert post.args["user"] == "U100" and post.args["thread_ts"] == "555.666"
    assert post.args["text"].startswith("Only you can see this reply.")
    assert "security@kubernetes.io" in all_text(post.args["blocks"])
    time.sleep(0.3)  # nothing else follows it
    assert fake.calls_to("chat.postMessage") == []


def test_a_report_slack_will_not_deliver_privately_is_answered_in_the_thread(slack, fake) -> None:
    """An ephemeral message can be refused (the asker left the channel): the answer holds no
    detail of the report, so it goes to the thread rather than nowhere."""
    fake.fail(
        "chat.postEphemeral", Fault(200, body='{"ok": false, "error": "user_not_in_channel"}')
    )
    dispatch(
        slack[0],
        event_callback(mention(REPORT, ts="777.888")),
        content_type="application/json",
    )
    [post] = fake.wait_for("chat.postMessage")
    assert post.args["thread_ts"] == "777.888"
    assert "security@kubernetes.io" in post.args["text"]


def test_an_ordinary_answer_in_a_channel_stays_in_the_thread(slack, fake) -> None:
    dispatch(
        slack[0], event_callback(mention("kubectl", ts="9.1")), content_type="application/json"
    )
    fake.wait_for("chat.postMessage")
    assert fake.calls_to("chat.postEphemeral") == []


def test_mention_inside_a_thread_replies_in_that_thread(slack, fake) -> None:
    dispatch(
        slack[0],
        event_callback(mention("kubectl", ts="333.444", thread_ts="111.000")),
        content_type="application/json",
    )
    [post] = fake.wait_for("chat.postMessage")
    assert post.args["thread_ts"] == "111.000"


def test_mention_without_a_question_gets_the_help(slack, fake) -> None:
    dispatch(slack[0], event_callback(mention("")), content_type="application/json")
    [post] = fake.wait_for("chat.postMessage")
    assert "/sig network policy" in all_text(post.args["blocks"])


def test_mention_from_a_chinese_locale_user_is_answered_in_chinese(slack, fake) -> None:
    dispatch(
        slack[0], event_callback(mention("kubectl", user="U200")), content_type="application/json"
    )
    [post] = fake.wait_for("chat.postMessage")
    assert "负责这个主题" in post.args["text"]


def test_direct_message_is_answered_in_the_dm(slack, fake) -> None:
    dispatch(slack[0], event_callback(direct_message("scheduler")), content_type="application/json")
    [post] = fake.wait_for("chat.postMessage")
    assert post.args["channel"] == "D100" and "SIG Scheduling" in post.args["text"]


@pytest.mark.parametrize(
    "extra",
    [
        {"bot_id": "BBOT"},
        {"subtype": "message_changed"},
        {"subtype": "channel_join"},
        {"bot_id": "B999", "user": "U555"},
    ],
)
def test_bot_messages_and_subtypes_are_never_answered(slack, fake, extra: dict) -> None:
    dispatch(
        slack[0],
        event_callback(direct_message("scheduler", **extra)),
        content_type="application/json",
    )
    dispatch(
        slack[0],
        event_callback(direct_message("kubectl"), event_id="Ev2"),
        content_type="application/json",
    )
    posts = fake.wait_for("chat.postMessage")
    assert [p.args["text"] for p in posts] == ["SIG CLI owns this."]


# --- onboarding and App Home ------------------------------------------------------------------


_join_ids = itertools.count()


def joined(channel: str, user: str = "U100") -> str:
    """A member_joined_channel delivery; each call is a distinct event (its own event_id)."""
    event = {
        "type": "member_joined_channel",
        "user": user,
        "channel": channel,
        "channel_type": "C",
        "team": "T1",
        "event_ts": "1.2",
    }
    return event_callback(event, event_id=f"EvJoin{next(_join_ids)}")


def test_newcomer_in_a_welcome_channel_gets_an_ephemeral_welcome_once(slack, fake) -> None:
    dispatch(slack[0], joined("C_WELCOME"), content_type="application/json")
    [post] = fake.wait_for("chat.postEphemeral")
    assert post.args["user"] == "U100" and post.args["channel"] == "C_WELCOME"
    blocks = all_text(post.args["blocks"])
    assert "/sig network policy" in blocks and "sigbot_pick_group" in blocks
    dispatch(slack[0], joined("C_WELCOME"), content_type="application/json")
    dispatch(slack[0], joined("C_WELCOME", user="U200"), content_type="application/json")
    posts = fake.wait_for("chat.postEphemeral", count=2)
    assert [p.args["user"] for p in posts] == ["U100", "U200"]


def test_welcome_channels_may_be_configured_by_name(slack, fake) -> None:
    fake.channels["C777"] = "kubernetes-contributors"
    dispatch(slack[0], joined("C777"), content_type="application/json")
    [post] = fake.wait_for("chat.postEphemeral")
    assert post.args["channel"] == "C777"


def test_joining_another_channel_sends_nothing(slack, fake) -> None:
    fake.channels["C888"] = "random"
    dispatch(slack[0], joined("C888"), content_type="application/json")
    fake.wait_for("conversations.info")
    dispatch(
        slack[0],
        event_callback(direct_message("kubectl"), event_id="Ev9"),
        content_type="application/json",
    )
    fake.wait_for("chat.postMessage")
    assert not fake.calls_to("chat.postEphemeral")


def test_picking_a_group_in_the_welcome_shows_its_card(slack, fake) -> None:
    dispatch(
        slack[0], block_action("sigbot_pick_group", fake.response_url("p"), selected="sig-docs")
    )
    [call] = fake.wait_for("response")
    assert call.args["replace_original"] is True and "SIG Docs" in all_text(call.args["blocks"])


def test_app_home_publishes_the_directory(slack, fake, kb) -> None:
    event = {
        "type": "app_home_opened",
        "user": "U100",
        "channel": "D100",
        "tab": "home",
        "event_ts": "1.2",
    }
    dispatch(slack[0], event_callback(event), content_type="application/json")
    [call] = fake.wait_for("views.publish")
    assert call.args["user_id"] == "U100"
    view = call.args["view"]
    assert view["type"] == "home" and len(view["blocks"]) <= 100
    shown = all_text(view["blocks"])
    assert "/messages/sig-network|SIG Network>" in shown and "WG Serving" in shown


def test_picking_a_group_in_app_home_republishes_it_with_the_card(slack, fake) -> None:
    dispatch(
        slack[0],
        block_action(
            "sigbot_pick_group", "", selected="sig-node", view={"id": "V1", "type": "home"}
        ),
    )
    [call] = fake.wait_for("views.publish")
    assert "SIG Node" in all_text(call.args["view"]["blocks"]) and "@mrunalp" in all_text(
        call.args["view"]["blocks"]
    )


# --- signatures -------------------------------------------------------------------------------


def wsgi_post(slack, body: str, **signing: object) -> str:  # type: ignore[no-untyped-def]
    """POST /slack/events through the WSGI app `sigbot serve` runs, in process."""
    from wsgiref.util import setup_testing_defaults

    from bot.server import create_wsgi_app

    wsgi = create_wsgi_app(slack[0], slack[1].knowledge, signing_secret=SIGNING_SECRET)
    headers = signed_headers(body, content_type=FORM, **signing)  # type: ignore[arg-type]
    environ = {
        "REQUEST_METHOD": "POST",
        "PATH_INFO": "/slack/events",
        "CONTENT_TYPE": FORM,
        "CONTENT_LENGTH": str(len(body.encode())),
        "wsgi.input": io.BytesIO(body.encode()),
        "HTTP_X_SLACK_REQUEST_TIMESTAMP": headers["X-Slack-Request-Timestamp"],
        "HTTP_X_SLACK_SIGNATURE": headers["X-Slack-Signature"],
    }
    setup_testing_defaults(environ)  # what a WSGI server adds: server name, scheme, ...
    statuses: list[str] = []
    b"".join(wsgi(environ, lambda status, *_: statuses.append(status)))
    return statuses[0]


def test_forged_signature_is_rejected(slack, fake) -> None:
    body = slash_command("kubectl", fake.response_url())
    assert wsgi_post(slack, body, secret="f" * 32).startswith("401")


def test_stale_request_is_rejected(slack, fake) -> None:
    body = slash_command("kubectl", fake.response_url())
    assert wsgi_post(slack, body, timestamp=int(time.time()) - 6 * 60).startswith("401")


def test_the_signature_is_checked_once_in_front_of_bolt_not_again_inside(slack, fake) -> None:
    """Issue #25: HTTP mode verified every request twice, in front of Bolt and inside it."""
    from slack_bolt.middleware import RequestVerification

    assert not any(isinstance(m, RequestVerification) for m in slack[0]._middleware_list)
    assert wsgi_post(slack, slash_command("kubectl", fake.response_url())).startswith("200")


# --- manifest ---------------------------------------------------------------------------------


def test_manifest_and_listeners_agree_in_both_directions() -> None:
    manifest = yaml.safe_load((REPO / "manifest.yml").read_text(encoding="utf-8"))
    commands = {c["command"] for c in manifest["features"]["slash_commands"]}
    events = set(manifest["settings"]["event_subscriptions"]["bot_events"])
    assert commands == registered_commands()
    assert events == registered_events()
    assert manifest["settings"]["interactivity"]["is_enabled"] is True
    assert manifest["features"]["app_home"]["home_tab_enabled"] is True
    assert manifest["settings"]["socket_mode_enabled"] is True


def test_manifest_asks_only_for_the_scopes_the_features_need() -> None:
    manifest = yaml.safe_load((REPO / "manifest.yml").read_text(encoding="utf-8"))
    assert set(manifest["oauth_config"]["scopes"]["bot"]) == {
        "commands",
        "app_mentions:read",
        "chat:write",
        "im:history",
        "users:read",
        "channels:read",
    }


@pytest.mark.parametrize("event_type", sorted(registered_events()))
def test_every_manifest_event_reaches_a_listener(slack, fake, event_type: str) -> None:
    events = {
        "app_mention": mention("kubectl"),
        "message.im": direct_message("kubectl"),
        "member_joined_channel": {
            "type": "member_joined_channel",
            "user": "U100",
            "channel": "C_WELCOME",
        },
        "app_home_opened": {"type": "app_home_opened", "user": "U100", "tab": "home"},
    }
    dispatch(slack[0], event_callback(events[event_type]), content_type="application/json")
    expected = {
        "app_mention": "chat.postMessage",
        "message.im": "chat.postMessage",
        "member_joined_channel": "chat.postEphemeral",
        "app_home_opened": "views.publish",
    }
    fake.wait_for(expected[event_type])


def test_socket_mode_requests_run_the_same_handlers(slack, fake) -> None:
    app, _ = slack
    body = {
        "type": "event_callback",
        "team_id": "T1",
        "api_app_id": "A1",
        "event_id": "EvS",
        "event": mention("kubectl", ts="9.9"),
    }
    response = app.dispatch(BoltRequest(body=body, mode="socket_mode"))
    assert response.status == 200
    [post] = fake.wait_for("chat.postMessage")
    assert post.args["thread_ts"] == "9.9"


def test_no_real_token_reaches_the_fake_api_except_as_bearer(slack, fake) -> None:
    command(slack[0], fake, "kubectl")
    fake.wait_for("users.info")
    assert all(
        c.headers.get("Authorization") == f"Bearer {BOT_TOKEN}"
        for c in fake.calls
        if c.method != "response"
    )


def test_path_like_workspace_setting_is_not_required(tmp_path: Path) -> None:
    assert re.match(r"https://", Settings(bot_token="xoxb-x").workspace_url)
