"""core.archive: the same files give the same bytes, in any order they are handed over."""

from __future__ import annotations

import io
import zipfile

from connectorgen.core.archive import FIXED_TIME, build_zip


def test_same_files_same_bytes_and_sorted_entries() -> None:
    first = build_zip({"b.txt": b"two", "a.txt": b"one"})
    second = build_zip({"a.txt": b"one", "b.txt": b"two"})
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert archive.namelist() == ["a.txt", "b.txt"]
        assert {info.date_time for info in archive.infolist()} == {FIXED_TIME}
        assert archive.read("b.txt") == b"two"


def test_explicit_order_and_stored_entries() -> None:
    data = build_zip(
        {"x": b"1", "[Content_Types].xml": b"<x/>"},
        order=["[Content_Types].xml", "x"],
        compression=zipfile.ZIP_STORED,
    )
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.namelist() == ["[Content_Types].xml", "x"]
        assert all(i.compress_type == zipfile.ZIP_STORED for i in archive.infolist())
    assert build_zip({"x": b"1"}) != build_zip({"x": b"2"})
