"""Facts stated in two places (the config schema and the checker) must agree."""

from __future__ import annotations

import json
from pathlib import Path

from connectorgen.connector.rules.metadata import CATEGORIES, MAX_CATEGORIES
from connectorgen.core.platform import IP_BRAND_COLOR

SCHEMA = json.loads(
    (
        Path(__file__).resolve().parents[1]
        / "connectorgen"
        / "generator"
        / "schemas"
        / "config.schema.json"
    ).read_text(encoding="utf-8")
)


def test_config_categories_are_the_checker_categories() -> None:
    categories = SCHEMA["properties"]["metadata"]["properties"]["categories"]
    assert categories["items"]["enum"] == list(CATEGORIES)
    assert categories["maxItems"] == MAX_CATEGORIES


def test_independent_publisher_colour_is_the_one_the_checker_requires() -> None:
    from connectorgen.connector.check import check_files

    def hits(color: str) -> list:
        properties = {"properties": {"iconBrandColor": color, "connectionParameters": {}}}
        findings = check_files(
            {"apiProperties.json": json.dumps(properties).encode()}, profile="independent-publisher"
        )
        return [f for f in findings if f.code == "brand-color-independent-publisher"]

    assert hits("#007ee5")  # the rule runs on this input
    assert not hits(IP_BRAND_COLOR)
