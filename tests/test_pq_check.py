"""`connectorgen pq check` as a user runs it: inputs of every kind, broken packages, exit codes
and the shared report formats."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from helpers import run_cli
from pq_support import findings, line_of, main_text, new, write_main

from connectorgen.core.archive import build_zip
from connectorgen.powerquery.build import package_bytes

SIGNATURE = "package/services/digital-signature/"


def check(*args: str) -> tuple[int, str, str]:
    return run_cli("pq", "check", *args)


@pytest.fixture
def defective(tmp_path: Path) -> Path:
    """A project with an error (no version) and a warning (no Category)."""
    folder = new(tmp_path)
    text = main_text(folder).replace('[Version = "1.0.0"]\r\n', "")
    write_main(folder, text.replace('    Category = "Other",\r\n', ""))
    return folder


def test_exit_codes_follow_fail_on_and_ignore(defective: Path, tmp_path: Path) -> None:
    clean = new(tmp_path, "oauth")
    assert check(str(clean))[0] == 0
    code, out, err = check(str(defective))
    assert (code, err) == (1, "")
    assert "1 error" in out and "1 warning" in out
    assert check(str(defective), "--fail-on", "never")[0] == 0
    assert check(str(defective), "--ignore", "pq-version")[0] == 0
    assert check(str(defective), "--ignore", "pq-version", "--fail-on", "warning")[0] == 1
    assert check(str(defective), "--ignore", "pq-version", "--ignore", "pq-category")[1].startswith(
        "No findings"
    )


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    code, _, err = check(str(tmp_path / "absent"))
    assert code == 2 and "does not exist" in err
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    code, _, err = check(str(tmp_path / "notes.txt"))
    assert code == 2 and "is not a Power Query connector" in err
    code, _, err = check(str(tmp_path))
    assert code == 2 and "holds no section document" in err
    folder = new(tmp_path)
    code, _, err = check(str(folder), "--ignore", "pq-versoin")
    assert code == 2 and "Did you mean: pq-version" in err
    code, _, err = check(str(folder / "Contoso.query.pq"))
    assert code == 2 and "test query file" in err


def test_json_sarif_and_github_formats(defective: Path) -> None:
    code, out, _ = check(str(defective), "--format", "json")
    report = json.loads(out)
    assert code == 1 and report["tool"] == "connectorgen pq check"
    assert report["folders"] == [
        {"path": defective.as_posix(), "kind": "powerquery", "profile": None}
        | {"error": 1, "warning": 1, "info": 0}
    ]
    text = main_text(defective)
    assert [(f["rule"], f["file"], f["line"], f["column"]) for f in report["findings"]] == [
        ("pq-version", f"{defective.as_posix()}/Contoso.pq", 1, 1),
        (
            "pq-category",
            f"{defective.as_posix()}/Contoso.pq",
            line_of(text, "Contoso.Publish = ["),
            1,
        ),
    ]
    code, out, _ = check(str(defective), "--format", "sarif")
    run = json.loads(out)["runs"][0]
    assert {r["id"] for r in run["tool"]["driver"]["rules"]} >= {"pq-version", "pq-syntax"}
    assert all(r["id"].startswith("pq-") for r in run["tool"]["driver"]["rules"])
    assert [r["ruleId"] for r in run["results"]] == ["pq-version", "pq-category"]
    code, out, _ = check(str(defective), "--format", "github")
    assert out.splitlines()[0].startswith(
        f"::error file={defective.as_posix()}/Contoso.pq,line=1,col=1,"
    )


def test_a_section_document_mez_and_pqx(tmp_path: Path) -> None:
    folder = new(tmp_path)
    (folder / "Contoso20.png").unlink()
    line = line_of(main_text(folder), '"Contoso20.png"')
    assert findings(folder / "Contoso.pq") == [("pq-referenced-file", line)]
    mez = tmp_path / "Contoso.mez"
    mez.write_bytes(package_bytes(folder))
    code, out, _ = check(str(mez), "--format", "json")
    report = json.loads(out)
    assert [(f["rule"], f["file"], f["line"]) for f in report["findings"]] == [
        ("pq-referenced-file", f"{mez.as_posix()}/Contoso.pq", line)
    ]


def zip_of(files: dict[str, bytes]) -> bytes:
    return build_zip(files)


def test_a_corrupt_zip_exits_1_with_a_message(tmp_path: Path) -> None:
    package = tmp_path / "Contoso.mez"
    package.write_bytes(zip_of({"Contoso.pq": b"section Contoso;"})[:40])
    code, out, err = check(str(package))
    assert code == 1 and err == ""
    assert "pq-package-zip" in out and "not a readable ZIP archive" in out
    # a good directory but a damaged entry
    data = bytearray(zip_of({"Contoso.pq": b"section Contoso; A = 1;" * 50}))
    data[60] ^= 0xFF
    package.write_bytes(bytes(data))
    code, out, err = check(str(package))
    assert code == 1 and "Traceback" not in out + err
    assert "pq-package-zip" in out or "pq-syntax" in out or "pq-encoding" in out


def test_a_pqx_with_folders_and_without_content_types(tmp_path: Path) -> None:
    folder = new(tmp_path)
    flat = io.BytesIO(package_bytes(folder, pqx=True))
    with zipfile.ZipFile(flat) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    nested = dict(parts)
    nested["images/Contoso16.png"] = nested.pop("Contoso16.png")
    package = tmp_path / "Contoso.pqx"
    package.write_bytes(zip_of(nested))
    code, out, err = check(str(package), "--format", "json")
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert code == 1 and err == ""
    assert rules == {"pq-package-flat", "pq-referenced-file"}
    # what a signature adds is not a folder of the connector's
    signed = dict(parts)
    signed["_rels/.rels"] = b"<Relationships/>"
    signed[SIGNATURE + "origin.psdor"] = b""
    signed[SIGNATURE + "xml-signature/abc.psdsxs"] = b"<Signature/>"
    package.write_bytes(zip_of(signed))
    assert check(str(package))[0] == 0
    untyped = dict(parts)
    untyped["notes.weird"] = b"x"
    package.write_bytes(zip_of(untyped))
    code, out, _ = check(str(package))
    assert code == 1 and "no content type for notes.weird" in out
    del untyped["[Content_Types].xml"]
    package.write_bytes(zip_of(untyped))
    code, out, _ = check(str(package))
    assert code == 1 and "has no [Content_Types].xml" in out


def test_two_section_documents_in_a_package(tmp_path: Path) -> None:
    folder = new(tmp_path)
    with zipfile.ZipFile(io.BytesIO(package_bytes(folder))) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    package = tmp_path / "Contoso.mez"
    # the old Visual Studio build wrote the same text as X.pq and X.m (DataConnectors#6)
    package.write_bytes(zip_of({**files, "Contoso.m": files["Contoso.pq"]}))
    assert check(str(package))[0] == 0
    package.write_bytes(zip_of({**files, "Other.pq": b"section Other;"}))
    code, out, err = check(str(package))
    assert code == 1 and "2 different section documents" in out and err == ""


def test_a_non_utf8_module_and_many_paths_in_order(tmp_path: Path) -> None:
    first = new(tmp_path, "key")
    second = new(tmp_path, "basic")
    (second / "Helper.pqm").write_bytes(b'let x = "\xff" in x')
    code, out, _ = check(str(second), str(first), "--format", "json")
    report = json.loads(out)
    assert code == 1
    assert [r["path"] for r in report["folders"]] == [second.as_posix(), first.as_posix()]
    assert [(f["rule"], f["file"], f["line"]) for f in report["findings"]] == [
        ("pq-encoding", f"{second.as_posix()}/Helper.pqm", 1)
    ]


def test_an_entry_python_cannot_decompress_is_a_finding(tmp_path: Path) -> None:
    import zipfile as zf

    data = bytearray(build_zip({"Contoso.pq": b"section Contoso;"}, compression=zf.ZIP_STORED))
    central = data.rindex(b"PK\x01\x02")
    data[8:10] = data[central + 10 : central + 12] = (99).to_bytes(2, "little")
    package = tmp_path / "Contoso.mez"
    package.write_bytes(bytes(data))
    code, out, err = check(str(package))
    assert code == 1 and err == "" and "the entry Contoso.pq cannot be read" in out


def test_jobs_do_not_change_the_report(tmp_path: Path) -> None:
    folders = [str(new(tmp_path, auth)) for auth in ("key", "basic", "aad")]
    write_main(Path(folders[1]), main_text(Path(folders[1])).replace("Beta = true,", ""))
    one = check(*folders, "--format", "json", "--jobs", "1", "--min-severity", "info")
    two = check(*folders, "--format", "json", "--jobs", "2", "--min-severity", "info")
    assert one == two and json.loads(one[1])["summary"]["info"] == 1
