"""Live mode: the recorder, proven against the simulator; the live checks, run only with a real key."""

import json
import os
from pathlib import Path

import pytest
from evolink_images.simulator import Simulator, SimulatorConfig, SimulatorServer

from contract_tests import live
from contract_tests.spec_contract import Spec

KEY = "sk-evo-recorder-test-0123456789"
LIVE = os.environ.get("EVOLINK_LIVE") == "1" and bool(os.environ.get("EVOLINK_API_KEY"))


def test_the_recorder_writes_redacted_conforming_recordings(tmp_path: Path) -> None:
    """Run against the simulator (the live API needs a key): the files it writes are what the suite replays."""
    with SimulatorServer(Simulator(SimulatorConfig(duration=0.2, api_key=KEY))) as server:
        paths = live.record(KEY, server.url, tmp_path, poll_every=0.05)
        stats = server.simulator.stats
    assert stats.tasks_created == 1, "exactly one paid call"
    names = {path.name.removeprefix(f"live-{path.name[5:15]}-").removesuffix(".json") for path in paths}
    assert {"create-rejected", "create-wan", "get-task-missing", "get-task-completed"} <= names
    assert names & {"get-task-pending", "get-task-processing"}, "one unfinished poll is kept too"
    spec = Spec.load()
    for path in paths:
        text = path.read_text(encoding="utf-8")
        assert KEY not in text
        recording = json.loads(text)
        assert recording["provenance"]["kind"] == "live" and recording["provenance"]["date"]
        assert spec.check_recording(recording) == [], path.name
        usage = recording["response"]["body"].get("usage") if isinstance(recording["response"]["body"], dict) else None
        if usage:
            assert usage["user_group"] == "<redacted>"


def test_without_a_key_both_commands_say_so_and_succeed(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.delenv("EVOLINK_API_KEY", raising=False)
    for command in ("record", "check"):
        assert live.main([command]) == 0
        assert "EVOLINK_API_KEY is not set" in capsys.readouterr().out


@pytest.mark.skipif(not LIVE, reason="needs a real EvoLink key: set EVOLINK_API_KEY and run `make contract-live`")
def test_the_live_api_conforms_to_the_spec() -> None:
    paid = int(os.environ.get("EVOLINK_MAX_PAID_CALLS", "1")) if os.environ.get("EVOLINK_ALLOW_SPEND") == "1" else 0
    base_url = os.environ.get("EVOLINK_BASE_URL", "https://api.evolink.ai")
    drifts = live.check(os.environ["EVOLINK_API_KEY"], base_url, paid_calls=paid)
    assert drifts == [], "\n".join(map(str, drifts))
