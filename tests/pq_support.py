"""Shared by the tests of `connectorgen pq`: a fresh project, findings as (rule, line)."""

from __future__ import annotations

from pathlib import Path

from connectorgen.powerquery.check import check_project
from connectorgen.powerquery.facts import Auth
from connectorgen.powerquery.scaffold import new_project

REPO = Path(__file__).resolve().parents[1]


def new(tmp_path: Path, auth: Auth = "key", name: str = "Contoso") -> Path:
    folder = tmp_path / f"{name}-{auth}"
    new_project(name, folder, auth=auth)
    return folder


def main_text(folder: Path, name: str = "Contoso") -> str:
    return (folder / f"{name}.pq").read_bytes().decode("utf-8-sig")


def write_main(folder: Path, text: str, name: str = "Contoso") -> None:
    (folder / f"{name}.pq").write_bytes(text.encode("utf-8"))


def line_of(text: str, needle: str) -> int:
    index = text.index(needle)
    return text[:index].replace("\r\n", "\n").count("\n") + 1


def findings(path: Path) -> list[tuple[str, int | None]]:
    return [(f.code, f.line) for f in check_project(path).findings]
