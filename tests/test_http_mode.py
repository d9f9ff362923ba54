"""HTTP mode end to end: `sigbot serve` as a real process on loopback, a real HTTP client, the
fake Slack Web API behind it. Also start-up failures of `sigbot run` / `sigbot serve`."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator

import pytest

from bot.settings import SettingsError, load_settings
from tests.conftest import REPO
from tests.fake_slack import FakeSlack
from tests.services import base_env, free_port, sigbot
from tests.slack_requests import (
    BOT_TOKEN,
    SIGNING_SECRET,
    event_callback,
    mention,
    signed_headers,
    slash_command,
)


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def server(fake: FakeSlack) -> Iterator[str]:
    port = free_port()
    env = base_env(
        SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=fake.url
    )
    proc = sigbot("serve", "--host", "127.0.0.1", "--port", str(port), env=env)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1):
                break
        except OSError as e:
            if proc.poll() is not None:
                raise AssertionError(
                    f"sigbot serve exited: {proc.stdout.read() if proc.stdout else ''}"
                ) from e
            time.sleep(0.1)
    yield url
    proc.terminate()
    output = proc.communicate(timeout=10)[0]
    # The whole session's log, at DEBUG level, never shows a secret ...
    assert BOT_TOKEN not in output and SIGNING_SECRET not in output
    assert BOT_TOKEN.split("-")[-1] not in output
    # ... and has one structured line per handled request, without the question by default.
    requests = [
        json.loads(line[line.index("{") :])
        for line in output.splitlines()
        if '"event": "request"' in line
    ]
    assert requests and all(
        {"surface", "outcome", "group", "latency_ms"} <= r.keys() for r in requests
    )
    assert all("query" not in r for r in requests)


def post(url: str, body: str, content_type: str, **signing: object) -> tuple[int, str]:
    headers = signed_headers(body, content_type=content_type, **signing)  # type: ignore[arg-type]
    request = urllib.request.Request(
        f"{url}/slack/events", data=body.encode(), headers=headers, method="POST"
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode()


def test_healthz_is_ok_once_knowledge_is_loaded(server: str) -> None:
    with urllib.request.urlopen(f"{server}/healthz", timeout=5) as response:
        assert response.status == 200 and "35 groups" in response.read().decode()


def test_slash_command_over_http_answers_in_the_response(server: str, fake: FakeSlack) -> None:
    status, body = post(
        server,
        slash_command("network policy", fake.response_url()),
        "application/x-www-form-urlencoded",
    )
    assert status == 200
    reply = json.loads(body)
    assert reply["response_type"] == "ephemeral" and reply["text"] == "SIG Network owns this."


def test_mention_over_http_posts_to_the_thread(server: str, fake: FakeSlack) -> None:
    status, _ = post(server, event_callback(mention("kubectl", ts="555.666")), "application/json")
    assert status == 200
    post_call = next(
        c for c in fake.wait_for("chat.postMessage") if c.args.get("thread_ts") == "555.666"
    )
    assert post_call.args["text"] == "SIG CLI owns this."


def test_forged_signature_gets_401(server: str, fake: FakeSlack) -> None:
    status, _ = post(
        server,
        slash_command("kubectl", fake.response_url()),
        "application/x-www-form-urlencoded",
        secret="f" * 32,
    )
    assert status == 401


def test_stale_signature_gets_401(server: str, fake: FakeSlack) -> None:
    status, _ = post(
        server,
        slash_command("kubectl", fake.response_url()),
        "application/x-www-form-urlencoded",
        timestamp=int(time.time()) - 301,
    )
    assert status == 401


def test_unknown_paths_and_methods_are_refused(server: str) -> None:
    for path, method, code in (("/nope", "GET", 404), ("/slack/events", "GET", 405)):
        request = urllib.request.Request(f"{server}{path}", method=method)
        with pytest.raises(urllib.error.HTTPError) as e:
            urllib.request.urlopen(request, timeout=5)
        assert e.value.code == code


def test_run_without_app_token_fails_naming_the_variable() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=REPO,
        capture_output=True,
        text=True,
        env=base_env(SLACK_BOT_TOKEN=BOT_TOKEN),
        timeout=60,
    )
    assert result.returncode == 1
    assert "SLACK_APP_TOKEN is not set" in result.stderr and "Connect to Slack" in result.stderr


@pytest.mark.parametrize(
    ("mode", "env", "variable"),
    [
        ("http", {}, "SLACK_BOT_TOKEN"),
        ("http", {"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_SIGNING_SECRET"),
        ("socket", {"SLACK_BOT_TOKEN": BOT_TOKEN}, "SLACK_APP_TOKEN"),
        (
            "socket",
            {"SLACK_BOT_TOKEN": "xoxp-user-token", "SLACK_APP_TOKEN": "xapp-1"},
            "SLACK_BOT_TOKEN",
        ),
        (
            "socket",
            {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xoxb-wrong"},
            "SLACK_APP_TOKEN",
        ),
        (
            "http",
            {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": "not hex!"},
            "SLACK_SIGNING_SECRET",
        ),
        (
            "http",
            {
                "SLACK_BOT_TOKEN": BOT_TOKEN,
                "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                "SLACK_API_URL": "ftp://x",
            },
            "SLACK_API_URL",
        ),
    ],
)
def test_bad_settings_stop_start_up_naming_the_variable_but_not_its_value(
    mode: str, env: dict[str, str], variable: str
) -> None:
    with pytest.raises(SettingsError) as e:
        load_settings(mode, env)
    assert variable in str(e.value)
    for value in env.values():
        if len(value) > 8:
            assert value not in str(e.value)


def test_settings_read_welcome_channels_and_api_url() -> None:
    s = load_settings(
        "http",
        {
            "SLACK_BOT_TOKEN": BOT_TOKEN,
            "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": "http://127.0.0.1:9/api",
            "SIGBOT_WELCOME_CHANNELS": "#kubernetes-contributors, C123",
        },
    )
    assert s.api_url == "http://127.0.0.1:9/api/"
    assert s.welcome_channels == {"kubernetes-contributors", "C123"}
    assert BOT_TOKEN not in repr(s) and SIGNING_SECRET not in repr(s)


@pytest.mark.parametrize(
    ("body", "content_type", "code"),
    [
        ("{not json", "application/json", 400),
        ("payload=%7Bbroken", "application/x-www-form-urlencoded", 400),
        ("{}", "application/json", 400),
        ('{"type": "event_callback"}', "application/json", 400),
        ("text=kubectl", "text/plain", 415),
    ],
    ids=["bad-json", "bad-form", "empty-json", "missing-fields", "wrong-type"],
)
def test_malformed_requests_get_4xx_without_a_stack_trace(
    server: str, body: str, content_type: str, code: int
) -> None:
    status, text = post(server, body, content_type)
    assert status == code
    assert "Traceback" not in text and 'File "' not in text


def test_a_replayed_request_is_refused(server: str, fake: FakeSlack) -> None:
    body = slash_command("kubectl", fake.response_url())
    headers = signed_headers(body, content_type="application/x-www-form-urlencoded")
    codes = []
    for _ in range(2):
        request = urllib.request.Request(
            f"{server}/slack/events", data=body.encode(), headers=headers, method="POST"
        )
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                codes.append(response.status)
        except urllib.error.HTTPError as e:
            codes.append(e.code)
    assert codes == [200, 401]


def test_metrics_count_requests_by_surface_and_outcome(server: str, fake: FakeSlack) -> None:
    post(server, slash_command("kubectl", fake.response_url()), "application/x-www-form-urlencoded")
    with urllib.request.urlopen(f"{server}/metrics", timeout=5) as response:
        text = response.read().decode()
    assert 'sigbot_requests_total{outcome="answer",surface="command"}' in text
    assert "sigbot_answer_seconds_bucket" in text
    assert "sigbot_knowledge_reloads_total" in text or "sigbot_knowledge_reloads" in text


def test_serve_refuses_to_start_with_broken_knowledge(tmp_path) -> None:  # type: ignore[no-untyped-def]
    broken = tmp_path / "k"
    broken.mkdir()
    for f in (REPO / "knowledge").glob("*.yaml"):
        (broken / f.name).write_text(f.read_text(encoding="utf-8"), encoding="utf-8")
    (broken / "categories.yaml").write_text("categories: [\n", encoding="utf-8")
    env = base_env(
        SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SIGBOT_KNOWLEDGE=str(broken)
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "serve", "--port", "1"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "categories.yaml: line" in result.stderr and "not starting" in result.stderr


def test_sighup_reloads_the_knowledge_of_a_running_server(tmp_path, fake: FakeSlack) -> None:  # type: ignore[no-untyped-def]
    import shutil
    import signal

    knowledge = tmp_path / "k"
    shutil.copytree(REPO / "knowledge", knowledge)
    port = free_port()
    env = base_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.url,
        SIGBOT_KNOWLEDGE=str(knowledge),
    )
    proc = sigbot("serve", "--host", "127.0.0.1", "--port", str(port), env=env)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/healthz", timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline and proc.poll() is None
                time.sleep(0.1)
        path = knowledge / "upstream.yaml"
        text = path.read_text(encoding="utf-8").replace("slack: sig-cli\n", "slack: sig-cli-hup\n")
        path.write_text(text, encoding="utf-8")
        proc.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 10
        while True:
            _, body = post(
                url,
                slash_command("kubectl", fake.response_url()),
                "application/x-www-form-urlencoded",
            )
            if "#sig-cli-hup" in body or time.monotonic() > deadline:
                break
            time.sleep(0.2)
        assert "#sig-cli-hup" in body
    finally:
        proc.terminate()
        proc.communicate(timeout=10)


def test_an_oversized_body_is_refused_before_it_is_read(server: str) -> None:
    import http.client
    from urllib.parse import urlparse

    target = urlparse(server)
    conn = http.client.HTTPConnection(target.hostname, target.port, timeout=10)
    conn.putrequest("POST", "/slack/events")
    conn.putheader("Content-Type", "application/json")
    conn.putheader("Content-Length", str(5_000_000))
    conn.endheaders()  # announce 5 MB, send none of it: the answer must not wait for the body
    response = conn.getresponse()
    assert response.status == 413
    assert "Traceback" not in response.read().decode(errors="replace")
    conn.close()
