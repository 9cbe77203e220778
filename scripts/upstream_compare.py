"""Compare the spec with docs pages (read from a docs tree, or as the lock recorded them).

What is compared, for every image-generation page and the model(s) it documents:

- the models: ids the spec lacks, models on no page, ``x-evolink-source`` (page and commit);
- the request schema: every JSON Schema keyword on every path (nested objects, ``items``, ``oneOf``/``anyOf``/
  ``allOf`` branches, ``additionalProperties``, ...), except prose and illustrations (``ANNOTATIONS``); fields
  added or removed, ``required``;
- the request examples;
- the responses: statuses, the error codes and types of their examples, the fields and value lists of their
  schemas, and the response example's ``estimated_time`` and ``credits_reserved`` (``x-evolink-typical-seconds``,
  ``x-evolink-credits-per-image``);
- the task-detail page's responses and parameters, and the error codes page's codes;
- every page of the files service and of the account (D40, D47) against the operation whose ``x-evolink-source``
  names it: the operation itself, its hosts (``servers``), the request's content type, schema and examples, and the
  responses as above, with their examples (each must be the spec's response's);
- the error codes page's codes: each is named by ``TaskError`` and has its facts (``x-evolink-task-error-codes``);
- each passage a fact of the spec cites: it must be in its page's text; and each fact that must cite one does.

A difference the spec takes on purpose is recorded where it is, ``x-evolink-upstream: {<keyword>: {docs, ours, why}}``
(for a model: ``required``, ``fields.<name>``, ``examples``, ``typical-seconds``, ``credits-per-image``; for every
request object at once, on ``ImageGenerationRequest``): it is reported again as soon as either the docs' value or
ours is not the one recorded.
"""

from __future__ import annotations

import difflib
import json
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from upstream_pages import CREATE, GET_TASK, OPERATION_KINDS, page_text
from upstream_spec import (
    FROM_EXAMPLES,
    PASSAGES,
    SCHEMA_LISTS,
    SCHEMA_MAPS,
    SCHEMA_ONES,
    UPSTREAM,
    Fact,
    Model,
    Operation,
    child,
    global_upstream,
    inliner,
    models,
    sourced_operations,
    spec_facts,
)

ABSENT = None
TASK_CODES = "x-evolink-task-error-codes"
# Prose and illustrations: compared as the page's text, or as examples, never as keywords.
ANNOTATIONS = frozenset({"description", "title", "summary", "example", "examples", "$comment", "externalDocs"})
UNORDERED = frozenset({"enum", "required", "type"})
VALUES = frozenset({"enum", "const", "default", "example", "examples"})  # data, never a schema to normalise
# The JSON Schema 2020-12 vocabulary and OpenAPI's additions: a recorded difference on one of these is a keyword's,
# visited even when neither side states it (a stale record); other keys of a model's record name its extensions.
VOCABULARY = frozenset({
    "type", "enum", "const", "default", "multipleOf", "maximum", "exclusiveMaximum", "minimum", "exclusiveMinimum",
    "maxLength", "minLength", "pattern", "maxItems", "minItems", "uniqueItems", "maxContains", "minContains",
    "maxProperties", "minProperties", "required", "dependentRequired", "format", "contentEncoding", "contentMediaType",
    "contentSchema", "deprecated", "readOnly", "writeOnly", "nullable", "discriminator", "properties",
    "patternProperties", "additionalProperties", "propertyNames", "items", "prefixItems", "contains",
    "unevaluatedItems", "unevaluatedProperties", "allOf", "anyOf", "oneOf", "not", "if", "then", "else",
    "dependentSchemas",
})  # fmt: skip


@dataclass(frozen=True)
class Finding:
    """One difference: the page it is about, where (model, field), what, our value and theirs."""

    page: str
    model: str
    field: str
    what: str
    ours: Any
    theirs: Any
    note: str = ""

    def render(self, ours: str = "ours", theirs: str = "docs") -> str:
        """``model.field: what: ours X, docs Y (note)``."""
        place = ".".join(part for part in (self.model, self.field) if part) or "(each model)"
        text = f"{place}: {self.what}: {ours} {shown(self.ours)}, {theirs} {shown(self.theirs)}"
        return f"{text} ({self.note})" if self.note else text


def shown(value: Any, limit: int = 400) -> str:
    """A value as a report shows it: JSON, ``none`` when absent, long text cut in the middle."""
    text = "none" if value is ABSENT else json.dumps(value, ensure_ascii=False, sort_keys=True)
    return text if len(text) <= limit else f"{text[: limit // 2]} ... {text[-limit // 2 :]}"


# ---------------------------------------------------------------------------------------------------- values
def data(value: Any) -> Any:
    """A JSON value as compared: numbers by value (``1.0`` is ``1``), nothing else changed."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, Mapping):
        return {key: data(sub) for key, sub in value.items()}
    if isinstance(value, list):
        return [data(item) for item in value]
    return value


def _sorted(items: list[Any], keyword: str) -> list[Any]:
    return sorted(items, key=lambda item: json.dumps(item, sort_keys=True)) if keyword in UNORDERED else items


def normal(value: Any, keyword: str = "") -> Any:
    """A value as compared: annotations and extensions dropped, numbers by value, unordered lists sorted."""
    if keyword in VALUES or not isinstance(value, Mapping | list):
        found = data(value)
        return _sorted(found, keyword) if isinstance(found, list) else found
    if isinstance(value, Mapping):
        return {
            key: normal(sub, key)
            for key, sub in value.items()
            if not str(key).startswith("x-") and key not in ANNOTATIONS
        }
    return _sorted([normal(item) for item in value], keyword)


def same(ours: Any, theirs: Any, keyword: str = "") -> bool:
    """Whether two values say the same (``type: x`` is ``type: [x]``)."""
    if keyword == "type":
        ours = [ours] if isinstance(ours, str) else ours
        theirs = [theirs] if isinstance(theirs, str) else theirs
    return json.dumps(normal(ours, keyword), sort_keys=True) == json.dumps(normal(theirs, keyword), sort_keys=True)


def _as_enum(schema: Mapping[str, Any]) -> Mapping[str, Any]:
    """``const: x`` read as ``enum: [x]``, so that the two spellings of one value compare equal."""
    if "const" in schema and "enum" not in schema:
        return {**{key: value for key, value in schema.items() if key != "const"}, "enum": [schema["const"]]}
    return schema


# ---------------------------------------------------------------------------------------------------- schemas
@dataclass(frozen=True)
class SchemaWalk:
    """How two schemas are compared: which keys are skipped, and whether recorded differences apply."""

    page: str
    model: str
    ignore: frozenset[str] = ANNOTATIONS
    recorded: bool = True
    everywhere: Mapping[str, Any] | None = None

    def keys(self, schema: Mapping[str, Any]) -> set[str]:
        """The keywords of *schema* that are compared."""
        return {key for key in schema if not str(key).startswith("x-") and key not in self.ignore}

    def compare(self, path: str, ours: Any, theirs: Any) -> Iterator[Finding]:
        """Every keyword on which *ours* differs from *theirs*, recursively."""
        if not isinstance(ours, Mapping) or not isinstance(theirs, Mapping):
            if not same(ours, theirs):
                yield Finding(self.page, self.model, path, "schema", ours, theirs)
            return
        ours, theirs = _as_enum(ours), _as_enum(theirs)
        records = (ours.get(UPSTREAM) or {}) if self.recorded else {}
        keywords = self.keys(ours) | self.keys(theirs) | (set(records) & VOCABULARY)
        if self.recorded and self.everywhere and ("properties" in ours or "properties" in theirs):
            keywords |= set(self.everywhere)
        for keyword in sorted(keywords):
            mine, docs = ours.get(keyword, ABSENT), theirs.get(keyword, ABSENT)
            if keyword == "properties":
                yield from self.properties(path, ours, theirs, records)
            elif keyword == "required":
                yield from self.value(path, keyword, sorted(mine or []), sorted(docs or []), records.get(keyword))
            elif keyword in SCHEMA_MAPS and isinstance(mine, Mapping) and isinstance(docs, Mapping):
                for name in sorted(set(mine) | set(docs)):
                    yield from self.compare(child(path, keyword, name), mine.get(name, {}), docs.get(name, {}))
            elif keyword in SCHEMA_LISTS and isinstance(mine, list) and isinstance(docs, list):
                yield from self.branches(path, keyword, mine, docs)
            elif keyword in SCHEMA_ONES and isinstance(mine, Mapping) and isinstance(docs, Mapping):
                yield from self.compare(child(path, keyword), mine, docs)
            else:
                entry = records.get(keyword)
                if (
                    entry is None
                    and self.recorded
                    and self.everywhere
                    and ("properties" in ours or "properties" in theirs)
                ):
                    entry = self.everywhere.get(keyword)
                yield from self.value(path, keyword, mine, docs, entry)

    def branches(self, path: str, keyword: str, mine: list[Any], docs: list[Any]) -> Iterator[Finding]:
        """``oneOf``/``anyOf``/``allOf`` branches, one by one; a branch one side lacks is reported."""
        for index in range(max(len(mine), len(docs))):
            where = child(path, keyword, index)
            if index >= len(docs):
                yield Finding(self.page, self.model, where, "branch the docs do not have", normal(mine[index]), ABSENT)
            elif index >= len(mine):
                yield Finding(
                    self.page, self.model, where, "branch the spec does not have", ABSENT, normal(docs[index])
                )
            else:
                yield from self.compare(where, mine[index], docs[index])

    def value(self, path: str, keyword: str, mine: Any, docs: Any, entry: Any) -> Iterator[Finding]:
        """One keyword's values, held to the difference recorded for it, if any."""
        if not isinstance(entry, Mapping):
            if not same(mine, docs, keyword):
                yield Finding(self.page, self.model, path, keyword, normal(mine, keyword), normal(docs, keyword))
            return
        agreed_docs, agreed_ours = entry.get("docs", ABSENT), entry.get("ours", ABSENT)
        if "ours" not in entry:
            note = "its x-evolink-upstream entry has no `ours`: record our value too"
            yield Finding(self.page, self.model, path, keyword, normal(mine, keyword), normal(docs, keyword), note)
        elif not same(agreed_ours, mine, keyword):
            note = f"x-evolink-upstream records ours {shown(normal(agreed_ours, keyword))}: the spec changed it"
            yield Finding(self.page, self.model, path, keyword, normal(mine, keyword), normal(docs, keyword), note)
        if not same(agreed_docs, docs, keyword):
            note = f"x-evolink-upstream records docs {shown(normal(agreed_docs, keyword))}: the docs changed it"
            yield Finding(self.page, self.model, path, keyword, normal(mine, keyword), normal(docs, keyword), note)
        elif same(mine, docs, keyword) and "ours" in entry:
            note = "x-evolink-upstream records a difference there is not"
            yield Finding(self.page, self.model, path, keyword, normal(mine, keyword), normal(docs, keyword), note)

    def properties(
        self, path: str, ours: Mapping[str, Any], theirs: Mapping[str, Any], records: Mapping[str, Any]
    ) -> Iterator[Finding]:
        """Fields added or removed (held to ``x-evolink-upstream.fields``), and each common field."""
        mine, docs = ours.get("properties") or {}, theirs.get("properties") or {}
        recorded_fields = records.get("fields") or {}
        for name in sorted(set(mine) | set(docs)):
            where = child(path, "properties", name)
            if name in mine and name in docs:
                yield from self.compare(where, mine[name], docs[name])
                continue
            present = {True: "present", False: "absent"}
            entry = recorded_fields.get(name)
            if isinstance(entry, Mapping):
                yield from self.value(where, "field", present[name in mine], present[name in docs], entry)
            else:
                what = "field the docs do not have" if name in mine else "field the spec does not have"
                yield Finding(self.page, self.model, where, what, name in mine, name in docs)


# ---------------------------------------------------------------------------------------------------- responses
def _branches(schema: Any) -> Iterator[Mapping[str, Any]]:
    if isinstance(schema, Mapping):
        yield schema
        for key in SCHEMA_LISTS:
            for sub in schema.get(key) or []:
                yield from _branches(sub)


def _types(schema: Any) -> set[str]:
    found: set[str] = set()
    for branch in _branches(schema):
        kind = branch.get("type")
        found.update([kind] if isinstance(kind, str) else kind or [])
    return found


def covers(page: str, model: str, path: str, ours: Any, theirs: Any) -> Iterator[Finding]:
    """A response schema of the spec takes everything the docs' one describes: fields, types and value lists.

    Response schemas are open on purpose (D5, D10): fields may be null and value lists are ``examples``, so only
    what the docs add can break a client, and that is what is reported.
    """
    if not isinstance(theirs, Mapping):
        return
    branches = list(_branches(ours))
    kinds = _types(ours)
    for kind in [theirs["type"]] if isinstance(theirs.get("type"), str) else theirs.get("type") or []:
        if kinds and kind not in kinds and not (kind == "integer" and "number" in kinds):
            yield Finding(page, model, path, "type the spec does not take", sorted(kinds), kind)
    values = [value for branch in branches for key in ("enum", "examples") for value in branch.get(key) or []]
    values += [branch["const"] for branch in branches if "const" in branch]
    for key in ("enum", "const"):
        listed = theirs.get(key) if key == "enum" else [theirs[key]] if key in theirs else []
        unknown = [value for value in listed or [] if value not in values]
        if unknown:
            yield Finding(page, model, path, "values the spec does not list", values, unknown)
    fields: dict[str, Any] = {}
    for branch in branches:
        for name, sub in (branch.get("properties") or {}).items():
            fields.setdefault(name, sub)
    for name, sub in (theirs.get("properties") or {}).items():
        where = f"{path}.{name}"
        if name not in fields:
            yield Finding(page, model, where, "field the spec does not have", ABSENT, normal(sub))
        else:
            yield from covers(page, model, where, fields[name], sub)
    if isinstance(theirs.get("items"), Mapping):
        items: Any = next((branch["items"] for branch in branches if isinstance(branch.get("items"), Mapping)), {})
        yield from covers(page, model, f"{path}[]", items, theirs["items"])


def _error_examples(answer: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    bodies = [answer.get("example")] + [entry.get("value", entry) for entry in (answer.get("examples") or {}).values()]
    for body in bodies:
        if isinstance(body, Mapping) and isinstance(body.get("error"), Mapping):
            yield body["error"]


def _spec_answer(responses: Mapping[str, Any], status: str) -> Mapping[str, Any] | None:
    if status in responses:
        return dict(responses[status])
    ranged = f"{status[:1]}XX"
    return responses.get(ranged) or responses.get(ranged.lower()) or responses.get("default")


def operations(spec: Mapping[str, Any]) -> dict[tuple[str, str], Mapping[str, Any]]:
    """The create and task operations' responses and parameters, inlined once."""
    inline = inliner(spec)
    found: dict[tuple[str, str], Mapping[str, Any]] = {}
    for where in (CREATE, GET_TASK):
        operation = spec["paths"][where[0]][where[1]]
        found[where] = inline({key: operation.get(key) or {} for key in ("responses", "parameters")})
    return found


def compare_responses(
    spec: Mapping[str, Any], page: str, record: Mapping[str, Any], model: str, ops: Mapping[tuple[str, str], Any]
) -> Iterator[Finding]:
    """The page's responses against the spec's operation: statuses, error codes and types, schemas."""
    operation = ops[CREATE if record.get("kind") == "image" else GET_TASK]
    responses = operation.get("responses") or {}
    error_types = spec["components"]["schemas"]["ErrorDetail"]["properties"]["type"].get("examples") or []
    for status, answer in sorted((record.get("responses") or {}).items()):
        mine = _spec_answer(responses, status)
        if mine is None:
            yield Finding(page, model, f"responses.{status}", "status the spec does not have", ABSENT, status)
            continue
        words = mine.get("description") or ""
        for error in _error_examples(answer):
            code, kind = error.get("code"), error.get("type")
            if code is not None and not re.search(rf"(?<![\w-]){re.escape(str(code))}(?![\w-])", words):
                note = "the spec's response for this status does not name it"
                yield Finding(page, model, f"responses.{status}", "error code", ABSENT, code, note)
            if kind is not None and kind not in error_types:
                yield Finding(
                    page, model, f"responses.{status}", "error type the spec does not list", error_types, kind
                )
        schema = ((mine.get("content") or {}).get("application/json") or {}).get("schema")
        if schema is not None:
            yield from covers(page, model, f"responses.{status}", schema, answer.get("schema"))
    if record.get("kind") == "task":
        parameters = {(item.get("name"), item.get("in")): item for item in operation.get("parameters") or []}
        for item in record.get("parameters") or []:
            key = (item.get("name"), item.get("in"))
            if key not in parameters:
                yield Finding(page, model, f"parameters.{key[0]}", "parameter the spec does not have", ABSENT, key[1])
            elif bool(parameters[key].get("required")) != bool(item.get("required")):
                required = bool(parameters[key].get("required")), bool(item.get("required"))
                yield Finding(page, model, f"parameters.{key[0]}", "required", *required)


def compare_error_codes(spec: Mapping[str, Any], page: str, record: Mapping[str, Any]) -> Iterator[Finding]:
    """Every task error code the page lists is one the spec's ``TaskError`` names, and states the facts of (D50)."""
    task_error = spec["components"]["schemas"]["TaskError"]
    words = task_error.get("description") or ""
    facts = task_error.get(TASK_CODES) or {}
    for code in record.get("error_codes") or []:
        if not re.search(rf"(?<![\w-]){re.escape(code)}(?![\w-])", words):
            yield Finding(page, "TaskError", "code", "error code the spec does not name", ABSENT, code)
        if code not in facts:
            yield Finding(page, "TaskError", code, f"error code without {TASK_CODES}", ABSENT, code)


# ---------------------------------------------------------------------------------------------------- models
def _as_request(value: Any, model_id: str) -> str:
    """An example as the request the client sends: ``model`` is the schema's current id."""
    request = {**value, "model": model_id} if isinstance(value, Mapping) else value
    return json.dumps(data(request), sort_keys=True, ensure_ascii=False)


def _requests(values: Iterable[Any], model_id: str) -> list[str]:
    return sorted({_as_request(value, model_id) for value in values})


def compare_examples(page: str, model: Model, record: Mapping[str, Any], primary: bool) -> Iterator[Finding]:
    """The page's request examples against the schema's ``examples``, each read as a request for this model.

    A page's examples illustrate every id it documents (one page may document two ids that take the same fields),
    and an example naming a former id is the request the client sends with the current one: both sides are compared
    with ``model`` set to the schema's current id. A schema holds exactly its own page's examples; a page of one of
    its former ids only needs its examples among them.
    """
    page_ids = set(record.get("models") or [])
    given = [
        value
        for value in (record.get("examples") or {}).values()
        if not isinstance(value, Mapping) or value.get("model", model.id) in page_ids
    ]
    docs, ours = _requests(given, model.id), _requests(model.schema.get("examples") or [], model.id)
    entry = (model.schema.get(UPSTREAM) or {}).get("examples") if primary else None
    if isinstance(entry, Mapping):
        recorded_docs, recorded_ours = (
            _requests(entry.get("docs") or [], model.id),
            _requests(entry.get("ours") or [], model.id),
        )
        if "ours" not in entry or recorded_ours != ours:
            note = "x-evolink-upstream records other examples as ours"
            yield Finding(page, model.id, "", "examples", _loads(ours), _loads(recorded_ours), note)
        if recorded_docs != docs:
            note = "x-evolink-upstream records other examples as the docs'"
            yield Finding(page, model.id, "", "examples", _loads(recorded_docs), _loads(docs), note)
        return
    for extra in sorted(set(ours) - set(docs)) if primary else []:
        yield Finding(page, model.id, "", "example the docs do not give", json.loads(extra), ABSENT)
    for missing in sorted(set(docs) - set(ours)):
        yield Finding(page, model.id, "", "example the spec does not have", ABSENT, json.loads(missing))


def _loads(values: list[str]) -> list[Any]:
    return [json.loads(value) for value in values]


def _dig(node: Any, *keys: str) -> Any:
    for key in keys:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node


def compare_example_facts(page: str, model: Model, record: Mapping[str, Any]) -> Iterator[Finding]:
    """``x-evolink-typical-seconds`` and ``x-evolink-credits-per-image`` against the page's response example."""
    schema = _dig(record, "responses", "200", "schema")
    records = model.schema.get(UPSTREAM) or {}
    cited = model.schema.get(PASSAGES) or {}
    compared: set[tuple[str, str]] = set()
    for extension, (part, name) in FROM_EXAMPLES.items():
        short = extension.removeprefix("x-evolink-")
        if (part, name) in compared or short in cited or (extension not in model.schema and _alternative(model, part)):
            continue  # from a passage of prose, or another extension states it (credits per task or per image)
        compared.add((part, name))
        docs = _dig(schema, "properties", part, "properties", name, "example")
        walk = SchemaWalk(page, model.id)
        yield from walk.value("", extension, model.schema.get(extension), docs, records.get(short))


def compare_model_records(page: str, model: Model) -> Iterator[Finding]:
    """A model-level fact recorded as a difference (``x-evolink-upstream: {images: {docs, ours, why}}``) still holds."""
    for key, entry in (model.schema.get(UPSTREAM) or {}).items():
        extension = f"x-evolink-{key}"
        if key in VOCABULARY or key in {"fields", "examples"} or extension in FROM_EXAMPLES:
            continue  # keywords, fields and examples are compared with the page; these two with its example
        value = model.schema.get(extension)
        if not isinstance(entry, Mapping) or "ours" not in entry:
            yield Finding(page, model.id, "", extension, value, ABSENT, "its x-evolink-upstream entry has no `ours`")
        elif not same(entry["ours"], value):
            note = f"x-evolink-upstream records ours {shown(entry['ours'])}: the spec changed it"
            yield Finding(page, model.id, "", extension, value, entry.get("docs"), note)


def _alternative(model: Model, part: str) -> bool:
    return any(key in model.schema for key, (where, _name) in FROM_EXAMPLES.items() if where == part)


def compare_request(
    page: str,
    model: Model,
    record: Mapping[str, Any],
    everywhere: Mapping[str, Any],
    *,
    others: set[str],
    primary: bool,
) -> Iterator[Finding]:
    """A model's request schema against a page's, keyword by keyword; ``model`` compared as the ids it takes."""
    ours = dict(model.schema)
    theirs = dict(record.get("request") or {})
    mine_properties = dict(ours.get("properties") or {})
    docs_properties = dict(theirs.get("properties") or {})
    mine_model = mine_properties.pop("model", {})
    docs_model = docs_properties.pop("model", {})
    ours["properties"], theirs["properties"] = mine_properties, docs_properties
    walk = SchemaWalk(page, model.id, everywhere=everywhere)
    yield from walk.compare("", ours, theirs)
    if primary:
        yield from compare_model_ids(walk, model, mine_model, docs_model, record=record, others=others)


def compare_model_ids(
    walk: SchemaWalk,
    model: Model,
    mine: Mapping[str, Any],
    docs: Mapping[str, Any],
    *,
    record: Mapping[str, Any],
    others: set[str],
) -> Iterator[Finding]:
    """The ``model`` field of a model's own page: its type, and the ids it takes, held to its records.

    Ours are the ids the schema takes (its ``model`` enum and its discriminator keys: a former id the API still
    maps, D14), the page's the ids it documents for this schema. A former id the prose names is recorded on the
    field, ``x-evolink-upstream: {enum: {docs, ours, why, passage}}``: reported when either list moves, and (as
    every record) when its passage leaves the page.
    """
    docs_ids = [value for value in (record.get("models") or []) if value not in others]
    mine_ids: dict[str, Any] = {"type": mine.get("type"), "enum": list(model.ids)}
    if UPSTREAM in mine:
        mine_ids[UPSTREAM] = mine[UPSTREAM]
    yield from walk.compare("model", mine_ids, {"type": docs.get("type"), "enum": docs_ids})


def compare_models(spec: Mapping[str, Any], pages: Mapping[str, Mapping[str, Any]]) -> Iterator[Finding]:
    """Every image page against the models it documents, and every model against its page."""
    known = models(spec)
    ops = operations(spec)
    everywhere = global_upstream(spec)
    by_id = {model_id: model for model in known for model_id in model.ids}
    image_pages = {path: record for path, record in pages.items() if record.get("kind") == "image"}
    page_of = {model_id: path for path, record in image_pages.items() for model_id in record.get("models") or []}
    for path, record in sorted(image_pages.items()):
        paired: dict[str, Model] = {}
        for model_id in record.get("models") or []:
            if model_id not in by_id:
                yield Finding(path, model_id, "", "model the spec does not have", ABSENT, path)
            else:
                paired.setdefault(by_id[model_id].name, by_id[model_id])
        for model in paired.values():
            primary = model.source == path
            others = {value for other in paired.values() if other is not model for value in other.ids}
            yield from compare_request(path, model, record, everywhere, others=others, primary=primary)
            yield from compare_examples(path, model, record, primary)
            if primary:
                yield from compare_example_facts(path, model, record)
                yield from compare_model_records(path, model)
        first = next(iter(paired.values())).id if paired else (record.get("models") or ["?"])[0]
        yield from compare_responses(spec, path, record, first, ops)
    for model in known:
        if model.source is None or model.source not in pages:
            moved = next((page_of[model_id] for model_id in model.ids if model_id in page_of), None)
            what = "x-evolink-source: the page moved" if moved else "x-evolink-source: a page the docs do not have"
            yield Finding(model.source or "", model.id, "", what, model.source, moved)
            continue
        commit = str(pages[model.source].get("commit") or "unknown")
        if commit != "unknown" and not (model.commit and len(model.commit) >= 7 and commit.startswith(model.commit)):
            yield Finding(model.source, model.id, "", "x-evolink-source commit", model.commit, commit[:8])


# ---------------------------------------------------------------------------------------------------- files
def _examples(values: Iterable[Any]) -> list[str]:
    return sorted({json.dumps(data(value), sort_keys=True, ensure_ascii=False) for value in values})


def compare_operation_examples(page: str, operation: Operation, given: Mapping[str, Any]) -> Iterator[Finding]:
    """A page's request examples against the request schema's ``examples``, held to the operation's record."""
    label = operation.operation_id
    docs, ours = _examples(given.values()), _examples(operation.request.get("examples") or [])
    entry = operation.upstream.get("examples")
    if isinstance(entry, Mapping):
        recorded_docs, recorded_ours = _examples(entry.get("docs") or []), _examples(entry.get("ours") or [])
        if "ours" not in entry or recorded_ours != ours:
            note = "x-evolink-upstream records other examples as ours"
            yield Finding(page, label, "", "examples", _loads(ours), _loads(recorded_ours), note)
        if recorded_docs != docs:
            note = "x-evolink-upstream records other examples as the docs'"
            yield Finding(page, label, "", "examples", _loads(recorded_docs), _loads(docs), note)
        return
    for extra in sorted(set(ours) - set(docs)):
        yield Finding(page, label, "", "example the docs do not give", json.loads(extra), ABSENT)
    for missing in sorted(set(docs) - set(ours)):
        yield Finding(page, label, "", "example the spec does not have", ABSENT, json.loads(missing))


def _answer_examples(answer: Mapping[str, Any]) -> list[str]:
    """The examples of a response (its ``example`` and each of its ``examples``), as compared."""
    values = [answer["example"]] if "example" in answer else []
    entries = (answer.get("examples") or {}).values()
    values += [entry.get("value", entry) for entry in entries if isinstance(entry, Mapping)]
    return _examples(values)


def compare_operation_responses(
    page: str, operation: Operation, given: Mapping[str, Any], error_types: Iterable[Any] = ()
) -> Iterator[Finding]:
    """The page's responses against the operation's: every status it documents, what each schema holds, its examples.

    An error example's code must be named in the spec's response (its description) and its type listed by
    ``ErrorDetail`` (*error_types*), as for the create and task pages; every example of the page must be one of the
    spec's response, and the spec's response gives no example the page does not.
    """
    label = operation.operation_id
    for status, answer in sorted(given.items()):
        mine = _spec_answer(operation.responses, status)
        where = f"responses.{status}"
        if mine is None:
            yield Finding(page, label, where, "status the spec does not have", ABSENT, status)
            continue
        content = (mine.get("content") or {}).get("application/json") or {}
        for error in _error_examples(answer):
            code, kind = error.get("code"), error.get("type")
            words = str(mine.get("description") or "")
            if code is not None and not re.search(rf"(?<![\w-]){re.escape(str(code))}(?![\w-])", words):
                yield Finding(page, label, where, "error code", ABSENT, code, "the spec's response does not name it")
            if kind is not None and kind not in error_types:
                yield Finding(page, label, where, "error type the spec does not list", list(error_types), kind)
        docs, ours = _answer_examples(answer), _answer_examples(content)
        for missing in sorted(set(docs) - set(ours)):
            yield Finding(page, label, where, "response example the spec does not have", ABSENT, json.loads(missing))
        for extra in sorted(set(ours) - set(docs)):
            yield Finding(page, label, where, "response example the docs do not give", json.loads(extra), ABSENT)
        if content.get("schema") is not None:
            yield from covers(page, label, where, content["schema"], answer.get("schema"))


def compare_operation(
    page: str, record: Mapping[str, Any], operation: Operation, given: Any, error_types: Iterable[Any] = ()
) -> Iterator[Finding]:
    """One operation of an operation page against the spec's: hosts, source commit, body, examples, responses."""
    label = operation.operation_id
    if sorted(operation.servers) != sorted(record.get("servers") or []):
        yield Finding(page, label, "", "servers", sorted(operation.servers), sorted(record.get("servers") or []))
    commit = str(record.get("commit") or "unknown")
    if commit != "unknown" and not (
        operation.commit and len(operation.commit) >= 7 and commit.startswith(operation.commit)
    ):
        yield Finding(page, label, "", "x-evolink-source commit", operation.commit, commit[:8])
    if list(operation.content_types) != list(given.get("content_types") or []):
        types = list(given.get("content_types") or [])
        yield Finding(page, label, "requestBody", "content type", list(operation.content_types), types)
    yield from SchemaWalk(page, label).compare("", operation.request, given.get("request") or {})
    yield from compare_operation_examples(page, operation, given.get("examples") or {})
    yield from compare_operation_responses(page, operation, given.get("responses") or {}, error_types)


def compare_files(spec: Mapping[str, Any], pages: Mapping[str, Mapping[str, Any]]) -> Iterator[Finding]:
    """Every operation page (the files service's, the account's) against the spec's operations.

    And every operation with a source against its page.
    """
    known = {operation.name: operation for operation in sourced_operations(spec)}
    file_pages = {path: record for path, record in pages.items() if record.get("kind") in OPERATION_KINDS}
    error_types = spec["components"]["schemas"]["ErrorDetail"]["properties"]["type"].get("examples") or []
    page_of = {name: path for path, record in file_pages.items() for name in record.get("operations") or {}}
    for path, record in sorted(file_pages.items()):
        for name, given in sorted((record.get("operations") or {}).items()):
            operation = known.get(name)
            if operation is None:
                label = str(given.get("operation_id") or name)
                yield Finding(path, label, "", "operation the spec does not have", ABSENT, name)
            elif operation.source == path:
                yield from compare_operation(path, record, operation, given, error_types)
    for operation in known.values():
        if operation.source is None or operation.source not in pages:
            moved = page_of.get(operation.name)
            what = "x-evolink-source: the page moved" if moved else "x-evolink-source: a page the docs do not have"
            yield Finding(operation.source or "", operation.operation_id, "", what, operation.source, moved)
        elif operation.name not in (pages[operation.source].get("operations") or {}):
            where = page_of.get(operation.name)
            note = f"the docs document it on {where}" if where else "no page documents it"
            what = "x-evolink-source: a page without this operation"
            yield Finding(operation.source, operation.operation_id, "", what, operation.name, ABSENT, note)


# ---------------------------------------------------------------------------------------------------- passages
def nearest(passage: str, text: str) -> str | None:
    """The run of sentences of *text* most like *passage* (None when nothing is close)."""
    sentences = [part for part in re.split(r"(?<=[.!?:])\s+|\s+-\s+", text) if part]
    size = max(1, len(re.split(r"(?<=[.!?:])\s+|\s+-\s+", passage)))
    best, score = None, 0.6
    for start in range(len(sentences)):
        candidate = " ".join(sentences[start : start + size])
        ratio = difflib.SequenceMatcher(None, passage, candidate, autojunk=False).ratio()
        if ratio > score:
            best, score = candidate, ratio
    return best


def fact_page(fact: Fact, sources: Mapping[str, str | None], pages: Mapping[str, Any]) -> str | None:
    """The page a fact's passage is on: its ``page``, else its model's source page."""
    page = fact.page or sources.get(fact.model)
    if page and page.endswith(".mdx") and page.removesuffix(".mdx") + ".json" in pages:
        return page.removesuffix(".mdx") + ".json"
    return page


def unstated_passage(fact: Fact, page: str, text: str | None) -> Iterator[Finding]:
    """A fact recorded as one its page does not state: reported once the page holds one of its wordings."""
    stated = next((wording for wording in fact.wordings if wording in (text or "")), None)
    if stated is not None:
        note = "x-evolink-upstream records that its page does not state it: cite the passage instead"
        yield Finding(page, fact.model, fact.field, f"{fact.fact}: passage now on the page", ABSENT, stated, note)


def unused_wordings(found: Mapping[tuple[str, tuple[str, ...]], set[str | None]]) -> Iterator[Finding]:
    """Each wording of a passage that no page of the facts citing it holds (*found*: the wordings each page held)."""
    for (what, wordings), held in found.items():
        for wording in wordings:
            if wording not in held:
                note = "a wording that no page of the models citing it holds: drop it"
                yield Finding("", "", "", f"{what}: passage", wording, ABSENT, note)


def fact_passage(fact: Fact, page: str, text: str | None) -> Iterator[Finding]:
    """One fact's citation on its page (*text*: the page's text, None when the page was not read)."""
    for problem in fact.problems:
        yield Finding(page, fact.model, fact.field, fact.fact, fact.value, ABSENT, f"the record {problem}")
    if fact.unstated:
        yield from unstated_passage(fact, page, text)
    elif not fact.passage:
        if fact.needs_passage:
            note = "name the passage of the docs it comes from (D30)"
            yield Finding(page, fact.model, fact.field, f"{fact.fact}: no passage", fact.value, ABSENT, note)
    elif text is None:
        yield Finding(
            page, fact.model, fact.field, f"{fact.fact}: passage on a page not read", fact.shown_passage, ABSENT
        )
    elif fact.found_in(text) is None:
        note = f"facts that depend on it: {fact.label()} = {shown(fact.value, 160)}"
        what = f"{fact.fact}: passage not in the page's text"
        near = next((found for wording in fact.wordings if (found := nearest(wording, text))), None)
        yield Finding(page, fact.model, fact.field, what, fact.shown_passage, near, note)


def compare_passages(
    facts: Iterable[Fact], sources: Mapping[str, str | None], pages: Mapping[str, Any]
) -> Iterator[Finding]:
    """Each fact's passage is in its page's text; each fact that needs a passage names one; records are whole.

    A passage given as several wordings (a shared component's, worded differently by the pages of the models that
    use it) needs one of them on each page, and each wording on some page. A fact recorded as one its page does not
    state (``rule <name>: {docs: null, ...}``) is reported as soon as the page holds one of its wordings.
    """
    texts = {path: page_text(page) for path, page in pages.items()}
    wordings_found: dict[tuple[str, tuple[str, ...]], set[str | None]] = {}
    for fact in facts:
        page = fact_page(fact, sources, pages) or ""
        yield from fact_passage(fact, page, texts.get(page))
        if len(fact.wordings) > 1 and fact.passage is not None:
            wordings_found.setdefault((fact.fact, fact.wordings), set()).add(fact.found_in(texts.get(page)))
    yield from unused_wordings(wordings_found)


# ---------------------------------------------------------------------------------------------------- all
def compare_spec(spec: Mapping[str, Any], pages: Mapping[str, Mapping[str, Any]]) -> list[Finding]:
    """Everything on which the spec and these pages disagree, recorded differences aside."""
    findings = list(compare_models(spec, pages))
    findings += compare_files(spec, pages)
    for path, record in sorted(pages.items()):
        if record.get("kind") == "task":
            findings += compare_responses(spec, path, record, "task", operations(spec))
        elif record.get("error_codes"):
            findings += compare_error_codes(spec, path, record)
    sources = {model.id: model.source for model in models(spec)}
    findings += compare_passages(spec_facts(spec), sources, pages)
    return findings
