"""`connectorgen check` as functions: connector files or folders in, findings out. No printing.

- ``check_files(files, profile=, ignore=, source=)``: findings for in-memory files (generate
  runs this on its output before writing it);
- ``check_folder(path, ...)``: one folder, honouring its config.json;
- ``check_paths(paths, ...)``: the command: many folders, in parallel, as a ``Report``.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from ..catalog import registry
from ..core.diagnostics import InputError, UsageError
from ..core.document import Document
from ..core.jsonio import parse_json
from ..core.platform import (
    API_DEFINITION,
    API_PROPERTIES,
    CONFIG_NAME,
    DEFAULT_PROFILE,
    INTRO,
    OUTPUT_NAMES,
    PROFILES,
    README,
    SCRIPT,
    SETTINGS,
)
from ..core.reading import Source, parse_document
from ..lint.engine import finding_order, run_rules
from ..lint.result import Report, TargetResult
from ..lint.rules import Finding, Hit, Rule
from .context import ConnectorContext
from .files import (
    find_connector_folders,
    folder_config,
    pick_files,
    profile_from_location,
    read_connector_files,
    repository_folder,
    require_connector_folder,
)

TOOL = "connectorgen check"
JSON_ARTIFACTS = (API_DEFINITION, API_PROPERTIES, SETTINGS)
TEXT_ARTIFACTS = (README, INTRO, SCRIPT)
# A missing file is named as generate would name it; the repository wants .swagger.json.
MISSING_NAMES = {**OUTPUT_NAMES, API_DEFINITION: "apiDefinition.swagger.json"}


def connector_rules() -> tuple[Rule, ...]:
    return registry().for_target("connector")


def validate_options(profile: str, ignore: Iterable[str], where: str = "ignore") -> frozenset[str]:
    """Refuse an unknown profile or rule id, naming the close matches."""
    if profile not in PROFILES:
        raise UsageError(f"unknown profile '{profile}'; choose one of: {', '.join(PROFILES)}.")
    return registry().validate_ignore(ignore, where)


def check_files(
    files: Mapping[str, bytes],
    *,
    profile: str = DEFAULT_PROFILE,
    ignore: Iterable[str] = (),
    source: str = "",
    in_repository: bool = False,
) -> list[Finding]:
    """Check one connector given as file name -> bytes; return the findings, sorted.

    ``in_repository``: the files lie in a clone of the certification repository, where the
    icon is not expected (it goes to the certification portal).
    A rule that fails is a bug in connectorgen: it raises RuntimeError, naming the rule.
    """
    result = check_files_result(
        files, profile=profile, ignore=ignore, source=source, in_repository=in_repository
    )
    if result.crashes:
        raise RuntimeError("\n".join(result.crashes))
    return list(result.findings)


def check_files_result(
    files: Mapping[str, bytes],
    *,
    profile: str = DEFAULT_PROFILE,
    ignore: Iterable[str] = (),
    source: str = "",
    in_repository: bool = False,
) -> TargetResult:
    """The findings of one connector, and the rules that failed on it (bugs, kept apart)."""
    ignored = validate_options(profile, ignore)
    ctx = load_context(files, profile, source)
    ctx.in_repository = in_repository
    findings = run_rules(connector_rules(), ctx, ignored)
    # An API definition converted first (OpenAPI 3, YAML): what the conversion lost, too.
    findings = sorted(
        {*findings, *registry().settle(ctx.converted, profile, ignored)}, key=finding_order
    )
    return TargetResult(source, "connector", profile, tuple(findings), tuple(ctx.crashes))


def load_context(files: Mapping[str, bytes], profile: str, source: str = "") -> ConnectorContext:
    """Parse what can be parsed; what cannot becomes a problem the file rules report."""
    names = pick_files(list(files))
    ctx = ConnectorContext(
        profile=profile,
        names={a: _label(source, n) for a, n in names.items()},
        data={},
        default_names={a: _label(source, n) for a, n in MISSING_NAMES.items()},
    )
    ctx.problems = {"syntax": [], "lenient": [], "version": []}
    for artifact, name in names.items():
        raw = files[name]
        ctx.sizes[artifact] = len(raw)
        if artifact in JSON_ARTIFACTS:
            _load_json(ctx, artifact, raw)
        elif artifact in TEXT_ARTIFACTS:
            ctx.data[artifact] = raw.decode("utf-8-sig", errors="replace")
        else:
            ctx.data[artifact] = raw
    return ctx


def _load_json(ctx: ConnectorContext, artifact: str, raw: bytes) -> None:
    label = ctx.names[artifact]
    try:
        if artifact == API_DEFINITION:
            source = parse_document(raw, label, "file")
            document = _converted(ctx, source)
        else:
            loaded = parse_json(raw, label, "file")
            source = Source(Document(label, loaded.text, loaded.value), "json", loaded.warnings)
            document = source.document
    except InputError as exc:
        ctx.broken.add(artifact)
        ctx.problems["syntax"].append(_syntax_hit(artifact, exc))
        return
    ctx.documents[artifact] = document
    ctx.problems["lenient"].extend(
        Hit(w.message, line=w.line, column=w.column, artifact=artifact)
        for w in source.warnings
        if w.code == "json-lenient"
    )
    loaded_value = document.value
    if not isinstance(loaded_value, dict):
        ctx.broken.add(artifact)
        ctx.problems["syntax"].append(
            Hit(
                "not a JSON object: the file must hold one {...} object.",
                pointer="",
                artifact=artifact,
            )
        )
        return
    ctx.data[artifact] = loaded_value


def _converted(ctx: ConnectorContext, source: Source) -> Document:
    """An OpenAPI 3 or YAML API definition as Swagger 2.0, with a finding that it is not yet
    what the platform takes; the conversion's warnings become findings too."""
    from ..openapi.convert import to_swagger

    if not isinstance(source.document.value, dict):
        return source.document
    try:
        conversion = to_swagger(source)
    except InputError as exc:
        if exc.diagnostics and exc.diagnostics[0].code == "swagger-version":
            if source.format == "yaml":  # neither Swagger nor OpenAPI, and not JSON either
                raise InputError("not JSON: the file holds YAML.") from exc
            return source.document  # swagger-version and the other rules say what is wrong
        raise
    if conversion is None:
        return source.document
    name = source.document.name.rsplit("/", 1)[-1]
    ctx.problems["version"].append(
        Hit(
            f"The API definition is {conversion.source_format}, not Swagger 2.0 JSON, the only "
            "form Power Platform takes. It was converted to check the rest: write the converted "
            f"file with `connectorgen convert {name} --out apiDefinition.swagger.json --force`.",
            pointer="",
            artifact=API_DEFINITION,
        )
    )
    ctx.converted = [d for d in conversion.warnings if d.code != "openapi-converted"]
    return conversion.document


def _syntax_hit(artifact: str, exc: InputError) -> Hit:
    if exc.diagnostics:
        first = exc.diagnostics[0]
        return Hit(first.message, line=first.line, column=first.column, artifact=artifact)
    return Hit(exc.message, artifact=artifact)  # empty or binary file: no position


def _label(source: str, name: str) -> str:
    return f"{source.rstrip('/')}/{name}" if source else name


# ---------------------------------------------------------------- folders


def resolve_options(
    path: Path, profile: str | None, ignore: Iterable[str] | None
) -> tuple[str, frozenset[str]]:
    """Precedence: the caller's profile, else config.json's, else the one the repository folder
    implies (independent-publisher-connectors/...), else certified. Ignored rules are the union
    of the caller's and config.json's (both list findings accepted on purpose)."""
    from_caller = validate_options(profile or DEFAULT_PROFILE, ignore or ())
    config_profile, config_ignore = folder_config(path)
    try:
        from_config = validate_options(config_profile or DEFAULT_PROFILE, config_ignore)
    except UsageError as exc:
        raise UsageError(f"{path / CONFIG_NAME}: {exc}") from exc
    chosen = profile or config_profile or profile_from_location(path) or DEFAULT_PROFILE
    return chosen, from_caller | from_config


def check_folder_result(
    path: Path, *, profile: str | None = None, ignore: Iterable[str] | None = None
) -> TargetResult:
    require_connector_folder(path)
    chosen, ignored = resolve_options(path, profile, ignore)
    return check_files_result(
        read_connector_files(path),
        profile=chosen,
        ignore=ignored,
        source=path.as_posix(),
        in_repository=repository_folder(path) is not None,
    )


def check_folder(
    path: Path, *, profile: str | None = None, ignore: Iterable[str] | None = None
) -> list[Finding]:
    """Check one connector folder. ``profile=None`` uses config.json's profile, else the one
    its repository folder implies, else certified; rules in config.json's ``ignore`` are
    ignored as well as ``ignore``."""
    return list(check_folder_result(path, profile=profile, ignore=ignore).findings)


def connector_folders(paths: Sequence[Path], recursive: bool) -> list[Path]:
    """The folders to check, in the order given (each --recursive root's folders sorted)."""
    found: list[Path] = []
    for path in paths:
        if recursive:
            if not path.is_dir():
                raise UsageError(f"{path} does not exist or is not a folder.")
            below = find_connector_folders(path)
            if not below:
                raise UsageError(
                    "no connector folder (holding apiDefinition.swagger.json, "
                    f"apiDefinition.json or apiProperties.json) under {path}."
                )
            found.extend(below)
        else:
            require_connector_folder(path)
            found.append(path)
    return list(dict.fromkeys(found))  # a folder named twice is checked once


Progress = Callable[[int, int], None]


def check_paths(
    paths: Sequence[Path],
    *,
    profile: str | None = None,
    ignore: Iterable[str] = (),
    recursive: bool = False,
    jobs: int | None = None,
    progress: Progress | None = None,
) -> Report:
    """Check connector folders; the report lists them in the order given.

    Raises UsageError for what is not the connectors' fault (a path that is no connector
    folder, an unknown rule id). ``profile=None`` lets each folder's config.json choose.
    """
    ignore = tuple(ignore)
    validate_options(profile or DEFAULT_PROFILE, ignore)
    folders = connector_folders([Path(p) for p in paths] or [Path(".")], recursive)
    results = tuple(_check_all(folders, profile, ignore, jobs, progress))
    return Report(TOOL, results, registry().for_target("connector", "convert"))


def _check_one(args: tuple[Path, str | None, tuple[str, ...]]) -> TargetResult:
    path, profile, ignore = args
    return check_folder_result(path, profile=profile, ignore=ignore)


def _check_all(
    folders: list[Path],
    profile: str | None,
    ignore: tuple[str, ...],
    jobs: int | None,
    progress: Progress | None,
) -> Iterator[TargetResult]:
    work = [(folder, profile, ignore) for folder in folders]
    workers = min(jobs or os.cpu_count() or 1, len(folders))
    done = 0
    if workers > 1:
        # map() yields in submission order, so output and exit code do not depend on --jobs.
        with ProcessPoolExecutor(max_workers=workers) as pool:
            for result in pool.map(_check_one, work, chunksize=_chunk(len(work), workers)):
                done += 1
                if progress:
                    progress(done, len(work))
                yield result
    else:
        for item in work:
            result = _check_one(item)
            done += 1
            if progress:
                progress(done, len(work))
            yield result


def _chunk(count: int, workers: int) -> int:
    return max(1, count // (workers * 4))
