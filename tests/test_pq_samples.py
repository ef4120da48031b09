"""The six MIT sample projects of ../shared/pq-samples (skipped when it is absent).

Each sample builds as a .mez and a .pqx, and the package is checked like its folder. Its
findings are pinned: every one was reviewed against the documentation it cites (the samples
are teaching code, not certified connectors: none has a version, several lack documentation
metadata, icons or TestConnection). Defects written into copies are reported at their line.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import PQ_SAMPLES
from pq_support import findings, line_of

from connectorgen.powerquery.build import package_bytes

pytestmark = pytest.mark.skipif(
    not PQ_SAMPLES.is_dir(), reason="../shared/pq-samples is not available"
)

EXPECTED = {
    "HelloWorld": [
        ("pq-category", 17),  # DATA-ACCESS: Category is not optional
        ("pq-function-documentation", 4),  # CERT MUST: function documentation
        ("pq-kind-label", 10),  # info: Label is optional
        ("pq-version", 1),  # CERT MUST, VERSIONING
    ],
    "HelloWorldWithDocs": [
        ("pq-icons", 127),  # no SourceImage (CERT SHOULD have icons)
        ("pq-icons", 127),  # no SourceTypeImage
        ("pq-kind-label", 120),
        ("pq-strings-in-resources", 130),  # ButtonText literals (CERT SHOULD)
        ("pq-test-connection", 120),  # CERT MUST TestConnection
        ("pq-version", 1),
    ],
    "Github": [
        ("pq-category", 56),
        ("pq-function-documentation", 32),  # Value.ReplaceType without Documentation.*
        ("pq-function-documentation", 35),
        ("pq-kind-label", 42),
        ("pq-name-agreement", 1),  # info: github.pq, section GithubSample
        ("pq-version", 1),
    ],
    # "not a complete connector sample": no data source function at all
    "OAuthPKCE": [("pq-data-source-kind", 3)],
    "TripPin/10-TableView1": [
        ("pq-function-documentation", 70),
        ("pq-icons", 14),
        ("pq-icons", 14),
        ("pq-strings-in-resources", 10),
        ("pq-strings-in-resources", 17),
        ("pq-version", 1),
    ],
    "DirectQueryForSQL": [
        ("pq-beta", 94),  # info: only the author knows whether this is a first release
        ("pq-function-documentation", 4),
        ("pq-name-agreement", 1),  # info: DirectQueryForSQL.pq, section DirectSQL
        ("pq-strings-in-resources", 88),
        ("pq-strings-in-resources", 98),
        ("pq-version", 1),
    ],
}


def sorted_findings(path: Path) -> list[tuple[str, int | None]]:
    return sorted(findings(path), key=str)


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_sample_findings_are_the_reviewed_ones(sample: str) -> None:
    assert sorted_findings(PQ_SAMPLES / sample) == EXPECTED[sample]


@pytest.mark.parametrize("sample", sorted(EXPECTED))
def test_sample_builds_and_its_packages_check_the_same(sample: str, tmp_path: Path) -> None:
    folder = PQ_SAMPLES / sample
    for suffix, pqx in ((".mez", False), (".pqx", True)):
        package = tmp_path / f"{folder.name}{suffix}"
        package.write_bytes(package_bytes(folder, pqx=pqx))
        assert sorted_findings(package) == EXPECTED[sample]
        assert package_bytes(folder, pqx=pqx) == package.read_bytes()


def copy(sample: str, tmp_path: Path) -> Path:
    """A writable copy (CI lays ../shared out without write bits, and copytree keeps them)."""
    target = tmp_path / Path(sample).name
    shutil.copytree(PQ_SAMPLES / sample, target, copy_function=shutil.copyfile)
    for path in [target, *target.rglob("*")]:
        path.chmod(path.stat().st_mode | 0o200)
    return target


def edit(path: Path, old: str, new: str) -> str:
    text = path.read_bytes().decode("utf-8-sig")
    assert old in text, old
    text = text.replace(old, new, 1)
    path.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    return text


def test_defects_written_into_helloworld(tmp_path: Path) -> None:
    folder = copy("HelloWorld", tmp_path)
    main = folder / "HelloWorld.pq"
    text = edit(main, "section HelloWorld;", '[Version = "1.0.0"]\r\nsection HelloWorld;')
    base = sorted_findings(folder)
    assert ("pq-version", 1) not in base
    (folder / "HelloWorld40.png").unlink()
    assert ("pq-referenced-file", line_of(text, '"HelloWorld40.png"')) in findings(folder)
    text = edit(main, 'LoadString("FormulaHelp")', 'LoadString("FormulaHelpText")')
    assert ("pq-resource-key", line_of(text, "FormulaHelpText")) in findings(folder)
    text = edit(main, "Anonymous = []", "Key = []")
    text = edit(main, '"Hello world"', '"http://hello.example.com/world"')
    assert ("pq-http-credentials", line_of(text, "http://hello")) in findings(folder)


def test_defects_written_into_github_tripPin_and_directquery(tmp_path: Path) -> None:
    github = copy("Github", tmp_path)
    text = edit(
        github / "github.pq",
        '"https://github.com/login/oauth/access_token"',
        '"http://github.com/login/oauth/access_token"',
    )
    assert ("pq-http-credentials", line_of(text, "http://github.com")) in findings(github)
    text = edit(github / "github.pq", "FinishLogin = FinishLogin,", "")
    assert ("pq-authentication", line_of(text, "OAuth = [")) in findings(github)

    trippin = copy("TripPin/10-TableView1", tmp_path)
    text = edit(
        trippin / "TripPin.pq",
        'Extension.LoadFunction("Table.ChangeType.pqm")',
        "Extension.LoadFunction(BaseUrl)",
    )
    assert ("pq-expression-evaluate", line_of(text, "LoadFunction(BaseUrl)")) in findings(trippin)
    text = edit(
        trippin / "TripPin.pq", "section TripPin;", "section TripPin;\r\nEnableTraceOutput = true;"
    )
    assert ("pq-trace-enabled", 2) in findings(trippin)

    direct = copy("DirectQueryForSQL", tmp_path)
    text = edit(direct / "DirectQueryForSQL.pq", "UsernamePassword = []", "Basic = []")
    assert ("pq-authentication", line_of(text, "Basic = []")) in findings(direct)
    text = edit(direct / "DirectQueryForSQL.pq", '{"DirectSQL.Database", server, database}', "{}")
    assert ("pq-test-connection", line_of(text, "TestConnection")) not in findings(direct)
    assert findings(direct).count(("pq-authentication", line_of(text, "Basic = []"))) == 1
