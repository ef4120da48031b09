"""benchmarks/pq.py stays runnable: its large projects are the size it promises and still read
as clean section documents."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

from pq_support import REPO, main_text, new

from connectorgen.powerquery.lexer import tokenize
from connectorgen.powerquery.section import parse_section

SCRIPT = REPO / "benchmarks" / "pq.py"


def _load():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("pq_benchmark", SCRIPT)
    module = importlib.util.module_from_spec(spec)  # type: ignore[arg-type]
    spec.loader.exec_module(module)  # type: ignore[union-attr]
    return module


def test_help_runs() -> None:
    done = subprocess.run([sys.executable, str(SCRIPT), "--help"], capture_output=True, text=True)
    assert done.returncode == 0 and "--repeat" in done.stdout


def test_grown_documents_reach_the_size_with_unique_members(tmp_path: Path) -> None:
    bench = _load()
    text = main_text(new(tmp_path, "oauth"))
    grown = bench.grown(text, bench.LARGE_BYTES)
    assert bench.LARGE_BYTES <= len(grown) < 2 * bench.LARGE_BYTES
    document = parse_section(tokenize(grown))
    assert document.is_section and not document.problems and not document.duplicates
    assert len(document.members) > 2 * len(parse_section(tokenize(text)).members)
