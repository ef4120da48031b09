"""SARIF 2.1.0, for code-scanning tools. Every rule the run applies is listed in the driver,
with its documentation as helpUri; results point at the file, line and column (columns count
Unicode code points, as the run declares)."""

from __future__ import annotations

import json
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import quote

from ..result import Report
from ..rules import Finding, Rule

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_VERSION = "2.1.0"
_LEVELS = {"error": "error", "warning": "warning", "info": "note"}


def artifact_uri(file: str) -> str:
    path = PurePosixPath(file)
    if path.is_absolute():
        return "file://" + quote(path.as_posix())
    return quote(path.as_posix())


def _rule_descriptor(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.id,
        "shortDescription": {"text": rule.summary},
        "help": {"text": rule.fix},
        "helpUri": rule.docs_url,
        "defaultConfiguration": {"level": _LEVELS[rule.severity], "enabled": not rule.manual},
        "properties": {"source": rule.source, "artifact": rule.artifact, "manual": rule.manual},
    }


def _result(f: Finding, index: dict[str, int]) -> dict[str, Any]:
    physical: dict[str, Any] = {"artifactLocation": {"uri": artifact_uri(f.file or "")}}
    if f.line is not None:
        region = {"startLine": f.line}
        if f.column:
            region["startColumn"] = f.column
        physical["region"] = region
    result: dict[str, Any] = {"ruleId": f.code}
    if f.code in index:
        result["ruleIndex"] = index[f.code]
    result.update(
        {
            "level": _LEVELS[f.level],
            "message": {"text": f.message},
            "locations": [{"physicalLocation": physical}],
        }
    )
    if f.pointer is not None:
        result["properties"] = {"jsonPointer": f.pointer}
    return result


def render(report: Report, *, color: bool = False) -> str:
    index = {rule.id: i for i, rule in enumerate(report.rules)}
    log = {
        "$schema": SARIF_SCHEMA,
        "version": SARIF_VERSION,
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": report.tool,
                        "rules": [_rule_descriptor(rule) for rule in report.rules],
                    }
                },
                "columnKind": "unicodeCodePoints",
                "results": [_result(f, index) for f in report.findings],
            }
        ],
    }
    return json.dumps(log, indent=2, ensure_ascii=False) + "\n"
