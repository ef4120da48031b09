"""Reading YAML API definitions safely, as plain JSON data, with the position of every value.

PyYAML's C parser (libyaml) builds the node tree; the values are built here from the nodes
instead of by PyYAML's constructor, which gives four things the constructor does not:

- only JSON data: mappings, sequences, strings, numbers, booleans and null. Any other tag
  (``!!python/object``, ``!!binary``, ``!!timestamp``, an application's ``!Ref``) is refused
  with its line and column, so nothing in a file can make the reader build objects;
- the YAML 1.2 core schema (what OpenAPI recommends) instead of YAML 1.1's: ``yes``, ``no``,
  ``on``, ``off`` stay strings, ``010`` is ten, ``1:20`` is not a number and dates stay strings;
- keys as written: ``200:`` in ``responses`` is the key "200", not the integer 200;
- a position for every JSON pointer (a member's key, an array item's value), read from the
  node marks, for ``Document.position``.

Merge keys (``<<``) and anchors are followed; a duplicate key is an error, as YAML 1.2 says.
Aliases are expanded into copies, so the number of values built is capped: a small file cannot
expand into millions of values ("billion laughs").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from .diagnostics import Diagnostic, InputError
from .document import MarkIndex, escape_token
from .jsonio import (
    MAX_NESTING,
    decode_text,
    refuse_binary_or_wide,
    source_excerpt,
)

# Values one definition may expand to. The largest definition Power Platform takes (1 MB)
# holds well under 200,000 values; the cap only stops alias bombs.
MAX_VALUES = 2_000_000

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_MERGE = "tag:yaml.org,2002:merge"

# The YAML 1.2.2 core schema (section 10.3.2), plus the merge key.
_CORE_SCHEMA: list[tuple[str, re.Pattern[str], str]] = [
    (_NULL, re.compile(r"^(?:~|null|Null|NULL|)$"), "~nN"),
    (_BOOL, re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (_INT, re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"), "-+0123456789"),
    (
        _FLOAT,
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        "-+.0123456789",
    ),
    (_MERGE, re.compile(r"^<<$"), "<"),
]


@dataclass
class LoadedYaml:
    value: Any
    text: str
    positions: MarkIndex
    warnings: list[Diagnostic] = field(default_factory=list)


def _loader_class() -> type:
    import yaml

    base: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when it is built in

    class CoreLoader(base):  # type: ignore[misc]
        yaml_implicit_resolvers: dict[str, list[tuple[str, re.Pattern[str]]]] = {}

    for tag, pattern, first in _CORE_SCHEMA:
        CoreLoader.add_implicit_resolver(tag, pattern, list(first))
    return CoreLoader


_LOADER: type | None = None


def parse_yaml(data: bytes, name: str, label: str = "file") -> LoadedYaml:
    """Parse bytes as one YAML document of JSON data; errors point at line and column."""
    global _LOADER
    import yaml

    if not data.strip():
        raise InputError(f"{label} {name} is empty; it should hold a YAML or JSON object.")
    refuse_binary_or_wide(data, name, label, "YAML")
    warnings: list[Diagnostic] = []
    text = decode_text(data, name, warnings)
    if _LOADER is None:
        _LOADER = _loader_class()
    loader = _LOADER(text)
    try:
        node = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        raise _yaml_error(label, name, text, exc) from None
    except yaml.YAMLError as exc:  # a reader error (a character YAML forbids)
        raise _reader_error(label, name, text, exc) from None
    finally:
        loader.dispose()
    if node is None:
        raise InputError(f"{label} {name} holds no YAML document (only comments or markers).")
    builder = _Builder(name, label, text)
    value = builder.build(node, "", 1)
    return LoadedYaml(value, text, MarkIndex(builder.marks), warnings)


class _Builder:
    """Values from nodes, recording where each pointer starts."""

    def __init__(self, name: str, label: str, text: str) -> None:
        self.name, self.label, self.text = name, label, text
        self.marks: dict[str, tuple[int, int]] = {}
        self.count = 0

    def build(self, node: Any, pointer: str, depth: int) -> Any:
        import yaml

        self.count += 1
        if self.count > MAX_VALUES:
            raise self.error(
                node,
                f"expands to more than {MAX_VALUES:,} values (through aliases), which "
                "connectorgen does not read",
                "too many values",
            )
        self.marks.setdefault(pointer, _mark(node))
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if depth > MAX_NESTING:
            raise self.error(
                node,
                f"nests mappings or sequences more than {MAX_NESTING} levels deep (or an alias "
                "refers to itself), which connectorgen does not read",
                f"nested more than {MAX_NESTING} levels deep",
            )
        if isinstance(node, yaml.SequenceNode):
            self.require_tag(node, _SEQ)
            return [
                self.build(item, f"{pointer}/{index}", depth + 1)
                for index, item in enumerate(node.value)
            ]
        self.require_tag(node, _MAP)
        return self.mapping(node, pointer, depth)

    def mapping(self, node: Any, pointer: str, depth: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, key_node, value_node in self.pairs(node, 0):
            child = f"{pointer}/{escape_token(key)}"
            self.marks[child] = _mark(key_node)
            out[key] = self.build(value_node, child, depth + 1)
        return out

    def pairs(self, node: Any, merges: int) -> list[tuple[str, Any, Any]]:
        """A mapping's members with its merge keys (<<) applied, in document order.

        Keys written in the mapping win over merged ones, and of several merged mappings the
        earlier wins (the merge key's specification, yaml.org/type/merge.html).
        """
        explicit: dict[str, Any] = {}
        for key_node, _ in node.value:
            if key_node.tag == _MERGE:
                continue
            key = self.key(key_node)
            if key in explicit:
                first = explicit[key].start_mark.line + 1
                raise self.error(
                    key_node,
                    f"has the key '{key}' twice in one mapping (first on line {first}); "
                    "YAML keys must be unique",
                    f"duplicate key '{key}'",
                )
            explicit[key] = key_node
        out: list[tuple[str, Any, Any]] = []
        seen: set[str] = set()
        for key_node, value_node in node.value:
            if key_node.tag != _MERGE:
                key = self.key(key_node)
                out.append((key, key_node, value_node))
                seen.add(key)
                continue
            if merges > MAX_NESTING:
                raise self.error(key_node, "has merge keys that refer to themselves", "merge loop")
            for source in self.merged(value_node):
                for key, merged_key, merged_value in self.pairs(source, merges + 1):
                    if key not in explicit and key not in seen:
                        out.append((key, merged_key, merged_value))
                        seen.add(key)
        return out

    def merged(self, node: Any) -> list[Any]:
        """The mappings a merge key names: one mapping, or a sequence of them."""
        import yaml

        sources = node.value if isinstance(node, yaml.SequenceNode) else [node]
        for source in sources:
            if not isinstance(source, yaml.MappingNode):
                raise self.error(
                    source,
                    "has a merge key (<<) whose value is not a mapping or a list of mappings",
                    "a merge key needs mappings",
                )
        return list(sources)

    def key(self, node: Any) -> str:
        import yaml

        if not isinstance(node, yaml.ScalarNode):
            raise self.error(
                node,
                "has a key that is a mapping or a sequence, which JSON cannot hold",
                "complex key",
            )
        self.scalar(node)  # refuses a tag JSON cannot hold
        return str(node.value)  # as written: "200" stays "200", "true" stays "true"

    def scalar(self, node: Any) -> Any:
        tag, text = node.tag, node.value
        if tag == _STR:
            return text
        if tag == _NULL:
            return None
        if tag == _BOOL:
            return text.lower() == "true"
        if tag == _INT:
            return _integer(text)
        if tag == _FLOAT:
            number = float(text.replace("_", ""))
            if number != number or number in (float("inf"), float("-inf")):
                raise self.error(
                    node, f"has the number {text}, which JSON cannot hold", "not a JSON number"
                )
            return number
        self.require_tag(node, _STR)
        return text

    def require_tag(self, node: Any, expected: str) -> None:
        if node.tag == expected:
            return
        raise self.error(
            node,
            f"uses the tag {_short(node.tag)}, which connectorgen refuses: an API definition "
            "holds plain data (strings, numbers, booleans, null, mappings and lists), no custom "
            "or language-specific tags",
            f"tag {_short(node.tag)} refused",
        )

    def error(self, node: Any, message: str, short: str) -> InputError:
        line, column = _mark(node)
        return InputError(
            f"{self.label} {self.name} {message}: line {line}, column {column}.",
            [Diagnostic("error", "yaml-syntax", short, file=self.name, line=line, column=column)],
            detail=source_excerpt(self.text, line, column),
        )


def _integer(text: str) -> int:
    if text.startswith("0o"):
        return int(text[2:], 8)
    if text.startswith("0x"):
        return int(text[2:], 16)
    return int(text)


def _short(tag: str) -> str:
    return tag.replace("tag:yaml.org,2002:", "!!")


def _mark(node: Any) -> tuple[int, int]:
    return node.start_mark.line + 1, node.start_mark.column + 1


def _yaml_error(label: str, name: str, text: str, exc: Any) -> InputError:
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "unreadable YAML"
    where = ""
    diag = Diagnostic("error", "yaml-syntax", f"not valid YAML: {problem}.", file=name)
    detail = ""
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
        where = f" at line {line}, column {column}"
        diag = Diagnostic(
            "error", "yaml-syntax", f"not valid YAML: {problem}.", name, None, line, column
        )
        detail = source_excerpt(text, line, column)
        if exc.context and exc.context_mark is not None and exc.problem_mark is not None:
            problem = f"{problem} ({exc.context} on line {exc.context_mark.line + 1})"
    return InputError(f"{label} {name} is not valid YAML: {problem}{where}.", [diag], detail)


def _reader_error(label: str, name: str, text: str, exc: Any) -> InputError:
    position = getattr(exc, "position", None)
    reason = getattr(exc, "reason", None) or str(exc)
    if isinstance(position, int) and 0 <= position <= len(text):
        line = text.count("\n", 0, position) + 1
        column = position - text.rfind("\n", 0, position)
        return InputError(
            f"{label} {name} is not valid YAML: {reason} at line {line}, column {column}.",
            [Diagnostic("error", "yaml-syntax", f"not valid YAML: {reason}.", name, None, line)],
            detail=source_excerpt(text, line, column),
        )
    return InputError(f"{label} {name} is not valid YAML: {reason}.")
