"""Spec <-> wrapper: request bodies generated from the spec hold the wrapper's validation to it, both ways.

What the spec rejects, the wrapper rejects. What the spec accepts, the wrapper accepts, unless it breaks a rule the
spec states only in a description ("Rule wan-total-pixels: ..."), and then the wrapper's error names that rule; or it
leaves a required text field blank (``""``, spaces), which the wrapper counts as no value at all (issue 25).
Bodies come from schemathesis' strategies over each model's own schema, so every model gets its share of cases.
"""

import copy
import re
from typing import Any

import pytest
import schemathesis
from evolink_images import ValidationError, presets
from evolink_images._validation import validate_request
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode

from contract_tests.spec_contract import Spec
from tests.tiers import examples

SPEC = Spec.load()
MODELS = sorted(presets)
DESCRIBED_RULES = set(re.findall(r"Rule ([a-z0-9-]+):", str(SPEC.document)))
CITED_RULE = re.compile(r"\(Rule ([a-z0-9-]+)\)$")
# 50 bodies per model and direction in `make test-all` (55 models: 5,500 bodies), 5 in `make test` (tests/tiers.py).
SETTINGS = settings(max_examples=examples(50), deadline=None, suppress_health_check=list(HealthCheck))


def create_operation_for(model: str) -> Any:
    """The create operation of a copy of the spec whose body is *model*'s schema alone."""
    document = copy.deepcopy(dict(SPEC.document))
    mapping = document["components"]["schemas"]["ImageGenerationRequest"]["discriminator"]["mapping"]
    media = document["paths"]["/v1/images/generations"]["post"]["requestBody"]["content"]["application/json"]
    media["schema"] = {"$ref": mapping[model]}
    return schemathesis.openapi.from_dict(document)["/v1/images/generations"]["POST"]


OPERATIONS = {model: create_operation_for(model) for model in MODELS}


def call_wrapper(body: dict[str, Any]) -> None:
    params = {name: value for name, value in body.items() if name not in {"model", "prompt"}}
    validate_request(body["model"], body.get("prompt"), params)


def wrapper_error(body: dict[str, Any]) -> str | None:
    """The wrapper's validation error for *body*, or None when it accepts it."""
    try:
        call_wrapper(body)
    except ValidationError as error:
        return str(error)
    return None


def blank_required(body: dict[str, Any]) -> bool:
    """Whether *body* leaves a field its model requires as blank text: refused by the wrapper, on purpose."""
    fields = presets[body["model"]].fields
    return any(
        name in fields and fields[name].required and isinstance(value, str) and not value.strip()
        for name, value in body.items()
    )


def spec_drifts(body: Any) -> list[str]:
    return [str(d) for d in SPEC.check_request("post", "/v1/images/generations", {}, body)]


@pytest.mark.parametrize("model", MODELS)
@SETTINGS
@given(data=st.data())
def test_what_the_spec_accepts_the_wrapper_accepts_or_names_the_described_rule(model: str, data: st.DataObject) -> None:
    body = data.draw(OPERATIONS[model].as_strategy(generation_mode=GenerationMode.POSITIVE)).body
    assert spec_drifts(body) == [], "schemathesis generated a body the spec itself rejects"
    assert presets[body["model"]].id == model, "the body names the model (or a former id of it)"
    error = wrapper_error(body)
    if error is not None and blank_required(body):
        assert "must not be empty or blank" in error, error
        return
    if error is not None:
        cited = CITED_RULE.search(error)
        assert cited, f"the wrapper rejected a spec-valid body without naming a described rule: {error}"
        assert cited.group(1) in DESCRIBED_RULES, f"{cited.group(1)} is not a rule the spec describes"


@pytest.mark.parametrize("model", MODELS)
@SETTINGS
@given(data=st.data())
def test_what_the_spec_rejects_the_wrapper_rejects(model: str, data: st.DataObject) -> None:
    body = data.draw(OPERATIONS[model].as_strategy(generation_mode=GenerationMode.NEGATIVE)).body
    # The wrapper takes a model and keyword parameters, so only JSON objects naming a model can reach it; a negative
    # case may break a header rather than the body; and None means "not given" to the wrapper, by design.
    assume(isinstance(body, dict) and isinstance(body.get("model"), str) and body["model"] in presets)
    assume(all(value is not None for value in body.values()))
    drifts = spec_drifts(body)
    assume(drifts)
    with pytest.raises(ValidationError):
        call_wrapper(body)


def test_the_check_bites_when_the_wrapper_is_looser_than_the_spec(monkeypatch: pytest.MonkeyPatch) -> None:
    """Were the catalogue to allow 15 references for Nano Banana, a body the spec rejects would get through."""
    from evolink_images import _presets, _validation  # noqa: PLC0415

    # Nano Banana is Nano Banana 2 Lite Beta since the docs of 2026-10 (D17): 14 references, not 5.
    data = _presets.model_data("nano-banana-2-lite-beta")
    data["fields"]["image_urls"]["schema"]["maxItems"] = 15
    monkeypatch.setitem(_validation.presets._by_id, "nano-banana-2-lite-beta", _presets.preset_from_data(data))
    body = {"model": "nano-banana-2-lite-beta", "prompt": "p", "image_urls": ["https://example.com/a.png"] * 15}
    assert spec_drifts(body)
    call_wrapper(body)  # no error: exactly what test_what_the_spec_rejects_the_wrapper_rejects exists to catch
