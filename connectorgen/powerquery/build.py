"""`connectorgen pq build`: a project folder -> a .mez, or an unsigned .pqx.

- .mez: a plain ZIP with every file at its root (power-query.md §1.1: the SDK's MSBuild
  target zips the flattened MezContent items; Microsoft: "the .mez is just a .zip file",
  DataConnectors#208).
- .pqx: the same files as an OPC package: part names percent-encoded and a
  [Content_Types].xml with Microsoft's content types (§1.2, §1.3; building your own PQX "should
  work just fine", DataConnectors#467). Signing is left to MakePQX or dotnet/sign
  (docs/powerquery.md).

Both are built in memory with core.archive.build_zip, so the same sources give the same
bytes, then written once.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ..core.archive import build_zip
from ..core.diagnostics import Diagnostic, InputError, UsageError
from ..core.writer import write_standalone
from .opc import CONTENT_TYPES_NAME, content_types_xml, part_name
from .project import Issue, Project, load_project
from .references import file_references

# Where the SDK and MakePQX put their output: bin\AnyCPU\Debug\<name>.mez (§1.1, §1.4).
OUTPUT_FOLDER = Path("bin", "AnyCPU", "Debug")
# Problems that leave nothing sensible to package.
BLOCKING = ("pq-main-file", "pq-encoding", "pq-package-zip", "pq-package-flat")


@dataclass(frozen=True)
class BuildResult:
    out: Path
    data: bytes
    entries: list[str]  # the archive's entries, in order
    pqx: bool
    diagnostics: list[Diagnostic] = field(default_factory=list)  # warnings


def build(source: Path, out: Path | None = None, *, pqx: bool = False) -> BuildResult:
    """Package ``source`` (a project folder, or a .mez to repack with ``pqx``) and write it."""
    project = _load(source, pqx)
    _refuse_blocking(project)
    files = dict(project.files)
    diagnostics = _warnings(project)
    if pqx:
        data, entries = _pqx(project, files)
    else:
        entries = sorted(files)
        data = build_zip(files)
    target = out or _default_out(project, pqx)
    if target.is_dir():
        raise InputError(f"--out {target} is a folder; give the file to write, e.g. X.mez.")
    write_standalone({target: data})
    return BuildResult(target, data, entries, pqx, diagnostics)


def package_bytes(source: Path, *, pqx: bool = False) -> bytes:
    """The archive ``build`` would write, without writing it."""
    project = _load(source, pqx)
    _refuse_blocking(project)
    return _pqx(project, dict(project.files))[0] if pqx else build_zip(dict(project.files))


def _load(source: Path, pqx: bool) -> Project:
    if source.is_file():
        if not (pqx and source.name.lower().endswith(".mez")):
            raise UsageError(
                f"{source} is a file; pq build takes a project folder (or a .mez with --pqx "
                "to repack it as a .pqx)."
            )
    elif not source.is_dir():
        raise UsageError(f"{source} does not exist.")
    return load_project(source)


def _refuse_blocking(project: Project) -> None:
    blocking = [issue for issue in project.issues if issue.rule in BLOCKING]
    document = project.document
    syntax = list(document.problems) if document is not None else []
    if not blocking and project.main is None:
        blocking.append(Issue("pq-main-file", "no section document to package"))
    if blocking:
        first = blocking[0]
        where = project.label_of(first.file) if first.file else project.label
        raise InputError(
            f"{where}: {first.message}.",
            [_diagnostic(project, issue, "error") for issue in blocking],
            "\n".join(f"  {_diagnostic(project, i, 'error').format()}" for i in blocking[1:]),
        )
    if document is not None and not document.is_section:
        raise InputError(
            f"{project.label_of(project.main or '')} is not a section document (it does not "
            "start with 'section Name;'), so Power BI cannot load it as a connector."
        )
    if syntax:
        label = project.label_of(project.main or "")
        shown = "\n".join(f"  {label}:{p.line}:{p.column}: {p.message}" for p in syntax[:10])
        raise InputError(
            f"{label} has {len(syntax)} syntax error(s); MakePQX refuses to compile it too. "
            "Fix them and build again:",
            detail=shown,
        )
    lowered: dict[str, str] = {}
    for name in project.files:
        other = lowered.setdefault(name.lower(), name)
        if other != name:
            raise InputError(
                f"{project.label}: {other} and {name} differ only in case; a package (and "
                "Windows) cannot hold both. Rename one."
            )


def _warnings(project: Project) -> list[Diagnostic]:
    found = [_diagnostic(project, i, "warning") for i in project.issues if i.rule == "pq-subfolder"]
    for reference in file_references(project.document, project.codes):
        if project.find(reference.name) is None:
            found.append(
                Diagnostic(
                    "warning",
                    "pq-build-missing-file",
                    f'{reference.via}("{reference.name}") names a file that is not in the '
                    "project folder, so the package lacks it and the connector fails where it "
                    "is loaded",
                    project.label_of(reference.source),
                    line=reference.token.line,
                    column=reference.token.column,
                )
            )
    return found


def _diagnostic(project: Project, issue: Issue, level: str) -> Diagnostic:
    return Diagnostic(
        "error" if level == "error" else "warning",
        issue.rule,
        issue.message,
        project.label_of(issue.file) if issue.file else project.label,
        line=issue.line,
        column=issue.column,
    )


def _pqx(project: Project, files: dict[str, bytes]) -> tuple[bytes, list[str]]:
    parts = {part_name(name): data for name, data in files.items()}
    parts[CONTENT_TYPES_NAME] = content_types_xml(files)
    entries = [CONTENT_TYPES_NAME, *sorted(p for p in parts if p != CONTENT_TYPES_NAME)]
    return build_zip(parts, order=entries), entries


def _default_out(project: Project, pqx: bool) -> Path:
    suffix = ".pqx" if pqx else ".mez"
    if project.kind in ("mez", "pqx"):
        return project.path.with_suffix(suffix)
    stem = Path(project.main or project.path.name).stem
    return project.path / OUTPUT_FOLDER / f"{stem}{suffix}"
