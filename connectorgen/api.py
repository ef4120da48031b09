"""The Python API: generate(...) and new_config(...). Nothing here prints.

Data flows one way: config.json and the Swagger are read and checked, a model is built,
every output is rendered to bytes in memory, and only then does the writer touch the disk.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from . import auth as auth_module
from .config import Config, client_secret, load_config, redact, redact_error, secret_forms
from .errors import Diagnostic, InputError
from .model import OUR_FILES, configured_brand_color, merged_definition, script_plan
from .render import render_json, render_text
from .swagger import Swagger, load_swagger
from .write import FileAction, plan_writes, write_files

DEFAULT_BRAND_COLOR = "#007ee5"  # the platform default, refused by certification
MAX_SCRIPT_BYTES = 1_048_576  # "the size of your script file can't be more than 1 MB" (write-code)


@dataclass
class GenerateResult:
    out: Path
    files: list[FileAction]
    diagnostics: list[Diagnostic]
    redirect_note: str | None
    written: bool
    findings: list[Any] = field(default_factory=list)
    profile: str | None = None  # the rule set the findings come from; None: not checked


def render_outputs(config: Config, swagger: Swagger) -> tuple[dict[str, bytes], list, str | None]:
    """All output files as bytes, the diagnostics met on the way, and the redirect note."""
    diagnostics: list[Diagnostic] = []
    plan = auth_module.plan_auth(
        swagger.doc, config.section("oauth2"), str(swagger.path), str(config.path)
    )
    diagnostics += plan.diagnostics
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
    definition_name = config.get("settings", "apiDefinitionFile", default="apiDefinition.json")
    files: dict[str, bytes] = {}
    files[definition_name] = render_json(
        "apiDefinition.json.j2", {"api_definition": merged_definition(swagger, config)}
    )
    files["apiProperties.json"] = render_json(
        "apiProperties.json.j2",
        {
            "connection_parameters": plan.connection_parameters,
            "parameter_sets": plan.parameter_sets,
            "brand_color": color,
            "capabilities": config.get("capabilities", default=[]),
            "publisher": config.get("publisher"),
            "stack_owner": config.get("stackOwner"),
            "script_operations": script["limit"] if script else [],
            "policies": plan.policies,
        },
    )
    files["settings.json"] = render_json(
        "settings.json.j2",
        {
            "connector_id": config.get("settings", "connectorId"),
            "environment": config.get("settings", "environment"),
            "api_definition_file": definition_name,
            "has_script": script is not None,
            "has_icon": icon_png is not None,
        },
    )
    if icon_png is not None:
        files["icon.png"] = icon_png
    if script is not None:
        files["script.csx"] = _script(config, swagger, script, diagnostics)
    docs_context = _docs_context(config, swagger, plan)
    files["README.md"] = render_text("README.md.j2", docs_context)
    files["INTRO.md"] = render_text("INTRO.md.j2", docs_context)
    _guard_secret(config, files)
    return files, diagnostics, _redirect_note(plan)


def _icon_and_color(config: Config, diagnostics: list[Diagnostic]) -> tuple[bytes | None, str]:
    """icon.png and the brand colour: from config, else from the icon's own background."""
    color = configured_brand_color(config)
    if config.icon is not None and config.get("profile") == "independent-publisher":
        # Independent publishers submit no icon: a generic one is applied (certification-rules
        # ICON-IP-NONE), so writing one would only fail the check.
        diagnostics.append(
            Diagnostic(
                "info",
                "icon-independent-publisher",
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
        return result.png, result.brand_color
    if color is None:
        diagnostics.append(
            Diagnostic(
                "warning",
                "brand-color-default",
                "iconBrandColor is the platform default #007ee5, which certification refuses: set "
                "iconBrandColor in config.json to your brand colour (the icon background).",
                file=str(config.path),
                pointer="/iconBrandColor",
            )
        )
        return None, DEFAULT_BRAND_COLOR
    return None, color


def _script(config: Config, swagger: Swagger, script: dict, diagnostics: list) -> bytes:
    if config.script_path is not None:
        from .jsonio import read_bytes

        data = read_bytes(
            config.script_path,
            "Script file",
            MAX_SCRIPT_BYTES,
            "The platform refuses a script.csx over 1 MB (learn.microsoft.com write-code).",
        )
        if b"ScriptBase" not in data:
            diagnostics.append(
                Diagnostic(
                    "warning",
                    "script-class",
                    "the script has no class deriving from ScriptBase; the platform needs "
                    "'public class Script : ScriptBase'.",
                    file=str(config.script_path),
                )
            )
        if script["kind"] == "token":
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
    headers = {
        "token_url": auth_module.TOKEN_URL_HEADER,
        "client_id": auth_module.CLIENT_ID_HEADER,
        "client_secret": auth_module.CLIENT_SECRET_HEADER,
        "scope": auth_module.SCOPE_HEADER,
        "username": auth_module.USERNAME_HEADER,
        "password": auth_module.PASSWORD_HEADER,
    }
    return render_text(
        "script.csx.j2", {"title": _one_line(swagger.title), "script": script, "headers": headers}
    )


def _one_line(text: str) -> str:
    """User text bound for one line (a C# // comment, a Markdown heading): no line breaks."""
    return " ".join(text.splitlines())


def _docs_context(config: Config, swagger: Swagger, plan: Any) -> dict[str, Any]:
    docs = {
        key: config.get("docs", key)
        for key in (
            "summary",
            "prerequisites",
            "obtainingCredentials",
            "gettingStarted",
            "knownIssues",
            "faq",
            "deploymentInstructions",
        )
    }
    docs["summary"] = docs["summary"] or swagger.description or None
    operations = [
        {
            "heading": _one_line(op.summary or op.operation_id or f"{op.method} {op.path}"),
            "description": op.description,
            "method": op.method,
            "path": op.path,
            "note": _operation_note(op),
        }
        for op in swagger.operations()
    ]
    service = swagger.title
    return {
        "title": _one_line(swagger.title),
        "publisher": config.get("publisher"),
        "docs": docs,
        "operations": operations,
        "auth": plan.details,
        "service": service,
        "oauth": plan.oauth,
    }


def _operation_note(op: Any) -> str | None:
    # Every operation is documented; the ones users do not see in the designer say so.
    if op.deprecated:
        return "Deprecated: kept for existing flows, not offered for new ones."
    if op.visibility == "internal":
        return "Internal: used by the connector itself and hidden in the designer."
    return None


def _redirect_note(plan: Any) -> str | None:
    if not plan.oauth:
        return None
    if plan.redirect_mode == "GlobalPerConnector":
        return (
            "This connector signs in with OAuth 2.0 and a per-connector redirect URL. Once it "
            "exists, copy the redirect URL from its Security tab (it has the form "
            f"{auth_module.GLOBAL_REDIRECT_URL}/<connector-name>) and register it with your "
            "OAuth app."
        )
    return (
        f"Register the redirect URL {auth_module.GLOBAL_REDIRECT_URL} with your OAuth app. "
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


def generate(
    config_path: str | Path,
    out: str | Path,
    *,
    force: bool = False,
    dry_run: bool = False,
    run_checks: bool = True,
) -> GenerateResult:
    """Generate the connector folder. Raises InputError for invalid input (nothing written)."""
    config = load_config(Path(config_path))
    secret = client_secret(config.data)
    try:
        swagger = load_swagger(config.api_definition)
        files, diagnostics, redirect = render_outputs(config, swagger)
        diagnostics = config.warnings + swagger.warnings + diagnostics
        profile = config.get("profile", default="certified") if run_checks else None
        findings = _findings(files, config, profile) if profile else []
        out_dir = Path(out)
        actions = plan_writes(out_dir, files, OUR_FILES, force)
        if not dry_run:
            write_files(out_dir, files, actions)
    except InputError as exc:
        # Messages quote the user's values; none of them may print the client secret.
        raise redact_error(exc, secret) from None
    diagnostics = [replace(d, message=redact(d.message, secret)) for d in diagnostics]
    return GenerateResult(out_dir, actions, diagnostics, redirect, not dry_run, findings, profile)


def _findings(files: dict[str, bytes], config: Config, profile: str) -> list[Any]:
    """The certification rules of `check`, run on the rendered files before they are written."""
    from .check import UsageError, check_files

    try:
        return check_files(files, profile=profile, ignore=config.get("ignore", default=[]))
    except UsageError as exc:  # an unknown rule id in "ignore": the config's fault here
        raise InputError(
            f"Config file {config.path}: {exc}",
            [
                Diagnostic(
                    "error", "config-ignore", str(exc), file=str(config.path), pointer="/ignore"
                )
            ],
        ) from exc


# ---------------------------------------------------------------- new-config


@dataclass
class NewConfigResult:
    path: Path
    required_blanks: list[str]  # generate stops until these are filled
    optional_blanks: list[str]  # certification needs these
    diagnostics: list[Diagnostic]
    defaults: dict[str, str] = field(default_factory=dict)  # blank key: what generate uses


def new_config(
    out: str | Path = "config.json",
    *,
    api_definition: str | Path | None = None,
    icon: str | Path | None = None,
    force: bool = False,
) -> NewConfigResult:
    from .newconfig import build_config
    from .write import write_standalone

    out_path = Path(out)
    if out_path.is_dir():
        raise InputError(f"{out_path} is a folder; give the path of the config file to write.")
    if out_path.exists() and not force:
        raise InputError(f"{out_path} exists already; use --force to replace it.")
    files, required, optional, defaults, diagnostics = build_config(
        out_path,
        Path(api_definition) if api_definition else None,
        Path(icon) if icon else None,
    )
    write_standalone(files)
    return NewConfigResult(out_path, required, optional, diagnostics, defaults)
