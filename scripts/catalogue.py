"""Compile the spec's model knowledge into the wrapper's catalogue module and the README's model table.

Every model is a request schema in the create body's discriminator mapping. From each, this takes the standard JSON
Schema of every field (``$ref``s inlined, only the keywords a validator needs) and the ``x-evolink-*`` extensions
(openapi/README.md lists them), and writes them as plain data: ``wrapper/evolink_images/_catalogue.py``. The wrapper
turns that data into its presets; nothing hand-written knows a model.

Used by ``scripts/generate.py`` (``make generate`` writes, ``make check-generated`` compares).
"""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

__all__ = [
    "CatalogueError",
    "compile_catalogue",
    "compile_files",
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


HEADER = '''"""The model catalogue: every model the spec describes, as data. GENERATED by `make generate`; do not edit.

Source: openapi/evolink-images.yaml (the request schemas in the create body's discriminator mapping), and for
FORMER_VALUES the request-field tables of openapi/CHANGES.md (scripts/former_values.py). Change them and run
`make generate`; `make check-generated` fails when this file is not exactly what they produce.
"""

from typing import Any, Final

'''


def render_module(
    models: list[dict[str, Any]],
    spec_version: str,
    ruff: Path,
    former_values: list[dict[str, Any]] | None = None,
    files: dict[str, Any] | None = None,
) -> str:
    """The catalogue as a Python module, formatted by the pinned ruff.

    *former_values* come from CHANGES.md, *files* is the files service (compile_files).
    """
    source = (
        f"{HEADER}SPEC_VERSION: Final = {spec_version!r}\n"
        f"MODELS: Final[tuple[dict[str, Any], ...]] = {tuple(models)!r}\n"
        "# The values an earlier API took and what each became, from openapi/CHANGES.md: validation adds them to its\n"
        "# refusals (wrapper/evolink_images/_former.py).\n"
        f"FORMER_VALUES: Final[tuple[dict[str, Any], ...]] = {tuple(former_values or ())!r}\n"
        "# The files service (components.x-evolink-files and the files paths' host, D44): what an upload must be.\n"
        f"FILES: Final[dict[str, Any]] = {dict(files or {})!r}\n"
    )
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
        images = _limits(fields["n"]["schema"]) if "n" in fields else images_per_task(model)
        images = "layers" if model["output"] == "layers" else images or "1"
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
