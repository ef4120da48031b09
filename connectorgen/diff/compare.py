"""Comparing two API definitions operation by operation, the way Microsoft's Breaking Change
Detector does: an operation is known by its operationId (ValuePath ``operation/<id>``), so a
renamed operationId is a deleted operation plus an added one.

What is compared: which operations exist, their visibility, path, method and trigger, their
parameters (location, required, type, enum, body schema), their responses (schema and
headers) and a webhook trigger's notification schema, the backend address and the kinds of
security definitions. Descriptions, summaries, key order and formatting are never compared:
they cannot break a flow.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from ..core.document import as_dict, pointer_join
from ..openapi.view import ApiView, Operation, Parameter, text
from .changes import Changes, quoted
from .schemas import INPUT, OUTPUT, Flattener, Place, SchemaDiff, filled_by_platform

Route = tuple[str, str]  # (method, path)


def operation_key(op: Operation) -> str:
    return op.operation_id or f"{op.method.upper()} {op.path}"


def index_operations(view: ApiView) -> dict[str, Operation]:
    """Operations by operationId (by method and path when it has none); the first of
    duplicates wins, as the platform keeps one operation per id."""
    found: dict[str, Operation] = {}
    for op in view.operations:
        found.setdefault(operation_key(op), op)
    return found


def compare_definitions(
    old: ApiView, new: ApiView, changes: Changes, *, removed: bool = False
) -> None:
    """File every breaking change from ``old`` to ``new`` in ``changes``. ``removed``: NEW is
    gone (its connector folder was deleted), so only the deleted operations are reported."""
    _Comparison(old, new, changes, removed).run()


@dataclass
class _Comparison:
    old: ApiView
    new: ApiView
    changes: Changes
    removed: bool

    def __post_init__(self) -> None:
        self.old_ops = index_operations(self.old)
        self.new_ops = index_operations(self.new)
        self.new_routes: dict[Route, Operation] = {}
        for op in self.new.operations:
            self.new_routes.setdefault((op.method, op.path), op)
        self._newest: dict[str, tuple[float, str]] | None = None
        self.schemas = SchemaDiff(
            Flattener(self.old),
            Flattener(self.new),
            self.changes,
            frozenset(self.old_ops),
            frozenset(self.new_ops),
        )

    def run(self) -> None:
        for key, op in self.old_ops.items():
            twin = self.new_ops.get(key)
            if twin is None and not op.operation_id:
                twin = self.new_routes.get((op.method, op.path))
            if twin is None:
                self._deleted(op)
            else:
                self._operation(op, twin)
        if not self.removed:
            self._backend()
            self._security()

    # ------------------------------------------------------------ deleted operations

    def _deleted(self, op: Operation) -> None:
        context = f"Operation '{op.name}' ({op.method.upper()} {op.path})."
        if self.removed:
            context += " Its connector folder was removed."
        else:
            context += self._renamed(op) + self._deprecation(op)
        self.changes.add("operation-deleted", op.pointer, context, in_old=True)

    def _renamed(self, op: Operation) -> str:
        twin = self.new_routes.get((op.method, op.path))
        if twin is None or not twin.operation_id or operation_key(twin) in self.old_ops:
            return ""
        return (
            f" The same method and path now have the operationId '{twin.operation_id}': "
            "renaming an operationId deletes the operation for the flows that use it."
        )

    def _deprecation(self, op: Operation) -> str:
        """What the deprecation path would have been, when OLD started on it."""
        annotation = as_dict(op.value.get("x-ms-api-annotation"))
        replacement = as_dict(annotation.get("replacement"))
        family = text(annotation.get("family")) or op.operation_id
        successor = text(replacement.get("operationId")) or ""
        api = text(replacement.get("api"))
        if successor and api and successor not in self.new_ops:
            successor += f"' of the connector '{api}"
        successor = successor or self._newest_revision(family, op)
        if not op.deprecated and not successor:
            return ""
        if op.deprecated:
            said = " It was deprecated" + (f" and replaced by '{successor}'" if successor else "")
            revision = annotation.get("revision")
            said += f" (x-ms-api-annotation family '{family}'"
            said += f", revision {revision})." if revision is not None else ")."
        else:
            said = (
                f" '{successor}' is a newer revision in its x-ms-api-annotation family '{family}'."
            )
        keep = f"'{op.name}', deprecated, beside '{successor}'" if successor else f"'{op.name}'"
        return (
            f"{said} Deprecation is how an operation is retired: flows that use it keep working "
            "while the designer hides it from new flows. Deleting it breaks the flows that still "
            f"use it: keep {keep}."
        )

    def _newest_revision(self, family: str, retired: Operation) -> str:
        """The operation of NEW with the highest revision in ``family`` (not ``retired``)."""
        newest = self._families().get(family)
        return newest[1] if newest and newest[1] != retired.operation_id else ""

    def _families(self) -> dict[str, tuple[float, str]]:
        """x-ms-api-annotation family -> (revision, operationId) of NEW's newest revision,
        computed once (a revision missing or not a number counts as 1, as the docs say)."""
        if self._newest is None:
            self._newest = {}
            for op in self.new_ops.values():
                annotation = as_dict(op.value.get("x-ms-api-annotation"))
                family = text(annotation.get("family"))
                if not family or not op.operation_id:
                    continue
                revision = annotation.get("revision")
                number = float(revision) if isinstance(revision, (int, float)) else 1.0
                best = self._newest.get(family)
                if best is None or number > best[0]:
                    self._newest[family] = (number, op.operation_id)
        return self._newest

    # ------------------------------------------------------------ operations in both

    def _operation(self, old: Operation, new: Operation) -> None:
        name = old.name
        if not _hidden(old) and _hidden(new):
            self.changes.add(
                "operation-hidden",
                new.pointer + "/x-ms-visibility",
                f'Operation \'{name}\' is now "x-ms-visibility": "internal".',
            )
        if old.path != new.path:
            self.changes.add(
                "operation-path-changed",
                new.pointer,
                f"Operation '{name}': the path '{old.path}' is now '{new.path}'.",
            )
        if old.method.lower() != new.method.lower():
            self.changes.add(
                "operation-method-changed",
                new.pointer,
                f"Operation '{name}': {old.method.upper()} is now {new.method.upper()}.",
            )
        self._trigger(name, old, new)
        self._parameters(name, old, new)
        self._responses(name, old, new)

    def _trigger(self, name: str, old: Operation, new: Operation) -> None:
        before, after = (_lower(op.value.get("x-ms-trigger")) for op in (old, new))
        if before == after:
            if before is not None:
                self._notification(name, old, new)
            return
        if before is None:
            what = f"it is now a trigger (x-ms-trigger '{after}'); flows use it as an action."
        elif after is None:
            what = (
                f"it is no longer a trigger (it was x-ms-trigger '{before}'); flows start with it."
            )
        else:
            what = f"x-ms-trigger '{before}' is now '{after}'."
        pointer = new.pointer + ("/x-ms-trigger" if "x-ms-trigger" in new.value else "")
        self.changes.add("trigger-changed", pointer, f"Operation '{name}': {what}")

    def _notification(self, name: str, old: Operation, new: Operation) -> None:
        """A webhook trigger's output: the schema of its path item's notification content."""
        key = "x-ms-notification-content"
        before, after = self.old.path_item(old).get(key), self.new.path_item(new).get(key)
        if not isinstance(before, dict) or not isinstance(after, dict):
            return
        self.schemas.compare(
            OUTPUT,
            f"/paths{pointer_join(old.path, key, 'schema')}",
            before.get("schema"),
            f"/paths{pointer_join(new.path, key, 'schema')}",
            after.get("schema"),
            Place(name, "body", "webhook notification"),
        )

    # ------------------------------------------------------------ parameters

    def _parameters(self, name: str, old: Operation, new: Operation) -> None:
        unmatched = list(new.parameters)
        for before in old.parameters:
            after = _take(unmatched, before, _same)
            if after is None:
                after = _take(unmatched, before, _moved)
            if after is None:
                self.changes.add(
                    "input-field-deleted",
                    before.pointer,
                    f"Operation '{name}', input '{_label(before)}' ({before.location}).",
                    in_old=True,
                )
            else:
                self._parameter(name, before, after)
        for added in unmatched:
            if added.value.get("required") is True and not filled_by_platform(added.value):
                self.changes.add(
                    "required-input-added",
                    added.pointer,
                    f"Operation '{name}', input '{_label(added)}' ({added.location}).",
                )

    def _parameter(self, name: str, before: Parameter, after: Parameter) -> None:
        if _where(before) != _where(after):
            self.changes.add(
                "parameter-location-changed",
                after.pointer + "/in",
                f"Operation '{name}', parameter '{before.name}': {before.location} is now "
                f"{after.location}.",
            )
        if (
            before.value.get("required") is not True
            and after.value.get("required") is True
            and not filled_by_platform(after.value)
        ):
            self.changes.add(
                "required-input-added",
                after.pointer + "/required",
                f"Operation '{name}', input '{_label(after)}' was optional and is now required.",
            )
        place = Place(name, _label(after))
        if _where(before) == "body":
            self.schemas.compare(
                INPUT,
                before.pointer + "/schema",
                before.value.get("schema"),
                after.pointer + "/schema",
                after.value.get("schema"),
                place,
            )
        else:  # a non-body parameter carries its type, format, enum and items itself
            self.schemas.compare(
                INPUT, before.pointer, before.value, after.pointer, after.value, place
            )

    # ------------------------------------------------------------ responses

    def _responses(self, name: str, old: Operation, new: Operation) -> None:
        after_all = {code: (p, r) for code, p, r in self.new.responses(new)}
        success = _success(after_all)
        for code, pointer, response in self.old.responses(old):
            if code == "default":  # holds errors; it should have no schema at all (SVR)
                continue
            twin = after_all.get(code)
            if twin is None and code.startswith("2") and success is not None:
                twin = after_all[success]
            if twin is None:
                continue
            place = Place(name, "body", f"response {code}")
            twin_pointer, twin_response = twin
            if "schema" in response:
                self.schemas.compare(
                    OUTPUT,
                    pointer + "/schema",
                    response["schema"],
                    twin_pointer + "/schema",
                    twin_response.get("schema"),
                    place,
                )
            self._headers(name, code, pointer, response, twin_pointer, twin_response)

    def _headers(
        self,
        name: str,
        code: str,
        pointer: str,
        response: dict[str, object],
        twin_pointer: str,
        twin: dict[str, object],
    ) -> None:
        after = {str(h).lower(): h for h in as_dict(twin.get("headers"))}
        for header, spec in as_dict(response.get("headers")).items():
            place = Place(name, f"headers.{header}", f"response {code}")
            where = f"{pointer}/headers{pointer_join(header)}"
            match = after.get(str(header).lower())
            if match is None:
                self.changes.add(
                    "output-field-deleted", where, f"{place.describe(OUTPUT)}.", in_old=True
                )
                continue
            self.schemas.compare(
                OUTPUT,
                where,
                spec,
                f"{twin_pointer}/headers{pointer_join(match)}",
                as_dict(twin.get("headers"))[match],
                place,
            )

    # ------------------------------------------------------------ the API as a whole

    def _backend(self) -> None:
        """host, basePath and schemes: where every flow's requests go."""
        old, new = self.old.doc, self.new.doc
        host, host_now = text(old.get("host")), text(new.get("host"))
        if host and host.strip().lower() != (host_now or "").strip().lower():
            now = f"'{host_now}'" if host_now else "no longer given"
            self.changes.add("backend-url-changed", "/host", f"The host '{host}' is now {now}.")
        # No basePath is "/": the API is served at the root of the host.
        base, base_now = (_base_path(text(doc.get("basePath")) or "") for doc in (old, new))
        if base != base_now:
            self.changes.add(
                "backend-url-changed", "/basePath", f"The basePath '{base}' is now '{base_now}'."
            )
        schemes = _strings(old.get("schemes"))
        kept = {s.lower() for s in _strings(new.get("schemes"))}
        dropped = [s for s in schemes if s.lower() not in kept]
        if schemes and dropped:
            self.changes.add(
                "backend-url-changed",
                "/schemes",
                f"The scheme {quoted(dropped)} is no longer supported."
                if len(dropped) == 1
                else f"The schemes {quoted(dropped)} are no longer supported.",
            )

    def _security(self) -> None:
        """The kind of sign-in the API definition declares (apiKey, basic, oauth2)."""
        before, after = _security_kinds(self.old), _security_kinds(self.new)
        if not after or before & after:
            return  # auth removed, or a kind kept: existing connections still sign in
        was = quoted(sorted(before)) if before else "no security definition"
        self.changes.add(
            "sign-in-changed",
            "/securityDefinitions",
            f"The API definition's security definitions were {was}; they are now "
            f"{quoted(sorted(after))}.",
        )


# ---------------------------------------------------------------- helpers


def _take(
    candidates: list[Parameter], old: Parameter, match: Callable[[Parameter, Parameter], bool]
) -> Parameter | None:
    """Remove and return the first candidate that ``match``es ``old``."""
    for index, candidate in enumerate(candidates):
        if match(candidate, old):
            return candidates.pop(index)
    return None


def _where(param: Parameter) -> str:
    """The location, compared without case (the platform reads "Query" as query)."""
    return param.location.lower()


def _same(p: Parameter, q: Parameter) -> bool:
    """The same input: the body (whatever its name), else the same name and location."""
    if _where(p) == "body" or _where(q) == "body":
        return _where(p) == _where(q)
    return (p.name, _where(p)) == (q.name, _where(q))


def _moved(p: Parameter, q: Parameter) -> bool:
    """The same name in another location (neither is the body)."""
    return "body" not in (_where(p), _where(q)) and p.name == q.name


def _lower(value: object) -> str | None:
    return value.strip().lower() if isinstance(value, str) else None


def _hidden(op: Operation) -> bool:
    """x-ms-visibility internal, in any case (the versioning docs write "Internal")."""
    return _lower(op.value.get("x-ms-visibility")) == "internal"


def _label(param: Parameter) -> str:
    return param.name or param.location


def _success(responses: dict[str, tuple[str, dict[str, object]]]) -> str | None:
    """The success response the designer takes outputs from: the first 2xx with a schema."""
    codes = sorted(c for c in responses if c.startswith("2"))
    with_schema = [c for c in codes if "schema" in responses[c][1]]
    found = with_schema or codes
    return found[0] if found else None


def _base_path(value: str) -> str:
    """A basePath compared: with one leading slash and no trailing one ("" and "/" alike)."""
    return "/" + value.strip().strip("/")


def _strings(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _security_kinds(view: ApiView) -> set[str]:
    kinds = (text(as_dict(scheme).get("type")) for scheme in view.security_definitions.values())
    return {kind for kind in kinds if kind}
