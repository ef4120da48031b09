"""new-config: config.json.tmpl filled with what the Swagger tells, blanks for the rest."""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass, field
from os import PathLike
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, InputError
from ..core.jsonio import dump_json
from ..core.platform import DEFAULT_BRAND_COLOR, IP_BRAND_COLOR, Profile
from ..core.resources import config_schema_path, config_template
from ..core.writer import write_standalone
from .config import load_schema

# Which oauth2 keys matter for which kind of sign-in (the rest are dropped from the file).
_OAUTH_KEYS = {
    "aad": ("clientId", "tenantId", "resourceUri", "scopes"),
    "oauth2": ("clientId", "refreshUrl", "scopes"),
    "token-script": ("scopes",),
}
_REQUIRED_OAUTH = {"aad": ("clientId", "resourceUri"), "oauth2": ("clientId",)}
# Blanks that generate fills by itself, and with what: reported apart from the ones to write.
DEFAULTS = {
    "oauth2.tenantId": "common",
    "oauth2.scopes": "the scopes of the API definition",
    "oauth2.refreshUrl": "the token URL",
    "capabilities": "[] (new-config writes triggers when operations have x-ms-trigger)",
    "connectionParameters": "only the sign-in parameters of the API definition",
    "policies": "none",
}
# The x-ms-connector-metadata entries config.json's metadata section mirrors.
_METADATA_KEYS = {
    "website": "website",
    "privacy policy": "privacyPolicy",
    "categories": "categories",
}


@dataclass
class NewConfigResult:
    path: Path
    required_blanks: list[str]  # generate stops until these are filled
    optional_blanks: list[str]  # certification needs these
    diagnostics: list[Diagnostic]
    defaults: dict[str, str] = field(default_factory=dict)  # blank key: what generate uses


def new_config(
    out: str | PathLike[str] = "config.json",
    *,
    api_definition: str | PathLike[str] | None = None,
    icon: str | PathLike[str] | None = None,
    force: bool = False,
    profile: Profile | None = None,
    publisher: str | None = None,
) -> NewConfigResult:
    """Write config.json (and config.schema.json beside it); never overwrite without force."""
    out_path = Path(out)
    if out_path.is_dir():
        raise InputError(f"{out_path} is a folder; give the path of the config file to write.")
    if out_path.exists() and not force:
        raise InputError(f"{out_path} exists already; use --force to replace it.")
    if icon:
        _check_icon(Path(icon))
    files, required, optional, defaults, diagnostics = build_config(
        out_path,
        Path(api_definition) if api_definition else None,
        Path(icon) if icon else None,
        profile=profile,
        publisher=publisher,
    )
    write_standalone(files)
    return NewConfigResult(out_path, required, optional, diagnostics, defaults)


def _check_icon(icon: Path) -> None:
    """A missing or unreadable logo is refused now, as a missing API definition is, rather
    than written into a config that generate then refuses."""
    from ..core.image import open_image

    if not icon.exists():
        raise InputError(f"Icon {icon} does not exist; give the path of your logo (PNG or JPEG).")
    if icon.is_dir():
        raise InputError(f"Icon {icon} is a folder; give the path of your logo (PNG or JPEG).")
    open_image(icon).close()  # a broken or unsafe image is refused with its own message


def build_config(
    out: Path,
    api_definition: Path | None,
    icon: Path | None,
    *,
    profile: Profile | None = None,
    publisher: str | None = None,
) -> tuple[dict[Path, bytes], list[str], list[str], dict[str, str], list[Diagnostic]]:
    config: dict[str, Any] = json.loads(config_template().read_text(encoding="utf-8"))
    diagnostics: list[Diagnostic] = []
    required: list[str] = []
    base = out.parent
    if profile:
        config["profile"] = profile
    if publisher:
        config["publisher"] = publisher
    if api_definition is not None:
        config["apiDefinition"] = _relative(api_definition, base)
        oauth_kind = _fill_from_swagger(config, api_definition, diagnostics)
    else:
        required.append("apiDefinition")
        oauth_kind = None
    if icon is not None:
        config["icon"] = _relative(icon, base)
    _shape_oauth(config, oauth_kind)
    required += [
        f"oauth2.{key}"
        for key in _REQUIRED_OAUTH.get(oauth_kind or "", ())
        if not config["oauth2"].get(key)
    ]
    known = {**DEFAULTS, **_icon_defaults(config)}
    blanks = [key for key in _blank_keys(config) if key not in required]
    for_certification = [key for key in blanks if key not in known]
    defaults = {key: known[key] for key in blanks if key in known}
    files = {out: dump_json(config), **_schema_beside(out, diagnostics)}
    return files, required, for_certification, defaults, diagnostics


def _relative(path: Path, base: Path) -> str:
    # Paths in config.json are relative to its folder, with forward slashes on every system.
    return Path(os.path.relpath(path.resolve(), base.resolve())).as_posix()


def _fill_from_swagger(
    config: dict[str, Any], path: Path, diagnostics: list[Diagnostic]
) -> str | None:
    from ..openapi.load import load_swagger

    swagger = load_swagger(path)
    diagnostics += swagger.warnings
    title = swagger.title.strip()
    config["stackOwner"] = title
    config["contact"]["name"] = f"{title} support"
    if swagger.description:
        config["docs"]["summary"] = swagger.description
    schema = load_schema()["properties"]
    contact = swagger.doc["info"].get("contact")
    if isinstance(contact, dict):
        for key in ("name", "url", "email"):
            if _fits(contact.get(key), schema["contact"]["properties"][key]):
                config["contact"][key] = contact[key]
    _fill_metadata(config, swagger.doc.get("x-ms-connector-metadata"), schema["metadata"])
    _hints(config, swagger.doc, str(path), diagnostics)
    return _oauth_kind(swagger.security_definitions())


def _hints(
    config: dict[str, Any], doc: dict[str, Any], name: str, diagnostics: list[Diagnostic]
) -> None:
    """What the Swagger tells beyond its sign-in: a per-customer host, trigger operations."""
    from .hints import host_hint, trigger_capabilities

    capabilities = trigger_capabilities(doc)
    if capabilities:
        config["capabilities"] = capabilities
    hint = host_hint(doc)
    if hint is None:
        return
    config["connectionParameters"] = {hint.parameter: hint.entry}
    config["policies"] = [hint.policy]
    diagnostics.append(
        Diagnostic(
            "info",
            "config-host-hint",
            f"the host {hint.host!r} is {hint.reason}, so config.json proposes the connection "
            f"parameter connectionParameters.{hint.parameter} and a dynamichosturl policy "
            "(policies) that sends requests to the host each connection gives. Remove both if "
            "every customer uses that host.",
            file=name,
            pointer="/host",
        )
    )


def _fill_metadata(config: dict[str, Any], entries: Any, schema: dict[str, Any]) -> None:
    """Website, Privacy policy and Categories from the Swagger's x-ms-connector-metadata, so
    that nobody is asked for them again (and generate's merge leaves them as they are).
    Values config.schema.json refuses stay blank: the config must pass its own schema."""
    properties = schema["properties"]
    for entry in entries if isinstance(entries, list) else []:
        if not isinstance(entry, dict) or not isinstance(entry.get("propertyValue"), str):
            continue
        key = _METADATA_KEYS.get(str(entry.get("propertyName", "")).strip().lower())
        value = entry["propertyValue"].strip()
        if key == "categories":
            allowed = properties["categories"]["items"]["enum"]
            wanted = [c.strip() for c in value.split(";") if c.strip() in allowed]
            config["metadata"]["categories"] = list(dict.fromkeys(wanted))[
                : properties["categories"]["maxItems"]
            ]
        elif key is not None and _fits(value, properties[key]):
            config["metadata"][key] = value


def _fits(value: Any, schema: dict[str, Any]) -> bool:
    """A non-empty string that config.schema.json's pattern for the key accepts."""
    if not isinstance(value, str) or not value:
        return False
    pattern = schema.get("pattern")
    return pattern is None or re.search(pattern, value) is not None


def _icon_defaults(config: dict[str, Any]) -> dict[str, str]:
    """What generate does with a blank icon and iconBrandColor, for the profile: only what it
    can do without failing the profile's check is called a default (certified connectors need
    an icon, certification-rules ICON-REQ-CERT, and a colour other than the platform's)."""
    profile = config.get("profile") or "certified"
    if profile == "independent-publisher":
        return {
            "icon": "none: independent publishers submit no icon (a generic one is applied)",
            "iconBrandColor": f"{IP_BRAND_COLOR}, which independent publishers must use",
        }
    defaults = {"iconBrandColor": "the colour of the icon's background"} if config["icon"] else {}
    if profile == "custom":
        defaults.setdefault("iconBrandColor", f"the platform default {DEFAULT_BRAND_COLOR}")
        defaults["icon"] = "no icon.png (the platform's default icon)"
    return defaults


def _oauth_kind(definitions: dict[str, Any]) -> str | None:
    from .auth import provider_for

    for spec in definitions.values():
        if spec.get("type") != "oauth2":
            continue
        if spec.get("flow") in ("application", "password"):
            return "token-script"
        return provider_for(spec.get("authorizationUrl", ""), spec.get("tokenUrl", ""))
    return None


def _shape_oauth(config: dict[str, Any], kind: str | None) -> None:
    if kind is None:
        # Without an API definition nothing is known yet: keep MsIndustryLinks' four keys.
        if config["apiDefinition"]:
            del config["oauth2"]
        return
    config["oauth2"] = {k: v for k, v in config["oauth2"].items() if k in _OAUTH_KEYS[kind]}


def _blank_keys(node: Any, prefix: str = "") -> list[str]:
    if isinstance(node, dict):
        out = []
        for key, value in node.items():
            out += _blank_keys(value, f"{prefix}{key}.") if key != "$schema" else []
        return out or ([prefix.rstrip(".")] if not node and prefix else [])
    return [prefix.rstrip(".")] if node in ("", []) else []


def _schema_beside(out: Path, diagnostics: list[Diagnostic]) -> dict[Path, bytes]:
    """config.schema.json next to config.json, so "$schema" works in editors offline."""
    target = out.parent / "config.schema.json"
    data = config_schema_path().read_bytes()
    if not target.exists():
        return {target: data}
    if target.read_bytes() != data:
        diagnostics.append(
            Diagnostic(
                "warning",
                "schema-stale",
                f"{target} differs from this connectorgen's schema and was left as it is; "
                "delete it and run new-config again to refresh it.",
                file=str(target),
            )
        )
    return {}
