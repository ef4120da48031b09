"""The Power Query certification rules, as data.

Sources, cited by key in each rule:
- CERT: Microsoft's connector certification requirements (powerquery-docs
  connector-certification.md, last version a39d2afe^, now under Fabric Data Factory;
  ../shared/background/power-query-certification.md), MUST / SHOULD / Security lists.
- DATA-ACCESS: learn.microsoft.com/power-query/handling-data-access (Data Source Kind and
  Publish records); AUTH: .../handling-authentication (authentication kinds and their
  fields); VERSIONING: .../handling-versioning; DOCS: .../handling-documentation;
  GATEWAY: .../handling-gateway-support (TestConnection); HELPERS: .../helper-functions.
- M-SPEC: learn.microsoft.com/powerquery-m/m-spec-sections and m-spec-lexical-structure.
- PQ-REF §n: ../shared/reference/power-query.md, with [obs] counts over 124 certified packages.

Calibration: what Microsoft certified must pass without errors. Where certified packages
break a documented requirement (naming, documentation metadata), the rule is a warning and its
source says so. What needs data flow or a person's judgement is info ("review") or manual.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Iterator

from ..lint.rules import Hit, RuleSet
from .context import ICONS, PACKAGE, RESOURCES, SECTION, file_artifact
from .context import PqContext as Context
from .facts import AUTH_KINDS, ICON_SLOTS, REQUIRED_AUTH_FIELDS
from .flow import Scope, mentions_credential, origin
from .lexer import Token
from .naming import forbidden_in
from .reading import (
    Record,
    Span,
    call_args,
    calls,
    read_list,
    read_record,
    single,
    strip_parens,
    text_value,
)
from .section import Member, SectionDocument

rules = RuleSet("powerquery")

VERSION = re.compile(r"^\d+\.\d+\.\d+$")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# A file that is not M at all gives an error per character; the first ones locate the trouble.
MAX_SYNTAX_FINDINGS = 20
# Hosts that are names, not places a request goes: XML namespaces and the loopback.
NOT_REQUESTS = re.compile(
    r"^http://(www\.w3\.org|schemas\.|purl\.org|ns\.|xmlns\.|tempuri\.org|"
    r"docs\.oasis-open\.org|json-schema\.org|localhost\b|127\.|\[::1\])",
    re.I,
)
TRACE_FLAG = re.compile(r"trace|debug|diagnostic|logging", re.I)


# ================================================================== the package


@rules.rule(
    "pq-package-zip",
    "error",
    artifact=PACKAGE,
    needs=(),
    summary="A .mez or .pqx is a readable ZIP archive.",
    fix="Rebuild the package (`connectorgen pq build`); a .mez is a plain ZIP of the project's "
    "files. Other rules skip a package that cannot be read.",
    source='PQ-REF §1.1 ("Power Query extensions are bundled in a ZIP file", install-sdk.md; '
    "DataConnectors#208)",
)
def package_zip(ctx: Context) -> Iterator[Hit]:
    yield from _issues(ctx, "pq-package-zip")


@rules.rule(
    "pq-package-flat",
    "error",
    artifact=PACKAGE,
    needs=(),
    summary="Every file of a .mez or .pqx is at its root (a signed .pqx adds only its _rels/ "
    "and package/services/digital-signature/ parts).",
    fix="Rebuild the package flat; `connectorgen pq build` packages referenced files found in "
    "subfolders at the root.",
    source="PQ-REF §1.1 (all 124 certified packages are flat [obs]; files are found by name "
    "through Extension.Contents; vscode-powerquery-sdk#192)",
)
def package_flat(ctx: Context) -> Iterator[Hit]:
    yield from _issues(ctx, "pq-package-flat")


@rules.rule(
    "pq-subfolder",
    "warning",
    artifact=PACKAGE,
    needs=(),
    summary="The files the connector needs (the files its code loads, resources*.resx) are in "
    "the project folder itself, not in subfolders.",
    fix="Move the file to the project folder. MakePQX leaves files in subfolders out of the "
    "package (vscode-powerquery-sdk#192); `pq build` packages a file the code names at the root.",
    source="PQ-REF §1.1 (flat layout; vscode-powerquery-sdk#192)",
)
def subfolder(ctx: Context) -> Iterator[Hit]:
    yield from _issues(ctx, "pq-subfolder")


@rules.rule(
    "pq-main-file",
    "error",
    artifact=PACKAGE,
    needs=(),
    summary="The connector has exactly one section document: one .pq or .m file (test queries "
    "are named NAME.query.pq).",
    fix="Keep one .pq/.m file; rename test queries to NAME.query.pq.",
    source='PQ-REF §1.1 (MakePQX compile: "Expect only one power query file ending with either '
    '.pq or .m", PowerBITrinoConnector#10)',
)
def main_file(ctx: Context) -> Iterator[Hit]:
    yield from _issues(ctx, "pq-main-file")


@rules.rule(
    "pq-content-types",
    "error",
    artifact=PACKAGE,
    needs=(),
    summary="A .pqx has a [Content_Types].xml that gives every part a content type.",
    fix="Rebuild with `connectorgen pq build --pqx` (or MakePQX pack), then sign again.",
    source="PQ-REF §1.2-1.3 (a .pqx is an OPC package, ECMA-376 Part 2; DataConnectors#467; "
    "the content types of 101 certified [Content_Types].xml files)",
)
def content_types(ctx: Context) -> Iterator[Hit]:
    yield from _issues(ctx, "pq-content-types")


@rules.rule(
    "pq-encoding",
    "error",
    artifact=SECTION,
    needs=(),
    summary="The section document and the .pqm modules are UTF-8 text.",
    fix="Save the file as UTF-8 (with or without a byte-order mark), as the Power Query SDK "
    "writes it.",
    source="PQ-REF §3.2 (Microsoft's samples and templates are UTF-8 with a BOM; a reader that "
    "assumes UTF-8 turns other encodings' accented letters into replacement characters) [infer]",
)
def encoding(ctx: Context) -> Iterator[Hit]:
    yield from _issues(ctx, "pq-encoding")


@rules.rule(
    "pq-encoding-comment",
    "warning",
    artifact=SECTION,
    needs=(),
    summary="Comments of the section document and modules are UTF-8 too.",
    fix="Save the file as UTF-8. Only comments hold the other encoding's bytes, so the "
    "connector works; an editor that assumes UTF-8 shows them as replacement characters.",
    source="As pq-encoding; a warning since comments do not change what the connector does",
)
def encoding_comment(ctx: Context) -> Iterator[Hit]:
    yield from _issues(ctx, "pq-encoding-comment")


@rules.rule(
    "pq-referenced-file",
    "error",
    artifact=PACKAGE,
    needs=(SECTION,),
    summary='Every file the code loads with Extension.Contents("name"), directly or through a '
    "loader function, is in the package.",
    fix="Add the file to the project folder (packages are flat), or correct the name.",
    source="DATA-ACCESS (icons and files are read with Extension.Contents); PQ-REF §1.1 "
    '("warn when a referenced file is missing"); vscode-powerquery-sdk#298 (load failures)',
)
def referenced_file(ctx: Context) -> Iterator[Hit]:
    for reference in ctx.file_references():
        if ctx.pkg.find(reference.name) is None:
            yield ctx.at(
                reference.token,
                f'{reference.via}("{reference.name}"): the package has no file named '
                f"{reference.name}",
                reference.source,
            )


@rules.rule(
    "pq-name-agreement",
    "info",
    artifact=PACKAGE,
    needs=(SECTION,),
    summary="The main file's name, the section name and the data source kind agree.",
    fix="Name the file, the section and the kind after the product (ProductName.pq, section "
    'ProductName, DataSource.Kind = "ProductName"); the .mez is named after the main file.',
    source="Convention, not a written rule: CERT wants the package named ProductName.mez and "
    "functions named DataSourceKind.FunctionName; two of Microsoft's samples (Github, "
    "DirectQueryForSQL) differ, hence info",
)
def name_agreement(ctx: Context) -> Iterator[Hit]:
    section = ctx.section
    main = ctx.pkg.main
    if section is None or section.name is None or main is None:
        return
    names = {"file": main.rsplit(".", 1)[0], "section": section.name}
    kinds = list(ctx.kinds())
    if len(kinds) == 1:
        names["kind"] = kinds[0]
    if len({n.lower() for n in names.values()}) > 1:
        shown = ", ".join(f"{what} {value}" for what, value in names.items())
        assert section.name_token is not None
        yield _at(section.name_token, f"the names differ: {shown}")


# ================================================================== the section document


@rules.rule(
    "pq-syntax",
    "error",
    artifact=SECTION,
    summary="The section document and modules read as M: literals and comments are closed, "
    "brackets balance, every member is `Name = expression;`.",
    fix="Correct the code at the line and column given; MakePQX refuses to compile it too.",
    source="M-SPEC (lexical structure; sections); PQ-REF §1.4 (a syntax error aborts the build)",
)
def syntax(ctx: Context) -> Iterator[Hit]:
    document = ctx.document
    for name, source in ctx.pkg.sources.items():
        # A byte that is not UTF-8 decodes as U+FFFD: pq-encoding reports it once, not here.
        undecodable = bool(source.decoded.problem)
        if name == ctx.pkg.main and document is not None:
            found = [(p.message, p.line, p.column) for p in document.problems]
        else:
            found = [(t.message, t.line, t.column) for t in source.tokens if t.kind == "error"]
        found = [f for f in found if not (undecodable and "U+FFFD" in f[0])]
        for message, line, column in found[:MAX_SYNTAX_FINDINGS]:
            yield ctx.at_position(line, column, message, name)
        if len(found) > MAX_SYNTAX_FINDINGS:
            message, line, column = found[MAX_SYNTAX_FINDINGS]
            more = len(found) - MAX_SYNTAX_FINDINGS
            yield ctx.at_position(line, column, f"{more} more syntax errors from here on", name)


@rules.rule(
    "pq-section-document",
    "error",
    artifact=SECTION,
    summary="The main file is a section document: `section Name;` then its members.",
    fix='Start the file with `[Version = "1.0.0"]` and `section Name;`, and end each member '
    "with `;`.",
    source='CERT MUST ("Use Section document format"); M-SPEC sections; install-sdk.md',
)
def section_document(ctx: Context) -> Iterator[Hit]:
    document = ctx.document
    source = ctx.pkg.sources.get(ctx.pkg.main or "")
    if document is None or document.is_section:
        return
    if source is not None and source.decoded.problem and not source.tokens:
        return  # a binary file: pq-encoding says what it is
    first = document.first_token()
    message = (
        "the file is an expression, not a section document: a connector starts with "
        "`section Name;` (after its [Version = ...] attributes)"
    )
    yield Hit(message, line=first.line if first else 1, column=first.column if first else 1)


@rules.rule(
    "pq-version",
    "error",
    artifact=SECTION,
    summary='The section has a version attribute in major.minor.patch form: [Version = "1.0.0"] '
    "above `section Name;`.",
    fix='Add [Version = "1.0.0"] on the line above `section`, and raise it with each release.',
    source='CERT MUST ("version adornment on section"); VERSIONING ("Versioning is required for '
    'certified connectors"); PQ-REF §2.2 (121/124 certified have it [obs]; the 3 without are '
    "Microsoft's own)",
)
def version(ctx: Context) -> Iterator[Hit]:
    section = ctx.section
    if section is None or section.section_token is None:
        return
    attribute = section.attributes.get("Version")
    if attribute is None:
        yield _at(
            section.section_token,
            f'no version: add [Version = "1.0.0"] above `section {section.name or "Name"};`',
        )
    elif not isinstance(attribute.value, str) or not VERSION.match(attribute.value):
        yield _at(
            attribute.token,
            f'Version {_show(attribute.value)} is not major.minor.patch text, e.g. "1.0.0"',
        )


@rules.rule(
    "pq-duplicate-member",
    "error",
    artifact=SECTION,
    summary="Each section member has its own name.",
    fix="Rename or remove the second member.",
    source="M-SPEC sections (member names of a section are unique)",
)
def duplicate_member(ctx: Context) -> Iterator[Hit]:
    section = ctx.section
    for member in section.duplicates if section is not None else []:
        first = section.by_name[member.name].name_token  # type: ignore[union-attr]
        yield _at(
            member.name_token,
            f"{member.name} is defined again (first at line {first.line}); M refuses two "
            "members with one name",
        )


@rules.rule(
    "pq-data-source-kind",
    "error",
    artifact=SECTION,
    summary='A shared function carries [DataSource.Kind = "Kind"], and a member named Kind holds '
    "the data source record.",
    fix='Add [DataSource.Kind = "Name", Publish = "Name.Publish"] above `shared Name.Contents`, '
    "and define `Name = [Authentication = [...], TestConnection = ...];`.",
    source="DATA-ACCESS (Data Source Kind); CERT (the connector is a data source function)",
)
def data_source_kind(ctx: Context) -> Iterator[Hit]:
    section = ctx.section
    if section is None:
        return
    if not ctx.functions():
        where = section.name_token or section.section_token
        assert where is not None
        yield _at(
            where,
            "no shared function carries [DataSource.Kind = ...]: Power BI has no data source "
            "to offer",
        )
        return
    for kind, use in ctx.kinds().items():
        member = section.member(kind)
        if member is None:
            yield _at(
                use.kind_token,
                f'DataSource.Kind = "{kind}" names no member: define {kind} = [Authentication '
                "= [...], TestConnection = ...];",
            )
        elif ctx.record(ctx.span(member)) is None and _is_literal_value(ctx, member):
            yield _at(member.name_token, f"{kind} must be a record [Authentication = ...]")
    for use in ctx.functions():
        if not use.member.shared:
            yield _at(
                use.member.name_token,
                f"{use.member.name} carries DataSource.Kind but is not shared, so Power BI does "
                f"not export it: write `shared {use.member.name} = ...`",
            )
    for member in section.members:
        publish = member.attributes.get("Publish")
        if publish is not None and "DataSource.Kind" not in member.attributes:
            yield _at(publish.token, f"{member.name} has Publish but no DataSource.Kind")


@rules.rule(
    "pq-publish-record",
    "error",
    artifact=SECTION,
    summary='A Publish = "Name" attribute names a member holding the Publish record.',
    fix="Define the member the attribute names (`Name.Publish = [ButtonText = {...}, ...];`) "
    "or correct the name.",
    source='DATA-ACCESS (Publish to UI); vscode-powerquery-sdk#298 ("Publish record not found '
    '(typo in name)" fails at load)',
)
def publish_record(ctx: Context) -> Iterator[Hit]:
    section = ctx.section
    for use in ctx.functions():
        if use.publish is not None and section is not None and section.member(use.publish) is None:
            assert use.publish_token is not None
            yield _at(
                use.publish_token,
                f'Publish = "{use.publish}" names no member; Power BI fails to load the connector',
            )


@rules.rule(
    "pq-publish-missing",
    "warning",
    artifact=SECTION,
    summary="A data source function carries a Publish attribute, so the connector appears in "
    "Get Data.",
    fix='Add Publish = "Name.Publish" to the function\'s attributes and define the record.',
    source="DATA-ACCESS (the Publish record exposes the extension in the Get Data dialog); "
    "PQ-REF §2.2 (ButtonText in 121/124 certified [obs])",
)
def publish_missing(ctx: Context) -> Iterator[Hit]:
    functions = ctx.functions()
    if functions and all(use.publish is None for use in functions):
        use = functions[0]
        yield _at(
            use.kind_token,
            f"no data source function has a Publish attribute: {use.kind} does not appear in "
            "Get Data",
        )


@rules.rule(
    "pq-test-connection",
    "error",
    artifact=SECTION,
    summary="The data source record has TestConnection, a function returning a list whose "
    "first item names a shared function.",
    fix='Add TestConnection = (dataSourcePath) => {"Name.Contents", dataSourcePath} (the '
    "function and its required arguments).",
    source='CERT MUST ("Have TestConnection handler"); GATEWAY; PQ-REF §2.2 (124/124 certified '
    "have it [obs])",
)
def test_connection(ctx: Context) -> Iterator[Hit]:
    section = ctx.section
    if section is None:
        return
    for kind, member, record in _kind_records(ctx):
        field = record.fields.get("TestConnection")
        if field is None:
            yield _at(
                member.name_token,
                f"{kind} has no TestConnection: gateways and the Power BI service cannot "
                "refresh it",
            )
            continue
        candidates = _list_texts(ctx, ctx.resolve(field.value))
        if any(_is_shared(section, name) for name, _ in candidates) or len(candidates) != 1:
            continue  # built another way, or several lists: only a person (or PQTest) can tell
        name, token = candidates[0]
        what = "no member" if section.member(name) is None else "a member that is not shared"
        yield _at(token, f'TestConnection returns "{name}", {what}; name a shared function')


@rules.rule(
    "pq-authentication",
    "error",
    artifact=SECTION,
    summary="The data source record's Authentication names known kinds (Anonymous/Implicit, "
    "OAuth, Aad, UsernamePassword, Windows, Key), each with its required fields.",
    fix="Use the documented kind names; OAuth needs StartLogin and FinishLogin, Aad needs "
    "AuthorizationUri and Resource.",
    source='DATA-ACCESS ("At least one kind is required"); AUTH (authentication kinds table: '
    'fields are required "unless marked otherwise")',
)
def authentication(ctx: Context) -> Iterator[Hit]:
    for kind, member, record in _kind_records(ctx):
        field = record.fields.get("Authentication")
        if field is None:
            yield _at(member.name_token, f"{kind} has no Authentication record")
            continue
        auth = ctx.record(field.value)
        if auth is None:
            continue
        if not auth.fields:
            yield _at(field.token, "Authentication lists no kind; at least one is required")
        for name, entry in auth.fields.items():
            if name not in AUTH_KINDS:
                yield _at(
                    entry.token,
                    f"unknown authentication kind {name}; use one of {', '.join(AUTH_KINDS)}",
                )
                continue
            needed = REQUIRED_AUTH_FIELDS.get(name, ())
            details = ctx.record(entry.value) if needed else None
            if details is None:
                continue
            missing = [f for f in needed if f not in details.fields]
            if missing:
                yield _at(entry.token, f"{name} authentication lacks {' and '.join(missing)}")


@rules.rule(
    "pq-kind-label",
    "info",
    artifact=SECTION,
    summary="The data source record has a Label, the name shown in credential dialogs.",
    fix='Add Label = Extension.LoadString("DataSourceLabel").',
    source="DATA-ACCESS (Label is optional; without it dialogs show the kind's name)",
)
def kind_label(ctx: Context) -> Iterator[Hit]:
    for kind, member, record in _kind_records(ctx):
        if "Label" not in record.fields:
            yield _at(member.name_token, f"{kind} has no Label; credential dialogs show '{kind}'")


# ---------------------------------------------------------------- the Publish record


@rules.rule(
    "pq-button-text",
    "error",
    artifact=SECTION,
    summary="The Publish record has ButtonText: a list of the name shown in Get Data and an "
    "optional tooltip.",
    fix='Add ButtonText = {Extension.LoadString("ButtonTitle"), '
    'Extension.LoadString("ButtonHelp")}.',
    source="DATA-ACCESS (Publish record: ButtonText is not optional)",
)
def button_text(ctx: Context) -> Iterator[Hit]:
    for name, member, record in _publish_records(ctx):
        field = record.fields.get("ButtonText")
        if field is None:
            yield _at(member.name_token, f"{name} has no ButtonText; Get Data shows no name")
            continue
        items = read_list(ctx.tokens, ctx.resolve(field.value))
        if items is not None and not 1 <= len(items) <= 2:
            yield _at(
                field.token,
                f"ButtonText has {len(items)} items; give the name and a tooltip, {{title, help}}",
            )


@rules.rule(
    "pq-category",
    "warning",
    artifact=SECTION,
    summary="The Publish record has a Category (where Get Data lists the connector).",
    fix='Add Category = "Other" (or "Database" / "Azure", the two handled specially).',
    source="DATA-ACCESS (Category is not marked optional); PQ-REF §2.2 (114/124 certified have "
    "it [obs], so a warning)",
)
def category(ctx: Context) -> Iterator[Hit]:
    for name, member, record in _publish_records(ctx):
        if "Category" not in record.fields:
            yield _at(member.name_token, f'{name} has no Category; it is listed under "Other"')


@rules.rule(
    "pq-beta",
    "info",
    artifact=SECTION,
    summary="The first release is published with Beta = true.",
    fix="Add Beta = true to the Publish record for the first certified release.",
    source='CERT ("Beta flag True on the initial release"); DATA-ACCESS (Beta is optional); '
    "PQ-REF §2.2 (97/124 certified have it [obs]); only the author knows which release this is",
)
def beta(ctx: Context) -> Iterator[Hit]:
    for name, member, record in _publish_records(ctx):
        if "Beta" not in record.fields:
            yield _at(member.name_token, f"{name} has no Beta flag; the first release needs "
                      "Beta = true")  # fmt: skip


@rules.rule(
    "pq-learn-more-url",
    "warning",
    artifact=SECTION,
    summary="A LearnMoreUrl is an https URL.",
    fix="Point LearnMoreUrl at the https page about the product or connector.",
    source="DATA-ACCESS (LearnMoreUrl, optional); CERT security (HTTPS)",
)
def learn_more_url(ctx: Context) -> Iterator[Hit]:
    for _, _, record in _publish_records(ctx):
        field = record.fields.get("LearnMoreUrl")
        if field is None:
            continue
        value = text_value(ctx.tokens, ctx.resolve(field.value))
        if value is not None and not value.lower().startswith("https://"):
            yield _at(field.token, f'LearnMoreUrl "{value}" is not an https URL')


@rules.rule(
    "pq-icons",
    "warning",
    artifact=ICONS,
    needs=(SECTION,),
    summary="The Publish record has SourceImage and SourceTypeImage: records whose Icon16 and "
    "Icon32 each list four PNGs (16, 20, 24, 32 and 32, 40, 48, 64 pixels).",
    fix="Add SourceImage = Name.Icons, SourceTypeImage = Name.Icons and a Name.Icons record as "
    "in the HelloWorld sample (`connectorgen pq new` writes one).",
    source='CERT SHOULD ("Have icons"); DATA-ACCESS (SourceImage: "The record contains two '
    'fields (Icon16, Icon32), each with its own list"); PQ-REF §2.2 (118-119/124 [obs])',
)
def icons(ctx: Context) -> Iterator[Hit]:
    for name, member, record in _publish_records(ctx):
        for field_name in ("SourceImage", "SourceTypeImage"):
            field = record.fields.get(field_name)
            if field is None:
                yield _at(member.name_token, f"{name} has no {field_name}")
                continue
            images = ctx.record(field.value)
            if images is None:
                continue
            for slot, sizes in ICON_SLOTS.items():
                entry = images.fields.get(slot)
                if entry is None:
                    yield _at(field.token, f"{field_name} has no {slot} list")
                    continue
                items = read_list(ctx.tokens, ctx.resolve(entry.value))
                if items is not None and len(items) != len(sizes):
                    shown = ", ".join(map(str, sizes))
                    yield _at(
                        entry.token,
                        f"{slot} lists {len(items)} images; it takes four ({shown} pixels)",
                    )


@rules.rule(
    "pq-icon-size",
    "warning",
    artifact=ICONS,
    needs=(SECTION,),
    summary="Each icon is a PNG of its slot's size: Icon16 = 16, 20, 24, 32 and Icon32 = 32, 40, "
    "48, 64 pixels.",
    fix="Export the logo at each size (`connectorgen pq new --icon logo.png` resizes it).",
    source='DATA-ACCESS ("Each icon should be a different size"); PQ-REF §2.2 (16/20/24/32 and '
    "32/40/48/64 in certified packages [obs])",
)
def icon_size(ctx: Context) -> Iterator[Hit]:
    for _, _, record in _publish_records(ctx):
        for field_name in ("SourceImage", "SourceTypeImage"):
            field = record.fields.get(field_name)
            images = ctx.record(field.value) if field else None
            for slot, sizes in ICON_SLOTS.items():
                entry = images.fields.get(slot) if images else None
                items = read_list(ctx.tokens, ctx.resolve(entry.value)) if entry else None
                for item, size in zip(items or [], sizes, strict=False):
                    yield from _check_icon(ctx, item, size)


# ---------------------------------------------------------------- documentation and naming


@rules.rule(
    "pq-function-documentation",
    "warning",
    artifact=SECTION,
    summary="Each data source function has a documented type: Value.ReplaceType(impl, type "
    "function ... meta [Documentation.Name = ...]).",
    fix="Ascribe a function type with Documentation.* metadata, as in the HelloWorldWithDocs "
    "sample (`connectorgen pq new` writes one).",
    source='CERT MUST ("Provide function documentation metadata"); DOCS; PQ-REF §2.2 '
    "(Value.ReplaceType in 122/124 and Documentation.Name in 104/124 certified [obs], so a "
    "warning)",
)
def function_documentation(ctx: Context) -> Iterator[Hit]:
    for use in ctx.functions():
        tokens = _expanded(ctx, use.member)
        names = {t.text for t in tokens if t.kind == "identifier"}
        if "Value.ReplaceType" not in names:
            yield _at(
                use.member.name_token,
                f"{use.member.name} is not given a documented function type "
                "(Value.ReplaceType with Documentation.* metadata)",
            )
        elif not any(name.startswith("Documentation.") for name in names):
            yield _at(
                use.member.name_token,
                f"the type of {use.member.name} carries no Documentation.* metadata",
            )


@rules.rule(
    "pq-function-naming",
    "warning",
    artifact=SECTION,
    summary="Data source functions are named Kind.FunctionName (e.g. Contoso.Contents).",
    fix="Rename the function to the kind's name, a dot, and what it returns (Contents, Tables, "
    "Databases, ...).",
    source='CERT MUST ("Follow naming conventions (for example, DataSourceKind.FunctionName)"); '
    "a warning since certified connectors vary",
)
def function_naming(ctx: Context) -> Iterator[Hit]:
    for use in ctx.functions():
        name = use.member.name
        if not name.startswith(use.kind + ".") or len(name) == len(use.kind) + 1:
            yield _at(
                use.member.name_token,
                f"{name} is not named {use.kind}.FunctionName after its kind",
            )


@rules.rule(
    "pq-forbidden-words",
    "warning",
    artifact=SECTION,
    summary="The kind, the function names, the section and the file are not named with "
    '"Power BI", "Connector" or "API".',
    fix="Name them after the product alone (Contoso, not ContosoConnector or ContosoAPI).",
    source='CERT ("It should not include words like \\"Power BI\\", \\"Connector\\" or '
    '\\"API\\""); PQ-REF §3.1 (certified kinds include BIConnector, HexagonSmartApi, '
    "PowerBIDatamarts [obs], so a warning)",
)
def forbidden_words(ctx: Context) -> Iterator[Hit]:
    section = ctx.section
    if section is None:
        return
    named: list[tuple[str, Token | None, str]] = []
    if section.name and section.name_token:
        named.append(("section", section.name_token, section.name))
    for kind, use in ctx.kinds().items():
        named.append(("kind", use.kind_token, kind))
    for use in ctx.functions():
        named.append(("function", use.member.name_token, use.member.name))
    if ctx.pkg.main:
        named.append(("file", None, ctx.pkg.main.rsplit(".", 1)[0]))
    if ctx.pkg.kind in ("mez", "pqx"):
        named.append(("package", None, ctx.pkg.path.stem))
    for what, token, name in named:
        words = forbidden_in(name)
        if not words:
            continue
        message = f"the {what} name {name} contains {' and '.join(words)}"
        if token is None:
            yield Hit(message, artifact=PACKAGE)
        else:
            yield _at(token, message)


# ---------------------------------------------------------------- credentials and evaluation


@rules.rule(
    "pq-http-credentials",
    "error",
    artifact=SECTION,
    summary="A connector that uses credentials makes no request to an http:// URL.",
    fix="Use https:// (validate user-entered URLs with the ValidateUrlScheme helper).",
    source='CERT security ("Are the requests guaranteed to be made through HTTPS?"); HELPERS '
    '(ValidateUrlScheme "is required for user entered URLs for certified connectors")',
)
def http_credentials(ctx: Context) -> Iterator[Hit]:
    if not ctx.uses_credentials():
        return
    for source, token in ctx.code_tokens():
        if token.kind != "text":
            continue
        value = token.value.strip()
        if re.match(r"http://[\w\[]", value, re.I) and not NOT_REQUESTS.match(value):
            yield ctx.at(
                token,
                f'"{value[:80]}" is http://, and this connector sends credentials; use https://',
                source,
            )


@rules.rule(
    "pq-expression-evaluate",
    "error",
    artifact=SECTION,
    summary="Expression.Evaluate runs only literal text or the text of a packaged module "
    '(Text.FromBinary(Extension.Contents("<literal>.pqm")), also through a loader function).',
    fix="Load helper code with the Extension.LoadFunction pattern of the TripPin sample and "
    "literal file names; never evaluate user input or downloaded text.",
    source='CERT security ("The Expression should not be user provided nor take user input", '
    '"should not be dynamic"); PQ-REF §2.2 (the loader in 55/124 certified [obs] is allowed)',
)
def expression_evaluate(ctx: Context) -> Iterator[Hit]:
    section = ctx.section
    if section is not None:
        for member in section.members:
            scope = Scope(section.tokens, ctx.span(member), section, member.name)
            yield from _evaluations(ctx, scope, member.shared, None)
    for name in ctx.pkg.modules:
        source = ctx.pkg.sources.get(name)
        if source is not None:
            tokens = source.code.tokens
            yield from _evaluations(ctx, Scope(tokens, (0, len(tokens)), section), False, name)


@rules.rule(
    "pq-trace-enabled",
    "warning",
    artifact=SECTION,
    summary="Tracing flags are off (EnableTraceOutput = false and the like).",
    fix="Set the flag to false before submitting.",
    source='CERT security (tracing "must be turned off prior to submitting for certification"); '
    "PQ-REF §2.2 (20 certified have EnableTraceOutput = false, 2 still true [obs])",
)
def trace_enabled(ctx: Context) -> Iterator[Hit]:
    for code in ctx.codes:
        tokens = code.tokens
        for j in range(len(tokens) - 2):
            name, equals, value = tokens[j], tokens[j + 1], tokens[j + 2]
            after = tokens[j + 3] if j + 3 < len(tokens) else None
            if (
                name.is_name
                and TRACE_FLAG.search(name.value)
                and equals.is_op("=")
                and value.is_keyword("true")
                and (after is None or after.is_op(";", ",", "]") or after.is_keyword("in"))
            ):
                yield ctx.at(name, f"{name.value} = true: tracing is on", code.name)


@rules.rule(
    "pq-credential-query",
    "info",
    artifact=SECTION,
    summary="Review: a credential sent in a GET request's URL or Query goes through "
    "CredentialQueryString.",
    fix="Send the credential in a header or a POST body, or pass it in the CredentialQueryString "
    "field of Web.Contents' options.",
    source='CERT security ("If GET is required, the connector MUST use the CredentialQueryString '
    'record"); PQ-REF §3.2 (needs data flow: reported for review)',
)
def credential_query(ctx: Context) -> Iterator[Hit]:
    section = ctx.section
    scopes: list[tuple[Scope, str | None]] = []
    if section is not None:
        scopes += [
            (Scope(section.tokens, ctx.span(m), section, m.name), None) for m in section.members
        ]
    for name in ctx.pkg.modules:
        source = ctx.pkg.sources.get(name)
        if source is not None:
            tokens = source.code.tokens
            scopes.append((Scope(tokens, (0, len(tokens)), section), name))
    for scope, file in scopes:
        for j in calls(scope.tokens, scope.span, "Web.Contents"):
            args = call_args(scope.tokens, j, scope.span[1])
            if not args:
                continue
            options = read_record(scope.tokens, args[1]) if len(args) > 1 else None
            fields = options.fields if options else {}
            if "Content" in fields or "CredentialQueryString" in fields:
                continue
            carriers = [args[0]] + ([fields["Query"].value] if "Query" in fields else [])
            if any(mentions_credential(scope, span) for span in carriers):
                yield ctx.at(
                    scope.tokens[j],
                    "a credential reaches the URL or Query of a GET request; pass it in "
                    "CredentialQueryString, a header, or a POST body",
                    file,
                )


@rules.rule(
    "pq-strings-in-resources",
    "info",
    artifact=SECTION,
    summary="User-facing strings (ButtonText, Label) come from resources.resx.",
    fix='Move the text to resources.resx and read it with Extension.LoadString("Key").',
    source='CERT SHOULD ("Place strings in a resources.resx file")',
)
def strings_in_resources(ctx: Context) -> Iterator[Hit]:
    for _, _, record in _publish_records(ctx):
        field = record.fields.get("ButtonText")
        items = read_list(ctx.tokens, ctx.resolve(field.value)) if field else None
        if field is not None and any(text_value(ctx.tokens, item) for item in items or []):
            yield _at(field.token, "ButtonText is written in the code, not in resources.resx")
    for _, _, record in _kind_records(ctx):
        field = record.fields.get("Label")
        if field is not None and text_value(ctx.tokens, field.value) is not None:
            yield _at(field.token, "Label is written in the code, not in resources.resx")


# ================================================================== resources.resx


@rules.rule(
    "pq-resx-readable",
    "error",
    artifact=RESOURCES,
    needs=(),
    summary="resources.resx and its culture files are well-formed resx XML.",
    fix="Correct the XML at the line given (the SDK's template shows the shape).",
    source="DataConnectors#28 (strings are read from resources.resx and resources.<culture>.resx)",
)
def resx_readable(ctx: Context) -> Iterator[Hit]:
    for name, resources in ctx.resources().items():
        error = resources.error
        if error is not None:
            yield Hit(error.message, line=error.line, column=error.column, artifact=_file(name))


@rules.rule(
    "pq-resource-key",
    "error",
    artifact=RESOURCES,
    needs=(SECTION,),
    summary='Every Extension.LoadString("Key") names a string in resources.resx.',
    fix="Add the key to resources.resx (a `data` element named Key holding a `value`), or "
    "correct the key.",
    source="DATA-ACCESS (strings read with Extension.LoadString); DataConnectors#28 "
    "(resources.resx is the neutral culture the other files fall back to)",
)
def resource_key(ctx: Context) -> Iterator[Hit]:
    neutral = ctx.neutral_resources()
    if neutral is not None and neutral.error is not None:
        return  # pq-resx-readable says why
    for reference in ctx.string_references():
        if neutral is None:
            message = f'Extension.LoadString("{reference.name}"): the package has no resources.resx'
        elif reference.name not in neutral.entries:
            message = f'Extension.LoadString("{reference.name}"): resources.resx has no such key'
        else:
            continue
        yield ctx.at(reference.token, message, reference.source)


@rules.rule(
    "pq-resx-url",
    "warning",
    artifact=RESOURCES,
    needs=(),
    summary="resources.resx holds display strings, not URLs.",
    fix="Move the URL into the connector code as a literal.",
    source='CERT SHOULD ("URLs and values should be hardcoded in the connector code and not be '
    'placed in the resources.resx file")',
)
def resx_url(ctx: Context) -> Iterator[Hit]:
    for name, resources in ctx.resources().items():
        for entry in resources.entries.values():
            if re.search(r"\bhttps?://", entry.value, re.I):
                yield Hit(
                    f"the string {entry.key} holds a URL",
                    line=entry.line,
                    column=entry.column,
                    artifact=_file(name),
                )


# ================================================================== reported by pq build

rules.reported(
    "pq-build-missing-file",
    "warning",
    artifact=PACKAGE,
    summary='pq build: a file the code loads with Extension.Contents("name") is not in the '
    "project folder, so the package is built without it.",
    fix="Add the file to the project folder or correct the name; `pq check` reports the same "
    "as the error pq-referenced-file.",
    source='PQ-REF §1.1 ("warn when a referenced file is missing from the root")',
)

# ================================================================== for a person to judge

rules.manual(
    "pq-https-user-urls",
    "error",
    artifact=SECTION,
    summary="Every URL a user enters reaches Web.Contents only through an https check "
    "(ValidateUrlScheme).",
    fix="Wrap user-entered URLs in ValidateUrlScheme before any request.",
    source="HELPERS (ValidateUrlScheme); CERT security (HTTPS guaranteed)",
)
rules.manual(
    "pq-trace-pii",
    "error",
    artifact=SECTION,
    summary="What the connector traces holds no personal data and no large amounts of data.",
    fix="Review every Diagnostics.Trace / LogValue call.",
    source="CERT security (Diagnostics)",
)
rules.manual(
    "pq-parameter-sets",
    "error",
    artifact=SECTION,
    summary="All functions of one data source kind have the same required parameters (names, "
    "types, order).",
    fix="Make the required parameters agree; mark the others optional.",
    source="DATA-ACCESS (Data Source Kind)",
)
rules.manual(
    "pq-function-name-domain",
    "warning",
    artifact=SECTION,
    summary="Function names make sense for the domain (Contents, Tables, Document, Databases).",
    fix="Rename the function after what it returns.",
    source="CERT (FunctionName)",
)
rules.manual(
    "pq-navigation-table",
    "warning",
    artifact=SECTION,
    summary="The connector provides a navigation table where its data has one.",
    fix="Return Table.ToNavigationTable(...) from the data source function.",
    source='CERT SHOULD ("Provide a navigation table")',
)


# ================================================================== helpers


def _issues(ctx: Context, rule: str) -> Iterator[Hit]:
    for issue in ctx.pkg.issues:
        if issue.rule == rule:
            artifact = _file(issue.file) if issue.file else PACKAGE
            yield Hit(issue.message, line=issue.line, column=issue.column, artifact=artifact)


def _file(name: str) -> str:
    return file_artifact(name)


def _at(token: Token, message: str) -> Hit:
    return Hit(message, line=token.line, column=token.column, artifact=SECTION)


def _show(value: object) -> str:
    return f'"{value}"' if isinstance(value, str) else repr(value)


def _is_literal_value(ctx: Context, member: Member) -> bool:
    """True when the member's value is one token (a literal), so "not a record" is certain."""
    token = single(ctx.tokens, (member.start, member.end))
    return token is not None and token.kind in ("text", "number", "keyword")


def _kind_records(ctx: Context) -> Iterator[tuple[str, Member, Record]]:
    section = ctx.section
    for kind in ctx.kinds():
        member = section.member(kind) if section is not None else None
        record = ctx.record(ctx.span(member)) if member is not None else None
        if member is not None and record is not None:
            yield kind, member, record


def _publish_records(ctx: Context) -> Iterator[tuple[str, Member, Record]]:
    section = ctx.section
    seen: set[str] = set()
    for use in ctx.functions():
        name = use.publish
        if name is None or name in seen or section is None:
            continue
        seen.add(name)
        member = section.member(name)
        record = ctx.record(ctx.span(member)) if member is not None else None
        if member is not None and record is not None:
            yield name, member, record


def _list_texts(ctx: Context, span: Span) -> list[tuple[str, Token]]:
    """Each list literal in the span that starts with a text: candidates for TestConnection's
    function name (``{"X.Contents", path}``, also after a ``let``)."""
    tokens = ctx.tokens
    return [
        (tokens[j + 1].value, tokens[j + 1])
        for j in range(span[0], span[1] - 1)
        if tokens[j].is_op("{") and tokens[j + 1].kind == "text"
    ]


def _is_shared(section: SectionDocument, name: str) -> bool:
    member = section.member(name)
    return member is not None and member.shared


def _expanded(ctx: Context, member: Member, depth: int = 2) -> list[Token]:
    """The member's tokens and those of the members it names, ``depth`` levels down (each
    member once)."""
    section = ctx.section
    seen = {member.name}
    level, found = [member], []
    for _ in range(depth + 1):
        following = []
        for current in level:
            tokens = ctx.tokens[current.start : current.end]
            found += tokens
            for token in tokens:
                named = section.member(token.value) if section and token.is_name else None
                if named is not None and named.name not in seen:
                    seen.add(named.name)
                    following.append(named)
        level = following
    return found


def _check_icon(ctx: Context, item: Span, size: int) -> Iterator[Hit]:
    tokens = ctx.tokens
    start, end = strip_parens(tokens, item)
    if end - start < 4 or tokens[start].text != "Extension.Contents":
        return
    args = call_args(tokens, start, end)
    name = text_value(tokens, args[0]) if args else None
    found = ctx.pkg.find(name) if name else None
    if name is None or found is None:
        return  # pq-referenced-file reports a missing file
    dimensions = png_size(ctx.pkg.files[found])
    token = tokens[strip_parens(tokens, args[0])[0]]
    if dimensions is None:
        yield _at(token, f"{name} is not a PNG image")
    elif dimensions != (size, size):
        width, height = dimensions
        yield _at(token, f"{name} is {width}x{height} pixels; this slot takes {size}x{size}")


def png_size(data: bytes) -> tuple[int, int] | None:
    """Width and height from a PNG's IHDR chunk, without decoding the image."""
    if len(data) < 24 or not data.startswith(PNG_SIGNATURE) or data[12:16] != b"IHDR":
        return None
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def _evaluations(ctx: Context, scope: Scope, shared: bool, file: str | None) -> Iterator[Hit]:
    tokens = scope.tokens
    for j in calls(tokens, scope.span, "Expression.Evaluate"):
        args = call_args(tokens, j, scope.span[1])
        if not args:
            continue
        found = origin(scope, args[0])
        if found.kind in ("literal", "module"):
            continue
        if found.kind == "parameter" and not shared and scope.member is not None:
            yield from _loader_calls(ctx, scope.member, found.index, found.contents)
            continue
        why = (
            "it evaluates a parameter of a shared function: user input"
            if found.kind == "parameter"
            else found.why
        )
        yield ctx.at(
            tokens[j],
            f"Expression.Evaluate on text that is not literal module text ({why})",
            file,
        )


def _loader_calls(ctx: Context, loader: str, index: int, contents: bool) -> Iterator[Hit]:
    """Every call of a loader must pass a literal where its evaluated parameter is."""
    what = "file name" if contents else "text"
    for code in ctx.codes:
        tokens = code.tokens
        for j in calls(tokens, (0, len(tokens)), loader):
            args = call_args(tokens, j, len(tokens))
            if index >= len(args) or text_value(tokens, args[index]) is None:
                yield ctx.at(
                    tokens[j],
                    f"{loader} runs Expression.Evaluate on its {what}, and this call does not pass "
                    "a literal",
                    code.name,
                )
