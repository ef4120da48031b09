"""Golden output folders for every sample, and determinism.

Regenerate the goldens after an intended change with

    python -m pytest tests/test_generate_golden.py --update-golden

then review the diff of tests/golden/generate/ before committing.
"""

from __future__ import annotations

import io
import json
import shutil
import warnings
from pathlib import Path

import pytest
from conftest import SAMPLE_NAMES, SAMPLES_DIR, snapshot
from PIL import Image

import connectorgen
from connectorgen.core.platform import STATE_NAME
from connectorgen.core.writer import digest

GOLDEN_DIR = Path(__file__).resolve().parent / "golden" / "generate"


def _generate(sample: str, out: Path) -> dict[str, bytes]:
    connectorgen.generate(SAMPLES_DIR / sample / "config.json", out)
    files = snapshot(out)
    assert files is not None
    return files


def _decoded(data: bytes) -> tuple[str, tuple[int, int], str, bytes]:
    with Image.open(io.BytesIO(data)) as img:
        img.load()
        return img.format, img.size, img.mode, img.convert("RGBA").tobytes()


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_sample_matches_golden(sample: str, tmp_path: Path, update_golden: bool) -> None:
    produced = _generate(sample, tmp_path / "out")
    golden_dir = GOLDEN_DIR / sample
    if update_golden:
        shutil.rmtree(golden_dir, ignore_errors=True)
        golden_dir.mkdir(parents=True)
        for name, data in produced.items():
            (golden_dir / name).write_bytes(data)
        warnings.warn(f"golden output for {sample} rewritten in {golden_dir}", stacklevel=1)
        return
    golden = snapshot(golden_dir)
    assert golden is not None, (
        f"no golden output for {sample}; run python -m pytest {Path(__file__).name} "
        "--update-golden to create it"
    )
    assert sorted(produced) == sorted(golden), "the set of generated files changed"
    for name, expected in golden.items():
        actual = produced[name]
        if name.endswith(".png"):
            # PNG bytes may differ between Pillow/zlib versions; the picture must not.
            assert _decoded(actual) == _decoded(expected), f"{sample}/{name}: pixels differ"
        elif name == STATE_NAME:
            # It records the icon's digest, which follows the PNG bytes: compare the rest,
            # and that the recorded digest is the icon's own.
            assert _state_without_icon(actual, produced) == _state_without_icon(expected, golden)
        elif actual != expected:
            # Compare as text so pytest shows a readable diff.
            assert actual.decode("utf-8") == expected.decode("utf-8"), f"{sample}/{name}"
            assert actual == expected, f"{sample}/{name}: bytes differ (line endings?)"


def _state_without_icon(data: bytes, files: dict[str, bytes]) -> dict[str, object]:
    state = json.loads(data)
    recorded = state["files"].pop("icon.png", None)
    if "icon.png" in files:
        assert recorded == digest(files["icon.png"])
    return dict(state)


@pytest.mark.parametrize("sample", SAMPLE_NAMES)
def test_generate_is_deterministic(sample: str, tmp_path: Path) -> None:
    first = _generate(sample, tmp_path / "one")
    second = _generate(sample, tmp_path / "two")
    assert first == second


def test_golden_folders_cover_exactly_the_samples(update_golden: bool) -> None:
    if update_golden:
        for stale in GOLDEN_DIR.iterdir():
            if stale.is_dir() and stale.name not in SAMPLE_NAMES:
                shutil.rmtree(stale)
        pytest.skip("goldens are being rewritten")
    assert sorted(p.name for p in GOLDEN_DIR.iterdir() if p.is_dir()) == sorted(SAMPLE_NAMES)
    on_disk = sorted(p.name for p in SAMPLES_DIR.iterdir() if (p / "config.json").is_file())
    assert on_disk == sorted(SAMPLE_NAMES)
