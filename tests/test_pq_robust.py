"""No input makes a Power Query rule crash: mangled copies of a real project (pieces cut out,
pieces repeated, bytes changed) and token soup are checked with findings, never a bug."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pq_support import new

from connectorgen.powerquery.check import check_project
from connectorgen.powerquery.scaffold import render_project

SOURCES = {auth: render_project("Contoso", auth, None)["Contoso.pq"] for auth in ("key", "oauth")}
FRAGMENTS = [
    "section", "shared", "Contoso", "[", "]", "(", ")", "{", "}", ";", ",", "=", "=>", '"x"',
    "Extension.Contents", "Expression.Evaluate", "Web.Contents", "Text.FromBinary", "let", "in",
    "Extension.CurrentCredential", "Value.ReplaceType", "#\"q\"", "[DataSource.Kind = \"K\"]",
    "Publish", "TestConnection", "Authentication", "OAuth", "Icon16", "meta", "each", "_", "\r\n",
    '"http://a.example.com"', "EnableTraceOutput", "true", "Extension.LoadString", "\ufeff", "¤",
]  # fmt: skip


@pytest.fixture(scope="module")
def folders(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("robust")
    return {auth: new(root, auth) for auth in SOURCES}  # type: ignore[arg-type]


def check_clean(folder: Path) -> None:
    result = check_project(folder)
    assert result.crashes == (), result.crashes[0]


@settings(max_examples=150, deadline=None)
@given(
    auth=st.sampled_from(sorted(SOURCES)),
    cuts=st.lists(st.tuples(st.integers(0, 6000), st.integers(0, 200)), max_size=4),
    flips=st.lists(st.tuples(st.integers(0, 6000), st.integers(0, 255)), max_size=3),
)
def test_mangled_projects_never_crash_a_rule(
    folders: dict[str, Path],
    auth: str,
    cuts: list[tuple[int, int]],
    flips: list[tuple[int, int]],
) -> None:
    folder = folders[auth]
    data = bytearray(SOURCES[auth])
    for start, length in cuts:
        start %= max(1, len(data))
        if length % 3 == 0:
            data[start:start] = data[start : start + length]  # repeat a piece
        else:
            del data[start : start + length]
    for where, value in flips:
        if data:
            data[where % len(data)] = value
    (folder / "Contoso.pq").write_bytes(bytes(data))
    check_clean(folder)


@settings(max_examples=150, deadline=None)
@given(st.lists(st.sampled_from(FRAGMENTS), max_size=120))
def test_token_soup_never_crashes_a_rule(folders: dict[str, Path], parts: list[str]) -> None:
    folder = folders["key"]
    (folder / "Contoso.pq").write_text("section Contoso; " + " ".join(parts), encoding="utf-8")
    (folder / "Helper.pqm").write_text(" ".join(reversed(parts)), encoding="utf-8")
    check_clean(folder)
