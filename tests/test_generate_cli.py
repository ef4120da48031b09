"""`connectorgen generate` as a user meets it: dry run, --force, re-runs, the closing
message, --version, python -m; the Python API; secrets and user text kept as data."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import OAUTH_SAMPLES, SAMPLE_NAMES, SAMPLES_DIR, snapshot

import connectorgen
from connectorgen import InputError
from connectorgen.core.platform import STATE_NAME


def _listed_files(output: str) -> dict[str, str]:
    """{file name: verb} from the lines '  create    README.md (1,234 bytes)' (an edited
    file's line goes on: '(1,234 bytes; edited by hand since the last run)')."""
    found = {}
    for line in output.splitlines():
        parts = line.split()
        if (
            len(parts) >= 4
            and parts[0] in ("create", "overwrite", "identical")
            and parts[3] in ("bytes)", "bytes;")
        ):
            found[parts[1]] = parts[0]
    return found


# ------------------------------------------------------------------ dry run, force, re-run


def test_dry_run_lists_files_and_writes_nothing(
    sample_copy: Callable[[str], Path], cli: Any
) -> None:
    config = sample_copy("entra-id-oauth")
    before = snapshot(config.parent)
    out = config.parent / "out"

    result = cli("generate", "--config", config, "--out", out, "--dry-run")

    assert result.exit_code == 0, result.output
    assert f"Would write {out}:" in result.stdout
    assert _listed_files(result.stdout) == {
        name: "create"
        for name in (
            "apiDefinition.json",
            "apiProperties.json",
            "settings.json",
            "icon.png",
            "script.csx",
            "README.md",
            "INTRO.md",
            STATE_NAME,
        )
    }
    assert "Next steps" not in result.stdout
    assert not out.exists()
    assert snapshot(config.parent) == before


def test_dry_run_into_existing_folder_changes_nothing(
    sample_copy: Callable[[str], Path], cli: Any
) -> None:
    config = sample_copy("api-key")
    out = config.parent / "out"
    assert cli("generate", "--config", config, "--out", out).exit_code == 0
    (out / "README.md").write_text("edited by hand\n")
    before = snapshot(out)

    result = cli("generate", "--config", config, "--out", out, "--force", "--dry-run")

    assert result.exit_code == 0, result.output
    listed = _listed_files(result.stdout)
    assert listed["README.md"] == "overwrite"
    assert listed["apiDefinition.json"] == "identical"
    assert snapshot(out) == before


def test_force_replaces_only_connectorgen_files(
    sample_copy: Callable[[str], Path], cli: Any
) -> None:
    config = sample_copy("api-key")
    out = config.parent / "out"
    assert cli("generate", "--config", config, "--out", out).exit_code == 0
    fresh = snapshot(out)
    assert fresh is not None
    (out / "notes.txt").write_bytes(b"my own notes\r\n")
    (out / "sub").mkdir()
    (out / "sub" / "keep.md").write_text("keep me\n")
    (out / "README.md").write_text("stale\n")
    (out / "apiProperties.json").write_text("{}\n")

    result = cli("generate", "--config", config, "--out", out, "--force")

    assert result.exit_code == 0, result.output
    listed = _listed_files(result.stdout)
    assert listed["README.md"] == "overwrite"
    assert listed["apiProperties.json"] == "overwrite"
    assert listed["apiDefinition.json"] == "identical"
    assert (out / "notes.txt").read_bytes() == b"my own notes\r\n"
    assert (out / "sub" / "keep.md").read_text() == "keep me\n"
    after = snapshot(out)
    assert after == {**fresh, "notes.txt": b"my own notes\r\n", "sub/keep.md": b"keep me\n"}
    staging = [p for p in out.iterdir() if p.name.startswith(".") and p.name != STATE_NAME]
    assert not staging, "staging left behind"


def test_rerun_reports_identical(sample_copy: Callable[[str], Path], cli: Any) -> None:
    config = sample_copy("multi-auth")
    out = config.parent / "out"
    first = cli("generate", "--config", config, "--out", out)
    assert first.exit_code == 0
    assert set(_listed_files(first.stdout).values()) == {"create"}
    written = snapshot(out)
    mtimes = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}

    second = cli("generate", "--config", config, "--out", out, "--force")

    assert second.exit_code == 0, second.output
    listed = _listed_files(second.stdout)
    assert listed and set(listed.values()) == {"identical"}
    assert snapshot(out) == written
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == mtimes


def test_out_folder_parents_are_created(sample_copy: Callable[[str], Path], cli: Any) -> None:
    config = sample_copy("no-auth")
    out = config.parent / "a" / "b" / "out"
    assert cli("generate", "--config", config, "--out", out).exit_code == 0
    assert (out / "apiDefinition.json").is_file()


def test_empty_existing_out_folder_needs_no_force(
    sample_copy: Callable[[str], Path], cli: Any
) -> None:
    config = sample_copy("no-auth")
    out = config.parent / "out"
    out.mkdir()
    assert cli("generate", "--config", config, "--out", out).exit_code == 0
    assert (out / "settings.json").is_file()


def test_config_defaults_to_config_json_in_cwd(
    sample_copy: Callable[[str], Path], cli: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = sample_copy("basic-auth")
    monkeypatch.chdir(config.parent)
    result = cli("generate", "--out", "out")
    assert result.exit_code == 0, result.output
    assert (config.parent / "out" / "apiProperties.json").is_file()


def test_paths_are_relative_to_the_config_not_the_cwd(
    sample_copy: Callable[[str], Path], cli: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = sample_copy("api-key")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    result = cli("generate", "--config", config, "--out", "out")
    assert result.exit_code == 0, result.output
    assert (elsewhere / "out" / "icon.png").is_file()


# ------------------------------------------------------------------ the closing message


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_closing_message(sample: str, tmp_path: Path, cli: Any) -> None:
    out = tmp_path / "out"
    result = cli("generate", "--config", SAMPLES_DIR / sample / "config.json", "--out", out)

    assert result.exit_code == 0, result.output
    assert f"Wrote {out}:" in result.stdout
    listed = _listed_files(result.stdout)
    assert set(listed) == {p.name for p in out.iterdir()}
    assert set(listed.values()) == {"create"}
    assert "Next steps:" in result.stdout
    steps = " ".join(result.stdout.split("Next steps", 1)[1].split())  # prose is wrapped
    assert f"connectorgen deploy {out}" in steps
    assert f"Or by hand, from the connector folder (cd {out})" in steps
    assert "pac connector create --settings-file settings.json" in steps
    note = "copy the redirect URL from its Security tab"
    if sample in OAUTH_SAMPLES:
        assert note in steps
        assert "per-connector redirect URL" in steps
        assert "https://global.consent.azure-apim.net/redirect/<connector-name>" in steps
        assert "--secret CLIENT_SECRET" in steps
    else:
        assert note not in result.stdout
        assert "--secret" not in steps


def test_redirect_note_for_global_redirect_mode(
    sample_copy: Callable[[str], Path], cli: Any
) -> None:
    config = sample_copy("generic-oauth")
    data = json.loads(config.read_text())
    data["oauth2"]["redirectMode"] = "Global"
    config.write_text(json.dumps(data))
    out = config.parent / "out"

    result = cli("generate", "--config", config, "--out", out)

    assert result.exit_code == 0, result.output
    assert (
        "Register the redirect URL https://global.consent.azure-apim.net/redirect" in result.stdout
    )
    assert "GlobalPerConnector" in result.stdout
    settings = json.loads((out / "apiProperties.json").read_text())["properties"]
    oauth = settings["connectionParameters"]["token"]["oAuthSettings"]
    assert oauth["redirectMode"] == "Global"
    assert oauth["redirectUrl"] == "https://global.consent.azure-apim.net/redirect"


def test_version(cli: Any) -> None:
    result = cli("--version")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"connectorgen {connectorgen.__version__}"


def test_python_dash_m_help(tmp_path: Path) -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "connectorgen", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, proc.stderr
    for command in ("generate", "new-config"):
        assert command in proc.stdout
    proc = subprocess.run(
        [sys.executable, "-m", "connectorgen", "generate", "--help"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert proc.returncode == 0
    for option in ("--config", "--out", "--force", "--dry-run"):
        assert option in proc.stdout


def test_generate_end_to_end_subprocess(tmp_path: Path) -> None:
    out = tmp_path / "out"
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "connectorgen",
            "generate",
            "--config",
            str(SAMPLES_DIR / "client-credentials" / "config.json"),
            "--out",
            str(out),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "Traceback" not in proc.stderr
    assert (out / "script.csx").is_file()
    assert "pac connector create --settings-file settings.json" in proc.stdout


# ------------------------------------------------------------------ Python API


def test_python_api_generate(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = connectorgen.generate(SAMPLES_DIR / "api-key" / "config.json", out)
    assert result.written is True
    assert {f.name for f in result.files} == {p.name for p in out.iterdir()}
    for action in result.files:
        assert action.verb == "create"
        assert action.size == (out / action.name).stat().st_size
    assert isinstance(result.diagnostics, list)
    assert all(isinstance(d, connectorgen.Diagnostic) for d in result.diagnostics)
    assert result.redirect_note is None

    again = connectorgen.generate(
        str(SAMPLES_DIR / "api-key" / "config.json"), str(out), force=True
    )
    assert {f.verb for f in again.files} == {"identical"}


def test_python_api_dry_run(tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = connectorgen.generate(SAMPLES_DIR / "generic-oauth" / "config.json", out, dry_run=True)
    assert result.written is False
    assert "apiDefinition.swagger.json" in {f.name for f in result.files}
    assert result.redirect_note and "redirect URL" in result.redirect_note
    assert not out.exists()


def test_python_api_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        connectorgen.generate(tmp_path / "nothing.json", tmp_path / "out")
    assert "nothing.json" in caught.value.message
    assert not (tmp_path / "out").exists()

    (tmp_path / "config.json").write_text('{"apiDefinition": 3}')
    with pytest.raises(InputError) as caught:
        connectorgen.generate(tmp_path / "config.json", tmp_path / "out")
    assert caught.value.diagnostics, "schema problems come as diagnostics too"
    assert caught.value.diagnostics[0].pointer == "/apiDefinition"


def test_python_api_diagnostics_carry_warnings(
    make_connector: Callable[..., Path], tmp_path: Path
) -> None:
    config = make_connector(config={"iconBrandColor": ""})
    data = json.loads(config.read_text())
    del data["icon"]
    config.write_text(json.dumps(data))
    result = connectorgen.generate(config, tmp_path / "out")
    codes = {d.code for d in result.diagnostics}
    assert "brand-color-default" in codes


# ------------------------------------------------------------------ secrets and user text

SECRET = "s3cr3t-value-123"


def test_client_secret_is_never_written_or_printed(sample_copy: Callable[[str], Path]) -> None:
    config = sample_copy("generic-oauth")
    data = json.loads(config.read_text())
    data["oauth2"]["clientSecret"] = SECRET
    config.write_text(json.dumps(data, indent=2))
    out = config.parent / "out"

    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "connectorgen",
            "generate",
            "--config",
            str(config),
            "--out",
            str(out),
            "--verbose",
        ],
        capture_output=True,
        text=True,
        timeout=60,
        stdin=subprocess.DEVNULL,
    )

    assert proc.returncode == 0, proc.stderr
    assert SECRET not in proc.stdout
    assert SECRET not in proc.stderr
    assert "oauth2.clientSecret is never written" in proc.stderr
    files = snapshot(out)
    assert files
    for name, data_bytes in files.items():
        assert SECRET.encode() not in data_bytes, name
    # The value must not show up in the parameters either, whatever its key.
    properties = json.loads(files["apiProperties.json"])
    assert "clientSecret" not in json.dumps(properties)


def test_client_secret_in_docs_text_is_refused(
    sample_copy: Callable[[str], Path], cli: Any
) -> None:
    config = sample_copy("generic-oauth")
    data = json.loads(config.read_text())
    data["oauth2"]["clientSecret"] = SECRET
    data["docs"]["knownIssues"] = f"Use the secret {SECRET} for testing."
    config.write_text(json.dumps(data, indent=2))
    out = config.parent / "out"

    result = cli("generate", "--config", config, "--out", out)

    assert result.exit_code == 1
    assert SECRET not in result.output
    assert "README.md" in result.stderr
    assert not out.exists()


TRICKY_TITLE = 'Weird {{ x }} {% if %} "quoted" \\back\\slash\\ Ünïcødé — 天気 ☂'


def test_user_text_is_data(
    make_connector: Callable[..., Path], swagger_doc: Any, tmp_path: Path
) -> None:
    doc = swagger_doc(title=TRICKY_TITLE)
    doc["info"]["description"] = 'Say "{{ hello }}" \\n {# not a comment #}'
    doc["paths"]["/items"]["get"]["summary"] = 'List {{ items }} "now"'
    config = make_connector(doc, {"publisher": 'Pub "{{ p }}" \\', "script": {"enabled": True}})
    out = tmp_path / "out"

    connectorgen.generate(config, out)

    definition = json.loads((out / "apiDefinition.json").read_text(encoding="utf-8"))
    assert definition["info"]["title"] == TRICKY_TITLE
    assert definition["info"]["description"] == doc["info"]["description"]
    assert definition["paths"]["/items"]["get"]["summary"] == 'List {{ items }} "now"'
    properties = json.loads((out / "apiProperties.json").read_text(encoding="utf-8"))
    assert properties["properties"]["publisher"] == 'Pub "{{ p }}" \\'
    json.loads((out / "settings.json").read_text(encoding="utf-8"))
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert readme.splitlines()[0] == f"# {TRICKY_TITLE}"
    assert doc["info"]["description"] in readme
    assert '### List {{ items }} "now"' in readme
    assert 'Pub "{{ p }}" \\' in readme
    intro = (out / "INTRO.md").read_text(encoding="utf-8")
    assert intro.splitlines()[0] == f"# {TRICKY_TITLE}"
    assert "Ünïcødé — 天気 ☂" in (out / "script.csx").read_text(encoding="utf-8")
    # JSON is written \\u-escaped, plain ASCII, for paconn under Windows code pages (issue 10).
    assert "天気".encode("unicode_escape") in (out / "apiDefinition.json").read_bytes()


def test_definition_is_kept_apart_from_the_merge(
    make_connector: Callable[..., Path], swagger_doc: Any, tmp_path: Path
) -> None:
    """Only info.contact and x-ms-connector-metadata change; key order is kept."""
    doc = swagger_doc()
    doc["x-custom"] = {"z": 1, "a": [1.5, True, None]}
    doc["info"]["contact"] = {"name": "Old", "x-extra": "kept"}
    config = make_connector(doc, {"contact": {"name": "New", "email": "help@example.com"}})
    out = tmp_path / "out"
    connectorgen.generate(config, out)
    definition = json.loads((out / "apiDefinition.json").read_text(encoding="utf-8"))
    assert definition["info"]["contact"] == {
        "name": "New",
        "x-extra": "kept",
        "email": "help@example.com",
    }
    del definition["info"]["contact"]
    del doc["info"]["contact"]
    assert definition == doc
    assert list(definition) == list(doc)
    assert list(definition["x-custom"]) == ["z", "a"]


def test_line_breaks_in_a_title_cannot_break_out_of_one_line(
    make_connector: Callable[..., Path], swagger_doc: Any, tmp_path: Path
) -> None:
    """A title is a C# // comment in script.csx and a heading in the docs: one line each."""
    title = "Tasks\nDelete();\r\nx\u2028y"
    doc = swagger_doc(title=title)
    doc["paths"]["/items"]["get"]["summary"] = "List\nitems"
    out = tmp_path / "out"
    connectorgen.generate(make_connector(doc, {"script": {"enabled": True}}), out)

    assert json.loads((out / "apiDefinition.json").read_text())["info"]["title"] == title
    script = (out / "script.csx").read_text(encoding="utf-8")
    assert (
        script.splitlines()[0] == "// script.csx for Tasks Delete(); x y, generated by "
        "connectorgen."
    )
    for line in script.splitlines():
        assert "Delete();" not in line or line.startswith("//")
    readme = (out / "README.md").read_text(encoding="utf-8")
    assert readme.splitlines()[0] == "# Tasks Delete(); x y"
    assert "### List items" in readme.splitlines()


def test_windows_style_paths_in_config_work(tmp_path: Path, cli: Any) -> None:
    """Configs written on Windows (MsIndustryLinks is PowerShell) use backslashes."""
    assets = tmp_path / "assets"
    assets.mkdir()
    sample = SAMPLES_DIR / "api-key"
    shutil.copy(sample / "apiDefinition.json", assets / "apiDefinition.json")
    shutil.copy(sample / "logo.png", assets / "logo.png")
    config = tmp_path / "config.json"
    config.write_text(
        json.dumps({"apiDefinition": "assets\\apiDefinition.json", "icon": "assets\\logo.png"}),
        encoding="utf-8",
    )
    result = cli("generate", "--config", config, "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    assert (tmp_path / "out" / "icon.png").is_file()


def test_missing_host_is_a_warning(
    make_connector: Callable[..., Path], swagger_doc: Any, cli: Any, tmp_path: Path
) -> None:
    doc = swagger_doc()
    del doc["host"]
    result = cli("generate", "--config", make_connector(doc), "--out", tmp_path / "out")
    assert result.exit_code == 0, result.output
    # The pointer names the missing key; the position is that of the object it belongs in.
    assert "apiDefinition.json:1:1 at /host: the API definition has no 'host'" in result.stderr
