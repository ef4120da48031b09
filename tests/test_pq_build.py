"""`connectorgen pq build`: what a .mez and a .pqx hold, byte-identical rebuilds, Microsoft's
content types, warnings, and refusals with exit 1 and nothing written."""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

from helpers import run_cli
from pq_support import line_of, main_text, new, write_main

from connectorgen.core.archive import FIXED_TIME
from connectorgen.powerquery.build import build, package_bytes
from connectorgen.powerquery.opc import read_content_types

# AzureResourceGraph's [Content_Types].xml, shared by five certified packages (power-query.md
# §1.3): a project of one .pq, PNGs and resources.resx must declare exactly these.
MICROSOFT_TYPES = {
    "rels": "application/vnd.openxmlformats-package.relationships+xml",
    "resx": "text/xml",
    "png": "image/png",
    "psdsxs": "application/vnd.openxmlformats-package.digital-signature-xmlsignature+xml",
    "pq": "application/x-ms-m",
    "psdor": "application/vnd.openxmlformats-package.digital-signature-origin",
}
ICONS = [f"Contoso{size}.png" for size in (16, 20, 24, 32, 40, 48, 64)]


def entries(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def test_mez_is_a_flat_zip_of_the_package_files(tmp_path: Path) -> None:
    folder = new(tmp_path)
    (folder / "Contoso.proj").write_text("<Project />", encoding="utf-8")
    (folder / "notes.txt").write_text("not named by the code", encoding="utf-8")
    (folder / "bin").mkdir()
    (folder / "bin" / "old.mez").write_bytes(b"old")
    result = build(folder)
    assert result.out == folder / "bin" / "AnyCPU" / "Debug" / "Contoso.mez"
    assert result.out.read_bytes() == result.data
    assert entries(result.data) == sorted(["Contoso.pq", *ICONS, "resources.resx"])
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        assert {i.date_time for i in archive.infolist()} == {FIXED_TIME}
        assert archive.read("Contoso.pq") == (folder / "Contoso.pq").read_bytes()
    assert result.diagnostics == []


def test_same_sources_same_bytes(tmp_path: Path) -> None:
    folder = new(tmp_path)
    first = package_bytes(folder)
    first_pqx = package_bytes(folder, pqx=True)
    for path in folder.iterdir():
        os.utime(path, (1_000_000_000, 1_000_000_000))  # other times, same contents
    assert package_bytes(folder) == first
    assert package_bytes(folder, pqx=True) == first_pqx
    write_main(folder, main_text(folder) + "\r\nExtra = 1;\r\n")
    assert package_bytes(folder) != first


def test_pqx_is_an_opc_package_with_microsofts_content_types(tmp_path: Path) -> None:
    folder = new(tmp_path)
    result = build(folder, pqx=True)
    assert result.out.name == "Contoso.pqx"
    names = entries(result.data)
    assert names[0] == "[Content_Types].xml"
    assert names[1:] == sorted(["Contoso.pq", *ICONS, "resources.resx"])
    with zipfile.ZipFile(io.BytesIO(result.data)) as archive:
        xml = archive.read("[Content_Types].xml")
    assert xml.startswith(b'<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas')
    types = read_content_types(xml)
    assert types.defaults == MICROSOFT_TYPES and types.overrides == {}
    code, out, err = run_cli("pq", "check", str(result.out))
    assert (code, err) == (0, "") and "No findings" in out


def test_pqx_escapes_part_names_and_types_other_files(tmp_path: Path) -> None:
    folder = new(tmp_path)
    (folder / "My Data.json").write_text("{}", encoding="utf-8")
    (folder / "client_id").write_text("abc", encoding="utf-8")
    (folder / "Helper.pqm").write_text("(x) => x", encoding="utf-8")
    write_main(
        folder,
        main_text(folder)
        + '\r\nConfig = Extension.Contents("My Data.json");\r\n'
        + 'ClientId = Text.FromBinary(Extension.Contents("client_id"));\r\n',
    )
    data = package_bytes(folder, pqx=True)
    names = entries(data)
    assert {"My%20Data.json", "client_id", "Helper.pqm"} <= set(names)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        types = read_content_types(archive.read("[Content_Types].xml"))
    assert types.defaults["json"] == "application/json"
    assert types.defaults["pqm"] == "application/x-ms-m"
    assert types.overrides == {"/client_id": "text/plain"}
    out = tmp_path / "Contoso.pqx"
    out.write_bytes(data)
    code, report, _ = run_cli("pq", "check", str(out))
    assert code == 0, report
    # the .mez of the same folder, repacked as a .pqx, is the same package
    mez = build(folder).out
    repacked = build(mez, tmp_path / "repacked.pqx", pqx=True)
    assert repacked.data == data


def test_warnings_for_missing_and_subfolder_files(tmp_path: Path) -> None:
    folder = new(tmp_path)
    (folder / "Contoso20.png").unlink()
    (folder / "lib").mkdir()
    (folder / "lib" / "Helper.pqm").write_text("1", encoding="utf-8")
    write_main(folder, main_text(folder) + '\r\nHelper = Extension.Contents("Helper.pqm");\r\n')
    code, out, err = run_cli("pq", "build", str(folder))
    line = line_of(main_text(folder), '"Contoso20.png"')
    assert code == 0
    assert f"warning: {folder.as_posix()}/Contoso.pq:{line}:" in err
    assert "pq-build-missing-file" not in out  # warnings go to stderr, the file list to stdout
    assert "lib/Helper.pqm is in a subfolder, where Power BI cannot load it" in err
    assert "Contoso20.png" not in out and "  Helper.pqm" in out  # packaged at the root


def test_refusals_exit_1_and_write_nothing(tmp_path: Path) -> None:
    folder = new(tmp_path)
    (folder / "Other.m").write_text("section Other;", encoding="utf-8")
    code, out, err = run_cli("pq", "build", str(folder))
    assert (code, out) == (1, "")
    assert "2 section documents (Contoso.pq, Other.m)" in err and "Traceback" not in err
    (folder / "Other.m").unlink()
    write_main(folder, main_text(folder) + "\r\nBroken = (1;\r\n")
    code, _, err = run_cli("pq", "build", str(folder))
    assert code == 1 and "1 syntax error(s)" in err
    assert f"Contoso.pq:{line_of(main_text(folder), 'Broken')}:10: this '(' is never closed" in err
    (folder / "Contoso.pq").write_bytes(b'section Contoso;\r\nA = "caf\xe9";\r\n')
    code, _, err = run_cli("pq", "build", str(folder))
    assert code == 1 and "not UTF-8: byte 0xE9" in err
    (folder / "Contoso.pq").write_bytes(b"let a = 1 in a")
    code, _, err = run_cli("pq", "build", str(folder))
    assert code == 1 and "is not a section document" in err
    assert not (folder / "bin").exists()


def test_corrupt_mez_and_wrong_inputs(tmp_path: Path) -> None:
    broken = tmp_path / "Broken.mez"
    broken.write_bytes(b"PK\x03\x04 this is no zip")
    code, out, err = run_cli("pq", "build", str(broken), "--pqx")
    assert (code, out) == (1, "") and "not a readable ZIP archive" in err
    assert "Traceback" not in err and not (tmp_path / "Broken.pqx").exists()
    code, _, err = run_cli("pq", "build", str(broken))
    assert code == 2 and "takes a project folder" in err
    code, _, err = run_cli("pq", "build", str(tmp_path / "absent"))
    assert code == 2 and "does not exist" in err
    empty = tmp_path / "empty"
    empty.mkdir()
    code, _, err = run_cli("pq", "build", str(empty))
    assert code == 2 and "holds no section document" in err


def test_names_that_differ_only_in_case_cannot_be_packaged(tmp_path: Path) -> None:
    folder = new(tmp_path)
    (folder / "contoso16.png").write_bytes((folder / "Contoso16.png").read_bytes())
    code, _, err = run_cli("pq", "build", str(folder), "--pqx")
    if (folder / "contoso16.png").samefile(folder / "Contoso16.png"):
        return  # a case-insensitive file system holds one file: nothing to test
    assert code == 1 and "differ only in case" in err


def test_build_output_and_help(tmp_path: Path) -> None:
    folder = new(tmp_path)
    target = tmp_path / "dist" / "Contoso.mez"
    code, out, err = run_cli("pq", "build", str(folder), "--out", str(target))
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"Wrote {target} (.mez, {target.stat().st_size:,} bytes):"
    code, out, _ = run_cli("pq", "build", str(folder), "--out", str(tmp_path))
    assert code == 1
    python_types = re.compile(r"<(list|int|str|float|path|bool)\b|\[x[<>]=|\bPath\]", re.I)
    for command in ("new", "build", "check"):
        for flag in ("-h", "--help"):
            code, out, _ = run_cli("pq", command, flag)
            assert code == 0 and "Example: connectorgen pq " + command in out
            assert not python_types.search(out), out
    code, _, err = run_cli("pq", "check", str(folder), "--jobs", "0")
    assert code == 2 and "0 is not 1 or more" in err
