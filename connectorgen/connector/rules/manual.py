"""Requirements a person must judge. Listed by `connectorgen rules`; never reported as findings."""

from __future__ import annotations

from ...core.platform import API_DEFINITION, API_PROPERTIES, ICON, INTRO
from ...lint.rules import CERTIFICATION_ONLY, CERTIFIED_ONLY, INDEPENDENT_PUBLISHER_ONLY, RuleSet

rules = RuleSet("connector")

rules.manual(
    "title-unique",
    "warning",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="The title is unique among connectors and is the product or organisation name.",
    fix="Search the connector list before choosing the title.",
    source="CS",
)
rules.manual(
    "english-text",
    "error",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="Title, descriptions, summaries are in English with no spelling or grammar errors, "
    "follow the Marketplace guidelines, and avoid CamelCase words.",
    fix="Have the strings proof-read.",
    source="CS; CS-new; SVR ValueMustBeInEnglish; PR#1286",
)
rules.manual(
    "own-product-only",
    "warning",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="Certified: the title and description do not name a product whose backend APIs "
    "you do not own.",
    fix="Publish as an independent publisher instead, or name your own product.",
    source="CSG",
)
rules.manual(
    "metadata-not-confidential",
    "warning",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="Connector metadata holds no private or confidential information (it is public).",
    fix="Remove it.",
    source="CS Step 3",
)
rules.manual(
    "host-production",
    "error",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="`host` is the production host, not a staging, dev or test one.",
    fix="Point host at production before submitting.",
    source="CS Step 4 note",
)
rules.manual(
    "operations-tested",
    "error",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="Every operation was called successfully (10 or more times) with no runtime or "
    "schema errors in the wizard's Test tab.",
    fix="Test each operation before submitting.",
    source="CS checklist",
)
rules.manual(
    "oauth-redirect-urls",
    "info",
    artifact=API_PROPERTIES,
    summary="OAuth apps allow the connector's redirect URL (per-connector since February 2024).",
    fix="Register the redirect URL shown on the connector's Security tab after creating it.",
    source="CS Step 3e; asset-shapes §3",
)
rules.manual(
    "icon-unique",
    "error",
    artifact=ICON,
    profiles={"independent-publisher": None, "custom": None},
    summary="The icon is unique among certified connectors' icons.",
    fix="Use your own logo.",
    source="CS",
)
rules.manual(
    "title-independent-publisher",
    "error",
    artifact=API_DEFINITION,
    profiles=INDEPENDENT_PUBLISHER_ONLY,
    summary="Independent publisher: the pull request is titled 'Connector Name (Independent "
    "Publisher)'. The swagger title itself stays the plain name: every accepted "
    "independent-publisher connector in the corpus omits the suffix, which would also "
    "break title-max-length and title-end-alphanumeric.",
    fix="Title the pull request so.",
    source="IP; R-README; R-PRT (CS says 'title': read as the PR title)",
)
rules.manual(
    "intro-package",
    "error",
    artifact=INTRO,
    profiles=CERTIFIED_ONLY,
    summary="Certified: the certification package uploaded to the portal holds intro.md (with "
    "the solution package zip). It is not part of the GitHub folder, so a folder without "
    "it is not reported; `connectorgen generate` writes INTRO.md for the package.",
    fix="Put intro.md (connectorgen's INTRO.md) at the root of the package zip.",
    source="CPE 5000.1.1.5; R-PKG (catalogue INTRO-MD). None of the 46 accepted corpus folders "
    "has intro.md: the repository layout never holds it",
)
rules.manual(
    "operation-id-revision",
    "error",
    artifact=API_DEFINITION,
    summary="An operation of an x-ms-api-annotation family with a revision ends its operationId "
    "with the revision suffix. Not checked: the suffix's form is not published, and an "
    "accepted connector in the corpus (revision 2, operationId VerifyPhoneNumber) "
    "shows it is not simply 'V<revision>'.",
    fix="Name the operation with the suffix the validator's message asks for.",
    source="SVR ('The operation Id '{0}' should end with revision suffix '{1}'.'); catalogue "
    "OP-ID-REVISION",
)
