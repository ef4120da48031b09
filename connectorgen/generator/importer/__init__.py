"""`connectorgen import FOLDER --out DIR`: an existing connector folder to config.json.

Data flows one way: the folder is read and checked (folder.py), apiProperties.json is mapped
to config keys (properties.py), the readme to ``docs`` (readme.py), settings.json to
``settings``. Then the apiProperties.json generate would write from that config is rendered in
memory with generate's own code and compared with the original (compare.py): every difference
is reported by key, so nothing is dropped silently. Only then does the writer touch DIR:
config.json, config.schema.json, and the files the config names (the API definition, icon.png,
script.csx), all at once or not at all.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field, replace
from os import PathLike
from pathlib import Path
from typing import Any

from ...core.diagnostics import Diagnostic, InputError
from ...core.document import MISSING, lookup
from ...core.jsonio import dump_json
from ...core.platform import (
    CONFIG_NAME,
    CONFIG_SCHEMA_NAME,
    DEFAULT_BRAND_COLOR,
    DEFINITION_NAMES,
    DEPLOY_SETTINGS,
    ICON,
    OUTPUT_NAMES,
    SCRIPT,
    STATE_NAME,
)
from ...core.resources import config_schema_path
from ...core.secrets import redact, secret_forms
from ...core.writer import FileAction, plan_writes, write_files
from ..config import Config, drop_empty
from ..context import configured_brand_color, properties_context, script_plan
from ..parameters import connection_section
from ..policies import policy_instances
from ..render import render_json
from .compare import differences
from .folder import ConnectorFolder, read_folder
from .properties import Imported, import_properties
from .readme import readme_docs
from .report import Reporter, key_path

ICON_NAME = OUTPUT_NAMES[ICON]
SCRIPT_NAME = OUTPUT_NAMES[SCRIPT]
# What import may write into DIR (and replace there with --force).
IMPORT_NAMES = (CONFIG_NAME, CONFIG_SCHEMA_NAME, *DEFINITION_NAMES, ICON_NAME, SCRIPT_NAME)
# settings.json keys kept as config settings.* values (same names).
_SETTINGS_KEYS = DEPLOY_SETTINGS
_URL = re.compile(r"^https?://\S+$")


@dataclass
class ImportResult:
    out: Path
    files: list[FileAction]
    diagnostics: list[Diagnostic]
    differences: list[str] = field(default_factory=list)  # what generate will not reproduce
    written: bool = True

    @property
    def config(self) -> Path:
        return self.out / CONFIG_NAME

    @property
    def identical(self) -> bool:
        """Whether generate --config DIR/config.json reproduces the connector."""
        return not self.differences


def import_connector(
    folder: str | PathLike[str],
    out: str | PathLike[str],
    *,
    force: bool = False,
    dry_run: bool = False,
) -> ImportResult:
    """Write DIR/config.json (and the files it names) from a connector folder.

    Raises InputError for a folder that cannot be imported; nothing is written then.
    """
    source = read_folder(Path(folder))
    out_dir = Path(out)
    props_report = Reporter(source.properties_file)
    imported = import_properties(
        source.properties, source.definition.view.operation_ids, props_report
    )
    files_report = Reporter(str(source.path))
    settings_report = Reporter(source.settings_file or str(source.path / "settings.json"))
    config = _config(source, imported, files_report, settings_report)
    extra_files, file_differences = _files(source, config, files_report)
    generated = _generated_properties(config, source, out_dir)
    diffs = _differences(source.properties, generated, props_report) + file_differences
    diffs += [f"settings.json {key_path(p)}" for p in settings_report.lost_pointers]
    secrets = imported.secrets
    _keep_secrets_out(config, secrets, files_report)
    files = {
        CONFIG_NAME: dump_json(config),
        CONFIG_SCHEMA_NAME: config_schema_path().read_bytes(),
        **extra_files,
    }
    # A preview (--dry-run) needs no --force and changes nothing, as generate's does.
    actions = plan_writes(out_dir, files, IMPORT_NAMES, force, preview=dry_run)
    if not dry_run:
        write_files(out_dir, files, actions)
    diagnostics = source.warnings + props_report.diagnostics
    diagnostics += settings_report.diagnostics + files_report.diagnostics
    # Levels are set where each is made (as codes.py declares them): loading the registry
    # would load every rule module, a tenth of a second import does not need to spend.
    diagnostics = [replace(d, message=_redact(d.message, secrets)) for d in diagnostics]
    return ImportResult(out_dir, actions, diagnostics, diffs, not dry_run)


# ---------------------------------------------------------------- config.json


def _config(
    source: ConnectorFolder,
    imported: Imported,
    files_report: Reporter,
    settings_report: Reporter,
) -> dict[str, Any]:
    from ...connector.files import profile_from_location

    config: dict[str, Any] = {
        "$schema": f"./{CONFIG_SCHEMA_NAME}",
        "apiDefinition": source.definition_name,
    }
    # The repository folder decides, else the record generate left in the folder.
    profile = profile_from_location(source.path) or source.state.profile
    if source.icon is not None:
        if profile == "independent-publisher":
            files_report.note(
                None,
                f"{ICON_NAME} is not carried over: independent publishers submit no icon.",
            )
        else:
            config["icon"] = ICON_NAME
    config.update(imported.config)
    script: dict[str, Any] = {}
    if source.script is not None:
        script["path"] = SCRIPT_NAME
    if imported.script_operations is not None:
        script["operations"] = imported.script_operations
    if script:
        config["script"] = script
    if source.readme is not None:
        docs = readme_docs(source.readme)
        if docs.docs:
            config["docs"] = docs.docs
        for heading in docs.skipped:
            files_report.note(
                None,
                f"README section '{heading}' is not carried over: config.json's docs have no "
                "place for it (add it to another section's text if it matters).",
            )
    settings = _settings(source, settings_report)
    if settings:
        config["settings"] = settings
    if profile is not None:
        config["profile"] = profile
    ignore = _known_rules(source.state.ignore, files_report)
    if ignore:
        config["ignore"] = ignore
    return config


def _known_rules(ids: tuple[str, ...], report: Reporter) -> list[str]:
    """The ignore list generate recorded, without ids this connectorgen does not know."""
    if not ids:
        return []
    from ...catalog import registry

    known = [rule for rule in ids if rule in registry().by_id]
    for rule in ids:
        if rule not in known:
            report.note(None, f"{STATE_NAME} ignores rule {rule!r}, which is unknown; left out.")
    return known


def _settings(source: ConnectorFolder, report: Reporter) -> dict[str, Any]:
    out: dict[str, Any] = {}
    if source.definition_name != DEFINITION_NAMES[1]:  # generate's default: apiDefinition.json
        out["apiDefinitionFile"] = source.definition_name
    if source.settings is None:
        return out
    expected: dict[str, Any] = {
        "apiProperties": "apiProperties.json",
        "icon": ICON_NAME if source.icon is not None else None,
        "script": SCRIPT_NAME if source.script is not None else None,
    }
    for key, value in source.settings.items():
        pointer = "/" + key
        if key in _SETTINGS_KEYS:
            url = key.endswith("Url")
            if isinstance(value, str) and value and (not url or _URL.match(value)):
                out[key] = value
            elif value not in (None, ""):
                report.lost(pointer, f"{value!r} is not {'a URL' if url else 'text'}; left out.")
        elif key == "apiDefinition":
            if value in DEFINITION_NAMES:
                if value != source.definition_name:
                    report.lost(
                        pointer,
                        f"names {value}, but the folder's API definition is "
                        f"{source.definition_name}; generate names it {source.definition_name}.",
                    )
            else:
                report.lost(pointer, f"{value!r}: generate names the API definition itself.")
        elif key in expected:
            if value != expected[key]:
                report.lost(
                    pointer, f"{value!r}: generate writes {expected[key]!r} for this folder."
                )
        else:
            report.lost(pointer, "config.json has no key for it; generate does not write it.")
    return out


# ---------------------------------------------------------------- files beside config.json


def _files(
    source: ConnectorFolder, config: dict[str, Any], report: Reporter
) -> tuple[dict[str, bytes], list[str]]:
    files: dict[str, bytes] = {}
    diffs: list[str] = []
    if source.definition_strict:
        files[source.definition_name] = source.definition_bytes
    else:
        files[source.definition_name] = dump_json(source.definition.doc)
        report.note(
            None,
            f"{source.definition_name} is written as strict JSON (the original is read "
            "leniently); its content is the same.",
        )
    if "icon" in config and source.icon is not None:
        files[ICON_NAME] = source.icon
        report.note(
            None,
            f"{ICON_NAME}: generate renders the icon again (the logo fitted into 230x230 on the "
            "brand colour), so its pixels may differ from the original.",
        )
    if source.script is not None:
        files[SCRIPT_NAME] = source.script
    elif config.get("script", {}).get("operations"):
        report.lost_file(
            SCRIPT_NAME,
            "the original has scriptOperations but no script.csx; generate writes a script "
            "stub for them.",
        )
        diffs.append(f"{SCRIPT_NAME} (written by generate, not in the original)")
    return files, diffs


# ---------------------------------------------------------------- verification


def _generated_properties(
    config: dict[str, Any], source: ConnectorFolder, out_dir: Path
) -> dict[str, Any]:
    """The apiProperties.json generate writes from ``config``: generate's own code, in memory."""
    cleaned = drop_empty(json.loads(json.dumps(config)))
    loaded = Config(
        out_dir / CONFIG_NAME,
        cleaned,
        source.definition.path,
        None,
        source.path / SCRIPT_NAME if source.script is not None else None,
    )
    try:
        section = connection_section(loaded, source.definition.doc, str(source.definition.path))
        policies, _ = policy_instances(loaded, source.definition, section)
        script, _ = script_plan(loaded, source.definition, section.plan)
    except InputError as exc:  # import writes only what generate takes: this is a bug
        raise RuntimeError(f"import wrote a config generate refuses: {exc.message}") from exc
    color, _ = configured_brand_color(loaded)
    if color is None:
        color = _icon_color(source) or DEFAULT_BRAND_COLOR
    context = properties_context(loaded, section, policies, color, script)
    generated: dict[str, Any] = json.loads(render_json("apiProperties.json.j2", context))
    return generated


def _icon_color(source: ConnectorFolder) -> str | None:
    if source.icon is None:
        return None
    from ...core.image import background_color, decode_image, to_rgba

    image = decode_image(source.icon, source.path / ICON_NAME)
    return background_color(to_rgba(image, source.path / ICON_NAME))


def _differences(
    original: dict[str, Any], generated: dict[str, Any], report: Reporter
) -> list[str]:
    found = differences(original, generated)
    for pointer in found:
        if not report.covers(pointer):
            before, after = lookup(original, pointer), lookup(generated, pointer)
            report.lost(
                pointer,
                f"generate writes {_shown(after)} where the original has {_shown(before)}.",
            )
    return [f"apiProperties.json {key_path(p)}" for p in found]


def _shown(value: Any) -> str:
    if value is MISSING:
        return "nothing"
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 80 else text[:77] + "..."


# ---------------------------------------------------------------- secrets


def _keep_secrets_out(config: dict[str, Any], secrets: list[str], report: Reporter) -> None:
    """No client secret reaches config.json: docs text holding one is dropped, anything else
    stops import (a secret found in apiProperties.json may be repeated elsewhere)."""
    for secret in secrets:
        forms = secret_forms(secret) if len(secret) >= 4 else []
        if not forms:
            continue
        docs = config.get("docs", {})
        for key in [k for k, text in docs.items() if any(f in text for f in forms)]:
            del docs[key]
            report.lost(f"/docs/{key}", "the readme section holds the client secret; left out.")
        if not docs:
            config.pop("docs", None)
        text = dump_json(config).decode("utf-8")
        if any(form in text for form in forms):
            raise InputError(
                "the client secret found in apiProperties.json (oAuthSettings.clientSecret) also "
                "appears in another value import would write to config.json; nothing was "
                "written. Remove the secret from the connector's files first."
            )


def _redact(message: str, secrets: list[str]) -> str:
    for secret in secrets:
        if len(secret) >= 4:
            message = redact(message, secret)
    return message
