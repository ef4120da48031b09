"""Which security definitions a connection needs, and which the user chooses between.

Swagger 2.0's rules: the entries of a ``security`` array are alternatives; the schemes within
one entry are all required. Operation-level ``security`` replaces the document's.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..openapi.view import ApiView


@dataclass(frozen=True)
class Scheme:
    key: str
    spec: dict[str, Any]
    scopes: list[str]  # the scopes the document's security requirements ask for


def schemes_in_use(api: ApiView) -> dict[str, Scheme]:
    defs = api.security_definitions
    scopes: dict[str, list[str]] = {key: [] for key in defs}
    for requirement in all_requirements(api):
        for key, wanted in requirement.items():
            if key in scopes and isinstance(wanted, list):
                scopes[key] += [s for s in wanted if isinstance(s, str) and s not in scopes[key]]
    return {key: Scheme(key, spec, scopes[key]) for key, spec in defs.items()}


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
    are all required. Definitions no requirement mentions are alternatives of their own.
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
