"""`connectorgen diff` as functions: two versions in, a Report of breaking changes out.

- ``diff_paths(old, new)``: two API definition files or connector folders (``recursive``: two
  trees of connector folders, paired by their place in the tree);
- ``diff_git(ref, path)``: ``path`` in the working tree against the same path at the git
  revision ``ref``, as a pull request would change it (``recursive``: every connector folder
  below ``path`` whose API definition or apiProperties.json changed).

Raises UsageError for what is not the inputs' fault (a path that does not exist, a bad ref,
an unknown rule id), InputError when a single comparison's file cannot be read. With
``recursive``, an unreadable folder is listed in the report (``unreadable``) and the others
are still compared.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..catalog import registry
from ..connector.files import artifact_of, find_connector_folders, folder_config
from ..core.diagnostics import Diagnostic, InputError, UsageError
from ..core.document import Document
from ..core.platform import API_DEFINITION, API_PROPERTIES, CONFIG_NAME, STATE_NAME
from ..lint.engine import run_rules
from ..lint.result import Report, TargetResult
from ..lint.rules import Rule
from .context import OLD_API_DEFINITION, OLD_API_PROPERTIES, DiffContext
from .git import Git
from .sources import DiskTree, GitTree, Side, Tree, connector_files, is_compared_file, read_side

TOOL = "connectorgen diff"
Where = tuple[Tree, str]


def diff_rules() -> tuple[Rule, ...]:
    return registry().for_target("diff")


@dataclass(frozen=True)
class Pair:
    """One comparison: OLD and NEW (None when NEW was removed), and how reports name it."""

    old: Where
    new: Where | None
    label: str


@dataclass
class _Outcome:
    results: list[TargetResult]
    added: list[str]
    unreadable: list[dict[str, str]]
    warnings: list[Diagnostic]


def diff_paths(
    old: Path, new: Path, *, ignore: Iterable[str] = (), recursive: bool = False
) -> Report:
    """Compare two API definitions or connector folders (or, recursively, two trees)."""
    ignored = registry().validate_ignore(ignore)
    if not recursive:
        pair = Pair(
            (DiskTree(old), ""), (DiskTree(new), ""), f"{old.as_posix()} -> {new.as_posix()}"
        )
        return _report(_compare_all([pair], [], ignored, strict=True))
    for root in (old, new):
        if not root.is_dir():
            raise UsageError(f"{root} does not exist or is not a folder (--recursive).")
    pairs, added = _tree_pairs(old, new)
    return _report(_compare_all(pairs, added, ignored, strict=False))


def diff_git(
    ref: str, path: Path, *, ignore: Iterable[str] = (), recursive: bool = False
) -> Report:
    """Compare ``path`` in the working tree with the same path at the revision ``ref``."""
    ignored = registry().validate_ignore(ignore)
    git = Git(path)
    commit = git.commit(ref)
    rel = git.relative(path)
    before, after = GitTree(git, commit, ref, rel), DiskTree(path)
    if recursive:
        if not path.is_dir():
            raise UsageError(f"{path} does not exist or is not a folder (--recursive).")
        pairs, added = _git_pairs(git, commit, ref, rel, path)
        return _report(_compare_all(pairs, added, ignored, strict=False))
    was, now = before.kind(""), after.kind("")
    label = f"{before.label('')} -> {after.label('')}"
    if was is None and now is None:
        raise UsageError(f"{path} exists neither in the working tree nor at {ref}.")
    if was is None:  # new since ref: nothing it could break
        return _report(_Outcome([], [after.label("")], [], []))
    pair = Pair((before, ""), (after, "") if now is not None else None, label)
    return _report(_compare_all([pair], [], ignored, strict=True))


# ---------------------------------------------------------------- which folders


def _tree_pairs(old: Path, new: Path) -> tuple[list[Pair], list[str]]:
    """Connector folders of two trees, paired by relative path; unchanged pairs are left out."""
    before = {_relative(p, old): p for p in find_connector_folders(old)}
    after = {_relative(p, new): p for p in find_connector_folders(new)}
    old_tree, new_tree = DiskTree(old), DiskTree(new)
    pairs, added = [], []
    for rel in sorted(set(before) | set(after)):
        if rel not in before:
            added.append(new_tree.label(rel))
        elif rel not in after:
            pairs.append(Pair((old_tree, rel), None, f"{old_tree.label(rel)} -> (removed)"))
        elif not _same_files(old_tree, new_tree, rel):
            label = f"{old_tree.label(rel)} -> {new_tree.label(rel)}"
            pairs.append(Pair((old_tree, rel), (new_tree, rel), label))
    return pairs, added


def _relative(folder: Path, root: Path) -> str:
    rel = folder.relative_to(root).as_posix()
    return "" if rel == "." else rel


def _same_files(old: Tree, new: Tree, rel: str) -> bool:
    """The files a comparison reads are byte for byte the same."""
    names = connector_files(old, rel)
    if names != connector_files(new, rel):
        return False
    return all(old.read(_join(rel, n)) == new.read(_join(rel, n)) for n in names.values())


def _git_pairs(
    git: Git, commit: str, ref: str, rel: str, path: Path
) -> tuple[list[Pair], list[str]]:
    """Connector folders below ``rel`` whose compared files differ from ``commit``."""
    changed = {_parent(p) for p in git.changed_since(commit, rel) if is_compared_file(p)}
    at_ref = {
        _parent(e.path)
        for e in git.files_below(commit, rel)
        if e.kind == "blob" and artifact_of(e.path) == API_DEFINITION
    }
    old_tree, new_tree = GitTree(git, commit, ref, rel), DiskTree(path)
    pairs, added = [], []
    for folder in sorted(changed):
        sub = folder[len(rel) :].lstrip("/") if rel else folder
        if any(part.startswith(".") for part in sub.split("/") if part):
            continue  # hidden folders are not connectors (as check --recursive)
        was, now = (
            folder in at_ref,
            new_tree.kind(sub) == "folder" and _has_definition(new_tree, sub),
        )
        if was and now:
            label = f"{old_tree.label(sub)} -> {new_tree.label(sub)}"
            pairs.append(Pair((old_tree, sub), (new_tree, sub), label))
        elif was:
            pairs.append(Pair((old_tree, sub), None, f"{old_tree.label(sub)} -> (removed)"))
        elif now:
            added.append(new_tree.label(sub))
    return pairs, added


def _has_definition(tree: Tree, rel: str) -> bool:
    return API_DEFINITION in connector_files(tree, rel)


def _parent(path: str) -> str:
    return path.rsplit("/", 1)[0] if "/" in path else ""


def _join(rel: str, name: str) -> str:
    return f"{rel}/{name}" if rel else name


# ---------------------------------------------------------------- comparing


def _compare_all(
    pairs: list[Pair], added: list[str], ignored: frozenset[str], *, strict: bool
) -> _Outcome:
    outcome = _Outcome([], added, [], [])
    for pair in pairs:
        try:
            outcome.results.append(_compare(pair, ignored, outcome.warnings))
        except InputError as exc:
            if strict:
                raise
            outcome.unreadable.append({"path": pair.label, "message": exc.message})
    return outcome


def _compare(pair: Pair, ignored: frozenset[str], warnings: list[Diagnostic]) -> TargetResult:
    with collector_paused():
        old = read_side(*pair.old)
        new = read_side(*pair.new) if pair.new is not None else None
        warnings += old.warnings + (new.warnings if new else [])
        return compare_sides(old, new, ignored | _config_ignore(new), pair.label)


def compare_sides(
    old: Side, new: Side | None, ignored: frozenset[str] = frozenset(), label: str = ""
) -> TargetResult:
    """The findings of one comparison of two sides already read (``new`` None: removed)."""
    with collector_paused():
        ctx = diff_context(old, new)
        findings = run_rules(diff_rules(), ctx, ignored)
    return TargetResult(label, "diff", None, tuple(findings), tuple(ctx.crashes))


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Python's cycle collector rescans every live object each time it runs, and a comparison
    keeps two parsed documents and their views alive: on large definitions the collections
    make the cost grow faster than the number of operations. Reading and comparing create no
    reference cycles, so the collector is paused meanwhile (and left as it was found)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def diff_context(old: Side, new: Side | None) -> DiffContext:
    """The rules' view of one comparison (``new`` None: NEW was removed)."""
    ctx = DiffContext(profile=None, names={}, data={}, removed=new is None)
    _add(ctx, OLD_API_DEFINITION, old.definition)
    if new is None:
        ctx.names[API_DEFINITION] = f"{old.label} (removed)"
        ctx.data[API_DEFINITION] = {}
        return ctx
    _add(ctx, API_DEFINITION, new.definition)
    if old.properties is not None and new.properties is not None:
        _add(ctx, OLD_API_PROPERTIES, old.properties)
        _add(ctx, API_PROPERTIES, new.properties)
    return ctx


def _add(ctx: DiffContext, artifact: str, document: Document) -> None:
    ctx.names[artifact] = document.name
    ctx.data[artifact] = document.value
    ctx.documents[artifact] = document


def _config_ignore(new: Side | None) -> frozenset[str]:
    """Rules the NEW folder accepts: the ``ignore`` list of its config.json (else of the
    .connectorgen.json generate left there), as check reads it."""
    if new is None or new.folder is None:
        return frozenset()
    _, ignore = folder_config(new.folder)
    try:
        return registry().validate_ignore(ignore)
    except UsageError as exc:
        named = next((n for n in (CONFIG_NAME, STATE_NAME) if (new.folder / n).is_file()), "")
        raise UsageError(f"{new.folder / named}: {exc}") from exc


def _report(outcome: _Outcome) -> Report:
    extra: dict[str, Any] = {
        "added": outcome.added,
        "unreadable": outcome.unreadable,
        "warnings": [
            {
                "rule": w.code,
                "severity": w.level,
                "message": w.message,
                "file": w.file,
                "line": w.line,
                "column": w.column,
            }
            for w in outcome.warnings
        ],
    }
    return Report(TOOL, tuple(outcome.results), diff_rules(), extra)


def notes(report: Report) -> list[str]:
    """What the report's findings do not say, for people: files read leniently, folders that
    are new (nothing to compare) and folders that could not be read."""
    lines = [
        Diagnostic(
            w["severity"], w["rule"], w["message"], w["file"], None, w["line"], w["column"]
        ).format()
        for w in report.extra.get("warnings", [])
    ]
    lines += [f"new, nothing to compare: {path}" for path in report.extra.get("added", [])]
    lines += [
        f"error: {item['path']}: {item['message']}" for item in report.extra.get("unreadable", [])
    ]
    if not report.results and not lines:
        lines.append("nothing to compare: no connector folder changed.")
    return lines


def unreadable(report: Report) -> bool:
    return bool(report.extra.get("unreadable"))
