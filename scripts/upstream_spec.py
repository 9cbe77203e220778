"""What the spec says about the docs: its models and their pages, and the facts it takes from the pages' prose.

A *fact* is something the spec states that JSON Schema cannot, or that differs from the docs' JSON on purpose:

- every ``x-evolink-rules`` entry (a named rule and its limits);
- every model-level ``x-evolink-*`` extension that states a fact about the API (``x-evolink-images``,
  ``x-evolink-max-seconds``, ``x-evolink-refused-after``, ...: all but the names, classifications and bookkeeping of
  ``NOT_FACTS``);
- every ``x-evolink-upstream`` entry (a deliberate difference: the docs' value and ours).

Each fact may name the passage of the docs it comes from (``passage``, and ``page`` when the passage is on another
page than the model's source): on a rule or an upstream entry as keys, on a model as
``x-evolink-passages: {<extension name without x-evolink->: <passage> or {passage, page}}``. A fact of a shared
component (``CallbackUrl``, ``ImageUrl``) is a fact of every model that uses it, held to each model's own page; where
the pages word it differently, ``passage`` lists the wordings and each page must hold one of them. Which facts must
name one (decision D30 of the spec's header) is ``Fact.needs_passage``. A fact a model's page does not state at all
is recorded instead as a difference: a model-level one in the model's ``x-evolink-upstream`` under its short name
(``images: {docs: null, ours: 4, why}``), a rule in its field's ``x-evolink-upstream`` as ``rule <name>: {docs:
null, ours: <the rule>, why}`` (beside a ``$ref``, for one model of a shared component).

The files service's operations (each with an ``x-evolink-source``, D40) are compared with their pages like a model
with its page; its limits, ``components.x-evolink-files`` (D44), are facts of ``files``: each cites its passage on
every page its ``pages`` names (one fact per page, the page's name as its field), and one no page states records
``x-evolink-upstream: {docs: null, ours, why}`` instead.

A model's billing facts, ``x-evolink-billing`` (D47-D49), are facts one by one: each entry (``unit``, ``settles``,
``reserved-images``, ``per-reference``, ``same-cost``, ``multipliers``, ``moderated-refund``) is ``{value, passage[,
page]}`` or ``{value, x-evolink-upstream: {docs: null, ours, why}}``; each field of ``varies-with`` names its own
passage (the fact ``x-evolink-billing varies-with`` on that field); ``figure-for`` is the reading of the docs' example
(no passage). The error codes' facts (D50-D52: ``x-evolink-task-error-codes`` on ``TaskError``,
``x-evolink-moderation-codes`` on ``ErrorDetail``, ``x-evolink-credit-limits`` on the ``InsufficientQuota``
response) are facts of each code, cited or recorded the same way.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, replace
from typing import Any

UPSTREAM = "x-evolink-upstream"
PASSAGES = "x-evolink-passages"
RULES = "x-evolink-rules"
SOURCE = "x-evolink-source"
PREFIX = "x-evolink-"
FILES = "x-evolink-files"
FILES_MODEL = "files"  # the "model" of the files service's facts in reports and the lock
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
# Model-level extensions that name, classify or keep books, and state no fact about the API.
NOT_FACTS = frozenset(
    PREFIX + name
    for name in ("family", "nickname", "aliases", "modes", "source", "series", "follow-up", "output", "upstream",
                 "passages")
)  # fmt: skip
BILLING = PREFIX + "billing"
# Billing entries that are no fact of the docs' prose: the request values the example's figure was seen with (D47).
BILLING_READINGS = frozenset({"figure-for"})
BILLING_FIELDS = "varies-with"
# The error codes' facts (D50-D52): where each extension lives, and the name its facts are reported under.
CODE_FACTS = (
    (("components", "schemas", "TaskError"), PREFIX + "task-error-codes", "TaskError"),
    (("components", "schemas", "ErrorDetail"), PREFIX + "moderation-codes", "ErrorDetail"),
    (("components", "responses", "InsufficientQuota"), PREFIX + "credit-limits", "InsufficientQuota"),
)
CODE_NOT_VALUE = frozenset({"passage", "page", UPSTREAM})
# Model-level facts the docs give in their response example, not in prose: compared with it, unless they name a
# passage (then the prose is their source).
FROM_EXAMPLES = {
    PREFIX + "typical-seconds": ("task_info", "estimated_time"),
    PREFIX + "credits-per-image": ("usage", "credits_reserved"),
    PREFIX + "credits-per-task": ("usage", "credits_reserved"),
}
RULE_NOT_VALUE = frozenset({"passage", "page"})
ENTRY_NOT_VALUE = frozenset({"why", "passage", "page"})
RULE_RECORD = "rule "  # x-evolink-upstream: {"rule <name>": {docs: null, ours, why}}: a rule its page does not state
SCHEMA_LISTS = ("oneOf", "anyOf", "allOf", "prefixItems")
SCHEMA_ONES = {
    "items": "[]", "additionalProperties": "{}", "not": ".not", "contains": ".contains", "propertyNames": ".keys",
    "if": ".if", "then": ".then", "else": ".else", "unevaluatedItems": ".unevaluatedItems",
    "unevaluatedProperties": ".unevaluatedProperties", "additionalItems": ".additionalItems",
}  # fmt: skip
SCHEMA_MAPS = ("properties", "patternProperties", "dependentSchemas", "$defs", "definitions")


def child(path: str, key: str, name: str | int | None = None) -> str:
    """The display path of a sub-schema: ``image_urls``, ``model_params.mask``, ``image_urls[]``, ``mask.oneOf[1]``."""
    if key == "properties":
        return f"{path}.{name}" if path else str(name)
    if key in SCHEMA_ONES:
        suffix = SCHEMA_ONES[key]
        return f"{path}{suffix}" if path or not suffix.startswith(".") else suffix[1:]
    place = f"{key}[{name}]" if isinstance(name, int) else f"{key}.{name}"
    return f"{path}.{place}" if path else place


def subschemas(schema: Mapping[str, Any], path: str) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Every direct sub-schema of *schema* with its display path."""
    for key in SCHEMA_MAPS:
        for name, sub in (schema.get(key) or {}).items():
            if isinstance(sub, Mapping):
                yield child(path, key, name), sub
    for key in SCHEMA_LISTS:
        for index, sub in enumerate(schema.get(key) or []):
            if isinstance(sub, Mapping):
                yield child(path, key, index), sub
    for key in SCHEMA_ONES:
        if isinstance(schema.get(key), Mapping):
            yield child(path, key), schema[key]


# ---------------------------------------------------------------------------------------------------- models
def inliner(document: Mapping[str, Any]) -> Any:
    """The spec's ``$ref`` inliner: sibling keys win over the target's, as in the catalogue.

    The ``x-evolink-upstream`` records of both are kept, the sibling's winning per keyword.
    """

    def at(ref: str) -> Any:
        node: Any = document
        for token in ref.removeprefix("#/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        return node

    def inline(node: Any) -> Any:
        if isinstance(node, list):
            return [inline(item) for item in node]
        if not isinstance(node, Mapping):
            return node
        if isinstance(node.get("$ref"), str):
            target = inline(at(node["$ref"]))
            siblings = {key: inline(value) for key, value in node.items() if key != "$ref"}
            merged = {**target, **siblings}
            if isinstance(target.get(UPSTREAM), Mapping) and isinstance(siblings.get(UPSTREAM), Mapping):
                merged[UPSTREAM] = {**target[UPSTREAM], **siblings[UPSTREAM]}
            return merged
        return {key: inline(value) for key, value in node.items()}

    return inline


@dataclass(frozen=True)
class Model:
    """One request schema of the spec: its current id first among the ids it takes, and where it comes from."""

    id: str
    name: str
    ids: tuple[str, ...]
    schema: Mapping[str, Any]
    source: str | None
    commit: str | None


def models(spec: Mapping[str, Any]) -> list[Model]:
    """Every request schema of the create body's discriminator mapping, inlined, once each."""
    request = spec["components"]["schemas"]["ImageGenerationRequest"]
    mapping = request["discriminator"]["mapping"]
    inline = inliner(spec)
    by_ref: dict[str, list[str]] = {}
    for model_id, ref in mapping.items():
        by_ref.setdefault(ref, []).append(model_id)
    found: list[Model] = []
    for ref, keys in by_ref.items():
        schema = inline({"$ref": ref})
        model = (schema.get("properties") or {}).get("model") or {}
        declared = [model["const"]] if "const" in model else list(model.get("enum") or [])
        ids = tuple(dict.fromkeys([*declared, *keys]))
        source, _, commit = str(schema.get(SOURCE) or "").partition("@")
        found.append(Model(ids[0], ref.rsplit("/", 1)[1], ids, schema, source.strip() or None, commit.strip() or None))
    return found


def global_upstream(spec: Mapping[str, Any]) -> Mapping[str, Any]:
    """Differences recorded once for every request schema (D5's closed objects), on ``ImageGenerationRequest``."""
    return spec["components"]["schemas"]["ImageGenerationRequest"].get(UPSTREAM) or {}


# ---------------------------------------------------------------------------------------------------- facts
@dataclass(frozen=True)
class Fact:
    """A fact of the spec: where (model, field), what, its value, and the passage it names, if any."""

    model: str
    field: str
    fact: str
    value: Any
    wordings: tuple[str, ...] = ()
    page: str | None = None
    needs_passage: bool = False
    problems: tuple[str, ...] = ()
    unstated: bool = False  # recorded as a fact its page does not state (x-evolink-upstream `rule <name>`)

    @property
    def key(self) -> tuple[str, str, str]:
        """What identifies the fact from one version of the spec to the next."""
        return self.model, self.field, self.fact

    def label(self) -> str:
        """``model.field: fact``, for reports."""
        place = f"{self.model}.{self.field}" if self.field else self.model
        return f"{place}: {self.fact}"

    @property
    def passage(self) -> str | None:
        """The passage the fact cites (its first wording), or None when it cites none or its page does not state it."""
        return None if self.unstated or not self.wordings else self.wordings[0]

    @property
    def shown_passage(self) -> str | list[str] | None:
        """The passage as reports show it: the wording, or the list of wordings one of which the page must hold."""
        if self.unstated or not self.wordings:
            return None
        return self.wordings[0] if len(self.wordings) == 1 else list(self.wordings)

    def found_in(self, text: str | None) -> str | None:
        """The wording of the passage that *text* holds (the first one), else None."""
        if self.passage is None or text is None:
            return None
        return next((wording for wording in self.wordings if wording in text), None)

    def cited(self, text: str | None) -> str | None:
        """The passage as the lock records it: the wording *text* holds, else the first (reported elsewhere)."""
        return self.found_in(text) or self.passage


def _cited(entry: Any) -> tuple[tuple[str, ...], str | None]:
    """A citation's wordings (whitespace collapsed) and page: a passage, a list of wordings, or {passage, page}."""
    page = None
    if isinstance(entry, Mapping):
        entry, page = entry.get("passage"), entry.get("page")
    listed = entry if isinstance(entry, list) else [entry]
    wordings = tuple(dict.fromkeys(" ".join(str(item).split()) for item in listed if item))
    return wordings, (str(page) if page else None)


def _equal(one: Any, other: Any) -> bool:
    return json.dumps(one, sort_keys=True, default=str) == json.dumps(other, sort_keys=True, default=str)


def _upstream_facts(
    model: str, path: str, records: Mapping[str, Any], rules: frozenset[str] = frozenset()
) -> Iterator[Fact]:
    for keyword, entry in records.items():
        if keyword == "fields" and isinstance(entry, Mapping):
            for name, sub in entry.items():
                yield _upstream_fact(model, path, f"x-evolink-upstream fields.{name}", sub)
            continue
        fact = _upstream_fact(model, path, f"x-evolink-upstream {keyword}", entry)
        if str(keyword).startswith(RULE_RECORD) and str(keyword).removeprefix(RULE_RECORD) not in rules:
            fact = replace(fact, problems=(*fact.problems, "names a rule this field does not have"))
        yield fact


def _upstream_fact(model: str, path: str, fact: str, entry: Any) -> Fact:
    if not isinstance(entry, Mapping):
        return Fact(model, path, fact, entry, problems=("is not a mapping {docs, ours, why}",))
    problems = tuple(f"has no `{key}`" for key in ("docs", "ours", "why") if key not in entry)
    wordings, page = _cited(entry)
    value = {key: entry[key] for key in entry if key not in ENTRY_NOT_VALUE}
    needs = "prose" in str(entry.get("why", "")).lower()
    return Fact(model, path, fact, value, wordings, page, needs, problems)


def _rule_fact(model: str, path: str, entry: Mapping[str, Any], records: Mapping[str, Any]) -> Fact:
    """A rule as a fact: it names its passage, unless its field records that its page does not state it."""
    wordings, page = _cited(entry)
    value = {key: entry[key] for key in entry if key not in RULE_NOT_VALUE}
    name = f"rule {entry.get('name')}"
    record = records.get(name)
    if not isinstance(record, Mapping):
        return Fact(model, path, name, value, wordings, page, needs_passage=True)
    problems = () if _equal(record.get("ours"), value) else (f"x-evolink-upstream `{name}` records other `ours`",)
    return Fact(model, path, name, value, wordings, page, problems=problems, unstated=True)


def _node_facts(model: str, path: str, schema: Mapping[str, Any]) -> Iterator[Fact]:
    found = schema.get(UPSTREAM)
    records: Mapping[str, Any] = found if isinstance(found, Mapping) else {}
    names: set[str] = set()
    for rule in schema.get(RULES) or []:
        entry = {"name": rule} if isinstance(rule, str) else dict(rule)
        names.add(str(entry.get("name")))
        yield _rule_fact(model, path, entry, records)
    yield from _upstream_facts(model, path, records, frozenset(names))
    for sub_path, sub in subschemas(schema, path):
        yield from _node_facts(model, sub_path, sub)


def _entry_fact(model: str, field: str, fact: str, entry: Any, not_value: frozenset[str]) -> Fact:
    """One cited entry (``{..., passage[, page]}``) or recorded one (``{..., x-evolink-upstream: {docs, ours, why}}``).

    Its value is the entry without its citation or record (the entry's ``value`` when that is all it holds); a
    record's ``ours`` must be that value, and the fact's value is then the record (``docs`` and ``ours``), as for
    the files service's limits.
    """
    if not isinstance(entry, Mapping):
        return Fact(model, field, fact, entry, needs_passage=True, problems=("is not a mapping",))
    kept = {key: value for key, value in entry.items() if key not in not_value}
    value = kept["value"] if set(kept) == {"value"} else kept
    record = entry.get(UPSTREAM)
    if record is not None:
        found = _upstream_fact(model, field, fact, record)
        if isinstance(record, Mapping) and "ours" in record and not _equal(record["ours"], value):
            found = replace(found, problems=(*found.problems, f"records other `ours` than the value {value!r}"))
        return found
    wordings, page = _cited(entry)
    return Fact(model, field, fact, value, wordings, page, needs_passage=True)


def billing_facts(model: str, raw: Any) -> Iterator[Fact]:
    """A model's ``x-evolink-billing``, fact by fact (D47): each entry, and each field it varies with."""
    if not isinstance(raw, Mapping):
        yield Fact(model, "", BILLING, raw, needs_passage=True, problems=("is not a mapping of billing facts",))
        return
    for key, entry in raw.items():
        fact = f"{BILLING} {key}"
        if key in BILLING_READINGS:
            yield Fact(model, "", fact, entry)
        elif key == BILLING_FIELDS and isinstance(entry, Mapping):
            for field, cited in entry.items():
                wordings, page = _cited(cited)
                yield Fact(model, str(field), fact, True, wordings, page, needs_passage=True)
        else:
            yield _entry_fact(model, "", fact, entry, CODE_NOT_VALUE)


def code_facts(spec: Mapping[str, Any]) -> Iterator[Fact]:
    """The error codes' facts (D50-D52): each code of each extension, cited or recorded."""
    for where, extension, name in CODE_FACTS:
        node: Any = spec
        for key in where:
            node = node.get(key) if isinstance(node, Mapping) else None
        codes = node.get(extension) if isinstance(node, Mapping) else None
        if codes is None:
            continue
        if not isinstance(codes, Mapping):
            yield Fact(name, "", extension, codes, needs_passage=True, problems=("is not a mapping of codes",))
            continue
        for code, entry in codes.items():
            yield _entry_fact(name, str(code), extension, entry, CODE_NOT_VALUE)


def model_facts(model: Model) -> Iterator[Fact]:
    """Every fact the spec states about one model."""
    passages = model.schema.get(PASSAGES) or {}
    recorded = model.schema.get(UPSTREAM) or {}
    for key, value in model.schema.items():
        if key == BILLING:
            yield from billing_facts(model.id, value)
            continue
        if not key.startswith(PREFIX) or key in NOT_FACTS or key == RULES:
            continue
        short = key.removeprefix(PREFIX)
        wordings, page = _cited(passages.get(short))
        # A fact the docs do not state is recorded as a difference (its record says why) instead of citing prose.
        needs = key not in FROM_EXAMPLES and short not in recorded
        yield Fact(model.id, "", key, value, wordings, page, needs_passage=needs)
    yield from _node_facts(model.id, "", model.schema)


def page_field(page: str) -> str:
    """The field a files fact on *page* is reported under: the page's name (``upload-stream``)."""
    return page.rsplit("/", 1)[-1].rsplit(".", 1)[0]


def files_facts(spec: Mapping[str, Any]) -> Iterator[Fact]:
    """The files service's limits (``components.x-evolink-files``): one fact per page that states it."""
    raw = (spec.get("components") or {}).get(FILES)
    if not isinstance(raw, Mapping):
        return
    for key, entry in raw.items():
        if not isinstance(entry, Mapping):
            yield Fact(FILES_MODEL, "", f"{FILES} {key}", entry, problems=("is not a mapping {value, passage, pages}",))
            continue
        value = entry.get("value")
        record = entry.get(UPSTREAM)
        if record is not None:
            fact = _upstream_fact(FILES_MODEL, "", f"{FILES} {key}", record)
            if isinstance(record, Mapping) and "ours" in record and not _equal(record["ours"], value):
                fact = replace(fact, problems=(*fact.problems, f"records other `ours` than the value {value!r}"))
            yield fact
            continue
        wordings, _page = _cited(entry.get("passage"))
        pages = entry.get("pages") or []
        if not pages:
            yield Fact(FILES_MODEL, "", f"{FILES} {key}", value, wordings, needs_passage=True,
                       problems=("names no `pages`",))  # fmt: skip
        for page in pages:
            yield Fact(FILES_MODEL, page_field(str(page)), f"{FILES} {key}", value, wordings, str(page), True)


@dataclass(frozen=True)
class Operation:
    """An operation of the spec that names its docs page (``x-evolink-source``): the files service's (D40)."""

    name: str
    operation_id: str
    source: str | None
    commit: str | None
    servers: tuple[str, ...]
    content_types: tuple[str, ...]
    request: Mapping[str, Any]
    responses: Mapping[str, Any]
    upstream: Mapping[str, Any]


def sourced_operations(spec: Mapping[str, Any]) -> list[Operation]:
    """Every operation with an ``x-evolink-source``, inlined, with the hosts it is served from."""
    inline = inliner(spec)
    root_servers = [str(server.get("url")) for server in spec.get("servers") or []]
    found: list[Operation] = []
    for path, item in (spec.get("paths") or {}).items():
        path_servers = [str(server.get("url")) for server in item.get("servers") or []] or root_servers
        for method in METHODS:
            operation = item.get(method)
            if not isinstance(operation, Mapping) or SOURCE not in operation:
                continue
            servers = [str(server.get("url")) for server in operation.get("servers") or []] or path_servers
            source, _, commit = str(operation[SOURCE]).partition("@")
            content = inline((operation.get("requestBody") or {}).get("content") or {})
            body = next((value for value in content.values() if isinstance(value, Mapping)), {})
            found.append(
                Operation(
                    name=f"{method.upper()} {path}",
                    operation_id=str(operation.get("operationId") or f"{method.upper()} {path}"),
                    source=source.strip() or None,
                    commit=commit.strip() or None,
                    servers=tuple(servers),
                    content_types=tuple(sorted(content)),
                    request=body.get("schema") or {},
                    responses=inline(operation.get("responses") or {}),
                    upstream=operation.get(UPSTREAM) or {},
                )
            )
    return found


def spec_facts(spec: Mapping[str, Any]) -> list[Fact]:
    """Every fact of the spec: each model's, the differences recorded for every model at once, the files service's."""
    facts = list(_upstream_facts("*", "", global_upstream(spec)))
    for model in models(spec):
        facts += model_facts(model)
    facts += files_facts(spec)
    facts += code_facts(spec)
    return facts
