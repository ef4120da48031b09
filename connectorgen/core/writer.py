"""The only module that touches the output folder.

Every file is rendered before this runs. New files are first written to a temporary folder
beside their destination, then moved into place; if anything fails, what was moved is put
back from a backup, the temporary folder is removed, and the folder is as it was.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from .diagnostics import InputError

Verb = str  # "create", "overwrite", "identical", "stale" (ours from an earlier run, left alone)


@dataclass(frozen=True)
class FileAction:
    name: str
    verb: Verb
    size: int
    # The file differs from what the last run wrote (its recorded digest): edited by hand.
    edited: bool = False


def digest(data: bytes) -> str:
    """How a file's content is recorded between runs."""
    return "sha256:" + hashlib.sha256(data).hexdigest()


def occupied(out: Path) -> list[str]:
    """The names in ``out`` (sorted); empty when it is missing or empty."""
    try:
        return sorted(p.name for p in out.iterdir()) if out.is_dir() else []
    except OSError as exc:
        raise InputError(f"Output folder {out} cannot be used: {exc.strerror or exc}.") from exc


def read_existing(out: Path, name: str) -> bytes | None:
    """A file an earlier run left in ``out`` (a regular file, not a link), or None."""
    target = out / name
    try:
        if target.is_file() and not target.is_symlink():
            return target.read_bytes()
    except OSError:
        pass  # unreadable: planning the writes names the folder's problem
    return None


def plan_writes(
    out: Path,
    files: dict[str, bytes],
    owned: tuple[str, ...],
    force: bool,
    *,
    preview: bool = False,
    recorded: Mapping[str, str] | None = None,
) -> list[FileAction]:
    """Decide per file what writing would do; refuse a non-empty folder without --force,
    unless this is a ``preview`` (--dry-run), which writes nothing. ``recorded`` holds the
    digests of what the last run wrote: a file that no longer matches is marked ``edited``."""
    try:
        return _plan_writes(out, files, owned, force or preview, recorded or {})
    except OSError as exc:  # unreadable folder or file, a name too long, a loop of links
        raise InputError(f"Output folder {out} cannot be used: {exc.strerror or exc}.") from exc


def _plan_writes(
    out: Path,
    files: dict[str, bytes],
    owned: tuple[str, ...],
    force: bool,
    recorded: Mapping[str, str],
) -> list[FileAction]:
    _check_out_dir(out)
    present = occupied(out)
    if present and not force:
        shown = ", ".join(present[:8]) + (" …" if len(present) > 8 else "")
        raise InputError(
            f"Output folder {out} is not empty ({shown}). Use --force to replace the files "
            "connectorgen writes (others are left alone), or choose another --out."
        )
    actions = []
    for name, data in files.items():
        if name not in owned or Path(name).name != name:  # not an assert: kept under -O
            # File names are fixed: no input can name another file or a path.
            raise InputError(f"internal error: refusing to write {name!r}.")
        target = out / name
        if target.is_dir():
            raise InputError(f"Output folder {out} holds a folder named {name}; move it away.")
        current = target.read_bytes() if target.is_file() and not target.is_symlink() else None
        edited = current is not None and name in recorded and digest(current) != recorded[name]
        if not target.exists() and not target.is_symlink():
            verb = "create"
        elif current == data:
            verb = "identical"
        else:
            verb = "overwrite"
        actions.append(FileAction(name, verb, len(data), edited and verb == "overwrite"))
    return actions + _stale(out, files, owned)


def _stale(out: Path, files: dict[str, bytes], owned: tuple[str, ...]) -> list[FileAction]:
    """Files of an earlier run that this run does not write (a script no longer asked for).

    They are left alone, since the author may have edited them, but named so that nothing
    is deployed or committed by mistake.
    """
    if not out.is_dir():
        return []
    return [
        FileAction(name, "stale", (out / name).stat().st_size)
        for name in owned
        if name not in files and (out / name).is_file()
    ]


def _check_out_dir(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out} is a file; give a folder.")
    parent = out.parent if not out.exists() else out
    while not parent.exists() and not parent.is_symlink():
        parent = parent.parent
    if not parent.is_dir():
        raise InputError(f"--out {out} cannot be created: {parent} is a file, not a folder.")
    if not os.access(parent, os.W_OK):
        raise InputError(f"Output folder {out} cannot be written: no permission on {parent}.")


def write_files(out: Path, files: dict[str, bytes], actions: list[FileAction]) -> None:
    changed = {a.name for a in actions if a.verb in ("create", "overwrite")}
    if not changed:
        return
    try:
        if not out.exists():
            _write_new_folder(out, files)
        else:
            _replace_in_folder(out, {n: files[n] for n in sorted(changed)})
    except OSError as exc:
        raise InputError(
            f"Writing to {out} failed ({exc.strerror or exc}); nothing was changed there."
        ) from exc


def _write_new_folder(out: Path, files: dict[str, bytes]) -> None:
    created = [p for p in reversed(out.parents) if not p.exists()]  # outermost first
    out.parent.mkdir(parents=True, exist_ok=True)
    staging: Path | None = None
    try:
        staging = Path(tempfile.mkdtemp(prefix=f".{out.name}.connectorgen-", dir=out.parent))
        # mkdtemp makes the folder private (0700); the output is an ordinary folder.
        os.chmod(staging, _folder_mode())
        for name, data in files.items():
            _write_file(staging / name, data)
        os.rename(staging, out)  # the whole folder appears at once
    except BaseException:
        if staging is not None:
            shutil.rmtree(staging, ignore_errors=True)
        for folder in reversed(created):  # the parents made for --out, innermost first
            with contextlib.suppress(OSError):
                folder.rmdir()
        raise


def _folder_mode() -> int:
    """The mode a folder made with mkdir gets under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o777 & ~umask


def _replace_in_folder(out: Path, files: dict[str, bytes]) -> None:
    staging = Path(tempfile.mkdtemp(prefix=".connectorgen-", dir=out))
    backups = staging / "backup"
    moved: list[str] = []
    keep = False
    try:
        backups.mkdir()
        for name, data in files.items():
            _write_file(staging / name, data)
        for name in files:
            target = out / name
            # A symlink is moved aside, never written through: os.replace renames the link.
            if target.exists() or target.is_symlink():
                os.replace(target, backups / name)
            moved.append(name)
            os.replace(staging / name, target)
    except BaseException as exc:
        lost = _roll_back(out, backups, moved)
        if lost:
            keep = True  # the backups are the only copy of the user's files now
            raise InputError(
                f"Writing to {out} failed ({exc}) and {', '.join(lost)} could not be put back; "
                f"the previous versions are in {backups}."
            ) from exc
        raise
    finally:
        if not keep:
            shutil.rmtree(staging, ignore_errors=True)


def _roll_back(out: Path, backups: Path, moved: list[str]) -> list[str]:
    """Put back what was replaced; return the names that could not be restored."""
    lost = []
    for name in moved:
        target, saved = out / name, backups / name
        try:
            if saved.exists() or saved.is_symlink():
                os.replace(saved, target)
            elif target.exists() or target.is_symlink():
                target.unlink()
        except OSError:
            if saved.exists() or saved.is_symlink():
                lost.append(name)
    return lost


def _write_file(path: Path, data: bytes) -> None:
    with open(path, "wb") as handle:
        handle.write(data)
        handle.flush()
        os.fsync(handle.fileno())


def write_standalone(files: dict[Path, bytes]) -> None:
    """Write single files (new-config's) each atomically; on failure remove what this call made."""
    made: list[Path] = []
    try:
        for path, data in files.items():
            path.parent.mkdir(parents=True, exist_ok=True)
            existed = path.exists()
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(data)
                os.replace(tmp, path)
            except BaseException:
                Path(tmp).unlink(missing_ok=True)
                raise
            if not existed:
                made.append(path)
    except OSError as exc:
        for path in made:
            path.unlink(missing_ok=True)
        raise InputError(f"{path} cannot be written: {exc.strerror or exc}.") from exc
