"""The two sides of a comparison: where their files are and how they are read.

A side is an API definition file or a connector folder, on disk or at a git revision. Both
are read exactly as generate reads its input: the API definition through
``openapi.load.load_swagger`` (1 MB limit, lenient JSON with warnings, Swagger 2.0 only, the
structural gates), apiProperties.json through ``core.jsonio``. A file from git is written to a
temporary folder under its own name so that it passes the same gates, and every name in
messages is then put back to how findings name it (``origin/dev:path/apiDefinition.json``).
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal, Protocol

from ..connector.files import artifact_of, pick_files
from ..core.diagnostics import Diagnostic, InputError, UsageError
from ..core.document import Document
from ..core.jsonio import json_type, parse_json, read_bytes
from ..core.platform import API_DEFINITION, API_PROPERTIES, MAX_FOLDER_FILE_BYTES
from ..openapi.load import load_swagger
from .git import Git

Kind = Literal["file", "folder"]
# Warnings of load_swagger about the definition itself rather than about reading it.
_NOT_CHANGES = ("swagger-host", "swagger-validation")


class Tree(Protocol):
    """Files addressed by a relative path ("" is the root the tree was opened at)."""

    def label(self, rel: str) -> str:
        """How findings name the file or folder."""
        ...

    def name(self, rel: str) -> str:
        """The file's own name (the last part of its path)."""
        ...

    def kind(self, rel: str) -> Kind | None: ...

    def names(self, rel: str) -> list[str]:
        """The names of the files directly inside the folder ``rel``."""
        ...

    def read(self, rel: str) -> bytes: ...

    def path(self, rel: str) -> Path | None:
        """The file on disk, when there is one."""
        ...


def join(rel: str, name: str) -> str:
    return f"{rel}/{name}" if rel else name


class DiskTree:
    def __init__(self, root: Path) -> None:
        self.root = root

    def path(self, rel: str) -> Path:
        return self.root / rel if rel else self.root

    def label(self, rel: str) -> str:
        return self.path(rel).as_posix()

    def name(self, rel: str) -> str:
        return self.path(rel).name

    def kind(self, rel: str) -> Kind | None:
        where = self.path(rel)
        try:
            if where.is_dir():
                return "folder"
            return "file" if where.exists() else None
        except OSError:
            return None

    def names(self, rel: str) -> list[str]:
        try:
            return sorted(p.name for p in self.path(rel).iterdir() if p.is_file())
        except OSError as exc:
            raise InputError(f"{self.label(rel)} cannot be read: {exc.strerror or exc}.") from exc

    def read(self, rel: str) -> bytes:
        return read_bytes(self.path(rel), "file", MAX_FOLDER_FILE_BYTES)


class GitTree:
    """A folder of the repository as it is at one commit."""

    def __init__(self, git: Git, commit: str, ref: str, root: str) -> None:
        self.git, self.commit, self.ref, self.root = git, commit, ref, root
        self._sizes: dict[str, int | None] = {}

    def _full(self, rel: str) -> str:
        return join(self.root, rel) if rel else self.root

    def label(self, rel: str) -> str:
        return f"{self.ref}:{self._full(rel)}"

    def name(self, rel: str) -> str:
        return self._full(rel).rsplit("/", 1)[-1]

    def kind(self, rel: str) -> Kind | None:
        entry = self.git.entry(self.commit, self._full(rel))
        if entry is None:
            return None
        self._sizes[rel] = entry.size
        return "folder" if entry.kind == "tree" else "file" if entry.kind == "blob" else None

    def names(self, rel: str) -> list[str]:
        names = []
        for entry in self.git.children(self.commit, self._full(rel)):
            if entry.kind == "blob":
                name = entry.path.rsplit("/", 1)[-1]
                self._sizes[join(rel, name)] = entry.size
                names.append(name)
        return sorted(names)

    def read(self, rel: str) -> bytes:
        size = self._sizes.get(rel)
        if size is not None and size > MAX_FOLDER_FILE_BYTES:
            raise InputError(
                f"file {self.label(rel)} is {size:,} bytes; the limit is "
                f"{MAX_FOLDER_FILE_BYTES:,} bytes."
            )
        return self.git.read(self.commit, self._full(rel))

    def path(self, rel: str) -> Path | None:
        return None


@dataclass
class Side:
    """One side, read: its API definition and, for a folder, its apiProperties.json."""

    label: str  # the file or folder, as findings name it
    definition: Document
    properties: Document | None = None
    warnings: list[Diagnostic] = field(default_factory=list)
    folder: Path | None = None  # the folder on disk (its config.json may list ignored rules)


def read_side(tree: Tree, rel: str = "") -> Side:
    """Read the API definition file, or the connector folder, at ``rel``."""
    kind = tree.kind(rel)
    if kind is None:
        raise UsageError(f"{tree.label(rel)} does not exist.")
    if kind == "file":
        definition, warnings = _definition(tree, rel)
        return Side(tree.label(rel), definition, None, warnings)
    chosen = pick_files(tree.names(rel))
    if API_DEFINITION not in chosen:
        raise UsageError(
            f"{tree.label(rel)} has no apiDefinition.swagger.json or apiDefinition.json; is it "
            "a connector folder? (give an API definition file, or use --recursive for a parent "
            "folder)"
        )
    definition, warnings = _definition(tree, join(rel, chosen[API_DEFINITION]))
    properties = None
    if API_PROPERTIES in chosen:
        properties, more = _properties(tree, join(rel, chosen[API_PROPERTIES]))
        warnings += more
    folder = tree.path(rel)
    return Side(tree.label(rel), definition, properties, warnings, folder)


def connector_files(tree: Tree, rel: str) -> dict[str, str]:
    """artifact -> file name of the files a comparison reads in the folder ``rel``."""
    chosen = pick_files(tree.names(rel))
    return {a: n for a, n in chosen.items() if a in (API_DEFINITION, API_PROPERTIES)}


def is_compared_file(name: str) -> bool:
    return artifact_of(name) in (API_DEFINITION, API_PROPERTIES)


# ---------------------------------------------------------------- reading files


def _definition(tree: Tree, rel: str) -> tuple[Document, list[Diagnostic]]:
    label = tree.label(rel)
    on_disk = tree.path(rel)
    if on_disk is not None:
        return _load_definition(on_disk, label)
    data = tree.read(rel)
    with tempfile.TemporaryDirectory(prefix="connectorgen-diff-") as folder:
        copy = Path(folder) / tree.name(rel)
        copy.write_bytes(data)
        return _load_definition(copy, label)


def _load_definition(path: Path, label: str) -> tuple[Document, list[Diagnostic]]:
    try:
        swagger = load_swagger(path, validate=False)
    except InputError as exc:
        raise _relabelled(exc, str(path), label) from None
    # What reading tolerated is passed on; a missing host is check's business, not a change.
    warnings = [_rename(w, label) for w in swagger.warnings if w.code not in _NOT_CHANGES]
    return replace(swagger.document, name=label), warnings


def _properties(tree: Tree, rel: str) -> tuple[Document, list[Diagnostic]]:
    label = tree.label(rel)
    loaded = parse_json(tree.read(rel), label, "file")
    if not isinstance(loaded.value, dict):
        raise InputError(
            f"file {label} must hold a JSON object ({{...}}), not {json_type(loaded.value)}."
        )
    return Document(label, loaded.text, loaded.value), list(loaded.warnings)


def _rename(diagnostic: Diagnostic, label: str) -> Diagnostic:
    return replace(diagnostic, file=label)


def _relabelled(exc: InputError, name: str, label: str) -> InputError:
    """The same error, naming the file as the user knows it instead of a temporary copy."""
    if name == label:
        return exc
    return InputError(
        exc.message.replace(name, label),
        [replace(d, file=label) if d.file == name else d for d in exc.diagnostics],
        exc.detail,
    )
