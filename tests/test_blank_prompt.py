"""An empty or blank prompt is refused before anything is sent wherever the model requires one; optional stays so."""

from __future__ import annotations

import asyncio
from pathlib import Path

import evolink_images as ei
import pytest
import respx
from evolink_images import _validation
from evolink_images._batch import read_batch
from evolink_images.cli import main
from evolink_images.simulator import SimulatorServer

from tests.conftest import REF

BLANKS = ["", "   ", "\n\t "]


@pytest.mark.parametrize("prompt", BLANKS)
def test_submit_estimate_and_generate_refuse_a_blank_prompt_and_send_nothing(
    client: ei.EvoLink, api: respx.MockRouter, create_route: respx.Route, prompt: str
) -> None:
    for call in (client.submit, client.estimate, client.generate):
        with pytest.raises(ei.ValidationError) as caught:
            call("nano-banana", prompt)
        error = caught.value
        assert (error.field, error.value) == ("prompt", prompt)
        assert "must not be empty or blank" in error.rule and "requires it" in error.rule
    assert api.calls.call_count == 0


def test_the_async_client_refuses_it_too(async_client: ei.AsyncEvoLink, create_route: respx.Route) -> None:
    with pytest.raises(ei.ValidationError, match="must not be empty or blank"):
        asyncio.run(async_client.submit("seedream-4.5", " "))
    assert create_route.call_count == 0


def test_a_follow_up_operation_that_requires_a_prompt_refuses_a_blank_one() -> None:
    remix = next(model for model in ei.presets.values() if model.follow_up == "remix")
    assert remix.fields["prompt"].required
    with pytest.raises(ei.ValidationError, match="must not be empty or blank"):
        _validation.validate_request(remix.id, "  ", {"model_params": {"task_id": "task-1", "image_number": 0}})


def test_without_the_check_the_blank_prompt_goes_out(
    client: ei.EvoLink, create_route: respx.Route, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The companion: the refusal above is this check's, not some other rule's."""
    monkeypatch.setattr(_validation, "is_blank", lambda value: False)
    client.submit("nano-banana", "   ")
    assert create_route.call_count == 1


def test_a_model_whose_prompt_is_optional_still_takes_none(client: ei.EvoLink, create_route: respx.Route) -> None:
    optional = [
        model for model in ei.presets.values() if "prompt" in model.fields and not model.fields["prompt"].required
    ]
    assert optional, "the catalogue has models whose prompt is optional (layerize, some follow-ups)"
    layerize = next(model for model in optional if model.follow_up is None)
    client.submit(layerize.id, None, image_urls=[REF])
    assert create_route.call_count == 1


def test_a_batch_line_with_a_blank_prompt_is_a_bad_line(tmp_path: Path) -> None:
    batch = tmp_path / "batch.jsonl"
    batch.write_text('{"model": "nano-banana", "prompt": "a cat"}\n{"model": "nano-banana", "prompt": "  "}\n')
    lines, errors = read_batch(batch)
    assert [line.number for line in lines] == [1]
    assert (
        len(errors) == 1 and errors[0].startswith("line 2: prompt='  '") and "must not be empty or blank" in errors[0]
    )


@pytest.mark.parametrize("prompt", BLANKS)
def test_the_cli_refuses_it_in_one_line_and_sends_nothing(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, prompt: str
) -> None:
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-blank")
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)
    code = main(["generate", "nano-banana", prompt])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1, "one line, whatever the prompt holds"
    assert err.startswith("error: PROMPT ") and " for " in err, err
    assert "must not be empty or blank" in err
    assert server.simulator.stats.requests == 0


def test_without_the_check_the_cli_sends_it(
    server: SimulatorServer, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-blank")
    monkeypatch.setenv("EVOLINK_BASE_URL", server.url)
    monkeypatch.setattr(_validation, "is_blank", lambda value: False)
    main(["generate", "nano-banana", "   ", "--no-download", "--poll-interval", "0.05"])
    capsys.readouterr()
    assert server.simulator.stats.creates_received == 1
