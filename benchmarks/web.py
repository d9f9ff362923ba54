"""How fast the web page is: `sigbot web`'s WSGI application driven in-process (no sockets, so
the numbers are sigbot's own cost, not the network's or waitress's).

    python benchmarks/web.py [--queries N]
    python benchmarks/web.py --screenshots docs/web   # and the README's screenshots


Prints, per route, the first render after a knowledge load ("cold", what the cache saves) and a
served request once cached ("warm"), as p50 / p99 / max in milliseconds:
  - `/`: the directory, in English and Chinese;
  - `/groups/<id>`: every active group's page;
  - `/?q=`: questions from the dev set, with the engine's share (`ask`) and the rendering's share
    (answer view + page around the cached directory) measured apart;
and the page sizes in bytes (the contract allows 400 KiB).

`--screenshots DIR` serves the pages on 127.0.0.1 and takes the README's pictures with headless
Chromium (Debian: `apt install chromium fonts-noto-cjk`): `/` and a group page, in English and
Chinese, at a laptop's and a phone's width, each in a reader's own time zone.
"""

from __future__ import annotations

import argparse
import os
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

import yaml

from bot.answers import ask
from bot.knowledge.loader import load_knowledge
from bot.live import LiveKnowledge
from bot.render.web.pages import Reader, answer_view, render_directory, render_home
from bot.web import PageCache, create_web_app

DEV = Path(__file__).resolve().parent / "eval" / "dev.yaml"


def call(app: Callable[..., Any], path: str, query: str = "", lang: str = "") -> bytes:
    environ = {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "HTTP_ACCEPT_LANGUAGE": lang,
    }
    status: list[str] = []
    body = b"".join(app(environ, lambda s, h, *e: status.append(s)))
    assert status[0].startswith("200"), (path, query, status)
    return body


def timed(app: Callable[..., Any], path: str, query: str = "", lang: str = "") -> float:
    """One request's time in milliseconds."""
    start = time.perf_counter()
    call(app, path, query, lang)
    return (time.perf_counter() - start) * 1000


def summary(label: str, ms: list[float]) -> str:
    ms = sorted(ms)
    p99 = ms[min(len(ms) - 1, round(0.99 * (len(ms) - 1)))]
    return (
        f"  {label:<34} n={len(ms):<5} p50 {statistics.median(ms):7.2f}  "
        f"p99 {p99:7.2f}  max {ms[-1]:7.2f} ms"
    )


def dev_questions(n: int) -> list[str]:
    data = yaml.safe_load(DEV.read_text(encoding="utf-8"))
    texts = [str(case["query"]) for case in data["cases"]]
    random.Random(7).shuffle(texts)
    return texts[:n]


def main() -> None:
    parser = argparse.ArgumentParser(description=" ".join((__doc__ or "").split("\n\n")[0].split()))
    parser.add_argument("--queries", type=int, default=300, help="dev-set questions to time")
    parser.add_argument("--rounds", type=int, default=20, help="cold renders of / to time")
    parser.add_argument("--screenshots", metavar="DIR", type=Path, help="take the screenshots")
    parser.add_argument("--chromium", default="chromium", help="the browser for --screenshots")
    args = parser.parse_args()
    if args.screenshots:
        screenshots(args.screenshots, args.chromium)
        return

    kb = load_knowledge()
    live = LiveKnowledge(kb)

    def fresh() -> Callable[..., Any]:
        return create_web_app(live, cache=PageCache())

    print(f"sigbot web, {len(kb.groups)} active groups, {len(kb.retired)} retired or misnamed")
    print("/ (the directory; the first cold render also compiles the templates)")
    for lang in ("en", "zh"):
        cold = [timed(fresh(), "/", lang=lang) for _ in range(args.rounds)]
        app = fresh()
        call(app, "/", lang=lang)
        warm = [timed(app, "/", lang=lang) for _ in range(500)]
        print(summary(f"{lang}: first render (cold)", cold))
        print(summary(f"{lang}: served from the cache (warm)", warm))

    print("/groups/<id> (every active group)")
    app = fresh()
    cold = [timed(app, f"/groups/{g.id}") for g in kb.groups]
    warm = [timed(app, f"/groups/{g.id}") for g in kb.groups for _ in range(10)]
    print(summary("first render (cold)", cold))
    print(summary("served from the cache (warm)", warm))

    questions = dev_questions(args.queries)
    print(f"/?q= ({len(questions)} dev-set questions)")
    app = fresh()
    call(app, "/")  # the directory part is cached once, as in a running server
    served = [timed(app, "/", urlencode({"q": q})) for q in questions]
    reader = Reader("en")
    snapshot = live.current
    directory = render_directory(kb, reader)
    engine, rendering = [], []
    for q in questions:
        start = time.perf_counter()
        answer = ask(q, kb, snapshot.index)
        middle = time.perf_counter()
        render_home(kb, reader, directory, q, answer_view(answer, kb, reader, live_now()))
        end = time.perf_counter()
        engine.append((middle - start) * 1000)
        rendering.append((end - middle) * 1000)
    print(summary("whole request", served))
    print(summary("  of which the engine (ask)", engine))
    print(summary("  of which rendering", rendering))

    print("page sizes (limit 400 KiB = 409,600 bytes)")
    app = fresh()
    for lang in ("en", "zh"):
        print(f"  {'/ ' + lang:<34} {len(call(app, '/', lang=lang)):>8,} bytes")
    biggest = max(kb.groups, key=lambda g: len(call(app, f"/groups/{g.id}")))
    size = len(call(app, f"/groups/{biggest.id}", lang="zh"))
    print(f"  {'/groups/' + biggest.id + ' (largest, zh)':<34} {size:>8,} bytes")
    long_question = "kubelet " * 1000
    size = len(call(app, "/", urlencode({"q": long_question})))
    print(f"  {'/?q= with 8,000 characters':<34} {size:>8,} bytes")


# name, path, width, height, the reader's time zone and browser language
SHOTS = [
    ("home-en", "/?lang=en", 1000, 1100, "Europe/Berlin", "en-GB"),
    ("home-zh", "/?lang=zh", 412, 1400, "Asia/Shanghai", "zh-CN"),
    ("group-en", "/groups/sig-node?lang=en", 412, 1400, "America/New_York", "en-US"),
    ("group-zh", "/groups/sig-network?lang=zh", 1000, 1100, "Asia/Shanghai", "zh-CN"),
]


def screenshots(out: Path, chromium: str) -> None:
    import shutil
    import subprocess
    import tempfile
    import threading
    from wsgiref.simple_server import WSGIRequestHandler, make_server

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args: object) -> None:
            pass

    app = create_web_app(LiveKnowledge(load_knowledge()))
    server = make_server("127.0.0.1", 0, app, handler_class=Quiet)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    out.mkdir(parents=True, exist_ok=True)
    try:
        for name, path, width, height, zone, locale in SHOTS:
            profile = tempfile.mkdtemp(prefix="sigbot-shot-")
            png = out / f"{name}.png"
            subprocess.run(
                [
                    chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                    "--no-first-run", "--disable-background-networking",
                    "--disable-component-update", "--disable-sync", "--hide-scrollbars",
                    f"--user-data-dir={profile}", f"--window-size={width},{height}",
                    f"--accept-lang={locale}", f"--screenshot={png}",
                    f"http://127.0.0.1:{server.server_port}{path}",
                ],
                env={**os.environ, "TZ": zone},
                capture_output=True,
                timeout=120,
                check=True,
            )  # fmt: skip
            shutil.rmtree(profile, ignore_errors=True)
            print(f"  {png} ({width}x{height}, {zone}, {locale})")
    finally:
        server.shutdown()


def live_now() -> Any:
    from datetime import datetime, timezone

    return datetime.now(timezone.utc)


if __name__ == "__main__":
    main()
