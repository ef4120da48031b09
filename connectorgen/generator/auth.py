"""Security definitions of the Swagger mapped to apiProperties connection parameters.

One function per kind of authentication. The shapes (parameter names, uiDefinition
constraints, oAuthSettings keys) follow what real connectors accepted by Microsoft hold;
see ../shared/reference/asset-shapes.md sections 1.2-1.6 and 3 for the counts behind each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlparse

from ..core.diagnostics import Diagnostic, InputError
from ..core.document import pointer_join
from ..openapi.view import ApiView
from .requirements import Scheme, requirement_groups, schemes_in_use
from .wording import key_label, sentence_case, with_article

ENTRA_HOSTS = ("login.microsoftonline.com", "login.windows.net")
# Identity providers with Microsoft Entra ID's oAuthSettings shape (asset-shapes 1.3).
AAD_PROVIDERS = ("aad", "aadcertificate")
DEFAULT_LOGIN_URI = "https://login.microsoftonline.com"
GLOBAL_REDIRECT_URL = "https://global.consent.azure-apim.net/redirect"

# Headers through which policies hand credentials to script.csx for the OAuth flows the
# platform cannot run itself (client credentials, password). The script removes them.
TOKEN_URL_HEADER = "X-Connectorgen-Token-Url"
CLIENT_ID_HEADER = "X-Connectorgen-Client-Id"
CLIENT_SECRET_HEADER = "X-Connectorgen-Client-Secret"
SCOPE_HEADER = "X-Connectorgen-Scope"
USERNAME_HEADER = "X-Connectorgen-Username"
PASSWORD_HEADER = "X-Connectorgen-Password"


@dataclass
class AuthPlan:
    """What the connector's authentication needs, ready for the apiProperties template."""

    connection_parameters: dict[str, Any]
    parameter_sets: list[dict[str, Any]] | None = None
    policies: list[dict[str, Any]] = field(default_factory=list)
    token_script: str | None = None  # "client_credentials" or "password": the grant script.csx runs
    oauth: bool = False  # the user signs in through a redirect (register a redirect URL)
    redirect_mode: str | None = None
    details: list[dict[str, Any]] = field(default_factory=list)  # per scheme, for the docs
    diagnostics: list[Diagnostic] = field(default_factory=list)


def plan_auth(
    doc: dict[str, Any], oauth_config: dict[str, Any], file: str, config_name: str = "config.json"
) -> AuthPlan:
    schemes = schemes_in_use(ApiView(doc))
    if not schemes:
        return AuthPlan({}, details=[{"kind": "none"}])
    groups = requirement_groups(ApiView(doc), schemes)
    if len(groups) == 1:
        return _single_plan(groups[0], oauth_config, file, config_name)
    return _multi_plan(groups, oauth_config, file, config_name)


def _single_plan(
    group: list[Scheme], oauth_config: dict[str, Any], file: str, config_name: str
) -> AuthPlan:
    plan = AuthPlan({})
    for scheme in group:
        _add_scheme(plan, plan.connection_parameters, scheme, oauth_config, file, config_name)
    if len(group) > 1:
        plan.diagnostics.append(_together_note(group, file))
    _number_tabs(plan.connection_parameters)
    return plan


def _multi_plan(
    groups: list[list[Scheme]], oauth_config: dict[str, Any], file: str, config_name: str
) -> AuthPlan:
    plan = AuthPlan({})
    sets = []
    for group in groups:
        params: dict[str, Any] = {}
        for scheme in group:
            _add_scheme(plan, params, scheme, oauth_config, file, config_name)
        _number_tabs(params)
        name = "-".join(_slug(s.key) for s in group)
        label = " and ".join(_display_name(s) for s in group)
        sets.append(
            {
                "name": name,
                "uiDefinition": {
                    "displayName": label,
                    "description": f"Sign in with {' and '.join(_phrase(s) for s in group)}.",
                },
                "parameters": params,
            }
        )
    plan.parameter_sets = sets
    plan.diagnostics.append(
        Diagnostic(
            "info",
            "auth-multi",
            f"{len(groups)} alternative security requirements became connectionParameterSets: "
            "users choose one authentication type when they create a connection.",
            file=file,
            pointer="/securityDefinitions",
        )
    )
    return plan


def _together_note(group: list[Scheme], file: str) -> Diagnostic:
    names = ", ".join(s.key for s in group)
    return Diagnostic(
        "info",
        "auth-combined",
        f"security definitions {names} are required together (one entry of 'security'), so a "
        "connection asks for all of them. If users should choose one, list them as separate "
        "entries of 'security'.",
        file=file,
        pointer="/security",
    )


def _add_scheme(
    plan: AuthPlan,
    params: dict[str, Any],
    scheme: Scheme,
    oauth_config: dict[str, Any],
    file: str,
    config_name: str,
) -> None:
    kind = scheme.spec["type"]
    if kind == "apiKey":
        _api_key(plan, params, scheme)
    elif kind == "basic":
        _basic(plan, params, scheme, file)
    else:
        _oauth(plan, params, scheme, oauth_config, file, config_name)


def _ui(display: str, description: str, tooltip: str, clear_text: bool) -> dict[str, Any]:
    # "required" is the string "true" in 1,094 of 1,103 real constraints (asset-shapes 1.5).
    return {
        "displayName": display,
        "description": description,
        "tooltip": tooltip,
        "constraints": {"tabIndex": 0, "clearText": clear_text, "required": "true"},
    }


def _api_key(plan: AuthPlan, params: dict[str, Any], scheme: Scheme) -> None:
    spec = scheme.spec
    display = _display_name(scheme)
    where = "header" if spec["in"] == "header" else "query parameter"
    if "api_key" not in params:
        # The platform sends the parameter named api_key as the Swagger's apiKey header or
        # query value: 512 of 529 single-key connectors use this name (asset-shapes 1.2).
        name = "api_key"
    else:
        # A second key in the same connection: its own parameter, sent by a policy.
        name = _param_name(spec["name"], params)
        plan.policies.append(_setheader_or_query(spec, name))
    params[name] = {
        "type": "securestring",
        "uiDefinition": _ui(
            display,
            f"The {display} sent in the {spec['name']} {where}",
            f"Provide your {display}",
            clear_text=False,
        ),
    }
    plan.details.append(
        {
            "kind": "apiKey",
            "key": scheme.key,
            "display": display,
            "phrase": _phrase(scheme),
            "in": spec["in"],
            "name": spec["name"],
            "parameter": name,
        }
    )


def _setheader_or_query(spec: dict[str, Any], param: str) -> dict[str, Any]:
    template = "setheader" if spec["in"] == "header" else "setqueryparameter"
    return {
        "templateId": template,
        "title": f"Send {spec['name']}",
        "parameters": {
            "x-ms-apimTemplateParameter.name": spec["name"],
            "x-ms-apimTemplateParameter.value": f"@connectionParameters('{param}','')",
            "x-ms-apimTemplateParameter.existsAction": "override",
            **({"x-ms-apimTemplate-policySection": "Request"} if template == "setheader" else {}),
        },
    }


def _basic(plan: AuthPlan, params: dict[str, Any], scheme: Scheme, file: str) -> None:
    if "username" in params:
        raise InputError(
            f"API definition {file}: two basic security definitions are required together "
            f"({scheme.key}); a connection has one username and password.",
            [
                Diagnostic(
                    "error",
                    "auth-unsupported",
                    "two basic schemes in one requirement",
                    file=file,
                    pointer=pointer_join("securityDefinitions", scheme.key),
                )
            ],
        )
    _username_password(params, "for this service")
    plan.details.append({"kind": "basic", "key": scheme.key})


def _oauth(
    plan: AuthPlan,
    params: dict[str, Any],
    scheme: Scheme,
    cfg: dict[str, Any],
    file: str,
    config_name: str,
) -> None:
    flow = scheme.spec["flow"]
    if flow in ("application", "password"):
        _token_script_flow(plan, params, scheme, cfg, file)
        return
    if "token" in params:
        raise InputError(
            f"API definition {file}: two OAuth 2.0 security definitions are required together "
            f"({scheme.key}); a connection signs in once. List them as separate entries of "
            "'security' to offer a choice.",
            [
                Diagnostic(
                    "error",
                    "auth-unsupported",
                    "two OAuth schemes in one requirement",
                    file=file,
                    pointer=pointer_join("securityDefinitions", scheme.key),
                )
            ],
        )
    settings = oauth_settings(plan, scheme, cfg, file, config_name)
    params["token"] = {"type": "oauthSetting", "oAuthSettings": settings}
    if settings["identityProvider"] in AAD_PROVIDERS:
        # The fixed shape of the tenant claim parameter (52 of 58 real instances).
        params["token:TenantId"] = {
            "type": "string",
            "metadata": {"sourceType": "AzureActiveDirectoryTenant"},
            "uiDefinition": {"constraints": {"required": "false", "hidden": "true"}},
        }
    plan.oauth = True
    plan.redirect_mode = settings["redirectMode"]


def oauth_settings(
    plan: AuthPlan, scheme: Scheme, cfg: dict[str, Any], file: str, config_name: str
) -> dict[str, Any]:
    """oAuthSettings for one OAuth security definition and the config's oauth2 keys."""
    spec = scheme.spec
    authorization_url = cfg.get("authorizationUrl") or spec.get("authorizationUrl", "")
    token_url = cfg.get("tokenUrl") or spec.get("tokenUrl", "")
    provider = cfg.get("identityProvider") or provider_for(authorization_url, token_url)
    scopes = _scopes(cfg, scheme)
    _require_oauth_config(cfg, provider, scopes, scheme, config_name)
    client_id = cfg["clientId"] if cfg["clientId"] is not None else ""
    if spec["flow"] == "implicit":
        plan.diagnostics.append(
            Diagnostic(
                "warning",
                "auth-implicit",
                "the implicit flow has no Power Platform equivalent: the connector signs in "
                "with the "
                "authorization-code flow against the same provider. Allow that flow (and a client "
                "secret) on the OAuth app.",
                file=file,
                pointer=pointer_join("securityDefinitions", scheme.key, "flow"),
            )
        )
    settings: dict[str, Any] = {
        "identityProvider": provider,
        "clientId": client_id,
        "scopes": scopes,
    }
    # Per-connector redirect URLs are required since February 2024 (asset-shapes 3, S8);
    # with GlobalPerConnector the platform makes the URL, so none is written here. null in
    # the config leaves the key out, as some accepted connectors do.
    redirect_mode = cfg.get("redirectMode", "GlobalPerConnector")
    if redirect_mode is not None:
        settings["redirectMode"] = redirect_mode
    if redirect_mode == "Global":
        settings["redirectUrl"] = GLOBAL_REDIRECT_URL
    if provider in AAD_PROVIDERS:
        _aad(settings, cfg, provider)
    elif provider in ("oauth2", "oauth2generic"):
        _generic(settings, scheme, cfg, file, templated=provider == "oauth2generic")
    else:
        settings["properties"] = _properties(cfg, first_party=False, on_behalf_of=None)
        settings["customParameters"] = {}
        plan.diagnostics.append(
            Diagnostic(
                "info",
                "auth-provider",
                f"identityProvider {provider!r} is passed through as given: "
                "the platform's provider "
                "knows its own endpoints, so no URLs are written.",
                pointer="/oauth2/identityProvider",
            )
        )
    _custom_parameters(settings, cfg)
    if not settings["properties"]:
        del settings["properties"]
    kind = "aad" if provider in AAD_PROVIDERS else provider
    kind = kind if kind in ("aad", "oauth2", "oauth2generic") else "oauth-provider"
    plan.details.append(
        {
            "kind": kind,
            "key": scheme.key,
            "provider": provider,
            "scopes": scopes,
            "flow": spec["flow"],
            "authorizationUrl": authorization_url,
        }
    )
    return settings


def _require_oauth_config(
    cfg: dict[str, Any], provider: str, scopes: list[str], scheme: Scheme, config_name: str
) -> None:
    """Name every blank an OAuth connector needs at once, not one per run."""
    missing = []
    if "clientId" not in cfg:  # null is given: an empty placeholder on purpose
        missing.append(
            (
                "clientId",
                "the client (application) id of the OAuth app you registered for the connector",
            )
        )
    if provider in AAD_PROVIDERS and not (cfg.get("resourceUri") or _resource_from_scopes(scopes)):
        missing.append(
            (
                "resourceUri",
                "the App ID URI (or application id) of the API the "
                "connector calls, for example api://contoso-orders or "
                "https://graph.microsoft.com",
            )
        )
    if not missing:
        return
    lines = [f"  - oauth2.{key}: {what}." for key, what in missing]
    raise InputError(
        f"Config file {config_name}: the API definition signs in with OAuth 2.0 "
        f"(securityDefinitions/{scheme.key}); fill in:\n" + "\n".join(lines),
        [
            Diagnostic(
                "error",
                "config-oauth",
                f"oauth2.{key} is required",
                file=config_name,
                pointer=f"/oauth2/{key}",
            )
            for key, _ in missing
        ],
    )


def provider_for(*urls: str) -> str:
    """aad when the authorization or token URL is Microsoft Entra ID's, else generic oauth2."""
    hosts = {(urlparse(url).hostname or "").lower() for url in urls if isinstance(url, str)}
    return "aad" if hosts & set(ENTRA_HOSTS) else "oauth2"


def _scopes(cfg: dict[str, Any], scheme: Scheme) -> list[str]:
    if "scopes" in cfg and cfg["scopes"] is None:  # null: no scopes, whatever the Swagger says
        return []
    spec_scopes = list((scheme.spec.get("scopes") or {}).keys())
    return list(cfg.get("scopes") or scheme.scopes or spec_scopes)


def _properties(
    cfg: dict[str, Any], first_party: bool, on_behalf_of: bool | None, resource: str | None = None
) -> dict[str, Any]:
    """oAuthSettings.properties: defaults per provider, each replaced (or, null, dropped) by
    the config. IsFirstParty is the string "True"/"False", IsOnbehalfofLoginSupported a JSON
    boolean, as in 230 of 231 real files (asset-shapes 1.3)."""
    first = cfg.get("isFirstParty", first_party)
    resource_id = cfg.get("azureActiveDirectoryResourceId", resource)
    obo = cfg.get("onBehalfOfLoginSupported", on_behalf_of)
    properties: dict[str, Any] = {}
    if first is not None:
        properties["IsFirstParty"] = "True" if first else "False"
    if resource_id is not None:
        properties["AzureActiveDirectoryResourceId"] = resource_id
    if obo is not None:
        properties["IsOnbehalfofLoginSupported"] = obo
    return properties


def _custom_parameters(settings: dict[str, Any], cfg: dict[str, Any]) -> None:
    """oauth2.customParameters: added or replaced as {"value": ...}; null removes one."""
    custom = settings["customParameters"]
    for name, value in (cfg.get("customParameters") or {}).items():
        if value is None:
            custom.pop(name, None)
        else:
            custom[name] = {"value": value}


def _aad(settings: dict[str, Any], cfg: dict[str, Any], provider: str) -> None:
    resource = cfg.get("resourceUri") or _resource_from_scopes(settings["scopes"])
    on_behalf_of = bool(cfg.get("enableOnBehalfOfLogin", False))
    # aadcertificate is for first-party apps only (paconn schema), with aad's shape otherwise.
    settings["properties"] = _properties(
        cfg, first_party=provider == "aadcertificate", on_behalf_of=on_behalf_of, resource=resource
    )
    # loginUri, not loginUrl: every real aad connector uses loginUri (asset-shapes 3);
    # MsIndustryLinks writes loginUrl, which the platform ignores.
    settings["customParameters"] = {
        "loginUri": {"value": cfg.get("loginUri") or DEFAULT_LOGIN_URI},
        "tenantId": {"value": cfg.get("tenantId") or "common"},
        "resourceUri": {"value": resource},
        "enableOnbehalfOfLogin": {"value": "true" if on_behalf_of else "false"},
    }


def _resource_from_scopes(scopes: list[str]) -> str | None:
    # "api://contoso/.default" or "https://host/Read" name their resource before the last /.
    for scope in scopes:
        match = re.match(r"^((?:api|https?)://.+)/[^/]+$", scope.split()[0]) if scope else None
        if match:
            return match.group(1)
    return None


def _generic(
    settings: dict[str, Any], scheme: Scheme, cfg: dict[str, Any], file: str, templated: bool
) -> None:
    spec = scheme.spec
    authorization = cfg.get("authorizationUrl") or spec.get("authorizationUrl")
    token = cfg.get("tokenUrl") or spec.get("tokenUrl")
    given = {key.lower() for key in cfg.get("customParameters") or {}}
    if not token and not any(key.startswith("tokenurl") for key in given):
        raise InputError(
            f"API definition {file}: securityDefinitions/{scheme.key} uses the implicit flow, "
            "which has no token URL, and config.json gives none. Set oauth2.tokenUrl.",
            [
                Diagnostic(
                    "error",
                    "config-oauth",
                    "oauth2.tokenUrl is required",
                    pointer="/oauth2/tokenUrl",
                )
            ],
        )
    # Swagger 2.0 has no refresh URL; most providers refresh at the token URL.
    refresh = cfg.get("refreshUrl") or token
    suffix = "Template" if templated else ""
    settings["properties"] = _properties(cfg, first_party=False, on_behalf_of=False)
    custom = {
        f"authorizationUrl{suffix}": authorization,
        f"tokenUrl{suffix}": token,
        f"refreshUrl{suffix}": refresh,
    }
    settings["customParameters"] = {k: {"value": v} for k, v in custom.items() if v}


def _token_script_flow(
    plan: AuthPlan, params: dict[str, Any], scheme: Scheme, cfg: dict[str, Any], file: str
) -> None:
    """Client credentials and password flows: the platform runs neither, so script.csx does.

    "Currently, client credentials grant type is not supported by custom connectors"
    (learn.microsoft.com connection-parameters). Policies copy the token URL and the
    connection's credentials into request headers; script.csx trades them for a token and
    sends the request on with a bearer header.
    """
    flow = scheme.spec["flow"]
    if plan.token_script and plan.token_script != flow:
        raise InputError(
            f"API definition {file}: one connector cannot use both the client-credentials and "
            "the password flow.",
            [
                Diagnostic(
                    "error",
                    "auth-unsupported",
                    "two token flows",
                    file=file,
                    pointer=pointer_join("securityDefinitions", scheme.key),
                )
            ],
        )
    token_url = cfg.get("tokenUrl") or scheme.spec["tokenUrl"]
    scopes = list(cfg.get("scopes") or scheme.scopes or list(scheme.spec.get("scopes") or {}))
    params["clientId"] = {
        "type": "string",
        "uiDefinition": _ui(
            "Client ID", "The client id of your OAuth app", "Provide the client id", clear_text=True
        ),
    }
    params["clientSecret"] = {
        "type": "securestring",
        "uiDefinition": _ui(
            "Client secret",
            "The client secret of your OAuth app",
            "Provide the client secret",
            clear_text=False,
        ),
    }
    headers = [
        ("Pass the token URL to the script", TOKEN_URL_HEADER, token_url),
        (
            "Pass the client id to the script",
            CLIENT_ID_HEADER,
            "@connectionParameters('clientId','')",
        ),
        (
            "Pass the client secret to the script",
            CLIENT_SECRET_HEADER,
            "@connectionParameters('clientSecret','')",
        ),
    ]
    if flow == "password":
        _username_password(params, "to sign in with")
        headers += [
            (
                "Pass the username to the script",
                USERNAME_HEADER,
                "@connectionParameters('username','')",
            ),
            (
                "Pass the password to the script",
                PASSWORD_HEADER,
                "@connectionParameters('password','')",
            ),
        ]
    if scopes:
        headers.append(("Pass the scope to the script", SCOPE_HEADER, " ".join(scopes)))
    plan.policies += [_setheader(title, name, value) for title, name, value in headers]
    plan.token_script = "client_credentials" if flow == "application" else "password"
    kind = "client-credentials" if flow == "application" else "password"
    plan.details.append({"kind": kind, "key": scheme.key, "tokenUrl": token_url, "scopes": scopes})
    plan.diagnostics.append(
        Diagnostic(
            "info",
            "auth-token-script",
            f"the OAuth 2.0 {flow} flow is not run by Power Platform: script.csx fetches the token "
            "with the connection's client id and secret and sends a bearer header.",
            file=file,
            pointer=pointer_join("securityDefinitions", scheme.key, "flow"),
        )
    )


def _username_password(params: dict[str, Any], purpose: str) -> None:
    """The username and password parameters ("The username for this service", ...)."""
    for name, clear_text in (("username", True), ("password", False)):
        params[name] = {
            "type": "securestring",
            "uiDefinition": _ui(
                name.capitalize(), f"The {name} {purpose}", f"Provide the {name}", clear_text
            ),
        }


def _setheader(title: str, name: str, value: str) -> dict[str, Any]:
    return {
        "templateId": "setheader",
        "title": title,
        "parameters": {
            "x-ms-apimTemplateParameter.name": name,
            "x-ms-apimTemplateParameter.value": value,
            "x-ms-apimTemplateParameter.existsAction": "override",
            "x-ms-apimTemplate-policySection": "Request",
        },
    }


def _number_tabs(params: dict[str, Any]) -> None:
    # tabIndex orders the fields of the connection dialog; real files start at 2.
    index = 2
    for param in params.values():
        constraints = param.get("uiDefinition", {}).get("constraints")
        if constraints is not None and "tabIndex" in constraints:
            constraints["tabIndex"] = index
            index += 1


def _display_name(scheme: Scheme) -> str:
    """The label users see: the definition's own x-ms-summary or short description, else a
    name for its kind; never the raw key (apiKeyHeader, BearerAuth) of the Swagger."""
    own = _own_label(scheme)
    if own:
        return own
    kind = scheme.spec["type"]
    if kind == "basic":
        return "Username and password"
    if kind == "oauth2":
        return "OAuth 2.0"
    return key_label(scheme.key)


def _own_label(scheme: Scheme) -> str | None:
    for key in ("x-ms-summary", "description"):
        value = scheme.spec.get(key)
        text = value.strip().rstrip(".") if isinstance(value, str) else ""
        if text and len(text) <= 40 and "\n" not in text:  # a label, not a paragraph
            return text
    return None


def _phrase(scheme: Scheme) -> str:
    """The sign-in inside a sentence: 'an API key', 'a username and password'."""
    own = _own_label(scheme)
    if own:
        return with_article(own)
    kind = scheme.spec["type"]
    if kind == "basic":
        return "a username and password"
    if kind == "oauth2":
        return "OAuth 2.0"
    return with_article(sentence_case(key_label(scheme.key)))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "auth"


def _param_name(header: str, taken: dict[str, Any]) -> str:
    base = re.sub(r"[^0-9A-Za-z_]+", "_", header).strip("_") or "key"
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name
