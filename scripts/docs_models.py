"""Render the documentation site's models page from the compiled catalogue and the spec.

``docs/guides/models.md`` is generated like the README's model table: ``scripts/generate.py`` renders it from the
same compiled catalogue (``make generate`` writes it, ``make check-generated`` fails naming it when it is stale). One
section per family, one per model: its id, names, what it does, typical time and credits, and every request field
with its type, limits and default; each rule beyond JSON Schema with the words the spec's description gives it.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator, Mapping
from typing import Any

from catalogue import _at, _inline, first_sentence, images_per_request

__all__ = ["MODELS_PAGE_HEADER", "models_page", "rule_explanations"]

MODELS_PAGE_HEADER = (
    "<!-- GENERATED from openapi/evolink-images.yaml by `make generate` (scripts/docs_models.py); do not edit. "
    "`make check-generated` fails when this page is stale. -->"
)
_RULE_LINE = re.compile(r"Rule ([a-z0-9-]+):")


def _code(value: object) -> str:
    """*value* as inline code that is safe in a table cell (a pipe or a backtick would break the cell)."""
    text = str(value)
    if "|" in text or "`" in text:
        return "<code>" + html.escape(text).replace("|", "&#124;") + "</code>"
    return f"`{text}`"


def _text(text: str) -> str:
    """Prose from the spec as Markdown: one line, ``<`` and ``>`` escaped outside code spans (``<IMAGE_0>``)."""
    parts = " ".join(text.split()).split("`")
    return "`".join(part if index % 2 else html.escape(part, quote=False) for index, part in enumerate(parts))


def _cell(text: str) -> str:
    """Prose for a table cell: :func:`_text`, with pipes escaped."""
    return _text(text).replace("|", "\\|")


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else str(value)


def _types(schema: Mapping[str, Any]) -> list[str]:
    kind = schema.get("type")
    kinds = [kind] if isinstance(kind, str) else list(kind) if isinstance(kind, list) else []
    return [str(item) for item in kinds if item != "null"]


def _type(schema: Mapping[str, Any]) -> str:
    """The field's type in words: ``string``, ``URL``, ``list of URL``, ``integer or string``, ..."""
    names = []
    for kind in _types(schema):
        if kind == "string" and schema.get("format") == "uri":
            names.append("URL")
        elif kind == "array":
            items = schema.get("items")
            names.append(f"list of {_type(items)}" if isinstance(items, Mapping) and _types(items) else "list")
        else:
            names.append(kind)
    for keyword in ("anyOf", "oneOf"):
        for branch in schema.get(keyword) or []:
            if isinstance(branch, Mapping) and _types(branch):
                names.append(_type(branch))
    return " or ".join(dict.fromkeys(names)) or "any"


def _bounds(schema: Mapping[str, Any]) -> list[str]:
    """A number's bounds, in words."""
    parts = []
    low, high = schema.get("minimum"), schema.get("maximum")
    if low is not None and high is not None:
        parts.append(f"{_number(low)} to {_number(high)}")
    elif low is not None:
        parts.append(f"at least {_number(low)}")
    elif high is not None:
        parts.append(f"at most {_number(high)}")
    if "exclusiveMinimum" in schema:
        parts.append(f"more than {_number(schema['exclusiveMinimum'])}")
    if "exclusiveMaximum" in schema:
        parts.append(f"less than {_number(schema['exclusiveMaximum'])}")
    if "multipleOf" in schema:
        parts.append(f"a multiple of {_number(schema['multipleOf'])}")
    return parts


def _sizes(schema: Mapping[str, Any]) -> list[str]:
    """A string's length and a list's item count, in words."""
    parts = []
    short, long = schema.get("minLength"), schema.get("maxLength")
    if long is not None:
        parts.append(f"{short} to {long} characters" if short else f"at most {long} characters")
    elif short:
        parts.append(f"at least {short} characters")
    fewest, most = schema.get("minItems"), schema.get("maxItems")
    if most is not None:
        span = f"exactly {most}" if fewest == most else f"{fewest} to {most}" if fewest else f"up to {most}"
        parts.append(f"{span} item{'s' if most != 1 else ''}")
    elif fewest:
        parts.append(f"at least {fewest} item{'s' if fewest != 1 else ''}")
    return parts


def _limits(schema: Mapping[str, Any]) -> str:
    """What values the schema allows, in a few words."""
    parts = []
    if "const" in schema:
        parts.append(f"exactly {_code(schema['const'])}")
    if "enum" in schema:
        parts.append("one of " + ", ".join(_code(value) for value in schema["enum"]))
    parts += _bounds(schema) + _sizes(schema)
    hint = schema.get("x-evolink-hint")
    if hint:
        parts.append(_cell(str(hint)))
    elif "pattern" in schema:
        parts.append(f"matching {_code(schema['pattern'])}")
    if schema.get("additionalProperties") is False:
        parts.append("no other keys")
    return "; ".join(parts) or "-"


def _rows(
    name: str, schema: Mapping[str, Any], summary: str, *, required: bool, source: Mapping[str, Any]
) -> Iterator[list[str]]:
    """One table row for the field, then one for each nested property (``parent.child``, ``list[].child``).

    *schema* is the catalogue's (validation keywords only); *source* the spec's, for the nested descriptions.
    """
    default = _code(_json(schema["default"])) if "default" in schema else "-"
    yield [_code(name), _type(schema), "yes" if required else "no", _limits(schema), default, _cell(summary)]
    items, source_items = schema.get("items"), source.get("items")
    children = [(f"{name}.", schema, source)]
    if isinstance(items, Mapping):
        children.append((f"{name}[].", items, source_items if isinstance(source_items, Mapping) else {}))
    for prefix, node, source_node in children:
        needed = set(node.get("required") or [])
        described = source_node.get("properties") or {}
        for child, sub in (node.get("properties") or {}).items():
            if isinstance(sub, Mapping):
                origin = described.get(child) if isinstance(described.get(child), Mapping) else {}
                text = first_sentence(origin.get("description"))
                yield from _rows(prefix + child, sub, text, required=child in needed, source=origin)


def _json(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _rules_in(name: str, schema: Mapping[str, Any]) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """``(where, rule)`` for every rule of the field, its items and its nested properties."""
    for rule in schema.get("x-evolink-rules") or []:
        yield name, rule
    items = schema.get("items")
    if isinstance(items, Mapping):
        yield from _rules_in(f"{name}[]", items)
    for child, sub in (schema.get("properties") or {}).items():
        if isinstance(sub, Mapping):
            yield from _rules_in(f"{name}.{child}", sub)


def _descriptions(node: Any) -> Iterator[str]:
    """Every description in a schema, nested ones included."""
    if isinstance(node, Mapping):
        if isinstance(node.get("description"), str):
            yield node["description"]
        for value in node.values():
            yield from _descriptions(value)
    elif isinstance(node, list):
        for item in node:
            yield from _descriptions(item)


def rule_explanations(schema: Mapping[str, Any]) -> dict[str, str]:
    """Rule name -> the first sentence of its ``Rule <name>:`` line in the descriptions of *schema* (inlined)."""
    found: dict[str, str] = {}
    for description in _descriptions(schema):
        flat = " ".join(description.split())
        matches = list(_RULE_LINE.finditer(flat))
        for index, match in enumerate(matches):
            end = matches[index + 1].start() if index + 1 < len(matches) else len(flat)
            found.setdefault(match.group(1), first_sentence(flat[match.end() : end]))
    return found


def _rule_limits(rule: Mapping[str, Any]) -> str:
    params = rule.get("params") or {}
    shown = ", ".join(f"{key} {_code(_json(value))}" for key, value in params.items())
    return f"`{rule.get('check')}`" + (f" ({shown})" if shown else "")


def _facts(model: Mapping[str, Any]) -> list[tuple[str, str]]:
    names = [_code(alias) for alias in model["aliases"]]
    facts = [
        ("model id", _code(model["id"])),
        ("aliases", ", ".join(names) or "-"),
        ("former ids (still taken)", ", ".join(_code(former) for former in model["former_ids"]) or "-"),
        ("does", ", ".join(model["modes"]) or "-"),
        ("results", "a base image and its layers" if model["output"] == "layers" else "images"),
    ]
    facts.append(("images per request", images_per_request(model)))
    seconds, credits = model.get("typical_seconds"), model.get("credits_per_image")
    facts.append(("typical time", f"about {_number(seconds)} s" if seconds is not None else "not documented"))
    per = "task" if model["output"] == "layers" else "image"
    if model.get("credits_per_task") is not None:
        credits, per = model["credits_per_task"], "task, whatever its number of images"
    typical = f"about {_number(credits)} per {per}" if credits is not None else "not documented"
    facts.append(("typical credits", typical))
    lifetime = model.get("result_lifetime")
    if lifetime:
        days = lifetime / 86400
        facts.append(("result links last", f"{_number(days)} day{'s' if days != 1 else ''}"))
    refunds = model.get("refunds") or {}
    if refunds.get("moderated") == "none":
        facts.append(("refunds", "failed tasks; not images filtered by moderation"))
    if model.get("source"):
        facts.append(("source", _code(model["source"])))
    return facts


def _model_section(model: Mapping[str, Any], schema: Mapping[str, Any]) -> list[str]:
    """One model's section; *schema* is its request schema in the spec, ``$ref``s inlined."""
    lines = [f"### {_text(model['nickname'])}", ""]
    if model.get("summary"):
        lines += [_text(str(model["summary"])), ""]
    (label, value), *facts = _facts(model)
    lines += [f"| {label} | {value} |", "|---|---|"]  # the model id heads the table
    lines += [f"| {label} | {value} |" for label, value in facts]
    lines += ["", "| field | type | required | allowed | default | what it does |", "|---|---|---|---|---|---|"]
    sources = schema.get("properties") or {}
    rules = []
    for name, field in model["fields"].items():
        source = sources.get(name) if isinstance(sources.get(name), Mapping) else {}
        for row in _rows(name, field["schema"], field["summary"], required=field["required"], source=source):
            lines.append(f"| {' | '.join(row)} |")
        explained = rule_explanations(source)
        rules += [(where, rule, explained) for where, rule in _rules_in(name, field["schema"])]
    if not model.get("closed", True):
        lines += ["", "Fields beyond these are passed on to the API unchecked."]
    if rules:
        lines += ["", "Rules beyond JSON Schema (error messages cite them as `(Rule <name>)`):", ""]
        for where, rule, explained in rules:
            text = explained.get(rule["name"]) or _rule_limits(rule)
            lines.append(f"- `{rule['name']}` on `{where}`: {_text(text)}")
    return [*lines, ""]


def models_page(models: list[dict[str, Any]], document: Mapping[str, Any]) -> str:
    """The models page: one section per family, one per model, in the spec's order of families."""
    mapping = document["components"]["schemas"]["ImageGenerationRequest"]["discriminator"]["mapping"]
    families = list(dict.fromkeys(model["family"] or "other" for model in models))
    version = document.get("info", {}).get("version", "")
    lines = [
        MODELS_PAGE_HEADER,
        "",
        "# Models",
        "",
        f"Every model the spec (`openapi/evolink-images.yaml`, version {version}) describes: {len(models)} models in "
        f"{len(families)} families. This page is generated from the spec by `make generate`, like the model "
        "catalogue the library validates against, so it is exactly what the client enforces. The same facts are in "
        "`evolink_images.presets[<id or alias>]` and `evolink-images models [family or model] [--json]`.",
        "",
        "Every field goes by the API's name (`size=...`, `model_params={...}`); a field not listed for a model is "
        "refused before anything is sent. Typical times and credits come from the examples in EvoLink's docs (the "
        "simulator uses them too): the API's own `estimated_time` and `usage.credits_reserved` are what count.",
        "",
    ]
    for family in families:
        lines += [f"## {family}", ""]
        for model in models:
            if (model["family"] or "other") == family:
                schema = _inline(document, _at(document, mapping[model["id"]]))
                lines += _model_section(model, schema)
    return "\n".join(lines).rstrip("\n") + "\n"
