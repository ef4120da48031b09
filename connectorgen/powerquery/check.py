"""`connectorgen pq check` as functions: paths in, a Report out. No printing.

- ``check_project(path, ignore=)``: one project folder, .pq/.m file, .mez or .pqx;
- ``check_paths(paths, ignore=)``: the command, in the order given.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..catalog import registry
from ..lint.engine import run_rules
from ..lint.result import Report, TargetResult
from ..lint.rules import Rule
from .context import ICONS, PACKAGE, RESOURCES, SECTION, PqContext, file_artifact
from .project import Project, load_project
from .resx import is_neutral

TOOL = "connectorgen pq check"
TARGET = "powerquery"


def powerquery_rules() -> tuple[Rule, ...]:
    return registry().for_target(TARGET)


def check_project(path: Path, *, ignore: Iterable[str] = ()) -> TargetResult:
    """Check one input; UsageError when it is not one (a missing path, another file type)."""
    ignored = registry().validate_ignore(ignore)
    project = load_project(path)
    ctx = context_for(project)
    findings = run_rules(powerquery_rules(), ctx, ignored)
    return TargetResult(project.label, TARGET, None, tuple(findings), tuple(ctx.crashes))


def check_paths(
    paths: Sequence[Path], *, ignore: Iterable[str] = (), jobs: int | None = None
) -> Report:
    """Check each path once, in the order given; ``jobs`` processes (default: the cores)."""
    ignore = tuple(ignore)
    registry().validate_ignore(ignore)
    unique = [Path(p) for p in dict.fromkeys(paths)]
    workers = min(jobs or os.cpu_count() or 1, len(unique))
    if workers > 1:
        # map() yields in submission order: the report does not depend on --jobs.
        with ProcessPoolExecutor(max_workers=workers) as pool:
            chunk = max(1, len(unique) // (workers * 4))
            results = tuple(pool.map(_check_one, [(p, ignore) for p in unique], chunksize=chunk))
    else:
        results = tuple(check_project(p, ignore=ignore) for p in unique)
    return Report(TOOL, results, powerquery_rules())


def _check_one(args: tuple[Path, tuple[str, ...]]) -> TargetResult:
    path, ignore = args
    return check_project(path, ignore=ignore)


def context_for(project: Project) -> PqContext:
    names = {file_artifact(name): project.label_of(name) for name in project.files}
    names[PACKAGE] = project.label
    data: dict[str, object] = {PACKAGE: project}
    if project.main is not None:
        names[SECTION] = names[ICONS] = project.label_of(project.main)
        if project.document is not None:
            data[SECTION] = data[ICONS] = project.document
    neutral = next((n for n in project.files if is_neutral(n)), None)
    names[RESOURCES] = project.label_of(neutral or "resources.resx")
    return PqContext(profile=None, names=names, data=data, project=project)
