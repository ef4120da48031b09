"""config.json: schema validation, 'empty means absent', paths resolved to the config's folder."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.diagnostics import Diagnostic, InputError, with_suggestion
from ..core.document import pointer_join
from ..core.jsonio import json_type, load_json_file
from ..core.platform import MAX_CONFIG_BYTES
from ..core.resources import config_schema_path
from ..core.secrets import client_secret, redact_error


@dataclass(frozen=True)
class Config:
    """A validated config.json. Empty strings have been dropped, so ``get`` means 'given'."""

    path: Path
    data: dict[str, Any]
    api_definition: Path
    icon: Path | None
    script_path: Path | None
    warnings: list[Diagnostic] = field(default_factory=list)

    def get(self, *keys: str, default: Any = None) -> Any:
        node: Any = self.data
        for key in keys:
            if not isinstance(node, dict) or key not in node:
                return default
            node = node[key]
        return node

    def section(self, key: str) -> dict[str, Any]:
        value = self.data.get(key)
        return value if isinstance(value, dict) else {}


def load_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(config_schema_path().read_text(encoding="utf-8"))
    return schema


def load_config(path: Path) -> Config:
    """Gate 1: the config exists, parses, validates, and the files it names exist."""
    try:
        missing = not path.exists() and not path.is_symlink()
    except OSError:  # a name too long: load_json_file says so
        missing = False
    if missing:
        raise InputError(
            f"Config file {path} does not exist. Give the right path with --config, or write "
            f"a new one with 'connectorgen new-config --out {path}'."
        )
    # A config is a few kilobytes; the cap turns a wrong file into a message, not a long wait.
    loaded = load_json_file(
        path,
        "Config file",
        MAX_CONFIG_BYTES,
        "A config.json is a few kilobytes: is --config pointing at the right file?",
    )
    data = loaded.value
    name = str(path)
    if not isinstance(data, dict):
        raise InputError(
            f"Config file {name} must hold a JSON object ({{...}}), not {json_type(data)}."
        )
    problems = schema_problems(data, name)
    if problems:
        # A value a message quotes may be the client secret itself: it is never printed.
        raise redact_error(InputError(_summarise(name, problems), problems), client_secret(data))
    cleaned = drop_empty(data)
    root = path.parent
    try:
        api_definition = _existing_file(root, cleaned["apiDefinition"], name, "apiDefinition")
        icon = _optional_file(root, cleaned.get("icon"), name, "icon")
        script = _optional_file(root, cleaned.get("script", {}).get("path"), name, "script.path")
    except InputError as exc:
        raise redact_error(exc, client_secret(data)) from None
    return Config(path, cleaned, api_definition, icon, script, list(loaded.warnings))


def schema_problems(data: dict[str, Any], name: str) -> list[Diagnostic]:
    from jsonschema import Draft202012Validator

    validator = Draft202012Validator(load_schema())
    errors = [e for err in validator.iter_errors(data) for e in _most_relevant(err)]
    errors.sort(key=lambda e: (list(map(str, e.absolute_path)), e.message))
    return [_diagnostic(err, name) for err in errors]


def _diagnostic(err: Any, name: str) -> Diagnostic:
    path = list(err.absolute_path)
    key = _key_path(path)
    message = _explain(err, key)
    return Diagnostic("error", "config-schema", message, file=name, pointer=pointer_join(*path))


def _most_relevant(err: Any) -> list[Any]:
    """For "one of these shapes" (a parameter entry or null), the errors of the shape meant:
    every error of the branch that is not null, rather than 'not valid under any'."""
    if err.validator not in ("anyOf", "oneOf") or not err.context:
        return [err]
    branches: dict[Any, list[Any]] = {}
    for sub in err.context:
        branches.setdefault(sub.relative_schema_path[0], []).append(sub)
    meant = [b for b in branches.values() if b[0].schema.get("type") != "null"]
    chosen = meant[0] if len(meant) == 1 else list(err.context)
    return [e for sub in chosen for e in _most_relevant(sub)]


def _key_path(path: list[Any]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(top level)"


def _explain(err: Any, key: str) -> str:
    """Turn a jsonschema error into 'key: what is expected', with a hint where one helps."""
    kind = err.validator
    if kind == "required":
        missing = err.message.split("'")[1]
        where = f"{key}." if key != "(top level)" else ""
        return f"{where}{missing}: required key is missing."
    if kind == "additionalProperties":
        allowed = sorted(err.schema.get("properties", {}))
        extra = sorted(set(err.instance) - set(allowed))
        hints = [with_suggestion(word, allowed) for word in extra]
        return f"{key}: unknown key {', '.join(hints)}. Allowed keys: {', '.join(allowed)}."
    if kind == "type":
        wanted = err.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        return f"{key}: expected {wanted}, got {json_type(err.instance)}."
    if kind == "enum":
        choices = ", ".join(json.dumps(v) for v in err.validator_value if v != "")
        return f"{key}: {json.dumps(err.instance)} is not one of {choices}."
    if kind == "pattern":
        return f"{key}: {json.dumps(err.instance)} is not {_pattern_meaning(err.validator_value)}."
    if kind == "maxItems":
        return f"{key}: at most {err.validator_value} items are allowed."
    if kind == "uniqueItems":
        return f"{key}: items must not repeat."
    if kind == "minLength":
        return f"{key}: must not be empty."
    return f"{key}: {err.message}."


def _pattern_meaning(pattern: str) -> str:
    if "#[0-9a-fA-F]" in pattern:
        return "a colour written as #rrggbb (for example #0f6cbd)"
    if "https?" in pattern:
        return "an absolute http(s) URL"
    if "@" in pattern:
        return "an e-mail address"
    return f"in the expected form ({pattern})"


def _summarise(name: str, problems: list[Diagnostic]) -> str:
    lines = [f"Config file {name} has {len(problems)} problem(s):"]
    lines += [f"  - {p.message}" for p in problems]
    return "\n".join(lines)


def drop_empty(value: Any) -> Any:
    """MsIndustryLinks configs ship "" for what is not used: treat "" as absent throughout.

    null is kept: where the schema allows it, it means "none" (leave the value out of the
    output), which differs from "not given" (use the default).
    """
    if isinstance(value, dict):
        return {k: drop_empty(v) for k, v in value.items() if v != ""}
    if isinstance(value, list):
        return [drop_empty(v) for v in value]
    return value


def _existing_file(root: Path, relative: str, config_name: str, key: str) -> Path:
    try:
        path = (root / relative).resolve()
        if not path.exists() and "\\" in relative:
            # Configs written on Windows (MsIndustryLinks is PowerShell) use backslashes.
            path = (root / relative.replace("\\", "/")).resolve()
        exists, is_dir = path.exists(), path.is_dir()
    except (OSError, ValueError) as exc:  # a NUL character, a name too long
        why = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise InputError(
            f"Config file {config_name}: {key} names {relative!r}, which is not a usable "
            f"path ({why})."
        ) from exc
    if not exists:
        raise InputError(
            f"Config file {config_name}: {key} names {relative}, which does not exist "
            f"(looked for {path}; paths are relative to the config file's folder)."
        )
    if is_dir:
        raise InputError(f"Config file {config_name}: {key} names {relative}, which is a folder.")
    return path


def _optional_file(root: Path, relative: str | None, config_name: str, key: str) -> Path | None:
    return _existing_file(root, relative, config_name, key) if relative else None
