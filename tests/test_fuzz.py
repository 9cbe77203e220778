"""Fuzzing: the wrapper's validation and response parsing never fail with anything but their own errors.

Generated parameter sets go through validation (2,000 per model in `make test-all`, a twentieth of that in `make test`:
see tests/tiers.py; set EVOLINK_FUZZ_EXAMPLES for a deeper run): only ValidationError may come out, and every set it
accepts also passes the spec. Generated task and error bodies, valid and broken, go through the response parsing: a
Task or an EvoLinkError comes out, never a crash deep in generated code.
"""

from __future__ import annotations

import json
import math
import os
from typing import Any

import evolink_images as ei
import httpx
import pytest
from evolink_images._validation import validate_request
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from contract_tests.spec_contract import Spec
from tests.tiers import examples

SPEC = Spec.load()
MODELS = list(ei.presets)
FUZZ = settings(
    max_examples=int(os.environ.get("EVOLINK_FUZZ_EXAMPLES") or examples(2000)),
    deadline=None,
    database=None,
    phases=[Phase.explicit, Phase.generate, Phase.shrink],
    suppress_health_check=list(HealthCheck),
)

HOSTS = st.sampled_from(
    ["example.com", "127.0.0.1", "[::1]", "10.0.0.1", "0x7f.1", "2130706433", "localhost", "[::ffff:192.168.0.1]",
     "169.254.169.254", "xn--bcher-kva.example", "a.b", "", "user:pw@example.com", "example.com:99999", "[fc00::1]"]
)  # fmt: skip
URLS = st.builds(
    lambda scheme, host, path: f"{scheme}{host}{path}",
    st.sampled_from(["https://", "http://", "ftp://", "HTTPS://", "", "javascript:"]),
    HOSTS,
    st.sampled_from(["/a.png", "", "/a b.png", "/%zz", "/ok?x=1#f", "/é.png", "/" + "x" * 2100]),
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(
        ["auto", "1:1", "16:9", "21:9", "1K", "2K", "4K", "standard", "1280x1280", "768x768", "0x0", "2K "]
    ),
    st.builds(lambda w, h: f"{w}x{h}", st.integers(0, 20000), st.integers(0, 20000)),
    URLS,
)
VALUES = st.one_of(
    SCALARS, st.lists(st.one_of(URLS, SCALARS), max_size=16), st.dictionaries(st.text(max_size=5), SCALARS, max_size=3)
)
FIELD_NAMES = sorted(
    {name for preset in ei.presets.values() for name in preset.fields} | {"negative_prompt", "seed", "Size"}
)


def no_nan(value: Any) -> bool:
    if isinstance(value, float):
        return not (math.isnan(value) or math.isinf(value))
    if isinstance(value, list | tuple):
        return all(no_nan(item) for item in value)
    if isinstance(value, dict):
        return all(no_nan(item) for item in value.values())
    return True


def validated_or_none(model: str, prompt: Any, params: dict[str, Any]) -> Any:
    """The validated request, or None for a ValidationError (which must name a field and a rule)."""
    try:
        return validate_request(model, prompt, params)
    except ei.ValidationError as error:
        if not (error.field and error.rule):
            raise AssertionError(f"a ValidationError without a field or rule: {error!r}") from error
        return None


@pytest.mark.parametrize("model", MODELS)
@FUZZ
@given(
    prompt=st.one_of(st.text(max_size=2100), SCALARS),
    params=st.dictionaries(st.sampled_from(FIELD_NAMES), VALUES, max_size=6),
)
def test_validation_raises_only_validation_errors_and_accepts_only_what_the_spec_accepts(
    model: str, prompt: Any, params: dict[str, Any]
) -> None:
    request = validated_or_none(model, prompt, params)
    if request is None:
        return
    assert no_nan(request.body)
    drifts = SPEC.check_request("post", "/v1/images/generations", {}, json.loads(json.dumps(request.body)))
    assert drifts == [], f"the wrapper accepted {request.body!r}, which the spec rejects: {[str(d) for d in drifts]}"


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=20)),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=8), children, max_size=4),
    max_leaves=12,
)
TASK_FIELDS = {
    "created": st.one_of(st.integers(), JSON),
    "id": st.one_of(st.text(min_size=1, max_size=20), JSON),
    "model": st.one_of(st.text(max_size=20), JSON),
    "object": st.one_of(st.sampled_from(["image.generation.task", "video.generation.task", "weird"]), JSON),
    "progress": st.one_of(st.integers(-5, 200), JSON),
    "status": st.one_of(st.sampled_from(["pending", "processing", "completed", "failed", "cancelled", "queued"]), JSON),
    "task_info": st.one_of(st.fixed_dictionaries({}, optional={"estimated_time": JSON, "can_cancel": JSON}), JSON),
    "usage": st.one_of(st.fixed_dictionaries({}, optional={"credits_reserved": JSON, "credits_used": JSON}), JSON),
    "results": st.one_of(st.lists(st.text(max_size=30), max_size=3), JSON),
    "error": st.one_of(st.fixed_dictionaries({}, optional={"code": JSON, "message": JSON, "type": JSON}), JSON),
    "extra": JSON,
}
TASK_BODIES = st.one_of(st.fixed_dictionaries({}, optional=TASK_FIELDS), JSON)
RAW_BODIES = st.one_of(TASK_BODIES.map(lambda body: json.dumps(body).encode()), st.binary(max_size=64))


def client_answering(status: int, body: bytes) -> ei.EvoLink:
    transport = httpx.MockTransport(lambda request: httpx.Response(status, content=body))
    return ei.EvoLink(api_key="k", http_client=httpx.Client(transport=transport), max_retries=0)


@settings(max_examples=examples(3000), deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(body=RAW_BODIES)
def test_task_bodies_parse_or_fail_clearly(body: bytes) -> None:
    try:
        task = client_answering(200, body).get_task("task-1")
    except ei.MalformedResponseError:
        return
    assert isinstance(task.id, str) and isinstance(task.status, str) and 0 <= task.progress <= 100
    assert all(isinstance(url, str) for url in task.results)


@settings(max_examples=examples(2000), deadline=None, database=None, suppress_health_check=list(HealthCheck))
@given(status=st.sampled_from([400, 401, 402, 403, 404, 409, 413, 418, 429, 500, 502, 503, 504]), body=RAW_BODIES)
def test_error_bodies_map_to_api_status_errors(status: int, body: bytes) -> None:
    with pytest.raises(ei.APIStatusError) as caught:
        client_answering(status, body).get_task("task-1")
    error = caught.value
    assert error.status_code == status and isinstance(error.message, str) and error.message
    assert error.code is None or isinstance(error.code, str | int)
