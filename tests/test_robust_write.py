"""Nothing lost (issue #4): the output folder is written atomically, only inside --out.

Failures are simulated inside connectorgen.core.writer (a file write, os.rename, os.replace);
afterwards the previous output and the user's other files are as they were and no
temporary file or folder is left behind.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path
from typing import Any

import pytest
from helpers import run_cli

import connectorgen.core.writer as write
from connectorgen import generate
from connectorgen.core.diagnostics import InputError
from connectorgen.core.platform import GENERATED_NAMES as OUR_FILES

REPO = Path(__file__).resolve().parents[1]
SAMPLE = REPO / "samples" / "api-key"


def make_project(root: Path, **overrides: Any) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    for name in ("apiDefinition.json", "logo.png"):
        shutil.copy(SAMPLE / name, root / name)
    data = json.loads((SAMPLE / "config.json").read_text(encoding="utf-8"))
    data.pop("$schema", None)
    data.update(overrides)
    path = root / "config.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    return path


def snapshot(folder: Path) -> dict[str, bytes | str]:
    """Every entry below ``folder``: file bytes, or the target of a symlink."""
    found: dict[str, bytes | str] = {}
    for path in sorted(folder.rglob("*")):
        key = str(path.relative_to(folder))
        if path.is_symlink():
            found[key] = "-> " + os.readlink(path)
        elif path.is_file():
            found[key] = path.read_bytes()
        else:
            found[key] = "<dir>"
    return found


class FailingOs:
    """os for connectorgen.core.writer, with one function failing on its n-th call."""

    def __init__(self, name: str, fail_at: int, error: BaseException | None = None) -> None:
        self.name, self.fail_at, self.calls = name, fail_at, 0
        self.error = error or OSError(28, "No space left on device")

    def __getattr__(self, attr: str) -> Any:
        real = getattr(os, attr)
        if attr != self.name:
            return real

        def wrapper(*args: Any, **kwargs: Any) -> Any:
            self.calls += 1
            if self.calls == self.fail_at:
                raise self.error
            return real(*args, **kwargs)

        return wrapper


@pytest.fixture
def project(tmp_path: Path) -> tuple[Path, Path]:
    """A config and an output folder already holding a generated connector and user files."""
    config = make_project(tmp_path / "in")
    out = tmp_path / "work" / "connector"
    generate(config, out)
    (out / "notes.txt").write_text("my notes\n")
    (out / ".git").mkdir()
    (out / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    # The next run changes every file it writes, so each one is really replaced.
    data = json.loads(config.read_text())
    data.update(publisher="Contoso Changed", iconBrandColor="#112233")
    data["docs"]["summary"] = "A different summary."
    data["contact"]["name"] = "Changed support"
    config.write_text(json.dumps(data))
    return config, out


def no_leftovers(folder: Path) -> None:
    names = [p.name for p in folder.iterdir()]
    assert not [n for n in names if "connectorgen-" in n], names


# ------------------------------------------------------------------ new folder


def _files_count(config: Path, tmp_path: Path) -> int:
    return len(generate(config, tmp_path / "probe", dry_run=True).files)


@pytest.mark.parametrize("fail_at", [1, 3, "last"])
def test_failed_write_to_a_new_folder_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fail_at: Any
) -> None:
    config = make_project(tmp_path / "in")
    count = _files_count(config, tmp_path)
    target = count if fail_at == "last" else fail_at
    calls = {"n": 0}
    real = write._write_file

    def failing(path: Path, data: bytes) -> None:
        calls["n"] += 1
        if calls["n"] == target:
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(write, "_write_file", failing)
    parent = tmp_path / "new" / "deeper"
    with pytest.raises(InputError, match="No space left on device"):
        generate(config, parent / "out")
    assert not (tmp_path / "new").exists()  # not even the parents made for --out


def test_failed_rename_of_a_new_folder_leaves_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_project(tmp_path / "in")
    (tmp_path / "parent").mkdir()
    monkeypatch.setattr(write, "os", FailingOs("rename", 1, OSError(18, "Cross-device link")))
    with pytest.raises(InputError, match="Cross-device link.*nothing was changed"):
        generate(config, tmp_path / "parent" / "out")
    assert list((tmp_path / "parent").iterdir()) == []


def test_failure_on_the_command_line_is_exit_1_and_names_the_cause(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_project(tmp_path / "in")
    monkeypatch.setattr(write, "os", FailingOs("rename", 1))
    code, out, err = run_cli("generate", "-c", str(config), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "Traceback" not in out + err and "unexpected" not in err
    assert "No space left on device" in err and "nothing was changed" in err
    assert not (tmp_path / "out").exists()
    no_leftovers(tmp_path)


# ------------------------------------------------------------------ replacing in a folder


@pytest.mark.parametrize("fail_at", [1, 2, 5, "last"])
def test_failed_replace_restores_the_previous_output(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, fail_at: Any
) -> None:
    config, out = project
    before = snapshot(out)
    if fail_at == "last":  # two renames per replaced file: aside, then into place
        plan = generate(config, out, force=True, dry_run=True).files
        fail_at = 2 * sum(1 for action in plan if action.verb != "identical")
    failing = FailingOs("replace", fail_at)
    monkeypatch.setattr(write, "os", failing)
    with pytest.raises(InputError, match="nothing was changed"):
        generate(config, out, force=True)
    assert failing.calls >= fail_at  # the failure really happened half-way
    assert snapshot(out) == before
    no_leftovers(out)
    no_leftovers(out.parent)


@pytest.mark.parametrize("fail_at", [1, 4])
def test_failed_file_write_restores_the_previous_output(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch, fail_at: int
) -> None:
    config, out = project
    before = snapshot(out)
    monkeypatch.setattr(write, "os", FailingOs("fsync", fail_at, OSError(5, "I/O error")))
    with pytest.raises(InputError, match="I/O error"):
        generate(config, out, force=True)
    assert snapshot(out) == before
    no_leftovers(out)


def test_interrupt_half_way_restores_the_previous_output(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, out = project
    before = snapshot(out)
    monkeypatch.setattr(write, "os", FailingOs("replace", 6, KeyboardInterrupt()))
    with pytest.raises(KeyboardInterrupt):
        generate(config, out, force=True)
    assert snapshot(out) == before
    no_leftovers(out)


def test_when_restoring_fails_too_the_backups_are_kept_and_named(
    project: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    config, out = project
    before = snapshot(out)
    real = os.replace
    calls = {"n": 0}

    def replace(src: Any, dst: Any) -> None:
        calls["n"] += 1
        if calls["n"] >= 5 and "backup" in str(src):
            raise OSError(13, "Permission denied")  # putting a backup back fails
        if calls["n"] == 5:
            raise OSError(28, "No space left on device")
        real(src, dst)

    proxy = FailingOs("none", 0)
    proxy.replace = replace  # type: ignore[attr-defined]
    monkeypatch.setattr(write, "os", proxy)
    with pytest.raises(InputError) as caught:
        generate(config, out, force=True)
    message = caught.value.message
    assert "could not be put back" in message
    backups = Path(message.rsplit("are in ", 1)[1].rstrip("."))
    assert backups.is_dir()
    # Every previous file still exists: in place, or in the backup folder the message names.
    for name in before:
        if name in OUR_FILES:
            kept = backups / name if (backups / name).exists() else out / name
            assert kept.read_bytes() == before[name], name
    assert (out / "notes.txt").read_text() == "my notes\n"


def test_successful_replace_keeps_other_files_and_leaves_no_temporary_files(
    project: tuple[Path, Path],
) -> None:
    config, out = project
    result = generate(config, out, force=True)
    assert "overwrite" in {a.verb for a in result.files}
    assert (out / "notes.txt").read_text() == "my notes\n"
    assert (out / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n"
    assert {p.name for p in out.iterdir()} - {"notes.txt", ".git"} <= set(OUR_FILES)
    no_leftovers(out)
    no_leftovers(out.parent)


def test_non_empty_folder_without_force_is_refused_untouched(project: tuple[Path, Path]) -> None:
    config, out = project
    before = snapshot(out)
    code, stdout, err = run_cli("generate", "-c", str(config), "-o", str(out))
    assert code == 1 and "--force" in err and "Traceback" not in err
    assert snapshot(out) == before


# ------------------------------------------------------------------ only inside --out


def test_symlink_in_out_is_replaced_not_written_through(tmp_path: Path) -> None:
    config = make_project(tmp_path / "in")
    outside = tmp_path / "outside.md"
    outside.write_text("precious\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").symlink_to(outside)
    (out / "settings.json").symlink_to(tmp_path / "dangling.json")
    generate(config, out, force=True)
    assert outside.read_text() == "precious\n"
    assert not (tmp_path / "dangling.json").exists()
    assert not (out / "README.md").is_symlink()
    assert (out / "README.md").read_text().startswith("#")
    assert not (out / "settings.json").is_symlink()


def test_symlink_is_restored_when_the_write_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_project(tmp_path / "in")
    outside = tmp_path / "outside.md"
    outside.write_text("precious\n")
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").symlink_to(outside)
    # Sorted names: INTRO.md (call 1), README.md (2: link aside, 3: new file), apiD... (4), ...
    monkeypatch.setattr(write, "os", FailingOs("replace", 5))
    with pytest.raises(InputError):
        generate(config, out, force=True)
    assert (out / "README.md").is_symlink()
    assert os.readlink(out / "README.md") == str(outside)
    assert outside.read_text() == "precious\n"
    assert [p.name for p in out.iterdir()] == ["README.md"]


@pytest.mark.parametrize(
    "value",
    [
        "../x.json",
        "/tmp/x.json",
        "sub/apiDefinition.json",
        "apiDefinition.json/..",
        "..",
        "icon.png",
        "README.md",
    ],
)
def test_no_config_value_names_an_output_file(tmp_path: Path, value: str) -> None:
    config = make_project(tmp_path / "in", settings={"apiDefinitionFile": value})
    (tmp_path / "area").mkdir()
    out = tmp_path / "area" / "out"
    code, stdout, err = run_cli("generate", "-c", str(config), "-o", str(out))
    assert code == 1 and "settings.apiDefinitionFile" in err, err
    assert list((tmp_path / "area").iterdir()) == []


def test_everything_written_is_a_fixed_name_inside_out(tmp_path: Path) -> None:
    sample = REPO / "samples" / "client-credentials"
    root = tmp_path / "in"
    shutil.copytree(sample, root)
    data = json.loads((root / "config.json").read_text())
    data.pop("$schema", None)
    data["settings"] = {"apiDefinitionFile": "apiDefinition.swagger.json"}
    data["script"] = {"enabled": True}
    (root / "config.json").write_text(json.dumps(data))
    out = tmp_path / "area" / "out"
    generate(root / "config.json", out)
    names = {p.name for p in out.iterdir()}
    assert names <= set(OUR_FILES)
    assert {"apiDefinition.swagger.json", "script.csx", "icon.png"} <= names
    assert [p.name for p in (tmp_path / "area").iterdir()] == ["out"]
    assert sorted(p.name for p in root.iterdir()) == sorted(p.name for p in sample.iterdir())


def test_unreadable_existing_file_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = make_project(tmp_path / "in")
    out = tmp_path / "out"
    out.mkdir()
    (out / "README.md").write_text("old")
    real = Path.read_bytes

    def read_bytes(self: Path) -> bytes:
        if self.parent == out:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "read_bytes", read_bytes)
    with pytest.raises(InputError, match="Permission denied"):
        generate(config, out, force=True)
    monkeypatch.undo()
    assert (out / "README.md").read_text() == "old"


def test_a_new_output_folder_gets_the_ordinary_folder_mode(tmp_path: Path) -> None:
    out = tmp_path / "out"
    generate(make_project(tmp_path / "in"), out)
    (tmp_path / "plain").mkdir()
    assert stat.S_IMODE(out.stat().st_mode) == stat.S_IMODE((tmp_path / "plain").stat().st_mode)
