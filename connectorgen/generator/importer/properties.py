"""apiProperties.json to config.json keys, field by field, never as a copy.

Each value is written as the structured key generate builds it from; a value no key can
express is reported by its key path and left out. The shapes accepted here are those of real
connectors (asset-shapes §1.2 to §1.11). Connection parameters are written with
``"signInFrom": "config"``: real connectors sign in as their apiProperties.json says, which often
differs from their Swagger's security definitions (asset-shapes §1.2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from ...core.document import pointer_join
from ...core.policy_templates import (
    OPERATIONS_KEY,
    PARAMETER_PREFIX,
    SECTION_KEY,
    SECTIONS,
    connection_parameter_references,
    template,
    url_template_problem,
)
from ..auth import AAD_PROVIDERS
from .report import Reporter

_COLOR = re.compile(r"^#[0-9a-fA-F]{6}$")
_CAPABILITY = re.compile(r"^([Aa]ctions|[Tt]riggers|gateway|cloud only)$")
_URL = re.compile(r"^https?://\S+$")
_PARAMETER_TYPES = ("string", "securestring", "int", "bool", "oauthSetting")
_SCALAR = (str, int, float, bool)
_BASE = "/properties"

# Keys of properties import maps; the rest are reported. paconn keeps only these eight
# (asset-shapes §1.11).
_KNOWN_KEYS = (
    "connectionParameters",
    "connectionParameterSets",
    "iconBrandColor",
    "capabilities",
    "publisher",
    "stackOwner",
    "scriptOperations",
    "policyTemplateInstances",
)


@dataclass
class Imported:
    """config.json keys taken from apiProperties.json."""

    config: dict[str, Any] = field(default_factory=dict)
    script_operations: list[str] | None = None
    secrets: list[str] = field(default_factory=list)  # client secrets found (never written)


def import_properties(
    document: dict[str, Any], operation_ids: frozenset[str], report: Reporter
) -> Imported:
    for key in document:
        if key != "properties":
            report.lost(pointer_join(key), "only 'properties' is read; this key is left out.")
    props: dict[str, Any] = document["properties"]
    out = Imported()
    cfg = out.config
    for key in props:
        if key not in _KNOWN_KEYS:
            report.lost(
                _BASE + pointer_join(key),
                "not one of the keys paconn keeps (asset-shapes §1.11) and config.json has no "
                "key for it; left out.",
            )
    _scalars(props, cfg, report)
    mapper = _ParameterMapper(report, out)
    _connection(props, cfg, mapper, report)
    if mapper.oauth:
        cfg["oauth2"] = mapper.oauth
    _policies(props, cfg, operation_ids, mapper.declared, report)
    out.script_operations = _script_operations(props, operation_ids, report)
    return out


# ---------------------------------------------------------------- simple keys


def _scalars(props: dict[str, Any], cfg: dict[str, Any], report: Reporter) -> None:
    color = props.get("iconBrandColor")
    if isinstance(color, str) and _COLOR.match(color):
        cfg["iconBrandColor"] = color
    elif "iconBrandColor" in props:
        report.lost(
            _BASE + "/iconBrandColor",
            f"{color!r} is not a colour written #rrggbb; generate takes the colour from the "
            "icon (or the platform default) instead.",
        )
    for key in ("publisher", "stackOwner"):
        value = props.get(key)
        if isinstance(value, str) and value.strip():
            cfg[key] = value
        elif key in props:
            report.lost(_BASE + "/" + key, f"{value!r} is blank or not text; left out.")
    if "capabilities" not in props:
        cfg["capabilities"] = None
        return
    capabilities = props["capabilities"]
    if (
        isinstance(capabilities, list)
        and all(isinstance(c, str) and _CAPABILITY.match(c) for c in capabilities)
        and len(set(capabilities)) == len(capabilities)
    ):
        cfg["capabilities"] = list(capabilities)
    else:
        report.lost(
            _BASE + "/capabilities",
            f"{capabilities!r} is not a list of known capabilities (actions, triggers, gateway, "
            "cloud only); written as [].",
        )


def _script_operations(
    props: dict[str, Any], operation_ids: frozenset[str], report: Reporter
) -> list[str] | None:
    if "scriptOperations" not in props:
        return None
    value = props["scriptOperations"]
    pointer = _BASE + "/scriptOperations"
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        report.lost(pointer, "not a list of operationIds; left out.")
        return None
    kept: list[str] = []
    for index, name in enumerate(value):
        if name not in operation_ids:
            report.lost(
                f"{pointer}/{index}",
                f"the API definition has no operation {name!r}; left out of script.operations.",
            )
        elif name in kept:
            report.lost(f"{pointer}/{index}", f"{name!r} is listed twice; listed once.")
        else:
            kept.append(name)
    return kept


# ---------------------------------------------------------------- connection parameters


def _connection(
    props: dict[str, Any], cfg: dict[str, Any], mapper: _ParameterMapper, report: Reporter
) -> None:
    cfg["signInFrom"] = "config"
    sets = props.get("connectionParameterSets")
    has_sets = isinstance(sets, dict)
    params = props.get("connectionParameters")
    if isinstance(params, dict):
        cfg["connectionParameters"] = mapper.parameters(params, _BASE + "/connectionParameters")
    elif "connectionParameters" in props:
        report.lost(_BASE + "/connectionParameters", "not an object; written as {}.")
        cfg["connectionParameters"] = {}
    elif not has_sets:
        cfg["connectionParameters"] = None  # no key at all, as in the original
    if isinstance(sets, dict):
        cfg["connectionParameterSets"] = _sets(sets, mapper, report)
    elif "connectionParameterSets" in props:
        report.lost(_BASE + "/connectionParameterSets", "not an object; left out.")


def _sets(sets: dict[str, Any], mapper: _ParameterMapper, report: Reporter) -> dict[str, Any]:
    base = _BASE + "/connectionParameterSets"
    out: dict[str, Any] = {}
    for key in sets:
        if key not in ("uiDefinition", "values"):
            report.lost(base + pointer_join(key), "config.json has no key for it; left out.")
    _labels(sets.get("uiDefinition"), out, base + "/uiDefinition", report, required=True)
    values = sets.get("values")
    if not isinstance(values, list):
        report.lost(base + "/values", "not a list of parameter sets; left out.")
        values = []
    entries = []
    for index, value in enumerate(values):
        pointer = f"{base}/values/{index}"
        if (
            not isinstance(value, dict)
            or not isinstance(value.get("name"), str)
            or not value["name"]
        ):
            report.lost(pointer, "a parameter set without a name; left out.")
            continue
        entry: dict[str, Any] = {"name": value["name"]}
        for key in value:
            if key not in ("name", "uiDefinition", "metadata", "parameters"):
                report.lost(pointer + pointer_join(key), "config.json has no key for it.")
        _labels(value.get("uiDefinition"), entry, pointer + "/uiDefinition", report)
        if "metadata" in value:
            metadata = value["metadata"]
            if _scalar_map(metadata):
                entry["metadata"] = dict(metadata)
            else:
                report.lost(pointer + "/metadata", "not an object of plain values; left out.")
        params = value.get("parameters")
        if isinstance(params, dict):
            entry["parameters"] = mapper.parameters(params, pointer + "/parameters")
        else:
            report.lost(pointer + "/parameters", "not an object; written as {}.")
        entries.append(entry)
    out["sets"] = entries
    return out


def _labels(
    ui: Any, out: dict[str, Any], pointer: str, report: Reporter, required: bool = False
) -> None:
    """displayName and description of a set (or of the set choice)."""
    if not isinstance(ui, dict):
        if ui is not None or required:
            report.lost(pointer, "not an object with displayName and description.")
        return
    for key, value in ui.items():
        if key in ("displayName", "description") and isinstance(value, str) and value:
            out[key] = value
        else:
            report.lost(pointer + pointer_join(key), "config.json has no key for this value.")
    if required:
        for key in ("displayName", "description"):
            if key not in ui:
                report.lost(pointer, f"has no {key}; generate writes its default.")


@dataclass
class _ParameterMapper:
    report: Reporter
    imported: Imported
    oauth: dict[str, Any] = field(default_factory=dict)  # the first OAuth settings seen
    declared: set[str] = field(default_factory=set)

    def parameters(self, params: dict[str, Any], pointer: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for name, param in params.items():
            where = pointer + pointer_join(name)
            if not name:
                self.report.lost(where, "a parameter without a name; left out.")
                continue
            if not isinstance(param, dict):
                self.report.lost(where, "not a parameter object; left out.")
                continue
            entry = self.parameter(param, where)
            if entry is not None:
                out[name] = entry
                self.declared.add(name)
        return out

    def parameter(self, param: dict[str, Any], where: str) -> dict[str, Any] | None:
        kind = param.get("type")
        if kind not in _PARAMETER_TYPES:
            self.report.lost(
                where,
                f"a parameter of type {kind!r}: config.json describes string, securestring, "
                "int, bool and oauthSetting parameters; left out.",
            )
            return None
        if kind == "oauthSetting" and not isinstance(param.get("oAuthSettings"), dict):
            self.report.lost(where, "an oauthSetting parameter without oAuthSettings; left out.")
            return None
        entry: dict[str, Any] = {"type": kind}
        for key, value in param.items():
            at = where + pointer_join(key)
            if key == "type":
                continue
            if key == "defaultValue" and isinstance(value, _SCALAR) and value != "":
                entry["default"] = value
            elif key == "metadata" and _scalar_map(value):
                entry["metadata"] = dict(value)
            elif key == "uiDefinition" and isinstance(value, dict) and value:
                self._ui(value, entry, at)
            elif key == "oAuthSettings" and kind == "oauthSetting" and isinstance(value, dict):
                self._oauth(value, entry, at)
            else:
                self.report.lost(at, f"config.json has no key for {value!r} here; left out.")
        return entry

    def _ui(self, ui: dict[str, Any], entry: dict[str, Any], pointer: str) -> None:
        for key, value in ui.items():
            at = pointer + pointer_join(key)
            if key in ("displayName", "description", "tooltip") and _text(value):
                entry[key] = value
            elif key == "schema" and _ui_schema(value):
                entry["schema"] = dict(value)
            elif key == "constraints" and isinstance(value, dict) and value:
                self._constraints(value, entry, at)
            else:
                self.report.lost(at, f"config.json has no key for {value!r} here; left out.")

    def _constraints(
        self, constraints: dict[str, Any], entry: dict[str, Any], pointer: str
    ) -> None:
        for key, value in constraints.items():
            at = pointer + pointer_join(key)
            if key in ("required", "hidden") and value in ("true", "false"):
                entry[key] = value == "true"
            elif (key == "clearText" and isinstance(value, bool)) or (
                key == "tabIndex" and isinstance(value, int) and not isinstance(value, bool)
            ):
                entry[key] = value
            elif key == "allowedValues" and _allowed_values(value):
                entry[key] = [dict(item) for item in value]
            else:
                why = (
                    'a JSON boolean where config.json writes the string "true"/"false"'
                    if key in ("required", "hidden") and isinstance(value, bool)
                    else f"config.json has no key for {value!r} here"
                )
                self.report.lost(at, f"{why}; left out.")

    def _oauth(self, settings: dict[str, Any], entry: dict[str, Any], pointer: str) -> None:
        cfg = _oauth_config(settings, pointer, self.report, self.imported)
        if not self.oauth:
            self.oauth = cfg
        elif cfg != self.oauth:
            entry["oauth2"] = cfg


# ---------------------------------------------------------------- oAuthSettings


def _oauth_config(
    settings: dict[str, Any], pointer: str, report: Reporter, imported: Imported
) -> dict[str, Any]:
    cfg: dict[str, Any] = {}
    provider = settings.get("identityProvider")
    if isinstance(provider, str) and provider:
        cfg["identityProvider"] = provider
    else:
        report.lost(pointer + "/identityProvider", "missing or not text; oauth2 is written.")
        provider = cfg["identityProvider"] = "oauth2"
    handled = {"identityProvider", "clientSecret", "redirectUrl"}
    _client_id(settings, cfg, pointer, report)
    handled.add("clientId")
    if "clientSecret" in settings:
        secret = settings["clientSecret"]
        if isinstance(secret, str) and secret:
            imported.secrets.append(secret)
        report.lost(
            pointer + "/clientSecret",
            "a client secret is never written to config.json: give it to paconn --secret or "
            "the connector's Security tab.",
        )
    _scopes(settings, cfg, pointer, report)
    handled.add("scopes")
    _redirect(settings, cfg, pointer, report)
    handled.add("redirectMode")
    _oauth_properties(settings, cfg, provider, pointer, report)
    handled.add("properties")
    _custom(settings, cfg, provider, pointer, report)
    handled.add("customParameters")
    for key in settings:
        if key not in handled:
            report.lost(pointer + pointer_join(key), "config.json has no key for it; left out.")
    return cfg


def _client_id(
    settings: dict[str, Any], cfg: dict[str, Any], pointer: str, report: Reporter
) -> None:
    client_id = settings.get("clientId")
    if isinstance(client_id, str):
        cfg["clientId"] = client_id if client_id else None  # null: an empty placeholder
    else:
        cfg["clientId"] = None
        report.lost(
            pointer + "/clientId",
            f"{client_id!r} is not text; config.json writes an empty client id instead.",
        )


def _scopes(settings: dict[str, Any], cfg: dict[str, Any], pointer: str, report: Reporter) -> None:
    scopes = settings.get("scopes")
    if isinstance(scopes, list) and all(isinstance(s, str) for s in scopes):
        cfg["scopes"] = list(scopes) if scopes else None
    else:
        cfg["scopes"] = None
        report.lost(pointer + "/scopes", f"{scopes!r} is not a list of scopes; written as [].")


def _redirect(
    settings: dict[str, Any], cfg: dict[str, Any], pointer: str, report: Reporter
) -> None:
    mode = settings.get("redirectMode")
    if "redirectMode" not in settings:
        cfg["redirectMode"] = None
    elif isinstance(mode, str) and mode.lower() == "global":
        report.improved(
            pointer + "/redirectMode",
            f"{mode} becomes GlobalPerConnector: per-connector redirect URLs are required "
            "since February 2024. Register the connector's own redirect URL with the OAuth app.",
        )
    elif mode == "Direct":
        cfg["redirectMode"] = "Direct"
    elif mode != "GlobalPerConnector":
        report.lost(pointer + "/redirectMode", f"{mode!r} is not a known redirect mode; left out.")
        cfg["redirectMode"] = None
    if "redirectUrl" in settings:
        report.improved(
            pointer + "/redirectUrl",
            "the redirect URL is dropped: the platform makes the per-connector one itself.",
        )


def _oauth_properties(
    settings: dict[str, Any], cfg: dict[str, Any], provider: str, pointer: str, report: Reporter
) -> None:
    properties = settings.get("properties", {})
    if not isinstance(properties, dict):
        report.lost(pointer + "/properties", "not an object; left out.")
        properties = {}
    elif "properties" in settings and not properties:
        report.lost(pointer + "/properties", "an empty object, which generate leaves out.")
    first = properties.get("IsFirstParty")
    cfg["isFirstParty"] = first == "True" if first in ("True", "False") else None
    if first is not None and first not in ("True", "False"):
        report.lost(
            pointer + "/properties/IsFirstParty",
            f'{first!r}: config.json writes the string "True" or "False"; left out.',
        )
    obo = properties.get("IsOnbehalfofLoginSupported")
    cfg["onBehalfOfLoginSupported"] = obo if isinstance(obo, bool) else None
    if obo is not None and not isinstance(obo, bool):
        report.lost(
            pointer + "/properties/IsOnbehalfofLoginSupported", f"{obo!r} is not a boolean."
        )
    resource_id = properties.get("AzureActiveDirectoryResourceId")
    if isinstance(resource_id, str) and resource_id:
        cfg["azureActiveDirectoryResourceId"] = resource_id
    elif resource_id is not None:
        report.lost(
            pointer + "/properties/AzureActiveDirectoryResourceId",
            f"{resource_id!r} is blank or not text; left out.",
        )
    if provider in AAD_PROVIDERS and "azureActiveDirectoryResourceId" not in cfg:
        cfg["azureActiveDirectoryResourceId"] = None
    for key in properties:
        if key not in (
            "IsFirstParty",
            "IsOnbehalfofLoginSupported",
            "AzureActiveDirectoryResourceId",
        ):
            report.lost(
                pointer + "/properties" + pointer_join(key),
                "config.json has no key for it; left out.",
            )


# customParameters generate writes by itself, per provider, and the oauth2 key for each.
_NAMED = {
    "aad": {"loginUri": "loginUri", "tenantId": "tenantId", "resourceUri": "resourceUri"},
    "oauth2": {
        "authorizationUrl": "authorizationUrl",
        "tokenUrl": "tokenUrl",
        "refreshUrl": "refreshUrl",
    },
    "oauth2generic": {
        "authorizationUrlTemplate": "authorizationUrl",
        "tokenUrlTemplate": "tokenUrl",
        "refreshUrlTemplate": "refreshUrl",
    },
}
_URL_KEYS = ("loginUri", "authorizationUrl", "tokenUrl", "refreshUrl")


def _custom(
    settings: dict[str, Any], cfg: dict[str, Any], provider: str, pointer: str, report: Reporter
) -> None:
    custom = settings.get("customParameters")
    base = pointer + "/customParameters"
    if not isinstance(custom, dict):
        report.lost(base, "missing or not an object; generate writes the provider's own.")
        custom = {}
    family = "aad" if provider in AAD_PROVIDERS else provider
    named = _NAMED.get(family, {})
    extra: dict[str, Any] = {}
    values: dict[str, str] = {}
    for key, item in custom.items():
        value = item.get("value") if isinstance(item, dict) and list(item) == ["value"] else None
        if not key or not isinstance(value, str) or not value:
            report.lost(
                base + pointer_join(key),
                f'{item!r} is not {{"value": "<text>"}}; left out.',
            )
            continue
        values[key] = value
    for key, value in values.items():
        config_key = named.get(key)
        if config_key and (config_key not in _URL_KEYS or _URL.match(value)):
            cfg[config_key] = value
        else:
            extra[key] = value
    for key in named:  # what generate would write but the original does not have
        if key not in values:
            extra[key] = None
    if family == "aad":
        _aad_custom(values, cfg, extra)
    if extra:
        cfg["customParameters"] = extra


def _aad_custom(values: dict[str, str], cfg: dict[str, Any], extra: dict[str, Any]) -> None:
    """Entra ID: enableOnbehalfOfLogin, and a resource URI generate requires."""
    obo = values.get("enableOnbehalfOfLogin")
    if obo in ("true", "false"):
        cfg["enableOnBehalfOfLogin"] = obo == "true"
        extra.pop("enableOnbehalfOfLogin", None)
    else:
        extra.setdefault("enableOnbehalfOfLogin", obo)  # None (absent): leave it out
    if "resourceUri" not in cfg:
        # generate needs a resource; the customParameter itself stays as the original has it.
        cfg["resourceUri"] = cfg.get("azureActiveDirectoryResourceId") or "api://none"
        extra.setdefault("resourceUri", None)


# ---------------------------------------------------------------- policies


def _policies(
    props: dict[str, Any],
    cfg: dict[str, Any],
    operation_ids: frozenset[str],
    declared: set[str],
    report: Reporter,
) -> None:
    if "policyTemplateInstances" not in props:
        cfg["policies"] = None
        return
    instances = props["policyTemplateInstances"]
    base = _BASE + "/policyTemplateInstances"
    if not isinstance(instances, list):
        report.lost(base, "not a list of policy template instances; written as [].")
        cfg["policies"] = []
        return
    policies = []
    for index, instance in enumerate(instances):
        policy = _policy(instance, f"{base}/{index}", operation_ids, declared, report)
        if policy is not None:
            policies.append(policy)
    cfg["policies"] = policies


def _policy(
    instance: Any,
    pointer: str,
    operation_ids: frozenset[str],
    declared: set[str],
    report: Reporter,
) -> dict[str, Any] | None:
    if not isinstance(instance, dict):
        report.lost(pointer, "not a policy template instance; left out.")
        return None
    template_id, title = instance.get("templateId"), instance.get("title")
    if not _text(template_id) or not _text(title):
        report.lost(pointer, "a policy without templateId or title; left out.")
        return None
    policy: dict[str, Any] = {"templateId": template_id, "title": title}
    for key, value in instance.items():
        if key == "type" and _text(value):
            policy["type"] = value
        elif key not in ("templateId", "title", "parameters"):
            report.lost(pointer + pointer_join(key), "config.json has no key for it; left out.")
    parameters = instance.get("parameters", {})
    if not isinstance(parameters, dict):
        report.lost(pointer + "/parameters", "not an object; left out.")
        parameters = {}
    elif "parameters" not in instance:
        report.lost(pointer, "has no parameters; generate writes an empty object.")
    named: dict[str, Any] = {}
    for key, value in parameters.items():
        at = pointer + "/parameters" + pointer_join(key)
        if _has_blank(value):
            report.lost(at, "an empty text, which config.json cannot hold (empty means unset).")
            continue
        if key == OPERATIONS_KEY and _operation_list(value):
            kept = [name for name in value if name in operation_ids]
            if len(kept) < len(value):
                unknown = [name for name in value if name not in operation_ids]
                report.lost(at, f"the API definition has no operation {', '.join(unknown)}.")
            policy["operations"] = kept
        elif key == SECTION_KEY and value in SECTIONS:
            policy["section"] = value
        elif _short_name(key):
            named[_short_name(key)] = value
        elif key.startswith("x-ms-"):
            named[key] = value
        else:
            report.lost(at, "a parameter name config.json cannot write; left out.")
    raw = parameters.get(OPERATIONS_KEY)
    if "operations" in policy and not policy["operations"] and raw:
        report.lost(pointer, "applies to no operation of the API definition; left out.")
        return None
    if not _policy_valid(policy, named, declared, operation_ids, pointer, report):
        return None
    policy["parameters"] = named
    return policy


def _policy_valid(
    policy: dict[str, Any],
    named: dict[str, Any],
    declared: set[str],
    operation_ids: frozenset[str],
    pointer: str,
    report: Reporter,
) -> bool:
    """What generate would refuse is left out here, with the reason."""
    missing = sorted(
        {
            ref.name
            for value in named.values()
            for ref in connection_parameter_references(value)
            if ref.name not in declared and not ref.has_default
        }
    )
    if missing:
        report.lost(
            pointer,
            f"reads connection parameters nobody declares ({', '.join(missing)}); left out.",
        )
        return False
    known = template(policy["templateId"])
    if known is not None and known.id == "dynamichosturl":
        problem = url_template_problem(named.get("urlTemplate"))
        if problem:
            report.lost(pointer, f"the urlTemplate {problem}; left out.")
            return False
    raw_operations = named.get(OPERATIONS_KEY)
    if raw_operations is not None:
        names = [raw_operations] if isinstance(raw_operations, str) else raw_operations
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            report.lost(pointer, "its operation list is not a list of names; left out.")
            return False
        unknown = [n for n in names if n not in operation_ids]
        if unknown:
            report.lost(
                pointer, f"the API definition has no operation {', '.join(unknown)}; left out."
            )
            return False
    return True


# ---------------------------------------------------------------- shapes


def _short_name(key: str) -> str:
    """The config name of an x-ms-apimTemplateParameter.<name> key ("" when it has none)."""
    if not key.startswith(PARAMETER_PREFIX):
        return ""
    name = key[len(PARAMETER_PREFIX) :]
    return "" if name.startswith("x-ms-") else name


def _text(value: Any) -> bool:
    return isinstance(value, str) and value != ""


def _scalar_map(value: Any) -> bool:
    return isinstance(value, dict) and all(
        isinstance(v, _SCALAR) and v != "" for v in value.values()
    )


def _ui_schema(value: Any) -> bool:
    return (
        isinstance(value, dict)
        and set(value) <= {"type", "description"}
        and all(_text(v) for v in value.values())
    )


def _allowed_values(value: Any) -> bool:
    if not isinstance(value, list) or not value:
        return False
    for item in value:
        if not isinstance(item, dict) or set(item) - {"text", "value"} or "value" not in item:
            return False
        if not isinstance(item["value"], _SCALAR) or item["value"] == "":
            return False
        if "text" in item and not _text(item["text"]):
            return False
    return True


def _operation_list(value: Any) -> bool:
    return (
        isinstance(value, list)
        and all(isinstance(v, str) and v for v in value)
        and len(set(value)) == len(value)
    )


def _has_blank(value: Any) -> bool:
    """An empty text anywhere in the value: config.json treats "" as not given."""
    if value == "":
        return True
    if isinstance(value, dict):
        return any(_has_blank(v) for v in value.values())
    if isinstance(value, list):
        return any(_has_blank(v) for v in value)
    return False
