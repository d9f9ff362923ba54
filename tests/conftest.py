"""Shared fixtures: today's bundled knowledge base, a small frozen one for the engine's
mechanics, and tiny hand-made knowledge directories."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.knowledge.loader import load_knowledge
from bot.matching import Index, build_index
from bot.model import KnowledgeBase

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
FIXTURES = REPO / "tests" / "fixtures"
# Vendored copies of the upstream inputs (Apache-2.0, see the LICENSE files beside them): the
# full sigs.yaml, so the importer can be checked byte for byte, and small samples of the rest.
UPSTREAM_SNAPSHOT = FIXTURES / "kubernetes-community"
KEP_SNAPSHOT = FIXTURES / "kubernetes-enhancements"
# A small knowledge base that never changes (see its README): tests of how questions are read
# and ranked answer from it, so refreshing knowledge/ cannot change what they see.
MINI_KNOWLEDGE = FIXTURES / "knowledge-mini"
EVAL = REPO / "benchmarks" / "eval"
DEV_SET = EVAL / "dev.yaml"


@pytest.fixture(autouse=True)
def no_slack_secrets(monkeypatch: pytest.MonkeyPatch) -> None:
    """No real tokens anywhere: every test starts without SLACK_* or SIGBOT_* settings."""
    import os

    for name in list(os.environ):
        if name.startswith(("SLACK_", "SIGBOT_")):
            monkeypatch.delenv(name)


@pytest.fixture(autouse=True)
def no_reader_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    """`sigbot ask` shows meetings in the zone $TZ names too: tests describe answers without
    one, whatever zone the machine running them is set to (a test that wants one sets it)."""
    monkeypatch.delenv("TZ", raising=False)


@pytest.fixture(autouse=True)
def cache_outside_home(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`sigbot ask` keeps a start-up cache (bot/knowledge/cache.py): tests keep theirs in a
    throwaway directory, never in the home of whoever runs them."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.getbasetemp() / "xdg-cache"))


@pytest.fixture(scope="session")
def kb() -> KnowledgeBase:
    """Today's bundled knowledge (knowledge/): for tests of what it says, and of surfaces that
    must work over all of it. A test of how the engine reads and ranks uses `mini_kb`."""
    return load_knowledge(KNOWLEDGE)


@pytest.fixture(scope="session")
def index(kb: KnowledgeBase) -> Index:
    return build_index(kb)


@pytest.fixture(scope="session")
def mini_kb() -> KnowledgeBase:
    """The small, frozen knowledge base of tests/fixtures/knowledge-mini: 13 groups, a few
    topics each in English and Chinese, thirteen KEPs, retired groups and misnomers."""
    return load_knowledge(MINI_KNOWLEDGE)


@pytest.fixture(scope="session")
def mini_index(mini_kb: KnowledgeBase) -> Index:
    return build_index(mini_kb)


def tiny_docs() -> dict[str, Any]:
    """A minimal valid knowledge base: two groups, their topics, one retired group."""
    return {
        "upstream.yaml": {
            "format": 1,
            "source": {"file": "test"},
            "groups": [
                {
                    "id": "sig-network",
                    "kind": "sig",
                    "name": "Network",
                    "mission": "Packets.",
                    "label": "network",
                    "slack": "sig-network",
                    "meetings": [
                        {
                            "description": "Regular",
                            "weekday": "Thursday",
                            "time": "09:00",
                            "tz": "America/Los_Angeles",
                            "frequency": {"kind": "weekly", "text": "weekly", "interval_weeks": 1},
                        }
                    ],
                    "subprojects": [
                        {"name": "kube-proxy", "owners": ["kubernetes/kubernetes/pkg/proxy"]}
                    ],
                },
                {
                    "id": "sig-storage",
                    "kind": "sig",
                    "name": "Storage",
                    "mission": "Volumes.",
                    "label": "storage",
                    "slack": "sig-storage",
                },
            ],
        },
        "topics.yaml": {
            "groups": {
                "sig-network": {
                    "summary": {"en": "Networking.", "zh": "网络。"},
                    "en": ["network policy"],
                    "zh": ["网络策略"],
                },
                "sig-storage": {
                    "summary": {"en": "Storage.", "zh": "存储。"},
                    "en": ["persistent volumes"],
                    "zh": ["持久卷"],
                },
            },
            "shared": [],
        },
        "categories.yaml": {
            "categories": [
                {
                    "id": "infra",
                    "en": "Infra",
                    "zh": "基础",
                    "groups": ["sig-network", "sig-storage"],
                }
            ]
        },
        "retired.yaml": {
            "retired": [
                {
                    "id": "wg-serving",
                    "name": "Serving",
                    "kind": "wg",
                    "successors": [
                        {"group": "sig-network", "source": "sigs.yaml: a sig-network subproject"}
                    ],
                    "note": {"en": "Gone."},
                }
            ]
        },
        "onboarding.yaml": {
            "steps": {"en": ["Say hi in {channel}."], "zh": ["在 {channel} 打招呼。"]},
            "welcome": {"en": ["Welcome."], "zh": ["欢迎。"]},
        },
        # The real word lists (without the long everyday-English table): small bases read
        # questions the way the bundled one does.
        "language.yaml": {
            name: text
            for name, text in _language_lists().items()
            if name in ("stopwords", "zh_filler", "path_roots")
        }
        | {"everyday_english": "the:7.7"},
    }


def _language_lists() -> dict[str, Any]:
    data = yaml.safe_load((KNOWLEDGE / "language.yaml").read_text(encoding="utf-8"))
    return dict(data)


def write_knowledge(directory: Path, docs: dict[str, Any]) -> Path:
    directory.mkdir(parents=True, exist_ok=True)
    for name, data in docs.items():
        text = (
            data
            if isinstance(data, str)
            else yaml.safe_dump(data, allow_unicode=True, sort_keys=False)
        )
        (directory / name).write_text(text, encoding="utf-8")
    return directory


@pytest.fixture
def tiny_knowledge(tmp_path: Path) -> Path:
    return write_knowledge(tmp_path / "knowledge", copy.deepcopy(tiny_docs()))


@pytest.fixture(scope="session")
def redis_server() -> Iterator[Any]:
    """One real redis-server for the session (see tests/services.py)."""
    from tests.services import RedisServer

    server = RedisServer()
    yield server
    server.stop()


@pytest.fixture
def redis_url(redis_server: Any) -> str:
    """A Redis URL whose database starts empty for each test."""
    import redis

    client = redis.Redis.from_url(redis_server.url)
    client.flushdb()
    client.close()
    return str(redis_server.url)
