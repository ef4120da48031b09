"""Rules about the file set and how the files read (JSON syntax, size, script)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ...core.platform import (
    API_DEFINITION,
    API_PROPERTIES,
    MAX_DEFINITION_BYTES,
    MAX_SCRIPT_BYTES,
    SCRIPT,
    SETTINGS,
)
from ...lint.rules import CERTIFIED_ONLY, Hit, RuleSet
from ..context import ConnectorContext as Context

rules = RuleSet("connector")


@rules.rule(
    "json-syntax",
    "error",
    artifact=API_DEFINITION,
    needs=(),
    summary="apiDefinition, apiProperties and settings.json are readable JSON objects.",
    fix="Fix the JSON at the line and column given (often a missing comma or quote). "
    "Other rules skip a file that cannot be read.",
    source="CPE 5000.1.1.3; R-PIPE (the validator parses the file first)",
)
def json_syntax(ctx: Context) -> Iterator[Hit]:
    yield from ctx.problems.get("syntax", [])


@rules.rule(
    "json-lenient",
    "warning",
    artifact=API_DEFINITION,
    needs=(),
    summary="JSON files are strict JSON: no comments, trailing commas, raw control characters "
    "in strings, or bytes that are not UTF-8.",
    fix="Remove the comment or trailing comma, escape the control character, or save as UTF-8. "
    "Microsoft accepted a few such files, but strict JSON tools reject them.",
    source="asset-shapes §0 (corpus parse failures); RFC 8259",
)
def json_lenient(ctx: Context) -> Iterator[Hit]:
    yield from ctx.problems.get("lenient", [])


@rules.rule(
    "required-files",
    "error",
    artifact=API_DEFINITION,
    needs=(),
    summary="The folder holds an API definition (apiDefinition.swagger.json or "
    "apiDefinition.json) and apiProperties.json.",
    fix="Add the missing file; `connectorgen generate` writes both.",
    source="R-README; CS Step 4; CPE 5000.1.1.3 (Missing apiDefinition.json)",
)
def required_files(ctx: Context) -> Iterator[Hit]:
    if not ctx.has(API_DEFINITION):
        yield Hit(
            "Missing apiDefinition.json: the folder has no API definition "
            "(apiDefinition.swagger.json or apiDefinition.json)."
        )
    if not ctx.has(API_PROPERTIES):
        yield Hit("Missing apiProperties.json.", artifact=API_PROPERTIES)


@rules.rule(
    "settings-required",
    "warning",
    artifact=SETTINGS,
    needs=(),
    profiles=CERTIFIED_ONLY,
    summary="Certified connectors come with settings.json (as `paconn download` writes it), "
    "except in a folder of the certification repository.",
    fix="Add settings.json (`connectorgen generate` writes one). Severity lowered from the "
    "catalogue's error: the certification repository's own file list (R-README) omits it.",
    source="CS Step 4 artifact table; FILES-SET. Not in the repository: R-README's file list "
    "for a pull request has no settings.json (3 in 1,036 accepted folders, asset-shapes S1c)",
)
def settings_required(ctx: Context) -> Iterator[Hit]:
    if not ctx.has(SETTINGS) and not ctx.in_repository:
        yield Hit("settings.json is missing.")


@rules.rule(
    "api-definition-size",
    "warning",
    artifact=API_DEFINITION,
    needs=(),
    summary="The API definition is at most 1 MB.",
    fix="Split the connector, or remove unused operations and schemas.",
    source="CS Step 3d",
)
def api_definition_size(ctx: Context) -> Iterator[Hit]:
    size = ctx.sizes.get(API_DEFINITION, 0)
    if size > MAX_DEFINITION_BYTES:
        yield Hit(
            f"The API definition is {size:,} bytes; it should not exceed 1 MB "
            f"({MAX_DEFINITION_BYTES:,} bytes)."
        )


@rules.rule(
    "script-size",
    "error",
    artifact=SCRIPT,
    summary="script.csx is at most 1 MB.",
    fix="Move logic out of the script or shorten it: the platform refuses larger scripts.",
    source="asset-shapes §4 (write-code docs: 'can't be more than 1 MB')",
)
def script_size(ctx: Context) -> Iterator[Hit]:
    size = ctx.sizes.get(SCRIPT, 0)
    if size > MAX_SCRIPT_BYTES:
        yield Hit(f"script.csx is {size:,} bytes; the limit is {MAX_SCRIPT_BYTES:,} bytes (1 MB).")


_SCRIPT_CLASS = re.compile(r"\bclass\s+Script\s*:\s*ScriptBase\b", re.IGNORECASE)


@rules.rule(
    "script-class",
    "error",
    artifact=SCRIPT,
    summary="script.csx defines `public class Script : ScriptBase`.",
    fix="Name the class Script and derive it from ScriptBase, overriding ExecuteAsync.",
    source="asset-shapes §4 (write-code docs)",
)
def script_class(ctx: Context) -> Iterator[Hit]:
    if not _SCRIPT_CLASS.search(ctx.data[SCRIPT]):
        yield Hit(
            "script.csx does not define a class named Script deriving from ScriptBase.", line=1
        )
