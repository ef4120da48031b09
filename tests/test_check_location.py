"""Without --profile or a config.json profile, the repository folder decides, as in Microsoft's
pipeline: independent-publisher-connectors/ and custom-connectors/ get their own rule sets."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from connectorgen.connector.check import check_folder_result

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "api-key"


def _connector(root: Path, *parts: str) -> Path:
    folder = root.joinpath(*parts)
    folder.mkdir(parents=True)
    shutil.copy(SAMPLE / "apiDefinition.json", folder / "apiDefinition.swagger.json")
    properties = {"properties": {"iconBrandColor": "#da3b01", "connectionParameters": {}}}
    (folder / "apiProperties.json").write_text(json.dumps(properties), encoding="utf-8")
    return folder


@pytest.mark.parametrize(
    ("top", "profile"),
    [
        ("certified-connectors", "certified"),
        ("independent-publisher-connectors", "independent-publisher"),
        ("custom-connectors", "custom"),
        ("elsewhere", "certified"),
    ],
)
def test_repository_folder_sets_the_profile(tmp_path: Path, top: str, profile: str) -> None:
    folder = _connector(tmp_path, "repo", top, "Northwind Weather")
    assert check_folder_result(folder).profile == profile


def test_explicit_profiles_win_over_the_location(tmp_path: Path) -> None:
    folder = _connector(tmp_path, "independent-publisher-connectors", "Northwind Weather")
    assert check_folder_result(folder, profile="custom").profile == "custom"
    (folder / "config.json").write_text(json.dumps({"profile": "certified"}), encoding="utf-8")
    assert check_folder_result(folder).profile == "certified"
