"""The engine: connector files (name -> bytes) in, sorted findings out. It never prints."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

from ..errors import Diagnostic, InputError
from ..jsonio import parse_json
from .all_rules import RULES
from .locate import PositionIndex
from .model import (
    API_DEFINITION,
    API_PROPERTIES,
    ICON,
    INTRO,
    PROFILES,
    README,
    SCRIPT,
    SETTINGS,
    Context,
    Finding,
    Hit,
    Rule,
)

JSON_ARTIFACTS = (API_DEFINITION, API_PROPERTIES, SETTINGS)
TEXT_ARTIFACTS = (README, INTRO, SCRIPT)

# File names check recognises (compared in lower case, as Microsoft's pipeline does), in order
# of preference when a folder holds both API definition names.
FILE_NAMES: dict[str, str] = {
    "apidefinition.swagger.json": API_DEFINITION,
    "apidefinition.json": API_DEFINITION,
    "apiproperties.json": API_PROPERTIES,
    "settings.json": SETTINGS,
    "readme.md": README,
    "intro.md": INTRO,
    "icon.png": ICON,
    "script.csx": SCRIPT,
}


class UsageError(Exception):
    """The check cannot run for reasons that are not the connector's fault (exit code 2)."""


def artifact_of(name: str) -> str | None:
    return FILE_NAMES.get(name.rsplit("/", 1)[-1].lower())


def pick_files(names: Iterable[str]) -> dict[str, str]:
    """artifact -> file name, choosing by FILE_NAMES order when two names play one role."""
    chosen: dict[str, str] = {}
    rank = {name: index for index, name in enumerate(FILE_NAMES)}
    for name in sorted(names, key=lambda n: (rank.get(n.rsplit("/", 1)[-1].lower(), 99), n)):
        artifact = artifact_of(name)
        if artifact and artifact not in chosen:
            chosen[artifact] = name
    return chosen


def validate_options(profile: str, ignore: Iterable[str]) -> frozenset[str]:
    """Refuse an unknown profile or rule id, naming the close matches."""
    if profile not in PROFILES:
        raise UsageError(f"unknown profile '{profile}'; choose one of: {', '.join(PROFILES)}.")
    known = [r.id for r in RULES]
    ignored = frozenset(ignore)
    for rule_id in sorted(ignored):
        if rule_id not in known:
            close = difflib.get_close_matches(rule_id, known, n=3, cutoff=0.5)
            hint = f" Did you mean: {', '.join(close)}?" if close else ""
            raise UsageError(
                f"unknown rule id '{rule_id}' in ignore.{hint} "
                "'connectorgen rules' lists the rule ids."
            )
    return ignored


def check_files(
    files: Mapping[str, bytes],
    *,
    profile: str = "certified",
    ignore: Iterable[str] = (),
    source: str = "",
) -> list[Finding]:
    """Check one connector given as file name -> bytes; return the findings, sorted."""
    ignored = validate_options(profile, ignore)
    names = pick_files(files)
    labels = {a: _label(source, n) for a, n in names.items()}
    ctx, texts = _load(files, names, labels, profile)
    # A set: a parameter or schema shared by several operations is visited once per operation,
    # and its findings collapse here, so rules need not track what they have seen.
    findings: set[Finding] = set()
    positions: dict[str, PositionIndex] = {}
    for rule in RULES:
        severity = rule.severity_for(profile)
        if rule.manual or severity is None or rule.id in ignored:
            continue
        if any(need not in ctx.data for need in rule.needs):
            continue
        for hit in _run(rule, ctx):
            artifact = hit.artifact or rule.artifact
            line, column = hit.line, hit.column
            if line is None and hit.pointer is not None and artifact in texts:
                if artifact not in positions:
                    positions[artifact] = PositionIndex(texts[artifact])
                line, column = positions[artifact].position(hit.pointer) or (None, None)
            file = labels.get(artifact) or _label(source, default_name(artifact))
            findings.add(
                Diagnostic(severity, rule.id, hit.message, file, hit.pointer, line, column)
            )
    return sorted(findings, key=finding_order)


def finding_order(f: Finding) -> tuple:
    return (f.file or "", f.line or 0, f.column or 0, f.code, f.pointer or "", f.message)


def default_name(artifact: str) -> str:
    """The name a missing file would have (generate's naming)."""
    return {
        API_DEFINITION: "apiDefinition.swagger.json",
        API_PROPERTIES: "apiProperties.json",
        SETTINGS: "settings.json",
        README: "README.md",
        INTRO: "INTRO.md",
        ICON: "icon.png",
        SCRIPT: "script.csx",
    }[artifact]


def _label(source: str, name: str) -> str:
    return f"{source.rstrip('/')}/{name}" if source else name


def _run(rule: Rule, ctx: Context) -> list[Hit]:
    try:
        return list(rule.check(ctx))  # type: ignore[misc]
    except Exception as exc:  # a rule bug must not hide the other findings
        return [Hit(f"internal error in rule {rule.id} ({type(exc).__name__}: {exc}); "
                    "please report it.")]


def _load(
    files: Mapping[str, bytes], names: dict[str, str], labels: dict[str, str], profile: str
) -> tuple[Context, dict[str, str]]:
    data: dict = {}
    texts: dict[str, str] = {}
    broken: set[str] = set()
    problems: list[Hit] = []
    lenient: list[Hit] = []
    for artifact, name in names.items():
        raw = files[name]
        if artifact in JSON_ARTIFACTS:
            try:
                loaded = parse_json(raw, labels[artifact], "file")
            except InputError as exc:
                broken.add(artifact)
                problems.append(_syntax_hit(artifact, exc))
                continue
            texts[artifact] = loaded.text
            lenient.extend(
                Hit(w.message, line=w.line, column=w.column, artifact=artifact)
                for w in loaded.warnings
            )
            if not isinstance(loaded.value, dict):
                broken.add(artifact)
                problems.append(Hit("not a JSON object: the file must hold one {...} object.",
                                    pointer="", artifact=artifact))
                continue
            data[artifact] = loaded.value
        elif artifact in TEXT_ARTIFACTS:
            data[artifact] = raw.decode("utf-8-sig", errors="replace")
        else:
            data[artifact] = raw
    sizes = {a: len(files[n]) for a, n in names.items()}
    problems_by_kind = {"syntax": problems, "lenient": lenient}
    return Context(profile, dict(names), data, broken, sizes, problems_by_kind), texts


def _syntax_hit(artifact: str, exc: InputError) -> Hit:
    if exc.diagnostics:
        first = exc.diagnostics[0]
        return Hit(first.message, line=first.line, column=first.column, artifact=artifact)
    return Hit(exc.message, artifact=artifact)  # empty or binary file: no position
