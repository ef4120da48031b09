"""check over the real connectors of ../shared/corpus (skipped when it is absent).

Microsoft accepted all of these, so every error-level finding on them was reviewed: the rule
was fixed where it was wrong, and what remains is a real defect that was accepted anyway
(older submissions, or a reviewer's waiver). The lists below pin that review.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_check

from connectorgen.connector.check import check_folder_result

CORPUS = (Path(__file__).resolve().parents[2] / "shared" / "corpus").resolve()
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")

PROFILES = {
    "certified-connectors": "certified",
    "independent-publisher-connectors": "independent-publisher",
    "custom-connectors": "custom",
}

# Error-level rules seen on accepted connectors, each a real defect of those files.
ACCEPTED_DEFECTS = {
    "certified": {
        "connector-metadata-entries",
        "connector-metadata-required",
        "contact-required",
        "description-length",
        "icon-required",
        "json-syntax",
        "operation-description-required",
        "operation-id-sanitized",
        "operation-summary-required",
        "parameter-description-required",
        "parameter-summary-required",
        "properties-shape",
        "publisher-required",
        "readme-required",
        "readme-sections",
        "readme-title",
        "response-schema",
        "stack-owner-required",
        "title-restricted-words",
        # Plumsail Documents sends file contents as string/binary properties inside JSON
        # bodies (documentContent, documentsContents items): SVR allows string/binary only as
        # the whole body or a formData parameter.
        "schema-string-binary",
    },
    "independent-publisher": {
        "connector-metadata-entries",
        "contact-required",
        "json-syntax",
        "operation-id-sanitized",
        "parameter-description-required",
        "parameter-summary-required",
        "path-template",
        "readme-required",
        "readme-sections",
    },
    "custom": set(),
}


def _folders() -> list[Path]:
    if not CORPUS.is_dir():
        return []
    return sorted(p for kind in PROFILES for p in (CORPUS / kind).iterdir() if p.is_dir())


@pytest.mark.parametrize("folder", _folders(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_connector(folder: Path) -> None:
    profile = PROFILES[folder.parent.name]
    result = check_folder_result(folder, profile=profile)
    assert not [f for f in result.findings if "internal error" in f.message]
    errors = {f.code for f in result.findings if f.level == "error"}
    assert errors <= ACCEPTED_DEFECTS[profile], sorted(errors - ACCEPTED_DEFECTS[profile])
    for f in result.findings:
        assert f.file and f.file.startswith(folder.as_posix())
        if f.pointer is not None and f.code != "json-syntax":
            assert f.line is not None, f


def test_broken_and_lenient_corpus_files_are_findings() -> None:
    codes = {}
    for folder in _folders():
        for f in check_folder_result(folder).findings:
            if f.code in ("json-syntax", "json-lenient"):
                codes.setdefault(f.code, set()).add(folder.name)
    assert codes["json-syntax"] == {"IN-D Invoice Data Capture", "AccuWeather"}
    assert codes["json-lenient"] == {"DocuMotor", "PUG Gamified Engagement", "Plumsail Documents"}


def test_whole_corpus_in_parallel_matches_sequential() -> None:
    outputs = []
    for jobs in (1, 2):
        code, out, _ = run_check([CORPUS], recursive=True, fmt="json", jobs=jobs)
        outputs.append((code, out))
    assert outputs[0] == outputs[1]
    assert outputs[0][0] == 1
    assert json.loads(outputs[0][1])["summary"]["folders"] == 46
