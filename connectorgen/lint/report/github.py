"""GitHub Actions workflow commands: one ::error/::warning/::notice line per finding."""

from __future__ import annotations

from ..result import Report

_COMMANDS = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(value: str) -> str:
    """Escape a message the way the Actions runner decodes it (%, CR, LF)."""
    return value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(value: str) -> str:
    """Properties also escape ':' and ',', which separate them."""
    return escape_data(value).replace(":", "%3A").replace(",", "%2C")


def render(report: Report, *, color: bool = False) -> str:
    lines = []
    for f in report.findings:
        props = [f"file={escape_property(f.file or '')}"]
        if f.line is not None:
            props.append(f"line={f.line}")
            if f.column:
                props.append(f"col={f.column}")
        props.append(f"title={escape_property(f.code)}")
        where = f" (at {f.pointer or '/'})" if f.pointer is not None else ""
        lines.append(f"::{_COMMANDS[f.level]} {','.join(props)}::{escape_data(f.message + where)}")
    return "".join(line + "\n" for line in lines)
