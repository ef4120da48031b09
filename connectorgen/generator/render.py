"""Templates to bytes, in memory. Every JSON output is parsed back before it is kept."""

from __future__ import annotations

import json
from functools import cache
from typing import TYPE_CHECKING, Any

from ..core.jsonio import dump_json
from ..core.resources import templates_dir
from .context import as_template_values
from .wording import with_article

if TYPE_CHECKING:
    import jinja2


@cache
def environment() -> jinja2.Environment:
    import jinja2

    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates_dir())),
        undefined=jinja2.StrictUndefined,  # a missing value is a bug, never an empty string
        autoescape=False,  # outputs are JSON, C# and Markdown, not HTML
        keep_trailing_newline=True,
        trim_blocks=False,
    )
    # User text reaches JSON only through this filter: a title with {{ }}, quotes or
    # backslashes is data here, never template source, and is escaped as JSON.
    env.filters["tojson"] = lambda value: json.dumps(value, ensure_ascii=False)
    env.filters["with_article"] = with_article  # "an Alemba ITSM", "a Contoso"
    return env


def render_text(template: str, context: Any) -> bytes:
    text = environment().get_template(template).render(**as_template_values(context))
    return _tidy(text).encode("utf-8")


def render_json(template: str, context: Any) -> bytes:
    """Render, parse the result back, and return it in canonical form.

    A template that renders invalid JSON is a bug in connectorgen: the JSONDecodeError is
    left to the CLI, which reports it as one.
    """
    text = environment().get_template(template).render(**as_template_values(context))
    return dump_json(json.loads(text))


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
