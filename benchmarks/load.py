"""Load on `sigbot serve` vs the framework's floor, side by side in one run, on loopback only.

    python -m benchmarks.load [--requests N] [--levels 1,4,16]   (from the repository root)

It reuses the test suite's fake Slack and signed requests, so it runs as a module of the
checkout (`-m`), which puts the repository on the import path without touching sys.path.

Starts, as separate processes on 127.0.0.1: a fake Slack Web API, `sigbot serve`, and a minimal
Bolt app on the same server (waitress, same thread count) that acks every slash command with a
fixed text and ignores mentions: what the framework itself costs. Then sends the same signed mix
(3 slash commands : 1 app_mention, every request uniquely signed) to each at rising concurrency
and prints throughput, p50/p99 latency and errors, and sigbot's share of the floor's throughput.
Request loops are bounded in count and time and stop by themselves.
"""

from __future__ import annotations

import argparse
import http.client
import itertools
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from urllib.parse import urlencode

from tests.fake_slack import FakeSlack
from tests.slack_requests import (
    BOT_TOKEN,
    SIGNING_SECRET,
    event_callback,
    mention,
    signed_headers,
)

REPO = Path(__file__).resolve().parents[1]
QUERIES = [
    "network policy",
    "who owns the scheduler framework?",
    "kubeclt",
    "网络策略",
    "pkg/kubelet",
    "wg serving",
    "thanks!",
    "CSI",
    "how do I join sig node?",
]
MAX_SECONDS_PER_RUN = 60


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def floor_server(port: int, api_url: str) -> None:
    """The minimal Bolt app: fixed ack, nothing else, on the same WSGI server as sigbot."""
    import waitress
    from slack_bolt import App
    from slack_bolt.adapter.wsgi import SlackRequestHandler
    from slack_sdk import WebClient

    app = App(client=WebClient(token=BOT_TOKEN, base_url=api_url), signing_secret=SIGNING_SECRET)

    @app.command("/sig")
    def handle(ack):  # type: ignore[no-untyped-def]
        ack("fixed text")

    @app.event("app_mention")
    def mention_(ack):  # type: ignore[no-untyped-def]
        ack()

    waitress.serve(SlackRequestHandler(app), host="127.0.0.1", port=port, threads=8, _quiet=True)


def wait_ready(port: int, proc: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"server on port {port} exited")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise SystemExit(f"server on port {port} did not start")


def make_request(n: int, response_url: str) -> tuple[str, dict[str, str]]:
    query = QUERIES[n % len(QUERIES)]
    if n % 4 == 3:
        body = event_callback(mention(query, ts=f"{n}.1"), event_id=f"Ev{n}-{time.time_ns()}")
        return body, signed_headers(body, content_type="application/json")
    body = urlencode(
        {
            "token": "t",
            "team_id": "T1",
            "channel_id": "C1",
            "user_id": "U1",
            "command": "/sig",
            "text": query,
            "response_url": response_url,
            "trigger_id": f"{n}.{time.time_ns()}",
        }
    )
    return body, signed_headers(body, content_type="application/x-www-form-urlencoded")


def run_load(port: int, total: int, concurrency: int, response_url: str) -> dict[str, float]:
    counter = itertools.count()
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()
    stop_at = time.monotonic() + MAX_SECONDS_PER_RUN

    def worker() -> None:
        nonlocal errors
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        while time.monotonic() < stop_at:
            n = next(counter)
            if n >= total:
                break
            body, headers = make_request(n, response_url)
            t0 = time.perf_counter()
            try:
                conn.request("POST", "/slack/events", body=body.encode(), headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
            except OSError:
                ok = False
                conn.close()
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
            elapsed = time.perf_counter() - t0
            with lock:
                latencies.append(elapsed)
                errors += not ok
        conn.close()

    threads = [threading.Thread(target=worker) for _ in range(concurrency)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    latencies.sort()
    return {
        "rps": len(latencies) / wall,
        "p50": latencies[len(latencies) // 2] * 1000,
        "p99": latencies[min(len(latencies) - 1, int(len(latencies) * 0.99))] * 1000,
        "errors": errors,
        "n": len(latencies),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join((__doc__ or "").split("\n\n")[0].split()))
    parser.add_argument("--requests", type=int, default=600, help="requests per level and server")
    parser.add_argument("--levels", default="1,4,16", help="concurrency levels")
    parser.add_argument("--floor-server", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--api-url", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.floor_server:
        floor_server(args.floor_server, args.api_url)
        return

    fake = FakeSlack().start()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "SIGBOT_"))}
    env.update(
        SLACK_BOT_TOKEN=BOT_TOKEN,
        SLACK_SIGNING_SECRET=SIGNING_SECRET,
        SLACK_API_URL=fake.url,
        SIGBOT_LOG_LEVEL="WARNING",
        # Throwaway state: the default is SQLite under ~/.local/state, which a benchmark must
        # not leave behind (nor fill with its questions).
        SIGBOT_STATE_URL="memory://",
    )
    ours, floor = free_port(), free_port()
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "serve", "--host", "127.0.0.1", "--port", str(ours)],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
        subprocess.Popen(
            [sys.executable, __file__, "--floor-server", str(floor), "--api-url", fake.url],
            cwd=REPO,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        ),
    ]
    try:
        wait_ready(ours, procs[0])
        wait_ready(floor, procs[1])
        run_load(ours, 50, 2, fake.response_url())  # warm up both
        run_load(floor, 50, 2, fake.response_url())
        print(f"{args.requests} requests per level (3 /sig : 1 app_mention), signed, loopback")
        print(
            f"{'conc.':>5}  {'server':<7} {'req/s':>8} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}"
            f"   sigbot/floor"
        )
        for level in (int(x) for x in args.levels.split(",")):
            a = run_load(ours, args.requests, level, fake.response_url())
            b = run_load(floor, args.requests, level, fake.response_url())
            for name, r in (("sigbot", a), ("floor", b)):
                ratio = f"   {a['rps'] / b['rps']:.2f}" if name == "sigbot" else ""
                print(
                    f"{level:>5}  {name:<7} {r['rps']:>8.0f} {r['p50']:>8.2f} {r['p99']:>8.2f} "
                    f"{int(r['errors']):>7}{ratio}"
                )
    finally:
        for p in procs:
            p.terminate()
            p.wait(timeout=10)
        fake.stop()


if __name__ == "__main__":
    main()
