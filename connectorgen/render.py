"""Templates to bytes, in memory. Every JSON output is parsed back before it is kept."""

from __future__ import annotations

import json
from typing import Any

from .errors import InputError
from .jsonio import dump_json
from .resources import templates_dir

_ENV: Any = None


def environment() -> Any:
    global _ENV
    if _ENV is None:
        import jinja2

        _ENV = jinja2.Environment(
            loader=jinja2.FileSystemLoader(str(templates_dir())),
            undefined=jinja2.StrictUndefined,  # a missing value is a bug, never an empty string
            autoescape=False,  # outputs are JSON, C# and Markdown, not HTML
            keep_trailing_newline=True,
            trim_blocks=False,
        )
        # User text reaches JSON only through this filter: a title with {{ }}, quotes or
        # backslashes is data here, never template source, and is escaped as JSON.
        _ENV.filters["tojson"] = lambda value: json.dumps(value, ensure_ascii=False)
    return _ENV


def render_text(template: str, context: dict[str, Any]) -> bytes:
    text = environment().get_template(template).render(**context)
    return _tidy(text).encode("utf-8")


def render_json(template: str, context: dict[str, Any]) -> bytes:
    """Render, parse the result back, and return it in canonical form."""
    text = environment().get_template(template).render(**context)
    try:
        value = json.loads(text)
    except json.JSONDecodeError as exc:  # a template bug, not a user error, but say where
        raise InputError(f"internal error: {template} rendered invalid JSON ({exc}).") from exc
    return dump_json(value)


def _tidy(text: str) -> str:
    """One blank line at most between blocks, none at the end: stable Markdown output."""
    lines = [line.rstrip() for line in text.splitlines()]
    out: list[str] = []
    for line in lines:
        if line == "" and (not out or out[-1] == ""):
            continue
        out.append(line)
    while out and out[-1] == "":
        out.pop()
    return "\n".join(out) + "\n"
