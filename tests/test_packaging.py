"""A built wheel carries the knowledge base, so an installed sigbot works without a checkout."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

from tests.conftest import KNOWLEDGE, REPO


def test_wheel_ships_every_knowledge_file_inside_the_package(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(tmp_path), str(REPO)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    [wheel] = tmp_path.glob("sigbot-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for f in KNOWLEDGE.glob("*.yaml"):
        assert f"bot/_knowledge/{f.name}" in names
    assert "bot/cli.py" in names
