"""generate runs the certification rules on what it wrote; --strict turns errors into exit 1."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLE_NAMES


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_complete_samples_have_no_finding(
    sample: str, sample_copy: Callable[[str], Path], cli: Any, tmp_path: Path
) -> None:
    result = cli("generate", "--config", sample_copy(sample), "--out", tmp_path / "out", "--strict")
    assert result.exit_code == 0, result.output
    assert "Certification check (certified): 0 error(s), 0 warning(s)." in result.stdout


def _retitle(config: Path, title: str) -> None:
    definition = config.parent / "apiDefinition.json"
    doc = json.loads(definition.read_text(encoding="utf-8"))
    doc["info"]["title"] = title
    definition.write_text(json.dumps(doc), encoding="utf-8")


def test_findings_are_summarised_and_strict_fails(
    sample_copy: Callable[[str], Path], cli: Any, tmp_path: Path
) -> None:
    config = sample_copy("api-key")
    _retitle(config, "Northwind Weather API")
    out = tmp_path / "out"

    relaxed = cli("generate", "--config", config, "--out", out)
    assert relaxed.exit_code == 0, relaxed.output
    assert "Certification check (certified): 1 error(s)" in relaxed.stdout
    assert "restricted words: 'api'" in relaxed.stdout
    assert "title-restricted-words" not in relaxed.stderr

    strict = cli("generate", "--config", config, "--out", out, "--force", "--strict")
    assert strict.exit_code == 1
    assert "Certification check (certified): 1 error(s)" in strict.stdout
    # The files are complete and correct, only not certifiable: they are written.
    assert json.loads((out / "apiDefinition.json").read_text())["info"]["title"] == (
        "Northwind Weather API"
    )


def test_config_ignore_accepts_a_finding(
    sample_copy: Callable[[str], Path], cli: Any, tmp_path: Path
) -> None:
    config = sample_copy("api-key")
    _retitle(config, "Northwind Weather API")
    data = json.loads(config.read_text(encoding="utf-8"))
    data["ignore"] = ["title-restricted-words"]
    config.write_text(json.dumps(data), encoding="utf-8")

    result = cli("generate", "--config", config, "--out", tmp_path / "out", "--strict")

    assert result.exit_code == 0, result.output
    assert "Certification check (certified): 0 error(s)" in result.stdout


def test_config_profile_selects_the_rule_set(
    sample_copy: Callable[[str], Path], cli: Any, tmp_path: Path
) -> None:
    config = sample_copy("api-key")
    data = json.loads(config.read_text(encoding="utf-8"))
    data["profile"] = "independent-publisher"
    config.write_text(json.dumps(data), encoding="utf-8")

    result = cli("generate", "--config", config, "--out", tmp_path / "out")

    assert result.exit_code == 0, result.output
    assert "Certification check (independent-publisher): 0 error(s)" in result.stdout
    # An independent publisher's brand colour is #da3b01, and it submits no icon: the
    # sample's own colour is replaced, with a warning that says so.
    assert "iconBrandColor #0b6e99 is replaced by #da3b01" in result.stderr
    props = json.loads((tmp_path / "out" / "apiProperties.json").read_text(encoding="utf-8"))
    assert props["properties"]["iconBrandColor"] == "#da3b01"
    assert not (tmp_path / "out" / "icon.png").exists()


def test_unknown_ignored_rule_is_a_config_error(
    sample_copy: Callable[[str], Path], cli: Any, tmp_path: Path
) -> None:
    config = sample_copy("api-key")
    data = json.loads(config.read_text(encoding="utf-8"))
    data["ignore"] = ["title-restricted-word"]
    config.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"

    result = cli("generate", "--config", config, "--out", out)

    assert result.exit_code == 1
    assert "title-restricted-words" in result.stderr  # the close match is suggested
    assert not out.exists()


def test_independent_publisher_gets_its_colour_and_no_icon(
    sample_copy: Callable[[str], Path], cli: Any, tmp_path: Path
) -> None:
    config = sample_copy("api-key")
    data = json.loads(config.read_text(encoding="utf-8"))
    data["profile"] = "independent-publisher"
    del data["iconBrandColor"]
    config.write_text(json.dumps(data), encoding="utf-8")
    out = tmp_path / "out"

    result = cli("generate", "--config", config, "--out", out, "--strict", "--verbose")

    assert result.exit_code == 0, result.output
    assert "Certification check (independent-publisher): 0 error(s)" in result.stdout
    assert "independent publishers submit no icon" in result.stderr
    assert not (out / "icon.png").exists()
    assert "icon" not in json.loads((out / "settings.json").read_text())  # never null
    properties = json.loads((out / "apiProperties.json").read_text())["properties"]
    assert properties["iconBrandColor"] == "#da3b01"
