"""No false errors on connectors Microsoft accepted (issue 11), and the real defects still caught.

Each class of the issue has a quiet case built from the accepted connector it names (from
../shared/corpus when the connector is there, else a minimal copy of its pattern on the clean
fixture connector) and the defect that must still be reported.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from helpers import run_check, shared_corpus
from test_check_fixture import connector, to_files, write_connector

from connectorgen.connector.check import check_files, check_folder_result
from connectorgen.connector.readme import parse

CORPUS = shared_corpus()
needs_corpus = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")


def findings(parts: dict, profile: str = "certified", *, in_repository: bool = False) -> dict:
    """rule id -> [(severity, pointer or line, message)] of the connector's findings."""
    found: dict[str, list] = {}
    for f in check_files(to_files(parts), profile=profile, in_repository=in_repository):
        found.setdefault(f.code, []).append((f.level, f.pointer or f.line, f.message))
    return found


def corpus_findings(folder: str) -> dict:
    found: dict[str, list] = {}
    for f in check_folder_result(CORPUS / folder).findings:
        found.setdefault(f.code, []).append((f.level, f.pointer or f.line, f.message))
    return found


# -------------------------------------------------------- internal operations


def test_hidden_operation_needs_no_summary_or_description() -> None:
    # JIRA /paths/~1project~1{projectId}~1statuses/get: an internal helper operation whose
    # parameters have no x-ms-summary or description.
    parts = connector()
    get = parts["swagger"]["paths"]["/documents/{documentId}"]["get"]
    get["x-ms-visibility"] = "internal"
    del get["summary"], get["description"]
    parts["swagger"]["paths"]["/documents"]["post"]["x-ms-visibility"] = "internal"
    query = parts["swagger"]["paths"]["/documents"]["post"]["parameters"][1]
    del query["x-ms-summary"], query["description"]
    assert findings(parts) == {}


def test_visible_operation_and_shared_parameter_still_need_them() -> None:
    parts = connector()
    parts["swagger"]["paths"]["/documents/{documentId}"]["get"]["x-ms-visibility"] = "internal"
    del parts["swagger"]["paths"]["/documents/{documentId}"]["delete"]["summary"]
    del parts["swagger"]["parameters"]["documentId"]["x-ms-summary"]  # DELETE still shows it
    found = findings(parts)
    assert found["operation-summary-required"] == [
        ("error", "/paths/~1documents~1{documentId}/delete", "The 'summary' property is required.")
    ]
    assert found["parameter-summary-required"] == [
        ("error", "/parameters/documentId", "The 'x-ms-summary' property is required.")
    ]


@needs_corpus
@pytest.mark.parametrize(
    "folder",
    [
        "certified-connectors/Muhimbi PDF Converter Online",
        "certified-connectors/Plumsail Documents",
        "certified-connectors/Formstack Forms",
        "certified-connectors/Edgility",
    ],
)
def test_accepted_internal_operations_are_quiet(folder: str) -> None:
    found = corpus_findings(folder)
    for rule in (
        "operation-summary-required",
        "operation-description-required",
        "parameter-summary-required",
        "parameter-description-required",
    ):
        assert rule not in found, found[rule]


# -------------------------------------------------------- icon in the repository


def test_icon_not_required_in_a_folder_of_the_certification_repository(tmp_path: Path) -> None:
    parts = connector()
    parts["icon"] = None
    parts["settings"] = None
    in_repo = write_connector(tmp_path / "certified-connectors" / "Mtarget SMS", parts)
    assert not {"icon-required", "settings-required"} & {
        f.code for f in check_folder_result(in_repo).findings
    }
    package = write_connector(tmp_path / "package" / "Mtarget SMS", parts)
    codes = {f.code: f.level for f in check_folder_result(package).findings}
    assert codes["icon-required"] == "error"  # the certification package needs it
    assert codes["settings-required"] == "warning"


@needs_corpus
def test_accepted_certified_connectors_without_icon_are_quiet() -> None:
    assert "icon-required" not in corpus_findings("certified-connectors/Cradl AI")


# -------------------------------------------------------- README: title and sections


def readme_findings(text: str, profile: str = "certified") -> dict:
    parts = connector(profile)
    parts["readme"] = text
    return {k: v for k, v in findings(parts, profile).items() if k.startswith("readme")}


def test_title_as_level_2_heading_is_an_info_note() -> None:
    # Enadoc/readme.md:1 "## Enadoc"
    found = readme_findings(connector()["readme"].replace("# Contoso", "## Contoso", 1))
    assert found == {
        "readme-title-level": [
            (
                "info",
                1,
                "The README title is a level-2 heading; the template's is level 1 "
                "('# <Connector title>').",
            )
        ]
    }


@pytest.mark.parametrize(
    "first_lines",
    [
        "#Contoso Documents\n",  # DocJuris: no space, so not a heading on GitHub either
        "Contoso Documents stores contracts.\n",  # Muhimbi: a paragraph, no title heading
    ],
)
def test_missing_title_is_still_an_error(first_lines: str) -> None:
    text = connector()["readme"].replace("# Contoso Documents\n", first_lines, 1)
    assert readme_findings(text)["readme-title"][0][0] == "error"


@needs_corpus
def test_accepted_title_at_level_2_is_quiet() -> None:
    found = corpus_findings("certified-connectors/Cradl AI")
    assert "readme-title" not in found
    assert [f[0] for f in found["readme-title-level"]] == ["info"]


@needs_corpus
def test_accepted_readme_without_title_is_still_reported() -> None:
    found = corpus_findings("certified-connectors/DocJuris")
    assert found["readme-title"][0][0] == "error"


def test_sections_under_other_words_count() -> None:
    text = (
        connector()["readme"]
        .replace("## Obtaining Credentials", "## How to get credentials")
        .replace("## Known Issues and Limitations", "## Known Issues & Limitations")
        .replace("## Prerequisites", "## Pre-requisites")
    )
    assert readme_findings(text) == {}


def test_a_missing_section_is_still_reported() -> None:
    text = connector()["readme"].replace("## Known Issues and Limitations\nNone.\n\n", "")
    assert readme_findings(text) == {
        "readme-sections": [
            ("error", None, "The README has no '## Known Issues and Limitations' section.")
        ]
    }


@needs_corpus
def test_accepted_readme_with_how_to_get_credentials() -> None:
    # PUG Gamified Engagement titles the section "How to get credentials" (as Microsoft's own
    # intro.md template does), and really lacks Known Issues and Limitations.
    messages = [m for _, _, m in corpus_findings(PUG)["readme-sections"]]
    assert not [m for m in messages if "Obtaining Credentials" in m]
    assert "The README has no '## Known Issues and Limitations' section." in messages


PUG = "certified-connectors/PUG Gamified Engagement"

ALKYMI_README = """\
# Alkymi

Alkymi provides an external API to the data extracted from unstructured documents.

## Publisher: Alkymi

## Prerequisites
An active alkymi.io domain and API key. Deploy the connector with:

```paconn create --api-def apiDefinition.swagger.json --api-prop apiProperties.json```

## Supported Operations
- List All Datasets

## Obtaining Credentials
Create an API key on the admin page.

## Known Issues and Limitations
None.

## Deployment Instructions
Run the command above.
"""


def test_inline_triple_backticks_do_not_open_a_code_block() -> None:
    # Alkymi/readme.md:27: a command in triple backticks on one line is inline code; a line
    # scanner took it for the start of a fence and lost every heading after it.
    assert readme_findings(ALKYMI_README) == {}
    headings = [h.text for h in parse(ALKYMI_README).headings]
    assert headings[-2:] == ["Known Issues and Limitations", "Deployment Instructions"]


def test_a_heading_inside_a_real_code_block_is_no_section() -> None:
    text = ALKYMI_README.replace(
        "## Known Issues and Limitations\nNone.\n",
        "```markdown\n## Known Issues and Limitations\n```\n",
    )
    assert readme_findings(text) == {
        "readme-sections": [
            ("error", None, "The README has no '## Known Issues and Limitations' section.")
        ]
    }


@pytest.mark.parametrize(
    "heading",
    [
        "## Publisher: Publisher's Name",
        "## Publisher: Publisher\u2019s Name",
        "## Publisher: <Name>",
    ],
)
def test_template_publisher_placeholder_is_an_error(heading: str) -> None:
    # Tesseron ASM Basic Data (and 14 more accepted READMEs) kept the template's line.
    text = connector()["readme"].replace("## Publisher: Contoso", heading)
    assert [f[0] for f in readme_findings(text)["readme-publisher"]] == ["error"]


@needs_corpus
def test_accepted_publishers_are_names() -> None:
    for folder in sorted(CORPUS.glob("*/*")):
        assert "readme-publisher" not in corpus_findings(str(folder.relative_to(CORPUS)))


# -------------------------------------------------------- connector metadata


def test_metadata_in_other_letter_case_is_a_warning() -> None:
    # "Privacy Policy" (77 accepted files), PropertyName (Nodefusion Portal), "AI;website".
    parts = connector()
    metadata = parts["swagger"]["x-ms-connector-metadata"]
    metadata[1]["propertyName"] = "Privacy Policy"
    metadata[0] = {"PropertyName": "Website", "propertyValue": "https://contoso.example"}
    metadata[2]["propertyValue"] = "AI;website"
    found = findings(parts)
    assert sorted(found) == ["connector-metadata-case"]
    assert [(level, pointer) for level, pointer, _ in found["connector-metadata-case"]] == [
        ("warning", "/x-ms-connector-metadata/0/PropertyName"),
        ("warning", "/x-ms-connector-metadata/1/propertyName"),
        ("warning", "/x-ms-connector-metadata/2/propertyValue"),
    ]


def test_missing_metadata_and_unknown_category_are_still_errors() -> None:
    parts = connector()
    metadata = parts["swagger"]["x-ms-connector-metadata"]
    del metadata[1]
    metadata[1]["propertyValue"] = "AI;Websites"
    found = findings(parts)
    assert found["connector-metadata-entries"][0][0] == "error"
    assert found["category-valid"][0][0] == "error"


@needs_corpus
def test_accepted_privacy_policy_spelling() -> None:
    found = corpus_findings("certified-connectors/Cradl AI")
    assert "connector-metadata-entries" not in found
    assert [f[0] for f in found["connector-metadata-case"]] == ["warning"]
    # Office365GroupsMail has no privacy policy entry at all: still an error.
    missing = corpus_findings("certified-connectors/Office365GroupsMail")
    assert missing["connector-metadata-entries"][0][0] == "error"


# -------------------------------------------------------- webhooks

# Alkymi: POST /api/v2/webhooks/ registers the webhook; its body parameter is optional, its
# schema lists the URL property `target` in required.
ALKYMI_WEBHOOK = {
    "operationId": "CreateWebhook",
    "summary": "When an Alkymi event triggers",
    "description": "Triggers when any of the selected events occur.",
    "x-ms-trigger": "single",
    "parameters": [
        {
            "name": "body",
            "in": "body",
            "schema": {
                "type": "object",
                "required": ["target", "event"],
                "properties": {
                    "target": {
                        "type": "string",
                        "x-ms-notification-url": True,
                        "x-ms-visibility": "internal",
                    },
                    "event": {"type": "string", "x-ms-summary": "Event"},
                },
            },
        }
    ],
    "responses": {"201": {"description": "Created."}},
}


def webhook_parts(operation: dict) -> dict:
    parts = connector("custom")
    parts["swagger"]["paths"]["/api/v2/webhooks/"] = {
        "post": operation,
        "x-ms-notification-content": {"description": "An event.", "schema": {"type": "object"}},
    }
    return parts


def test_optional_body_of_a_webhook_is_a_warning_at_the_parameter() -> None:
    found = findings(webhook_parts(ALKYMI_WEBHOOK), "custom")
    assert "notification-url-property" not in found
    assert found["notification-url-body-required"] == [
        (
            "warning",
            "/paths/~1api~1v2~1webhooks~1/post/parameters/0",
            "The body parameter holding the notification URL property is not required; "
            'add "required": true.',
        )
    ]


def test_url_property_outside_the_schemas_required_is_still_an_error() -> None:
    operation = json.loads(json.dumps(ALKYMI_WEBHOOK))
    operation["parameters"][0]["schema"]["required"] = ["event"]
    found = findings(webhook_parts(operation), "custom")
    assert found["notification-url-property"] == [
        (
            "error",
            "/paths/~1api~1v2~1webhooks~1/post/parameters/0/schema/properties/target",
            "The notification URL property must be required all the way through the schema "
            "chain: list it, and each object that holds it, in 'required'.",
        )
    ]


# -------------------------------------------------------- titles, paths, words, ids


@pytest.mark.parametrize(
    "title", ["Asite (KSA)", "Contoso (Independent Publisher)", "Contoso [EU]"]
)
def test_title_ending_in_a_bracket(title: str) -> None:
    parts = connector()
    parts["swagger"]["info"]["title"] = title
    assert "title-end-alphanumeric" not in findings(parts)


def test_title_ending_in_punctuation_is_still_an_error() -> None:
    parts = connector()
    parts["swagger"]["info"]["title"] = "Contoso:"
    assert findings(parts)["title-end-alphanumeric"][0][0] == "error"


LIST = {
    "operationId": "ListLibraries",
    "summary": "List libraries",
    "description": "Lists the libraries.",
    "responses": {"200": {"description": "The libraries.", "schema": {"type": "array"}}},
}


def test_near_identical_paths_with_other_methods_are_no_duplicates() -> None:
    # Adobe Creative Cloud Libraries: GET /libraries and POST /libraries/.
    parts = connector("custom")
    parts["swagger"]["paths"]["/documents/"] = {"get": LIST}
    assert "path-template" not in findings(parts, "custom")


def test_indistinguishable_operations_are_still_an_error() -> None:
    parts = connector("custom")
    parts["swagger"]["paths"]["/documents/"] = {"post": LIST}
    assert findings(parts, "custom")["path-template"] == [
        (
            "error",
            "/paths/~1documents~1/post",
            "The POST operations of '/documents' and '/documents/' have indistinguishable paths.",
        )
    ]


@needs_corpus
def test_accepted_member_paths_with_other_methods() -> None:
    # Toggl Plan: GET/PUT .../members/{membership_id} and DELETE .../members/{member_id}.
    found = corpus_findings("independent-publisher-connectors/Toggl Plan")
    assert "path-template" not in found


def test_product_outside_the_validators_list_is_a_warning() -> None:
    # "Power BI" in Binance.us /info/description
    parts = connector()
    parts["swagger"]["info"]["description"] = (
        "Binance.US is a cryptocurrency exchange. Report your trades in Power BI dashboards."
    )
    found = findings(parts)
    assert "description-restricted-words" not in found
    assert found["description-product-names"] == [
        (
            "warning",
            "/info/description",
            "The value 'description' contains at least one of the restricted words: 'power bi'.",
        )
    ]
    parts["swagger"]["info"]["description"] += " Use it from Power Automate."
    assert findings(parts)["description-restricted-words"][0][0] == "error"


def test_hyphenated_operation_id_is_a_warning() -> None:
    parts = connector("custom")
    parts["swagger"]["paths"]["/documents/{documentId}"]["get"]["operationId"] = "Stores-Get"
    found = findings(parts, "custom")
    assert "operation-id-sanitized" not in found
    assert found["operation-id-hyphen"][0][0] == "warning"
    parts["swagger"]["paths"]["/documents/{documentId}"]["get"]["operationId"] = "Stores Get"
    assert findings(parts, "custom")["operation-id-sanitized"][0][0] == "error"


@needs_corpus
@pytest.mark.parametrize(
    "folder", ["independent-publisher-connectors/ShipStationIP", "certified-connectors/PROS AI"]
)
def test_accepted_hyphenated_operation_ids(folder: str) -> None:
    found = corpus_findings(folder)
    assert "operation-id-sanitized" not in found
    assert {f[0] for f in found["operation-id-hyphen"]} == {"warning"}


# -------------------------------------------------------- style notes


def test_style_notes_are_info_and_hidden_by_default(tmp_path: Path) -> None:
    parts = connector()
    get = parts["swagger"]["paths"]["/documents/{documentId}"]["get"]
    get["description"] = "Get a document"  # no period, and the summary's words
    folder = write_connector(tmp_path / "contoso", parts)
    code, out, _ = run_check([folder])
    assert code == 0
    assert out.endswith(
        "No findings in 1 connector folder. Not shown: 2 infos (--min-severity info lists them).\n"
    )
    code, out, _ = run_check([folder, "--min-severity", "info"])
    assert "operation-description-sentence" in out and "summary-equals-description" in out
    assert out.endswith("2 findings (2 infos) in 1 connector folder.\n")
    _, out, _ = run_check([folder], fmt="json")
    assert json.loads(out)["summary"]["hidden"] == {"info": 2}


def test_single_word_parameter_description_needs_no_period() -> None:
    parts = connector()
    parts["swagger"]["paths"]["/documents"]["post"]["parameters"][1]["description"] = "Folder"
    assert "operation-description-sentence" not in findings(parts)


# -------------------------------------------------------- batches


def test_recursive_reports_a_folder_without_api_definition(tmp_path: Path) -> None:
    root = tmp_path / "certified-connectors"
    write_connector(root / "Complete", connector())
    incomplete = connector()
    incomplete["swagger"] = None
    write_connector(root / "Incomplete", incomplete)
    (root / "Complete" / "img").mkdir()  # a folder of screenshots: not a connector
    code, out, _ = run_check([root], recursive=True, fmt="json")
    report = json.loads(out)
    assert code == 1
    assert [(f["path"].rsplit("/", 1)[-1], f["error"]) for f in report["folders"]] == [
        ("Complete", 0),
        ("Incomplete", 1),
    ]
    assert [(f["rule"], f["file"].rsplit("/", 1)[-1]) for f in report["findings"]] == [
        ("required-files", "apiDefinition.swagger.json")
    ]


def test_a_folder_without_api_definition_does_not_stop_the_batch(tmp_path: Path) -> None:
    complete = write_connector(tmp_path / "Complete", connector())
    incomplete = connector()
    incomplete["swagger"] = None
    missing = write_connector(tmp_path / "Incomplete", incomplete)
    for fmt in ("json", "sarif", "text", "github"):
        code, out, err = run_check([missing, complete], fmt=fmt)
        assert code == 1 and err == "" and "required-files" in out, fmt
    code, _, _ = run_check([missing, complete], fail_on="never")
    assert code == 0
