"""Speed of `connectorgen diff`: two ~1 MB Swaggers, and how the cost grows with operations.

    python benchmarks/diff.py [--repeat 7] [--output FILE]

1. Whole command, as a user waits for it: `python -m connectorgen diff OLD NEW --format json`
   on two API definitions just under Power Platform's 1 MB limit, side by side with what a user
   would otherwise run offline (a text diff, `diff -u`) and with the floor (a bare Python
   process that reads and parses the same two files). Medians of --repeat runs: wall time,
   and CPU time (user + system), which other processes on a busy machine do not inflate.
2. Growth: the comparison alone (both documents already parsed), in-process, fastest of
   --repeat runs, for 250 to 8,000 operations, with every operation's schemas its own and
   with all operations sharing their definitions. Linear growth shows as a flat time per
   operation.

Inputs are built from samples/api-key: its operations are copied under new paths (with their
own copies of the definitions, or all sharing one set). NEW deletes every 20th operation, removes
a response property from every 10th copy of the definitions and retypes an input in every
10th, so the comparison has findings to report, as a real pull request would.
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

# Users' Python caches compiled modules; an environment that turns the cache off
# (PYTHONDONTWRITEBYTECODE) would make every timed run compile connectorgen again.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "samples" / "api-key" / "apiDefinition.json"
PY = sys.executable
LIMIT = 1_048_576


def _retarget(value: Any, suffix: str) -> Any:
    """A copy of ``value`` whose #/definitions/ references point at the suffixed copies."""
    if isinstance(value, dict):
        out = {k: _retarget(v, suffix) for k, v in value.items()}
        ref = out.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/definitions/"):
            out["$ref"] = ref + suffix
        return out
    if isinstance(value, list):
        return [_retarget(v, suffix) for v in value]
    return value


def build(copies: int, unique: bool) -> dict[str, Any]:
    """The sample with its paths copied ``copies`` times (each copy with its own definitions
    when ``unique``)."""
    base: dict[str, Any] = json.loads(SAMPLE.read_text(encoding="utf-8"))
    doc = copy.deepcopy(base)
    doc["paths"], doc["definitions"] = {}, {}
    for n in range(copies):
        suffix = f"V{n}" if unique else ""
        for path, item in base["paths"].items():
            clone = _retarget(item, suffix) if unique else copy.deepcopy(item)
            for op in clone.values():
                if isinstance(op, dict) and "operationId" in op:
                    op["operationId"] = f"{op['operationId']}V{n}"
            doc["paths"][f"/v{n}{path}"] = clone
        if unique or n == 0:
            for name, schema in base.get("definitions", {}).items():
                doc["definitions"][name + suffix] = _retarget(schema, suffix) if unique else schema
    return doc


def operations(doc: dict[str, Any]) -> int:
    methods = ("get", "put", "post", "delete", "patch", "head", "options")
    return sum(1 for item in doc["paths"].values() for m in item if m in methods)


def changed(doc: dict[str, Any]) -> dict[str, Any]:
    """Breaking changes spread over the document: deletions, removed outputs, retyped inputs."""
    new = copy.deepcopy(doc)
    for index, path in enumerate(list(new["paths"])):
        if index % 20 == 0:
            item = new["paths"][path]
            method = next(m for m in ("get", "post", "put", "delete", "patch") if m in item)
            del item[method]
    for index, (_, schema) in enumerate(sorted(new["definitions"].items())):
        props = schema.get("properties") if isinstance(schema, dict) else None
        if index % 10 == 0 and isinstance(props, dict) and props:
            props.pop(next(iter(props)))
    for index, item in enumerate(new["paths"].values()):
        for op in item.values():
            params = op.get("parameters") if isinstance(op, dict) else None
            if index % 10 == 0 and isinstance(params, list):
                for param in params:
                    if isinstance(param, dict) and param.get("type") == "string":
                        param["type"] = "integer"
                        break
    return new


def largest(unique: bool) -> dict[str, Any]:
    """The most copies whose JSON, indented as real files are, stays under the 1 MB limit."""
    one, two = (len(_text(build(n, unique)).encode()) for n in (1, 2))
    copies = max(1, (LIMIT - one) // (two - one) + 1)
    while copies > 1 and len(_text(build(copies, unique)).encode()) >= LIMIT:
        copies -= 1
    return build(copies, unique)


def _text(doc: dict[str, Any]) -> str:
    return json.dumps(doc, indent=2)


def timed(cmd: list[str], repeat: int) -> tuple[float, float]:
    """Median wall time and median CPU time (user + system) of ``cmd``. CPU time is what
    the command itself costs; wall time is also what other processes on the machine cost."""
    walls, cpus = [], []
    for _ in range(repeat):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, check=False)
        walls.append(time.perf_counter() - start)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode not in (0, 1):
            sys.exit(f"benchmark command failed ({done.returncode}): {cmd}\n{done.stderr}")
    return statistics.median(walls), statistics.median(cpus)


def ms(value: float) -> str:
    return f"{value * 1000:.0f} ms"


FLOOR = """
import json, sys
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as f:
        json.load(f)
"""


def compare_seconds(old: dict[str, Any], new: dict[str, Any], repeat: int) -> tuple[float, int]:
    """The comparison alone: the rules over already-parsed documents (the fastest of
    ``repeat`` runs, which other processes on the machine disturb least; findings)."""
    from connectorgen.core.document import Document
    from connectorgen.diff.run import compare_sides
    from connectorgen.diff.sources import Side

    runs, found = [], 0
    for _ in range(repeat):
        before = Side("old", Document("old.json", "", old))
        after = Side("new", Document("new.json", "", new))
        start = time.perf_counter()
        result = compare_sides(before, after)
        runs.append(time.perf_counter() - start)
        found = len(result.findings)
    return min(runs), found


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--output", type=Path, help="also write the tables to this file")
    args = parser.parse_args()
    lines: list[str] = []

    def say(text: str = "") -> None:
        print(text, flush=True)
        lines.append(text)

    say(
        f"Machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores; median of {args.repeat} runs.\n"
    )
    say("| two API definitions just under 1 MB | operations | wall time | CPU time |")
    say("| --- | ---: | ---: | ---: |")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for unique in (True, False):
            old = largest(unique)
            kind = "own definitions" if unique else "shared definitions"
            (work / "old.json").write_text(_text(old), encoding="utf-8")
            (work / "new.json").write_text(_text(changed(old)), encoding="utf-8")
            files = [str(work / "old.json"), str(work / "new.json")]
            sizes = "/".join(f"{os.path.getsize(f) / 1024:.0f}" for f in files)
            cmd = [PY, "-m", "connectorgen", "diff", *files, "--format", "json"]
            wall, cpu = timed(cmd, args.repeat)
            label = f"connectorgen diff, {kind} ({sizes} KB)"
            say(f"| {label} | {operations(old)} | {ms(wall)} | {ms(cpu)} |")
            if shutil.which("diff"):
                wall, cpu = timed(["diff", "-u", *files], args.repeat)
                say(f"|   diff -u on the same files | | {ms(wall)} | {ms(cpu)} |")
            wall, cpu = timed([PY, "-c", FLOOR, *files], args.repeat)
            say(f"|   floor: python reads and parses both | | {ms(wall)} | {ms(cpu)} |")
    say()
    say(
        "| operations | own definitions | µs per operation | shared definitions | "
        "µs per operation |"
    )
    say("| ---: | ---: | ---: | ---: | ---: |")
    for copies in (50, 100, 200, 400, 800, 1600):
        cells = []
        for unique in (True, False):
            old = build(copies, unique)
            seconds, _ = compare_seconds(old, changed(old), args.repeat)
            cells += [f"{seconds * 1000:.0f} ms", f"{seconds / operations(old) * 1e6:.0f}"]
        say(f"| {operations(build(copies, False))} | " + " | ".join(cells) + " |")
    if args.output:
        args.output.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
