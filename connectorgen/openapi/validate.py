"""openapi-spec-validator, run as warnings that say where each problem is.

Structural problems other than the few that block generation are warnings: certified
connectors that Microsoft accepted carry many of them (a ``"default": "false"`` on a boolean,
examples that miss required properties, ``type: file`` outside formData), and refusing those
would refuse real, working connectors.
"""

from __future__ import annotations

from typing import Any

from ..core.diagnostics import Diagnostic
from ..core.document import pointer_join


def structural_warnings(doc: dict[str, Any], name: str) -> list[Diagnostic]:
    """Everything openapi-spec-validator finds, as warnings with a JSON pointer where known."""
    try:
        errors = list(_validator_class()(doc).iter_errors())
    except RecursionError:
        return [_validator_stopped(name, "the document nests or refers to itself too deeply")]
    except Exception as exc:  # noqa: BLE001 - a third-party validator must not crash the run
        return [_validator_stopped(name, _why(exc))]
    out = []
    for err in errors:
        path = getattr(err, "absolute_path", None)
        pointer = pointer_join(*path) if path else None
        message = str(getattr(err, "message", err)).splitlines()[0][:300]
        out.append(Diagnostic("warning", "swagger-validation", message, file=name, pointer=pointer))
    return out


def _why(exc: Exception) -> str:
    ref = getattr(exc, "ref", None)  # referencing's Unresolvable and PointerToNowhere
    if isinstance(ref, str):
        if ref.startswith("#") or type(exc).__name__ == "PointerToNowhere":
            return f"$ref '#{ref.lstrip('#')[:200]}' points to nothing in the document"
        return (
            f"$ref {ref[:200]!r} points outside the document, which is not followed: a "
            "connector's API definition must be self-contained (#/definitions/...)"
        )
    # Some messages repeat the whole document: the first line, shortened, is enough.
    text = (str(exc).splitlines() or [""])[0]
    return f"{type(exc).__name__}: {text[:200]}{'…' if len(text) > 200 else ''}"


def _validator_stopped(name: str, why: str) -> Diagnostic:
    return Diagnostic(
        "warning",
        "swagger-validation",
        f"structural validation could not finish: {why}.",
        file=name,
    )


_VALIDATOR: Any = None


def _validator_class() -> Any:
    """openapi-spec-validator's Swagger 2.0 validator, taught to say where each problem is.

    Its keyword checks (defaults, schemas, parameters, operations) validate a piece of the
    document on its own, so their errors carry a path relative to that piece or none. Each
    keyword validator is wrapped to prefix the location of the piece it was handed; the
    innermost wrapper wins because it runs first.
    """
    global _VALIDATOR
    if _VALIDATOR is None:
        from openapi_spec_validator import OpenAPIV2SpecValidator

        class Validator(OpenAPIV2SpecValidator):
            # No handlers: a $ref to a URL or file is never fetched or read (no network
            # access, no local file's content in a message); it stops validation instead.
            resolver_handlers: dict[str, Any] = {}
            keyword_validators = {
                name: _locating(cls)
                for name, cls in OpenAPIV2SpecValidator.keyword_validators.items()
            }

        _VALIDATOR = Validator
    return _VALIDATOR


def _locating(cls: Any) -> Any:
    def __call__(self: Any, *args: Any, **kwargs: Any) -> Any:
        where = next((a for a in args if hasattr(a, "parts")), None)
        for err in cls.__call__(self, *args, **kwargs):
            if where is not None and not getattr(err, "connectorgen_located", False):
                # The path is rewritten in place: the validator re-wraps errors on the way
                # out, keeping the path but not attributes of ours.
                suffix = ["default"] if _is_default_check(cls, args) else []
                full = [*where.parts, *suffix, *err.relative_path]
                err.relative_path.clear()
                err.relative_path.extend(full)
                err.connectorgen_located = True
            yield err

    return type(cls.__name__, (cls,), {"__call__": __call__})


def _is_default_check(cls: Any, args: tuple[Any, ...]) -> bool:
    # The value validator is handed (schema, value): the value is the schema's "default".
    return cls.__name__.endswith("ValueValidator") and len(args) == 2
