"""benchmarks/diff.py stays runnable: its inputs have the promised sizes and breaking changes.
(The figures themselves are measured by running it, never in a test.)"""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path
from types import ModuleType

from connectorgen.diff.run import diff_paths

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "diff.py"


def _load() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmark_diff", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_help_runs() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "--repeat" in done.stdout


def test_inputs_are_just_under_1_mb_and_have_breaking_changes(tmp_path: Path) -> None:
    bench = _load()
    for unique in (True, False):
        old = bench.largest(unique)
        text = bench._text(old)
        assert 900_000 < len(text.encode()) < bench.LIMIT
        (tmp_path / "old.json").write_text(text, encoding="utf-8")
        (tmp_path / "new.json").write_text(bench._text(bench.changed(old)), encoding="utf-8")
        report = diff_paths(tmp_path / "old.json", tmp_path / "new.json")
        rules = {f.code for f in report.findings}
        assert {"operation-deleted", "output-field-deleted", "input-type-changed"} <= rules


def test_growth_inputs_scale_with_copies() -> None:
    bench = _load()
    small, large = bench.build(2, True), bench.build(4, True)
    assert bench.operations(large) == 2 * bench.operations(small)
    assert len(large["definitions"]) == 2 * len(small["definitions"])  # each copy its own
    assert bench.build(4, False)["definitions"] == bench.build(1, False)["definitions"]
    seconds, findings = bench.compare_seconds(large, bench.changed(large), 1)
    assert seconds > 0 and findings > 0
