"""Hold recorded HTTP exchanges against the OpenAPI spec, and report drift a maintainer can act on.

Every problem is a :class:`Drift` naming the operation, the status, the JSON path and the schema rule, e.g.::

    GET /v1/tasks/{task_id} -> 200 response body: $.progress: 150 is greater than the maximum of 100 [maximum: 100]

Responses are also held to the values the spec knows (D10): a string whose schema lists ``examples`` must be one of
them, or the recording is drift ("a value the spec does not know yet"), although the client accepts it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from jsonschema import Draft202012Validator, validators
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

ROOT = Path(__file__).resolve().parent.parent
SPEC_PATH = ROOT / "openapi" / "evolink-images.yaml"
RECORDINGS = Path(__file__).resolve().parent / "recordings"
SPEC_URI = "urn:evolink-images:spec"


@dataclass(frozen=True)
class Drift:
    """One disagreement between the spec and an exchange."""

    where: str
    json_path: str
    message: str
    rule: str

    def __str__(self) -> str:
        return f"{self.where}: {self.json_path}: {self.message} [{self.rule}]"


@dataclass(frozen=True)
class Operation:
    """One operation of the spec: its method, path template and OpenAPI object, with its JSON pointer."""

    method: str
    template: str
    pointer: str
    document: Mapping[str, Any] = field(repr=False)

    @property
    def name(self) -> str:
        return f"{self.method.upper()} {self.template}"


def _known_values(validator: Any, examples: Any, instance: Any, schema: Any) -> Iterator[ValidationError]:
    """The ``examples`` of an open response string list every documented value: another one is drift."""
    if isinstance(instance, str) and isinstance(examples, list) and instance not in examples:
        yield ValidationError(f"{instance!r} is not a value the spec documents yet (one of {examples})")


# Responses: JSON Schema, plus the known values of open strings.
ResponseValidator = validators.extend(Draft202012Validator, {"examples": _known_values})


def _deepest(error: ValidationError) -> ValidationError:
    """For an anyOf/oneOf failure, the branch error that says most: the deepest, preferring one that is no `type`."""
    if error.validator not in {"anyOf", "oneOf"} or not error.context:
        return error
    return _deepest(max(error.context, key=lambda e: (len(e.absolute_path), e.validator != "type")))


def _escape(token: str) -> str:
    return token.replace("~", "~0").replace("/", "~1")


def _unescape(token: str) -> str:
    return token.replace("~1", "/").replace("~0", "~")


def _truncate(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class Spec:
    """An OpenAPI 3.1 document, with the look-ups and checks the contract tests need."""

    def __init__(self, document: Mapping[str, Any]) -> None:
        self.document = document
        resource = Resource(contents=dict(document), specification=DRAFT202012)
        self._registry: Registry[Any] = Registry().with_resource(SPEC_URI, resource)
        self._validators: dict[tuple[str, bool], Draft202012Validator] = {}

    @classmethod
    def load(cls, path: Path = SPEC_PATH) -> Spec:
        """The spec at *path*, parsed by libyaml when PyYAML has it (eight times faster, the same document)."""
        loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
        return cls(yaml.load(path.read_text(encoding="utf-8"), Loader=loader))  # noqa: S506 (a safe loader)

    # ------------------------------------------------------------------ navigation
    def at(self, pointer: str) -> Any:
        """The node at a JSON pointer ("/components/schemas/TaskDetail")."""
        node: Any = self.document
        for token in pointer.split("/")[1:]:
            node = node[int(token)] if isinstance(node, list) else node[_unescape(token)]
        return node

    def follow(self, pointer: str) -> str:
        """Follow ``$ref`` chains from *pointer* to the pointer of the node they name."""
        node = self.at(pointer)
        while isinstance(node, Mapping) and "$ref" in node:
            pointer = node["$ref"].removeprefix("#")
            node = self.at(pointer)
        return pointer

    def resolve(self, node: Mapping[str, Any]) -> Mapping[str, Any]:
        """*node* itself, or the node its ``$ref`` chain names."""
        while "$ref" in node:
            node = self.at(node["$ref"].removeprefix("#"))
        return node

    def operations(self) -> Iterator[Operation]:
        for template, item in self.document.get("paths", {}).items():
            for method, op in item.items():
                if method in {"get", "post", "put", "patch", "delete"}:
                    yield Operation(method, template, f"/paths/{_escape(template)}/{method}", op)

    def find_operation(self, method: str, path: str) -> Operation | None:
        """The operation whose path template matches a concrete *path*."""
        for op in self.operations():
            pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+", re.escape(op.template)) + "$"
            if op.method == method.lower() and re.match(pattern, path):
                return op
        return None

    def response_pointer(self, op: Operation, status: int) -> str | None:
        """The response object documented for *status*: exact code, then its ``NXX`` range, then ``default``."""
        responses = op.document.get("responses", {})
        for key in (str(status), f"{str(status)[0]}XX", "default"):
            if key in responses:
                return self.follow(f"{op.pointer}/responses/{key}")
        return None

    # ------------------------------------------------------------------ validation
    def validate(self, instance: Any, schema_pointer: str, where: str, *, known_values: bool = False) -> list[Drift]:
        """Validate *instance* against the schema at *schema_pointer*, one :class:`Drift` per violation.

        *known_values* (for responses) also reports a string outside its schema's ``examples``.
        """
        schema_pointer = self._by_discriminator(instance, self.follow(schema_pointer))
        validator = self._validators.get((schema_pointer, known_values))
        if validator is None:
            validator_class = ResponseValidator if known_values else Draft202012Validator
            validator = self._validators[schema_pointer, known_values] = validator_class(
                {"$ref": f"{SPEC_URI}#{schema_pointer}"},
                registry=self._registry,
                format_checker=Draft202012Validator.FORMAT_CHECKER,
            )
        return [self._drift(_deepest(error), where) for error in validator.iter_errors(instance)]

    def _by_discriminator(self, instance: Any, pointer: str) -> str:
        """For a ``oneOf`` with a discriminator, the pointer of the branch the instance names.

        Validating against that one branch reports the real violation ("$.size: '7:5' is not one of ...")
        instead of jsonschema's "is not valid under any of the given schemas".
        """
        schema = self.at(pointer)
        discriminator = schema.get("discriminator") if isinstance(schema, Mapping) else None
        if not discriminator or not isinstance(instance, Mapping):
            return pointer
        value = instance.get(discriminator["propertyName"])
        target = discriminator.get("mapping", {}).get(value) if isinstance(value, str) else None
        return self.follow(target.removeprefix("#")) if target else pointer

    @staticmethod
    def _drift(error: ValidationError, where: str) -> Drift:
        rule_value = error.validator_value
        if error.validator in {"oneOf", "anyOf", "allOf", "$ref", "properties"}:
            rule = str(error.validator)
        else:
            rule = f"{error.validator}: {_truncate(json.dumps(rule_value, ensure_ascii=False), 80)}"
        return Drift(where, error.json_path, _truncate(error.message), rule)

    def check_request(self, method: str, path: str, headers: Mapping[str, str], body: Any) -> list[Drift]:
        """Check a request's operation, path parameters, headers and JSON body."""
        op = self.find_operation(method, path)
        if op is None:
            return [Drift(f"{method.upper()} {path}", "$", "no operation of the spec matches", "paths")]
        where = f"{op.name} request"
        drifts = self._check_path_parameters(op, path, where)
        body_spec = op.document.get("requestBody")
        if body_spec is None:
            if body is not None:
                drifts.append(Drift(where, "$", "the operation takes no request body", "requestBody"))
            return drifts
        content_type = _media_type(headers)
        media = f"{self.follow(op.pointer + '/requestBody')}/content/{_escape(content_type)}"
        if content_type not in self.at(self.follow(op.pointer + "/requestBody"))["content"]:
            return [*drifts, Drift(where, "$", f"content type {content_type!r} is not documented", "content")]
        return drifts + self.validate(body, media + "/schema", where + " body")

    def _check_path_parameters(self, op: Operation, path: str, where: str) -> list[Drift]:
        names = re.findall(r"\{([^/]+?)\}", op.template)
        pattern = "^" + re.sub(r"\\\{[^/]+?\\\}", "([^/]+)", re.escape(op.template)) + "$"
        match = re.match(pattern, path)
        values = dict(zip(names, match.groups() if match else (), strict=False))
        drifts: list[Drift] = []
        for index, _ in enumerate(op.document.get("parameters", [])):
            pointer = self.follow(f"{op.pointer}/parameters/{index}")
            parameter = self.at(pointer)
            if parameter["in"] == "path" and parameter["name"] in values:
                drifts += self.validate(
                    values[parameter["name"]], pointer + "/schema", f"{where} path {parameter['name']}"
                )
        return drifts

    def check_response(self, method: str, path: str, status: int, headers: Mapping[str, str], body: Any) -> list[Drift]:
        """Check a response's status, content type, documented headers and JSON body."""
        op = self.find_operation(method, path)
        if op is None:
            return [Drift(f"{method.upper()} {path}", "$", "no operation of the spec matches", "paths")]
        where = f"{op.name} -> {status}"
        pointer = self.response_pointer(op, status)
        if pointer is None:
            return [Drift(where, "$", f"status {status} is not documented for this operation", "responses")]
        response = self.at(pointer)
        drifts: list[Drift] = []
        lowered = {name.lower(): value for name, value in headers.items()}
        for name in response.get("headers", {}):
            if name.lower() in lowered:
                header_pointer = self.follow(f"{pointer}/headers/{_escape(name)}")
                drifts += self.validate(lowered[name.lower()], header_pointer + "/schema", f"{where} header {name}")
        content = response.get("content", {})
        if not content:
            return drifts
        content_type = _media_type(headers)
        if content_type not in content:
            documented = ", ".join(sorted(content))
            return [
                *drifts,
                Drift(where, "$", f"content type {content_type!r} is not one of {documented}", "content"),
            ]
        schema_pointer = f"{pointer}/content/{_escape(content_type)}/schema"
        return drifts + self.validate(body, schema_pointer, where + " response body", known_values=True)

    def check_recording(self, recording: Mapping[str, Any]) -> list[Drift]:
        """Check both halves of a recorded exchange.

        A recording marked ``"request_conforms": false`` holds a request the API rejected; the spec must reject it
        too, so a spec that accepts it is drift. One marked ``"request_retired": "<why>"`` holds a request the API
        took when it was recorded, for a model id the spec no longer takes: the spec must refuse it for its
        ``model`` and for nothing else (its response is still checked).
        """
        request, response = recording["request"], recording["response"]
        request_drifts = self.check_request(
            request["method"], request["path"], request.get("headers", {}), request.get("body")
        )
        if recording.get("request_conforms", True) is False:
            where = f"{request['method'].upper()} {request['path']} request"
            request_drifts = (
                []
                if request_drifts
                else [
                    Drift(
                        where,
                        "$",
                        "the API rejected this request but the spec accepts it",
                        "request_conforms",
                    )
                ]
            )
        if recording.get("request_retired"):
            where = f"{request['method'].upper()} {request['path']} request"
            if not request_drifts:
                request_drifts = [Drift(where, "$", "the spec still takes this retired model", "request_retired")]
            elif all(drift.json_path == "$.model" for drift in request_drifts):
                request_drifts = []
        response_drifts = self.check_response(
            request["method"],
            request["path"],
            response["status"],
            response.get("headers", {}),
            response.get("body"),
        )
        return request_drifts + response_drifts


def _media_type(headers: Mapping[str, str]) -> str:
    lowered = {name.lower(): value for name, value in headers.items()}
    return lowered.get("content-type", "application/json").split(";")[0].strip()


def load_recordings(folder: Path = RECORDINGS) -> dict[str, dict[str, Any]]:
    """Every recorded exchange, by file stem."""
    return {path.stem: json.loads(path.read_text(encoding="utf-8")) for path in sorted(folder.glob("*.json"))}
