"""Round-trip fidelity of an OpenAPI 3 -> Swagger 2.0 converter, measured on real connectors.

1. Each Swagger 2.0 file goes to OpenAPI 3.0 through swagger2openapi (npm), the reference
   converter (options: patch small errors, keep going on warnings, keep the siblings of $ref
   as OpenAPI 3.1 allows, keep body parameter names in x-codegen-request-body-name).
2. The converter under test turns it back into Swagger 2.0.
3. ``compare`` counts the items a connector depends on and which of them came back the same.

The npm packages are installed with npm into a cache folder (``npm_tools``); this module is
used by tests/test_convert_roundtrip.py and benchmarks/convert.py, never by connectorgen.

What is compared, each counted as one item (docs/convert.md lists them):
- host, basePath and schemes (one item each);
- per operation: the operation itself (operationId, summary, description, tags, deprecated,
  security), each parameter by (in, name), the body, each response by status code, the
  effective consumes and produces, each x-ms-* extension of the operation;
- each security definition, and the top-level security requirement;
- each top-level x-ms-* extension.

Schemas are compared after following $ref (so that names do not matter: swagger2openapi
renames definitions whose names hold spaces), with the same normalisation on both sides for
what means the same in Swagger 2.0: ``collectionFormat: csv`` and none, ``required: false``
and none, an empty description and none, a basePath with and without its trailing slash.
Nothing else is normalised. consumes count for operations that send a body or a form, produces
for operations with a response schema: elsewhere they describe nothing (and OpenAPI 3 has no
place for them).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

SWAGGER2OPENAPI = "swagger2openapi@7.0.8"
API_SPEC_CONVERTER = "api-spec-converter@2.12.0"
METHODS = ("get", "put", "post", "delete", "options", "head", "patch")

S2O_SCRIPT = r"""
// node s2o.js IN_DIR OUT_DIR: every *.json in IN_DIR, Swagger 2.0 -> OpenAPI 3.0.
const fs = require('fs'), path = require('path');
const s2o = require('swagger2openapi');
const [inDir, outDir] = process.argv.slice(2);
(async () => {
  for (const name of fs.readdirSync(inDir).filter(n => n.endsWith('.json')).sort()) {
    const doc = JSON.parse(fs.readFileSync(path.join(inDir, name), 'utf8'));
    try {
      const result = await s2o.convertObj(doc, {patch: true, warnOnly: true, anchors: true,
        refSiblings: 'preserve', rbname: 'x-codegen-request-body-name'});
      fs.writeFileSync(path.join(outDir, name), JSON.stringify(result.openapi, null, 2));
    } catch (e) { console.error(name + ': ' + e.message); }
  }
})();
"""


def cache_folder() -> Path:
    base = os.environ.get("CONNECTORGEN_NPM_CACHE")
    if base:
        return Path(base)
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "connectorgen-npm"


def npm_tools(packages: tuple[str, ...] = (SWAGGER2OPENAPI,)) -> Path | None:
    """A folder with the npm packages installed (node_modules inside), or None when node or
    npm is missing or the install fails (no registry, say)."""
    if not shutil.which("node") or not shutil.which("npm"):
        return None
    folder = cache_folder()
    names = [p.rsplit("@", 1)[0] for p in packages]
    if all((folder / "node_modules" / n / "package.json").is_file() for n in names):
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    if not (folder / "package.json").exists():
        (folder / "package.json").write_text('{"private": true}\n', encoding="utf-8")
    try:
        done = subprocess.run(
            ["npm", "install", "--no-audit", "--no-fund", "--loglevel=error", *packages],
            cwd=folder,
            capture_output=True,
            text=True,
            timeout=300,
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    ok = done.returncode == 0 and all(
        (folder / "node_modules" / n / "package.json").is_file() for n in names
    )
    return folder if ok else None


def to_openapi3(tools: Path, swagger_dir: Path, out_dir: Path) -> None:
    """swagger2openapi over every *.json of swagger_dir, into out_dir (same names)."""
    script = tools / "s2o-batch.js"
    script.write_text(S2O_SCRIPT, encoding="utf-8")
    out_dir.mkdir(parents=True, exist_ok=True)
    subprocess.run(
        ["node", str(script), str(swagger_dir), str(out_dir)],
        cwd=tools,
        check=True,
        capture_output=True,
        timeout=600,
    )


# ---------------------------------------------------------------- comparison


@dataclass
class Fidelity:
    """Items compared and kept, by kind, and the items that differ (for the report)."""

    total: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)
    lost: list[str] = field(default_factory=list)

    def add(self, kind: str, label: str, same: bool) -> None:
        self.total[kind] = self.total.get(kind, 0) + 1
        if same:
            self.kept[kind] = self.kept.get(kind, 0) + 1
        else:
            self.lost.append(f"{kind} {label}")

    @property
    def identical(self) -> bool:
        return not self.lost

    def merge(self, other: Fidelity) -> None:
        for kind, count in other.total.items():
            self.total[kind] = self.total.get(kind, 0) + count
            self.kept[kind] = self.kept.get(kind, 0) + other.kept.get(kind, 0)
        self.lost += other.lost

    @property
    def ratio(self) -> float:
        total = sum(self.total.values())
        return sum(self.kept.values()) / total if total else 1.0


def compare(original: dict[str, Any], converted: dict[str, Any]) -> Fidelity:
    result = Fidelity()
    a, b = _Doc(original), _Doc(converted)
    result.add("host", "", a.doc.get("host") == b.doc.get("host"))
    result.add("basePath", "", _base_path(a.doc) == _base_path(b.doc))
    result.add("schemes", "", a.doc.get("schemes", []) == b.doc.get("schemes", []))
    ops_b = dict(b.operations())
    for key, op in a.operations():
        other = ops_b.get(key)
        label = " ".join(key)
        result.add("operation", label, other is not None and a.op_head(op) == b.op_head(other))
        if other is None:
            other = {}
        params_b = {(p.get("in"), p.get("name")): p for p in b.parameters(key, other)}
        for param in a.parameters(key, op):
            where = param.get("in")
            kind = "body" if where == "body" else "parameter"
            same = a.param(param) == b.param(params_b.get((where, param.get("name")), {}))
            if where == "body":  # the body's name is not part of what a client sends
                mine = {k: v for k, v in a.param(param).items() if k != "name"}
                bodies = [p for p in params_b.values() if p.get("in") == "body"]
                theirs = (
                    {k: v for k, v in b.param(bodies[0]).items() if k != "name"} if bodies else {}
                )
                same = mine == theirs
            result.add(kind, f"{label} {where}:{param.get('name')}", same)
        responses_b = other.get("responses", {}) if isinstance(other, dict) else {}
        for code, response in (op.get("responses") or {}).items():
            same = a.response(response) == b.response(responses_b.get(code, {}))
            result.add("response", f"{label} {code}", same)
        for media in ("consumes", "produces"):
            if a.needs_media(key, op, media):
                result.add(media, label, a.media(op, media) == b.media(other, media))
        for ext in sorted(k for k in op if k.startswith("x-ms-")):
            result.add("x-ms", f"{label} {ext}", a.deref(op[ext]) == b.deref(other.get(ext)))
    schemes_b = sorted(_canon(s) for s in (b.doc.get("securityDefinitions") or {}).values())
    for name, scheme in (a.doc.get("securityDefinitions") or {}).items():
        result.add("security", name, _canon(scheme) in schemes_b)
    if "security" in a.doc:
        result.add("security", "requirement", a.requirement(a.doc) == b.requirement(b.doc))
    for ext in sorted(k for k in a.doc if k.startswith("x-ms-")):
        result.add("x-ms", ext, a.deref(a.doc[ext]) == b.deref(b.doc.get(ext)))
    return result


def _base_path(doc: dict[str, Any]) -> str:
    return str(doc.get("basePath") or "/").rstrip("/") or "/"


def _canon(value: Any) -> str:
    return json.dumps(value, sort_keys=True)


class _Doc:
    def __init__(self, doc: dict[str, Any]) -> None:
        self.doc = doc

    def operations(self) -> Iterator[tuple[tuple[str, str], dict[str, Any]]]:
        for root in ("paths", "x-ms-paths"):
            for path, item in (self.doc.get(root) or {}).items():
                if not isinstance(item, dict):
                    continue
                for method in METHODS:
                    if isinstance(item.get(method), dict):
                        yield (path, method), item[method]

    def path_item(self, key: tuple[str, str]) -> dict[str, Any]:
        for root in ("paths", "x-ms-paths"):
            item = (self.doc.get(root) or {}).get(key[0])
            if isinstance(item, dict):
                return item
        return {}

    def parameters(self, key: tuple[str, str], op: dict[str, Any]) -> list[dict[str, Any]]:
        """The operation's parameters, path-level ones included, references followed."""
        found: dict[tuple[Any, Any], dict[str, Any]] = {}
        for param in (self.path_item(key).get("parameters") or []) + (op.get("parameters") or []):
            param = self.resolve(param)
            if isinstance(param, dict):
                found[(param.get("in"), param.get("name"))] = param
        return list(found.values())

    def op_head(self, op: dict[str, Any]) -> Any:
        head = {k: op.get(k) for k in ("operationId", "summary", "description", "tags")}
        head["deprecated"] = op.get("deprecated", False)
        head["security"] = self.requirement(op)
        return head

    def requirement(self, node: dict[str, Any]) -> Any:
        """Security requirements by the schemes' content (swagger2openapi renames schemes)."""
        if "security" not in node:
            return None
        defs = self.doc.get("securityDefinitions") or {}
        return sorted(
            _canon(sorted((_canon(defs.get(name)), scopes) for name, scopes in req.items()))
            for req in node["security"]
            if isinstance(req, dict)
        )

    def param(self, param: dict[str, Any]) -> Any:
        out = {k: self.deref(v) for k, v in param.items()}
        if out.get("description") == "":
            del out["description"]
        if out.get("collectionFormat") == "csv":
            del out["collectionFormat"]
        if out.get("required") is False:
            del out["required"]
        return out

    def response(self, response: Any) -> Any:
        response = self.resolve(response)
        if not isinstance(response, dict):
            return None
        return {k: self.deref(v) for k, v in response.items() if k != "examples"} | {
            "examples": response.get("examples", {})
        }

    def needs_media(self, key: tuple[str, str], op: dict[str, Any], media: str) -> bool:
        """Media types matter where there is content: consumes for an operation that sends a
        body or a form, produces for one with a response schema."""
        if not (op.get(media) or self.doc.get(media)):
            return False
        if media == "consumes":
            return any(p.get("in") in ("body", "formData") for p in self.parameters(key, op))
        return any(
            isinstance(r, dict) and "schema" in r
            for r in map(self.resolve, (op.get("responses") or {}).values())
        )

    def media(self, op: dict[str, Any], media: str) -> Any:
        return op.get(media, self.doc.get(media))

    def resolve(self, value: Any) -> Any:
        for _ in range(8):
            if not (isinstance(value, dict) and isinstance(value.get("$ref"), str)):
                break
            target = self.lookup(value["$ref"])
            if target is None:
                break
            value = target
        return value

    def lookup(self, ref: str) -> Any:
        if not ref.startswith("#/"):
            return None
        node: Any = self.doc
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if isinstance(node, dict) and part in node:
                node = node[part]
            else:
                return None
        return node

    def deref(self, value: Any, seen: tuple[str, ...] = ()) -> Any:
        """The value with every local $ref replaced by its target (loops cut)."""
        if isinstance(value, dict):
            ref = value.get("$ref")
            if isinstance(ref, str):
                if ref in seen or len(seen) > 20:
                    return {"$ref": "(recursive)"}
                target = self.lookup(ref)
                if target is not None:
                    rest = {k: self.deref(v, seen) for k, v in value.items() if k != "$ref"}
                    resolved = self.deref(target, (*seen, ref))
                    return {**resolved, **rest} if isinstance(resolved, dict) else resolved
            return {k: self.deref(v, seen) for k, v in value.items()}
        if isinstance(value, list):
            return [self.deref(v, seen) for v in value]
        return value
