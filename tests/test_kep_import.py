"""`sigbot import-keps` and `sigbot import-charters` on small vendored snapshots."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from bot.cli import main
from bot.knowledge.charters import in_scope_text, scope_terms
from bot.knowledge.keps import import_keps
from tests.conftest import KEP_SNAPSHOT, KNOWLEDGE, UPSTREAM_SNAPSHOT


@pytest.fixture
def imported(tmp_path: Path) -> tuple[dict, str]:
    out = tmp_path / "knowledge"
    out.mkdir()
    shutil.copy(KNOWLEDGE / "upstream.yaml", out / "upstream.yaml")
    assert main(["import-keps", str(KEP_SNAPSHOT), "--out", str(out)]) == 0
    text = (out / "features.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text), text


def by_kep(doc: dict) -> dict[int, dict]:
    return {f["kep"]: f for f in doc["features"]}


def test_every_kep_of_the_snapshot_is_imported(imported: tuple[dict, str]) -> None:
    doc, _ = imported
    assert len(doc["features"]) == 28  # two of them share KEP number 2133
    assert sorted(by_kep(doc))[:9] == [281, 630, 753, 986, 1287, 1734, 2008, 2133, 2392]


def test_impossible_dates_do_not_lose_a_kep(imported: tuple[dict, str]) -> None:
    # 4355 and 5075 carry "creation-date: 2023-14-05", which a plain YAML load rejects.
    features = by_kep(imported[0])
    assert features[4355]["title"] == "Coordinated Leader Election"
    assert features[5075]["owning_group"] == "sig-scheduling"


def test_the_template_placeholder_milestone_means_unknown(imported: tuple[dict, str]) -> None:
    """986 says latest-milestone '0.0' (the KEP template's): a card must not read "stable as of
    0.0". Real releases come out in one form, whatever form upstream wrote them in."""
    features = by_kep(imported[0])
    assert features[986]["latest_milestone"] == ""
    assert features[753]["latest_milestone"] == "v1.33"


def test_old_group_names_are_mapped_to_todays_ids(imported: tuple[dict, str]) -> None:
    sidecars = by_kep(imported[0])[753]
    assert sidecars["participating_groups"] == ["sig-scheduling", "sig-apps"]
    assert sidecars["feature_gates"] == ["SidecarContainers"]
    assert sidecars["url"] == "https://kep.k8s.io/753"
    assert (sidecars["status"], sidecars["stage"], sidecars["latest_milestone"]) == (
        "implemented",
        "stable",
        "v1.33",
    )


def test_a_kep_filed_under_another_folder_keeps_its_owning_group(
    imported: tuple[dict, str],
) -> None:
    assert by_kep(imported[0])[986]["owning_group"] == "sig-api-machinery"
    assert by_kep(imported[0])[630]["owning_group"] == "sig-cloud-provider"


def test_withdrawn_and_replaced_keps_say_so(imported: tuple[dict, str]) -> None:
    features = by_kep(imported[0])
    assert features[2558]["status"] == "withdrawn"
    assert features[3130]["status"] == "replaced"


def test_the_header_names_the_upstream_commit_and_the_output_is_deterministic(
    imported: tuple[dict, str], tmp_path: Path
) -> None:
    _, text = imported
    head = text.splitlines()[:6]
    assert "# commit: 64765b4b02389318f2113119dd9e491479f978a0" in head
    assert "# date: 2026-07-24" in head
    out = tmp_path / "again"
    out.mkdir()
    shutil.copy(KNOWLEDGE / "upstream.yaml", out / "upstream.yaml")
    assert main(["import-keps", str(KEP_SNAPSHOT), "--out", str(out)]) == 0
    assert (out / "features.yaml").read_text(encoding="utf-8") == text


def test_summaries_are_kept_as_word_counts_never_as_prose(imported: tuple[dict, str]) -> None:
    terms = by_kep(imported[0])[753]["terms"]
    assert "sidecar" in terms and "." not in terms and "the " not in f"{terms} "


def test_what_the_importer_could_not_use_is_reported_by_file() -> None:
    files = {
        "keps/sig-node/1-a/kep.yaml": ("title: [unclosed", None),
        "keps/sig-node/2-b/kep.yaml": (
            "title: B\nkep-number: 2\nowning-sig: sig-gone\nstatus: imlpemented\n"
            "participating-sigs: [TBD]\n",
            None,
        ),
    }
    doc, notes = import_keps(files, {"sig-node"}, {})
    said = "\n".join(str(n) for n in notes)
    assert "keps/sig-node/1-a/kep.yaml: skipped: not valid YAML" in said
    assert "owning-sig 'sig-gone' is not an active group" in said
    assert "status 'imlpemented' read as 'implemented'" in said
    assert "participating group 'TBD' is unknown" in said
    assert [f["kep"] for f in doc["features"]] == [2]


def test_import_keps_without_upstream_yaml_says_what_to_run_first(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["import-keps", str(KEP_SNAPSHOT), "--out", str(tmp_path)]) == 1
    assert "run sigbot import-upstream first" in capsys.readouterr().err


def test_the_charter_in_scope_section_is_read_and_out_of_scope_is_not() -> None:
    charter = (UPSTREAM_SNAPSHOT / "charters" / "sig-node.md").read_text(encoding="utf-8")
    scope = in_scope_text(charter)
    assert "Kubelet" in scope and "Out of scope" not in scope
    assert scope_terms(charter)["kubelet"] >= 1


def test_import_charters_writes_scope_terms_for_known_groups(tmp_path: Path) -> None:
    out = tmp_path / "knowledge"
    out.mkdir()
    shutil.copy(KNOWLEDGE / "upstream.yaml", out / "upstream.yaml")
    assert main(["import-charters", str(UPSTREAM_SNAPSHOT / "charters"), "--out", str(out)]) == 0
    doc = yaml.safe_load((out / "scope.yaml").read_text(encoding="utf-8"))
    assert set(doc["groups"]) == {"sig-node", "sig-network", "sig-storage"}


def test_the_committed_features_validate_against_the_groups(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["validate"]) == 0
    assert "features.yaml" not in capsys.readouterr().err
