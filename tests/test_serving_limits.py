"""Issue #20, items 12-16: what the serving side does under attack or contention, against the
real `sigbot serve` and `sigbot run` processes on loopback, with a fake Slack beside them:
nesting bombs, the health port's address and connection limit, a state database another
process has locked, and a body over the size limit."""

from __future__ import annotations

import contextlib
import json
import re
import resource
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import REPO
from tests.fake_slack import FakeSlack
from tests.services import SigbotServe, base_env, free_port
from tests.slack_requests import BOT_TOKEN, slash_command

FORM = "application/x-www-form-urlencoded"
OTHER_LOOPBACK = "127.0.0.2"  # routed to this machine, but not an address bound to 127.0.0.1


@pytest.fixture(scope="module")
def fake() -> Iterator[FakeSlack]:
    server = FakeSlack().start()
    yield server
    server.stop()


@pytest.fixture(scope="module")
def serving(fake: FakeSlack) -> Iterator[SigbotServe]:
    running = SigbotServe(fake.url)
    yield running
    output = running.stop()
    assert "Traceback" not in output and "RecursionError" not in output


def metric(text: str, name: str, labels: str) -> float:
    m = re.search(rf"^{re.escape(name)}\{{{re.escape(labels)}\}} (\S+)$", text, re.M)
    return float(m.group(1)) if m else 0.0


def sig_answers(serving: SigbotServe, fake: FakeSlack, text: str = "network") -> float:
    """Seconds for /sig to come back with its answer."""
    started = time.monotonic()
    unique = fake.response_url(str(time.time_ns()))  # every request signed differently
    status, body = serving.post(slash_command(text, unique), FORM)
    assert status == 200 and "SIG Network" in body
    return time.monotonic() - started


# 12 (Slack's side). A nesting bomb is a malformed request ----------------------------------------


@pytest.mark.parametrize("content_type", ["application/json", FORM])
def test_a_signed_body_nested_a_hundred_thousand_deep_gets_a_400_and_serving_goes_on(
    serving: SigbotServe, fake: FakeSlack, content_type: str
) -> None:
    bomb = "[" * 100_000 + "]" * 100_000
    body = bomb if content_type == "application/json" else "payload=" + urllib.parse.quote(bomb)
    status, text = serving.post(body, content_type)
    assert 400 <= status < 500 and "Traceback" not in text
    assert serving.get("/healthz")[0] == 200
    assert sig_answers(serving, fake) < 3  # the log is checked for tracebacks at teardown


# 16. A body over the limit is counted ------------------------------------------------------------


def test_a_body_over_one_megabyte_gets_a_413_and_is_counted(serving: SigbotServe) -> None:
    before = metric(
        serving.get("/metrics")[1], "sigbot_rejected_requests_total", 'reason="too_large"'
    )
    size = 1_500_000
    with socket.create_connection(("127.0.0.1", serving.port), timeout=10) as conn:
        conn.sendall(
            b"POST /slack/events HTTP/1.1\r\nHost: sigbot\r\nContent-Type: application/json\r\n"
            + f"Content-Length: {size}\r\n\r\n".encode()
        )
        with contextlib.suppress(OSError):  # refused before the body was read: the point
            conn.sendall(b"[" * size)
        status_line = conn.makefile("rb").readline().decode()
    assert " 413 " in status_line
    after = metric(
        serving.get("/metrics")[1], "sigbot_rejected_requests_total", 'reason="too_large"'
    )
    assert after == before + 1


def too_large(serving: SigbotServe) -> float:
    return metric(
        serving.get("/metrics")[1], "sigbot_rejected_requests_total", 'reason="too_large"'
    )


# 13. The health port listens where it is told to -------------------------------------------------


def refuses(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=2):
            return False
    except ConnectionRefusedError:
        return True


def test_serve_puts_the_health_port_on_its_host_only(fake: FakeSlack) -> None:
    health = free_port()
    running = SigbotServe(fake.url, SIGBOT_HEALTH_PORT=str(health))
    try:
        status, text = running.get("/healthz", port=health)
        assert status == 200 and "groups loaded" in text
        assert running.get("/metrics", port=health)[0] == 200
        assert refuses(OTHER_LOOPBACK, health)  # it was 0.0.0.0: every address of the machine
    finally:
        running.stop()


def test_run_puts_the_health_port_on_sigbot_health_host(fake: FakeSlack) -> None:
    health = free_port()
    env = base_env(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_APP_TOKEN="xapp-1-A1-1-abc",
        SLACK_API_URL=fake.url,
        SIGBOT_HEALTH_PORT=str(health),
        SIGBOT_HEALTH_HOST="127.0.0.1",
    )
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"],
        cwd=REPO,
        env=env,
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        deadline = time.monotonic() + 30
        while refuses("127.0.0.1", health):  # not connected to Slack: 503, but listening
            assert proc.poll() is None and time.monotonic() < deadline
            time.sleep(0.2)
        assert refuses(OTHER_LOOPBACK, health)
    finally:
        proc.terminate()
        output = proc.communicate(timeout=20)[0]
    assert "Traceback" not in output


# 14. Slow clients on the health port cannot exhaust the process ----------------------------------

SLOW_CLIENTS = 1_100
PROCESS_FILE_LIMIT = 1_024  # the usual soft limit of open files


def limit_open_files() -> None:
    _, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (PROCESS_FILE_LIMIT, hard))


@pytest.fixture
def room_for_slow_clients() -> Iterator[None]:
    """This test process opens the slow clients' sockets: it needs more than the usual limit."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = SLOW_CLIENTS + 500
    if hard != resource.RLIM_INFINITY and hard < wanted:
        pytest.skip(f"the open-file hard limit ({hard}) is below {wanted}")
    resource.setrlimit(resource.RLIMIT_NOFILE, (max(soft, wanted), hard))
    yield
    resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))


class SlowClients:
    """Many connections, each sending one byte of a request a second, never finishing it.
    They connect one after another (as an attacker paces them to get in), and the first ones
    trickle while the others connect."""

    def __init__(self, port: int, count: int) -> None:
        self.sockets: list[socket.socket] = []
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._trickle, daemon=True)
        self._thread.start()
        for _ in range(count):
            s = socket.socket()
            s.settimeout(0.5)
            with contextlib.suppress(OSError):
                s.connect(("127.0.0.1", port))
            s.setblocking(False)
            with self._lock:
                self.sockets.append(s)

    def _trickle(self) -> None:
        request = b"GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: " + b"a" * 10_000
        sent: dict[int, int] = {}
        while not self._stop.wait(1.0):
            with self._lock:
                sockets = list(self.sockets)
            for s in sockets:
                n = sent.get(id(s), 0)
                with contextlib.suppress(OSError):
                    s.send(request[n : n + 1])
                    sent[id(s)] = n + 1

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        for s in self.sockets:
            s.close()


def test_eleven_hundred_slow_clients_on_the_health_port_never_exhaust_open_files(
    fake: FakeSlack, room_for_slow_clients: None
) -> None:
    health = free_port()
    running = SigbotServe(fake.url, SIGBOT_HEALTH_PORT=str(health), preexec_fn=limit_open_files)
    try:
        slow = SlowClients(health, SLOW_CLIENTS)
        try:
            time.sleep(4)  # four bytes each
            assert running.get("/healthz", timeout=5)[0] == 200  # the main port is unaffected
            assert sig_answers(running, fake) < 3
        finally:
            slow.close()
        started = time.monotonic()
        status, _ = running.get("/healthz", port=health, timeout=10)
        assert status == 200 and time.monotonic() - started < 3
    finally:
        output = running.stop()
    assert "Too many open files" not in output and "EMFILE" not in output


# 15. A locked state database never delays answers ------------------------------------------------

LOCKER = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(60)
"""


def test_a_state_database_locked_by_another_process_never_delays_answers(
    fake: FakeSlack, tmp_path: Path
) -> None:
    db = tmp_path / "state.db"
    running = SigbotServe(fake.url, SIGBOT_STATE_URL=f"sqlite:///{db}")
    locker = subprocess.Popen(
        [sys.executable, "-c", LOCKER, str(db)], stdout=subprocess.PIPE, text=True
    )
    try:
        assert locker.stdout is not None and locker.stdout.readline().strip() == "locked"
        times: list[float] = []
        askers = [
            threading.Thread(target=lambda: times.append(sig_answers(running, fake)))
            for _ in range(3)
        ]
        for t in askers:
            t.start()
        for t in askers:
            t.join()
        assert len(times) == 3 and max(times) < 3
        deadline = time.monotonic() + 15  # the writes fail behind the answers, and are counted
        while True:
            text = running.get("/metrics")[1]
            if metric(text, "sigbot_state_errors_total", 'op="question"') >= 3:
                break
            assert time.monotonic() < deadline, text
            time.sleep(0.2)
    finally:
        locker.kill()
        locker.wait()
        output = running.stop()
    assert "carrying on without it" in output and "Traceback" not in output


def test_questions_are_stored_once_the_lock_is_gone(fake: FakeSlack, tmp_path: Path) -> None:
    db = tmp_path / "state.db"
    running = SigbotServe(fake.url, SIGBOT_STATE_URL=f"sqlite:///{db}", SIGBOT_LOG_QUERIES="1")
    try:
        sig_answers(running, fake, "network policy")
    finally:
        running.stop()
    report = subprocess.run(
        [sys.executable, "-m", "bot.cli", "report", "--state", f"sqlite:///{db}", "--json"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert json.loads(report.stdout)["questions"] == 1
