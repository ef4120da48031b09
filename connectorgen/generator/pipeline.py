"""generate(): config.json and the API definition in, the connector folder out. No printing.

Data flows one way: config.json and the Swagger are read and checked (the gates), one context
per output is built, every output is rendered to bytes in memory, check's rules run on those
bytes, and only then does the writer touch the disk.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path

from ..catalog import registry
from ..core.diagnostics import Diagnostic, InputError, UsageError
from ..core.document import Document
from ..core.jsonio import read_bytes
from ..core.platform import (
    API_DEFINITION,
    API_PROPERTIES,
    DEFAULT_BRAND_COLOR,
    DEFAULT_PROFILE,
    DEFINITION_NAMES,
    DEPLOY_SETTINGS,
    GENERATED_NAMES,
    ICON,
    INTRO,
    MAX_SCRIPT_BYTES,
    OUTPUT_NAMES,
    README,
    SCRIPT,
    SETTINGS,
    STATE_NAME,
)
from ..core.secrets import client_secret, redact, redact_error, secret_forms
from ..core.writer import FileAction, occupied, plan_writes, read_existing, write_files
from ..lint.result import Report, TargetResult
from ..lint.rules import Finding
from ..openapi.load import Swagger, load_swagger
from . import auth
from .config import Config, load_config
from .context import (
    DefinitionContext,
    DeployDoc,
    ScriptContext,
    ScriptPlan,
    SettingsContext,
    configured_brand_color,
    docs_context,
    merged_definition,
    one_line,
    properties_context,
    script_plan,
)
from .hints import host_warning
from .next_steps import DeployFacts
from .parameters import connection_section
from .policies import policy_instances
from .render import render_json, render_text
from .requirements import requirement_notes
from .state import hand_edits, kept_settings, read_state, recorded_digests, state_bytes

TOOL = "connectorgen generate"
# Findings on the output that a diagnostic about config.json already reported, in its terms.
_SAID_ON_CONFIG = {"policy-template-unknown": "config-policy-template"}


@dataclass
class GenerateResult:
    out: Path
    files: list[FileAction]
    diagnostics: list[Diagnostic]  # about the inputs, met while generating
    redirect_note: str | None
    written: bool
    findings: list[Finding] = field(default_factory=list)  # check's rules on the output
    profile: str | None = None  # the rule set the findings come from; None: not checked
    converted: str | None = None  # "apiDefinition.json is openapi.yaml (...) converted ..."
    # A preview (--dry-run) of a folder that holds files: the real run needs --force.
    needs_force: bool = False
    deploy: DeployFacts | None = None  # what the deploy commands depend on

    def report(self) -> Report:
        """Diagnostics and findings for the report layer (generate --format json|sarif|...)."""
        results = [
            TargetResult(
                self.out.as_posix(),
                "generate",
                self.profile,
                tuple(self.diagnostics + self.findings),
            )
        ]
        files = [
            {"name": a.name, "action": a.verb, "size": a.size, "edited": a.edited}
            for a in self.files
        ]
        rules = registry().for_target("connector", "generate", "convert")
        return Report(TOOL, tuple(results), rules, {"files": files})


@dataclass(frozen=True)
class Rendered:
    files: dict[str, bytes]
    diagnostics: list[Diagnostic]
    redirect_note: str | None
    oauth: bool = False  # a `token` OAuth parameter, whose client secret is in no file


def generate(
    config_path: str | PathLike[str],
    out: str | PathLike[str],
    *,
    force: bool = False,
    dry_run: bool = False,
    run_checks: bool = True,
    ignore: Iterable[str] = (),
) -> GenerateResult:
    """Generate the connector folder. Raises InputError for invalid input (nothing written),
    UsageError for an unknown rule id in ``ignore``.

    ``dry_run`` plans everything and writes nothing; it needs no ``force``. ``ignore`` adds
    rule ids to config.json's ``ignore``; both are recorded for `check` (state.py).
    """
    extra_ignored = registry().validate_ignore(ignore, "--ignore")
    config = load_config(Path(config_path))
    secret = client_secret(config.data)
    out_dir = Path(out)
    try:
        # With signInFrom config the security definitions are not mapped: their problems
        # do not stop generate (check still reports them on the output).
        swagger = load_swagger(
            config.api_definition, map_security=config.get("signInFrom") != "config"
        )
        ignored = _ignored(config) | extra_ignored
        previous = read_state(read_existing(out_dir, STATE_NAME))
        settings_path = out_dir / OUTPUT_NAMES[SETTINGS]
        deploy, kept = kept_settings(
            read_existing(out_dir, settings_path.name), settings_path, config
        )
        rendered = render_outputs(config, swagger, deploy)
        profile = config.get("profile", default=DEFAULT_PROFILE)
        files = {**rendered.files, STATE_NAME: state_bytes(rendered.files, profile, ignored)}
        actions = plan_writes(
            out_dir,
            files,
            GENERATED_NAMES,
            force,
            preview=dry_run,
            recorded=recorded_digests(previous),
        )
        diagnostics = registry().settle(
            config.warnings
            + swagger.warnings
            + rendered.diagnostics
            + kept
            + hand_edits(actions, out_dir, dry_run),
            profile,
            ignored,
        )
        diagnostics = _located(diagnostics, [swagger.document])
        findings = _findings(rendered.files, profile, ignored) if run_checks else []
        # A finding about the same place as an input diagnostic says the same thing again
        # (the output's API definition is the input's): it is reported once, as the latter.
        reported = {(d.code, d.pointer) for d in diagnostics}
        said = {d.code for d in diagnostics}
        findings = [
            f
            for f in findings
            if (f.code, f.pointer) not in reported and _SAID_ON_CONFIG.get(f.code) not in said
        ]
        if not dry_run:
            write_files(out_dir, files, actions)
    except InputError as exc:
        # Messages quote the user's values; none of them may print the client secret.
        raise redact_error(exc, secret) from None
    diagnostics = [replace(d, message=redact(d.message, secret)) for d in diagnostics]
    return GenerateResult(
        out_dir,
        actions,
        diagnostics,
        rendered.redirect_note,
        not dry_run,
        findings,
        profile if run_checks else None,
        _conversion_note(config, swagger),
        needs_force=dry_run and not force and bool(occupied(out_dir)),
        deploy=DeployFacts(
            settings=json.loads(rendered.files[OUTPUT_NAMES[SETTINGS]]),
            stack_owner=bool(config.get("stackOwner")),
            oauth_secret=rendered.oauth,
        ),
    )


def _conversion_note(config: Config, swagger: Swagger) -> str | None:
    if swagger.converted_from is None:
        return None
    return (
        f"{definition_file_name(config)} is {config.api_definition} ({swagger.converted_from}) "
        "converted to Swagger 2.0 JSON, the form Power Platform takes."
    )


def definition_file_name(config: Config) -> str:
    """config.json's settings.apiDefinitionFile, else the input's own name when it is one the
    tools know (the certification repository wants apiDefinition.swagger.json), else
    apiDefinition.json."""
    chosen: str | None = config.get("settings", "apiDefinitionFile")
    if chosen:
        return chosen
    known = {name.lower(): name for name in DEFINITION_NAMES}
    return known.get(config.api_definition.name.lower(), OUTPUT_NAMES[API_DEFINITION])


def render_outputs(
    config: Config, swagger: Swagger, deploy: dict[str, str] | None = None
) -> Rendered:
    """All output files as bytes, the diagnostics met on the way, and the redirect note.

    ``deploy``: the settings.json values a deploy saved (see state.kept_settings); by default
    the ones config.json gives.
    """
    diagnostics: list[Diagnostic] = []
    section = connection_section(config, swagger.doc, str(swagger.path))
    plan = section.plan
    if config.get("signInFrom") != "config":  # config mode reads no security requirement
        diagnostics += requirement_notes(swagger.view, str(swagger.path))
    diagnostics += plan.diagnostics
    policies, notes = policy_instances(config, swagger, section)
    diagnostics += notes + host_warning(swagger.doc, config.get("policies"), str(swagger.path))
    if config.get("oauth2", "clientSecret"):
        diagnostics.append(
            Diagnostic(
                "warning",
                "config-client-secret",
                "oauth2.clientSecret is never written to any output: give it to "
                "'paconn create --secret' or the connector's Security tab, and keep it out of "
                "config.json in version control.",
                file=str(config.path),
                pointer="/oauth2/clientSecret",
            )
        )
    icon_png, color = _icon_and_color(config, diagnostics)
    script, notes = script_plan(config, swagger, plan)
    diagnostics += notes
    definition_name = definition_file_name(config)
    if deploy is None:
        deploy = {k: v for k in DEPLOY_SETTINGS if (v := config.get("settings", k))}
    files: dict[str, bytes] = {}
    files[definition_name] = render_json(
        "apiDefinition.json.j2", DefinitionContext(merged_definition(swagger, config))
    )
    files[OUTPUT_NAMES[API_PROPERTIES]] = render_json(
        "apiProperties.json.j2",
        properties_context(config, section, policies, color, script),
    )
    files[OUTPUT_NAMES[SETTINGS]] = render_json(
        "settings.json.j2",
        SettingsContext(
            deploy=deploy,
            api_definition_file=definition_name,
            has_script=script is not None,
            has_icon=icon_png is not None,
        ),
    )
    if icon_png is not None:
        files[OUTPUT_NAMES[ICON]] = icon_png
    if script is not None:
        files[OUTPUT_NAMES[SCRIPT]] = _script(config, swagger, script, diagnostics)
    deploy_doc = DeployDoc(
        definition_name,
        has_icon=icon_png is not None,
        has_script=script is not None,
        stack_owner=bool(config.get("stackOwner")),
    )
    docs = docs_context(config, swagger, plan, deploy_doc)
    files[OUTPUT_NAMES[README]] = render_text("README.md.j2", docs)
    files[OUTPUT_NAMES[INTRO]] = render_text("INTRO.md.j2", docs)
    _guard_secret(config, files)
    return Rendered(files, diagnostics, _redirect_note(plan), plan.oauth)


def _icon_and_color(config: Config, diagnostics: list[Diagnostic]) -> tuple[bytes | None, str]:
    """icon.png and the brand colour: from config, else from the icon's own background."""
    color, notes = configured_brand_color(config)
    diagnostics += notes
    if config.icon is not None and config.get("profile") == "independent-publisher":
        # Independent publishers submit no icon: a generic one is applied (certification-rules
        # ICON-IP-NONE), so writing one would only fail the check.
        diagnostics.append(
            Diagnostic(
                "info",
                "icon-skipped",
                "icon.png is not written: independent publishers submit no icon, a generic "
                "one is applied.",
                file=str(config.path),
                pointer="/icon",
            )
        )
        return None, color or DEFAULT_BRAND_COLOR
    if config.icon is not None:
        from .icon import render_icon

        result = render_icon(config.icon, color)
        diagnostics += result.warnings
        return result.png, color or result.brand_color
    if color is None:
        diagnostics.append(
            Diagnostic(
                "warning",
                "brand-color-default",
                f"iconBrandColor is the platform default {DEFAULT_BRAND_COLOR}, which "
                "certification refuses: set iconBrandColor in config.json to your brand colour "
                "(the icon background).",
                file=str(config.path),
                pointer="/iconBrandColor",
            )
        )
        return None, DEFAULT_BRAND_COLOR
    return None, color


def _script(
    config: Config, swagger: Swagger, script: ScriptPlan, diagnostics: list[Diagnostic]
) -> bytes:
    if config.script_path is None:
        headers = {
            "token_url": auth.TOKEN_URL_HEADER,
            "client_id": auth.CLIENT_ID_HEADER,
            "client_secret": auth.CLIENT_SECRET_HEADER,
            "scope": auth.SCOPE_HEADER,
            "username": auth.USERNAME_HEADER,
            "password": auth.PASSWORD_HEADER,
        }
        return render_text("script.csx.j2", ScriptContext(one_line(swagger.title), script, headers))
    data = read_bytes(
        config.script_path,
        "Script file",
        MAX_SCRIPT_BYTES,
        "The platform refuses a script.csx over 1 MB (learn.microsoft.com write-code).",
    )
    if script.kind == "token":
        diagnostics.append(
            Diagnostic(
                "warning",
                "script-token",
                "your own script replaces the generated one, so it must fetch the OAuth token "
                "itself (the policies pass the token URL and credentials in X-Connectorgen-* "
                "headers).",
                file=str(config.script_path),
            )
        )
    return data


def _redirect_note(plan: auth.AuthPlan) -> str | None:
    if not plan.oauth:
        return None
    if plan.redirect_mode == "GlobalPerConnector":
        return (
            "This connector signs in with OAuth 2.0 and a per-connector redirect URL. Once it "
            "exists, copy the redirect URL from its Security tab (it has the form "
            f"{auth.GLOBAL_REDIRECT_URL}/<connector-name>) and register it with your "
            "OAuth app."
        )
    return (
        f"Register the redirect URL {auth.GLOBAL_REDIRECT_URL} with your OAuth app. "
        "Note: new connectors need a per-connector redirect URL (redirectMode "
        "GlobalPerConnector) since February 2024."
    )


def _guard_secret(config: Config, files: dict[str, bytes]) -> None:
    """Belt and braces: the client secret must not appear in any output, whatever path it took."""
    needles = [
        form.encode("utf-8", "surrogatepass") for form in secret_forms(client_secret(config.data))
    ]
    # Raw, and as the JSON outputs escape it (quotes, backslashes, control characters).
    leaked = [name for name, data in files.items() if any(n in data for n in needles)]
    if leaked:
        raise InputError(
            "oauth2.clientSecret appears in the API definition or your docs text and would be "
            f"written to {', '.join(leaked)}; remove it from there. Nothing was written."
        )


def _ignored(config: Config) -> frozenset[str]:
    try:
        return registry().validate_ignore(config.get("ignore", default=[]))
    except UsageError as exc:  # an unknown rule id in "ignore": the config's fault here
        raise InputError(
            f"Config file {config.path}: {exc}",
            [
                Diagnostic(
                    "error", "config-ignore", str(exc), file=str(config.path), pointer="/ignore"
                )
            ],
        ) from exc


def _located(diagnostics: list[Diagnostic], documents: list[Document]) -> list[Diagnostic]:
    """Line and column for diagnostics that name a pointer into one of ``documents``."""
    by_name = {d.name: d for d in documents}
    located = []
    for diagnostic in diagnostics:
        document = by_name.get(diagnostic.file or "")
        if document is not None and diagnostic.line is None and diagnostic.pointer is not None:
            line, column = document.position(diagnostic.pointer) or (None, None)
            diagnostic = replace(diagnostic, line=line, column=column)
        located.append(diagnostic)
    return located


def _findings(files: dict[str, bytes], profile: str, ignored: frozenset[str]) -> list[Finding]:
    """The certification rules of `check`, run on the rendered files before they are written."""
    from ..connector.check import check_files

    return check_files(files, profile=profile, ignore=ignored)
