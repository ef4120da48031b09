"""connectorgen check: offline certification readiness of a connector folder.

The pure API (nothing here prints except ``run_check``, the command itself):

- ``check_files(files, profile=, ignore=, source=)``: findings for in-memory files
- ``check_folder(path, profile=, ignore=)``: findings for a folder (honours its config.json)
- ``run_check(paths, ...)``: the command: checks, prints a report, returns the exit code
- ``RULES`` and ``render_rules(fmt)``: the rule declarations and their listing
"""

from __future__ import annotations

from .all_rules import RULES
from .engine import UsageError, check_files
from .folder import FolderResult, check_folder, check_folder_result
from .listing import render_rules
from .model import PROFILES, Finding, Rule
from .run import FAIL_ON, run_check

FORMATS = ("text", "json", "sarif", "github")

__all__ = [
    "FAIL_ON",
    "FORMATS",
    "PROFILES",
    "RULES",
    "Finding",
    "FolderResult",
    "Rule",
    "UsageError",
    "check_files",
    "check_folder",
    "check_folder_result",
    "render_rules",
    "run_check",
]
