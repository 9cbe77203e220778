"""openapi/CHANGES.md as data: the seed values the current docs changed, one row each."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from contract_tests.documented_facts import Difference

CHANGES = Path(__file__).resolve().parent.parent / "openapi" / "CHANGES.md"
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


def recorded_changes(path: Path = CHANGES) -> list[Change]:
    """The rows of the first table (request fields of the seed models)."""
    text = path.read_text(encoding="utf-8")
    table = text.split("## Request fields of the five seed models", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in table.splitlines() if line.startswith("| ") and not line.startswith(("| model", "|---"))]
    changes = []
    for row in rows:
        cells = [cell.strip() for cell in row.strip("|").split("|")]
        changes.append(Change(*cells[:5]))
    return changes


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
