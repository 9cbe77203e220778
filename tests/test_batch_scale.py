"""A batch in bounded memory (issue 24): lines are read as slots free up, results go to disk, the sheet is paged.

Memory itself is measured by ``benchmarks/batch_scale.py`` (peak RSS at 1,000 and 4,000 lines); these tests hold
the structure that keeps it flat, each beside a companion that takes the guard away and sees the check fail.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import re
from collections.abc import Iterator
from pathlib import Path

import evolink_images as ei
import pytest
from evolink_images import _batch, _batch_lines, _batch_results, _contact_sheet
from evolink_images._batch import BatchLine, BatchResult, LineResult, check_batch, run_batch, write_contact_sheet
from evolink_images._task import Task, TaskStatus
from evolink_images._validation import validate_request
from evolink_images.simulator import SimulatorServer

CONCURRENCY = 4


def write_batch(path: Path, count: int) -> Path:
    with path.open("w", encoding="utf-8") as stream:
        for n in range(count):
            stream.write(json.dumps({"model": "nano-banana", "prompt": f"study {n}", "key": f"shot-{n:04d}"}) + "\n")
    return path


def run(server: SimulatorServer, tmp_path: Path, lines: object, **options: object) -> BatchResult:
    async def go() -> BatchResult:
        async with ei.AsyncEvoLink(api_key="k", base_url=server.url, journal=tmp_path / "journal.sqlite3") as client:
            return await run_batch(client, lines, tmp_path / "out", concurrency=CONCURRENCY, **options)  # type: ignore[arg-type]

    return asyncio.run(go())


# ---------------------------------------------------------------------------------------------- lines as they come
class Reader:
    """Lines from a generator that notes, as each is taken, how far the reading runs ahead of the lines ended."""

    def __init__(self, path: Path, server: SimulatorServer) -> None:
        self.lines = check_batch(path)
        self.server = server
        self.taken = self.ended = self.most_ahead = 0
        self.creates_before_last: int | None = None

    def __iter__(self) -> Iterator[BatchLine]:
        for line in self.lines:
            self.taken += 1
            self.most_ahead = max(self.most_ahead, self.taken - self.ended)
            if self.taken == self.lines.lines:
                self.creates_before_last = self.server.simulator.stats.creates_received
            yield line

    def on_change(self, result: LineResult | None, _: BatchLine) -> None:
        self.ended += result is not None


def test_lines_are_read_as_slots_free_up_not_before_the_first_create(server: SimulatorServer, tmp_path: Path) -> None:
    reader = Reader(write_batch(tmp_path / "b.jsonl", 40), server)
    result = run(server, tmp_path, reader, on_change=reader.on_change)
    assert result.count("done") == 40
    assert reader.most_ahead <= CONCURRENCY, "never more lines read than can run"
    assert reader.creates_before_last, "creates were sent before the file's last line was read"


def test_without_the_window_every_line_is_read_before_anything_is_sent(
    server: SimulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Companion: a run that drains its lines first (as a list would) holds them all, and the check sees it."""
    drained: list[list[BatchLine]] = []

    def eager(source: Iterator[BatchLine]) -> BatchLine | None:
        if not drained:
            drained.append(list(source))  # every line, at the first pull
        return drained[0].pop(0) if drained[0] else None

    monkeypatch.setattr(_batch, "_next_line", eager)
    reader = Reader(write_batch(tmp_path / "b.jsonl", 40), server)
    run(server, tmp_path, reader, on_change=reader.on_change)
    assert reader.most_ahead == 40 and reader.creates_before_last == 0


def test_a_checked_file_is_read_again_one_line_at_a_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Iterating a BatchFile reads the file as it goes: its first line comes after one line of text was read."""
    checked = check_batch(write_batch(tmp_path / "b.jsonl", 2000))
    read = 0
    texts = _batch_lines._texts

    def counted(path: Path) -> Iterator[tuple[int, str]]:
        nonlocal read
        for pair in texts(path):
            read += 1
            yield pair

    monkeypatch.setattr(_batch_lines, "_texts", counted)
    lines = iter(checked)
    assert next(lines).key == "shot-0000" and read == 1
    assert sum(1 for _ in lines) == 1999 and read == 2000


def test_a_file_changed_after_its_check_is_not_read_on(tmp_path: Path) -> None:
    path = write_batch(tmp_path / "b.jsonl", 3)
    checked = check_batch(path)
    with path.open("a", encoding="utf-8") as stream:
        stream.write('{"model": "nano-banana", "prompt": "unchecked"}\n')
    with pytest.raises(ei.EvoLinkError, match="changed after it was checked"):
        list(checked)


# ---------------------------------------------------------------------------------------------- results on disk
def live_results() -> int:
    return sum(1 for item in gc.get_objects() if isinstance(item, LineResult))


class Census:
    """Counts the LineResult objects alive every 10th line that ends."""

    def __init__(self) -> None:
        self.ended = self.most = 0

    def __call__(self, result: LineResult | None, _: BatchLine) -> None:
        if result is not None:
            self.ended += 1
            if self.ended % 10 == 0:
                self.most = max(self.most, live_results())


@pytest.mark.slow  # about 10 s, as its companion: `make test` keeps the window's pair above
def test_no_list_of_every_result_is_kept(server: SimulatorServer, tmp_path: Path) -> None:
    census = Census()
    result = run(server, tmp_path, check_batch(write_batch(tmp_path / "b.jsonl", 60)), on_change=census)
    assert census.most <= 2 * CONCURRENCY, f"{census.most} results alive at once"
    assert [item.line.key for item in result.results] == [f"shot-{n:04d}" for n in range(60)], "yet all are there"
    assert result.count("done") == len(result) == 60 and result.spending().total.tasks == 60


@pytest.mark.slow
def test_with_a_list_of_results_the_census_sees_them_all(
    server: SimulatorServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Companion: a BatchResult that also keeps each result in a list, as it did before, holds every one."""
    kept: list[LineResult] = []
    add = BatchResult.add
    monkeypatch.setattr(BatchResult, "add", lambda self, result: (kept.append(result), add(self, result))[1])
    census = Census()
    run(server, tmp_path, check_batch(write_batch(tmp_path / "b.jsonl", 60)), on_change=census)
    assert census.most >= 50


def test_results_read_back_are_the_results_kept(tmp_path: Path) -> None:
    line = BatchLine(7, "fox", validate_request("nano-banana", "a fox", {"size": "16:9"}))
    task = Task(id="t-7", model="nano-banana-2-lite-beta", status=TaskStatus.COMPLETED, results=["https://x/a.png"])
    kept = LineResult(line, "done", task, (tmp_path / "fox-0.png",), "ok", None, None)
    (back,) = BatchResult([kept]).results
    assert back == kept and back.line.request.preset is line.request.preset


# ---------------------------------------------------------------------------------------------- pages
def result(out: Path, number: int, *, parent: str | None = None, outcome: str = "done") -> LineResult:
    params = {"model_params": {"task_id": parent}} if parent else {}
    model = "mj-v7-upscale" if parent else "mj-v7"
    line = BatchLine(number, f"k{number:04d}", validate_request(model, None if parent else f"p{number}", params))
    task = Task(id=f"task-{number}", model=model, status=TaskStatus.COMPLETED)
    files = (out / f"k{number:04d}-0.png",) if outcome == "done" else ()
    return LineResult(line, outcome, task, files, "" if outcome == "done" else "refused")  # type: ignore[arg-type]


def sheet_of(out: Path, results: list[LineResult]) -> tuple[str, dict[str, str]]:
    index = write_contact_sheet(BatchResult(results), out).read_text(encoding="utf-8")
    pages = {path.name: path.read_text(encoding="utf-8") for path in sorted(out.glob("page-*.html"))}
    return index, pages


def keys(page: str) -> list[str]:
    return re.findall(r"<strong>(k\d+) ·", page)


def test_a_thousand_results_make_an_index_and_pages_of_at_most_250(tmp_path: Path) -> None:
    results = [result(tmp_path, n, outcome="failed" if n % 100 == 0 else "done") for n in range(1, 1001)]
    index, pages = sheet_of(tmp_path, results)
    assert list(pages) == ["page-1.html", "page-2.html", "page-3.html", "page-4.html"]
    assert "<figure" not in index and "990 of 1000 done" in index and "Credits of this run" in index
    assert all(f'<a href="page-{n}.html">page {n}</a>' in index for n in range(1, 5))
    assert all(page.count("<img ") <= _contact_sheet.PAGE_SIZE for page in pages.values())
    shown = [key for page in pages.values() for key in keys(page)]
    assert shown == [f"k{n:04d}" for n in range(1, 1001)], "every result once, in line order"
    assert '<a href="page-2.html">next</a>' in pages["page-1.html"] and "next" not in pages["page-4.html"]
    if os.name == "posix":
        modes = {path.name: path.stat().st_mode & 0o777 for path in tmp_path.glob("*.html")}
        assert set(modes.values()) == {0o600}, modes


def test_without_pages_the_index_holds_every_image(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Companion: the page size is what splits the sheet; taken away, one index of 1,000 images comes back."""
    monkeypatch.setattr(_contact_sheet, "PAGE_SIZE", 10**9)
    index, pages = sheet_of(tmp_path, [result(tmp_path, n) for n in range(1, 1001)])
    assert pages == {} and index.count("<img ") == 1000


def test_a_family_is_never_split_across_pages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(_contact_sheet, "PAGE_SIZE", 4)
    results = [result(tmp_path, 1), result(tmp_path, 2), result(tmp_path, 3)]
    results += [result(tmp_path, n, parent="task-3") for n in (4, 5)] + [result(tmp_path, 6)]
    _, pages = sheet_of(tmp_path, results)
    assert [keys(page) for page in pages.values()] == [["k0001", "k0002"], ["k0003", "k0004", "k0005", "k0006"]]
    assert '<section class="family">' in pages["page-2.html"] and "upscale #0 of k0003" in pages["page-2.html"]


def test_a_shorter_sheet_removes_the_pages_of_a_longer_one(tmp_path: Path) -> None:
    sheet_of(tmp_path, [result(tmp_path, n) for n in range(1, 801)])
    (tmp_path / "page-notes.html").write_text("mine")
    assert len(list(tmp_path.glob("page-*.html"))) == 5
    index, pages = sheet_of(tmp_path, [result(tmp_path, n) for n in range(1, 11)])
    assert list(pages) == ["page-notes.html"] and index.count("<img ") == 10, "only the sheet's own pages go"


def test_a_loop_of_parents_shows_each_result_once(tmp_path: Path) -> None:
    """Bad data: two results that each say they follow up the other are both shown, once."""
    first, second = result(tmp_path, 1, parent="task-2"), result(tmp_path, 2, parent="task-1")
    index, _ = sheet_of(tmp_path, [result(tmp_path, 3), first, second])
    assert sorted(keys(index)) == ["k0001", "k0002", "k0003"]


def test_the_spending_read_back_is_the_spending_of_the_results(tmp_path: Path) -> None:
    """The money totals come from the rows on disk, in line order, as they came from the list before."""
    lines = [BatchLine(n, f"k{n}", validate_request("nano-banana", f"p{n}", {})) for n in (3, 1, 2)]
    tasks = [
        Task(id=f"t{n}", model="nano-banana-2-lite-beta", status=TaskStatus.COMPLETED, credits_reserved=1.2 * n,
             credits_used=0.4 * n, created=1_700_000_000 + n, results=["u"])
        for n in (3, 1, 2)
    ]  # fmt: skip
    results = [LineResult(line, "done", task) for line, task in zip(lines, tasks, strict=True)]
    expected = _batch_results.spending_from_rows(
        _batch_results._spending_row(item.task, item.line, item.outcome)
        for item in sorted(results, key=lambda r: r.line.number)
    )
    assert BatchResult(results).spending() == expected
