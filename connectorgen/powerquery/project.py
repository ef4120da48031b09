"""One model of a Power Query connector, whatever the input: a project folder, its .pq/.m
section document, a built .mez or a .pqx.

The model is the *package*: the flat set of files a .mez holds (for a folder, what
``pq build`` would put in it), the section document and .pqm modules decoded and split,
and the problems met while reading, each tagged with the rule that reports it.

What a package holds (../shared/reference/power-query.md §1.1, the SDK's MezContent items):
exactly one section document (``X.pq`` or ``X.m``), the ``*.pqm`` modules, ``resources*.resx``,
the PNGs, and every other root file the code names in a text literal (``client_id``,
``config.json``: loaded with ``Extension.Contents``). Never ``*.query.pq``, the project file,
or the build folders.
"""

from __future__ import annotations

import io
import os
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from ..core.diagnostics import InputError, UsageError
from ..core.platform import MAX_FOLDER_FILE_BYTES
from .lexer import Decoded, Positions, Token, decode_source, tokenize
from .opc import (
    CONTENT_TYPES_NAME,
    SIGNATURE_FOLDER,
    ContentTypes,
    file_name,
    is_machinery,
    read_content_types,
)
from .references import Code, text_literals
from .resx import is_resx
from .safexml import XmlError
from .section import SectionDocument, parse_section

InputKind = Literal["folder", "file", "mez", "pqx"]
SECTION_SUFFIXES = (".pq", ".m")
QUERY_SUFFIX = ".query.pq"
MODULE_SUFFIX = ".pqm"
PROJECT_SUFFIXES = (".proj", ".mproj", ".sln", ".pqproj")
# Build output and tool folders: never part of the package, never searched (§1.1).
SKIPPED_FOLDERS = frozenset({"bin", "obj", ".vscode", ".git", ".vs", "node_modules", "__pycache__"})

MAX_PACKAGE_BYTES = 64 * 1024 * 1024  # a .mez of code and icons is kilobytes to a few MB
MAX_ENTRIES = 5_000
MAX_UNPACKED_BYTES = 256 * 1024 * 1024
MAX_SUBFOLDER_FILES = 10_000  # a project tree larger than this is searched no further
# What reading one zip entry raises when the entry is damaged, encrypted or compressed with a
# method Python lacks: each is the package's fault, reported, never a crash.
_UNREADABLE_ENTRY = (
    zipfile.BadZipFile,
    RuntimeError,
    NotImplementedError,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
)


@dataclass(frozen=True)
class Issue:
    """A problem met while reading, reported by the rule ``rule``."""

    rule: str
    message: str
    file: str | None = None  # the package file it is about; None: the package itself
    line: int | None = None
    column: int | None = None


@dataclass
class Source:
    """A file of M code, decoded and tokenized."""

    name: str
    decoded: Decoded
    tokens: list[Token]  # every token, comments and lexical errors included
    code: Code = field(init=False)  # the tokens rules read: without comments

    def __post_init__(self) -> None:
        self.code = Code(self.name, [t for t in self.tokens if t.kind != "comment"])


@dataclass
class Project:
    path: Path
    label: str  # the input as findings name it
    kind: InputKind
    files: dict[str, bytes] = field(default_factory=dict)  # the package: flat name -> bytes
    labels: dict[str, str] = field(default_factory=dict)  # flat name -> how findings name it
    main: str | None = None
    document: SectionDocument | None = None
    sources: dict[str, Source] = field(default_factory=dict)  # main and modules
    issues: list[Issue] = field(default_factory=list)
    content_types: ContentTypes | None = None
    signed: bool = False

    def label_of(self, name: str) -> str:
        return self.labels.get(name) or f"{self.label.rstrip('/')}/{name}"

    def find(self, name: str) -> str | None:
        """The package file called ``name``; case is ignored when nothing matches exactly."""
        if name in self.files:
            return name
        lower = name.lower()
        return next((n for n in sorted(self.files) if n.lower() == lower), None)

    @property
    def codes(self) -> list[Code]:
        return [self.sources[name].code for name in sorted(self.sources, key=self._code_order)]

    def _code_order(self, name: str) -> tuple[bool, str]:
        return name != self.main, name

    @property
    def modules(self) -> list[str]:
        return sorted(n for n in self.files if n.lower().endswith(MODULE_SUFFIX))


def is_section_name(name: str) -> bool:
    lower = name.lower()
    return lower.endswith(SECTION_SUFFIXES) and not lower.endswith(QUERY_SUFFIX)


def load_project(path: Path) -> Project:
    """Read any supported input. UsageError for a path that is not one (exit 2); problems
    inside the input become issues for the rules to report."""
    if not path.exists():
        raise UsageError(f"{path} does not exist.")
    label = path.as_posix()
    if path.is_dir():
        return read_folder(path, label)
    lower = path.name.lower()
    if lower.endswith(QUERY_SUFFIX):
        raise UsageError(
            f"{path} is a test query file (*.query.pq), not a connector; give the project "
            "folder or its section document."
        )
    if lower.endswith(SECTION_SUFFIXES):
        return read_folder(path.parent, label, main=path.name)
    if lower.endswith((".mez", ".pqx")):
        return read_package(path, label)
    raise UsageError(
        f"{path} is not a Power Query connector: give a project folder, a .pq or .m section "
        "document, a .mez or a .pqx."
    )


# ---------------------------------------------------------------- project folders


def read_folder(folder: Path, label: str, main: str | None = None) -> Project:
    kind: InputKind = "file" if main else "folder"
    project = Project(folder, label, kind)
    root = _root_files(folder)
    if main is None:
        main = _choose_main(project, root)
    if main is not None:
        project.main = main
        project.files[main] = _read_file(root[main])
    for name in root:
        if name.lower().endswith(MODULE_SUFFIX):
            project.files[name] = _read_file(root[name])
    _parse_code(project)
    named = text_literals(project.codes)
    for name, path in root.items():
        if name in project.files or not _packaged(name, named):
            continue
        project.files[name] = _read_file(path)
    _subfolder_files(project, folder, root, named)
    _parse_code(project)
    base = label if kind == "folder" else folder.as_posix()
    project.labels = {name: _join(base, name) for name in project.files}
    if kind == "file" and main is not None:
        project.labels[main] = label
    return project


def _join(base: str, name: str) -> str:
    return name if base in ("", ".") else f"{base.rstrip('/')}/{name}"


def _root_files(folder: Path) -> dict[str, Path]:
    try:
        entries = sorted(folder.iterdir())
    except OSError as exc:
        raise InputError(f"cannot read the folder {folder}: {exc.strerror or exc}") from exc
    return {p.name: p for p in entries if p.is_file() and not p.name.startswith(".")}


def _choose_main(project: Project, root: dict[str, Path]) -> str | None:
    candidates = [name for name in root if is_section_name(name)]
    if not candidates:
        raise UsageError(
            f"{project.path} holds no section document (a .pq or .m file other than "
            "*.query.pq), so it is not a Power Query connector project."
        )
    if len(candidates) > 1:
        project.issues.append(
            Issue(
                "pq-main-file",
                f"the project holds {len(candidates)} section documents "
                f"({', '.join(candidates)}); a connector has exactly one .pq or .m file. Keep "
                "one, or rename test queries to NAME.query.pq",
            )
        )
        return None
    return candidates[0]


def _packaged(name: str, named: set[str]) -> bool:
    lower = name.lower()
    if is_section_name(name) or lower.endswith(QUERY_SUFFIX) or lower.endswith(PROJECT_SUFFIXES):
        return False
    return lower.endswith((MODULE_SUFFIX, ".png")) or is_resx(name) or name in named


def _subfolder_files(
    project: Project, folder: Path, root: dict[str, Path], named: set[str]
) -> None:
    """Files below the project folder that the connector needs: Power BI loads only root
    files, and MakePQX leaves subfolder files out (vscode-powerquery-sdk#192). A file the code
    names that sits only in one subfolder is packaged at the root; a resources*.resx only in a
    subfolder is named and left out. Other files there (screenshots, test helpers) are not the
    package's business."""
    below: dict[str, list[Path]] = {}
    for path in _walk(folder):
        if path.name not in root and (path.name in named or is_resx(path.name)):
            below.setdefault(path.name, []).append(path)
    for name, paths in sorted(below.items()):
        where = ", ".join(p.relative_to(folder).as_posix() for p in paths)
        if name in named and len(paths) == 1:
            project.files[name] = _read_file(paths[0])
            message = (
                f"{where} is in a subfolder, where Power BI cannot load it; it is packaged at "
                "the root, as the code names it. MakePQX would leave it out: move it to the "
                "project folder"
            )
        else:
            message = (
                f"{where} {'is' if len(paths) == 1 else 'are'} in a subfolder: Power BI loads "
                "files only from the package root, so it is not packaged. Move the file the "
                "connector needs to the project folder"
            )
        project.issues.append(Issue("pq-subfolder", message))


def _walk(folder: Path) -> Iterator[Path]:
    count = 0
    for parent, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS and not d.startswith("."))
        if Path(parent) == folder:
            continue
        for name in sorted(files):
            count += 1
            if count > MAX_SUBFOLDER_FILES:
                return
            yield Path(parent) / name


def _read_file(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_FOLDER_FILE_BYTES:
            raise InputError(
                f"{path} is {size:,} bytes; a connector file is far smaller (limit "
                f"{MAX_FOLDER_FILE_BYTES:,} bytes). Move it out of the project folder."
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


# ---------------------------------------------------------------- .mez and .pqx


def read_package(path: Path, label: str) -> Project:
    kind: InputKind = "pqx" if path.name.lower().endswith(".pqx") else "mez"
    project = Project(path, label, kind)
    data = _read_package_bytes(path)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError) as exc:
        project.issues.append(
            Issue(
                "pq-package-zip",
                f"not a readable ZIP archive ({exc}); a .{kind} is a ZIP file. Rebuild it with "
                "`connectorgen pq build`",
            )
        )
        return project
    with archive:
        _read_entries(project, archive)
        if kind == "pqx":
            _check_content_types(project, archive)
    _choose_packaged_main(project)
    _parse_code(project)
    project.labels = {name: f"{label}/{name}" for name in project.files}
    return project


def _read_package_bytes(path: Path) -> bytes:
    try:
        size = path.stat().st_size
        if size > MAX_PACKAGE_BYTES:
            raise InputError(
                f"{path} is {size:,} bytes; a connector package is far smaller (limit "
                f"{MAX_PACKAGE_BYTES:,} bytes)."
            )
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _read_entries(project: Project, archive: zipfile.ZipFile) -> None:
    infos = archive.infolist()
    if len(infos) > MAX_ENTRIES:
        project.issues.append(
            Issue("pq-package-zip", f"the archive has {len(infos):,} entries; refusing to read it")
        )
        return
    if sum(i.file_size for i in infos) > MAX_UNPACKED_BYTES:
        project.issues.append(
            Issue(
                "pq-package-zip",
                f"the archive unpacks to more than {MAX_UNPACKED_BYTES:,} bytes; refusing to "
                "read it",
            )
        )
        return
    nested: list[str] = []
    for info in infos:
        entry = info.filename
        if project.kind == "pqx" and is_machinery(entry):
            project.signed |= entry.startswith(SIGNATURE_FOLDER)
            continue
        if project.kind == "mez" and entry == CONTENT_TYPES_NAME:
            continue  # a .pqx renamed to .mez; Power BI reads it the same way
        name = file_name(entry) if project.kind == "pqx" else entry
        if "/" in name.rstrip("/") or "\\" in name or info.is_dir():
            nested.append(entry)
            continue
        try:
            with archive.open(info) as handle:
                project.files[name] = handle.read(MAX_FOLDER_FILE_BYTES + 1)
        except _UNREADABLE_ENTRY as exc:
            project.issues.append(
                Issue("pq-package-zip", f"the entry {entry} cannot be read ({exc})", name)
            )
    if nested:
        shown = ", ".join(nested[:5]) + (" ..." if len(nested) > 5 else "")
        project.issues.append(
            Issue(
                "pq-package-flat",
                f"the package has entries in folders ({shown}); Power BI loads files only from "
                "the root of a .mez or .pqx, so these cannot be loaded. Rebuild it flat",
            )
        )


def _check_content_types(project: Project, archive: zipfile.ZipFile) -> None:
    names = archive.namelist()
    if CONTENT_TYPES_NAME not in names:
        project.issues.append(
            Issue(
                "pq-content-types",
                f"the .pqx has no {CONTENT_TYPES_NAME}; an OPC package declares the content "
                "type of every part there. Rebuild it with `connectorgen pq build --pqx`",
            )
        )
        return
    try:
        types = read_content_types(archive.read(CONTENT_TYPES_NAME))
    except (XmlError, *_UNREADABLE_ENTRY) as exc:
        message = exc.message if isinstance(exc, XmlError) else str(exc)
        line = exc.line if isinstance(exc, XmlError) else None
        column = exc.column if isinstance(exc, XmlError) else None
        project.issues.append(
            Issue(
                "pq-content-types",
                f"{CONTENT_TYPES_NAME}: {message}",
                CONTENT_TYPES_NAME,
                line,
                column,
            )  # fmt: skip
        )
        return
    project.content_types = types
    untyped = [
        entry
        for entry in names
        if not entry.endswith("/") and entry != CONTENT_TYPES_NAME and types.type_of(entry) is None
    ]
    if untyped:
        project.issues.append(
            Issue(
                "pq-content-types",
                f"{CONTENT_TYPES_NAME} gives no content type for {', '.join(untyped[:5])}"
                + (" ..." if len(untyped) > 5 else "")
                + "; add a Default for the extension or an Override for the part",
                CONTENT_TYPES_NAME,
            )
        )


def _choose_packaged_main(project: Project) -> None:
    candidates = sorted(name for name in project.files if is_section_name(name))
    if not candidates:
        if project.files:
            project.issues.append(
                Issue(
                    "pq-main-file",
                    "the package holds no section document (.pq or .m at its root)",
                )
            )
        return
    distinct = {project.files[name] for name in candidates}
    if len(distinct) > 1:
        project.issues.append(
            Issue(
                "pq-main-file",
                f"the package holds {len(candidates)} different section documents "
                f"({', '.join(candidates)}); Power BI expects exactly one .pq or .m file",
            )
        )
        return
    # The old Visual Studio build put the same text under X.pq and X.m (DataConnectors#6).
    project.main = next((n for n in candidates if n.lower().endswith(".pq")), candidates[0])


# ---------------------------------------------------------------- code


def _binary(data: bytes) -> bool:
    """NUL bytes mean a picture or an archive, not text (UTF-16 text has them too: its BOM
    tells it apart)."""
    return b"\x00" in data[:8192] and not data.startswith((b"\xff\xfe", b"\xfe\xff"))


def _encoding_issue(source: Source) -> Issue:
    """Bytes that are not UTF-8 in code or text change what the connector does (an error);
    in comments only, nothing reads them (a warning: legacy editors saved such files)."""
    decoded = source.decoded
    if not decoded.replaced:
        return Issue("pq-encoding", decoded.problem, source.name, decoded.line, decoded.column)
    comments = [(t.offset, t.end) for t in source.tokens if t.kind == "comment"]
    outside = next(
        (
            i
            for i, char in enumerate(decoded.text)
            if char == "\ufffd" and not any(start <= i < end for start, end in comments)
        ),
        None,
    )
    if outside is None:
        return Issue(
            "pq-encoding-comment",
            f"{decoded.problem}; the bytes are only in comments",
            source.name,
            decoded.line,
            decoded.column,
        )
    line, column = Positions(decoded.text).at(outside)
    return Issue("pq-encoding", decoded.problem, source.name, line, column)


def _parse_code(project: Project) -> None:
    """Decode and tokenize the section document and the modules; split the document."""
    names = [project.main] if project.main else []
    names += [n for n in project.modules if n != project.main]
    for name in names:
        if name in project.sources or name not in project.files:
            continue
        data = project.files[name]
        if _binary(data):
            problem = "the file is binary (it holds NUL bytes), not M text"
            project.sources[name] = Source(name, Decoded("", problem, 1, 1), [])
            project.issues.append(Issue("pq-encoding", problem, name, 1, 1))
            continue
        decoded = decode_source(data)
        source = Source(name, decoded, tokenize(decoded.text))
        project.sources[name] = source
        if decoded.problem:
            project.issues.append(_encoding_issue(source))
    if project.main and project.document is None and project.main in project.sources:
        project.document = parse_section(project.sources[project.main].tokens)
