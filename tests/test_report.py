"""The report layer: every format from one small report built of two fake rules.

The goldens in tests/golden/report/ show each format's exact shape; rewording a real rule
never changes them. Regenerate with `python -m pytest tests/test_report.py --update-golden`.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from connectorgen.core.diagnostics import Diagnostic
from connectorgen.lint.report import FORMATS, render
from connectorgen.lint.result import Report, TargetResult, at_least, exit_code
from connectorgen.lint.rules import Rule

GOLDEN = Path(__file__).resolve().parent / "golden" / "report"
SUFFIX = {
    "text": "text.txt",
    "json": "report.json",
    "sarif": "report.sarif",
    "github": "github.txt",
}

RULES = (
    Rule(
        "demo-title",
        "error",
        "demo",
        "apiDefinition",
        "The title is short.",
        "Shorten the title.",
        "a source",
    ),
    Rule(
        "demo-style",
        "warning",
        "demo",
        "readme",
        "The README is tidy.",
        "Tidy it.",
        "another source",
        profiles={"custom": None},
    ),
)
FINDINGS_A = (
    Diagnostic(
        "error",
        "demo-title",
        'The title, with 100% "quotes", is long.',
        "a folder/apiDefinition.json",
        "/info/title",
        4,
        5,
    ),
    Diagnostic(
        "warning", "demo-style", "Untidy,\nover two lines.", "a folder/README.md", None, 12, None
    ),
)
FINDINGS_B = (Diagnostic("info", "demo-style", "A note: no position.", "b/README.md"),)


def report() -> Report:
    return Report(
        "connectorgen demo",
        (
            TargetResult("a folder", "connector", "certified", FINDINGS_A),
            TargetResult("b", "connector", "custom", FINDINGS_B),
        ),
        RULES,
    )


@pytest.mark.parametrize("fmt", FORMATS)
def test_format_matches_golden(fmt: str, update_golden: bool) -> None:
    produced = render(fmt, report())
    golden = GOLDEN / SUFFIX[fmt]
    if update_golden:
        golden.parent.mkdir(parents=True, exist_ok=True)
        golden.write_text(produced, encoding="utf-8")
    assert produced == golden.read_text(encoding="utf-8"), (
        f"{golden} differs; if the change is intended, rerun with --update-golden"
    )


def test_sarif_carries_each_rule_with_its_documentation() -> None:
    log = json.loads(render("sarif", report()))
    driver = log["runs"][0]["tool"]["driver"]
    assert driver["name"] == "connectorgen demo"
    assert [r["id"] for r in driver["rules"]] == ["demo-title", "demo-style"]
    assert driver["rules"][0]["helpUri"].endswith("docs/rules.md#demo-title")
    levels = [r["level"] for r in log["runs"][0]["results"]]
    assert levels == ["error", "warning", "note"]
    assert [r["ruleIndex"] for r in log["runs"][0]["results"]] == [0, 1, 1]


def test_text_is_coloured_only_when_asked() -> None:
    assert "\x1b[31m" in render("text", report(), color=True)
    assert "\x1b[" not in render("text", report())


def test_github_annotations_escape_what_the_runner_decodes() -> None:
    lines = render("github", report()).splitlines()
    assert lines[0].startswith("::error file=a folder/apiDefinition.json,line=4,col=5,")
    assert "100%25" in lines[0]
    assert "Untidy,%0Aover two lines." in lines[1]
    assert lines[2].startswith("::notice file=b/README.md,title=demo-style::")


def test_exit_code_follows_fail_on() -> None:
    findings = report().findings
    assert exit_code(findings, "error") == 1
    assert exit_code(findings[1:], "error") == 0
    assert exit_code(findings[1:], "warning") == 1
    assert exit_code(findings[2:], "warning") == 0
    assert exit_code(findings, "never") == 0


def test_json_is_valid_and_counts_per_target() -> None:
    document = json.load(io.StringIO(render("json", report())))
    assert document["summary"] == {"folders": 2, "findings": 3, "error": 1, "warning": 1, "info": 1}
    assert [(f["path"], f["error"], f["warning"], f["info"]) for f in document["folders"]] == [
        ("a folder", 1, 1, 0),
        ("b", 0, 0, 1),
    ]


def test_at_least_leaves_out_lower_severities_and_says_how_many() -> None:
    full = report()
    assert at_least(full, "info") is full
    shown = at_least(full, "warning")
    assert [f.level for f in shown.findings] == ["error", "warning"]
    assert shown.hidden == {"info": 1}
    assert [len(r.findings) for r in shown.results] == [2, 0]  # every folder stays listed
    assert render("text", shown).endswith(
        "2 findings (1 error, 1 warning) in 2 connector folders. "
        "Not shown: 1 info (--min-severity info lists them).\n"
    )
    summary = json.loads(render("json", shown))["summary"]
    assert (summary["findings"], summary["info"], summary["hidden"]) == (2, 0, {"info": 1})
    errors_only = at_least(full, "error")
    assert errors_only.hidden == {"warning": 1, "info": 1}
    assert render("text", errors_only).endswith(
        "Not shown: 1 warning, 1 info (--min-severity info lists them).\n"
    )
    assert "hidden" not in json.loads(render("json", full))["summary"]
