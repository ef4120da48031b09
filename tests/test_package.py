"""`connectorgen package`: the pull-request folder in a clone of Microsoft's repository (both
profiles), refusing to overwrite another connector, the submission zip, and the verdict of
`connectorgen check` on the pull-request folder."""

from __future__ import annotations

import io
import json
import os
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES_DIR, snapshot
from helpers import run_cli

import connectorgen
from connectorgen.generator.pipeline import GenerateResult

TOPS = ("certified-connectors", "independent-publisher-connectors", "custom-connectors")


@pytest.fixture
def clone(tmp_path: Path) -> Path:
    """The top of a clone of microsoft/PowerPlatformConnectors (its three connector folders)."""
    root = tmp_path / "PowerPlatformConnectors"
    for top in TOPS:
        (root / top).mkdir(parents=True)
    return root


def _sample(tmp_path: Path, sample: str) -> tuple[Path, GenerateResult]:
    config = tmp_path / "in" / sample / "config.json"
    shutil.copytree(SAMPLES_DIR / sample, config.parent)
    out = tmp_path / f"out-{sample}"
    return out, connectorgen.generate(config, out)


def _ip_connector(make_connector: Callable[..., Path], tmp_path: Path) -> tuple[Path, Any]:
    """An independent-publisher connector with findings left (no contact, no metadata)."""
    config = make_connector(
        config={
            "profile": "independent-publisher",
            "publisher": "Jane Doe",
            "stackOwner": "Test Service Inc",
            "iconBrandColor": "#da3b01",
        }
    )
    out = tmp_path / "out-ip"
    return out, connectorgen.generate(config, out)


def _check_json(folder: Path) -> list[tuple[str, str, str | None, str]]:
    code, out, err = run_cli("check", str(folder), "--format", "json")
    assert code in (0, 1), err
    return sorted(
        (f["rule"], f["severity"], f.get("pointer"), f["message"])
        for f in json.loads(out)["findings"]
    )


def _as_check(result: GenerateResult) -> list[tuple[str, str, str | None, str]]:
    return sorted((f.code, f.level, f.pointer, f.message) for f in result.findings)


# ------------------------------------------------------------------ the pull-request folder


def test_certified_layout(tmp_path: Path, clone: Path) -> None:
    out, _ = _sample(tmp_path, "generic-oauth")

    code, stdout, err = run_cli("package", str(out), "--repo", str(clone))

    assert code == 0, err
    target = clone / "certified-connectors" / "Fabrikam Invoices"
    files = snapshot(target)
    assert files is not None
    assert sorted(files) == [
        "apiDefinition.swagger.json",
        "apiProperties.json",
        "icon.png",
        "readme.md",
        "settings.json",
    ]
    assert files["apiDefinition.swagger.json"] == (out / "apiDefinition.swagger.json").read_bytes()
    assert files["apiProperties.json"] == (out / "apiProperties.json").read_bytes()
    assert b'"stackOwner": "Fabrikam Inc"' in files["apiProperties.json"]  # certification needs it
    assert files["readme.md"] == (out / "README.md").read_bytes()
    assert files["icon.png"] == (out / "icon.png").read_bytes()
    assert json.loads(files["settings.json"]) == {
        "apiProperties": "apiProperties.json",
        "apiDefinition": "apiDefinition.swagger.json",
        "icon": "icon.png",
    }
    assert f"Pull-request folder {target} (certified):" in stdout
    assert "  create    readme.md" in stdout
    assert "left out  INTRO.md: it belongs in the certification package" in stdout
    assert "Certification check (certified): 0 error(s), 0 warning(s)." in stdout


def test_script_and_definition_renamed(tmp_path: Path, clone: Path) -> None:
    out, _ = _sample(tmp_path, "client-credentials")
    assert (out / "apiDefinition.json").is_file() and (out / "script.csx").is_file()

    code, _, err = run_cli("package", str(out), "--repo", str(clone), "--name", "WWI Orders")

    assert code == 0, err
    target = clone / "certified-connectors" / "WWI Orders"
    assert sorted(p.name for p in target.iterdir()) == [
        "apiDefinition.swagger.json",
        "apiProperties.json",
        "icon.png",
        "readme.md",
        "script.csx",
        "settings.json",
    ]
    assert (target / "apiDefinition.swagger.json").read_bytes() == (
        out / "apiDefinition.json"
    ).read_bytes()
    assert (target / "script.csx").read_bytes() == (out / "script.csx").read_bytes()
    assert json.loads((target / "settings.json").read_text())["script"] == "script.csx"


def test_independent_publisher_layout(
    tmp_path: Path, clone: Path, make_connector: Callable[..., Path]
) -> None:
    out, _ = _ip_connector(make_connector, tmp_path)
    shutil.copy(SAMPLES_DIR / "api-key" / "logo.png", out / "icon.png")  # to be left out
    # config.json beside the outputs (generate run in place): its profile is used, and it
    # stays out of the pull request.
    config = tmp_path / "connector1" / "config.json"
    shutil.copy(config, out / "config.json")
    (out / "config.json").write_text(
        json.dumps({**json.loads(config.read_text()), "apiDefinition": "apiDefinition.json"})
    )

    code, stdout, err = run_cli("package", str(out), "--repo", str(clone))

    assert code == 0, err
    target = clone / "independent-publisher-connectors" / "Test Service"
    assert sorted(p.name for p in target.iterdir()) == [
        "apiDefinition.swagger.json",
        "apiProperties.json",
        "readme.md",
    ]
    assert not any((clone / "certified-connectors").iterdir())
    assert "left out  config.json: generate's input" in stdout
    assert "left out  icon.png: independent publishers submit no icon" in stdout
    assert "(independent-publisher):" in stdout


@pytest.mark.parametrize("profile", ["certified", "independent-publisher"])
def test_check_on_the_pull_request_gives_what_generate_gave(
    profile: str, tmp_path: Path, clone: Path, make_connector: Callable[..., Path]
) -> None:
    if profile == "certified":
        config = make_connector(config={"publisher": "Contoso", "stackOwner": "Contoso"})
        out = tmp_path / "out-certified"
        result = connectorgen.generate(config, out)
    else:
        out, result = _ip_connector(make_connector, tmp_path)
    assert result.findings, "a connector with findings makes the comparison tell"

    code, stdout, err = run_cli("package", str(out), "--repo", str(clone), "-p", profile)

    assert code == 0, err
    top = "certified-connectors" if profile == "certified" else "independent-publisher-connectors"
    target = clone / top / "Test Service"
    assert _check_json(target) == _as_check(result)
    errors = sum(1 for f in result.findings if f.level == "error")
    warnings = sum(1 for f in result.findings if f.level == "warning")
    assert f"Certification check ({profile}): {errors} error(s), {warnings} warning(s)." in stdout


def test_refuses_a_different_connector_and_updates_the_same(
    tmp_path: Path, clone: Path, make_connector: Callable[..., Path]
) -> None:
    out, _ = _sample(tmp_path, "api-key")
    title = json.loads((out / "apiDefinition.json").read_text())["info"]["title"]
    target = clone / "certified-connectors" / title
    other, _ = _sample(tmp_path, "no-auth")
    shutil.copytree(other, target, ignore=shutil.ignore_patterns("INTRO.md", "settings.json"))
    before = snapshot(clone)

    code, _, err = run_cli("package", str(out), "--repo", str(clone))

    assert code == 1
    assert f"{target} holds a different connector" in err
    assert "--force" in err
    assert snapshot(clone) == before

    code, stdout, err = run_cli("package", str(out), "--repo", str(clone), "--force")
    assert code == 0, err
    assert (target / "apiProperties.json").read_bytes() == (out / "apiProperties.json").read_bytes()
    assert "stale     apiDefinition.json" in stdout  # the other connector's, left alone

    # The same connector again: an update, with the advice to review breaking changes.
    code, stdout, err = run_cli("package", str(out), "--repo", str(clone))
    assert code == 0, err
    assert "This updates the connector already in the clone." in stdout
    assert f"connectorgen diff --git origin/dev 'certified-connectors/{title}'" in stdout
    assert "  identical apiProperties.json" in stdout


def test_update_keeps_the_names_the_folder_uses(tmp_path: Path, clone: Path) -> None:
    out, _ = _sample(tmp_path, "api-key")
    code, _, _ = run_cli("package", str(out), "--repo", str(clone), "--name", "Northwind")
    assert code == 0
    target = clone / "certified-connectors" / "Northwind"
    (target / "readme.md").rename(target / "Readme.md")
    (out / "README.md").write_text((out / "README.md").read_text() + "\nMore.\n")

    code, stdout, err = run_cli("package", str(out), "--repo", str(clone), "--name", "Northwind")

    assert code == 0, err
    assert "  overwrite Readme.md" in stdout
    names = sorted(p.name for p in target.iterdir())
    assert "Readme.md" in names and "readme.md" not in names
    assert (target / "Readme.md").read_bytes() == (out / "README.md").read_bytes()


@pytest.mark.parametrize(
    ("args", "code", "message"),
    [
        ([], 2, "give --repo CLONE"),
        (["--repo", "{tmp}/nowhere"], 1, "is not a folder: give your clone"),
        (["--repo", "{tmp}"], 1, "has no certified-connectors folder"),
        (["--repo", "{clone}", "--name", "a/b"], 1, "cannot be the connector's folder name"),
        (["--repo", "{clone}", "--name", "CON"], 1, "Windows reserves that name"),
        (["--repo", "{clone}", "--name", " "], 1, "it is empty"),
        (["--zip", "{tmp}/package.tar"], 2, "must end in .zip"),
    ],
)
def test_package_mistakes(
    args: list[str], code: int, message: str, tmp_path: Path, clone: Path
) -> None:
    out, _ = _sample(tmp_path, "api-key")
    before = snapshot(clone)
    args = [a.format(tmp=tmp_path, clone=clone) for a in args]

    got, _, err = run_cli("package", str(out), *args)

    assert got == code, err
    assert message in err
    assert snapshot(clone) == before


def test_not_a_connector_folder(tmp_path: Path, clone: Path) -> None:
    code, _, err = run_cli("package", str(tmp_path), "--repo", str(clone))
    assert code == 2
    assert "no apiDefinition.swagger.json or apiDefinition.json" in err


# ------------------------------------------------------------------ the submission zip


def test_zip_content_is_deterministic(tmp_path: Path) -> None:
    out, _ = _sample(tmp_path, "client-credentials")
    first, second = tmp_path / "a" / "package.zip", tmp_path / "package2.zip"

    code, stdout, err = run_cli("package", str(out), "--zip", str(first))
    assert code == 0, err
    for path in out.iterdir():  # newer timestamps must not change a byte
        os.utime(path, (2_000_000_000, 2_000_000_000))
    code, _, err = run_cli("package", str(out), "--zip", str(second))
    assert code == 0, err

    assert first.read_bytes() == second.read_bytes()
    with zipfile.ZipFile(io.BytesIO(first.read_bytes())) as archive:
        names = archive.namelist()
        content = {name: archive.read(name) for name in names}
        assert all(i.date_time == (1980, 1, 1, 0, 0, 0) for i in archive.infolist())
    assert names == sorted(names)
    assert sorted(names) == [
        "apiDefinition.swagger.json",
        "apiProperties.json",
        "icon.png",
        "intro.md",
        "script.csx",
        "settings.json",
    ]
    assert content["intro.md"] == (out / "INTRO.md").read_bytes()
    assert content["apiDefinition.swagger.json"] == (out / "apiDefinition.json").read_bytes()
    assert content["script.csx"] == (out / "script.csx").read_bytes()
    assert [n for n in names if n.lower().endswith(".md")] == ["intro.md"]  # one .md at the root
    assert f"Submission package {first}: create" in stdout
    assert "note: Verified publishers add the Package Deployer package" in stdout

    code, stdout, _ = run_cli("package", str(out), "--zip", str(first))
    assert code == 0 and f"Submission package {first}: identical" in stdout


def test_zip_refuses_to_replace_another_file(tmp_path: Path) -> None:
    out, _ = _sample(tmp_path, "api-key")
    target = tmp_path / "package.zip"
    target.write_bytes(b"not this package")

    code, _, err = run_cli("package", str(out), "--zip", str(target))
    assert code == 1
    assert "exists; use --force to replace it" in err
    assert target.read_bytes() == b"not this package"

    code, _, err = run_cli("package", str(out), "--zip", str(target), "--force")
    assert code == 0, err
    assert zipfile.is_zipfile(target)


def test_zip_needs_intro(tmp_path: Path) -> None:
    out, _ = _sample(tmp_path, "api-key")
    (out / "INTRO.md").unlink()

    code, _, err = run_cli("package", str(out), "--zip", str(tmp_path / "p.zip"))

    assert code == 1
    assert "no INTRO.md" in err
    assert not (tmp_path / "p.zip").exists()


def test_repo_and_zip_together_write_nothing_when_one_is_refused(
    tmp_path: Path, clone: Path
) -> None:
    out, _ = _sample(tmp_path, "api-key")
    existing = tmp_path / "p.zip"
    existing.write_bytes(b"x")

    code, _, err = run_cli("package", str(out), "--repo", str(clone), "--zip", str(existing))

    assert code == 1, err
    assert not any((clone / "certified-connectors").iterdir())


def test_refuses_the_pull_request_folder_as_its_own_source(tmp_path: Path, clone: Path) -> None:
    out, _ = _sample(tmp_path, "api-key")
    code, _, _ = run_cli("package", str(out), "--repo", str(clone), "--name", "Northwind")
    assert code == 0
    target = clone / "certified-connectors" / "Northwind"
    before = snapshot(clone)

    code, _, err = run_cli("package", str(target), "--repo", str(clone), "--name", "Northwind")

    assert code == 1
    assert "is the pull-request folder itself" in err
    assert snapshot(clone) == before
