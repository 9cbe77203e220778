"""A batch line's unexpected error is that line's result (issue 20): every other line still completes, is reported
and reaches the contact sheet. Against the loopback simulator; one line's download raises ``RuntimeError("boom")``.

The guard is ``run_batch``'s per-line ``except Exception``; the test that removes it makes its handler re-raise (its
first statement, ``log.debug``, re-raises the exception being handled), so the handler is a plain ``raise``.
"""

from __future__ import annotations

import asyncio
import json
import sys
from pathlib import Path
from typing import Any

import evolink_images as ei
import pytest
from evolink_images import _batch
from evolink_images._batch import BatchResult, read_batch, run_batch, write_contact_sheet
from evolink_images.cli import main
from evolink_images.simulator import SimulatorServer

LINES = 4  # the failing line comes second: with concurrency 1, lines after it still run
BOOM_KEY = "shot-001"
BOOM_LINE = 2


def write_batch(path: Path) -> Path:
    lines = [
        json.dumps({"model": "nano-banana", "prompt": f"a harbour, study {n}", "key": f"shot-{n:03d}"})
        for n in range(LINES)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def boom(monkeypatch: pytest.MonkeyPatch) -> None:
    """``AsyncEvoLink.download`` raises RuntimeError("boom") for one line's key, and works for every other."""
    real = ei.AsyncEvoLink.download

    async def download(self: ei.AsyncEvoLink, task: ei.Task, dest_dir: Any, **options: Any) -> list[Path]:
        if options.get("stem") == BOOM_KEY:
            raise RuntimeError("boom")
        return await real(self, task, dest_dir, **options)

    monkeypatch.setattr(ei.AsyncEvoLink, "download", download)


class _ReraisingLog:
    """Stands in for ``_batch.log``: its ``debug`` re-raises what the guard's handler is handling."""

    def debug(self, *args: Any, **kwargs: Any) -> None:
        handled = sys.exc_info()[1]
        assert handled is not None, "called from an except block"
        raise handled


def _run(server: SimulatorServer, tmp_path: Path, concurrency: int) -> BatchResult:
    lines, errors = read_batch(write_batch(tmp_path / "b.jsonl"))
    assert errors == []

    async def run() -> BatchResult:
        async with ei.AsyncEvoLink(api_key="k", base_url=server.url, journal=tmp_path / "journal.sqlite3") as client:
            return await run_batch(client, lines, tmp_path / "out", concurrency=concurrency)

    return asyncio.run(run())


@pytest.mark.parametrize("concurrency", [1, 8])
def test_one_line_s_unexpected_error_is_that_line_s_result(
    server: SimulatorServer, tmp_path: Path, boom: None, concurrency: int
) -> None:
    result = _run(server, tmp_path, concurrency)
    assert [item.line.key for item in result.results] == [f"shot-{n:03d}" for n in range(LINES)]
    outcomes = {item.line.key: item.outcome for item in result.results}
    assert outcomes == {f"shot-{n:03d}": "failed" if n == 1 else "done" for n in range(LINES)}
    (failed,) = [item for item in result.results if item.outcome == "failed"]
    assert "unexpected error: RuntimeError: boom" in failed.message
    for item in result.results:
        if item.outcome == "done":
            assert len(item.files) == 1 and item.files[0].exists()
    assert server.simulator.stats.tasks_created == LINES

    page = write_contact_sheet(result, tmp_path / "out").read_text(encoding="utf-8")
    assert page.count("<img ") == LINES - 1
    assert f"{LINES - 1} of {LINES} done" in page
    for n in range(LINES):
        assert f"a harbour, study {n}" in page
    assert "failed: unexpected error: RuntimeError: boom" in page


@pytest.mark.parametrize("concurrency", [1, 8])
def test_without_the_guard_one_line_s_error_loses_the_whole_batch(
    server: SimulatorServer, tmp_path: Path, boom: None, monkeypatch: pytest.MonkeyPatch, concurrency: int
) -> None:
    monkeypatch.setattr(_batch, "log", _ReraisingLog())
    with pytest.raises(RuntimeError, match="boom"):
        _run(server, tmp_path, concurrency)  # no BatchResult: the other lines' results never reach the caller


def test_the_cli_reports_the_failed_line_and_the_done_ones(
    server: SimulatorServer, tmp_path: Path, boom: None, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-batch-isolation")
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)
    monkeypatch.setenv("EVOLINK_JOURNAL", str(tmp_path / "journal.sqlite3"))
    out = tmp_path / "out"
    code = main(["batch", str(write_batch(tmp_path / "b.jsonl")), "--concurrency", "3", "--out", str(out)])
    stdout, err = capsys.readouterr()
    assert code == 1
    assert f"line {BOOM_LINE} ({BOOM_KEY}): failed: unexpected error: RuntimeError: boom" in err
    assert f"{LINES} line(s): {LINES - 1} done, 1 failed" in err
    assert stdout.strip() == str(out / "index.html")
    assert sorted(p.name for p in out.glob("*.png")) == [f"shot-{n:03d}-0.png" for n in range(LINES) if n != 1]
