"""Schema Objects: OpenAPI 3.0 and 3.1 (JSON Schema 2020-12) to Swagger 2.0's subset.

Kept as they are: the keywords the two have in common. Mapped: ``nullable`` and ``null`` in a
type array to ``x-nullable``, ``const`` to a one-value ``enum``, ``examples`` to ``example``,
numeric ``exclusiveMinimum``/``exclusiveMaximum`` to the boolean form, a ``discriminator``
object to its property name, references to ``#/definitions/``. ``oneOf``/``anyOf`` follow the
rule in ``one_of`` (docs/convert.md). Everything else is dropped with a warning.
"""

from __future__ import annotations

import copy
from typing import Any

from .state import MAX_INLINE, State, child, extensions

# The Schema Object of Swagger 2.0 (besides x- extensions), in the order they are written.
SWAGGER_KEYWORDS = (
    "$ref",
    "title",
    "description",
    "type",
    "format",
    "items",
    "properties",
    "additionalProperties",
    "required",
    "allOf",
    "discriminator",
    "readOnly",
    "default",
    "enum",
    "multipleOf",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "maxProperties",
    "minProperties",
    "xml",
    "externalDocs",
    "example",
)
_COPIED = frozenset(SWAGGER_KEYWORDS) - {
    "$ref",
    "type",
    "items",
    "properties",
    "additionalProperties",
    "required",
    "allOf",
    "discriminator",
    "exclusiveMaximum",
    "exclusiveMinimum",
}
# Read by the mapping itself, so never reported as dropped.
_MAPPED = frozenset({"nullable", "const", "examples", "oneOf", "anyOf", "$schema", "$comment"})
JSON_TYPES = ("string", "number", "integer", "boolean", "array", "object")
NULL_TYPES = ("null",)


def ref_target(state: State, ref: str, pointer: str) -> str | None:
    """Where a schema ``$ref`` points in the result; None when it must be inlined instead."""
    if ref.startswith("#/components/schemas/"):
        return "#/definitions/" + ref[len("#/components/schemas/") :]
    if ref.startswith("#/definitions/"):  # already Swagger 2.0 (a Swagger file in YAML)
        return ref
    if not ref.startswith("#"):
        state.warn(
            "convert-schema",
            pointer,
            f"the reference {ref!r} leaves the file and is kept as it is; a connector's API "
            "definition must be self-contained: copy the schema into components.schemas.",
        )
        return ref
    return None


def convert_schema(state: State, node: Any, pointer: str) -> dict[str, Any]:
    """One schema, recursively; ``pointer`` is where ``node`` is in the user's file."""
    if node is True or node == {}:
        return state.keep({}, pointer)
    if not isinstance(node, dict):
        state.warn(
            "convert-schema",
            pointer,
            f"a schema must be an object, not {type(node).__name__}: any value is accepted.",
        )
        return state.keep({}, pointer)
    ref = node.get("$ref")
    if isinstance(ref, str):
        target = ref_target(state, ref, pointer)
        if target is None:
            return _inline(state, ref, pointer)
        out: dict[str, Any] = {"$ref": target}
        rest = {k: v for k, v in node.items() if k != "$ref"}
        if rest:  # 3.1 allows siblings of $ref; Swagger 2.0 tools read a description there
            out.update({k: v for k, v in convert_schema(state, rest, pointer).items()})
        return state.keep(out, pointer)
    if "oneOf" in node or "anyOf" in node:
        return one_of(state, node, pointer)
    return _plain(state, node, pointer)


def _plain(state: State, node: dict[str, Any], pointer: str) -> dict[str, Any]:
    out: dict[str, Any] = state.keep({}, pointer)
    dropped: list[str] = []
    nullable = node.get("nullable") is True
    kind = node.get("type")
    if isinstance(kind, list):
        types = [t for t in kind if isinstance(t, str)]
        nullable = nullable or "null" in types
        types = [t for t in types if t not in NULL_TYPES]
        if len(types) == 1:
            out["type"] = types[0]
        elif len(types) > 1:
            dropped.append(f"type {types} (several types: any value is accepted)")
    elif kind == "null":
        nullable = True
    elif isinstance(kind, str):
        out["type"] = kind
    for key, value in node.items():
        if key in _COPIED:
            out[key] = copy.deepcopy(value)
        elif key == "items":
            out["items"] = _items(state, value, child(pointer, "items"))
        elif key == "properties" and isinstance(value, dict):
            out["properties"] = state.keep(
                {
                    name: convert_schema(state, prop, child(pointer, "properties", name))
                    for name, prop in value.items()
                },
                child(pointer, "properties"),
            )
        elif key == "additionalProperties":
            out[key] = (
                value
                if isinstance(value, bool)
                else convert_schema(state, value, child(pointer, key))
            )
        elif key == "required" and isinstance(value, list):
            out["required"] = [name for name in value if isinstance(name, str)]
        elif key == "allOf" and isinstance(value, list):
            out["allOf"] = state.keep(
                [convert_schema(state, s, child(pointer, "allOf", i)) for i, s in enumerate(value)],
                child(pointer, "allOf"),
            )
        elif key == "discriminator":
            _discriminator(state, value, pointer, out)
        elif key in ("exclusiveMinimum", "exclusiveMaximum"):
            _exclusive(key, value, out)
        elif not (
            key.startswith("x-")
            or key in _MAPPED
            or key == "type"
            or (key in ("contentEncoding", "contentMediaType") and _content_format(node, out))
        ):
            dropped.append(key)
    if "const" in node:
        out["enum"] = [copy.deepcopy(node["const"])]
    examples = node.get("examples")
    if "example" not in out and isinstance(examples, list) and examples:
        out["example"] = copy.deepcopy(examples[0])
        if len(examples) > 1:
            dropped.append(f"examples after the first ({len(examples) - 1})")
    if nullable:
        out["x-nullable"] = True
    out.update(extensions(state, node, pointer))
    if dropped:
        state.warn(
            "convert-schema",
            pointer,
            f"Swagger 2.0 schemas have no {', '.join(dropped)}: dropped.",
        )
    return _ordered(out)


def _items(state: State, value: Any, pointer: str) -> dict[str, Any]:
    if isinstance(value, list):  # a tuple (not valid in 3.x): its first schema stands for all
        state.warn(
            "convert-schema",
            pointer,
            "items is a list (a tuple): Swagger 2.0 has one schema for all items; the first is "
            "used.",
        )
        return convert_schema(state, value[0] if value else {}, child(pointer, 0))
    return convert_schema(state, value, pointer)


def _discriminator(state: State, value: Any, pointer: str, out: dict[str, Any]) -> None:
    if isinstance(value, str):
        out["discriminator"] = value
        return
    if isinstance(value, dict) and isinstance(value.get("propertyName"), str):
        out["discriminator"] = value["propertyName"]
        if value.get("mapping"):
            state.warn(
                "convert-schema",
                child(pointer, "discriminator", "mapping"),
                "Swagger 2.0 discriminators have no mapping: the discriminator values must be "
                "the definition names.",
            )


def _exclusive(key: str, value: Any, out: dict[str, Any]) -> None:
    # 3.0 (like 2.0): a boolean beside minimum/maximum; 3.1: the bound itself.
    if isinstance(value, bool):
        out[key] = value
    elif isinstance(value, (int, float)):
        bound = "minimum" if key == "exclusiveMinimum" else "maximum"
        out[bound] = value
        out[key] = True


def _content_format(node: dict[str, Any], out: dict[str, Any]) -> bool:
    """3.1 describes binary strings with contentMediaType/contentEncoding: map to format."""
    if node.get("type") != "string" or "format" in node:
        return False
    if node.get("contentEncoding") == "base64":
        out["format"] = "byte"
        return True
    media = node.get("contentMediaType")
    if isinstance(media, str) and "contentEncoding" not in node:
        out["format"] = "binary"
        return True
    return False


def _inline(state: State, ref: str, pointer: str) -> dict[str, Any]:
    """A local reference to something that is not a component schema: its converted copy."""
    target, value = state.resolve(pointer, {"$ref": ref})
    if target == pointer or target in state.inlining or len(state.inlining) > MAX_INLINE:
        state.warn(
            "convert-schema",
            pointer,
            f"the reference {ref!r} cannot be followed (it points nowhere, or loops): any "
            "value is accepted.",
        )
        return state.keep({}, pointer)
    state.inlining.append(target)
    try:
        return convert_schema(state, value, target)
    finally:
        state.inlining.pop()


def _ordered(out: dict[str, Any]) -> dict[str, Any]:
    """Keywords in the usual order ($ref, title, description, type, ...), extensions last."""
    rank = {key: index for index, key in enumerate(SWAGGER_KEYWORDS)}
    ordered = dict(sorted(out.items(), key=lambda item: rank.get(item[0], len(rank))))
    out.clear()
    out.update(ordered)  # the same object: its origin is recorded
    return out


# ---------------------------------------------------------------- oneOf / anyOf


def one_of(state: State, node: dict[str, Any], pointer: str) -> dict[str, Any]:
    """The rule for oneOf and anyOf, which Swagger 2.0 lacks (docs/convert.md):

    1. ``null`` alternatives make the schema ``x-nullable``;
    2. one alternative left: it is the schema (lossless, no warning);
    3. all alternatives objects: one object with every property (the first alternative's
       wins), required only what all require;
    4. all of one type: that type, enums joined, formats kept when they agree;
    5. otherwise: no type, any value is accepted.
    """
    keyword = "oneOf" if "oneOf" in node else "anyOf"
    raw = node.get(keyword)
    alternatives = raw if isinstance(raw, list) else []
    rest = {k: v for k, v in node.items() if k not in ("oneOf", "anyOf")}
    nullable = False
    kept: list[tuple[str, Any]] = []
    for index, alternative in enumerate(alternatives):
        at = child(pointer, keyword, index)
        if _is_null(alternative):
            nullable = True
        else:
            kept.append((at, alternative))
    if len(kept) == 1 and not _other_alternatives(node, keyword):
        out = _single(state, kept[0], rest, pointer)
    else:
        out = _merged(state, keyword, kept, rest, pointer)
    if nullable:
        out["x-nullable"] = True
    return _ordered(out)


def _other_alternatives(node: dict[str, Any], keyword: str) -> bool:
    return "oneOf" in node and "anyOf" in node


def _single(
    state: State, alternative: tuple[str, Any], rest: dict[str, Any], pointer: str
) -> dict[str, Any]:
    at, value = alternative
    converted = convert_schema(state, value, at)
    if not rest:
        return converted
    siblings = convert_schema(state, rest, pointer)
    if "$ref" in converted or _conflicts(converted, siblings):
        siblings["allOf"] = [converted, *siblings.get("allOf", [])]
        return siblings
    return state.keep({**converted, **siblings}, pointer)


def _conflicts(a: dict[str, Any], b: dict[str, Any]) -> bool:
    return any(key in a and a[key] != b[key] for key in b if not key.startswith("x-"))


def _merged(
    state: State,
    keyword: str,
    kept: list[tuple[str, Any]],
    rest: dict[str, Any],
    pointer: str,
) -> dict[str, Any]:
    out = convert_schema(state, rest, pointer) if rest else state.keep({}, pointer)
    out.pop("discriminator", None)
    parts = [_object_parts(state, at, value, 0) for at, value in kept]
    if kept and all(part is not None for part in parts):
        properties: dict[str, Any] = state.keep({}, child(pointer, keyword))
        required: list[str] | None = None
        for part in parts:
            assert part is not None
            props, needed = part
            for name, schema in props.items():
                properties.setdefault(name, schema)
            required = needed if required is None else [n for n in required if n in needed]
        out["type"] = "object"
        out["properties"] = {**properties, **out.get("properties", {})}
        if required:
            out["required"] = sorted(set(out.get("required", [])) | set(required))
        how = (
            "merged into one object with every alternative's properties, required only where "
            "all alternatives require them"
        )
    else:
        how = _same_type(state, kept, out)
    state.warn(
        "convert-one-of",
        child(pointer, keyword),
        f"{keyword} with {len(kept)} alternatives has no Swagger 2.0 equivalent: {how}.",
    )
    return out


def _same_type(state: State, kept: list[tuple[str, Any]], out: dict[str, Any]) -> str:
    converted = [convert_schema(state, *_resolved(state, at, value)) for at, value in kept]
    types = {schema.get("type") for schema in converted}
    if len(types) != 1 or None in types:
        out.pop("type", None)
        return "the alternatives have different types, so any value is accepted"
    out["type"] = types.pop()
    formats = {schema.get("format") for schema in converted}
    if len(formats) == 1 and None not in formats:
        out["format"] = formats.pop()
    if all(isinstance(schema.get("enum"), list) for schema in converted):
        values: list[Any] = []
        for schema in converted:
            values += [v for v in schema["enum"] if v not in values]
        out["enum"] = values
    return f"the common type {out['type']} is kept"


def _resolved(state: State, at: str, value: Any) -> tuple[Any, str]:
    target, found = state.resolve(at, value)
    return found, target


def _object_parts(
    state: State, at: str, value: Any, depth: int
) -> tuple[dict[str, Any], list[str]] | None:
    """(properties, required) of an object alternative, following $ref and allOf; None when
    the alternative is not an object schema."""
    at, value = state.resolve(at, value)
    if not isinstance(value, dict) or depth > MAX_INLINE:
        return None
    if "oneOf" in value or "anyOf" in value:
        return None
    kind = value.get("type")
    if kind not in (None, "object"):
        return None
    if kind is None and "properties" not in value and "allOf" not in value:
        return None
    properties: dict[str, Any] = {}
    required: list[str] = []
    for index, member in enumerate(value.get("allOf") or []):
        part = _object_parts(state, child(at, "allOf", index), member, depth + 1)
        if part is None:
            return None
        properties.update(part[0])
        required += part[1]
    own = value.get("properties")
    if isinstance(own, dict):
        for name, prop in own.items():
            properties[name] = convert_schema(state, prop, child(at, "properties", name))
    if isinstance(value.get("required"), list):
        required += [name for name in value["required"] if isinstance(name, str)]
    return properties, required


def _is_null(value: Any) -> bool:
    return isinstance(value, dict) and (
        value.get("type") == "null" or value.get("type") == ["null"] or value.get("enum") == [None]
    )


def is_binary(schema: Any) -> bool:
    return (
        isinstance(schema, dict)
        and schema.get("type") == "string"
        and schema.get("format") == "binary"
    )
