"""Comparing two apiProperties.json files: what existing connections were created with.

A connection holds a value for each connection parameter and a sign-in made with the
identity provider and OAuth URLs of its day; policy templates rewrite every request. So a
parameter removed or renamed, a parameter that becomes required, another identity provider,
other OAuth URLs or another kind of sign-in, and a policy template removed all change what
existing connections and flows get (asset-shapes §1.2-1.6 for the shapes).

Connection parameters are compared per scope: the top-level ``connectionParameters`` and each
``connectionParameterSets`` value (an authentication type of a multi-auth connector), matched
by name.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from ..core.document import as_dict, as_list, pointer_join
from ..core.platform import API_PROPERTIES
from ..openapi.view import text
from .changes import Changes, quoted

# Connection parameter types that are themselves a way to sign in (asset-shapes §1.2, §1.5).
SIGN_IN_TYPES = ("oauthSetting", "gatewaySetting")
# customParameters that are addresses of the sign-in (oauth2: authorizationUrl, tokenUrl,
# refreshUrl; aad: loginUri, resourceUri; oauth2generic: *UrlTemplate; asset-shapes §1.3).
_URL_SUFFIXES = ("url", "uri", "urltemplate")

Scope = tuple[str, str, dict[str, Any]]  # (name for messages, pointer, parameters)


def compare_properties(old: dict[str, Any], new: dict[str, Any], changes: Changes) -> None:
    before, after = as_dict(old.get("properties")), as_dict(new.get("properties"))
    later = {name: (pointer, params) for name, pointer, params in _scopes(after)}
    for name, pointer, params in _scopes(before):
        if name not in later:
            _scope_removed(name, pointer, params, changes)
            continue
        new_pointer, new_params = later[name]
        _parameters(name, pointer, params, new_pointer, new_params, changes)
    _policies(before, after, changes)


def _scopes(properties: dict[str, Any]) -> Iterator[Scope]:
    if isinstance(properties.get("connectionParameters"), dict):
        yield "", "/properties/connectionParameters", properties["connectionParameters"]
    sets = as_dict(properties.get("connectionParameterSets"))
    for index, value in enumerate(as_list(sets.get("values"))):
        name = text(as_dict(value).get("name"))
        if name:
            pointer = f"/properties/connectionParameterSets/values/{index}/parameters"
            yield name, pointer, as_dict(as_dict(value).get("parameters"))


def _described(scope: str, parameter: str) -> str:
    where = f" of the authentication type '{scope}'" if scope else ""
    return f"Connection parameter '{parameter}'{where}"


def _scope_removed(scope: str, pointer: str, params: dict[str, Any], changes: Changes) -> None:
    if not scope:  # the top level: each of its parameters is gone
        for name in params:
            changes.add(
                "connection-parameter-removed",
                f"{pointer}{pointer_join(name)}",
                f"{_described('', name)}: there are no top-level connectionParameters any more.",
                in_old=True,
                artifact=API_PROPERTIES,
            )
        return
    changes.add(
        "connection-parameter-removed",
        pointer.removesuffix("/parameters"),
        f"The authentication type '{scope}' (connectionParameterSets) has been removed, with "
        f"its parameters {quoted(list(params)) or '(none)'}.",
        in_old=True,
        artifact=API_PROPERTIES,
    )


def _parameters(
    scope: str,
    pointer: str,
    before: dict[str, Any],
    new_pointer: str,
    after: dict[str, Any],
    changes: Changes,
) -> None:
    added = {name: value for name, value in after.items() if name not in before}
    for name, value in before.items():
        where = f"{pointer}{pointer_join(name)}"
        if name not in after:
            renamed = _renamed_to(value, added)
            changes.add(
                "connection-parameter-removed",
                where,
                f"{_described(scope, name)} has been "
                + (f"renamed to '{renamed}'." if renamed else "removed."),
                in_old=True,
                artifact=API_PROPERTIES,
            )
            continue
        _parameter(
            scope, name, as_dict(value), f"{new_pointer}{pointer_join(name)}", after[name], changes
        )
    for name, value in added.items():
        param = as_dict(value)
        if _required(param) and param.get("type") not in SIGN_IN_TYPES:
            changes.add(
                "connection-parameter-required",
                f"{new_pointer}{pointer_join(name)}",
                f"{_described(scope, name)} is new and required.",
                artifact=API_PROPERTIES,
            )


def _renamed_to(value: Any, added: dict[str, Any]) -> str | None:
    """An added parameter defined exactly like the removed one: a rename."""
    same = [name for name, other in added.items() if _canonical(other) == _canonical(value)]
    return same[0] if len(same) == 1 else None


def _parameter(
    scope: str, name: str, before: dict[str, Any], pointer: str, value: Any, changes: Changes
) -> None:
    after = as_dict(value)
    described = _described(scope, name)
    if not _required(before) and _required(after) and after.get("type") not in SIGN_IN_TYPES:
        changes.add(
            "connection-parameter-required",
            pointer + "/uiDefinition/constraints/required",
            f"{described} was optional and is now required.",
            artifact=API_PROPERTIES,
        )
    kinds = (text(before.get("type")), text(after.get("type")))
    if kinds[0] != kinds[1] and any(k in SIGN_IN_TYPES for k in kinds):
        changes.add(
            "sign-in-changed",
            pointer + "/type",
            f"{described}: the type '{kinds[0]}' is now '{kinds[1]}'.",
            artifact=API_PROPERTIES,
        )
        return
    _oauth(described, as_dict(before.get("oAuthSettings")), after, pointer, changes)


def _oauth(
    described: str, before: dict[str, Any], after: dict[str, Any], pointer: str, changes: Changes
) -> None:
    if not before:
        return
    settings = as_dict(after.get("oAuthSettings"))
    base = pointer + "/oAuthSettings"
    provider, provider_now = (
        text(before.get("identityProvider")),
        text(settings.get("identityProvider")),
    )
    if provider != provider_now:
        changes.add(
            "sign-in-changed",
            base + "/identityProvider",
            f"{described}: the identityProvider '{provider}' is now '{provider_now}'.",
            artifact=API_PROPERTIES,
        )
        return  # other URLs follow from another provider: one finding says it
    custom = as_dict(settings.get("customParameters"))
    by_name = {str(k).lower(): k for k in custom}
    for key, value in as_dict(before.get("customParameters")).items():
        if not str(key).lower().endswith(_URL_SUFFIXES):
            continue
        url = as_dict(value).get("value")
        match = by_name.get(str(key).lower())
        if match is None:
            where, now = base, "no longer given"
        else:
            url_now = as_dict(custom[match]).get("value")
            if url_now == url:
                continue
            where, now = f"{base}/customParameters{pointer_join(match)}/value", f"'{url_now}'"
        changes.add(
            "sign-in-changed",
            where,
            f"{described}: the OAuth {key} '{url}' is now {now}.",
            artifact=API_PROPERTIES,
        )


def _required(param: dict[str, Any]) -> bool:
    """``uiDefinition.constraints.required`` is "true" (a string in 1094 of 1103 real
    parameters, asset-shapes §1.5) or true; a hidden parameter is never asked for."""
    constraints = as_dict(as_dict(param.get("uiDefinition")).get("constraints"))
    return _truthy(constraints.get("required")) and not _truthy(constraints.get("hidden"))


def _truthy(value: Any) -> bool:
    return value is True or (isinstance(value, str) and value.strip().lower() == "true")


def _canonical(value: Any) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False)


# ---------------------------------------------------------------- policy templates


def _policies(before: dict[str, Any], after: dict[str, Any], changes: Changes) -> None:
    """Instances are matched by templateId (any case), then the same parameters, else the same
    title, else in order: an instance whose title or parameters changed is not removed."""
    remaining = list(as_list(after.get("policyTemplateInstances")))
    unmatched = list(enumerate(as_list(before.get("policyTemplateInstances"))))
    for same in (_same_parameters, _same_title, _same_template):
        left = []
        for index, instance in unmatched:
            found = next((i for i, new in enumerate(remaining) if same(instance, new)), None)
            if found is None:
                left.append((index, instance))
            else:
                remaining.pop(found)
        unmatched = left
    for index, instance in unmatched:
        policy = as_dict(instance)
        title = text(policy.get("title"))
        changes.add(
            "policy-template-removed",
            f"/properties/policyTemplateInstances/{index}",
            f"The policy template '{_template(policy)}'"
            + (f" ('{title}')" if title else "")
            + " has been removed.",
            in_old=True,
            artifact=API_PROPERTIES,
        )


def _template(policy: dict[str, Any]) -> str:
    return (text(policy.get("templateId")) or "").strip()


def _same_template(old: Any, new: Any) -> bool:
    return _template(as_dict(old)).lower() == _template(as_dict(new)).lower()


def _same_title(old: Any, new: Any) -> bool:
    return _same_template(old, new) and as_dict(old).get("title") == as_dict(new).get("title")


def _same_parameters(old: Any, new: Any) -> bool:
    return _same_template(old, new) and _canonical(as_dict(old).get("parameters")) == _canonical(
        as_dict(new).get("parameters")
    )
