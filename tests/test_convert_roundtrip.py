"""Round-trip fidelity on the real connectors of ../shared/corpus (skipped when it, node, npm or
the npm package is unavailable): Swagger 2.0 -> OpenAPI 3.0 through swagger2openapi (npm) ->
`connectorgen convert` -> compared with the original (benchmarks/fidelity.py says on what).

Targets (issue 13): at least 99% of the compared items kept, at least 90% of the connectors
identical. The two files that are not JSON at all are left out (no converter reads them).
"""

from __future__ import annotations

import importlib.util
import json
import sys
from pathlib import Path

import pytest
from helpers import CORPUS

from connectorgen.core.jsonio import parse_json
from connectorgen.core.reading import parse_document
from connectorgen.openapi.convert import to_swagger

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.skipif(not CORPUS.is_dir(), reason="../shared/corpus is not available")


def _fidelity():  # benchmarks/ is not a package: load the module by path
    spec = importlib.util.spec_from_file_location("fidelity", ROOT / "benchmarks" / "fidelity.py")
    assert spec and spec.loader
    if "fidelity" not in sys.modules:  # dataclasses look their module up there
        module = importlib.util.module_from_spec(spec)
        sys.modules["fidelity"] = module
        spec.loader.exec_module(module)
    return sys.modules["fidelity"]


@pytest.fixture(scope="module")
def round_trip(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[dict, dict]]:
    fidelity = _fidelity()
    tools = fidelity.npm_tools()
    if tools is None:
        pytest.skip("node, npm or swagger2openapi is not available")
    work = tmp_path_factory.mktemp("roundtrip")
    swagger_dir, openapi_dir = work / "swagger", work / "openapi"
    swagger_dir.mkdir()
    originals = {}
    for path in sorted(CORPUS.glob("*/*/apiDefinition.swagger.json")):
        try:
            doc = parse_json(path.read_bytes(), str(path)).value
        except Exception:  # noqa: BLE001 - the two broken files of the corpus
            continue
        name = f"{path.parent.parent.name}--{path.parent.name}.json"
        (swagger_dir / name).write_text(json.dumps(doc), encoding="utf-8")
        originals[name] = doc
    fidelity.to_openapi3(tools, swagger_dir, openapi_dir)
    pairs = {}
    for name, original in originals.items():
        converted = openapi_dir / name
        assert converted.is_file(), f"swagger2openapi did not convert {name}"
        source = parse_document(converted.read_bytes(), str(converted), "API definition")
        assert source.document.value["openapi"].startswith("3.0")
        conversion = to_swagger(source)
        assert conversion is not None
        pairs[name] = (original, conversion.swagger)
    return pairs


def test_items_kept_and_connectors_identical(round_trip: dict[str, tuple[dict, dict]]) -> None:
    fidelity = _fidelity()
    total = fidelity.Fidelity()
    identical = 0
    for original, back in round_trip.values():
        result = fidelity.compare(original, back)
        identical += result.identical
        total.merge(result)
    assert len(round_trip) >= 40
    assert total.ratio >= 0.99, total.lost[:20]
    assert identical / len(round_trip) >= 0.90, total.lost[:20]


def test_what_a_connector_needs_is_kept_exactly(round_trip: dict[str, tuple[dict, dict]]) -> None:
    """Operations, parameters, bodies, x-ms extensions and servers come back every time."""
    fidelity = _fidelity()
    total = fidelity.Fidelity()
    for original, back in round_trip.values():
        total.merge(fidelity.compare(original, back))
    for kind in ("host", "basePath", "schemes", "operation", "parameter", "body", "x-ms"):
        assert total.kept.get(kind, 0) == total.total[kind], [
            lost for lost in total.lost if lost.startswith(kind)
        ]
