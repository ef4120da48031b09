"""Size limits turn a wrong or oversized file into a message before it is read."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

from helpers import run_cli

SAMPLE = Path(__file__).resolve().parents[1] / "samples" / "api-key"


def _sparse(path: Path, size: int) -> None:
    # A sparse file: as large as claimed on stat(), without writing the bytes.
    with open(path, "wb") as handle:
        handle.truncate(size)


def test_config_over_1_mb_is_refused_before_reading(tmp_path: Path) -> None:
    config = tmp_path / "config.json"
    _sparse(config, 1_048_577)
    code, out, err = run_cli("generate", "-c", str(config), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "1,048,577 bytes; the limit is 1,048,576 bytes" in err
    assert "is --config pointing at the right file?" in err
    assert not (tmp_path / "out").exists()


def test_huge_icon_file_is_refused_before_reading(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "in")
    icon = tmp_path / "in" / "logo.png"
    os.remove(icon)
    _sparse(icon, 60 * 1024 * 1024)
    config = tmp_path / "in" / "config.json"
    code, out, err = run_cli("generate", "-c", str(config), "-o", str(tmp_path / "out"))
    assert code == 1
    assert f"icon file {icon} is 62,914,560 bytes" in err
    assert not (tmp_path / "out").exists()


def test_own_script_over_1_mb_is_refused(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE, tmp_path / "in")
    script = tmp_path / "in" / "own.csx"
    _sparse(script, 1_048_577)
    config = tmp_path / "in" / "config.json"
    data = json.loads(config.read_text(encoding="utf-8"))
    data["script"] = {"path": "own.csx"}
    config.write_text(json.dumps(data), encoding="utf-8")
    code, out, err = run_cli("generate", "-c", str(config), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "Script file" in err and "refuses a script.csx over 1 MB" in err
    assert not (tmp_path / "out").exists()
