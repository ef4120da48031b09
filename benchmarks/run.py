"""Side-by-side speed figures for connectorgen, in one run, on the same files.

    python benchmarks/run.py [--repeat 5] [--corpus ../shared/corpus] [--repository CLONE]

Every figure is the median wall time of a whole process (what a user waits for), over
--repeat runs. Printed: each figure, and its ratio to the reference (openapi-spec-validator
alone on the same files) and to the floor (a bare Python process that only reads and
parses the same JSON and resizes the icon).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from types import ModuleType

# Users' Python caches compiled modules; an environment that turns the cache off
# (PYTHONDONTWRITEBYTECODE) would make every timed run compile connectorgen again.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "api-key"
PY = sys.executable


def timed(cmd: list[str], repeat: int, cwd: Path | None = None) -> float:
    subprocess.run(cmd, cwd=cwd, capture_output=True)  # warm-up: the module caches are written
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True)
        runs.append(time.perf_counter() - start)
        if done.returncode not in (0, 1):
            sys.exit(
                f"benchmark command failed ({done.returncode}): {' '.join(cmd)}\n{done.stderr}"
            )
    return statistics.median(runs)


def grown_swagger(target_bytes: int) -> dict:
    """The api-key sample with its operations copied under new paths until the size is reached."""
    doc = json.loads((SAMPLE / "apiDefinition.json").read_text(encoding="utf-8"))
    originals = list(doc["paths"].items())
    n = 0
    while len(json.dumps(doc, indent=2)) < target_bytes:
        n += 1
        for path, item in originals:
            clone = copy.deepcopy(item)
            for op in clone.values():
                if isinstance(op, dict) and "operationId" in op:
                    op["operationId"] = f"{op['operationId']}V{n}"
            doc["paths"][f"/v{n}{path}"] = clone
    return doc


def make_connector(work: Path, name: str, target_bytes: int | None) -> Path:
    folder = work / name
    folder.mkdir()
    shutil.copy(SAMPLE / "logo.png", folder / "logo.png")
    config = json.loads((SAMPLE / "config.json").read_text(encoding="utf-8"))
    config.pop("$schema", None)
    if target_bytes is None:
        shutil.copy(SAMPLE / "apiDefinition.json", folder / "apiDefinition.json")
    else:
        text = json.dumps(grown_swagger(target_bytes), indent=2)
        if len(text.encode()) > 1_048_576:  # stay under the 1 MB gate
            text = json.dumps(json.loads(text), separators=(",", ":"))
        (folder / "apiDefinition.json").write_text(text, encoding="utf-8")
    (folder / "config.json").write_text(json.dumps(config), encoding="utf-8")
    return folder


def import_then_generate(work: Path, name: str, repeat: int) -> tuple[float, float, float]:
    """connectorgen import of a generated connector folder, then generate from its config.

    The folder is generate's output for the same connector (what a user imports: a folder
    as the certification repository holds it). Returned: import alone; import and generate as
    two commands in one shell line; import --generate, both in one process.
    """
    source = work / "out" / name
    imported, again = work / "imported" / name, work / "again" / name
    cg = f"{shlex.quote(PY)} -m connectorgen"
    import_cmd = (
        f"{cg} import {shlex.quote(str(source))} --out {shlex.quote(str(imported))} --force"
    )
    generate_cmd = (
        f"{cg} generate --config {shlex.quote(str(imported / 'config.json'))} "
        f"--out {shlex.quote(str(again))} --force"
    )
    alone = timed(["sh", "-c", import_cmd], repeat)
    both = timed(["sh", "-c", f"{import_cmd} && {generate_cmd}"], repeat)
    one = timed(["sh", "-c", f"{import_cmd} --generate {shlex.quote(str(again))}"], repeat)
    return alone, both, one


def check_folders(work: Path, corpus: Path | None) -> list[Path]:
    if corpus and corpus.is_dir():
        return sorted(p.parent for p in corpus.glob("*/*/apiDefinition.swagger.json"))
    folders = []
    out = work / "generated"
    for sample in sorted((ROOT / "samples").glob("*/config.json")):
        for copy_no in range(6):
            target = out / f"{sample.parent.name}-{copy_no}"
            subprocess.run(
                [
                    PY,
                    "-m",
                    "connectorgen",
                    "generate",
                    "--config",
                    str(sample),
                    "--out",
                    str(target),
                ],
                check=True,
                capture_output=True,
            )
            folders.append(target)
    return folders


VALIDATOR = """
import json, sys
from openapi_spec_validator import OpenAPIV2SpecValidator
for name in sys.argv[1:]:
    with open(name, encoding="utf-8-sig") as f:
        try:
            doc = json.load(f)
        except ValueError:
            continue
    list(OpenAPIV2SpecValidator(doc).iter_errors())
"""

FLOOR = """
import io, json, sys
from PIL import Image
icon = sys.argv[1]
for name in sys.argv[2:]:
    with open(name, encoding="utf-8-sig") as f:
        try:
            json.load(f)
        except ValueError:
            pass
if icon:
    img = Image.open(icon).convert("RGB").resize((160, 160))
    img.save(io.BytesIO(), "PNG")
"""


REPOSITORY_KINDS = ("certified-connectors", "independent-publisher-connectors", "custom-connectors")
REPOSITORY_SIZE = 1_030  # connector folders of microsoft/PowerPlatformConnectors (issue 11)


def repository_root(work: Path, corpus: Path, clone: Path | None) -> tuple[Path, str]:
    """A whole certification repository to check: ``clone`` when given, else the corpus copied
    until it has as many connector folders, in the repository's layout (so each copy keeps
    its profile)."""
    if clone:
        return clone, "repository clone"
    per_copy = sum(1 for _ in corpus.glob("*/*/apiProperties.json"))
    copies = -(-REPOSITORY_SIZE // per_copy)  # rounded up: 46 -> 23 copies, 1,058 folders
    root = work / "repository"
    for number in range(copies):
        for kind in REPOSITORY_KINDS:
            if (corpus / kind).is_dir():
                shutil.copytree(corpus / kind, root / f"{number:03}" / kind)
    return root, f"corpus x{copies}"


def definition_files(folders: list[Path]) -> list[str]:
    files = []
    for folder in folders:
        for name in ("apiDefinition.swagger.json", "apiDefinition.json"):
            if (folder / name).exists():
                files.append(str(folder / name))
                break
    return files


def row(label: str, seconds: float, reference: float | None, floor: float | None) -> str:
    ref = f"{seconds / reference:6.2f}x" if reference else "      -"
    flo = f"{seconds / floor:6.2f}x" if floor else "      -"
    return f"| {label:<58} | {seconds * 1000:9.0f} ms | {ref} | {flo} |"


class Tee:
    """Print to the terminal and keep a copy, so the docs can quote the run verbatim."""

    def __init__(self, path: Path) -> None:
        self.path, self.lines, self.terminal = path, [], sys.stdout

    def write(self, text: str) -> None:
        self.terminal.write(text)
        self.lines.append(text)
        self.path.write_text("".join(self.lines), encoding="utf-8")

    def flush(self) -> None:
        self.terminal.flush()


def pq_benchmark() -> ModuleType:
    """benchmarks/pq.py (Power Query rows), loaded by path: run.py is run as a script."""
    import importlib.util

    spec = importlib.util.spec_from_file_location("pq_benchmark", ROOT / "benchmarks" / "pq.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument(
        "--repository",
        type=Path,
        help="a clone of microsoft/PowerPlatformConnectors for the whole-repository row "
        "(default: the corpus copied to about 1,030 folders)",
    )
    parser.add_argument("--output", type=Path, help="also write the table to this file")
    args = parser.parse_args()
    if args.output:
        tee = Tee(args.output)
        sys.stdout = tee  # type: ignore[assignment]
    header = "| what | median | vs reference | vs floor |\n| --- | ---: | ---: | ---: |"
    print(
        f"Machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores; {args.repeat} runs each, median wall time.\n"
    )
    print(header)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for name, size in (
            ("small", None),
            ("typical (~50 KB)", 50_000),
            ("largest (just under 1 MB)", 1_000_000),
        ):
            folder = make_connector(work, name.split()[0], size)
            definition = str(folder / "apiDefinition.json")
            gen = timed(
                [
                    PY,
                    "-m",
                    "connectorgen",
                    "generate",
                    "--config",
                    str(folder / "config.json"),
                    "--out",
                    str(work / "out" / folder.name),
                    "--force",
                ],
                args.repeat,
            )
            ref = timed([PY, "-c", VALIDATOR, definition], args.repeat)
            floor = timed([PY, "-c", FLOOR, str(folder / "logo.png"), definition], args.repeat)
            kb = os.path.getsize(definition) / 1024
            print(row(f"generate, {name}, {kb:.0f} KB", gen, ref, floor))
            if size == 1_000_000:
                imported, both, one = import_then_generate(work, folder.name, args.repeat)
                print(row(f"import --generate, {name}, {kb:.0f} KB (one process)", one, ref, floor))
                print(row("  import, then generate (two commands)", both, ref, floor))
                print(row("  import alone (of generate's output)", imported, ref, floor))
            print(row("  openapi-spec-validator alone, same file", ref, ref, floor))
            print(row("  floor: read + parse + resize icon", floor, ref, floor))
        folders = check_folders(work, args.corpus)
        files = definition_files(folders)
        where = "corpus" if args.corpus.is_dir() else "samples x6"
        ref = timed([PY, "-c", VALIDATOR, *files], args.repeat)
        floor = timed([PY, "-c", FLOOR, "", *files], args.repeat)
        for jobs in (1, 2):
            t = timed(
                [
                    PY,
                    "-m",
                    "connectorgen",
                    "check",
                    "--fail-on",
                    "never",
                    "--jobs",
                    str(jobs),
                    "--format",
                    "json",
                    *map(str, folders),
                ],
                args.repeat,
            )
            print(row(f"check, {len(folders)} connectors ({where}), --jobs {jobs}", t, ref, floor))
        print(row(f"  openapi-spec-validator alone, same {len(files)} files", ref, ref, floor))
        print(row("  floor: read + parse the same files", floor, ref, floor))
        if args.repository or args.corpus.is_dir():
            root, what = repository_root(work, args.corpus, args.repository)
            count = len({p.parent for p in root.rglob("apiProperties.json")})
            t = timed(
                [
                    PY,
                    "-m",
                    "connectorgen",
                    "check",
                    "--recursive",
                    "--fail-on",
                    "never",
                    "--jobs",
                    "2",
                    "--format",
                    "json",
                    str(root),
                ],
                args.repeat,
            )
            print(row(f"check --recursive, {count} folders ({what}), --jobs 2", t, None, None))
        samples = args.corpus.parent / "pq-samples"
        pq_benchmark().rows(args.repeat, row, samples if samples.is_dir() else None)
        bare = timed([PY, "-c", "pass"], args.repeat * 2)
        version = timed([PY, "-m", "connectorgen", "--version"], args.repeat * 2)
        print(row("connectorgen --version", version, None, bare))
        print(row("  python -c pass", bare, None, bare))


if __name__ == "__main__":
    main()
