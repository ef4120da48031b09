"""Connection parameters from config.json: extra ones, overrides of the sign-in ones, and sets.

Two ways to say what a connection asks for (config ``signInFrom``):

- ``apiDefinition`` (default): ``auth.plan_auth`` derives the sign-in parameters from the
  Swagger's security definitions. ``connectionParameters`` entries named like a derived
  parameter override its fields (null removes it); other entries are extra parameters (an
  instance URL, a region, a dropdown), added to every parameter set when there are several.
- ``config``: ``connectionParameters`` and ``connectionParameterSets`` list every parameter,
  sign-in ones included, exactly; nothing is derived. ``import`` writes this form, since real
  connectors' apiProperties.json, not their Swagger, decides how they sign in (asset-shapes
  §1.2: 26 OAuth connectors have no security definition at all).

A parameter entry is typed (type, displayName, description, tooltip, required, hidden,
clearText, tabIndex, allowedValues, default, metadata, schema) and written in the shapes of
accepted connectors (asset-shapes §1.2 and §1.5): ``required`` and ``hidden`` as the strings
"true"/"false", ``clearText`` a boolean, ``tabIndex`` an integer, a dropdown as
``constraints.allowedValues``, a default as ``defaultValue``.
"""

from __future__ import annotations

import copy
from dataclasses import dataclass, field
from typing import Any

from ..core.diagnostics import Diagnostic, InputError, with_suggestion
from ..core.document import pointer_join
from ..openapi.view import ApiView
from . import auth
from .config import Config
from .requirements import Scheme
from .wording import sentence_case, with_article

# Labels of the connectionParameterSets choice when the config gives none.
SETS_DISPLAY_NAME = "Authentication type"
SETS_DESCRIPTION = "The kind of sign-in this connection uses."

_TEXTS = ("displayName", "description", "tooltip")
_STRING_FLAGS = ("required", "hidden")  # "true"/"false" strings in 1,094 of 1,103 real files
_PLAIN_CONSTRAINTS = ("tabIndex", "clearText", "allowedValues")
SECRET_TYPES = ("securestring",)


@dataclass
class ConnectionSection:
    """What apiProperties.json says about connections, and the sign-in for docs and script."""

    parameters: dict[str, Any] | None  # connectionParameters; None: the key is left out
    sets: dict[str, Any] | None  # connectionParameterSets; None: none
    plan: auth.AuthPlan
    problems: list[Diagnostic] = field(default_factory=list)

    def declared(self) -> set[str]:
        """Every parameter name a policy may read, at the top level or in any set."""
        names = set(self.parameters or {})
        for entry in (self.sets or {}).get("values", []):
            names |= set(entry.get("parameters", {}))
        return names


def connection_section(config: Config, doc: dict[str, Any], api_file: str) -> ConnectionSection:
    """The connection parameters (or sets) for apiProperties.json. Raises InputError listing
    every problem of the config's connectionParameters / connectionParameterSets at once."""
    if config.get("signInFrom") == "config":
        section = _from_config(config, doc, api_file)
    else:
        plan = auth.plan_auth(doc, config.section("oauth2"), api_file, str(config.path))
        section = _derived(config, plan)
    if section.problems:
        # An entry shared by several parameter sets is reported once, not once per set.
        section.problems = list(dict.fromkeys(section.problems))
        lines = [f"  - {p.message}" for p in section.problems]
        raise InputError(
            f"Config file {config.path}: the connection parameters cannot be built "
            f"({len(section.problems)} problem(s)):\n" + "\n".join(lines),
            section.problems,
        )
    return section


# ---------------------------------------------------------------- one parameter


def parameter_json(entry: dict[str, Any], base: dict[str, Any] | None = None) -> dict[str, Any]:
    """The apiProperties form of a config parameter entry, over ``base`` when it overrides a
    derived one: a field the entry gives replaces the base's, null removes it."""
    param = copy.deepcopy(base) if base is not None else {}
    if "type" in entry:
        param["type"] = entry["type"]
    _put(param, "defaultValue", entry, "default")
    _put(param, "metadata", entry, "metadata")
    ui = dict(param.get("uiDefinition") or {})
    for key in _TEXTS:
        _put(ui, key, entry, key)
    _put(ui, "schema", entry, "schema")
    constraints = dict(ui.get("constraints") or {})
    for key in _PLAIN_CONSTRAINTS:
        _put(constraints, key, entry, key)
    for key in _STRING_FLAGS:
        if key in entry:
            value = entry[key]
            if value is None:
                constraints.pop(key, None)
            else:
                constraints[key] = "true" if value else "false"
    _put_nonempty(ui, "constraints", constraints)
    _put_nonempty(param, "uiDefinition", ui)
    return param


def _put(target: dict[str, Any], key: str, entry: dict[str, Any], field_name: str) -> None:
    if field_name not in entry:
        return
    if entry[field_name] is None:
        target.pop(key, None)
    else:
        target[key] = copy.deepcopy(entry[field_name])


def _put_nonempty(target: dict[str, Any], key: str, value: dict[str, Any]) -> None:
    if value:
        target[key] = value
    else:
        target.pop(key, None)


# ---------------------------------------------------------------- signInFrom apiDefinition


def _derived(config: Config, plan: auth.AuthPlan) -> ConnectionSection:
    """The Swagger's sign-in, with the config's overrides and extra parameters applied."""
    name = str(config.path)
    section = ConnectionSection(None, None, plan)
    entries = config.data.get("connectionParameters", {})
    if entries is None:
        section.problems.append(
            _problem(
                name,
                "/connectionParameters",
                "connectionParameters: null (no connectionParameters key) needs "
                '"signInFrom": "config"; remove it, or list the parameters there.',
            )
        )
        entries = {}
    sets_config = config.section("connectionParameterSets")
    if plan.parameter_sets is None:
        params = dict(plan.connection_parameters)
        _merge(params, entries, name, "/connectionParameters", section.problems)
        section.parameters = params
        if sets_config.get("sets"):
            section.problems.append(
                _problem(
                    name,
                    "/connectionParameterSets/sets",
                    "connectionParameterSets.sets: the API definition has one sign-in, so "
                    'there are no sets to change. Use "signInFrom": "config" to describe '
                    "sets yourself.",
                )
            )
        return section
    values = [copy.deepcopy(v) for v in plan.parameter_sets]
    _check_shared_entries(entries, values, name, section.problems)
    for value in values:
        params = value["parameters"]
        shared = {
            key: entry
            for key, entry in entries.items()
            if key in params or (entry is not None and "type" in entry)
        }
        _merge(params, shared, name, "/connectionParameters", section.problems)
    _apply_set_entries(values, sets_config, name, section.problems)
    section.sets = _sets_json(sets_config, values)
    return section


def _check_shared_entries(
    entries: dict[str, Any], values: list[dict[str, Any]], name: str, problems: list[Diagnostic]
) -> None:
    """A top-level entry must name a parameter of some set, or be an extra one (with a type)."""
    known = sorted({key for value in values for key in value["parameters"]})
    for key, entry in entries.items():
        if any(key in value["parameters"] for value in values):
            continue
        if entry is None or "type" not in entry:
            problems.append(
                _unknown_parameter(name, "/connectionParameters", key, known, null=entry is None)
            )


def _apply_set_entries(
    values: list[dict[str, Any]],
    sets_config: dict[str, Any],
    name: str,
    problems: list[Diagnostic],
) -> None:
    by_name = {value["name"]: value for value in values}
    for index, entry in enumerate(sets_config.get("sets") or []):
        pointer = f"/connectionParameterSets/sets/{index}"
        value = by_name.get(entry["name"])
        if value is None:
            problems.append(
                _problem(
                    name,
                    pointer + "/name",
                    f"connectionParameterSets.sets[{index}].name: "
                    f"{with_suggestion(entry['name'], by_name)} is not one of the sets derived "
                    f"from the API definition ({', '.join(by_name)}). Use "
                    '"signInFrom": "config" to describe sets yourself.',
                )
            )
            continue
        _set_labels(value, entry)
        _merge(
            value["parameters"],
            entry.get("parameters", {}),
            name,
            pointer + "/parameters",
            problems,
        )


def _merge(
    params: dict[str, Any],
    entries: dict[str, Any],
    config_name: str,
    pointer: str,
    problems: list[Diagnostic],
) -> None:
    """Apply config entries to derived ``params``: override, remove (null) or add."""
    derived = sorted(params)
    for key, entry in entries.items():
        where = pointer + pointer_join(key)
        if entry is None:
            if key in params:
                del params[key]
            else:
                problems.append(_unknown_parameter(config_name, pointer, key, derived, null=True))
            continue
        if "oauth2" in entry:
            problems.append(
                _problem(
                    config_name,
                    where + "/oauth2",
                    f"{_key_path(where)}.oauth2: a parameter's own OAuth settings need "
                    '"signInFrom": "config"; otherwise the top-level oauth2 applies.',
                )
            )
            continue
        if key in params:
            params[key] = parameter_json(entry, params[key])
        elif "type" in entry:
            if entry["type"] == "oauthSetting":
                problems.append(_oauth_type_problem(config_name, where))
                continue
            params[key] = parameter_json(entry)
        else:
            problems.append(_unknown_parameter(config_name, pointer, key, derived))


# ---------------------------------------------------------------- signInFrom config


def _from_config(config: Config, doc: dict[str, Any], api_file: str) -> ConnectionSection:
    """Every parameter as the config lists it; OAuth settings built from oauth2 keys."""
    name = str(config.path)
    plan = auth.AuthPlan({})
    section = ConnectionSection(None, None, plan)
    builder = _OAuthBuilder(config, doc, api_file, plan, section.problems)
    entries = config.data.get("connectionParameters", {})
    sets_config = config.section("connectionParameterSets")
    if entries is not None and (entries or not sets_config.get("sets")):
        section.parameters = _explicit(entries, name, "/connectionParameters", builder)
    if sets_config.get("sets"):
        values = []
        for index, entry in enumerate(sets_config["sets"]):
            pointer = f"/connectionParameterSets/sets/{index}"
            value: dict[str, Any] = {"name": entry["name"]}
            _set_labels(value, entry)
            value["parameters"] = _explicit(
                entry.get("parameters", {}), name, pointer + "/parameters", builder
            )
            values.append(value)
        section.sets = _sets_json(sets_config, values)
    plan.parameter_sets = (section.sets or {}).get("values")
    plan.connection_parameters = section.parameters or {}
    plan.details += _details(section, doc)  # OAuth parameters added theirs already
    plan.details = plan.details or [{"kind": "none"}]
    return section


def _explicit(
    entries: dict[str, Any], config_name: str, pointer: str, builder: _OAuthBuilder
) -> dict[str, Any]:
    params: dict[str, Any] = {}
    for key, entry in entries.items():
        where = pointer + pointer_join(key)
        if entry is None or "type" not in entry:
            builder.problems.append(
                _problem(
                    config_name,
                    where,
                    f'{_key_path(where)}: with "signInFrom": "config" every parameter needs '
                    "a type (string, securestring, int, bool or oauthSetting).",
                )
            )
            continue
        if entry["type"] == "oauthSetting":
            settings = builder.settings(entry.get("oauth2"), where)
            base = {"type": "oauthSetting", "oAuthSettings": settings}
            params[key] = parameter_json({k: v for k, v in entry.items() if k != "oauth2"}, base)
            continue
        if "oauth2" in entry:
            builder.problems.append(_oauth_type_problem(config_name, where + "/oauth2"))
            continue
        params[key] = parameter_json(entry)
    return params


class _OAuthBuilder:
    """oAuthSettings for oauthSetting parameters of a config-described connection."""

    def __init__(
        self,
        config: Config,
        doc: dict[str, Any],
        api_file: str,
        plan: auth.AuthPlan,
        problems: list[Diagnostic],
    ) -> None:
        self.config, self.api_file, self.plan, self.problems = config, api_file, plan, problems
        self.scheme = _swagger_oauth_scheme(doc)

    def settings(self, own: dict[str, Any] | None, where: str) -> dict[str, Any]:
        cfg = own if own is not None else self.config.section("oauth2")
        oauth_pointer = where + "/oauth2" if own is not None else "/oauth2"
        missing = self._missing_urls(cfg)
        if missing:
            self.problems += [
                _problem(
                    str(self.config.path),
                    f"{oauth_pointer}/{key}",
                    f"{_key_path(oauth_pointer)}.{key}: required for the OAuth parameter "
                    f"{_key_path(where)} (the API definition has no OAuth 2.0 definition to "
                    "take it from).",
                )
                for key in missing
            ]
            return {}
        settings = auth.oauth_settings(
            self.plan, self.scheme, cfg, self.api_file, str(self.config.path)
        )
        self.plan.oauth = True
        if self.plan.redirect_mode is None:
            self.plan.redirect_mode = settings.get("redirectMode")
        return settings

    def _missing_urls(self, cfg: dict[str, Any]) -> list[str]:
        provider = cfg.get("identityProvider") or auth.provider_for(
            cfg.get("authorizationUrl") or self.scheme.spec.get("authorizationUrl", ""),
            cfg.get("tokenUrl") or self.scheme.spec.get("tokenUrl", ""),
        )
        if provider not in ("oauth2", "oauth2generic"):
            return []
        custom = {key.lower() for key in cfg.get("customParameters") or {}}
        needed = []
        for key in ("authorizationUrl", "tokenUrl"):
            given = cfg.get(key) or self.scheme.spec.get(key)
            if not given and not any(c.startswith(key.lower()) for c in custom):
                needed.append(key)
        return needed


def _swagger_oauth_scheme(doc: dict[str, Any]) -> Scheme:
    """The Swagger's first OAuth authorization-code (or implicit) definition, for defaults;
    without one, an empty authorization-code scheme that the config fills in."""
    for key, spec in ApiView(doc).security_definitions.items():
        oauth = isinstance(spec, dict) and spec.get("type") == "oauth2"
        if oauth and spec.get("flow") in ("accessCode", "implicit"):
            return Scheme(key, {**spec, "flow": "accessCode"}, [])
    return Scheme("oauth2", {"type": "oauth2", "flow": "accessCode"}, [])


def _details(section: ConnectionSection, doc: dict[str, Any]) -> list[dict[str, Any]]:
    """What README.md says about signing in, for parameters the config lists itself."""
    params: dict[str, Any] = dict(section.parameters or {})
    for value in (section.sets or {}).get("values", []):
        params.update(value.get("parameters", {}))
    details: list[dict[str, Any]] = []
    if "username" in params and "password" in params:
        details.append({"kind": "basic", "key": "basic"})
    api_keys = [
        (key, spec)
        for key, spec in ApiView(doc).security_definitions.items()
        if isinstance(spec, dict) and spec.get("type") == "apiKey"
    ]
    for key, param in params.items():
        if key in ("username", "password") or param.get("type") not in SECRET_TYPES:
            continue
        spec = api_keys.pop(0)[1] if api_keys else {"in": "header", "name": key}
        display = (param.get("uiDefinition") or {}).get("displayName") or "API Key"
        details.append(
            {
                "kind": "apiKey",
                "key": key,
                "display": display,
                "phrase": with_article(sentence_case(display)),
                "in": spec.get("in", "header"),
                "name": spec.get("name", key),
                "parameter": key,
            }
        )
    return details


# ---------------------------------------------------------------- sets


def _set_labels(value: dict[str, Any], entry: dict[str, Any]) -> None:
    ui = dict(value.get("uiDefinition") or {})
    for key in ("displayName", "description"):
        if key in entry:
            ui[key] = entry[key]
    value["uiDefinition"] = ui
    if "metadata" in entry:
        if entry["metadata"] is None:
            value.pop("metadata", None)
        else:
            # Real sets put metadata ({"allowSharing": false}) before their parameters.
            parameters = value.pop("parameters", None)
            value["metadata"] = dict(entry["metadata"])
            if parameters is not None:
                value["parameters"] = parameters


def _sets_json(sets_config: dict[str, Any], values: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "uiDefinition": {
            "displayName": sets_config.get("displayName", SETS_DISPLAY_NAME),
            "description": sets_config.get("description", SETS_DESCRIPTION),
        },
        "values": values,
    }


# ---------------------------------------------------------------- messages


def _key_path(pointer: str) -> str:
    """/connectionParameters/api_key/displayName -> connectionParameters.api_key.displayName."""
    out = ""
    for part in pointer.strip("/").split("/"):
        part = part.replace("~1", "/").replace("~0", "~")
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out


def _problem(config_name: str, pointer: str, message: str) -> Diagnostic:
    return Diagnostic(
        "error", "config-connection-parameters", message, file=config_name, pointer=pointer
    )


def _unknown_parameter(
    config_name: str, pointer: str, key: str, derived: list[str], null: bool = False
) -> Diagnostic:
    where = pointer + pointer_join(key)
    names = ", ".join(derived) or "none"
    what = (
        "cannot be removed: connectorgen derives no such parameter"
        if null
        else (
            "is not a sign-in parameter connectorgen derives, so it is an extra parameter and "
            "needs a type (string, securestring, int or bool)"
        )
    )
    return _problem(
        config_name,
        where,
        f"{_key_path(where)}: {with_suggestion(key, derived)} {what}. Derived parameters: {names}.",
    )


def _oauth_type_problem(config_name: str, where: str) -> Diagnostic:
    return _problem(
        config_name,
        where,
        f"{_key_path(where)}: an oauthSetting parameter is derived from the API definition's "
        'OAuth 2.0 definition; to list one yourself, set "signInFrom": "config".',
    )
