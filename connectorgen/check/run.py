"""The `connectorgen check` command as a function: folders in, report out, exit code back."""

from __future__ import annotations

import os
import sys
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TextIO

from .engine import UsageError, validate_options
from .folder import (
    FolderResult,
    check_folder_result,
    find_connector_folders,
    require_connector_folder,
)
from .report import FORMATS, render

FAIL_ON = ("error", "warning", "never")
EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2
PROGRESS_MIN_FOLDERS = 8  # a progress line helps only on long runs


def run_check(
    paths: Sequence[Path],
    *,
    profile: str | None = None,
    fmt: str = "text",
    fail_on: str = "error",
    ignore: Iterable[str] = (),
    recursive: bool = False,
    jobs: int | None = None,
    out: TextIO | None = None,
    err: TextIO | None = None,
) -> int:
    """Check connector folders, print the report on ``out``, return the exit code.

    0: no finding reaches ``fail_on``; 1: one does; 2: usage error or unreadable input that
    is not the connector's fault (message on ``err``). ``profile=None`` lets each folder's
    config.json choose (default certified).
    """
    out = out or sys.stdout
    err = err or sys.stderr
    ignore = tuple(ignore)
    try:
        _validate(profile, fmt, fail_on, ignore)
        folders = connector_folders([Path(p) for p in paths] or [Path(".")], recursive)
        results = list(_check_all(folders, profile, ignore, jobs, err))
    except UsageError as exc:
        err.write(f"connectorgen check: error: {exc}\n")
        return EXIT_USAGE
    color = _use_color(out)
    out.write(render(fmt, results, color=color))
    out.flush()
    return exit_code(results, fail_on)


def exit_code(results: Sequence[FolderResult], fail_on: str) -> int:
    failing = {"error": {"error"}, "warning": {"error", "warning"}, "never": set()}[fail_on]
    hit = any(f.level in failing for r in results for f in r.findings)
    return EXIT_FINDINGS if hit else EXIT_OK


def _validate(profile: str | None, fmt: str, fail_on: str, ignore: tuple[str, ...]) -> None:
    if fmt not in FORMATS:
        raise UsageError(f"unknown format '{fmt}'; choose one of: {', '.join(FORMATS)}.")
    if fail_on not in FAIL_ON:
        raise UsageError(f"unknown --fail-on '{fail_on}'; choose one of: {', '.join(FAIL_ON)}.")
    validate_options(profile or "certified", ignore)


def connector_folders(paths: Sequence[Path], recursive: bool) -> list[Path]:
    """The folders to check, in the order given (each --recursive root's folders sorted)."""
    found: list[Path] = []
    for path in paths:
        if recursive:
            if not path.is_dir():
                raise UsageError(f"{path} does not exist or is not a folder.")
            below = find_connector_folders(path)
            if not below:
                raise UsageError(f"no connector folder (holding apiDefinition.swagger.json or "
                                 f"apiDefinition.json) under {path}.")
            found.extend(below)
        else:
            require_connector_folder(path)
            found.append(path)
    unique = dict.fromkeys(found)  # a folder named twice is checked once
    return list(unique)


def _check_one(args: tuple[Path, str | None, tuple[str, ...]]) -> FolderResult:
    path, profile, ignore = args
    return check_folder_result(path, profile=profile, ignore=ignore)


def _check_all(
    folders: list[Path], profile: str | None, ignore: tuple[str, ...], jobs: int | None,
    err: TextIO,
) -> Iterator[FolderResult]:
    work = [(folder, profile, ignore) for folder in folders]
    workers = min(jobs or os.cpu_count() or 1, len(folders))
    progress = _Progress(err, len(folders))
    if workers > 1:
        # map() yields in submission order, so output and exit code do not depend on --jobs.
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for result in pool.map(_check_one, work, chunksize=_chunk(len(work), workers)):
                progress.step()
                yield result
    else:
        for item in work:
            result = _check_one(item)
            progress.step()
            yield result
    progress.done()


def _chunk(count: int, workers: int) -> int:
    return max(1, count // (workers * 4))


class _Progress:
    """'checked 12/46' on stderr, only for long runs on a terminal (never in CI logs)."""

    def __init__(self, stream: TextIO, total: int) -> None:
        self.stream, self.total, self.count = stream, total, 0
        self.enabled = (total >= PROGRESS_MIN_FOLDERS and _isatty(stream)
                        and not os.environ.get("CI"))

    def step(self) -> None:
        self.count += 1
        if self.enabled:
            self.stream.write(f"\rconnectorgen check: {self.count}/{self.total} folders")
            self.stream.flush()

    def done(self) -> None:
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _isatty(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _use_color(out: TextIO) -> bool:
    """Colour only on a terminal, and never when NO_COLOR is set (https://no-color.org)."""
    return _isatty(out) and not os.environ.get("NO_COLOR")
