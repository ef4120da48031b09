"""Rules on the API definition's top level: info, contact, x-ms-connector-metadata, host."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Any
from urllib.parse import urlsplit

from ...core.document import as_dict, as_list, pointer_join
from ...core.platform import API_DEFINITION
from ...lint.rules import ADVISORY_FOR_CUSTOM, CERTIFICATION_ONLY, Hit, RuleSet
from ...lint.selectors import Located, Test, each
from ...openapi.view import blank, text
from ..context import ConnectorContext as Context
from ..selectors import field_text, info

rules = RuleSet("connector")

# Power Platform product names (CS, CS-new, CSG; catalogue §5 superset).
PRODUCT_NAMES = (
    "power apps",
    "power automate",
    "power bi",
    "power pages",
    "power platform",
    "power virtual agents",
    "logic apps",
    "copilot studio",
    "dataverse",
)
TITLE_RESTRICTED = ("api", "connector", *PRODUCT_NAMES)
# The description words Microsoft's validator refuses, as it prints them (PR#550, PR#3407).
VALIDATOR_DESCRIPTION_WORDS = ("power apps", "power automate", "logic apps")
CATEGORIES = (
    "AI",
    "Business Management",
    "Business Intelligence",
    "Collaboration",
    "Commerce",
    "Communication",
    "Content and Files",
    "Finance",
    "Data",
    "Human Resources",
    "Internet of Things",
    "IT Operations",
    "Lifestyle and Entertainment",
    "Marketing",
    "Productivity",
    "Sales and CRM",
    "Security",
    "Social Media",
    "Website",
)
MAX_CATEGORIES = 2
REQUIRED_METADATA = ("Website", "Privacy policy", "Categories")
_EMAIL = re.compile(r"^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+$")


def restricted_words(value: str, words: tuple[str, ...]) -> list[str]:
    """The restricted words found in ``value`` as whole words, case-insensitively, in the
    order of ``words``."""
    found = set(_words_pattern(words).findall(value.lower()))
    return [w for w in words if w in found] if found else []


@cache
def _words_pattern(words: tuple[str, ...]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?<![a-z0-9])(?:{alternatives})(?![a-z0-9])")


def restricted_words_message(field: str, found: list[str]) -> str:
    # SVR ValueContainsRestrictedWords
    words = ", ".join(found)
    return f"The value '{field}' contains at least one of the restricted words: '{words}'."


def no_words(key: str, words: tuple[str, ...]) -> Test[Located]:
    """A finding at ``/key`` naming the restricted words its text holds."""
    return field_text(
        key,
        lambda value: bool(restricted_words(value, words)),
        lambda value: restricted_words_message(key, restricted_words(value, words)),
    )


def is_absolute_url(value: object) -> bool:
    if not isinstance(value, str) or not value or any(c.isspace() for c in value):
        return False
    parts = urlsplit(value)
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _info(ctx: Context) -> dict[str, Any]:
    return as_dict(ctx.swagger.get("info"))


def _title(ctx: Context) -> str | None:
    return text(_info(ctx).get("title"))


@rules.rule(
    "swagger-version",
    "error",
    artifact=API_DEFINITION,
    summary='The definition is Swagger 2.0: `"swagger": "2.0"`.',
    fix='Set "swagger": "2.0". OpenAPI 3 files must be converted to Swagger 2.0 first.',
    source="SVR SpecificationVersionIncorrect",
)
def swagger_version(ctx: Context) -> Iterator[Hit]:
    converted = ctx.problems.get("version", [])  # OpenAPI 3 or YAML, checked once converted
    yield from converted
    if not converted and ctx.swagger.get("swagger") != "2.0":
        pointer = "/swagger" if "swagger" in ctx.swagger else ""
        yield Hit("The 'swagger' property must have the string value \"2.0\".", pointer)


@rules.rule(
    "title-required",
    "error",
    artifact=API_DEFINITION,
    summary="`info.title` exists and is not empty.",
    fix="Set info.title to the product or service name.",
    source="CS; SVR RequiredPropertyMissing, RequiredValueEmpty",
)
def title_required(ctx: Context) -> Iterator[Hit]:
    if "info" not in ctx.swagger:
        yield Hit("The 'info' property is required.", "")
    elif "title" not in _info(ctx):
        yield Hit("The 'title' property is required.", "/info")
    elif not (_title(ctx) or "").strip():
        yield Hit("The 'title' property must have not empty value.", "/info/title")


rules.rule(
    "title-max-length",
    "error",
    artifact=API_DEFINITION,
    profiles=ADVISORY_FOR_CUSTOM,
    summary="`info.title` is at most 30 characters.",
    fix="Shorten the title to the product or organisation name.",
    source="CS; CSG; SVR FieldLengthExceeded; PR#3841, PR#3407",
)(
    each(
        info,
        field_text(
            "title",
            lambda title: len(title) > 30,
            "The 'title' value goes over the character limit '30'",
        ),
    )
)


rules.rule(
    "title-restricted-words",
    "error",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="`info.title` has none of the words API, Connector, or a Power Platform product "
    "name (Power Apps, Power Automate, Copilot Studio, ...).",
    fix="Remove the word: the platform already shows it is a connector.",
    source="CS; CS-new; CSG; SVR ValueContainsRestrictedWords; PR#3407",
)(each(info, no_words("title", TITLE_RESTRICTED)))


rules.rule(
    "title-end-alphanumeric",
    "error",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="`info.title` ends with a letter, a digit or a closing bracket (no trailing "
    "space, newline or punctuation).",
    fix="Remove the trailing characters.",
    source="CS; SVR ValueMustEndWithAlphanumeric. A closing ')' or ']' is accepted: CS "
    "prescribes the independent-publisher title 'Connector Name (Independent Publisher)', "
    "and accepted titles such as 'Asite (KSA)' end so (issue 11: 15 findings)",
)(
    each(
        info,
        field_text(
            "title",
            lambda title: bool(title) and not (title[-1].isalnum() or title[-1] in ")]"),
            "The 'title' value must end with alphanumeric character.",
        ),
    )
)


@rules.rule(
    "description-required",
    "error",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="`info.description` exists.",
    fix="Describe the service and what the connector does in 30 to 500 characters.",
    source="CS; SVR RequiredPropertyMissing; PR#3841",
)
def description_required(ctx: Context) -> Iterator[Hit]:
    if "info" in ctx.swagger and "description" not in _info(ctx):
        yield Hit("The 'description' property is required.", "/info")


rules.rule(
    "description-length",
    "error",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="`info.description` is 30 to 500 characters long.",
    fix="Write a description of 30 to 500 characters: what the service is and what the "
    "connector lets users do.",
    source="CS; SVR FieldLengthNotInRange; PR#550, PR#4181",
)(
    each(
        info,
        field_text(
            "description",
            lambda description: not 30 <= len(description) <= 500,
            "The 'description' value must be between '30' and '500' characters.",
        ),
    )
)


rules.rule(
    "description-restricted-words",
    "error",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="`info.description` names none of the products on the validator's list: "
    + ", ".join(VALIDATOR_DESCRIPTION_WORDS)
    + ".",
    fix="Describe the service itself without naming Power Platform products.",
    source="SVR ValueContainsRestrictedWords; PR#550, PR#3407 (the validator's list, as "
    "printed in those PRs: 'power apps, power automate, logic apps'); CS; CSG",
)(each(info, no_words("description", VALIDATOR_DESCRIPTION_WORDS)))


rules.rule(
    "description-product-names",
    "warning",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="`info.description` names no other Power Platform product ("
    + ", ".join(w for w in PRODUCT_NAMES if w not in VALIDATOR_DESCRIPTION_WORDS)
    + ").",
    fix="Describe the service itself without naming Power Platform products.",
    source="CS ('Can't contain any Power Platform product names'); CS-new; CSG. A warning: "
    "these words are not on the validator's list (PR#550, PR#3407: 'power apps, power "
    "automate, logic apps'), and accepted descriptions use them, e.g. 'Power BI' in "
    "Binance.us (issue 11: 18 findings)",
)(
    each(
        info,
        no_words(
            "description", tuple(w for w in PRODUCT_NAMES if w not in VALIDATOR_DESCRIPTION_WORDS)
        ),
    )
)


rules.rule(
    "description-api-word",
    "warning",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="`info.description` does not use the word API.",
    fix="Describe what the service does for users rather than its API.",
    source="CSG (catalogue META-DESC-WORDS: 'CSG also says no \"API\" in the description'; "
    "not in the validator's word list, hence a warning)",
)(each(info, no_words("description", ("api",))))


@rules.rule(
    "contact-required",
    "error",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="`info.contact` exists with `name`, `url` and `email` of the support team.",
    fix="Add info.contact {name, url, email} for your support team (config.json `contact`).",
    source="CS Step 3b; R-TPL-C; PR#1095",
)
def contact_required(ctx: Context) -> Iterator[Hit]:
    if "info" not in ctx.swagger:
        return
    if "contact" not in _info(ctx):
        yield Hit("The 'contact' property is required.", "/info")
        return
    contact = as_dict(_info(ctx).get("contact"))
    for key in ("name", "url", "email"):
        if blank(contact.get(key)):
            yield Hit(f"The '{key}' property is required.", "/info/contact")


@rules.rule(
    "contact-email-valid",
    "error",
    artifact=API_DEFINITION,
    summary="`info.contact.email`, if present, is a valid (ASCII) e-mail address.",
    fix="Use a plain address such as support@example.com.",
    source="SVR ContactEmailNotValid",
)
def contact_email_valid(ctx: Context) -> Iterator[Hit]:
    contact = as_dict(_info(ctx).get("contact"))
    if "email" in contact and not _EMAIL.match(str(contact["email"]).strip()):
        yield Hit(
            "The contact 'email' property, if present, must be a valid email address.",
            "/info/contact/email",
        )


@rules.rule(
    "url-valid",
    "error",
    artifact=API_DEFINITION,
    summary="URL properties (`info.contact.url`, `info.license.url`, `externalDocs.url`) are "
    "absolute http(s) URLs.",
    fix="Write the full URL, starting with https://.",
    source="SVR UrlNotValid",
)
def url_valid(ctx: Context) -> Iterator[Hit]:
    info = _info(ctx)
    places = (
        ("/info/contact/url", as_dict(info.get("contact"))),
        ("/info/license/url", as_dict(info.get("license"))),
        ("/externalDocs/url", as_dict(ctx.swagger.get("externalDocs"))),
    )
    for pointer, holder in places:
        if "url" in holder and holder["url"] != "" and not is_absolute_url(holder["url"]):
            yield Hit("The 'url' property must be a valid absolute URL.", pointer)


@dataclass(frozen=True)
class MetadataEntry:
    """One x-ms-connector-metadata entry, its keys found in any letter case."""

    pointer: str
    name_key: str | None  # "propertyName" as the file spells it
    value_key: str | None  # "propertyValue" as the file spells it
    entry: dict[str, Any]

    @property
    def name(self) -> object:
        return self.entry.get(self.name_key) if self.name_key else None

    @property
    def value(self) -> object:
        return self.entry.get(self.value_key) if self.value_key else None

    @property
    def value_pointer(self) -> str:
        return f"{self.pointer}/{self.value_key or 'propertyValue'}"


def _spelled(entry: dict[str, Any], key: str) -> str | None:
    """The key of ``entry`` that is ``key`` in some letter case (the exact one first)."""
    if key in entry:
        return key
    return next((k for k in entry if isinstance(k, str) and k.lower() == key.lower()), None)


def _metadata_entries(ctx: Context) -> list[MetadataEntry]:
    return [
        MetadataEntry(
            f"/x-ms-connector-metadata/{index}",
            _spelled(entry, "propertyName"),
            _spelled(entry, "propertyValue"),
            entry,
        )
        for index, entry in enumerate(as_list(ctx.swagger.get("x-ms-connector-metadata")))
        if isinstance(entry, dict)
    ]


def _same_name(name: object, wanted: str) -> bool:
    return isinstance(name, str) and name.strip().lower() == wanted.lower()


def _metadata_value(ctx: Context, name: str) -> MetadataEntry | None:
    """The entry named ``name``, compared without letter case (the exact spelling first)."""
    entries = [e for e in _metadata_entries(ctx) if _same_name(e.name, name)]
    return next((e for e in entries if e.name == name), entries[0] if entries else None)


@rules.rule(
    "connector-metadata-required",
    "error",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="The top-level `x-ms-connector-metadata` array exists.",
    fix="Add x-ms-connector-metadata with the Website, Privacy policy and Categories entries "
    "(config.json `metadata`).",
    source="CS Step 3b; PR#1095",
)
def connector_metadata_required(ctx: Context) -> Iterator[Hit]:
    if not isinstance(ctx.swagger.get("x-ms-connector-metadata"), list):
        pointer = "/x-ms-connector-metadata" if "x-ms-connector-metadata" in ctx.swagger else ""
        yield Hit("The 'x-ms-connector-metadata' property is required.", pointer)


@rules.rule(
    "connector-metadata-entries",
    "error",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="`x-ms-connector-metadata` has the entries `Website`, `Privacy policy` and "
    "`Categories`, each with a non-empty `propertyValue` (names and keys compared without "
    "letter case: connector-metadata-case reports another case).",
    fix='Add {"propertyName": "Website", "propertyValue": "https://..."} and the '
    "others, spelled exactly as shown.",
    source="CS; R-TPL-C/IP; SVR ConnectorMetadataPropertiesMissing; R-SCHEMA. A name in "
    "another letter case is not missing: 77 accepted files write 'Privacy Policy' "
    "(issue 11)",
)
def connector_metadata_entries(ctx: Context) -> Iterator[Hit]:
    if not isinstance(ctx.swagger.get("x-ms-connector-metadata"), list):
        return  # connector-metadata-required says it
    for name in REQUIRED_METADATA:
        found = _metadata_value(ctx, name)
        if found is None:
            yield Hit(
                f"The connector metadata property '{name}' is required.", "/x-ms-connector-metadata"
            )
        elif blank(found.value):
            yield Hit(f"The connector metadata property '{name}' is required.", found.value_pointer)


@rules.rule(
    "connector-metadata-case",
    "warning",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="`x-ms-connector-metadata` spells its keys (`propertyName`, `propertyValue`), the "
    "entry names (`Website`, `Privacy policy`, `Categories`) and the categories exactly "
    "as documented, letter case included.",
    fix='Copy the spelling from the documentation: "Privacy policy", "propertyName", "Website".',
    source="CS Step 3b ('Ensure you enter the schema exactly as shown; don't change the "
    "propertyName'). The documentation and the corpus disagree, so the rule follows the "
    "documentation at a lower severity: the validator accepts other letter cases (issue 11: "
    "78 findings on accepted connectors; 77 files write 'Privacy Policy')",
)
def connector_metadata_case(ctx: Context) -> Iterator[Hit]:
    for entry in _metadata_entries(ctx):
        for key, spelled in (("propertyName", entry.name_key), ("propertyValue", entry.value_key)):
            if spelled is not None and spelled != key:
                yield Hit(
                    f"The key '{spelled}' should be written '{key}'.",
                    f"{entry.pointer}/{spelled}",
                )
        for name in REQUIRED_METADATA:
            if _same_name(entry.name, name) and entry.name != name:
                yield Hit(
                    f"The connector metadata property '{entry.name}' should be written '{name}'.",
                    f"{entry.pointer}/{entry.name_key}",
                )
    pointer, categories = _categories(ctx) or ("", [])
    for category in categories:
        spelled = _category(category)
        if spelled is not None and spelled != category:
            yield Hit(f"The category '{category}' should be written '{spelled}'.", pointer)


@rules.rule(
    "connector-metadata-url",
    "error",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="The `Website` and `Privacy policy` metadata values are absolute http(s) URLs.",
    fix="Give the product's web site and the service's public privacy policy as full URLs.",
    source="CS; IP",
)
def connector_metadata_url(ctx: Context) -> Iterator[Hit]:
    for name in ("Website", "Privacy policy"):
        found = _metadata_value(ctx, name)
        if found and (text(found.value) or "").strip() and not is_absolute_url(found.value):
            yield Hit(
                f"The connector metadata property '{name}' must be a valid absolute URL.",
                found.value_pointer,
            )


def _categories(ctx: Context) -> tuple[str, list[str]] | None:
    found = _metadata_value(ctx, "Categories")
    value = found.value if found else None
    if not found or not isinstance(value, str) or not value.strip():
        return None
    names = [part.strip() for part in value.split(";") if part.strip()]
    return found.value_pointer, names


def _category(name: str) -> str | None:
    """The documented spelling of category ``name``, compared without letter case."""
    return next((c for c in CATEGORIES if c.lower() == name.lower()), None)


@rules.rule(
    "category-valid",
    "error",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="Categories are a semicolon-separated list taken from Microsoft's category list "
    "(compared without letter case: connector-metadata-case reports another case).",
    fix="Use only: " + ", ".join(CATEGORIES) + ".",
    source="CS Step 3b; SVR InvalidConnectorCategory. 'AI;website' is valid: the validator "
    "accepts other letter cases (issue 11)",
)
def category_valid(ctx: Context) -> Iterator[Hit]:
    found = _categories(ctx)
    if found and any(_category(name) is None for name in found[1]):
        yield Hit(
            "The connector category is invalid. Available categories are: "
            f"[{', '.join(CATEGORIES)}].",
            found[0],
        )


@rules.rule(
    "category-max",
    "error",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="At most two categories.",
    fix="Keep the two categories that fit best.",
    source="CS; SVR TooManyConnectorCategories",
)
def category_max(ctx: Context) -> Iterator[Hit]:
    found = _categories(ctx)
    if found and len(found[1]) > MAX_CATEGORIES:
        yield Hit(
            f"The maximum allowed number of categories for the connector is '{MAX_CATEGORIES}'.",
            found[0],
        )


@rules.rule(
    "swagger-host",
    "warning",
    artifact=API_DEFINITION,
    summary="The API definition names its `host`: the backend the connector calls.",
    fix="Add the API's host name (for example api.contoso.com); a host that differs per "
    "customer takes a connection parameter and the dynamichosturl policy.",
    source="asset-shapes §5 (paconn builds the backend URL from schemes[0]://host basePath); "
    "Swagger 2.0 lets host default to the serving host, which a connector does not "
    "have. A warning: the maker portal asks for the host when it is missing",
)
def swagger_host(ctx: Context) -> Iterator[Hit]:
    host = ctx.swagger.get("host")
    if not (isinstance(host, str) and host.strip()):
        yield Hit(
            "The API definition has no 'host': the connector would have no backend to call.",
            "/host" if "host" in ctx.swagger else "",
        )


@rules.rule(
    "host-valid",
    "error",
    artifact=API_DEFINITION,
    summary="`host`, if present, is a bare host name (optionally with a port): no scheme, no path.",
    fix='Write e.g. "api.example.com"; put the path in basePath and the scheme in schemes.',
    source="SVR HostNameNotValid",
)
def host_valid(ctx: Context) -> Iterator[Hit]:
    if "host" not in ctx.swagger:
        return
    host = ctx.swagger["host"]
    if not isinstance(host, str) or not re.fullmatch(r"[^\s/\\:?#@]+(:\d{1,5})?", host):
        yield Hit(
            "The 'host' property, if present, must be a valid URI host without a scheme or path.",
            "/host",
        )


@rules.rule(
    "base-path-slash",
    "error",
    artifact=API_DEFINITION,
    summary="`basePath`, if present, starts with `/`.",
    fix='Write e.g. "/v1", or "/".',
    source="SVR BasePathNotValid",
)
def base_path_slash(ctx: Context) -> Iterator[Hit]:
    if "basePath" in ctx.swagger and not str(ctx.swagger["basePath"]).startswith("/"):
        yield Hit(
            "The 'basePath' property, if present, must start with a '/' character.", "/basePath"
        )


@rules.rule(
    "schemes-required",
    "error",
    artifact=API_DEFINITION,
    summary="`schemes` lists at least one scheme.",
    fix='Set "schemes": ["https"] (the templates ship an empty array that must be filled).',
    source="SVR SchemesArrayEmpty",
)
def schemes_required(ctx: Context) -> Iterator[Hit]:
    schemes = ctx.swagger.get("schemes")
    if not isinstance(schemes, list) or not schemes:
        pointer = "/schemes" if "schemes" in ctx.swagger else ""
        yield Hit("The 'schemes' array requires at least one value.", pointer)


@rules.rule(
    "schemes-allowed",
    "error",
    artifact=API_DEFINITION,
    summary="`schemes` holds only `http` and `https` (no WebSocket schemes).",
    fix="Use https.",
    source="SVR SchemeNotValid, SchemeNotSupported",
)
def schemes_allowed(ctx: Context) -> Iterator[Hit]:
    for index, scheme in enumerate(as_list(ctx.swagger.get("schemes"))):
        if scheme in ("ws", "wss"):
            yield Hit(
                "The WebSocket transfer protocol schemes are not supported.", f"/schemes/{index}"
            )
        elif scheme not in ("http", "https"):
            yield Hit(
                "The 'schemes' property must only contain transfer protocols from the "
                "list: http, https.",
                f"/schemes/{index}",
            )


@rules.rule(
    "schemes-https",
    "warning",
    artifact=API_DEFINITION,
    profiles=CERTIFICATION_ONLY,
    summary="The service is called over https only (best practice; not stated by the docs).",
    fix='Remove "http" from schemes.',
    source="3P 5000.3.1.6 (unverified); catalogue SCHEMES-HTTPS",
)
def schemes_https(ctx: Context) -> Iterator[Hit]:
    for index, scheme in enumerate(as_list(ctx.swagger.get("schemes"))):
        if scheme == "http":
            yield Hit(
                "The 'schemes' property lists plain 'http'; use 'https' only.", f"/schemes/{index}"
            )


# Fixed fields of Swagger 2.0 objects; anything else must be an x- extension.
_ROOT_FIELDS = frozenset(
    {
        "swagger",
        "info",
        "host",
        "basePath",
        "schemes",
        "consumes",
        "produces",
        "paths",
        "definitions",
        "parameters",
        "responses",
        "securityDefinitions",
        "security",
        "tags",
        "externalDocs",
    }
)
_INFO_FIELDS = frozenset(
    {"title", "description", "termsOfService", "contact", "license", "version"}
)
_PATH_ITEM_FIELDS = frozenset(
    {"$ref", "get", "put", "post", "delete", "options", "head", "patch", "parameters"}
)
_OPERATION_FIELDS = frozenset(
    {
        "tags",
        "summary",
        "description",
        "externalDocs",
        "operationId",
        "consumes",
        "produces",
        "parameters",
        "responses",
        "schemes",
        "deprecated",
        "security",
    }
)


def _unknown_keys(pointer: str, holder: object, allowed: frozenset[str]) -> Iterator[Hit]:
    for key in as_dict(holder):
        if not key.startswith("x-") and key not in allowed:
            yield Hit(
                f"The property '{key}' is not valid. If this property is an extension, "
                'its name must begin with "x-".',
                pointer + pointer_join(key),
            )


@rules.rule(
    "extension-prefix",
    "error",
    artifact=API_DEFINITION,
    summary="The root, `info`, path items and operations hold only Swagger 2.0 fields and "
    "`x-` extensions.",
    fix="Remove the property, or rename it with an x- prefix if it is an extension.",
    source="SVR AdditionalPropertyNotAllowed, ExtensionNameNotValid",
)
def extension_prefix(ctx: Context) -> Iterator[Hit]:
    yield from _unknown_keys("", ctx.swagger, _ROOT_FIELDS)
    yield from _unknown_keys("/info", ctx.swagger.get("info"), _INFO_FIELDS)
    for path, item in as_dict(ctx.swagger.get("paths")).items():
        if path.startswith("x-"):
            continue
        item_pointer = "/paths" + pointer_join(path)
        yield from _unknown_keys(item_pointer, item, _PATH_ITEM_FIELDS)
        for method, op in as_dict(item).items():
            if method in _PATH_ITEM_FIELDS - {"$ref", "parameters"}:
                yield from _unknown_keys(item_pointer + pointer_join(method), op, _OPERATION_FIELDS)


@rules.rule(
    "tags-unique",
    "error",
    artifact=API_DEFINITION,
    summary="The top-level `tags` list defines each tag name once.",
    fix="Remove the repeated tag.",
    source="SVR TagRedefined",
)
def tags_unique(ctx: Context) -> Iterator[Hit]:
    seen: set[str] = set()
    for index, tag in enumerate(as_list(ctx.swagger.get("tags"))):
        name = as_dict(tag).get("name")
        if isinstance(name, str):
            if name in seen:
                yield Hit(
                    f"The 'tags' property defines tag '{name}' multiple times.", f"/tags/{index}"
                )
            seen.add(name)
