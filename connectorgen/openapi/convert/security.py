"""Security schemes and requirements: components.securitySchemes to securityDefinitions."""

from __future__ import annotations

import copy
from typing import Any

from .state import State, child, extensions

# OAuth 2.0 flows of OpenAPI 3 and their Swagger 2.0 names, in the order one is chosen when a
# scheme has several: the authorization-code flow is the one Power Platform runs itself.
FLOWS = {
    "authorizationCode": "accessCode",
    "clientCredentials": "application",
    "password": "password",
    "implicit": "implicit",
}
_URLS = {
    "accessCode": ("authorizationUrl", "tokenUrl"),
    "application": ("tokenUrl",),
    "password": ("tokenUrl",),
    "implicit": ("authorizationUrl",),
}


def security_definitions(
    state: State, schemes: Any, pointer: str
) -> tuple[dict[str, Any], set[str]]:
    """The converted schemes, and the names of those dropped (requirements forget them)."""
    out: dict[str, Any] = state.keep({}, pointer)
    dropped: set[str] = set()
    if not isinstance(schemes, dict):
        state.fail(pointer, "'securitySchemes' must be an object.")
        return out, dropped
    for name, scheme in schemes.items():
        at, scheme = state.resolve(child(pointer, name), scheme)
        converted = _scheme(state, name, scheme, at) if isinstance(scheme, dict) else None
        if not isinstance(scheme, dict):
            state.fail(at, "a security scheme must be an object with a 'type'.")
        if converted is None:
            dropped.add(name)
        else:
            out[name] = converted
    return out, dropped


def _scheme(state: State, name: str, scheme: dict[str, Any], at: str) -> dict[str, Any] | None:
    kind = scheme.get("type")
    out: dict[str, Any] = state.keep({}, at)
    if kind == "apiKey":
        if scheme.get("in") == "cookie":
            state.warn(
                "convert-security",
                child(at, "in"),
                f"the API key '{name}' is sent in a cookie, which Swagger 2.0 and Power Platform "
                "cannot do: the scheme is dropped. Accept the key in a header if the API can.",
            )
            return None
        out.update({"type": "apiKey", "name": scheme.get("name"), "in": scheme.get("in")})
    elif kind == "http":
        http = str(scheme.get("scheme", "")).lower()
        if http == "basic":
            out["type"] = "basic"
        elif http == "bearer":
            out.update({"type": "apiKey", "name": "Authorization", "in": "header"})
            token = scheme.get("bearerFormat")
            # Shown where users create a connection (when the scheme has no description).
            out["description"] = "Enter 'Bearer ' followed by your token."
            state.warn(
                "convert-bearer",
                at,
                f"HTTP bearer authentication ('{name}') becomes an API key in the Authorization "
                "header, the closest Swagger 2.0 and Power Platform have: users enter 'Bearer ' "
                f"followed by their {token + ' ' if isinstance(token, str) else ''}token as the "
                "key. If the token comes from an OAuth 2.0 provider, describe it as oauth2.",
            )
        else:
            state.warn(
                "convert-security",
                at,
                f"HTTP '{http}' authentication ('{name}') has no Swagger 2.0 form (only basic "
                "and bearer do): the scheme is dropped.",
            )
            return None
    elif kind == "oauth2":
        if not _oauth(state, name, scheme, at, out):
            return None
    elif kind == "openIdConnect":
        state.warn(
            "convert-security",
            at,
            f"OpenID Connect ('{name}') has no Swagger 2.0 form: the scheme is dropped. Describe "
            "it as oauth2 (accessCode) with the authorization_endpoint and token_endpoint of "
            f"{scheme.get('openIdConnectUrl', 'its OpenID configuration document')}.",
        )
        return None
    else:
        state.warn(
            "convert-security",
            at,
            f"the security scheme type {kind!r} ('{name}') has no Swagger 2.0 form: the scheme "
            "is dropped.",
        )
        return None
    if isinstance(scheme.get("description"), str):
        out["description"] = scheme["description"]
    out.update(extensions(state, scheme, at))
    return out


def _oauth(state: State, name: str, scheme: dict[str, Any], at: str, out: dict[str, Any]) -> bool:
    given = scheme.get("flows")
    flows: dict[str, Any] = given if isinstance(given, dict) else {}
    present = [f for f in FLOWS if isinstance(flows.get(f), dict)]
    if not present:
        state.fail(child(at, "flows"), "an oauth2 scheme needs at least one flow in 'flows'.")
        return False
    chosen = present[0]
    flow = flows[chosen]
    swagger_flow = FLOWS[chosen]
    out.update({"type": "oauth2", "flow": swagger_flow})
    for url in _URLS[swagger_flow]:
        if url in flow:
            out[url] = flow[url]
    scopes = flow.get("scopes")
    out["scopes"] = copy.deepcopy(scopes) if isinstance(scopes, dict) else {}
    if len(present) > 1:
        state.warn(
            "convert-security",
            child(at, "flows"),
            f"a Swagger 2.0 oauth2 scheme has one flow: '{name}' keeps {chosen} "
            f"({swagger_flow}); {', '.join(present[1:])} is dropped.",
        )
    refresh = flow.get("refreshUrl")
    if isinstance(refresh, str) and refresh and refresh != flow.get("tokenUrl"):
        state.warn(
            "convert-security",
            child(at, "flows", chosen, "refreshUrl"),
            f"Swagger 2.0 has no refresh URL: set oauth2.refreshUrl to {refresh} in "
            "config.json for generate.",
        )
    return True


def requirements(state: State, value: Any, pointer: str, dropped: set[str]) -> list[Any]:
    """Security requirements without the dropped schemes; scopes only for oauth2."""
    if not isinstance(value, list):
        state.fail(pointer, "'security' must be a list of requirement objects.")
        return []
    out: list[Any] = state.keep([], pointer)
    defined = _defined_types(state)
    for index, requirement in enumerate(value):
        if not isinstance(requirement, dict):
            state.fail(child(pointer, index), "a security requirement must be an object.")
            continue
        kept = {
            name: (copy.deepcopy(scopes) if defined.get(name) == "oauth2" else [])
            for name, scopes in requirement.items()
            if name not in dropped
        }
        if kept or not requirement:  # {} means "no authentication" and stays
            out.append(kept)
    return out


def _defined_types(state: State) -> dict[str, Any]:
    components = state.doc.get("components")
    schemes = components.get("securitySchemes") if isinstance(components, dict) else None
    if not isinstance(schemes, dict):
        return {}
    found = {}
    for name, scheme in schemes.items():
        _, scheme = state.resolve(child("/components/securitySchemes", name), scheme)
        if isinstance(scheme, dict):
            found[name] = scheme.get("type")
    return found
