"""Whether two apiProperties.json mean the same: the round trip's measure.

Key order and white space are free; everything else counts, with exactly the two documented
improvements generate makes to OAuth settings: ``redirectMode`` Global becomes
GlobalPerConnector (per-connector redirect URLs are required since February 2024, asset-shapes
§3), and the legacy ``redirectUrl`` is dropped (the platform makes the per-connector URL).
"""

from __future__ import annotations

import copy
from typing import Any

from ...core.document import pointer_join


def improved(properties: Any) -> Any:
    """A copy of an apiProperties.json with the documented improvements applied."""
    value = copy.deepcopy(properties)
    for settings in _oauth_settings(value):
        mode = settings.get("redirectMode")
        if isinstance(mode, str) and mode.lower() == "global":
            settings["redirectMode"] = "GlobalPerConnector"
        settings.pop("redirectUrl", None)
    return value


def differences(original: Any, generated: Any) -> list[str]:
    """JSON pointers where ``generated`` differs from ``original`` (improvements applied to
    both); [] when they mean the same."""
    found: list[str] = []
    _diff(improved(original), improved(generated), "", found)
    return found


def _diff(a: Any, b: Any, pointer: str, found: list[str]) -> None:
    if isinstance(a, dict) and isinstance(b, dict):
        for key in list(a) + [k for k in b if k not in a]:
            where = pointer + pointer_join(key)
            if key not in a or key not in b:
                found.append(where)
            else:
                _diff(a[key], b[key], where, found)
    elif isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            found.append(pointer)
            return
        for index, (x, y) in enumerate(zip(a, b, strict=True)):
            _diff(x, y, f"{pointer}/{index}", found)
    elif type(a) is not type(b) or a != b:
        # 1 and 1.0, true and 1 are different JSON: compare types as well as values.
        found.append(pointer)


def _oauth_settings(value: Any) -> list[dict[str, Any]]:
    props = value.get("properties") if isinstance(value, dict) else None
    if not isinstance(props, dict):
        return []
    groups = [props.get("connectionParameters")]
    sets = props.get("connectionParameterSets")
    if isinstance(sets, dict) and isinstance(sets.get("values"), list):
        groups += [v.get("parameters") for v in sets["values"] if isinstance(v, dict)]
    found = []
    for group in groups:
        for param in group.values() if isinstance(group, dict) else []:
            settings = param.get("oAuthSettings") if isinstance(param, dict) else None
            if isinstance(settings, dict):
                found.append(settings)
    return found
