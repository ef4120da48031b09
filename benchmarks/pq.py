"""`connectorgen pq check` over 100 Power Query projects, side by side with Microsoft's M parser.

    python benchmarks/pq.py [--repeat 5] [--samples ../shared/pq-samples]

Two sets of 100 projects are built in a temporary folder:
- typical: the six sample projects of ../shared/pq-samples and `pq new` projects of every
  sign-in, alternating (only `pq new` projects when the samples are absent);
- large: the TripPin sample (or a `pq new` project) with its members repeated under new names
  until the section document is about 50 KB, as large certified connectors are.

Each figure is the median wall time of a whole process over --repeat runs. The reference is
npm's @microsoft/powerquery-parser (the only other M parser that reads section documents,
power-query.md §3.3) lexing and parsing the same section documents in one Node process; it is
installed into the temporary folder with npm and skipped when that fails. The floor is a bare
Python process that reads and decodes the same files. benchmarks/run.py prints these rows too.
"""

from __future__ import annotations

import argparse
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

# Users' Python caches compiled modules; an environment that turns the cache off
# (PYTHONDONTWRITEBYTECODE) would make every timed run compile connectorgen again.
os.environ.pop("PYTHONDONTWRITEBYTECODE", None)

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PARSER_PACKAGE = "@microsoft/powerquery-parser@2.0.0"
PROJECTS = 100
LARGE_BYTES = 50_000
AUTHS = ("anonymous", "key", "basic", "oauth", "aad")
SAMPLES = ("HelloWorld", "HelloWorldWithDocs", "Github", "OAuthPKCE", "DirectQueryForSQL")
FLOOR = """
import sys
for name in sys.argv[1:]:
    with open(name, "rb") as handle:
        handle.read().decode("utf-8-sig", errors="replace")
print("{}")
"""

Row = Callable[[str, float, float | None, float | None], str]


def timed(cmd: list[str], repeat: int, env: dict[str, str] | None = None) -> float:
    """Median wall time; a run that fails, or prints no JSON report, stops the benchmark (a
    broken command is fast, and its time would mean nothing)."""
    runs = []
    for _ in range(repeat):
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True, env=env)
        runs.append(time.perf_counter() - start)
        if done.returncode not in (0, 1) or not done.stdout.lstrip().startswith("{"):
            sys.exit(f"benchmark command failed ({done.returncode}): {cmd[:5]}\n{done.stderr}")
    return statistics.median(runs)


def new_project(target: Path, name: str, auth: str) -> Path:
    subprocess.run(
        [PY, "-m", "connectorgen", "pq", "new", name, "--auth", auth, "--out", str(target)],
        check=True,
        capture_output=True,
    )
    return target


def typical_projects(work: Path, samples: Path | None) -> list[Path]:
    folders = []
    for i in range(PROJECTS):
        target = work / "typical" / f"p{i:03d}"
        if samples is not None and i % 2 == 0:
            sample = [*SAMPLES, "TripPin/10-TableView1"][(i // 2) % (len(SAMPLES) + 1)]
            shutil.copytree(samples / sample, target)
        else:
            new_project(target, f"Contoso{i}", AUTHS[i % len(AUTHS)])
        folders.append(target)
    return folders


def grown(text: str, target_bytes: int) -> str:
    """The section's members repeated with a suffix on every member name, up to the size."""
    head, keyword, body = text.partition("section ")
    name, _, members = body.partition(";")
    copies, n = [members], 0
    while len("".join(copies)) < target_bytes:
        n += 1
        copies.append(
            re.sub(
                r"(?m)^(shared )?([A-Za-z_][\w.]*) =",
                lambda m, n=n: f"{m.group(1) or ''}{m.group(2)}{n} =",
                members,
            )
        )
    return f"{head}{keyword}{name};{''.join(copies)}"


def large_projects(work: Path, samples: Path | None) -> list[Path]:
    if samples is not None:
        source, main = samples / "TripPin" / "10-TableView1", "TripPin.pq"
    else:
        source, main = new_project(work / "seed", "Contoso", "oauth"), "Contoso.pq"
    text = grown((source / main).read_text(encoding="utf-8-sig"), LARGE_BYTES)
    folders = []
    for i in range(PROJECTS):
        target = work / "large" / f"p{i:03d}"
        shutil.copytree(source, target)
        (target / main).write_text(text, encoding="utf-8")
        folders.append(target)
    return folders


def section_documents(folders: list[Path]) -> list[str]:
    return [
        str(p)
        for folder in folders
        for p in sorted(folder.iterdir())
        if p.suffix in (".pq", ".m") and not p.name.endswith(".query.pq")
    ]


def code_files(folders: list[Path]) -> list[str]:
    return [str(p) for f in folders for p in sorted(f.iterdir()) if p.suffix in (".pq", ".pqm")]


def install_parser(work: Path) -> dict[str, str] | None:
    """npm's @microsoft/powerquery-parser in work/node_modules; None when it cannot be had."""
    if shutil.which("node") is None or shutil.which("npm") is None:
        return None
    done = subprocess.run(
        [
            "npm",
            "install",
            "--silent",
            "--no-audit",
            "--no-fund",
            "--prefix",
            str(work),
            PARSER_PACKAGE,
        ],  # fmt: skip
        capture_output=True,
        text=True,
        timeout=300,
    )
    if done.returncode != 0:
        return None
    return {**os.environ, "NODE_PATH": str(work / "node_modules")}


def rows(repeat: int, row: Row, samples: Path | None) -> None:
    """Print the pq rows (used by this script and by benchmarks/run.py)."""
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        node_env = install_parser(work)
        for label, folders in (
            ("typical projects", typical_projects(work, samples)),
            ("large projects", large_projects(work, samples)),
        ):
            documents = section_documents(folders)
            kb = sum(os.path.getsize(p) for p in code_files(folders)) / len(folders) / 1024
            floor = timed([PY, "-c", FLOOR, *code_files(folders)], repeat)
            reference = None
            if node_env is not None:
                script = str(ROOT / "benchmarks" / "powerquery_parser.js")
                reference = timed(["node", script, *documents], repeat, env=node_env)
            for jobs in (1, 2):
                check = timed(
                    [
                        PY,
                        "-m",
                        "connectorgen",
                        "pq",
                        "check",
                        "--format",
                        "json",
                        "--fail-on",
                        "never",
                        "--jobs",
                        str(jobs),
                        *map(str, folders),
                    ],
                    repeat,
                )
                title = f"pq check, {len(folders)} {label} ({kb:.0f} KB of M each), --jobs {jobs}"
                print(row(title, check, reference, floor))
            if reference is not None:
                note = "  @microsoft/powerquery-parser, same .pq files"
                print(row(note, reference, reference, floor))
            print(row("  floor: read + decode the same files", floor, reference, floor))


def _row(label: str, seconds: float, reference: float | None, floor: float | None) -> str:
    ref = f"{seconds / reference:6.2f}x" if reference else "      -"
    flo = f"{seconds / floor:6.2f}x" if floor else "      -"
    return f"| {label:<58} | {seconds * 1000:9.0f} ms | {ref} | {flo} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--samples", type=Path, default=ROOT.parent / "shared" / "pq-samples")
    args = parser.parse_args()
    print(
        f"Machine: {platform.platform()}, Python {platform.python_version()}, "
        f"{os.cpu_count()} cores; {args.repeat} runs each, median wall time.\n"
    )
    print("| what | median | vs reference | vs floor |\n| --- | ---: | ---: | ---: |")
    rows(args.repeat, _row, args.samples if args.samples.is_dir() else None)


if __name__ == "__main__":
    main()
