"""The round trip: import a connector, generate from the config.json import wrote, compare.

For every real connector of ../shared/corpus (skipped when absent) and every sample (generated
first, then imported). Identical means: apiProperties.json with the same meaning (key order
aside, with the two documented improvements), the API definition equal as JSON, script.csx
byte for byte (line endings aside), and settings.json's values kept. The README states the
measured share; a test keeps it true.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import SAMPLE_NAMES, SAMPLES_DIR
from helpers import CORPUS

import connectorgen
from connectorgen import InputError
from connectorgen.core.jsonio import parse_json
from connectorgen.generator.importer.compare import differences

ROOT = Path(__file__).resolve().parents[1]
FOLDERS = sorted(p.parent for p in CORPUS.rglob("apiProperties.json")) if CORPUS.is_dir() else []
PARAMS = [pytest.param(f, id=f.name) for f in FOLDERS] or [
    pytest.param(None, marks=pytest.mark.skip(reason=f"corpus absent: {CORPUS}"))
]


@dataclass
class RoundTrip:
    refused: str | None = None  # import's message when the folder cannot be imported
    reported: list[str] = field(default_factory=list)  # what import said would differ
    found: list[str] = field(default_factory=list)  # what differs after generate

    @property
    def identical(self) -> bool:
        return self.refused is None and not self.found


def _definition(folder: Path) -> Path:
    return next(p for p in sorted(folder.iterdir()) if p.name.lower().startswith("apidefinition"))


def round_trip(folder: Path, work: Path) -> RoundTrip:
    try:
        result = connectorgen.import_connector(folder, work / "config")
    except InputError as exc:
        return RoundTrip(refused=exc.message)
    out = work / "again"
    connectorgen.generate(result.config, out)  # as the CLI runs it, certification rules too
    trip = RoundTrip(reported=list(result.differences))
    original = parse_json((folder / "apiProperties.json").read_bytes(), "x").value
    generated = json.loads((out / "apiProperties.json").read_text("utf-8"))
    trip.found += [f"apiProperties.json {p}" for p in differences(original, generated)]
    definition = _definition(folder)
    if parse_json(definition.read_bytes(), "x").value != json.loads(
        (out / definition.name).read_text("utf-8")
    ):
        trip.found.append("API definition")
    script, again = folder / "script.csx", out / "script.csx"
    if script.exists() != again.exists() or (
        script.exists()
        and script.read_bytes().replace(b"\r\n", b"\n")
        != again.read_bytes().replace(b"\r\n", b"\n")
    ):
        trip.found.append("script.csx")
    settings = folder / "settings.json"
    if settings.exists():
        before = parse_json(settings.read_bytes(), "x").value
        after = json.loads((out / "settings.json").read_text("utf-8"))
        trip.found += [
            f"settings.json {k}"
            for k, v in before.items()
            if after.get(k, v) != v or k not in after
        ]
    return trip


def _check(trip: RoundTrip) -> None:
    if trip.refused is not None:
        # Only input no reader can take is refused, with where and why.
        assert re.search(r"is not valid JSON: .+ at line \d+, column \d+\.", trip.refused)
        return
    # Nothing is dropped silently: import reported every difference generate leaves.
    assert len(trip.found) == len(trip.reported), (trip.found, trip.reported)


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_sample_round_trips(sample: str, tmp_path: Path) -> None:
    folder = tmp_path / "connector"
    connectorgen.generate(SAMPLES_DIR / sample / "config.json", folder, run_checks=False)
    trip = round_trip(folder, tmp_path)
    assert trip.identical, trip
    assert trip.reported == []


@pytest.mark.parametrize("folder", PARAMS)
def test_corpus_connector_round_trips(folder: Path, tmp_path: Path) -> None:
    _check(round_trip(folder, tmp_path))


README_FIGURES = re.compile(
    r"<!-- round-trip -->Of the (\d+) connectors in `\.\./shared/corpus`, (\d+) can be\s+imported "
    r"and (\d+) of them \(([\d.]+)%; \3 of \1 overall, ([\d.]+)%\)"
)


@pytest.mark.skipif(not FOLDERS, reason=f"corpus absent: {CORPUS}")
def test_readme_states_the_measured_share(tmp_path: Path) -> None:
    trips = [round_trip(folder, tmp_path / str(i)) for i, folder in enumerate(FOLDERS)]
    total = len(trips)
    importable = sum(t.refused is None for t in trips)
    identical = sum(t.identical for t in trips)
    readme = (ROOT / "README.md").read_text("utf-8")
    match = README_FIGURES.search(readme)
    assert match, "README.md lost its round-trip figures"
    stated = (int(match[1]), int(match[2]), int(match[3]), match[4], match[5])
    measured = (
        total,
        importable,
        identical,
        f"{100 * identical / importable:.1f}",
        f"{100 * identical / total:.1f}",
    )
    assert stated == measured, f"README.md states {stated}, measured {measured}"
    assert identical / importable >= 0.95
