"""Read kubernetes/enhancements into what `import_keps` takes: every kep.yaml with its Summary.

Three shapes hold the same KEPs: the snapshot sigbot's fixtures vendor (keps/<sig>/<n>-<slug>/
kep.yaml + summary.md), a plain checkout (kep.yaml + README.md, whose "## Summary" section is
read), and the .tar.gz archive GitHub serves for a commit or branch, read as a stream so the
bot's refresh never holds the archive (tens of MB) in memory. An archive also says which commit
it is (`git archive` writes it into the pax header) and when (its files carry the commit time).
"""

from __future__ import annotations

import io
import re
import tarfile
from datetime import datetime, timezone
from pathlib import Path
from typing import IO

from bot.knowledge.keps import MAX_KEP_YAML_CHARS, summary_section

# What the importer reads of each KEP folder, and how large each file may be (a README runs to
# ~100 KB; the Summary section is cut at 6,000 characters later).
MAX_README_BYTES = 2_000_000
_KEP_FILE = re.compile(r"(?:^|/)(keps/.+)/(kep\.yaml|summary\.md|README\.md)$")

KepFiles = dict[str, tuple[str, str | None]]  # keps/<...>/kep.yaml -> (its text, its Summary)


class EnhancementsError(ValueError):
    """Not a kubernetes/enhancements folder or archive: no kep.yaml in it, or not readable."""


def read_folder(root: Path) -> KepFiles:
    """A checkout (or snapshot) folder, or its keps/ folder."""
    keps_dir = root / "keps" if (root / "keps").is_dir() else root
    files: KepFiles = {}
    for kep in sorted(keps_dir.rglob("kep.yaml")):
        rel = kep.relative_to(keps_dir.parent).as_posix()
        files[rel] = (kep.read_text(encoding="utf-8", errors="replace"), _summary_in(kep.parent))
    if not files:
        raise EnhancementsError(f"no kep.yaml files under {keps_dir}")
    return files


def _summary_in(folder: Path) -> str | None:
    summary, readme = folder / "summary.md", folder / "README.md"
    if summary.is_file():
        return summary.read_text(encoding="utf-8", errors="replace")
    if readme.is_file():
        return summary_section(readme.read_text(encoding="utf-8", errors="replace"))
    return None


def read_archive(stream: IO[bytes] | io.RawIOBase) -> tuple[KepFiles, dict[str, str]]:
    """A .tar.gz of the repository, read once from start to end. Returns the files and what the
    archive says of its source: the commit (`git archive`'s pax comment) and its date."""
    texts: dict[str, dict[str, str]] = {}  # KEP folder -> file name -> text
    newest = 0.0
    try:
        with tarfile.open(fileobj=stream, mode="r|gz") as tar:
            commit = str(tar.pax_headers.get("comment", ""))  # read with the first member
            for member in tar:
                m = _KEP_FILE.search(member.name)
                if not (m and member.isfile()):
                    continue
                limit = MAX_KEP_YAML_CHARS if m.group(2) == "kep.yaml" else MAX_README_BYTES
                handle = tar.extractfile(member)
                if handle is None or member.size > limit:
                    continue
                texts.setdefault(m.group(1), {})[m.group(2)] = handle.read().decode(
                    "utf-8", errors="replace"
                )
                newest = max(newest, float(member.mtime))
            commit = commit or str(tar.pax_headers.get("comment", ""))
    except (tarfile.TarError, EOFError, OSError) as e:
        raise EnhancementsError(f"not a readable .tar.gz archive ({e})") from None
    files: KepFiles = {}
    for folder, found in sorted(texts.items()):
        if "kep.yaml" in found:
            summary = found.get("summary.md") or summary_section(found.get("README.md", ""))
            files[f"{folder}/kep.yaml"] = (found["kep.yaml"], summary)
    if not files:
        raise EnhancementsError("the archive holds no keps/**/kep.yaml")
    source = {}
    if re.fullmatch(r"[0-9a-f]{40}", commit):
        source["commit"] = commit
    if newest:
        source["date"] = datetime.fromtimestamp(newest, tz=timezone.utc).date().isoformat()
    return files, source
