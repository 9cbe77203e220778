"""The lock: what the spec was reconciled against (``openapi/upstream.lock.json``), and how the docs moved since.

The lock holds, for every docs page the spec uses (each model's ``x-evolink-source``, the files service's pages,
the account pages, the task-detail page, the error codes page, and any page a ``page:`` key names), the page record of
``upstream_pages`` (its commit and files, request schema, examples, responses, text; a files page's hosts and
operations) and ``passages``: each passage the spec cites on it with the facts that depend on it. ``facts`` lists
the facts that cite no passage, ``index`` every file of the docs folders read that belongs to no recorded page
(commit and SHA-256), so that a page added, moved or removed is seen.

``build_lock`` writes it from a spec and a docs tree; ``compare_facts`` holds the spec's facts to the ones recorded;
``diff_lock`` reports what changed between the lock and a docs tree, page by page.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from upstream_compare import ABSENT, Finding, SchemaWalk, data, fact_page, nearest, same
from upstream_pages import OPERATION_KINDS, page_text
from upstream_spec import Fact, models, spec_facts

FORMAT = 1
REPOSITORY = "Pharmacist9527/mintlify-docs"
ABOUT = (
    "What openapi/evolink-images.yaml was last reconciled against: EvoLink's docs pages it uses, as read, and the "
    "facts it takes from their prose. Written by `make upstream-sync DOCS=<docs tree>`; never edited by hand."
)
ONE_LINE = 110


class LockError(Exception):
    """The lock is missing or cannot be read."""


# ---------------------------------------------------------------------------------------------------- writing
def fact_entry(fact: Fact) -> dict[str, Any]:
    """A fact as the lock records it."""
    return {"model": fact.model, "field": fact.field, "fact": fact.fact, "value": fact.value}


def _order(entry: Mapping[str, Any]) -> tuple[str, str, str]:
    return str(entry["model"]), str(entry["field"]), str(entry["fact"])


def build_lock(spec: Mapping[str, Any], tree: Mapping[str, Any]) -> dict[str, Any]:
    """The lock recording *tree* as the docs the spec now agrees with."""
    facts = spec_facts(spec)
    sources = {model.id: model.source for model in models(spec)}
    pages = tree["pages"]
    kinds = {"image", "task", *OPERATION_KINDS}
    used = {path for path, page in pages.items() if page.get("kind") in kinds or page.get("error_codes")}
    used |= {page for fact in facts if (page := fact_page(fact, sources, pages)) in pages}
    recorded = {path: {**pages[path], "passages": {}} for path in sorted(used)}
    files = {name for page in recorded.values() for name in page["files"]}
    loose: list[dict[str, Any]] = []
    texts = {path: page_text(pages[path]) for path in recorded}
    for fact in facts:
        page = fact_page(fact, sources, pages)
        passage = fact.cited(texts[page]) if page in texts else None
        if passage is not None and page in recorded:
            recorded[page]["passages"].setdefault(passage, []).append(fact_entry(fact))
        else:
            loose.append(fact_entry(fact))
    for kept in recorded.values():
        for entries in kept["passages"].values():
            entries.sort(key=_order)
    return {
        "about": ABOUT,
        "format": FORMAT,
        "repository": REPOSITORY,
        "pages": recorded,
        "index": {name: entry for name, entry in sorted(tree["index"].items()) if name not in files},
        "facts": sorted(loose, key=_order),
    }


def dumps(value: Any, indent: int = 0) -> str:
    """Deterministic JSON: sorted keys, one level per line, short values kept on one line (readable diffs)."""
    flat = json.dumps(value, ensure_ascii=False, sort_keys=True)
    if len(flat) + indent <= ONE_LINE or not isinstance(value, dict | list) or not value:
        return flat
    pad = " " * (indent + 1)
    if isinstance(value, dict):
        items = [
            f"{pad}{json.dumps(key, ensure_ascii=False)}: {dumps(value[key], indent + 1)}" for key in sorted(value)
        ]
        return "{\n" + ",\n".join(items) + "\n" + " " * indent + "}"
    return "[\n" + ",\n".join(f"{pad}{dumps(item, indent + 1)}" for item in value) + "\n" + " " * indent + "]"


def write_lock(path: Path, lock: Mapping[str, Any]) -> None:
    """Write the lock deterministically."""
    path.write_text(dumps(lock) + "\n", encoding="utf-8")


def read_lock(path: Path) -> dict[str, Any]:
    """The lock at *path*."""
    if not path.is_file():
        raise LockError(f"{path} does not exist: record one with `make upstream-sync DOCS=<a docs tree>`")
    try:
        lock = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise LockError(f"{path}: not JSON ({exc})") from exc
    if not isinstance(lock, dict) or lock.get("format") != FORMAT or not isinstance(lock.get("pages"), dict):
        raise LockError(f"{path}: not a lock of format {FORMAT}")
    return lock


# ---------------------------------------------------------------------------------------------------- the spec
def recorded_facts(lock: Mapping[str, Any]) -> dict[tuple[str, str, str], tuple[Any, str | None, str | None]]:
    """Every fact the lock records: (model, field, fact) -> (value, passage, page)."""
    found: dict[tuple[str, str, str], tuple[Any, str | None, str | None]] = {}
    for path, page in lock["pages"].items():
        for passage, entries in (page.get("passages") or {}).items():
            for entry in entries:
                found[_order(entry)] = (entry["value"], passage, path)
    for entry in lock.get("facts") or []:
        found[_order(entry)] = (entry["value"], None, None)
    return found


def _equal(one: Any, other: Any) -> bool:
    return json.dumps(data(one), sort_keys=True) == json.dumps(data(other), sort_keys=True)


def compare_facts(spec: Mapping[str, Any], lock: Mapping[str, Any]) -> Iterator[Finding]:
    """The spec's facts against the ones the lock records: values, passages, facts added or dropped."""
    recorded = recorded_facts(lock)
    sources = {model.id: model.source for model in models(spec)}
    seen: set[tuple[str, str, str]] = set()
    texts = {path: page_text(page) for path, page in lock["pages"].items()}
    for fact in spec_facts(spec):
        seen.add(fact.key)
        page = fact_page(fact, sources, lock["pages"]) or ""
        if fact.key not in recorded:
            note = "a fact the lock does not record: reconcile, then make upstream-sync"
            yield Finding(page, fact.model, fact.field, fact.fact, fact.value, ABSENT, note)
            continue
        value, passage, where = recorded[fact.key]
        if not _equal(fact.value, value):
            yield Finding(page, fact.model, fact.field, fact.fact, fact.value, value)
        mine = fact.cited(texts.get(page))
        if mine != passage or (mine and where != page):
            yield Finding(page, fact.model, fact.field, f"{fact.fact}: passage", [mine, page], [passage, where])
    for key, (value, _passage, where) in sorted(recorded.items()):
        if key not in seen:
            yield Finding(where or "", key[0], key[1], key[2], ABSENT, value, "a fact the spec no longer states")


# ---------------------------------------------------------------------------------------------------- the docs
def _label(page: Mapping[str, Any]) -> str:
    ids = [str(entry.get("operation_id") or name) for name, entry in (page.get("operations") or {}).items()]
    return ",".join(page.get("models") or ids) or str(page.get("kind", "page"))


def diff_operations(path: str, label: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Finding]:
    """A files page's operations: added or removed, and each one's body, content types, examples and responses."""
    for name in sorted(set(old) | set(new)):
        was, now = old.get(name), new.get(name)
        if was is None or now is None:
            what = "operation added" if was is None else "operation removed"
            yield Finding(path, label, name, what, ABSENT if was is None else name, ABSENT if now is None else name)
            continue
        if was.get("operation_id") != now.get("operation_id"):
            yield Finding(path, label, name, "operationId", was.get("operation_id"), now.get("operation_id"))
        if was.get("content_types") != now.get("content_types"):
            yield Finding(path, label, name, "content type", was.get("content_types"), now.get("content_types"))
        walk = SchemaWalk(path, f"{label} {name}", ignore=frozenset(), recorded=False)
        yield from walk.compare("", was.get("request") or {}, now.get("request") or {})
        for key in sorted(set(was.get("examples") or {}) | set(now.get("examples") or {})):
            before, after = (was.get("examples") or {}).get(key), (now.get("examples") or {}).get(key)
            if not _equal(before, after):
                yield Finding(path, label, f"{name} examples.{key}", "request example", before, after)
        yield from deep(path, label, f"{name} responses", was.get("responses") or {}, now.get("responses") or {})


def excerpt(old: str, new: str, context: int = 50) -> tuple[str, str]:
    """The part of two texts that differs, with a little context around it."""
    start = 0
    while start < min(len(old), len(new)) and old[start] == new[start]:
        start += 1
    end = 0
    while end < min(len(old), len(new)) - start and old[-1 - end] == new[-1 - end]:
        end += 1
    begin = max(0, start - context)
    head = "..." if begin else ""

    def cut(text: str) -> str:
        stop = len(text) - max(0, end - context)
        return head + text[begin:stop] + ("..." if stop < len(text) else "")

    return cut(old), cut(new)


def diff_text(path: str, label: str, old: list[list[str]], new: list[list[str]]) -> Iterator[Finding]:
    """The page's prose, string by string: what was removed, added or reworded, and where."""
    before, after = [text for _where, text in old], [text for _where, text in new]
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            continue
        for offset in range(max(i2 - i1, j2 - j1)):
            was = old[i1 + offset] if i1 + offset < i2 else None
            now = new[j1 + offset] if j1 + offset < j2 else None
            where = (was or now or ["", ""])[0]
            if was and now:
                shown_old, shown_new = excerpt(was[1], now[1])
                yield Finding(path, label, where, "text", shown_old, shown_new)
            else:
                yield Finding(path, label, where, "text", was[1] if was else ABSENT, now[1] if now else ABSENT)


def deep(path: str, label: str, where: str, old: Any, new: Any) -> Iterator[Finding]:
    """Every leaf on which two JSON values differ (``properties`` and ``schema`` left out of the paths)."""
    if isinstance(old, Mapping) and isinstance(new, Mapping):
        for key in sorted(set(old) | set(new), key=str):
            inner = where if key in {"properties", "schema"} else f"{where}.{key}" if where else str(key)
            yield from deep(path, label, inner, old.get(key, ABSENT), new.get(key, ABSENT))
        return
    field, _, what = where.rpartition(".")
    if not same(old, new, what):
        yield Finding(path, label, field, what, old, new)


def passages_lost(path: str, page: Mapping[str, Any], text: str | None) -> Iterator[Finding]:
    """Each passage of a lock page that is not in *text* (None: the page is gone), with the facts on it."""
    for passage, entries in sorted((page.get("passages") or {}).items()):
        if text is not None and passage in text:
            continue
        facts = "; ".join(f"{e['model']}.{e['field'] or '-'}: {e['fact']} = {json.dumps(e['value'])}" for e in entries)
        first = entries[0] if entries else {"model": _label(page), "field": ""}
        found = nearest(passage, text) if text else None
        yield Finding(
            path, first["model"], first["field"], "passage", passage, found, f"facts that depend on it: {facts}"
        )


def diff_page(path: str, old: Mapping[str, Any], new: Mapping[str, Any]) -> Iterator[Finding]:
    """Everything that changed on one page since the lock."""
    label = _label(old)
    findings: list[Finding] = []
    for name in sorted(set(old.get("files") or {}) | set(new.get("files") or {})):
        was, now = (old.get("files") or {}).get(name) or {}, (new.get("files") or {}).get(name) or {}
        if was.get("commit") != now.get("commit"):
            findings.append(Finding(path, label, name, "commit", was.get("commit"), now.get("commit")))
    if set(old.get("models") or []) != set(new.get("models") or []):
        findings.append(Finding(path, label, "", "model ids", old.get("models"), new.get("models")))
    walk = SchemaWalk(path, label, ignore=frozenset(), recorded=False)
    if "request" in old or "request" in new:
        findings += walk.compare("", old.get("request") or {}, new.get("request") or {})
    for name in sorted(set(old.get("examples") or {}) | set(new.get("examples") or {})):
        was, now = (old.get("examples") or {}).get(name), (new.get("examples") or {}).get(name)
        if not _equal(was, now):
            findings.append(Finding(path, label, f"examples.{name}", "request example", was, now))
    findings += deep(path, label, "responses", old.get("responses") or {}, new.get("responses") or {})
    findings += deep(path, label, "parameters", old.get("parameters") or [], new.get("parameters") or [])
    if (old.get("servers") or []) != (new.get("servers") or []):
        findings.append(Finding(path, label, "", "servers", old.get("servers"), new.get("servers")))
    findings += diff_operations(path, label, old.get("operations") or {}, new.get("operations") or {})
    if old.get("error_codes") != new.get("error_codes"):
        findings.append(Finding(path, label, "", "error codes", old.get("error_codes"), new.get("error_codes")))
    findings += diff_text(path, label, old.get("text") or [], new.get("text") or [])
    findings += passages_lost(path, old, page_text(new))
    shas = [{name: entry.get("sha256") for name, entry in (page.get("files") or {}).items()} for page in (old, new)]
    if not findings and shas[0] != shas[1]:
        note = "in a part of the page the lock does not compare (servers, info, tags, ...): read the page"
        findings.append(Finding(path, label, "", "content", shas[0], shas[1], note))
    yield from findings


def _moved(path: str, old: Mapping[str, Any], candidates: Mapping[str, Mapping[str, Any]]) -> str | None:
    ids = set(old.get("models") or [])
    for other, page in sorted(candidates.items()):
        if (ids and ids == set(page.get("models") or [])) or (not ids and Path(other).name == Path(path).name):
            return other
    return None


def diff_lock(lock: Mapping[str, Any], tree: Mapping[str, Any]) -> list[Finding]:
    """What changed in the docs since the lock: pages added, moved or removed, and each page's changes."""
    old_pages, new_pages = lock["pages"], tree["pages"]
    fresh = {path: page for path, page in new_pages.items() if path not in old_pages}
    findings: list[Finding] = []
    for path, old in sorted(old_pages.items()):
        if path in new_pages:
            findings += diff_page(path, old, new_pages[path])
            continue
        target = _moved(path, old, fresh)
        if target is None:
            findings.append(Finding(path, _label(old), "", "page removed", path, ABSENT))
            findings += passages_lost(path, old, None)
            continue
        fresh.pop(target)
        findings.append(Finding(path, _label(old), "", "page moved", path, target))
        findings += diff_page(target, old, new_pages[target])
    for path, page in sorted(fresh.items()):
        if page.get("kind") in {"image", *OPERATION_KINDS}:
            findings.append(Finding(path, _label(page), "", "page added", ABSENT, path))
    compared = {name for page in [*old_pages.values(), *new_pages.values()] for name in page.get("files") or {}}
    old_index, new_index = lock.get("index") or {}, tree.get("index") or {}
    for name in sorted((set(old_index) | set(new_index)) - compared):
        was, now = old_index.get(name), new_index.get(name)
        if was is None or now is None:
            what = "file added" if was is None else "file removed"
            findings.append(Finding(name, "", "", what, was and was.get("commit"), now and now.get("commit")))
        elif was != now:
            findings.append(Finding(name, "", "", "file changed", was, now))
    return findings


def pages_named(facts: Iterable[Fact]) -> set[str]:
    """The pages the spec's facts name with ``page:`` (read from a docs tree besides the usual ones)."""
    return {fact.page for fact in facts if fact.page}
