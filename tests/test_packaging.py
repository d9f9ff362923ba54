"""A built wheel carries the knowledge base, and the Dockerfile's install steps produce a working
`sigbot` outside the checkout (the steps are replayed in a fresh venv, since no Docker engine
runs here)."""

from __future__ import annotations

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

from tests.conftest import KNOWLEDGE, REPO

DOCKERFILE = (REPO / "Dockerfile").read_text(encoding="utf-8")
LOCK_STEP = "pip install --no-cache-dir --require-hashes --only-binary=:all: -r requirements.lock"
APP_STEP = "pip install --no-cache-dir --no-deps ."


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheels")
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--wheel-dir", str(out), str(REPO)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return out


def test_dockerfile_still_uses_the_steps_replayed_here() -> None:
    assert LOCK_STEP in DOCKERFILE and APP_STEP in DOCKERFILE


def test_wheel_ships_every_knowledge_file_inside_the_package(wheels: Path) -> None:
    [wheel] = wheels.glob("sigbot-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for f in KNOWLEDGE.glob("*.yaml"):
        assert f"bot/_knowledge/{f.name}" in names
    assert "bot/cli.py" in names


def test_the_image_install_steps_give_a_sigbot_that_answers_outside_the_checkout(
    tmp_path: Path,
) -> None:
    """The Dockerfile's two installs, replayed in a fresh venv: the hashed lock, then sigbot."""
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    python = env_dir / "bin" / "python"
    for step in (LOCK_STEP, APP_STEP):
        result = subprocess.run(
            [str(python), "-m", *step.split()],
            cwd=REPO,
            capture_output=True,
            text=True,
            timeout=600,
        )
        assert result.returncode == 0, result.stderr
    sigbot = env_dir / "bin" / "sigbot"
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    validate = subprocess.run(
        [str(sigbot), "validate"], cwd=elsewhere, capture_output=True, text=True
    )
    assert validate.returncode == 0 and "24 SIGs" in validate.stdout
    answer = subprocess.run(
        [str(sigbot), "ask", "kubeclt"], cwd=elsewhere, capture_output=True, text=True
    )
    assert answer.stdout.startswith("SIG CLI owns this.")
