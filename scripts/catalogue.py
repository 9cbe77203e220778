"""Compile the spec's model knowledge into the wrapper's catalogue module and the README's model table.

Every model is a request schema in the create body's discriminator mapping. From each, this takes the standard JSON
Schema of every field (``$ref``s inlined, only the keywords a validator needs) and the ``x-evolink-*`` extensions
(openapi/README.md lists them), and writes them as plain data: ``wrapper/evolink_images/_catalogue.py``. The wrapper
turns that data into its presets; nothing hand-written knows a model.

Used by ``scripts/generate.py`` (``make generate`` writes, ``make check-generated`` compares).
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "CatalogueError",
    "compile_billing",
    "compile_catalogue",
    "compile_error_codes",
    "compile_files",
    "images_per_request",
    "readme_table",
    "render_module",
    "replace_readme_section",
]

# The keywords a validator of request bodies needs; everything else (descriptions, examples, titles, other
# extensions) stays in the spec.
VALIDATION_KEYWORDS = (
    "type", "const", "enum", "default", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum", "multipleOf",
    "minLength", "maxLength", "pattern", "format", "minItems", "maxItems", "uniqueItems", "items", "properties",
    "required", "additionalProperties", "anyOf", "oneOf", "allOf",
)  # fmt: skip
RULES_KEY = "x-evolink-rules"
# A rule's keys that are not limits for its check: its name and check, and where the docs state it (for upstream-diff).
RULE_KEYS_NOT_LIMITS = frozenset({"name", "check", "passage", "page"})
HINT_KEY = "x-evolink-hint"
MODEL_EXTENSIONS = {
    "x-evolink-family": "family",
    "x-evolink-nickname": "nickname",
    "x-evolink-aliases": "aliases",
    "x-evolink-modes": "modes",
    "x-evolink-source": "source",
    "x-evolink-typical-seconds": "typical_seconds",
    "x-evolink-credits-per-image": "credits_per_image",
    "x-evolink-output": "output",
    "x-evolink-series": "series",
    "x-evolink-follow-up": "follow_up",
    "x-evolink-max-seconds": "max_seconds",
    "x-evolink-refused-after": "refused_after",
    "x-evolink-credits-per-task": "credits_per_task",
    "x-evolink-result-lifetime": "result_lifetime",
    "x-evolink-refunds": "refunds",
    "x-evolink-result-follow-ups": "result_follow_ups",
}
IMAGES_KEY = "x-evolink-images"
BILLING_KEY = "x-evolink-billing"
# The entries of x-evolink-billing (D47-D49) and the Billing field each becomes; `same-cost` and `multipliers` become
# `by`, the figures of other values of a field, from the docs' figure (compile_billing).
BILLING_ENTRIES = {
    "unit": "unit",
    "settles": "settles",
    "reserved-images": "reserved_images",
    "per-reference": "per_reference",
    "moderated-refund": "moderated_refund",
}
BILLING_SHAPES = frozenset({*BILLING_ENTRIES, "same-cost", "multipliers", "varies-with", "figure-for"})
BILLING_VALUES = {
    "unit": {"image", "task"},
    "settles": {"usage"},
    "moderated-refund": {"full", "none"},
}
README_START = "<!-- models:start (generated from the spec by `make generate`; do not edit) -->"
README_END = "<!-- models:end -->"
_SENTENCE_END = re.compile(r"(?<!e\.g)(?<!i\.e)(?<!\bvs)\.(\s|$)")


class CatalogueError(Exception):
    """The spec cannot be compiled: a model's schema breaks a convention the catalogue relies on."""


def _at(document: Mapping[str, Any], ref: str) -> Any:
    node: Any = document
    for token in ref.removeprefix("#/").split("/"):
        node = node[token.replace("~1", "/").replace("~0", "~")]
    return node


def _inline(document: Mapping[str, Any], node: Any) -> Any:
    """*node* with every ``$ref`` replaced by what it names (sibling keywords win over the target's)."""
    if isinstance(node, list):
        return [_inline(document, item) for item in node]
    if not isinstance(node, Mapping):
        return node
    if "$ref" in node:
        target = _inline(document, _at(document, node["$ref"]))
        siblings = {key: _inline(document, value) for key, value in node.items() if key != "$ref"}
        return {**target, **siblings}
    return {key: _inline(document, value) for key, value in node.items()}


def _rules(raw: Any, where: str) -> list[dict[str, Any]]:
    """``x-evolink-rules`` normalised: each a ``{"name", "check", "params"}`` mapping."""
    if not isinstance(raw, list):
        raise CatalogueError(f"{where}: {RULES_KEY} must be a list")
    rules = []
    for item in raw:
        entry = {"name": item} if isinstance(item, str) else item
        if not isinstance(entry, Mapping) or not isinstance(entry.get("name"), str):
            raise CatalogueError(f"{where}: each rule is a name or a mapping with a name, not {entry!r}")
        params = {key: value for key, value in entry.items() if key not in RULE_KEYS_NOT_LIMITS}
        rules.append({"name": entry["name"], "check": str(entry.get("check", entry["name"])), "params": params})
    return rules


def _validation_schema(schema: Any, where: str) -> Any:
    """The validation keywords of an inlined schema, recursively, with the rules and hints normalised."""
    if not isinstance(schema, Mapping):
        return schema
    kept: dict[str, Any] = {}
    for key in VALIDATION_KEYWORDS:
        if key not in schema:
            continue
        value = schema[key]
        if key == "items" or (key == "additionalProperties" and isinstance(value, Mapping)):
            value = _validation_schema(value, f"{where}[]")
        elif key == "properties":
            value = {name: _validation_schema(sub, f"{where}.{name}") for name, sub in value.items()}
        elif key in {"anyOf", "oneOf", "allOf"}:
            value = [_validation_schema(sub, where) for sub in value]
        kept[key] = value
    if RULES_KEY in schema:
        kept[RULES_KEY] = _rules(schema[RULES_KEY], where)
    if HINT_KEY in schema:
        kept[HINT_KEY] = str(schema[HINT_KEY])
    return kept


def _has_field(schema: Mapping[str, Any], dotted: str) -> bool:
    node: Any = schema
    for name in dotted.split("."):
        node = (node.get("properties") or {}).get(name) if isinstance(node, Mapping) else None
    return isinstance(node, Mapping)


def _images(raw: Any, schema: Mapping[str, Any], where: str) -> tuple[int, list[dict[str, Any]]]:
    """``x-evolink-images``: a count, or ``{default, when: [{field, equals, images}]}`` (a value that changes it)."""
    if isinstance(raw, int) and not isinstance(raw, bool) and raw >= 1:
        return raw, []
    if not isinstance(raw, Mapping) or set(raw) - {"default", "when"} or not isinstance(raw.get("default"), int):
        raise CatalogueError(f"{where}: {IMAGES_KEY} is a count, or {{default: <count>, when: [...]}}, not {raw!r}")
    whens = []
    for when in raw.get("when") or []:
        if not isinstance(when, Mapping) or set(when) != {"field", "equals", "images"}:
            raise CatalogueError(f"{where}: each {IMAGES_KEY} `when` is {{field, equals, images}}, not {when!r}")
        if not _has_field(schema, str(when["field"])) or not isinstance(when["images"], int):
            raise CatalogueError(f"{where}: {IMAGES_KEY} names {when['field']!r}, not a field of the model")
        whens.append({"field": str(when["field"]), "equals": when["equals"], "images": when["images"]})
    return raw["default"], whens


def _billing_value(entry: Any, where: str) -> Any:
    """The value of one billing entry: ``{value, passage[, page]}`` or ``{value, x-evolink-upstream}``."""
    if not isinstance(entry, Mapping) or "value" not in entry:
        raise CatalogueError(f"{where}: a {BILLING_KEY} entry is {{value, passage}} (or a recorded difference)")
    return entry["value"]


def _same(one: Any, other: Any) -> bool:
    """Whether two request values are the same (strings case-insensitively, as the API spells tiers either way)."""
    if isinstance(one, str) and isinstance(other, str):
        return one.casefold() == other.casefold()
    return bool(one == other)


def _by(
    raw: Mapping[str, Any], credits: float | None, figure_for: Mapping[str, Any], where: str
) -> dict[str, dict[str, float]]:
    """The figures other values of a field give, from the docs' figure and what the docs say of the values.

    ``same-cost: {field: [values]}``: a group of values that cost the same, which priced with the figure when the
    figure's own value is in it; ``multipliers: {field: {value: factor}}``: each value's factor, relative to the
    figure's value's. No figure, no figures.
    """
    by: dict[str, dict[str, float]] = {}
    if credits is None:
        return by
    groups = _billing_value(raw["same-cost"], f"{where} same-cost") if "same-cost" in raw else {}
    for field, values in groups.items():
        seen = figure_for.get(field)
        if any(_same(seen, value) for value in values):
            by.setdefault(field, {}).update({str(value): credits for value in values})
    factors = _billing_value(raw["multipliers"], f"{where} multipliers") if "multipliers" in raw else {}
    for field, table in factors.items():
        base = next((factor for value, factor in table.items() if _same(figure_for.get(field), value)), None)
        if base is None:
            raise CatalogueError(f"{where}: multipliers of {field} lack the figure's value {figure_for.get(field)!r}")
        figures = {str(value): round(credits * factor / base, 6) for value, factor in table.items()}
        by.setdefault(field, {}).update(figures)
    return by


def compile_billing(schema: Mapping[str, Any], where: str) -> dict[str, Any] | None:
    """A model's billing facts as the catalogue's ``billing`` (the wrapper's ``Billing``); None without any.

    From ``x-evolink-billing`` (D47-D49) and ``x-evolink-refunds``; the figure is the docs' example's
    (``x-evolink-credits-per-task`` for a model billed per task, else ``-per-image``, divided by ``reserved-images``
    where the example's reservation is for that many images).
    """
    raw = schema.get(BILLING_KEY)
    refunds = schema.get("x-evolink-refunds")
    if raw is None and refunds is None:
        return None
    raw = raw or {}
    if not isinstance(raw, Mapping) or set(raw) - BILLING_SHAPES:
        unknown = sorted(set(raw) - BILLING_SHAPES) if isinstance(raw, Mapping) else raw
        raise CatalogueError(f"{where}: {BILLING_KEY} has entries the catalogue does not know: {unknown}")
    billing: dict[str, Any] = dict.fromkeys(BILLING_ENTRIES.values())
    for key, name in BILLING_ENTRIES.items():
        if key in raw:
            billing[name] = _billing_value(raw[key], f"{where} {key}")
            if key in BILLING_VALUES and billing[name] not in BILLING_VALUES[key]:
                raise CatalogueError(f"{where}: {BILLING_KEY} {key} is one of {sorted(BILLING_VALUES[key])}")
    per_task, per_image = schema.get("x-evolink-credits-per-task"), schema.get("x-evolink-credits-per-image")
    billing["unit"] = billing["unit"] or ("task" if per_task is not None else "image")
    if billing["unit"] == "image" and per_task is not None:
        raise CatalogueError(f"{where}: billed per image, but its credits are x-evolink-credits-per-task")
    figure = per_task if per_task is not None else per_image
    reserved = billing["reserved_images"]
    if reserved is not None and (not isinstance(reserved, int) or reserved < 1 or billing["unit"] != "image"):
        raise CatalogueError(f"{where}: reserved-images is a count of images, for a model billed per image")
    credits = None if figure is None else round(float(figure) / (reserved or 1), 6)
    varies = raw.get("varies-with") or {}
    figure_for = dict(raw.get("figure-for") or {})
    for field in [*varies, *figure_for, *_by_fields(raw)]:
        if not _has_field(schema, str(field)):
            raise CatalogueError(f"{where}: {BILLING_KEY} names {field!r}, not a field of the model")
    if billing["moderated_refund"] is None and isinstance(refunds, Mapping):
        billing["moderated_refund"] = refunds.get("moderated")
    if billing["per_reference"] is not None:
        billing["per_reference"] = float(billing["per_reference"])
    passages = [_wording(entry) for key, entry in raw.items() if key not in {"varies-with", "figure-for"}]
    passages += [_wording(entry) for entry in varies.values()]
    cited = (schema.get("x-evolink-passages") or {}).get("refunds") if refunds is not None else None
    passages.append(_wording(cited))
    billing.update(
        credits=credits,
        by=_by(raw, credits, figure_for, where),
        varies_with=[str(field) for field in varies],
        figure_for=figure_for,
        passages=list(dict.fromkeys(passage for passage in passages if passage)),
    )
    return billing


def _by_fields(raw: Mapping[str, Any]) -> list[str]:
    fields: list[str] = []
    for key in ("same-cost", "multipliers"):
        if key in raw:
            fields += [str(field) for field in _billing_value(raw[key], key)]
    return fields


def _wording(entry: Any) -> str | None:
    """The passage an entry cites (its first wording), or None."""
    if isinstance(entry, Mapping):
        entry = entry.get("passage")
    if isinstance(entry, list):
        entry = entry[0] if entry else None
    return " ".join(entry.split()) if isinstance(entry, str) else None


def first_sentence(text: str | None) -> str:
    """The first sentence of a description, on one line ("" when there is none)."""
    flat = " ".join((text or "").split())
    match = _SENTENCE_END.search(flat)
    return flat[: match.start() + 1] if match else flat


def _literal(annotation: ast.expr | None) -> str | None:
    """The string of a ``Literal["..."]`` annotation, or None."""
    if (
        isinstance(annotation, ast.Subscript)
        and isinstance(annotation.value, ast.Name)
        and annotation.value.id == "Literal"
        and isinstance(annotation.slice, ast.Constant)
        and isinstance(annotation.slice.value, str)
    ):
        return annotation.slice.value
    return None


def request_classes(package: Path) -> dict[str, str]:
    """Model id -> the generated class whose ``model`` field is that constant, read from the generated code.

    The generator types a ``const`` as ``model: Literal["<id>"]`` (with ``= "<id>"`` when the spec also gives it as
    the default); either form names the class.
    """
    found: dict[str, str] = {}
    for path in sorted((package / "models").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.ClassDef):
                continue
            for statement in node.body:
                if (
                    isinstance(statement, ast.AnnAssign)
                    and isinstance(statement.target, ast.Name)
                    and statement.target.id == "model"
                    and (constant := _literal(statement.annotation)) is not None
                ):
                    found[constant] = node.name
    return found


def generated_class_names(package: Path) -> set[str]:
    """Every class the generated models define."""
    names: set[str] = set()
    for path in (package / "models").glob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        names |= {node.name for node in tree.body if isinstance(node, ast.ClassDef)}
    return names


def _class_for(model_id: str, name: str, schema: Mapping[str, Any], classes: Mapping[str, str], package: Path) -> str:
    """The generated class of a model's request.

    The class whose ``model`` is the model's constant; else (a ``model`` that is an enum of the current id and former
    ones) the class the generator names after the schema's title, checked to exist.
    """
    if model_id in classes:
        return classes[model_id]
    from openapi_python_client.strings import ClassName  # noqa: PLC0415 - the pinned generator's own naming

    candidate = str(ClassName(str(schema.get("title") or name), ""))
    if candidate not in generated_class_names(package):
        raise CatalogueError(f"{name} ({model_id}): the generated client has no request class for it")
    return candidate


def _model_ids(schema: Mapping[str, Any], where: str) -> list[str]:
    """The ids a request schema's ``model`` takes: a ``const``, or an enum of the current id and former ones."""
    prop = (schema.get("properties") or {}).get("model", {})
    if "const" in prop:
        return [prop["const"]]
    if isinstance(prop.get("enum"), list) and prop["enum"]:
        return list(prop["enum"])
    raise CatalogueError(f"{where}: `model` must be a `const` (or an enum of the current id and former ids)")


def _model(  # noqa: PLR0917 - one call site, all of it the model's context
    document: Mapping[str, Any], model_id: str, ref: str, former: list[str], classes: Mapping[str, str], package: Path
) -> dict[str, Any]:
    schema = _inline(document, _at(document, ref))
    where = f"{ref} ({model_id})"
    properties = schema.get("properties") or {}
    ids = _model_ids(schema, where)
    if ids != [model_id, *former]:
        raise CatalogueError(
            f"{where}: `model` takes {ids}, but the mapping names {[model_id, *former]} (current id first, then any "
            "former ids, each mapped to this schema)"
        )
    request_class = _class_for(model_id, ref.rsplit("/", 1)[1], schema, classes, package)
    required = list(schema.get("required") or [])
    unknown = sorted(set(required) - set(properties))
    if unknown:
        raise CatalogueError(f"{where}: required names fields it does not define: {unknown}")
    fields = {
        name: {
            "required": name in required,
            "summary": first_sentence(field.get("description")),
            "schema": _validation_schema(field, f"{model_id}.{name}"),
        }
        for name, field in properties.items()
        if name != "model"
    }
    model: dict[str, Any] = {
        "id": model_id,
        "former_ids": former,
        "request_class": request_class,
        "family": None,
        "nickname": model_id,
        "aliases": [],
        "modes": [],
        "source": None,
        "summary": first_sentence(schema.get("description")),
        "typical_seconds": None,
        "credits_per_image": None,
        "output": "images",
        "series": None,
        "follow_up": None,
        "images_per_task": None,
        "images_when": [],
        "max_seconds": None,
        "refused_after": None,
        "credits_per_task": None,
        "result_lifetime": None,
        "refunds": None,
        "result_follow_ups": None,
    }
    for extension, key in MODEL_EXTENSIONS.items():
        if extension in schema:
            model[key] = schema[extension]
    model["billing"] = compile_billing(schema, where)
    if IMAGES_KEY in schema:
        model["images_per_task"], model["images_when"] = _images(schema[IMAGES_KEY], schema, where)
    model["closed"] = schema.get("additionalProperties") is False
    model["fields"] = fields
    return model


def compile_catalogue(document: Mapping[str, Any], package: Path) -> list[dict[str, Any]]:
    """Every model of the spec, in the discriminator mapping's order, as plain data."""
    request = document["components"]["schemas"]["ImageGenerationRequest"]
    mapping = request["discriminator"]["mapping"]
    listed = {entry["$ref"] for entry in request.get("oneOf", [])}
    missing = sorted(ref for ref in mapping.values() if ref not in listed)
    if missing:
        raise CatalogueError(f"ImageGenerationRequest: the mapping names schemas its oneOf lacks: {missing}")
    classes = request_classes(package)
    ids_by_ref: dict[str, list[str]] = {}
    for model_id, ref in mapping.items():
        ids_by_ref.setdefault(ref, []).append(model_id)  # a second key for one schema is a former id (D14)
    models = [_model(document, ids[0], ref, ids[1:], classes, package) for ref, ids in ids_by_ref.items()]
    names: dict[str, str] = {}
    for model in models:
        for name in (model["id"], *model["former_ids"], *model["aliases"]):
            if name in names:
                raise CatalogueError(f"{name!r} names both {names[name]} and {model['id']}")
            names[name] = model["id"]
    return models


FILES_KEY = "x-evolink-files"
# The files service's facts (components.x-evolink-files, D44) and their names in the catalogue's FILES.
FILES_FACTS = {
    "images-per-request": "images_per_request",
    "mime-types": "mime_types",
    "lifetime-seconds": "lifetime_seconds",
    "quota-files": "quota_files",
    "max-bytes": "max_bytes",
}
FILES_TAG = "files"


def compile_files(document: Mapping[str, Any]) -> dict[str, Any]:
    """The files service as plain data: its host (the ``servers`` of the paths tagged ``files``) and its limits."""
    raw = (document.get("components") or {}).get(FILES_KEY)
    if not isinstance(raw, Mapping):
        raise CatalogueError(f"components.{FILES_KEY}: missing (the files service's limits, D44)")
    unknown = sorted(set(raw) - set(FILES_FACTS))
    if unknown:
        raise CatalogueError(f"components.{FILES_KEY}: facts the catalogue does not know: {unknown}")
    files: dict[str, Any] = {}
    hosts: set[str] = set()
    for path, item in (document.get("paths") or {}).items():
        tagged = [op for op in item.values() if isinstance(op, Mapping) and FILES_TAG in op.get("tags", ())]
        if tagged:
            servers = item.get("servers") or []
            if not servers:
                raise CatalogueError(f"{path}: a files operation without the files service's `servers`")
            hosts.add(str(servers[0]["url"]))
    if len(hosts) != 1:
        raise CatalogueError(f"the files operations name {len(hosts)} hosts, not one: {sorted(hosts)}")
    files["base_url"] = hosts.pop()
    for key, name in FILES_FACTS.items():
        fact = raw.get(key)
        if not isinstance(fact, Mapping) or "value" not in fact:
            raise CatalogueError(f"components.{FILES_KEY}.{key}: missing, or without a `value`")
        files[name] = fact["value"]
    return files


RETRY = {"yes": True, "no": False, "disputed": None}
KINDS = frozenset({"moderation", "input", "transient", "disputed", "unknown"})
LIMITS = frozenset({"account", "key_total", "key_daily"})


def _codes(document: Mapping[str, Any], where: tuple[str, ...], extension: str) -> Mapping[str, Any]:
    node: Any = document
    for key in where:
        node = node.get(key) if isinstance(node, Mapping) else None
    codes = node.get(extension) if isinstance(node, Mapping) else None
    if not isinstance(codes, Mapping):
        raise CatalogueError(f"{'.'.join(where)}: {extension} missing, or not a mapping of codes (D50-D52)")
    return codes


def compile_error_codes(document: Mapping[str, Any]) -> dict[str, Any]:
    """The error codes' facts (D50-D52) as plain data.

    ``task_error_codes``: each task error code (``TaskError``'s ``x-evolink-task-error-codes``; a key ending in ``*``
    stands for a prefix) with ``retry`` (True, False, or None: disputed) and ``kind``; ``moderation_http_codes``: the
    codes of an HTTP answer that refuses content (``ErrorDetail``'s ``x-evolink-moderation-codes``);
    ``credit_limit_codes``: each 402 code with the limit it names (the ``InsufficientQuota`` response's
    ``x-evolink-credit-limits``).
    """
    task: dict[str, dict[str, Any]] = {}
    for code, entry in _codes(document, ("components", "schemas", "TaskError"), "x-evolink-task-error-codes").items():
        if not isinstance(entry, Mapping) or entry.get("retry") not in RETRY or entry.get("kind") not in KINDS:
            raise CatalogueError(f"TaskError {code}: retry is yes, no or disputed; kind one of {sorted(KINDS)}")
        task[str(code)] = {"retry": RETRY[entry["retry"]], "kind": entry["kind"]}
    moderation = []
    for code, entry in _codes(document, ("components", "schemas", "ErrorDetail"), "x-evolink-moderation-codes").items():
        if not isinstance(entry, Mapping) or entry.get("kind") != "moderation":
            raise CatalogueError(f"ErrorDetail {code}: a moderation code's kind is moderation")
        moderation.append(str(code))
    limits: dict[str, str] = {}
    where = ("components", "responses", "InsufficientQuota")
    for code, entry in _codes(document, where, "x-evolink-credit-limits").items():
        if not isinstance(entry, Mapping) or entry.get("limit") not in LIMITS:
            raise CatalogueError(f"InsufficientQuota {code}: limit is one of {sorted(LIMITS)}")
        limits[str(code)] = entry["limit"]
    return {"task_error_codes": task, "moderation_http_codes": sorted(moderation), "credit_limit_codes": limits}


HEADER = '''"""The model catalogue: every model the spec describes, as data. GENERATED by `make generate`; do not edit.

Source: openapi/evolink-images.yaml (the request schemas in the create body's discriminator mapping), and for
FORMER_VALUES the request-field tables of openapi/CHANGES.md (scripts/former_values.py). Change them and run
`make generate`; `make check-generated` fails when this file is not exactly what they produce.

MODEL_INDEX is read at import: each model's id, the other names it answers to, and its family. Each model's full entry
is in _catalogue_data.py, which the wrapper imports the first time a model is used (wrapper/evolink_images/_presets.py):
start-up does not grow with the number of models.
"""

from typing import Any, Final

'''
# What the index keeps of each model: enough to look a model up by any of its names, and to list it by family.
INDEX_KEYS = ("id", "former_ids", "aliases", "family")


def render_module(  # noqa: PLR0917 - one call site, each argument one part of the module
    models: list[dict[str, Any]],
    spec_version: str,
    ruff: Path,
    former_values: list[dict[str, Any]] | None = None,
    files: dict[str, Any] | None = None,
    error_codes: dict[str, Any] | None = None,
) -> str:
    """The catalogue as a Python module, formatted by the pinned ruff.

    *former_values* come from CHANGES.md, *files* is the files service (compile_files), *error_codes* the error codes'
    facts (compile_error_codes).
    """
    codes = error_codes or {}
    index = tuple({key: model[key] for key in INDEX_KEYS} for model in models)
    source = (
        f"{HEADER}SPEC_VERSION: Final = {spec_version!r}\n"
        "# Each model's id, former ids, aliases and family, in the catalogue's order.\n"
        f"MODEL_INDEX: Final[tuple[dict[str, Any], ...]] = {index!r}\n"
        "# The values an earlier API took and what each became, from openapi/CHANGES.md: validation adds them to its\n"
        "# refusals (wrapper/evolink_images/_former.py).\n"
        f"FORMER_VALUES: Final[tuple[dict[str, Any], ...]] = {tuple(former_values or ())!r}\n"
        "# The files service (components.x-evolink-files and the files paths' host, D44): what an upload must be.\n"
        f"FILES: Final[dict[str, Any]] = {dict(files or {})!r}\n"
        "# The task error codes' facts (TaskError's x-evolink-task-error-codes, D50): retry (True, False, None:\n"
        "# disputed) and kind; a key ending in * stands for every code with that prefix.\n"
        f"TASK_ERROR_CODES: Final[dict[str, dict[str, Any]]] = {dict(codes.get('task_error_codes') or {})!r}\n"
        "# The codes of an HTTP answer that refuses a request's content (x-evolink-moderation-codes, D52).\n"
        f"MODERATION_HTTP_CODES: Final[tuple[str, ...]] = {tuple(codes.get('moderation_http_codes') or ())!r}\n"
        "# Which limit a 402 code names: account, key_total or key_daily (x-evolink-credit-limits, D51).\n"
        f"CREDIT_LIMIT_CODES: Final[dict[str, str]] = {dict(codes.get('credit_limit_codes') or {})!r}\n"
    )
    return _formatted(source, ruff)


DATA_HEADER = '''"""Each model's full entry, as JSON text by id. GENERATED by `make generate`; do not edit.

Imported the first time a model is used, and each entry decoded then (wrapper/evolink_images/_presets.py), so that
importing evolink_images reads only the index in _catalogue.py, whatever the number of models.
"""

from typing import Final

'''


def render_data_module(models: list[dict[str, Any]], ruff: Path) -> str:
    """Each model's entry as a module of JSON texts by id (``_catalogue_data.py``), formatted by the pinned ruff."""
    data = "".join(f"{model['id']!r}: {_json_literal(model)},\n" for model in models)
    return _formatted(f"{DATA_HEADER}MODEL_DATA: Final[dict[str, str]] = {{\n{data}}}\n", ruff)


def _formatted(source: str, ruff: Path) -> str:
    result = subprocess.run(
        [str(ruff), "format", "--isolated", "--no-cache", "--line-length", "120", "--stdin-filename", "c.py", "-"],
        input=source,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        sys.exit(f"ruff could not format the catalogue:\n{result.stderr}")
    return result.stdout


def _json_literal(model: dict[str, Any]) -> str:
    """A model's entry as a raw triple-quoted string of indented JSON: read as text at import, decoded on first use."""
    text = json.dumps(model, indent=1, ensure_ascii=False)
    if json.loads(text) != model:
        raise CatalogueError(f"{model['id']}: its entry does not survive JSON (a value JSON has no form for)")
    # JSON text never holds three quotes in a row, and ends with a brace: a raw literal keeps it exactly.
    if '"""' in text:
        raise CatalogueError(f"{model['id']}: its JSON holds three quotes in a row")
    return f'r"""{text}"""'


def _cell(text: str) -> str:
    return text.replace("|", "\\|")


def _limits(schema: Mapping[str, Any]) -> str:
    if "enum" in schema:
        return ", ".join(str(value) for value in schema["enum"])
    if "minimum" in schema and "maximum" in schema:
        return f"{schema['minimum']}-{schema['maximum']}"
    return ""


def images_per_task(model: Mapping[str, Any]) -> str:
    """A model's images per task in words: ``4``, or ``4 (24 with model_params.speed=draft)``."""
    count = str(model.get("images_per_task") or 1)
    whens = [f"{when['images']} with {when['field']}={when['equals']}" for when in model.get("images_when") or ()]
    return f"{count} ({'; '.join(whens)})" if whens else count


def images_per_request(model: Mapping[str, Any]) -> str:
    """How many images one request makes, as the spec states it (D55), never a guess.

    ``layers`` for a layer decomposition; the values its ``n`` takes (``1-10, by n``; ``1``); the spec's count with
    the request values that change it (``4 (24 with model_params.speed=draft)``); else ``not stated``.
    """
    count = model["fields"].get("n")
    if model["output"] == "layers":
        return "layers"
    if count is not None:
        span = _limits(count["schema"])
        return span if span == "1" else f"{span or 'any'}, by n"
    return images_per_task(model) if model.get("images_per_task") else "not stated"


def readme_table(models: list[dict[str, Any]]) -> str:
    """The README's model table: one row per model, grouped by family."""
    rows = [
        "| family | model id | nickname | aliases | does | references | images per request |",
        "|---|---|---|---|---|---|---|",
    ]
    families = list(dict.fromkeys(model["family"] for model in models))
    for model in sorted(models, key=lambda m: families.index(m["family"])):
        fields = model["fields"]
        references = "-"
        if "image_urls" in fields:
            schema = fields["image_urls"]["schema"]
            low, high = schema.get("minItems", 0), schema.get("maxItems")
            span = f"{low}-{high}" if fields["image_urls"]["required"] else f"up to {high}"
            span = f"exactly {low}" if low == high else span
            references = span if high is not None else ("required" if fields["image_urls"]["required"] else "yes")
        images = images_per_request(model)
        aliases = ", ".join(f"`{alias}`" for alias in model["aliases"]) or "-"
        modes = ", ".join(model["modes"]) or "-"
        cells = [_cell(model["family"] or "-"), f"`{model['id']}`", _cell(model["nickname"]), aliases, modes]
        rows.append(f"| {' | '.join(cells)} | {references} | {images} |")
    return "\n".join(rows)


def replace_readme_section(readme: str, table: str) -> str:
    """*readme* with the text between the model-table markers replaced by *table*."""
    start, end = readme.find(README_START), readme.find(README_END)
    if start < 0 or end < start:
        raise CatalogueError(f"README.md lacks the markers {README_START!r} ... {README_END!r}")
    return f"{readme[: start + len(README_START)]}\n{table}\n{readme[end:]}"
