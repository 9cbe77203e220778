"""The key is absent from every repr, exception, log record (DEBUG included), journal row and CLI line of a real run
over loopback sockets; and SSRF rules hold for image URLs as well as callback URLs in every spelling."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import evolink_images as ei
import pytest
from evolink_images.cli import main
from evolink_images.simulator import Fault, Simulator, SimulatorConfig, SimulatorServer

from tests.test_addresses import INTERNAL

KEY = "sk-evo-SCAN-ME-7f3a9c1e5b2d4f60a8"


def test_a_full_run_leaks_the_key_nowhere(
    tmp_path: Path,
    caplog: pytest.LogCaptureFixture,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    caplog.set_level(logging.DEBUG)  # every logger: evolink_images, httpx, httpcore, uvicorn
    journal_path = tmp_path / "journal.sqlite3"
    seen: list[object] = []
    with SimulatorServer(Simulator(SimulatorConfig(duration=0.1, api_key=KEY))) as server:
        server.simulator.faults.add(
            Fault(kind="rate_limit", route="create", retry_after=0.05),
            Fault(kind="server_error", route="task", status=503),
            Fault(kind="drop", route="create", count=1),
        )
        client = ei.EvoLink(api_key=KEY, base_url=server.url, journal=journal_path)
        seen += [client, client.journal]
        for attempt in (
            lambda: client.submit("nano-banana", "first"),  # 429 then dropped: ambiguous
            lambda: client.generate("nano-banana", "second", poll_interval=0.05),
            lambda: ei.EvoLink(api_key="wrong-key", base_url=server.url).get_task("x"),
            lambda: client.get_task("task-unified-0-missing"),
            lambda: client.submit("nano-banana", "third", callback_url="https://127.0.0.1/cb"),
        ):
            try:
                seen.append(attempt())
            except ei.EvoLinkError as error:
                seen += [error, error.__cause__, error.__context__]
        done = next(item for item in seen if isinstance(item, ei.Task) and item.status == "completed")
        seen += client.download(done, tmp_path / "out")
        seen += client.resume(tmp_path / "out")
        seen += client.journal.entries() if client.journal else []
        monkeypatch.setenv("EVOLINK_API_KEY", KEY)
        monkeypatch.setenv("EVOLINK_BASE_URL", server.url)
        monkeypatch.setenv("EVOLINK_JOURNAL", str(journal_path))
        for argv in (
            ["--debug", "status", done.id],
            ["generate", "nano-banana", "x", "--out", str(tmp_path / "o")],
            ["history"],
        ):
            main(argv)
        client.close()
    cli_output = "".join(capsys.readouterr())
    texts = [repr(item) + str(item) for item in seen]
    texts += [f"{record.getMessage()} {record.args!r} {record.__dict__!r}" for record in caplog.records]
    texts.append(cli_output)
    assert len(caplog.records) > 20, "the run logged at DEBUG"
    with sqlite3.connect(journal_path) as db:
        texts += [repr(row) for row in db.execute("SELECT * FROM requests")]
    leaks = [text[:200] for text in texts if KEY in text]
    assert leaks == []
    for path in tmp_path.rglob("*"):
        if path.is_file():
            assert KEY.encode() not in path.read_bytes(), path


@pytest.mark.parametrize(("host", "kind"), INTERNAL.items())
def test_image_and_callback_urls_to_internal_hosts_are_refused(host: str, kind: str) -> None:
    with pytest.raises(ei.ValidationError, match=kind) as caught:
        ei._validation.validate_request("nano-banana", "p", {"image_urls": [f"https://{host}/a.png"]})
    assert caught.value.field == "image_urls[0]"
    with pytest.raises(ei.ValidationError, match=kind):
        ei._validation.validate_request("nano-banana", "p", {"callback_url": f"https://{host}/hook"})
