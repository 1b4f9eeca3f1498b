"""The CI workflows keep to the project's rules (static checks of .github/workflows/*.yml)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

WORKFLOWS = sorted((Path(__file__).resolve().parents[2] / ".github" / "workflows").glob("*.yml"))
PINNED = re.compile(r"^\s*(?:-\s+)?uses:\s*(?P<action>[^@\s]+)@(?P<ref>\S+)(?:\s+#\s*(?P<tag>\S+))?\s*$")


def load(path: Path) -> dict:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)  # "on" stays a string
    assert isinstance(data, dict), path
    return data


def steps(data: dict):
    for name, job in data["jobs"].items():
        for step in job.get("steps", []):
            yield name, step


def test_there_are_workflows() -> None:
    assert {path.name for path in WORKFLOWS} >= {"ci.yml", "links.yml", "pages.yml", "review.yml"}


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_actions_are_pinned_by_commit_with_the_tag_in_a_comment(path: Path) -> None:
    uses = [line for line in path.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(-\s+)?uses:", line)]
    assert uses, path
    for line in uses:
        match = PINNED.match(line)
        assert match, f"{path.name}: cannot read {line.strip()!r}"
        if match["action"].startswith("./"):
            continue
        assert re.fullmatch(r"[0-9a-f]{40}", match["ref"]), f"{path.name}: {line.strip()} is not pinned by commit"
        assert match["tag"] and re.fullmatch(r"v[0-9]+(\.[0-9]+)*", match["tag"]), f"{path.name}: no tag comment"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_checkouts_keep_no_credentials(path: Path) -> None:
    for job, step in steps(load(path)):
        if step.get("uses", "").startswith("actions/checkout@"):
            assert step.get("with", {}).get("persist-credentials") == "false", f"{path.name}: job {job}"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_no_expression_inside_run(path: Path) -> None:
    for job, step in steps(load(path)):
        assert "${{" not in step.get("run", ""), f"{path.name}: job {job}: pass it through env"


@pytest.mark.parametrize("path", WORKFLOWS, ids=lambda p: p.name)
def test_every_job_has_a_time_limit(path: Path) -> None:
    for name, job in load(path)["jobs"].items():
        assert int(job.get("timeout-minutes", 0)) > 0, f"{path.name}: job {name}"


def test_pages_permissions_only_on_the_deploy_job_which_has_concurrency() -> None:
    for path in WORKFLOWS:
        data = load(path)
        assert not {"pages", "id-token"} & set(data.get("permissions") or {}), f"{path.name}: workflow-wide"
        for name, job in data["jobs"].items():
            deploys = any(step.get("uses", "").startswith("actions/deploy-pages@") for step in job.get("steps", []))
            writes = {"pages", "id-token"} & set(job.get("permissions") or {})
            assert bool(writes) == deploys, f"{path.name}: job {name}"
            if deploys:
                assert job["permissions"] == {"pages": "write", "id-token": "write"}
                assert job["concurrency"]["cancel-in-progress"] == "false"


def test_review_runs_the_base_branchs_tooling_on_the_pull_requests_files() -> None:
    data = load(next(p for p in WORKFLOWS if p.name == "review.yml"))
    assert set(data["on"]) == {"pull_request"}  # never pull_request_target: no secrets, no write token
    checkouts = {
        step["with"]["path"]: step["with"] for _, step in steps(data) if "actions/checkout@" in step.get("uses", "")
    }
    assert set(checkouts) == {"base", "pr"}
    assert checkouts["base"]["ref"] == "${{ github.event.pull_request.base.sha }}"
    runs = [step["run"] for _, step in steps(data) if "run" in step]
    assert runs == [
        "python -m pip install -r base/requirements.txt",
        'python base/scripts/diff_entries.py --repo pr "$BASE_SHA" >> "$GITHUB_STEP_SUMMARY"',
    ]
