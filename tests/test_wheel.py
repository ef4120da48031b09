"""The built wheel works on its own: templates and config.json.tmpl ship inside it.

Builds the wheel, installs it into a fresh virtual environment, and runs the installed
`connectorgen` from a folder outside the source tree.

The new environment borrows the dependencies (typer, jinja2, ...) of the environment running
the tests, through a .pth file naming its site-packages, so nothing is downloaded. It must not
use --system-site-packages: from inside a virtual environment that option exposes the *base*
interpreter's packages, which may lack the dependencies altogether.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _run(
    args: list[str | Path], cwd: Path, env: dict[str, str] | None = None, timeout: int = 300
) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [str(a) for a in args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        stdin=subprocess.DEVNULL,
    )
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc


def _build_wheel(dest: Path) -> Path:
    # hatchling is a test dependency: the build never needs a package index.
    pytest.importorskip("hatchling")
    pytest.importorskip("build")
    _run(
        [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", dest, REPO],
        cwd=dest,
    )
    wheels = list(dest.glob("connectorgen-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


def _borrow_dependencies(python: Path, env: dict[str, str], cwd: Path) -> None:
    """Make the running environment's packages importable in the new one, after its own.

    A .pth line adds a folder to sys.path without reading the .pth files in it, so the
    editable install of the source tree (itself a .pth file) stays invisible there.
    """
    ours = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    probe = _run(
        [python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        cwd=cwd,
        env=env,
    )
    site_packages = Path(probe.stdout.strip())
    (site_packages / "borrowed-test-dependencies.pth").write_text(
        "".join(f"{path}\n" for path in sorted(ours)), encoding="utf-8"
    )


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_source_tree(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "wheel"
    wheel_dir.mkdir()
    wheel = _build_wheel(wheel_dir)

    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in (
        "connectorgen/config.json.tmpl",
        "connectorgen/generator/schemas/config.schema.json",
        "connectorgen/templates/README.md.j2",
        "connectorgen/templates/INTRO.md.j2",
        "connectorgen/templates/apiProperties.json.j2",
        "connectorgen/templates/script.csx.j2",
    ):
        assert shipped in names, shipped
    templates = REPO / "templates"
    template_names = {p.relative_to(templates).as_posix() for p in templates.rglob("*.j2")}
    assert {
        n.removeprefix("connectorgen/templates/")
        for n in names
        if n.startswith("connectorgen/templates/")
    } == template_names

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", venv], cwd=tmp_path)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    _run(
        [python, "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall", wheel],
        cwd=tmp_path,
        env=env,
    )
    _borrow_dependencies(python, env, tmp_path)

    work = tmp_path / "work"
    work.mkdir()
    shutil.copytree(REPO / "samples" / "entra-id-oauth", work / "sample")

    # The installed package, not the source checkout, is the one that runs, and it finds
    # its data inside itself.
    probe = _run(
        [
            python,
            "-c",
            "import json, connectorgen, connectorgen.core.resources as r; "
            "print(json.dumps([connectorgen.__file__, str(r.templates_dir()), "
            "str(r.config_template())]))",
        ],
        cwd=work,
        env=env,
    )
    package_file, templates, template = map(Path, json.loads(probe.stdout))
    for path in (package_file, templates, template):
        assert path.resolve().is_relative_to(venv.resolve()), path
        assert not path.resolve().is_relative_to(REPO), path

    command = bin_dir / "connectorgen"
    generated = _run(
        [command, "generate", "--config", "sample/config.json", "--out", "out"], cwd=work, env=env
    )
    assert "Traceback" not in generated.stderr
    out = work / "out"
    assert {p.name for p in out.iterdir()} == {
        "apiDefinition.json",
        "apiProperties.json",
        "settings.json",
        "icon.png",
        "script.csx",
        "README.md",
        "INTRO.md",
        ".connectorgen.json",
    }
    golden = REPO / "tests" / "golden" / "generate" / "entra-id-oauth"
    for name in ("apiProperties.json", "README.md", "INTRO.md", "script.csx"):
        assert (out / name).read_bytes() == (golden / name).read_bytes(), name

    made = _run(
        [
            command,
            "new-config",
            "--out",
            "new/config.json",
            "--api-definition",
            "sample/apiDefinition.json",
        ],
        cwd=work,
        env=env,
    )
    assert "oauth2.clientId" in made.stdout
    config = json.loads((work / "new" / "config.json").read_text())
    assert config["apiDefinition"] == "../sample/apiDefinition.json"
    assert (work / "new" / "config.schema.json").is_file()

    version = _run([command, "--version"], cwd=work, env=env)
    assert version.stdout.startswith("connectorgen ")
