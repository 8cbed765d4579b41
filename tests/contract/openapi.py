"""Validate simulator responses against the vendors' own OpenAPI descriptions.

Specs are read from ``$TENDARR_SPECS_DIR`` (default ``../shared/specs`` beside the
project). When they are absent, tests that need them skip and say so; ``.ci/run``
requires them.
"""

from __future__ import annotations

import json
import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

PROJECT_ROOT = Path(__file__).resolve().parents[2]
SPECS_ENV = "TENDARR_SPECS_DIR"
_METHODS = ("get", "put", "post", "delete", "patch", "head", "options")


def specs_dir() -> Path:
    """Return the specs folder, or skip the calling test with the reason."""
    folder = Path(os.environ.get(SPECS_ENV) or PROJECT_ROOT.parent / "shared" / "specs")
    if not folder.is_dir():
        pytest.skip(
            f"vendor specs not found at {folder} (set {SPECS_ENV}); contract tests need them"
        )
    return folder


def _nullable_to_31(node: Any) -> Any:
    """Rewrite OpenAPI 3.0 ``nullable: true`` into JSON Schema's ``null`` type."""
    if isinstance(node, list):
        return [_nullable_to_31(n) for n in node]
    if not isinstance(node, dict):
        return node
    out = {k: _nullable_to_31(v) for k, v in node.items()}
    if out.pop("nullable", False) is True:
        if "$ref" in out:
            ref = out.pop("$ref")
            return {"anyOf": [{"$ref": ref}, {"type": "null"}], **out}
        kind = out.get("type")
        if isinstance(kind, str):
            out["type"] = [kind, "null"]
        elif kind is not None or any(k in out for k in ("anyOf", "oneOf", "allOf")):
            out = {"anyOf": [out, {"type": "null"}]}
        # else: a schema with no type and no combinator already admits null
        if "enum" in out:
            out["enum"] = [*out["enum"], None]
    return out


@dataclass(frozen=True)
class Operation:
    """One method + path template of a spec."""

    method: str
    template: str
    spec: dict[str, Any]


class OpenApiSpec:
    """A loaded vendor description that can check responses."""

    def __init__(self, document: dict[str, Any], base_path: str = "") -> None:
        self.document = _nullable_to_31(document)
        self.base_path = base_path.rstrip("/")
        self._registry: Registry[Any] = Registry().with_resource(
            "urn:spec", DRAFT202012.create_resource(self.document)
        )
        self._templates = [
            (re.compile("^" + re.sub(r"\\\{[^}]+\\\}", "[^/]+", re.escape(path)) + "$"), path)
            for path in self.document.get("paths", {})
        ]
        # Literal paths win over templated ones (/movie/lookup before /movie/{id}).
        self._templates.sort(key=lambda t: t[1].count("{"))

    def operations(self) -> set[tuple[str, str]]:
        """Return every (METHOD, template) the spec declares."""
        return {
            (method.upper(), path)
            for path, item in self.document.get("paths", {}).items()
            for method in item
            if method in _METHODS
        }

    def operation(self, method: str, path: str) -> Operation | None:
        """Return the operation a concrete request path hits, or None."""
        local = path[len(self.base_path) :] if path.startswith(self.base_path) else path
        for regex, template in self._templates:
            if regex.match(local):
                item = self.document["paths"][template]
                if method.lower() in item:
                    return Operation(method.upper(), template, item[method.lower()])
        return None

    def response_schema(self, op: Operation, status: int) -> dict[str, Any] | None:
        """Return the JSON schema declared for ``status`` (or default), if any."""
        responses = op.spec.get("responses", {})
        declared = (
            responses.get(str(status))
            or responses.get(f"{str(status)[0]}XX")
            or responses.get("default")
        )
        if declared is None:
            return None
        declared = self._deref(declared)
        for media, content in (declared.get("content") or {}).items():
            if "json" in media or media == "*/*":
                schema = content.get("schema")
                return dict(schema) if schema is not None else None
        return None

    def status_declared(self, op: Operation, status: int) -> bool:
        """Return whether the spec lists ``status`` (or a default) for the operation."""
        responses = op.spec.get("responses", {})
        return any(k in responses for k in (str(status), f"{str(status)[0]}XX", "default"))

    def errors(self, method: str, path: str, status: int, body: Any) -> list[str]:
        """Return what is wrong with a response; empty when it conforms."""
        op = self.operation(method, path)
        if op is None:
            return [f"{method} {path} is not an operation of the spec"]
        if not self.status_declared(op, status):
            return [f"{method} {op.template}: status {status} is not declared"]
        schema = self.response_schema(op, status)
        if schema is None:
            return []
        validator = Draft202012Validator(self._rooted(schema), registry=self._registry)
        return [
            f"{method} {op.template} {'/'.join(map(str, e.absolute_path))}: {e.message}"
            for e in validator.iter_errors(body)
        ][:20]

    def _rooted(self, schema: dict[str, Any]) -> dict[str, Any]:
        rooted: dict[str, Any] = json.loads(json.dumps(schema).replace('"#/', '"urn:spec#/'))
        return rooted

    def _deref(self, node: dict[str, Any]) -> dict[str, Any]:
        while "$ref" in node:
            target: Any = self.document
            for part in node["$ref"].removeprefix("#/").split("/"):
                target = target[part.replace("~1", "/").replace("~0", "~")]
            node = target
        return node


@cache
def load_spec(relative: str, base_path: str = "") -> OpenApiSpec:
    """Load a spec below the specs folder (JSON or YAML), cached per process."""
    path = specs_dir() / relative
    text = path.read_text()
    document = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    return OpenApiSpec(document, base_path)
