"""Which security definitions a connection needs, and which the user chooses between.

Swagger 2.0's rules: a definition applies where a ``security`` requirement names it; the
entries of a ``security`` array are alternatives; the schemes within one entry are all
required. Operation-level ``security`` replaces the document's.

When no requirement names any definition (``security`` absent or ``[]``), Swagger 2.0 would
apply none. Power Platform takes the connection's sign-in from ``securityDefinitions`` all the
same: 6 of the 35 connectors with definitions in ../shared/corpus have no requirement and their
accepted apiProperties.json signs in with them (Cradl AI, Azure Machine Learning, tyntec
Portability Check, Booking Room Pro, vatcheckapi, Veterans Affairs Providers). Accepted
connectors are the ground truth, so then every definition is offered, and a warning says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..core.diagnostics import Diagnostic
from ..core.document import pointer_join
from ..openapi.view import ApiView


@dataclass(frozen=True)
class Scheme:
    key: str
    spec: dict[str, Any]
    scopes: list[str]  # the scopes the document's security requirements ask for


def schemes_in_use(api: ApiView) -> dict[str, Scheme]:
    """The definitions a requirement names; every definition when none is named."""
    defs = api.security_definitions
    named = required_keys(api)
    scopes: dict[str, list[str]] = {key: [] for key in defs}
    for requirement in all_requirements(api):
        for key, wanted in requirement.items():
            if key in scopes and isinstance(wanted, list):
                scopes[key] += [s for s in wanted if isinstance(s, str) and s not in scopes[key]]
    return {
        key: Scheme(key, spec, scopes[key])
        for key, spec in defs.items()
        if not named or key in named
    }


def required_keys(api: ApiView) -> set[str]:
    """The defined schemes some requirement (document's or an operation's) names."""
    defs = api.security_definitions
    return {key for requirement in all_requirements(api) for key in requirement if key in defs}


def requirement_notes(api: ApiView, file: str) -> list[Diagnostic]:
    """What was left out (definitions no requirement names), or that nothing names any."""
    defs = api.security_definitions
    named = required_keys(api)
    if not defs:
        return []
    if not named:
        keys = ", ".join(defs)
        example = ", ".join(f'{{"{key}": []}}' for key in defs)
        return [
            Diagnostic(
                "warning",
                "security-requirement-missing",
                f"no security requirement names the security definitions ({keys}). Swagger "
                "2.0 would apply none of them, but Power Platform signs in with "
                "securityDefinitions, as accepted connectors without a requirement do, so "
                + ("it is" if len(defs) == 1 else "each is offered as a choice and")
                + f' used. Say which one the API needs with "security": [{example}] '
                "(one entry per alternative).",
                file=file,
                pointer="/securityDefinitions",
            )
        ]
    return [
        Diagnostic(
            "info",
            "security-unused",
            f"security definition {key} is not named by any security requirement, so the "
            "connection does not ask for it.",
            file=file,
            pointer=pointer_join("securityDefinitions", key),
        )
        for key in defs
        if key not in named
    ]


def all_requirements(api: ApiView) -> list[dict[str, Any]]:
    """The document's security requirements, then each operation's own."""
    top = api.doc.get("security")
    found = [r for r in top if isinstance(r, dict)] if isinstance(top, list) else []
    for op in api.operations:
        found += [r for r in op.security or [] if isinstance(r, dict)]
    return found


def requirement_groups(api: ApiView, schemes: dict[str, Scheme]) -> list[list[Scheme]]:
    """Alternatives the user chooses between; schemes in one group are needed together.

    Swagger 2.0: the entries of ``security`` are alternatives, the keys within one entry
    are all required. ``schemes`` holds only the named ones, unless no requirement names
    any: then each definition is an alternative of its own.
    """
    groups: list[list[str]] = []
    for requirement in all_requirements(api):
        keys = [k for k in requirement if k in schemes]
        if keys and keys not in groups:
            groups.append(keys)
    mentioned = {k for g in groups for k in g}
    groups += [[k] for k in schemes if k not in mentioned]
    # A scheme needed alone and also together with another: the larger group covers it.
    groups = [g for g in groups if not any(set(g) < set(h) for h in groups)]
    return [[schemes[k] for k in g] for g in groups]
