"""README.md is the contract with a new user: its quick start and reference must stay true."""

from __future__ import annotations

import json
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def _blocks() -> list[str]:
    return re.findall(r"```[a-z]*\n(.*?)```", README, flags=re.S)


def test_quick_start_runs_as_written(tmp_path: Path) -> None:
    blocks = _blocks()
    command = next(b.strip() for b in blocks if b.startswith("connectorgen generate --config"))
    expected = next(b for b in blocks if b.startswith("Wrote out/"))
    shutil.copytree(ROOT / "samples", tmp_path / "samples")
    args = shlex.split(command)
    done = subprocess.run(
        [sys.executable, "-m", "connectorgen", *args[1:]],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout == expected


def test_install_and_test_commands_are_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    install = 'python -m pip install -e ".[test]"'
    test = "python -m pytest -q"
    assert f"```\n{install}\n```" in README and install in ci
    assert f"```\n{test}\n```" in README and test in ci


def _schema_keys(node: dict, prefix: str = "") -> list[str]:
    keys = []
    for key, sub in node.get("properties", {}).items():
        if key == "$schema":
            continue
        keys.append(prefix + key)
        if sub.get("type") == "object":
            keys += _schema_keys(sub, f"{prefix}{key}.")
    return keys


def test_every_config_key_is_documented() -> None:
    schema = json.loads(
        (ROOT / "connectorgen" / "generator" / "schemas" / "config.schema.json").read_text()
    )
    section = README.split("## config.json", 1)[1].split("\n## ", 1)[0]
    parents = {k.split(".")[0] for k in _schema_keys(schema) if "." in k}
    missing = [k for k in _schema_keys(schema) if f"`{k}`" not in section and k not in parents]
    assert not missing, f"README's config.json table does not mention: {missing}"


def test_template_keys_follow_the_schema() -> None:
    from jsonschema import Draft202012Validator

    schema = json.loads(
        (ROOT / "connectorgen" / "generator" / "schemas" / "config.schema.json").read_text()
    )
    template = json.loads((ROOT / "config.json.tmpl").read_text())
    errors = list(Draft202012Validator(schema).iter_errors({**template, "apiDefinition": "x"}))
    assert not errors, [e.message for e in errors]


def test_python_api_example_runs(tmp_path: Path, monkeypatch, capsys) -> None:
    code = next(
        b
        for b in re.findall(r"```python\n(.*?)```", README, flags=re.S)
        if "connectorgen.generate(" in b
    )
    shutil.copytree(ROOT / "samples" / "api-key", tmp_path / "connector")
    monkeypatch.chdir(tmp_path / "connector")
    exec(compile(code, "README.md", "exec"), {})
    printed = capsys.readouterr().out
    assert "create apiDefinition.json" in printed
    assert (tmp_path / "connector" / "new" / "config.json").is_file()
    assert (tmp_path / "connector" / "out" / "apiProperties.json").is_file()


def test_user_install_is_documented_before_the_development_set_up() -> None:
    """Issue 10, point 17: people who only use the tool install it without the test extras.

    "connectorgen" on PyPI is an unrelated project (../.library package lists: 0.9.0, "Generate
    connectors for HTTP APIs ... and MCP servers"), so the README installs from this repository
    and says why; tests/test_wheel.py installs the built wheel the same way a user would.
    """
    install = README.split("## Install", 1)[1].split("\n## ", 1)[0]
    blocks = re.findall(r"```\n(.*?)```", install, flags=re.S)
    assert "pipx install .\n" in blocks
    assert "python -m pip install .\n" in blocks
    assert "pip install connectorgen" not in README.replace("`pip install connectorgen`", "")
    assert "unrelated project" in install
    assert README.index("## Install") < README.index("## Set up for development")
