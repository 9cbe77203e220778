"""Compare the spec with EvoLink's docs: what the docs say now that the spec does not, model by model.

Usage::

    python scripts/upstream_diff.py --docs <checkout of Pharmacist9527/mintlify-docs> [--spec <spec>]

It reads every image-generation page (``en/api-manual/image-series/*/*.json``, Midjourney included) and reports, per
model: models the docs have and the spec lacks (by id) and the reverse; fields added or removed; required-ness; and
for every field, nested ones included, its type, enum, const, default, bounds, lengths, item counts, pattern and
format. A difference the spec takes on purpose is recorded on the field as ``x-evolink-upstream: {<keyword>: {docs:
<the docs' value>, why: ...}}`` (or on the model, for ``required`` and whole fields) and is not reported while the
docs still say that value; when they change it, it is reported again. The task-detail page's and the pages' response
value lists must be among the values the spec documents (the `examples` of its open strings).

Exit status: 0 when there is nothing to report, 1 when there is, 2 when the docs cannot be read.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SPEC = ROOT / "openapi" / "evolink-images.yaml"
PAGES = Path("en") / "api-manual" / "image-series"
TASK_PAGE = Path("en") / "api-manual" / "task-management" / "get-task-detail.json"
SKIPPED_FAMILIES: set[str] = set()  # every family, Midjourney included (D15)
KEYWORDS = (
    "type", "enum", "const", "default", "minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum",
    "minLength", "maxLength", "minItems", "maxItems", "pattern", "format",
)  # fmt: skip
UPSTREAM = "x-evolink-upstream"
ABSENT = None


class DocsError(Exception):
    """The docs checkout cannot be read as expected."""


@dataclass(frozen=True)
class Finding:
    """One thing the docs say differently: where, what, our value and theirs."""

    model: str
    field: str
    what: str
    ours: Any
    theirs: Any
    note: str = ""

    def __str__(self) -> str:
        place = f"{self.model}.{self.field}" if self.field else self.model
        text = f"{place}: {self.what}: ours {_shown(self.ours)}, docs {_shown(self.theirs)}"
        return f"{text} ({self.note})" if self.note else text


def _shown(value: Any) -> str:
    return "none" if value is ABSENT else json.dumps(value, ensure_ascii=False)


# ---------------------------------------------------------------------------------------------------- reading
def _inliner(document: Mapping[str, Any]) -> Any:
    def at(ref: str) -> Any:
        node: Any = document
        for token in ref.removeprefix("#/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        return node

    def inline(node: Any, depth: int = 0) -> Any:
        if depth > 50:
            raise DocsError("a $ref cycle")
        if isinstance(node, list):
            return [inline(item, depth + 1) for item in node]
        if not isinstance(node, Mapping):
            return node
        if "$ref" in node:
            target = inline(at(node["$ref"]), depth + 1)
            return {**target, **{k: inline(v, depth + 1) for k, v in node.items() if k != "$ref"}}
        return {key: inline(value, depth + 1) for key, value in node.items()}

    return inline


def docs_models(docs: Path) -> dict[str, tuple[str, dict[str, Any]]]:
    """Model id -> (page, its request schema, inlined), for every image-generation page of the docs."""
    folder = docs / PAGES
    if not folder.is_dir():
        raise DocsError(f"{folder} does not exist: is {docs} a checkout of the docs repository?")
    found: dict[str, tuple[str, dict[str, Any]]] = {}
    for page in sorted(folder.glob("*/*.json")):
        if page.parent.name in SKIPPED_FAMILIES:
            continue
        relative = str(page.relative_to(docs))
        try:
            document = json.loads(page.read_text(encoding="utf-8"))
            post = document["paths"]["/v1/images/generations"]["post"]
            schema = _inliner(document)(post["requestBody"]["content"]["application/json"]["schema"])
        except (ValueError, KeyError, TypeError) as exc:
            raise DocsError(f"{relative}: not an image-generation page ({type(exc).__name__}: {exc})") from exc
        model = schema.get("properties", {}).get("model", {})
        ids = [model["const"]] if "const" in model else list(model.get("enum") or [])
        if not ids:
            raise DocsError(f"{relative}: the request names no model id")
        for model_id in ids:
            found[model_id] = (relative, schema)
    return found


def spec_models(document: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Current model id -> its request schema, inlined (former ids, second keys of the mapping, are left out)."""
    mapping = document["components"]["schemas"]["ImageGenerationRequest"]["discriminator"]["mapping"]
    inline = _inliner(document)
    models: dict[str, dict[str, Any]] = {}
    seen: set[str] = set()
    for model_id, ref in mapping.items():
        if ref not in seen:
            seen.add(ref)
            models[model_id] = inline({"$ref": ref})
    return models


# ---------------------------------------------------------------------------------------------------- comparing
def _recorded(schema: Mapping[str, Any], keyword: str) -> tuple[bool, Any]:
    """Whether the spec records a deliberate difference for *keyword*, and the docs value it was made against."""
    entry = (schema.get(UPSTREAM) or {}).get(keyword)
    if not isinstance(entry, Mapping) or "docs" not in entry:
        return False, ABSENT
    return True, entry["docs"]


def _same(ours: Any, theirs: Any, keyword: str) -> bool:
    if keyword == "enum" and isinstance(ours, list) and isinstance(theirs, list):
        return sorted(map(json.dumps, ours)) == sorted(map(json.dumps, theirs))  # the order is not a fact
    return bool(ours == theirs and type(ours) is type(theirs))


def compare_field(model: str, path: str, ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> Iterator[Finding]:
    """Every keyword on which a field differs from the docs (and its items and properties, recursively)."""
    for keyword in KEYWORDS:
        mine, docs = ours.get(keyword, ABSENT), theirs.get(keyword, ABSENT)
        recorded, agreed = _recorded(ours, keyword)
        if recorded:
            if not _same(agreed, docs, keyword):
                note = f"the spec records docs value {_shown(agreed)} for this difference; the docs changed it"
                yield Finding(model, path, keyword, mine, docs, note)
        elif not _same(mine, docs, keyword):
            yield Finding(model, path, keyword, mine, docs)
    if isinstance(ours.get("items"), Mapping) or isinstance(theirs.get("items"), Mapping):
        yield from compare_field(model, f"{path}[]", ours.get("items") or {}, theirs.get("items") or {})
    yield from compare_properties(model, path, ours, theirs)


def compare_properties(model: str, path: str, ours: Mapping[str, Any], theirs: Mapping[str, Any]) -> Iterator[Finding]:
    """Fields added or removed, required-ness, and each common field."""
    mine, docs = ours.get("properties") or {}, theirs.get("properties") or {}
    prefix = f"{path}." if path else ""
    recorded_fields = (ours.get(UPSTREAM) or {}).get("fields") or {}
    for name in sorted(set(mine) | set(docs)):
        if name == "model" and not path:
            continue  # a const in ours, an enum in theirs: the id itself is compared by model
        if name not in docs or name not in mine:
            entry = recorded_fields.get(name)
            agreed = entry.get("docs") if isinstance(entry, Mapping) else "not recorded"
            present = "present" if name in docs else "absent"
            if agreed != present:
                what = "field the docs do not have" if name not in docs else "field the spec does not have"
                yield Finding(model, f"{prefix}{name}", what, name in mine, name in docs)
            continue
        yield from compare_field(model, f"{prefix}{name}", mine[name], docs[name])
    required_mine, required_docs = sorted(ours.get("required") or []), sorted(theirs.get("required") or [])
    recorded, agreed = _recorded(ours, "required")
    if (recorded and sorted(agreed or []) != required_docs) or (not recorded and required_mine != required_docs):
        yield Finding(model, path, "required", required_mine, required_docs)


def compare(spec: Mapping[str, Any], docs: Path) -> list[Finding]:
    """Everything the docs say that the spec does not (and what the spec says that the docs do not)."""
    theirs = docs_models(docs)
    ours = spec_models(spec)
    former = set(spec["components"]["schemas"]["ImageGenerationRequest"]["discriminator"]["mapping"]) - set(ours)
    findings: list[Finding] = []
    for model_id in sorted(set(theirs) - set(ours) - former):
        findings.append(Finding(model_id, "", "model the spec does not have", ABSENT, theirs[model_id][0]))
    for model_id in sorted(set(ours) - set(theirs)):
        findings.append(Finding(model_id, "", "model on no docs page", ours[model_id].get("x-evolink-source"), ABSENT))
    for model_id in sorted(set(ours) & set(theirs)):
        findings += compare_properties(model_id, "", ours[model_id], theirs[model_id][1])
    findings += compare_response_values(spec, docs, theirs)
    return findings


def _examples(spec: Mapping[str, Any], *path: str) -> list[Any]:
    node: Any = spec["components"]["schemas"]
    for token in path:
        node = node.get(token, {}) if isinstance(node, Mapping) else {}
    return list(node.get("examples", [])) if isinstance(node, Mapping) else []


def compare_response_values(
    spec: Mapping[str, Any], docs: Path, pages: Mapping[str, tuple[str, dict[str, Any]]]
) -> Iterator[Finding]:
    """Every value a docs response lists (status, object, type, billing rule) is one the spec documents."""
    known = {
        "status": _examples(spec, "TaskStatus"),
        "object": _examples(spec, "TaskDetail", "properties", "object"),
        "type": _examples(spec, "TaskType"),
        "billing_rule": _examples(spec, "Usage", "properties", "billing_rule"),
    }
    lists: list[tuple[str, str, list[Any]]] = []
    task_page = docs / TASK_PAGE
    if task_page.is_file():
        document = json.loads(task_page.read_text(encoding="utf-8"))
        for name, schema in (document.get("components", {}).get("schemas", {}) or {}).items():
            for field in ("status", "object", "type"):
                values = (schema.get("properties") or {}).get(field, {}).get("enum")
                if values:
                    lists.append((str(TASK_PAGE), f"{name}.{field}", values))
    for page in sorted({page for page, _schema in pages.values()}):
        document = json.loads((docs / page).read_text(encoding="utf-8"))
        usage = (document.get("components", {}).get("schemas", {}) or {}).get("Usage", {})
        values = (usage.get("properties") or {}).get("billing_rule", {}).get("enum")
        if values:
            lists.append((page, "Usage.billing_rule", values))
    for page, field, values in lists:
        key = field.rsplit(".", 1)[1]
        unknown = [value for value in values if value not in known[key]]
        if unknown:
            yield Finding("responses", field, "values the spec does not list", known[key], unknown, page)


# ---------------------------------------------------------------------------------------------------- command
def main(argv: list[str] | None = None) -> int:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", type=Path, required=True, help="a checkout of the docs repository")
    parser.add_argument("--spec", type=Path, default=SPEC, help="the spec to compare (default: ours)")
    args = parser.parse_args(argv)
    try:
        spec = yaml.safe_load(args.spec.read_text(encoding="utf-8"))
        findings = compare(spec, args.docs)
    except (DocsError, OSError) as exc:
        print(f"upstream-diff: {exc}", file=sys.stderr)
        return 2
    if not findings:
        print(f"upstream-diff: {args.spec.name} agrees with the docs in {args.docs} (deliberate differences aside)")
        return 0
    print(f"upstream-diff: {len(findings)} difference(s) between {args.spec.name} and the docs in {args.docs}:")
    for finding in findings:
        print(f"  {finding}")
    print("Follow the docs in the spec, or record a deliberate difference in the field's x-evolink-upstream.")
    return 1


if __name__ == "__main__":
    sys.exit(main())
