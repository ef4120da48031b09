"""Every command's --help (issue 10, point 14): readable value names, a description for every
option and argument, -h as well as --help, the profile default explained, and an example."""

from __future__ import annotations

import re

import pytest
from helpers import run_cli

from connectorgen.cli import app

COMMANDS = sorted(command.name or "" for command in app.registered_commands)
PYTHON_TYPES = re.compile(r"<(list|int|str|float|path|bool)\b|\[x[<>]=|\bPath\]|int range", re.I)


def _help(*args: str) -> str:
    code, stdout, stderr = run_cli(*args)
    assert code == 0, stderr
    return stdout


def test_every_command_is_covered() -> None:
    assert {"new-config", "generate", "check", "rules"} <= set(COMMANDS)


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("flag", ["-h", "--help"])
def test_help_is_readable(command: str, flag: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")  # one line per option: easy to read here
    text = _help(command, flag)

    assert not PYTHON_TYPES.search(text), text
    assert re.search(rf"Example: .*connectorgen {command}\b", text)
    entries = _entries(text)
    assert entries, text
    for name, description in entries.items():
        assert description.strip(), f"{command}: {name} has no description"


def _entries(text: str) -> dict[str, str]:
    """{option or argument: its description} from the Options and Arguments sections; a
    description may start on the option's line or on the next, more indented ones."""
    entries: dict[str, str] = {}
    current = None
    for line in text.splitlines():
        if line in ("Options:", "Arguments:"):
            current = ""
            continue
        if current is None or not line.strip():
            continue
        if line.startswith("  ") and not line.startswith("   "):
            name, _, description = line.strip().partition("  ")
            current = name
            entries[current] = description.strip()
        elif current:
            entries[current] += " " + line.strip()
    return entries


@pytest.mark.parametrize("command", ["check", "generate", "new-config"])
def test_profile_default_is_explained(command: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "200")
    text = " ".join(_help(command, "-h").split())

    if command == "generate":
        assert "--profile" not in text  # generate takes the profile from config.json
        return
    assert "Default: certified" in text or "else certified" in text
    if command == "check":
        assert "config.json" in text and ".connectorgen.json" in text
        assert "certification repository" in text


def test_root_help_lists_commands_with_h() -> None:
    text = _help("-h")

    for command in COMMANDS:
        assert command in text
