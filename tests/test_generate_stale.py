"""A file of an earlier run that this run does not write is named, and left alone."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _generate(sample: str, out: Path, *extra: str) -> subprocess.CompletedProcess:
    config = ROOT / "samples" / sample / "config.json"
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "connectorgen",
            "generate",
            "--config",
            str(config),
            "--out",
            str(out),
            *extra,
        ],
        capture_output=True,
        text=True,
    )


def test_script_of_an_earlier_run_is_reported_stale_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "connector"
    assert _generate("client-credentials", out).returncode == 0
    script = (out / "script.csx").read_bytes()

    done = _generate("api-key", out, "--force")

    assert done.returncode == 0, done.stderr
    assert "stale     script.csx (from an earlier run" in done.stdout
    assert (out / "script.csx").read_bytes() == script
    assert '"script"' not in (out / "settings.json").read_text()


def test_dry_run_names_stale_files_too(tmp_path: Path) -> None:
    out = tmp_path / "connector"
    assert _generate("client-credentials", out).returncode == 0

    done = _generate("api-key", out, "--force", "--dry-run")

    assert done.returncode == 0, done.stderr
    assert "stale     script.csx" in done.stdout
    assert '"script"' in (out / "settings.json").read_text()  # nothing was written
