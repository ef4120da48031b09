"""benchmarks/run.py stays runnable: its inputs are valid connectors of the sizes it promises."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from connectorgen import generate

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "run.py"


def _load():
    spec = importlib.util.spec_from_file_location("benchmark_run", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_help_runs() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    assert "--repeat" in done.stdout


def test_precision_table(tmp_path: Path) -> None:
    """benchmarks/precision.py counts check's findings by rule and severity."""
    from test_check_fixture import connector, write_connector

    parts = connector()
    del parts["swagger"]["info"]["contact"]
    write_connector(tmp_path / "certified-connectors" / "Contoso", parts)
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "precision.py"), str(tmp_path), "--jobs", "1"],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("1 connector folders under ")
    assert "| `contact-required` | 1 | 0 | 0 |" in done.stdout
    assert done.stdout.endswith("| **total** | **1** | **0** | **0** |\n")


def test_inputs_have_the_promised_sizes_and_generate(tmp_path: Path) -> None:
    run = _load()
    for name, size, low, high in (
        ("typical", 50_000, 45_000, 70_000),
        ("largest", 1_000_000, 900_000, 1_048_576),
    ):
        folder = run.make_connector(tmp_path, name, size)
        definition = folder / "apiDefinition.json"
        assert low <= definition.stat().st_size <= high
        result = generate(
            folder / "config.json", tmp_path / f"out-{name}", dry_run=True, run_checks=False
        )
        assert not [d for d in result.diagnostics if d.level == "error"]


def test_import_then_generate_runs(tmp_path: Path) -> None:
    """The import + generate row: both commands succeed on generate's output."""
    run = _load()
    folder = run.make_connector(tmp_path, "small", None)
    generate(folder / "config.json", tmp_path / "out" / folder.name, run_checks=False)
    imported, both, one = run.import_then_generate(tmp_path, folder.name, 1)
    assert 0 < imported < both and 0 < imported < one
    assert (tmp_path / "imported" / folder.name / "config.json").is_file()
    assert (tmp_path / "again" / folder.name / "apiProperties.json").is_file()


def test_repository_replica_keeps_the_layout(tmp_path: Path) -> None:
    """The whole-repository row copies the corpus until it has ~1,030 connector folders, each
    in its certification-repository folder (so each keeps its profile)."""
    run = _load()
    corpus = tmp_path / "corpus"
    for kind, name in (("certified-connectors", "A"), ("independent-publisher-connectors", "B")):
        (corpus / kind / name).mkdir(parents=True)
        (corpus / kind / name / "apiProperties.json").write_text("{}", encoding="utf-8")
    root, what = run.repository_root(tmp_path / "work", corpus, None)
    assert what == "corpus x515"
    folders = sorted(p.relative_to(root).as_posix() for p in root.glob("*/*/*"))
    assert len(folders) == 1_030
    assert folders[:2] == ["000/certified-connectors/A", "000/independent-publisher-connectors/B"]
