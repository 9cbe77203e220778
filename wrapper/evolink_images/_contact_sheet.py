"""A batch's contact sheet: its images with their prompts and models, its failures with their reasons, in pages.

Up to :data:`PAGE_SIZE` images, ``index.html`` is the whole sheet. Beyond, ``index.html`` holds the totals, the
credits table and a link to each page (``page-1.html``, ``page-2.html``, ...), and each page up to
:data:`PAGE_SIZE` images, so a sheet of any size opens. The sheet is written from the results kept on disk, one
family at a time (a result and its follow-ups, never split across pages), and every file is private (0600): it
holds every prompt.
"""

from __future__ import annotations

import html
import os
import re
from collections.abc import Iterator
from pathlib import Path

import attrs

from ._batch_results import BatchResult, LineResult, Stored
from ._effects import Remove, WriteText
from ._local_io import perform_local
from ._spending import Spending, SpendingTotals

__all__ = ["PAGE_SIZE", "write_contact_sheet"]

# The images a page holds (a result without images counts as one); a family bigger than this has a page of its own.
PAGE_SIZE = 250
_PAGE_NAME = re.compile(r"page-([0-9]+)\.html")

_Family = list[tuple[LineResult, str | None]]


def write_contact_sheet(result: BatchResult, out_dir: Path) -> Path:
    """``index.html`` in *out_dir* (and its pages, beyond :data:`PAGE_SIZE` images); returns its path.

    Every image with its prompt and model, failures with their reason; a follow-up of another result of the sheet
    comes right after it, in one group, marked ``upscale #2 of <key>``. Pages of an earlier, longer sheet are removed.
    """
    count = len(result)
    done = result.count("done") + result.count("skipped")
    costs = _costs_table(result.spending())
    pages: list[str] = []  # each written page's summary
    held: _Page | None = None  # a full page, written once it is known whether another follows
    page = _Page()
    for family in _families(result):
        weight = sum(max(1, len(item.files)) for item, _ in family)
        if page.blocks and page.images + weight > PAGE_SIZE:
            if held is not None:
                pages.append(_written(held, len(pages) + 1, out_dir, done, count, last=False))
            held, page = page, _Page()
        page.add(family, out_dir, weight)
    if held is None:  # one page: the sheet is index.html, as it always was
        _remove_pages(out_dir, keep=0)
        return _write(out_dir / "index.html", _sheet(done, count, costs, page.blocks, ""))
    pages.append(_written(held, len(pages) + 1, out_dir, done, count, last=False))
    pages.append(_written(page, len(pages) + 1, out_dir, done, count, last=True))
    _remove_pages(out_dir, keep=len(pages))
    links = "\n".join(
        f'<li><a href="page-{number}.html">page {number}</a>: {summary}</li>' for number, summary in enumerate(pages, 1)
    )
    return _write(out_dir / "index.html", _sheet(done, count, costs, [], f'<ol class="pages">\n{links}\n</ol>'))


@attrs.define
class _Page:
    """The families of one page, as HTML, and what they hold."""

    blocks: list[str] = attrs.field(factory=list)
    images: int = 0
    results: int = 0
    done: int = 0
    first: str = ""
    last: str = ""

    def add(self, family: _Family, out_dir: Path, weight: int) -> None:
        cards = [_card(item, out_dir, lineage) for item, lineage in family]
        self.blocks.append(
            cards[0] if len(cards) == 1 else '<section class="family">\n' + "\n".join(cards) + "\n</section>"
        )
        self.images += weight
        self.results += len(family)
        self.done += sum(item.outcome in {"done", "skipped"} for item, _ in family)
        self.first = self.first or family[0][0].line.key
        self.last = family[-1][0].line.key

    def summary(self) -> str:
        """``250 result(s), 248 done: shot-000 to shot-249``."""
        return f"{self.results} result(s), {self.done} done: {html.escape(self.first)} to {html.escape(self.last)}"


def _written(page: _Page, number: int, out_dir: Path, done: int, count: int, *, last: bool) -> str:
    """Write *page* as ``page-<number>.html``; its summary for the index."""
    links = ['<a href="index.html">index</a>']
    links += [f'<a href="page-{number - 1}.html">previous</a>'] if number > 1 else []
    links += [] if last else [f'<a href="page-{number + 1}.html">next</a>']
    nav = f'<nav class="pages">page {number}: {" · ".join(links)}</nav>'
    _write(out_dir / f"page-{number}.html", _sheet(done, count, "", page.blocks, nav, page=number))
    return page.summary()


def _sheet(done: int, count: int, costs: str, blocks: list[str], nav: str, *, page: int | None = None) -> str:
    title = f"evolink-images batch: {done} of {count} done" + (f", page {page}" if page is not None else "")
    head = "\n".join(part for part in (costs, nav) if part)
    return _PAGE.format(
        title=title,
        head=head,
        cards="\n".join(blocks),
        family_style=_FAMILY_STYLE if any(block.startswith("<section") for block in blocks) else "",
        pages_style=_PAGES_STYLE if nav else "",
    )


def _write(path: Path, page: str) -> Path:
    perform_local(WriteText(path, page), None)  # private, as it holds prompts; replaced at once
    return path


def _remove_pages(out_dir: Path, keep: int) -> None:
    """Remove the pages of an earlier sheet beyond the first *keep*."""
    for path in out_dir.glob("page-*.html"):
        found = _PAGE_NAME.fullmatch(path.name)
        if found and int(found[1]) > keep:
            perform_local(Remove(path), None)


# ---------------------------------------------------------------------------------------------------- families
def _families(result: BatchResult) -> Iterator[_Family]:
    """The results in groups: one with its follow-ups in the sheet, each marked with what it did to which result."""
    family: _Family = []
    for stored, depth in _ordered(result):
        item = result.item(stored.seq)
        if depth == 0 or stored.label is None or stored.parent_task_id is None:
            if family:
                yield family
            family = [(item, None)]
        else:
            parent = result.first_with_task(stored.parent_task_id)
            family.append((item, f"{stored.label} of {parent.key if parent else stored.parent_task_id}"))
    if family:
        yield family


def _ordered(result: BatchResult) -> Iterator[tuple[Stored, int]]:
    """Each result with its depth: in line order, a follow-up right after the result it follows (and its siblings).

    As :func:`~evolink_images._lineage.family_order` orders a list, read from the database one row at a time; a
    result in a loop of parents (bad data) comes at depth 0 after the others rather than being lost.
    """
    reached = 0
    for row in result.stored():
        if _parent(result, row) is None:
            for pair in _walk(result, row, set()):
                reached += 1
                yield pair
    if reached == len(result):
        return
    seen: set[int] = set()  # only the rows a loop of parents hides from every root
    for row in result.stored():
        if row.seq not in seen and _in_loop(result, row):
            yield from _walk(result, row, seen)


def _parent(result: BatchResult, row: Stored) -> Stored | None:
    """The result *row* follows up, when it is on the sheet (the first result of that task)."""
    if row.parent_task_id is None:
        return None
    parent = result.first_with_task(row.parent_task_id)
    return parent if parent is not None and parent.seq != row.seq else None


def _children(result: BatchResult, row: Stored) -> list[Stored]:
    if row.task_id is None:
        return []
    first = result.first_with_task(row.task_id)
    if first is None or first.seq != row.seq:
        return []
    return [child for child in result.follow_ups(row.task_id) if child.seq != row.seq]


def _walk(result: BatchResult, root: Stored, seen: set[int]) -> Iterator[tuple[Stored, int]]:
    stack = [(root, 0)]  # not recursive: a chain of variations of variations may be long
    while stack:
        row, depth = stack.pop()
        if row.seq in seen:
            continue
        seen.add(row.seq)
        yield row, depth
        stack.extend((child, depth + 1) for child in reversed(_children(result, row)))


def _in_loop(result: BatchResult, row: Stored) -> bool:
    """Whether following *row*'s parents comes round again (so no root reaches it)."""
    visited = {row.seq}
    parent = _parent(result, row)
    while parent is not None:
        if parent.seq in visited:
            return True
        visited.add(parent.seq)
        parent = _parent(result, parent)
    return False


# ---------------------------------------------------------------------------------------------------- HTML
def _credits(value: float) -> str:
    return f"{value:.4f}".rstrip("0").rstrip(".")


def _costs_table(spending: Spending) -> str:
    """The run's credits by model and in all: reserved, charged, refunded (held and lost, when any task is so)."""
    if not spending.by_model:
        return '<p class="costs">No task was created or finished by this run: nothing was reserved or charged.</p>'
    held, lost = spending.total.held > 0, spending.total.lost_tasks > 0
    head = "<th>model</th><th>tasks</th><th>reserved</th><th>charged</th><th>refunded</th>"
    head += "<th>still held</th>" if held else ""
    head += "<th>lost (charge unknown)</th>" if lost else ""

    def row(name: str, totals: SpendingTotals, tag: str = "td") -> str:
        cells = [str(totals.tasks), *(_credits(v) for v in (totals.reserved, totals.charged, totals.refunded))]
        cells += [_credits(totals.held)] if held else []
        cells += [_credits(totals.lost)] if lost else []
        return f"<tr><{tag}>{html.escape(name)}</{tag}>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>"

    rows = [row(model, totals) for model, totals in spending.by_model.items()]
    rows.append(row("in all", spending.total, "th"))
    return (
        '<table class="costs"><caption>Credits of this run</caption>'
        f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
    )


def _card(item: LineResult, out_dir: Path, lineage: str | None) -> str:
    """One result's figure: its images (or why it has none), its key, model and prompt, and what it follows up."""
    request = item.line.request
    title = f"{html.escape(item.line.key)} · {html.escape(request.model_id)}"
    links = [html.escape(os.path.relpath(path, out_dir)) for path in item.files]
    alt = html.escape(item.line.key)
    images = "".join(f'<a href="{link}"><img src="{link}" alt="{alt}" loading="lazy"></a>' for link in links)
    status = "" if item.files else f'<p class="status">{html.escape(item.outcome)}: {html.escape(item.message)}</p>'
    marker = f'<em class="lineage">{html.escape(lineage)}</em>' if lineage else ""
    return (
        f'<figure class="{html.escape(item.outcome)}">{images}{status}<figcaption>{marker}<strong>{title}</strong>'
        f"<span>{html.escape(str(request.body.get('prompt', '')))}</span></figcaption></figure>"
    )


_FAMILY_STYLE = """.family { grid-column: 1 / -1; display: grid; gap: 16px; padding: 12px; border: 2px dashed #bbb;
  border-radius: 12px; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); }
.lineage { display: block; font-size: 12px; font-style: normal; color: #36c; margin-bottom: 2px; }
"""
_PAGES_STYLE = """.pages { margin: 0 0 16px; line-height: 1.8; }
"""
_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title>
<style>
body {{ font: 14px system-ui, sans-serif; margin: 24px; background: #f6f6f6; color: #222; }}
main {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(220px, 1fr)); gap: 16px; }}
figure {{ margin: 0; background: #fff; border-radius: 8px; padding: 8px; box-shadow: 0 1px 3px #0002; }}
figure img {{ width: 100%; height: 200px; object-fit: contain; background: #eee; display: block; margin-bottom: 4px; }}
figcaption strong {{ display: block; font-size: 12px; color: #555; }}
figcaption span {{ display: block; margin-top: 4px; }}
.failed, .ambiguous, .lost, .not_sent {{ outline: 2px solid #c33; }}
.status {{ color: #c33; font-size: 12px; }}
.costs {{ margin: 0 0 16px; border-collapse: collapse; background: #fff; }}
.costs th, .costs td {{ padding: 4px 10px; border: 1px solid #ddd; text-align: right; }}
.costs caption {{ text-align: left; font-weight: bold; padding-bottom: 4px; }}
{family_style}{pages_style}</style></head>
<body><h1>{title}</h1>
{head}
<main>
{cards}
</main></body></html>
"""
