"""openapi/CHANGES.md as data: the seed values the docs changed, and the values they changed since a301c93."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from contract_tests.documented_facts import Difference

CHANGES = Path(__file__).resolve().parent.parent / "openapi" / "CHANGES.md"
SEED_TABLE = "## Request fields of the five seed models"
LATER_TABLE = "## Changes since a301c93"
# The rows the spec and the seeds can be compared on; the rest ("rule ...") are prose facts, checked separately.
SCHEMA_WHATS = {"id", "field", "enum", "default", "minimum", "maximum", "minItems", "maxItems", "maxLength", "pattern"}
# Rows whose docs value must be the spec's value (written into the docs cell).
VALUE_WHATS = {"id", "enum", "default", "minimum", "maximum", "minItems", "maxItems", "maxLength"}


def _shown(value: object) -> str:
    return "none" if value is None else str(value)


@dataclass(frozen=True)
class Change:
    """One row of the request-field table."""

    model: str
    field: str
    what: str
    seed: str
    docs: str

    def explains(self, difference: Difference) -> bool:
        """Whether this row records *difference*: the same model, field and keyword, and (for a value) the value."""
        same_place = self.model in {"*", difference.model} and (self.field, self.what) == (
            difference.field,
            difference.what,
        )
        return same_place and (self.what not in VALUE_WHATS or _shown(difference.spec) in self.docs)


def _table(text: str, heading: str) -> list[Change]:
    """The rows of the table under *heading* (none when there is no such section)."""
    if heading not in text:
        return []
    table = text.split(heading, 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith(("| model", "|---"))]
    return [Change(*[cell.strip() for cell in row.strip("|").split("|")][:5]) for row in rows]


def later_changes(path: Path = CHANGES) -> list[Change]:
    """The rows of the table of changes since a301c93 (``seed`` is the old value, ``docs`` the new one)."""
    return _table(path.read_text(encoding="utf-8"), LATER_TABLE)


def recorded_changes(path: Path = CHANGES) -> list[Change]:
    """The seed models' rows as they stand now: the first table, each row replaced by a later row of the same place.

    A seed value the docs changed by a301c93 and again since is explained by the later row (its new value is the
    spec's); the earlier row stays in CHANGES.md as history.
    """
    text = path.read_text(encoding="utf-8")
    later = {(change.model, change.field, change.what): change for change in _table(text, LATER_TABLE)}
    return [later.get((change.model, change.field, change.what), change) for change in _table(text, SEED_TABLE)]


def unexplained(differences: list[Difference], changes: list[Change]) -> list[str]:
    """Differences no row records, and schema rows no difference explains, one readable line each."""
    found = [str(d) for d in differences if not any(change.explains(d) for change in changes)]
    schema_rows = [change for change in changes if change.what in SCHEMA_WHATS]
    found += [
        f"CHANGES.md records {c.model}.{c.field} {c.what}, but the spec and the seeds agree on it"
        for c in schema_rows
        if not any(c.explains(d) for d in differences)
    ]
    return found


def prose_rules(changes: list[Change]) -> list[tuple[Change, str]]:
    """The rows about a rule of the prose, with the rule's name."""
    return [(change, match.group(1)) for change in changes if (match := re.fullmatch(r"rule (\S+)", change.what))]


_LITERAL = re.compile(r"`([^`]*)`")
_MODEL_FACTS = {"typical-seconds": "x-evolink-typical-seconds", "credits-per-image": "x-evolink-credits-per-image"}


def _literals(cell: str) -> list[str]:
    return _LITERAL.findall(cell)


def _removed(cell: str) -> bool:
    return cell.startswith("none")


def later_mismatches(spec: Any, changes: list[Change]) -> list[str]:
    """Rows of the table of changes since a301c93 whose new value is not the spec's, one readable line each."""
    schemas = spec.at("/components/schemas")
    mapping = schemas["ImageGenerationRequest"]["discriminator"]["mapping"]
    aliases = {alias: ref for ref in set(mapping.values()) for alias in spec.at(ref[1:]).get("x-evolink-aliases", [])}
    found: list[str] = []
    for change in changes:
        where = f"CHANGES.md: {change.model} {change.field} {change.what}"
        ref = mapping.get(change.model) or aliases.get(change.model)
        if change.what in {"id", "alias"}:
            if _removed(change.docs) != (ref is None):
                found.append(f"{where}: new value {change.docs!r}, but the spec {'takes' if ref else 'lacks'} it")
            elif ref is not None and _current_id(spec.at(ref[1:])) not in _literals(change.docs):
                found.append(f"{where}: the spec takes it as {_current_id(spec.at(ref[1:]))}")
            continue
        if ref is None:
            found.append(f"{where}: the spec has no model {change.model}")
            continue
        schema = spec.at(ref[1:])
        if change.what == "former id":
            former = schema["properties"]["model"].get("enum", [])[1:]
            if not set(_literals(change.docs)) <= set(former):
                found.append(f"{where}: the spec's former ids are {former}")
        elif change.what in _MODEL_FACTS:
            if _literals(change.docs) != [str(schema.get(_MODEL_FACTS[change.what]))]:
                found.append(f"{where}: the spec has {schema.get(_MODEL_FACTS[change.what])}")
        else:
            found += _field_mismatches(spec, schema, change, where)
    return found


def _current_id(schema: Any) -> str:
    model = schema["properties"]["model"]
    return str(model.get("const") or model["enum"][0])


def _field_mismatches(spec: Any, schema: Any, change: Change, where: str) -> list[str]:
    prop = schema["properties"].get(change.field)
    if change.what == "field":
        return [] if _removed(change.docs) == (prop is None) else [f"{where}: the spec {'has' if prop else 'lacks'} it"]
    if prop is None:
        return [f"{where}: the spec has no such field"]
    prop = spec.resolve(prop)
    if (rule := re.fullmatch(r"rule (\S+)", change.what)) is not None:
        names = {entry["name"] for entry in prop.get("x-evolink-rules", [])}
        return [] if rule.group(1) in names else [f"{where}: the field has no rule {rule.group(1)}"]
    if change.what in VALUE_WHATS:
        value = prop.get(change.what)
        shown = [str(v) for v in value] if isinstance(value, list) else [_shown(value)]
        return [] if _literals(change.docs) == shown else [f"{where}: the spec has {value!r}"]
    return []
