"""connectorgen diff --git on a temporary repository laid out like Microsoft's: a path against the
same path at a revision, one folder or --recursive, and the git problems users meet."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from diff_cases import Doc, changed, properties, swagger, write_connector
from helpers import run_cli

pytestmark = pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
ROOT = "certified-connectors"
CONTOSO = f"{ROOT}/Contoso Tasks"  # a space, as in many real connector folders


def git(repo: Path, *args: str) -> str:
    done = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=True, timeout=60
    )
    return done.stdout


def _drop_create(d: Doc) -> None:
    del d["paths"]["/tasks"]["post"]


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository whose origin/dev holds three connectors and a README; cwd is its top."""
    top = tmp_path / "PowerPlatformConnectors"
    top.mkdir()
    monkeypatch.chdir(top)
    git(top, "init", "-q", "-b", "dev")
    git(top, "config", "user.email", "tests@example.com")
    git(top, "config", "user.name", "Tests")
    git(top, "config", "commit.gpgsign", "false")
    write_connector(top / CONTOSO, swagger(), properties())
    write_connector(top / ROOT / "Stable", swagger(), properties())
    write_connector(top / ROOT / "Retired", swagger())
    (top / "README.md").write_text("# Connectors\n", encoding="utf-8")
    git(top, "add", "-A")
    git(top, "commit", "-q", "-m", "dev")
    git(top, "update-ref", "refs/remotes/origin/dev", "HEAD")  # as after `git fetch origin`
    git(top, "checkout", "-q", "-b", "feature")
    return top


def diff(*args: Any) -> tuple[int, str, str]:
    return run_cli("diff", *map(str, args))


def _findings(out: str) -> list[dict[str, Any]]:
    return json.loads(out)["findings"]  # type: ignore[no-any-return]


def test_folder_against_origin_dev(repo: Path) -> None:
    write_connector(repo / CONTOSO, *changed(_drop_create))
    code, out, err = diff("--git", "origin/dev", CONTOSO, "--format", "json")
    assert (code, err) == (1, "")
    report = json.loads(out)
    assert report["folders"][0]["path"] == f"origin/dev:{CONTOSO} -> {CONTOSO}"
    (finding,) = report["findings"]
    assert finding["rule"] == "operation-deleted"
    assert finding["file"] == f"origin/dev:{CONTOSO}/apiDefinition.swagger.json"
    # The position is in OLD as git holds it (line 64 of the fixture, indented by 2).
    old_text = git(repo, "show", f"origin/dev:{CONTOSO}/apiDefinition.swagger.json")
    assert old_text.split("\n")[finding["line"] - 1].strip() == '"post": {'


def test_committed_changes_count_like_a_pull_request(repo: Path) -> None:
    write_connector(repo / CONTOSO, *changed(_drop_create))
    git(repo, "commit", "-q", "-am", "drop CreateTask")
    code, out, _ = diff("--git", "origin/dev", CONTOSO, "--format", "json")
    assert code == 1 and [f["rule"] for f in _findings(out)] == ["operation-deleted"]
    assert git(repo, "status", "--porcelain") == ""  # nothing checked out or written
    assert git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip() == "feature"


def test_a_file_against_head(repo: Path) -> None:
    path = f"{CONTOSO}/apiDefinition.swagger.json"
    write_connector(repo / CONTOSO, *changed(_drop_create))
    code, out, _ = diff("--git", "HEAD", path, "--format", "json")
    assert code == 1 and _findings(out)[0]["file"] == f"HEAD:{path}"


def test_unchanged_path_has_no_findings(repo: Path) -> None:
    assert diff("--git", "origin/dev", CONTOSO) == (0, "No findings in 1 comparison.\n", "")


def test_path_from_a_subfolder(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write_connector(repo / CONTOSO, *changed(_drop_create))
    monkeypatch.chdir(repo / ROOT)
    code, out, _ = diff("--git", "origin/dev", "Contoso Tasks", "--format", "json")
    assert code == 1
    assert _findings(out)[0]["file"] == f"origin/dev:{CONTOSO}/apiDefinition.swagger.json"


def test_recursive_finds_changed_added_and_removed_folders(repo: Path) -> None:
    write_connector(repo / CONTOSO, *changed(_drop_create))
    shutil.rmtree(repo / ROOT / "Retired")
    write_connector(repo / ROOT / "Brand New", swagger())
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", "changes")
    (repo / ROOT / "Stable" / "README.md").write_text("only docs changed\n", encoding="utf-8")
    code, out, err = diff("--git", "origin/dev", "--recursive", ROOT, "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert [f["path"] for f in report["folders"]] == [
        f"origin/dev:{CONTOSO} -> {CONTOSO}",
        f"origin/dev:{ROOT}/Retired -> (removed)",
    ]
    assert report["added"] == [f"{ROOT}/Brand New"]
    assert f"new, nothing to compare: {ROOT}/Brand New" in err
    retired = [f for f in report["findings"] if "Retired" in f["file"]]
    assert len(retired) == 7 and all(f["rule"] == "operation-deleted" for f in retired)


def test_recursive_from_the_top_with_the_default_path(repo: Path) -> None:
    write_connector(repo / CONTOSO, *changed(_drop_create))
    code, out, _ = diff("--git", "origin/dev", "-r", "--format", "github")
    assert code == 1
    assert out.startswith(
        f"::error file=origin/dev%3A{CONTOSO}/apiDefinition.swagger.json,line=64,col=7,"
        "title=operation-deleted::The operation has been deleted."
    )


def test_recursive_with_nothing_changed(repo: Path) -> None:
    code, out, err = diff("--git", "origin/dev", "-r", ROOT)
    assert code == 0 and "no connector folder changed" in err


def test_a_connector_new_since_the_revision(repo: Path) -> None:
    write_connector(repo / ROOT / "Brand New", swagger())
    code, out, err = diff("--git", "origin/dev", f"{ROOT}/Brand New")
    assert code == 0 and f"new, nothing to compare: {ROOT}/Brand New" in err


def test_a_removed_connector_folder(repo: Path) -> None:
    shutil.rmtree(repo / ROOT / "Retired")
    code, out, _ = diff("--git", "origin/dev", f"{ROOT}/Retired", "--format", "json")
    assert code == 1 and len(_findings(out)) == 7


def test_broken_file_at_the_revision_is_named(repo: Path) -> None:
    (repo / CONTOSO / "apiDefinition.swagger.json").write_text("{\n  oops\n}\n", encoding="utf-8")
    git(repo, "commit", "-q", "-am", "broken")
    write_connector(repo / CONTOSO, swagger(), properties())
    code, out, err = diff("--git", "HEAD", CONTOSO)
    assert (code, out) == (1, "")
    assert f"HEAD:{CONTOSO}/apiDefinition.swagger.json is not valid JSON" in err
    assert "connectorgen-diff-" not in err  # no temporary file name


def test_lenient_file_at_the_revision_warns_with_its_name(repo: Path) -> None:
    path = repo / CONTOSO / "apiDefinition.swagger.json"
    path.write_text(path.read_text(encoding="utf-8").replace("{", "{ // note", 1), "utf-8")
    git(repo, "commit", "-q", "-am", "comment")
    write_connector(repo / CONTOSO, swagger(), properties())
    code, _, err = diff("--git", "HEAD", CONTOSO)
    assert code == 0
    assert f"warning: HEAD:{CONTOSO}/apiDefinition.swagger.json:1: not strict JSON" in err


@pytest.mark.parametrize(
    ("ref", "expected"),
    [
        ("origin/main", "'origin/main' is not a commit of the repository"),
        ("--output=/tmp/x", "'--output=/tmp/x' is not a git revision"),
        ("HEAD~5", "fetch-depth: 0"),
    ],
)
def test_bad_revision_is_a_usage_error(repo: Path, ref: str, expected: str) -> None:
    code, out, err = diff(f"--git={ref}", CONTOSO)
    assert (code, out) == (2, "")
    assert expected in err and "Traceback" not in err


def test_path_in_neither_is_a_usage_error(repo: Path) -> None:
    code, _, err = diff("--git", "origin/dev", f"{ROOT}/Nowhere")
    assert code == 2 and "exists neither in the working tree nor at origin/dev" in err


def test_folder_without_definition_is_a_usage_error(repo: Path) -> None:
    code, _, err = diff("--git", "origin/dev", ROOT)
    assert code == 2 and "is it a connector folder?" in err and "--recursive" in err


def test_not_a_repository(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    write_connector(tmp_path / "Loose", swagger())
    code, _, err = diff("--git", "HEAD", "Loose")
    assert code == 2 and "is not inside a git repository" in err


def test_git_missing(repo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PATH", str(repo / "no-such-bin"))
    code, _, err = diff("--git", "HEAD", CONTOSO)
    assert code == 2 and "needs the git command" in err


def test_an_openapi_3_file_at_the_revision(repo: Path) -> None:
    from test_diff_command import OPENAPI_3

    (repo / "openapi.yaml").write_text(OPENAPI_3, encoding="utf-8")
    git(repo, "add", "openapi.yaml")
    git(repo, "commit", "-q", "-m", "openapi")
    (repo / "openapi.yaml").write_text(OPENAPI_3.split("    post:")[0], encoding="utf-8")
    code, out, err = diff("--git", "HEAD", "openapi.yaml", "--format", "json")
    (finding,) = _findings(out)
    assert code == 1 and (finding["file"], finding["line"]) == ("HEAD:openapi.yaml", 14)
    assert "HEAD:openapi.yaml: converted from OpenAPI 3.0.1" in err
