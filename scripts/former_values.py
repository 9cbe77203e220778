"""Compile openapi/CHANGES.md into the values an earlier API took and what each became (the catalogue's FORMER_VALUES).

Every table of CHANGES.md whose header begins ``| model | field | what |`` is read, in any section. Its six columns
are: the model (``*``: every model with that field), the field (dotted when nested: ``model_params.speed``), what
changed, the earlier value, the value now, and the source. Validation adds an entry's words to a refusal it already
makes (``wrapper/evolink_images/_former.py``), so only a row whose earlier value a user could still send, and have
refused, becomes one entry per value:

- ``moved``: a ``pattern`` or ``enum`` row whose value now says "2K and 4K moved to `quality`": each named value
  (which the earlier value must name in backticks, and the spec's ``quality`` must take), sent as ``quality`` instead.
- ``removed``: an ``enum`` row whose earlier values (backticked: `` `a`, `b` `` or `` `[1, 2]` ``) include some the
  values now lack; a ``pattern`` row whose value now says "X removed"; an ``id`` or ``alias`` row whose value now
  names no id the spec has.
- ``renamed``: an ``id`` (or the client's own ``alias``) row of the field ``model``: the row's model is the earlier
  name, the first backticked id of the value now that the spec has is what to send instead.
- ``limit``: ``minimum``, ``maximum``, ``exclusiveMinimum``, ``exclusiveMaximum``, ``minItems``, ``maxItems``,
  ``minLength``, ``maxLength`` made stricter (a maximum lowered or added, a minimum raised or added), or a
  ``rule <name>`` row whose value now reads "at most `N` bytes" (characters, items) where it was none or more; the
  entry holds both bounds, and matches a value between them.
- ``field``: a ``field`` row whose earlier value is not ``none`` and whose value now is ``none`` (removed) or
  "moved to `g`" (sent as ``g`` instead).

Skipped, each for its reason (``SKIPPED`` below): a ``default``; a ``field`` added (earlier value ``none``); a
``former id`` added; a row whose field is ``*`` (a fact about the model as a whole: typical seconds, credits); any
other ``rule ...``; a limit relaxed, an enum widened or added, a pattern with no value named as moved or removed; a
limit every value of the same section's earlier ``enum`` of that field meets. A ``what`` outside all of these stops
``make generate`` naming the file and line, as does a handled row whose cells cannot be read, and a row naming a
model, field or value the spec lacks.

When a change happened: the docs commit named in the row's source (``@ 53b478cd`` or ``commit `53b478cd```), or the
one of the row it says is the "same page", else the first commit named (``commit `<hex>```) in its section's heading
or the prose before its table, else in the text before the first section. Its date is the ISO date written in
brackets after that commit anywhere in the file (``commit `a301c93` of ... (2026-08-21)``); a commit the file gives
no date for has none, and the message names only the commit.
"""

from __future__ import annotations

import json
import operator
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

__all__ = ["SKIPPED", "ChangesError", "former_values", "read_rows"]

MODEL_FIELD = "model"
SEPARATOR = re.compile(r"^\|\s*:?-+")
HEADER = ("model", "field", "what")
COLUMNS = 6
# Kinds of row that never become an entry, and why.
SKIPPED: Mapping[str, str] = {
    "default": "a default is what the API does when nothing is sent; no value a user sends changes meaning",
    "field added": "a new field refuses nothing a user sent before",
    "former id": "an id the API takes besides the current one refuses nothing",
    "model facts": "a row whose field is `*` is about the model as a whole (typical seconds, credits), not a value",
    "rule": "a prose rule in words (most about the image files themselves, which only the API checks); one whose value "
    "now reads 'at most N bytes|characters|items' is a limit",
    "widened": "a limit relaxed, an enum widened or added, a pattern with no value named: nothing sent before is "
    "refused now, or the row names no value",
    "kept by the earlier enum": "a limit every value of the earlier enum of that field meets refuses nothing it took",
}
LOWER = {"maximum", "exclusiveMaximum", "maxItems", "maxLength"}
UPPER = {"minimum", "exclusiveMinimum", "minItems", "minLength"}
HANDLED = {"enum", "pattern", "field", *LOWER, *UPPER}
_COMMIT = r"[0-9a-f]{7,40}"
_SECTION_COMMIT = re.compile(rf"commits? `({_COMMIT})`")
_ROW_COMMIT = re.compile(rf"(?:@\s*|commit\s+)`?({_COMMIT})\b`?")
_DATED_COMMIT = re.compile(rf"`({_COMMIT})`[^|\n.;]*?\((\d{{4}}-\d{{2}}-\d{{2}})\)")
_TICKED = re.compile(r"`([^`]+)`")
_WORD = r"(?:`[^`]+`|[\w.:+-]+)"
_WORDS = rf"({_WORD}(?:(?:\s*,\s*|\s+and\s+|\s*,\s*and\s+){_WORD})*)"  # "2K and `4K`", "a, b, and c"
_MOVED = re.compile(rf"{_WORDS}\s+moved to `([\w.]+)`")
_REMOVED = re.compile(rf"{_WORDS}\s+removed")
_NUMBER = re.compile(r"-?\d[\d,]*(?:\.\d+)?")
_RULE_LIMIT = re.compile(r"at (most|least) `?(\d[\d,]*)`? (bytes|characters|items)\b")
_PAGE = re.compile(r"`?([\w./-]+\.(?:json|mdx))`?")


class ChangesError(Exception):
    """CHANGES.md has a row this generator cannot read: the message names the file and line."""


@dataclass(frozen=True)
class Row:
    """One row of a request-field table, with where it is and when its change happened."""

    path: Path
    line: int
    section: str
    model: str
    field: str
    what: str
    earlier: str
    now: str
    source: str
    commit: str
    date: str | None
    page: str | None = None

    def error(self, message: str) -> ChangesError:
        """A ChangesError naming this row's file and line."""
        return ChangesError(f"{self.path}:{self.line}: {message} (row: {self.model} | {self.field} | {self.what})")


@dataclass
class _Section:
    """A ``##`` section as it is read: its prose so far, its table's header, and the page a "same page" means."""

    title: str
    prose: list[str] = field(default_factory=list)
    header: tuple[str, ...] | None = None
    last_page: str | None = None
    last_commit: str | None = None

    def provenance(self, source: str, intro: Sequence[str]) -> tuple[str | None, str | None]:
        """A row's commit and page, from its source cell, else the row above it ("same page"), else the prose."""
        same_page = source.startswith("same page")
        commit_match, page_match = _ROW_COMMIT.search(source), _PAGE.search(source)
        own = commit_match.group(1) if commit_match else None
        if page_match:
            self.last_page, self.last_commit = page_match.group(1), own
        elif same_page and own:
            self.last_commit = own
        commit = own or (self.last_commit if same_page else None)
        commit = commit or _first_commit([self.title, *self.prose]) or _first_commit(intro)
        return commit, self.last_page if page_match or same_page else None


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _dates(text: str) -> dict[str, str]:
    """Each commit the file dates: ``commit `<hex>` ... (YYYY-MM-DD)`` within one sentence."""
    return {match.group(1): match.group(2) for match in _DATED_COMMIT.finditer(text)}


def _dated(commit: str, dates: Mapping[str, str]) -> str | None:
    """The date of *commit*, matching a longer or shorter spelling of the same hash."""
    return next((date for known, date in dates.items() if known.startswith(commit) or commit.startswith(known)), None)


def _first_commit(texts: Sequence[str]) -> str | None:
    for text in texts:
        if match := _SECTION_COMMIT.search(text):
            return match.group(1)
    return None


def _is_header(cells: Sequence[str], where: str) -> bool:
    """Whether a table row is a request-field table's header (one of the wrong width is an error)."""
    if tuple(cell.lower() for cell in cells[:3]) != HEADER:
        return False
    if len(cells) != COLUMNS:
        raise ChangesError(
            f"{where}: a request-field table has {COLUMNS} columns (model, field, what, the earlier value, the value "
            f"now, source), not {len(cells)}"
        )
    return True


def read_rows(path: Path) -> list[Row]:
    """Every row of every request-field table of *path*, in order; a ChangesError naming the line of a broken one."""
    text = path.read_text(encoding="utf-8")
    dates = _dates(" ".join(text.split()))
    intro: list[str] = []
    section: _Section | None = None
    rows: list[Row] = []
    for number, line in enumerate(text.splitlines(), start=1):
        where = f"{path}:{number}"
        if line.startswith("## "):
            section = _Section(line[3:].strip())
        elif not line.startswith("|"):
            (section.prose if section is not None else intro).append(line)
            if section is not None and line.strip():
                section.header = None  # prose after a table ends it
        elif section is None:
            raise ChangesError(f"{where}: a table before the first section ('## ...')")
        elif SEPARATOR.match(line) or (section.header is None and not _is_header(_cells(line), where)):
            continue  # a separator, or a row of another kind of table (responses, ...)
        elif section.header is None:
            section.header = tuple(_cells(line))
        else:
            rows.append(_row(_cells(line), where, section, intro, dates))
    return rows


def _row(cells: Sequence[str], where: str, section: _Section, intro: Sequence[str], dates: Mapping[str, str]) -> Row:
    if len(cells) != COLUMNS:
        raise ChangesError(f"{where}: {len(cells)} cells where the table's header has {COLUMNS}")
    model, field_name, what, earlier, now, source = cells
    if not model or not field_name or not what:
        raise ChangesError(f"{where}: the model, field and what of a row must not be empty")
    commit, page = section.provenance(source, intro)
    if commit is None:
        raise ChangesError(
            f"{where}: no docs commit for this row: name one in its source (@ <hex>) or in its section (commit `<hex>`)"
        )
    path, _, line = where.rpartition(":")
    return Row(
        path=Path(path),
        line=int(line),
        section=section.title,
        model=model.strip("`"),
        field=field_name.strip("`"),
        what=what,
        earlier=earlier,
        now=now,
        source=source,
        commit=commit,
        date=_dated(commit, dates),
        page=page,
    )


def _value(text: str) -> Any:
    """A cell's value: JSON where it parses (``1``, ``[1, 2]``), the text otherwise (``2K``, ``1:1``)."""
    try:
        return json.loads(text)
    except ValueError:
        return text


def _ticked(cell: str) -> list[Any]:
    """The backticked values of a cell; a backticked JSON list counts as its items."""
    values: list[Any] = []
    for raw in _TICKED.findall(cell):
        value = _value(raw)
        values.extend(value if isinstance(value, list) else [value])
    return values


def _named(phrase: str) -> list[Any]:
    """The values a phrase like "2K and `4K`" names."""
    words = re.split(r"\s*,\s*and\s+|\s*,\s*|\s+and\s+", phrase.strip())
    return [_value(word.strip().strip("`")) for word in words if word.strip()]


def _bound(cell: str, row: Row) -> float | int | None:
    """A limit cell's number (``60,000 bytes`` is 60000), or None for ``none``."""
    if cell.lower().startswith("none"):
        return None
    match = _NUMBER.search(cell)
    if match is None:
        raise row.error(f"a limit row needs a number or 'none' in each value cell, not {cell!r}")
    number = float(match.group(0).replace(",", ""))
    return int(number) if number.is_integer() else number


@dataclass(frozen=True)
class _Spec:
    """What the generator checks entries against: the compiled catalogue's models."""

    models: Mapping[str, Mapping[str, Any]]  # by id
    ids: Mapping[str, str]  # every id and former id -> current id

    @classmethod
    def of(cls, models: Sequence[Mapping[str, Any]]) -> _Spec:
        ids = {name: model["id"] for model in models for name in (model["id"], *model.get("former_ids", ()))}
        return cls({model["id"]: model for model in models}, ids)

    def schema(self, model: str, path: str) -> Mapping[str, Any] | None:
        """The schema of a field (dotted: nested) of *model*, or of any model for ``*``; None when it has none."""
        candidates = self.models.values() if model == "*" else [self.models[self.ids[model]]]
        for candidate in candidates:
            head, *rest = path.split(".")
            node: Any = candidate["fields"].get(head, {}).get("schema")
            for part in rest:
                node = (node or {}).get("properties", {}).get(part)
            if node is not None:
                return node
        return None


def _takes(schema: Mapping[str, Any], value: Any) -> bool:
    """Whether a field schema takes *value* by its enum, const and pattern (the rest is the API's to judge)."""
    if "enum" in schema and value not in schema["enum"]:
        return False
    if "const" in schema and value != schema["const"]:
        return False
    return not ("pattern" in schema and not (isinstance(value, str) and re.search(schema["pattern"], value)))


def _entry(  # noqa: PLR0917 - one entry's every part
    row: Row, kind: str, old: Any, new: Any = None, keyword: str | None = None, measure: str | None = None
) -> dict[str, Any]:
    page = f": {row.page}" if row.page else ""
    return {
        "model": row.model,
        "field": row.field,
        "kind": kind,
        "old": old,
        "new": new,
        "keyword": keyword,
        "measure": measure,
        "now": _TICKED.sub(r"\1", row.now),
        "commit": row.commit,
        "date": row.date,
        "source": f"openapi/CHANGES.md, {row.section}{page}",
    }


def _moved_and_removed(row: Row, spec: _Spec) -> Iterator[dict[str, Any]]:
    """The values a row names as moved to another field, or removed."""
    earlier = _ticked(row.earlier)
    for match in _MOVED.finditer(row.now):
        target = match.group(2)
        for value in _named(match.group(1)):
            if value not in earlier:
                raise row.error(f"{value!r} moved, says the value now, but the earlier value does not name `{value}`")
            schema = spec.schema(row.model, target)
            if schema is None or not _takes(schema, value):
                raise row.error(f"{value!r} moved to `{target}`, but the spec's {target} does not take it")
            yield _entry(row, "moved", value, target)
    for match in _REMOVED.finditer(row.now):
        for value in _named(match.group(1)):
            if value not in earlier:
                raise row.error(f"{value!r} removed, says the value now, but the earlier value does not name it")
            yield _entry(row, "removed", value)


def _enum(row: Row, spec: _Spec) -> Iterator[dict[str, Any]]:
    entries = list(_moved_and_removed(row, spec))
    yield from entries
    if row.earlier.lower().startswith("none"):
        return  # an enum where there was none: no earlier value is named
    earlier, now = _ticked(row.earlier), _ticked(_MOVED.sub("", row.now))
    if not earlier:
        raise row.error("an enum row names its earlier values in backticks (`a`, `b` or `[1, 2]`), or says none")
    if not now:
        return  # no list now ("none (any integer)"): widened
    named = {repr(entry["old"]) for entry in entries}
    yield from (_entry(row, "removed", value) for value in earlier if value not in now and repr(value) not in named)


def _model_id(row: Row, spec: _Spec) -> Iterator[dict[str, Any]]:
    """An id or alias row: the row's model is the earlier name; the value now names the current id, or none."""
    if row.field != MODEL_FIELD:
        raise row.error(f"an {row.what} row is about the field `{MODEL_FIELD}`, not {row.field!r}")
    keyword = "alias" if row.what == "alias" else None
    current = next((value for value in _ticked(row.now) if value in spec.ids and value != row.model), None)
    if current is None:
        yield _entry(row, "removed", row.model, keyword=keyword)
    else:
        yield _entry(replace(row, model=spec.ids[current]), "renamed", row.model, current, keyword=keyword)


def _measure(keyword: str, row: Row) -> str:
    if "Items" in keyword:
        return "items"
    if "Length" in keyword:
        return "bytes" if "byte" in row.now.lower() else "characters"
    return "value"


def _limit(row: Row) -> Iterator[dict[str, Any]]:
    earlier, now = _bound(row.earlier, row), _bound(row.now, row)
    if now is None:
        return  # the limit dropped: widened
    stricter = earlier is None or (now < earlier if row.what in LOWER else now > earlier)
    if stricter:
        yield _entry(row, "limit", earlier, now, row.what, _measure(row.what, row))


def _rule_limit(row: Row) -> Iterator[dict[str, Any]]:
    """A prose rule whose value now reads "at most `N` bytes" (characters, items): a limit; any other rule: none."""
    now = _RULE_LIMIT.match(row.now)
    earlier = _RULE_LIMIT.match(row.earlier)
    if now is None or not (earlier or row.earlier.lower().startswith("none")):
        return
    most, unit = now.group(1) == "most", now.group(3)
    if earlier is not None and (earlier.group(1), earlier.group(3)) != (now.group(1), unit):
        return  # a different kind of limit before: not comparable
    keyword = ("max" if most else "min") + ("Items" if unit == "items" else "Length")
    bound = int(now.group(2).replace(",", ""))
    old = int(earlier.group(2).replace(",", "")) if earlier else None
    if old is None or (bound < old if most else bound > old):
        yield _entry(row, "limit", old, bound, keyword, unit)


def _field(row: Row) -> Iterator[dict[str, Any]]:
    if row.earlier.lower().startswith("none"):
        return  # a field added
    moved = re.search(r"moved to `([\w.]+)`", row.now)
    if moved:
        yield _entry(row, "field", row.field, moved.group(1))
    elif row.now.lower().startswith(("none", "removed")):
        yield _entry(row, "field", row.field)


def _entries(row: Row, spec: _Spec) -> Iterator[dict[str, Any]]:
    what = row.what
    if what in {"default", "former id"} or row.field == "*":
        return
    if what in {"id", "alias"}:
        yield from _model_id(row, spec)
        return
    if not what.startswith("rule ") and what not in HANDLED:
        known = ", ".join(sorted([*HANDLED, "alias", "default", "former id", "id", "rule <name>"]))
        raise row.error(f"what {what!r} is neither handled nor skipped by scripts/former_values.py (known: {known})")
    if row.model != "*" and row.model not in spec.ids:
        raise row.error(f"the spec has no model {row.model!r}")
    row = row if row.model == "*" else replace(row, model=spec.ids[row.model])  # a former id: its current one
    if what.startswith("rule "):
        yield from _rule_limit(row)
    elif what == "field":
        yield from _field(row)
    elif what in LOWER | UPPER:
        yield from _limit(row)
    else:
        yield from (_enum(row, spec) if what == "enum" else _moved_and_removed(row, spec))


_HOLDS = {
    "maximum": operator.le,
    "exclusiveMaximum": operator.lt,
    "minimum": operator.ge,
    "exclusiveMinimum": operator.gt,
}


def _within(value: Any, keyword: str, bound: float) -> bool:
    """Whether an earlier enum value meets a limit (a value that is no number always does: the limit is not its)."""
    holds = _HOLDS.get(keyword)
    number = isinstance(value, int | float) and not isinstance(value, bool)
    return holds is None or not number or bool(holds(value, bound))


def _taken_before(rows: Sequence[Row], found: list[tuple[Row, dict[str, Any]]]) -> list[dict[str, Any]]:
    """The entries, without the limits that every value of the same section's earlier enum of that field meets.

    A bound added where the earlier docs listed the values (``n``: `[1, 2, 4]`, now 1 to 4) refuses nothing they took.
    """
    listed = {(row.section, row.model, row.field): _ticked(row.earlier) for row in rows if row.what == "enum"}
    kept = []
    for row, entry in found:
        values = listed.get((row.section, row.model, row.field))
        if entry["kind"] == "limit" and values and all(_within(v, entry["keyword"], entry["new"]) for v in values):
            continue
        kept.append(entry)
    return kept


def former_values(path: Path, models: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The entries of every request-field row of *path*, checked against the compiled *models*."""
    spec = _Spec.of(models)
    rows = read_rows(path)
    return _taken_before(rows, [(row, entry) for row in rows for entry in _entries(row, spec)])
