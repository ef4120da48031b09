"""All rules, in the order they are listed and documented. Importing the modules registers them."""

from __future__ import annotations

from . import (  # noqa: F401  (imported for their @rule declarations)
    rules_files,
    rules_icon,
    rules_manual,
    rules_metadata,
    rules_operations,
    rules_parameters,
    rules_properties,
    rules_readme,
    rules_schemas,
    rules_secrets,
    rules_xms,
)
from .model import Rule, registered_rules

RULES: tuple[Rule, ...] = registered_rules()
RULES_BY_ID: dict[str, Rule] = {r.id: r for r in RULES}
