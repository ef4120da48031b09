"""connectorgen convert side by side with api-spec-converter (npm), on the same files.

    python benchmarks/convert.py [--repeat 3] [--corpus ../shared/corpus]

The inputs are the corpus connectors' Swagger 2.0 files turned into OpenAPI 3.0 by
swagger2openapi (benchmarks/fidelity.py). For each converter: the wall time of converting
every file, one process per file as a user runs it (median of --repeat runs), and the
round-trip fidelity (items kept, connectors identical). npm packages are installed into a
cache folder (CONNECTORGEN_NPM_CACHE, else ~/.cache/connectorgen-npm); they are never used by
connectorgen itself.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from fidelity import API_SPEC_CONVERTER, SWAGGER2OPENAPI, Fidelity, compare, npm_tools, to_openapi3

# Users' Python caches compiled modules; an environment that turns the cache off
# (PYTHONDONTWRITEBYTECODE) would make every timed run compile connectorgen again.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

ROOT = Path(__file__).resolve().parents[1]


def corpus_swagger(corpus: Path, out: Path) -> dict[str, dict]:
    sys.path.insert(0, str(ROOT))
    from connectorgen.core.jsonio import parse_json

    out.mkdir(parents=True)
    originals = {}
    for path in sorted(corpus.glob("*/*/apiDefinition.swagger.json")):
        try:
            doc = parse_json(path.read_bytes(), str(path)).value
        except Exception:  # noqa: BLE001 - not JSON at all: no converter reads it
            continue
        name = f"{path.parent.parent.name}--{path.parent.name}.json"
        (out / name).write_text(json.dumps(doc), encoding="utf-8")
        originals[name] = doc
    return originals


def run_all(commands: list[list[str]], outputs: list[Path]) -> float:
    start = time.perf_counter()
    for command, output in zip(commands, outputs, strict=True):
        done = subprocess.run(command, capture_output=True)
        if output.suffix == ".json" and done.returncode == 0 and done.stdout:
            output.write_bytes(done.stdout)
    return time.perf_counter() - start


def fidelity_of(originals: dict[str, dict], folder: Path) -> tuple[Fidelity, int, int]:
    total, identical, failed = Fidelity(), 0, 0
    for name, original in originals.items():
        try:
            back = json.loads((folder / name).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            failed += 1
            back = {}
        result = compare(original, back)
        identical += result.identical
        total.merge(result)
    return total, identical, failed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    args = parser.parse_args()
    tools = npm_tools((SWAGGER2OPENAPI, API_SPEC_CONVERTER))
    if tools is None or not args.corpus.is_dir():
        sys.exit("needs node, npm (swagger2openapi, api-spec-converter) and the corpus")
    asc = tools / "node_modules" / ".bin" / "api-spec-converter"
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        originals = corpus_swagger(args.corpus, work / "swagger")
        to_openapi3(tools, work / "swagger", work / "openapi")
        names = sorted(originals)
        inputs = [work / "openapi" / n for n in names]
        runs = {}
        for label, folder, command in (
            (
                "connectorgen convert",
                work / "cg",
                lambda f, o: [
                    sys.executable,
                    "-m",
                    "connectorgen",
                    "convert",
                    str(f),
                    "-o",
                    str(o),
                    "--force",
                ],
            ),
            (
                f"api-spec-converter {API_SPEC_CONVERTER.split('@')[1]}",
                work / "asc",
                lambda f, o: [str(asc), "--from=openapi_3", "--to=swagger_2", str(f)],
            ),
        ):
            folder.mkdir()
            outputs = [folder / n for n in names]
            commands = [command(f, o) for f, o in zip(inputs, outputs, strict=True)]
            times = [run_all(commands, outputs) for _ in range(args.repeat)]
            runs[label] = (statistics.median(times), *fidelity_of(originals, folder))
    print(
        f"Machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores; {len(names)} connectors, one process per file, "
        f"median of {args.repeat} runs.\n"
    )
    print("| converter | time, all files | per file | items kept | identical | failed |")
    print("| --- | ---: | ---: | ---: | ---: | ---: |")
    base = None
    for label, (seconds, total, identical, failed) in runs.items():
        base = base or seconds
        print(
            f"| {label} | {seconds:.1f} s ({seconds / base:.2f}x) | "
            f"{seconds / len(names) * 1000:.0f} ms | {total.ratio * 100:.2f}% | "
            f"{identical}/{len(names)} | {failed} |"
        )
    print()
    for label, (_, total, _, _) in runs.items():
        kinds = ", ".join(f"{k} {total.kept.get(k, 0)}/{n}" for k, n in sorted(total.total.items()))
        print(f"- {label}: {kinds}")


if __name__ == "__main__":
    main()
