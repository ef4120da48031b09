"""The connector-folder rules, one module per subject, in the order they are documented."""

from __future__ import annotations

from ...lint.rules import Rule
from . import (
    files,
    icon,
    manual,
    metadata,
    operations,
    parameters,
    policies,
    properties,
    readme,
    schemas,
    secrets,
    xms,
)

_MODULES = (
    files,
    properties,
    policies,
    icon,
    manual,
    metadata,
    operations,
    parameters,
    readme,
    schemas,
    secrets,
    xms,
)
RULES: tuple[Rule, ...] = tuple(rule for module in _MODULES for rule in module.rules.rules)
