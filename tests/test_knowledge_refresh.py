"""Knowledge that stays true: reload from disk and refresh from upstream, validated before the
swap, the last good knowledge kept on any problem."""

from __future__ import annotations

import contextlib
import json
import shutil
import threading
import time
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.cli import main
from bot.knowledge.loader import load_knowledge
from bot.knowledge.refresh import KnowledgeKeeper, Outcome
from bot.live import LiveKnowledge
from tests.conftest import KNOWLEDGE, UPSTREAM_SNAPSHOT

SIGS = (UPSTREAM_SNAPSHOT / "sigs.yaml").read_bytes()


@pytest.fixture
def knowledge_copy(tmp_path: Path) -> Path:
    target = tmp_path / "knowledge"
    shutil.copytree(KNOWLEDGE, target)
    return target


@pytest.fixture
def keeper(knowledge_copy: Path) -> KnowledgeKeeper:
    outcomes: list[Outcome] = []
    k = KnowledgeKeeper(
        LiveKnowledge(load_knowledge(knowledge_copy)), knowledge_copy, on_outcome=outcomes.append
    )
    k.outcomes = outcomes  # type: ignore[attr-defined]
    return k


def channel_of(keeper: KnowledgeKeeper, group: str) -> str:
    g = keeper.live.current.kb.group(group)
    assert g is not None
    return g.slack


def edit_upstream(directory: Path, old: str, new: str) -> None:
    path = directory / "upstream.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")


def test_reload_swaps_in_valid_changes(keeper: KnowledgeKeeper, knowledge_copy: Path) -> None:
    edit_upstream(knowledge_copy, "slack: sig-node\n", "slack: sig-node-renamed\n")
    assert keeper.reload("SIGHUP").ok
    assert channel_of(keeper, "sig-node") == "sig-node-renamed"


def test_broken_file_on_reload_keeps_the_last_good_knowledge(
    keeper: KnowledgeKeeper, knowledge_copy: Path, caplog: pytest.LogCaptureFixture
) -> None:
    before = keeper.live.current
    (knowledge_copy / "topics.yaml").write_text("groups: [unclosed\n", encoding="utf-8")
    outcome = keeper.reload("watch")
    assert not outcome.ok and "topics.yaml: line" in outcome.problems[0]
    assert keeper.live.current is before
    assert "keeping the last good knowledge" in caplog.text


def test_watcher_notices_a_changed_file(keeper: KnowledgeKeeper, knowledge_copy: Path) -> None:
    keeper.watch(interval=0.05)
    try:
        time.sleep(0.1)
        edit_upstream(knowledge_copy, "slack: sig-node\n", "slack: sig-node-watched\n")
        deadline = time.monotonic() + 5
        while channel_of(keeper, "sig-node") != "sig-node-watched" and time.monotonic() < deadline:
            time.sleep(0.05)
        assert channel_of(keeper, "sig-node") == "sig-node-watched"
    finally:
        keeper.stop()


def test_configmap_style_symlink_swap_is_noticed(tmp_path: Path) -> None:
    """Kubernetes mounts a ConfigMap as files that link through a `..data` symlink it re-points."""
    v1, v2 = tmp_path / "v1", tmp_path / "v2"
    shutil.copytree(KNOWLEDGE, v1)
    shutil.copytree(KNOWLEDGE, v2)
    edit_upstream(v2, "slack: sig-node\n", "slack: sig-node-v2\n")
    mount = tmp_path / "mount"
    mount.mkdir()
    (mount / "..data").symlink_to(v1)
    for f in KNOWLEDGE.glob("*.yaml"):
        (mount / f.name).symlink_to(Path("..data") / f.name)
    keeper = KnowledgeKeeper(LiveKnowledge(load_knowledge(mount)), mount)
    before = keeper.fingerprint()
    tmp_link = mount / "..data_tmp"
    tmp_link.symlink_to(v2)
    tmp_link.rename(mount / "..data")
    assert keeper.fingerprint() != before
    assert keeper.reload("watch").ok and channel_of(keeper, "sig-node") == "sig-node-v2"


class Upstream:
    """A local HTTP server serving sigs.yaml variants at /good, /truncated, ..."""

    def __init__(self) -> None:
        self.files: dict[str, tuple[bytes, dict[str, str]]] = {}
        upstream = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_GET(self) -> None:
                body, headers = upstream.files.get(self.path, (b"not found", {}))
                self.send_response(200 if self.path in upstream.files else 404)
                self.send_header("Content-Length", headers.get("Content-Length", str(len(body))))
                self.end_headers()
                with contextlib.suppress(OSError):  # the truncated variant hangs up early
                    self.wfile.write(body)

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def url(self, name: str) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/{name}"


@pytest.fixture
def upstream() -> Iterator[Upstream]:
    u = Upstream()
    data = yaml.safe_load(SIGS)
    u.files["/good"] = (SIGS.replace(b"slack: sig-node\n", b"slack: sig-node-upstream\n"), {})
    u.files["/truncated"] = (SIGS[: len(SIGS) // 2], {"Content-Length": str(len(SIGS))})
    u.files["/malformed"] = (b"sigs: [\n  - dir: sig-x\n  name: : :\n", {})
    half = dict(data, sigs=data["sigs"][:10])
    u.files["/half"] = (yaml.safe_dump(half).encode(), {})
    u.files["/not-sigs"] = (b"<html>Service unavailable</html>", {})
    renamed = dict(
        data, sigs=[dict(g, dir="sig-renamed") if g["dir"] == "sig-ui" else g for g in data["sigs"]]
    )
    u.files["/breaks-curation"] = (yaml.safe_dump(renamed).encode(), {})
    yield u
    u.server.shutdown()


def test_upstream_refresh_swaps_in_a_good_file(keeper: KnowledgeKeeper, upstream: Upstream) -> None:
    assert keeper.refresh_upstream(upstream.url("good")).ok
    assert channel_of(keeper, "sig-node") == "sig-node-upstream"


@pytest.mark.parametrize(
    ("variant", "reason"),
    [
        ("truncated", "truncated"),
        ("malformed", "not valid YAML"),
        ("half", "suspicious"),
        ("not-sigs", "not a sigs.yaml"),
        ("missing", "404"),
        ("breaks-curation", "unknown group id"),
    ],
)
def test_bad_upstream_files_are_rejected_and_the_last_good_knowledge_kept(
    keeper: KnowledgeKeeper, upstream: Upstream, variant: str, reason: str
) -> None:
    assert keeper.refresh_upstream(upstream.url("good")).ok
    good = keeper.live.current
    outcome = keeper.refresh_upstream(upstream.url(variant))
    assert not outcome.ok
    assert any(reason in p for p in outcome.problems), outcome.problems
    assert keeper.live.current is good
    assert channel_of(keeper, "sig-node") == "sig-node-upstream"


def test_a_disk_reload_after_an_upstream_refresh_keeps_the_fresh_upstream(
    keeper: KnowledgeKeeper, upstream: Upstream
) -> None:
    keeper.refresh_upstream(upstream.url("good"))
    assert keeper.reload("SIGHUP").ok
    assert channel_of(keeper, "sig-node") == "sig-node-upstream"


def test_diff_upstream_lists_what_changed(
    upstream: Upstream, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["diff-upstream", upstream.url("good")]) == 0
    out = capsys.readouterr().out
    assert "~ sig-node:" in out and "slack: sig-node -> sig-node-upstream" in out
    assert main(["diff-upstream", upstream.url("half"), "--exit-code"]) == 1
    assert "- sig-ui: gone upstream" in capsys.readouterr().out


@pytest.mark.parametrize("missing", ["file", "url"])
def test_diff_upstream_that_cannot_compare_exits_2_not_1_like_changes(
    upstream: Upstream, tmp_path: Path, capsys: pytest.CaptureFixture[str], missing: str
) -> None:
    """Issue #20's front door: "changes found" (1) and "file missing" (2) are told apart."""
    source = str(tmp_path / "no-such-sigs.yaml") if missing == "file" else upstream.url("nope")
    assert main(["diff-upstream", source, "--exit-code"]) == 2
    assert "cannot read upstream" in capsys.readouterr().err


def test_diff_upstream_of_the_committed_snapshot_is_empty(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["diff-upstream", str(UPSTREAM_SNAPSHOT / "sigs.yaml"), "--exit-code"]) == 0
    assert "no changes" in capsys.readouterr().out


def test_report_lists_unanswered_questions_most_frequent_first(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    log = tmp_path / "sigbot.log"

    def line(outcome: str, query: str | None = None, prefix: str = "") -> str:
        record = {"event": "request", "surface": "dm", "outcome": outcome}
        if query is not None:
            record["query"] = query
        return prefix + json.dumps(record)

    lines = [
        line("none", "Pizza", prefix="2026-11-28 INFO sigbot.requests "),
        line("none", "pizza", prefix="2026-11-28 INFO sigbot.requests "),
        line("ambiguous", "kubelet scheduler"),
        line("answer", "kubectl"),
        line("none"),
        "not json at all",
    ]
    log.write_text("\n".join(lines), encoding="utf-8")
    assert main(["report", str(log)]) == 0
    out = capsys.readouterr().out
    assert "5 requests, 4 without a confident answer" in out
    assert "2  pizza" in out and "kubelet scheduler" in out and "SIGBOT_LOG_QUERIES" in out
    assert "kubectl" not in out
