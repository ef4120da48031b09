"""Reading a git revision without touching the working tree: `git` as a subprocess.

Only plumbing commands that read objects are run (rev-parse, ls-tree, cat-file, diff
--name-only): no checkout, no fetch, no network. Every git failure becomes a UsageError that
says what to do; the revision is resolved once to a commit id, which every later command uses,
so a ref that looks like an option never reaches git's argument parser.
"""

from __future__ import annotations

import os
import subprocess
from dataclasses import dataclass
from pathlib import Path

from ..core.diagnostics import UsageError

# Reading objects is local and quick; a git that hangs (a lock, a broken hook) must not hang CI.
GIT_TIMEOUT_SECONDS = 120


@dataclass(frozen=True)
class Entry:
    """One object of a tree at a revision."""

    path: str  # relative to the repository's top level, with /
    kind: str  # "blob" or "tree" (or "commit" for a submodule)
    size: int | None  # blobs only


class Git:
    """One repository, found from a path inside it."""

    def __init__(self, inside: Path) -> None:
        start = _existing_folder(inside)
        top = self._run_in(start, "rev-parse", "--show-toplevel").decode("utf-8", "replace")
        self.top = Path(top.strip())

    # ------------------------------------------------------------ running

    def _run_in(self, cwd: Path, *args: str) -> bytes:
        try:
            done = subprocess.run(
                ["git", *args],
                cwd=cwd,
                capture_output=True,
                timeout=GIT_TIMEOUT_SECONDS,
                env={**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C"},
                check=False,
            )
        except FileNotFoundError:
            raise UsageError(
                "--git needs the git command, which is not installed or not on PATH."
            ) from None
        except subprocess.TimeoutExpired:
            raise UsageError(
                f"git {args[0]} did not answer within {GIT_TIMEOUT_SECONDS} s."
            ) from None
        except OSError as exc:
            raise UsageError(f"git cannot be run: {exc.strerror or exc}.") from None
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            first = message[0] if message else f"exit code {done.returncode}"
            if "not a git repository" in first:
                raise UsageError(
                    f"{cwd} is not inside a git repository; --git compares with a revision of "
                    "the repository that holds PATH."
                )
            raise UsageError(f"git {args[0]} failed: {first.removeprefix('fatal: ')}")
        return done.stdout

    def run(self, *args: str) -> bytes:
        return self._run_in(self.top, *args)

    # ------------------------------------------------------------ revisions and paths

    def commit(self, ref: str) -> str:
        """The commit id ``ref`` names; a UsageError that says how to fetch it otherwise."""
        if not ref or ref.startswith("-") or "\x00" in ref:
            raise UsageError(f"'{ref}' is not a git revision.")
        try:
            out = self.run("rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}")
        except UsageError:
            out = b""
        commit = out.decode("ascii", "replace").strip()
        if not commit:
            raise UsageError(
                f"'{ref}' is not a commit of the repository at {self.top}. If it is a remote "
                f"branch, fetch it first (for example `git fetch origin dev`; in GitHub Actions, "
                "check out with `fetch-depth: 0`)."
            )
        return commit

    def relative(self, path: Path) -> str:
        """``path`` relative to the top level, with / ("" for the top level itself)."""
        resolved = _resolve_lenient(path)
        try:
            rel = resolved.relative_to(_resolve_lenient(self.top))
        except ValueError:
            raise UsageError(f"{path} is not inside the git repository at {self.top}.") from None
        return rel.as_posix() if rel.parts else ""

    # ------------------------------------------------------------ reading a revision

    def entry(self, commit: str, rel: str) -> Entry | None:
        """The object at ``rel`` in ``commit``, or None when there is none."""
        if not rel:
            return Entry("", "tree", None)
        found = self._ls_tree(commit, rel, recursive=False)
        return next((e for e in found if e.path == rel), None)

    def children(self, commit: str, rel: str) -> list[Entry]:
        """The entries directly inside the folder ``rel`` at ``commit``."""
        return self._ls_tree(commit, f"{rel}/" if rel else ".", recursive=False)

    def files_below(self, commit: str, rel: str) -> list[Entry]:
        """Every file below the folder ``rel`` at ``commit``."""
        return self._ls_tree(commit, rel or ".", recursive=True)

    def changed_since(self, commit: str, rel: str) -> list[str]:
        """Files below ``rel`` that differ between ``commit`` and the working tree (tracked
        files: what a pull request from this working tree would change)."""
        out = self.run("diff", "--name-only", "-z", "--no-renames", commit, "--", rel or ".")
        return [os.fsdecode(p) for p in out.split(b"\x00") if p]

    def read(self, commit: str, rel: str) -> bytes:
        return self.run("cat-file", "blob", f"{commit}:{rel}")

    def _ls_tree(self, commit: str, pathspec: str, recursive: bool) -> list[Entry]:
        args = ["ls-tree", "-z", "-l"] + (["-r"] if recursive else [])
        out = self.run(*args, commit, "--", pathspec)
        entries = []
        for record in out.split(b"\x00"):
            if not record:
                continue
            meta, _, name = record.partition(b"\t")
            parts = meta.split()
            size = parts[3].decode("ascii") if len(parts) > 3 else "-"
            entries.append(
                Entry(
                    os.fsdecode(name),
                    parts[1].decode("ascii") if len(parts) > 1 else "",
                    int(size) if size.isdigit() else None,
                )
            )
        return entries


def _existing_folder(path: Path) -> Path:
    """The folder git should start from: ``path`` itself, or its nearest existing parent."""
    probe = path.absolute()
    while not probe.is_dir():
        if probe.parent == probe:
            break
        probe = probe.parent
    return probe


def _resolve_lenient(path: Path) -> Path:
    """Resolve symbolic links of the part of ``path`` that exists (a deleted folder's path
    still maps into the repository)."""
    absolute = path.absolute()
    existing = _existing_folder(absolute)
    rest = absolute.relative_to(existing) if existing != absolute else Path()
    return existing.resolve() / rest
