"""SARIF 2.1.0, for code-scanning tools. Every rule is listed in the driver; results point at
the file, line and column (columns count Unicode code points, as the run declares)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePosixPath
from urllib.parse import quote

from ..all_rules import RULES
from ..folder import FolderResult

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(file: str) -> str:
    path = PurePosixPath(file)
    if path.is_absolute():
        return "file://" + quote(path.as_posix())
    return quote(path.as_posix())


def _rule_descriptor(rule) -> dict:
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "help": {"text": rule.fix},
        "defaultConfiguration": {
            "level": _LEVELS[rule.severity], "enabled": not rule.manual,
        },
        "properties": {"source": rule.source, "artifact": rule.artifact,
                       "manual": rule.manual},
    }


def _result(f, index: dict[str, int]) -> dict:
    physical: dict = {"artifactLocation": {"uri": artifact_uri(f.file or "")}}
    if f.line is not None:
        region = {"startLine": f.line}
        if f.column:
            region["startColumn"] = f.column
        physical["region"] = region
    result = {
        "ruleId": f.code,
        "ruleIndex": index[f.code],
        "level": _LEVELS[f.level],
        "message": {"text": f.message},
        "locations": [{"physicalLocation": physical}],
    }
    if f.pointer is not None:
        result["properties"] = {"jsonPointer": f.pointer}
    return result


def render(results: Sequence[FolderResult], *, color: bool = False) -> str:
    index = {rule.id: i for i, rule in enumerate(RULES)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "connectorgen check",
                        "rules": [_rule_descriptor(rule) for rule in RULES],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index) for r in results for f in r.findings],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
