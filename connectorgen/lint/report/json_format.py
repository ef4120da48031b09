"""JSON for scripts. The shape (version 1) is documented in docs/check.md and kept stable:

{"version": 1,
 "tool": str,
 "summary": {"folders": n, "findings": n, "error": n, "warning": n, "info": n,
             "hidden": {severity: n}  (only when --min-severity left findings out)},
 "folders": [{"path": str, "kind": str, "profile": str|null, "error": n, "warning": n,
              "info": n}],
 "findings": [{"rule": str, "severity": "error"|"warning"|"info", "message": str,
               "file": str, "pointer": str|null, "line": int|null, "column": int|null}],
 ...command-specific members (generate adds "files")}

"folders" lists what was checked: connector folders, diff pairs, Power Query projects.
"""

from __future__ import annotations

import json
from typing import Any

from ..result import Report
from .counts import count

SHAPE_VERSION = 1


def render(report: Report, *, color: bool = False) -> str:
    findings = report.findings
    document: dict[str, Any] = {
        "version": SHAPE_VERSION,
        "tool": report.tool,
        "summary": {
            "folders": len(report.results),
            "findings": len(findings),
            **count(findings),
            **({"hidden": dict(report.hidden)} if report.hidden else {}),
        },
        "folders": [
            {"path": r.path, "kind": r.kind, "profile": r.profile, **count(r.findings)}
            for r in report.results
        ],
        "findings": [
            {
                "rule": f.code,
                "severity": f.level,
                "message": f.message,
                "file": f.file,
                "pointer": f.pointer,
                "line": f.line,
                "column": f.column,
            }
            for f in findings
        ],
        **report.extra,
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
