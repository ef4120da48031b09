"""Names in Power Query connectors: what may name a connector, and the forbidden words.

Certification: names "should not include words like 'Power BI', 'Connector' or 'API'"
(connector-certification.md). Words are compared as words, CamelCase aware, so the "api" of
"Capital" or "Rapid" is not one.
"""

from __future__ import annotations

import re

from .lexer import KEYWORDS

_WORDS = re.compile(r"[A-Z]+(?=[A-Z][a-z])|[A-Z]?[a-z]+|[A-Z]+|[0-9]+")
# A regular M identifier without dots: what a section, a kind and a file can all be named.
CONNECTOR_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


def words(name: str) -> list[str]:
    """'HexagonSmartApi' -> ['hexagon', 'smart', 'api']; 'PowerBIDatamarts' -> power, bi, ..."""
    return [w.lower() for part in re.split(r"[^A-Za-z0-9]+", name) for w in _WORDS.findall(part)]


def forbidden_in(name: str) -> list[str]:
    """The forbidden words the name contains, as certification writes them."""
    found = []
    split = words(name)
    joined = " ".join(split)
    if re.search(r"\bpower bi\b|\bpowerbi\b", joined):
        found.append('"Power BI"')
    if any(w in ("connector", "connectors") for w in split):
        found.append('"Connector"')
    if any(w in ("api", "apis") for w in split):
        found.append('"API"')
    return found


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name a new connector, or None."""
    if not CONNECTOR_NAME.match(name) or name in KEYWORDS:
        return (
            f"'{name}' is not a name M accepts for a section and a data source kind: use "
            "letters, digits and underscores, starting with a letter (e.g. Contoso)"
        )
    banned = forbidden_in(name)
    if banned:
        return (
            f"'{name}' contains {' and '.join(banned)}; certification asks for the product name "
            "alone (e.g. Contoso, not ContosoConnector)"
        )
    return None
