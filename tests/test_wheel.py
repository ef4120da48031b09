"""The built wheel works on its own: templates and config.json.tmpl ship inside it.

Builds the wheel, installs it into a fresh virtual environment (with the system site
packages, so the dependencies need not be downloaded again), and runs the installed
`connectorgen` from a folder outside the source tree.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _run(args: list[str | Path], cwd: Path, env: dict[str, str] | None = None,
         timeout: int = 300) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True,
                          timeout=timeout, env=env, stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, f"{args}\n{proc.stdout}\n{proc.stderr}"
    return proc


def _build_wheel(dest: Path) -> Path:
    if importlib.util.find_spec("build") is not None:
        # Isolated build: fetches hatchling from the package index when it is not cached.
        args = [sys.executable, "-m", "build", "--wheel", "--outdir", dest, REPO]
        if importlib.util.find_spec("hatchling") is not None:
            args.insert(4, "--no-isolation")
    else:
        args = [sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", dest, REPO]
        if importlib.util.find_spec("hatchling") is not None:
            args.insert(4, "--no-build-isolation")
    _run(args, cwd=dest)
    wheels = list(dest.glob("connectorgen-*.whl"))
    assert len(wheels) == 1, wheels
    return wheels[0]


@pytest.mark.slow
def test_wheel_installs_and_runs_outside_the_source_tree(tmp_path: Path) -> None:
    wheel_dir = tmp_path / "wheel"
    wheel_dir.mkdir()
    wheel = _build_wheel(wheel_dir)

    names = set(zipfile.ZipFile(wheel).namelist())
    for shipped in ("connectorgen/config.json.tmpl", "connectorgen/schemas/config.schema.json",
                    "connectorgen/templates/README.md.j2", "connectorgen/templates/INTRO.md.j2",
                    "connectorgen/templates/apiProperties.json.j2",
                    "connectorgen/templates/script.csx.j2"):
        assert shipped in names, shipped
    template_names = {p.name for p in (REPO / "templates").iterdir() if p.is_file()}
    assert {n.rsplit("/", 1)[1] for n in names if n.startswith("connectorgen/templates/")} \
        == template_names

    venv = tmp_path / "venv"
    _run([sys.executable, "-m", "venv", "--system-site-packages", venv], cwd=tmp_path)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / "python"
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "PYTHONHOME")}
    _run([python, "-m", "pip", "install", "--no-deps", "--no-index", "--force-reinstall",
          wheel], cwd=tmp_path, env=env)

    work = tmp_path / "work"
    work.mkdir()
    shutil.copytree(REPO / "samples" / "entra-id-oauth", work / "sample")

    # The installed package, not the source checkout, is the one that runs, and it finds
    # its data inside itself.
    probe = _run([python, "-c",
                  "import json, connectorgen, connectorgen.resources as r; "
                  "print(json.dumps([connectorgen.__file__, str(r.templates_dir()), "
                  "str(r.config_template())]))"], cwd=work, env=env)
    package_file, templates, template = map(Path, json.loads(probe.stdout))
    for path in (package_file, templates, template):
        assert path.resolve().is_relative_to(venv.resolve()), path
        assert not path.resolve().is_relative_to(REPO), path

    command = bin_dir / "connectorgen"
    generated = _run([command, "generate", "--config", "sample/config.json", "--out", "out"],
                     cwd=work, env=env)
    assert "Traceback" not in generated.stderr
    out = work / "out"
    assert {p.name for p in out.iterdir()} == {
        "apiDefinition.json", "apiProperties.json", "settings.json", "icon.png", "script.csx",
        "README.md", "INTRO.md"}
    golden = REPO / "tests" / "golden" / "generate" / "entra-id-oauth"
    for name in ("apiProperties.json", "README.md", "INTRO.md", "script.csx"):
        assert (out / name).read_bytes() == (golden / name).read_bytes(), name

    made = _run([command, "new-config", "--out", "new/config.json", "--api-definition",
                 "sample/apiDefinition.json"], cwd=work, env=env)
    assert "oauth2.clientId" in made.stdout
    config = json.loads((work / "new" / "config.json").read_text())
    assert config["apiDefinition"] == "../sample/apiDefinition.json"
    assert (work / "new" / "config.schema.json").is_file()

    version = _run([command, "--version"], cwd=work, env=env)
    assert version.stdout.startswith("connectorgen ")
