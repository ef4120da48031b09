"""What import says about what it did: what config.json cannot express, what it improved."""

from __future__ import annotations

from dataclasses import dataclass, field

from ...core.diagnostics import Diagnostic


def key_path(pointer: str) -> str:
    """/properties/connectionParameters/api_key -> properties.connectionParameters.api_key."""
    out = ""
    for part in pointer.strip("/").split("/") if pointer.strip("/") else []:
        part = part.replace("~1", "/").replace("~0", "~")
        out += f"[{part}]" if part.isdigit() else (f".{part}" if out else part)
    return out or "(top level)"


@dataclass
class Reporter:
    """Diagnostics about one input file, by JSON pointer into it."""

    file: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lost_pointers: list[str] = field(default_factory=list)

    def lost(self, pointer: str, why: str) -> None:
        """Something the output will not have: config.json cannot say it."""
        self.lost_pointers.append(pointer)
        self.diagnostics.append(
            Diagnostic(
                "warning",
                "import-not-expressible",
                f"{key_path(pointer)}: {why}",
                file=self.file,
                pointer=pointer,
            )
        )

    def lost_file(self, name: str, why: str) -> None:
        """A difference in the folder's files rather than in a value."""
        self.diagnostics.append(
            Diagnostic("warning", "import-not-expressible", f"{name}: {why}", file=self.file)
        )

    def improved(self, pointer: str, what: str) -> None:
        self.diagnostics.append(
            Diagnostic(
                "info",
                "import-improved",
                f"{key_path(pointer)}: {what}",
                file=self.file,
                pointer=pointer,
            )
        )

    def note(self, pointer: str | None, what: str) -> None:
        self.diagnostics.append(
            Diagnostic("info", "import-note", what, file=self.file, pointer=pointer)
        )

    def covers(self, pointer: str) -> bool:
        """Whether a difference at ``pointer`` was reported already (there or above it)."""
        return any(
            pointer == lost or pointer.startswith(lost + "/") or lost.startswith(pointer + "/")
            for lost in self.lost_pointers
        )
