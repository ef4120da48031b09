"""JSON for scripts. The shape (version 1) is documented in docs/rules.md and kept stable:

{"version": 1,
 "summary": {"folders": n, "findings": n, "error": n, "warning": n, "info": n},
 "folders": [{"path": str, "profile": str, "error": n, "warning": n, "info": n}],
 "findings": [{"rule": str, "severity": "error"|"warning"|"info", "message": str,
               "file": str, "pointer": str|null, "line": int|null, "column": int|null}]}
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from ..folder import FolderResult
from .counts import count

SHAPE_VERSION = 1


def render(results: Sequence[FolderResult], *, color: bool = False) -> str:
    findings = [f for result in results for f in result.findings]
    document = {
        "version": SHAPE_VERSION,
        "summary": {"folders": len(results), "findings": len(findings), **count(findings)},
        "folders": [
            {"path": r.path, "profile": r.profile, **count(r.findings)} for r in results
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
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
