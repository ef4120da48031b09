"""The section splitter against Microsoft's own M parser (npm @microsoft/powerquery-parser),
on the samples and on `pq new`'s projects: same section name, same members, same `shared`.
Skipped when Node, npm or the package cannot be had."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers import PQ_SAMPLES
from pq_support import REPO, new

from connectorgen.powerquery.facts import AUTHS
from connectorgen.powerquery.lexer import decode_text
from connectorgen.powerquery.project import load_project

PACKAGE = "@microsoft/powerquery-parser@2.0.0"
SCRIPT = REPO / "benchmarks" / "powerquery_parser.js"


@pytest.fixture(scope="module")
def node_env(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("node and npm are not installed")
    where = tmp_path_factory.mktemp("npm")
    try:
        done = subprocess.run(
            [
                "npm",
                "install",
                "--silent",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(where),
                PACKAGE,
            ],  # fmt: skip
            capture_output=True,
            text=True,
            timeout=300,
        )
    except subprocess.TimeoutExpired:
        pytest.skip(f"npm install {PACKAGE} timed out")
    if done.returncode != 0:
        pytest.skip(f"npm install {PACKAGE} failed: {done.stderr.strip()[:200]}")
    return {**os.environ, "NODE_PATH": str(where / "node_modules")}


def microsoft(files: list[Path], env: dict[str, str]) -> dict[str, object]:
    done = subprocess.run(
        ["node", str(SCRIPT), *map(str, files)], capture_output=True, text=True, env=env, check=True
    )
    return json.loads(done.stdout)  # type: ignore[no-any-return]


def name(literal: str) -> str:
    return decode_text(literal[2:-1]) if literal.startswith('#"') else literal


def ours(path: Path) -> dict[str, object] | None:
    project = load_project(path)
    document = project.document
    if document is None or not document.is_section or document.problems:
        return None
    return {"name": document.name, "members": [[m.name, m.shared] for m in document.members]}


def test_the_splitter_agrees_with_microsofts_parser(
    node_env: dict[str, str], tmp_path: Path
) -> None:
    files = [new(tmp_path, auth) / "Contoso.pq" for auth in AUTHS]
    if PQ_SAMPLES.is_dir():
        files += sorted(p for p in PQ_SAMPLES.rglob("*.pq") if not p.name.endswith(".query.pq"))
    odd = tmp_path / "Odd.pq"
    odd.write_text(
        '[Version = "1.0.0"] section Odd; #"a b" = 1; shared #"c.d" = {1..2}; '
        'e = "x;y" /* ; */ ; f = (x) => x ?? #date(2020, 1, 1);',
        encoding="utf-8",
    )
    files.append(odd)
    theirs = microsoft(files, node_env)
    assert len(theirs) == len(files)
    for path in files:
        reference = theirs[str(path)]
        assert reference is not None, f"Microsoft's parser rejects {path}"
        expected = {
            "name": reference["name"],  # type: ignore[index]
            "members": [[name(n), s] for n, s in reference["members"]],  # type: ignore[index]
        }
        assert ours(path) == expected, path
