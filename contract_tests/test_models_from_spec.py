"""Every model, from the spec alone: its documented examples pass `submit`, and each documented limit is enforced.

The cases are generated from each model's request schema: one request that breaks each keyword (enum, bounds,
lengths, pattern, format, item counts, required, closed objects, types) and each rule the client can check, nested
fields included. Each must be refused with a ValidationError naming the field, before anything is sent. The examples
(the docs' own, kept in the spec) must be sent, and taken by the simulator.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Callable, Iterator, Mapping
from typing import Any

import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images._rules import ADVISORIES, API_ONLY, CHECKS, PARENT_CHECKS
from evolink_images.simulator import Simulator, SimulatorConfig, SimulatorTransport

from contract_tests.spec_contract import Spec

SPEC = Spec.load()
MAPPING = SPEC.at("/components/schemas/ImageGenerationRequest")["discriminator"]["mapping"]
URL = "https://example.com/reference.png"
BASE = "https://api.evolink.ai"


def model_schema(model_id: str) -> dict[str, Any]:
    """A model's request schema with every $ref inlined."""

    def inline(node: Any) -> Any:
        if isinstance(node, list):
            return [inline(item) for item in node]
        if not isinstance(node, Mapping):
            return node
        if "$ref" in node:
            return inline({**SPEC.at(node["$ref"].removeprefix("#")), **{k: v for k, v in node.items() if k != "$ref"}})
        return {key: inline(value) for key, value in node.items()}

    return inline(SPEC.at(MAPPING[model_id].removeprefix("#")))


MODELS = {model.id: model_schema(model.id) for model in ei.presets.values()}


def minimal_body(model_id: str) -> dict[str, Any]:
    """The smallest valid body: the required fields, with values that meet their schemas."""
    schema = MODELS[model_id]
    body: dict[str, Any] = {"model": model_id}
    for name in schema["required"]:
        if name != "model":
            body[name] = valid_value(schema["properties"][name])
    return body


def valid_value(schema: Mapping[str, Any]) -> Any:
    """A value that meets *schema*."""
    for combination in ("oneOf", "anyOf"):
        if combination in schema:
            return valid_value(schema[combination][0])
    if "enum" in schema:
        return schema["enum"][0]
    kind = schema.get("type")
    if kind == "array":
        return [valid_value(schema.get("items", {})) for _ in range(max(1, schema.get("minItems", 1)))]
    if kind in {"integer", "boolean"}:
        return schema.get("minimum", 1) if kind == "integer" else True
    if kind == "object":
        return {
            name: valid_value(sub)
            for name, sub in schema.get("properties", {}).items()
            if name in schema.get("required", [])
        }
    return URL if schema.get("format") == "uri" else "a lighthouse at dawn"


# ---------------------------------------------------------------------------------------------------- violations
def _not_matching(pattern: str) -> str:
    return next(text for text in ("not valid here !", "0x0", "x", "99K", "auto!") if not re.search(pattern, text))


def keyword_violations(schema: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(keyword, a value that breaks it) for each limit *schema* states."""
    kind = schema.get("type")
    if "enum" in schema:
        yield "enum", (max(schema["enum"]) + 1 if kind == "integer" else "not-a-listed-value")
    if "minimum" in schema:
        yield "minimum", schema["minimum"] - 1
    if "maximum" in schema:
        yield "maximum", schema["maximum"] + 1
    if "maxLength" in schema:
        yield "maxLength", "x" * (schema["maxLength"] + 1)
    if "pattern" in schema:
        yield "pattern", _not_matching(schema["pattern"])
    if schema.get("format") == "uri":
        yield "format", "not a url"
    if kind == "array":
        item = valid_value(schema.get("items", {}))
        if schema.get("minItems", 0) >= 1:
            yield "minItems", [item] * (schema["minItems"] - 1)
        if "maxItems" in schema:
            yield "maxItems", [item] * (schema["maxItems"] + 1)
    if kind in WRONG_TYPE:
        yield "type", WRONG_TYPE[kind]


# A value of another JSON type, for each type.
WRONG_TYPE = {"array": "a string, not a list", "integer": "1", "boolean": "yes", "string": 5, "object": ["a", "list"]}


def _rules(schema: Mapping[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(name, check, limits) of each rule of *schema*; the spec writes a rule's limits beside its name."""
    found = []
    for entry in schema.get("x-evolink-rules", []):
        rule = {"name": entry} if isinstance(entry, str) else entry
        found.append(
            (
                rule["name"],
                rule.get("check", rule["name"]),
                {k: v for k, v in rule.items() if k not in {"name", "check"}},
            )
        )
    return found


def rule_violations(schema: Mapping[str, Any], body: Mapping[str, Any]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(rule name, changes to *body* that break it) for each rule of *schema* the client checks."""
    rules = _rules(schema)
    for name, check, params in rules:
        if check == API_ONLY or check in ADVISORIES or check in PARENT_CHECKS:
            continue  # only the API (or follow_up, with the parent in hand) can judge these from the request
        if check in PIXEL_CHECKS:
            yield name, {"value": _size_breaking_only(name, schema, rules)}
            continue
        change = _breaking(check, params)
        if change["value"] is None:  # a rule on any value of the field: take one that breaks nothing else
            change["value"] = _size_breaking_only(None, schema, rules) if "pattern" in schema else valid_value(schema)
        for other, other_check, other_params in rules:  # keep the field's other combinations satisfied
            if other != name and other_check == "requires" and other_params.get("when") == change["value"]:
                change.setdefault(other_params["field"], _satisfying(other_params))
        yield name, change


PIXEL_CHECKS = {"pixel-area", "aspect-ratio", "pixel-sides", "pixel-multiple"}
SIDES = (1, 8, 14, 15, 16, 64, 100, 240, 376, 384, 400, 480, 512, 640, 720, 768, 1000, 1024, 1280, 1296, 1440,
         1536, 2048, 2560, 3072, 3840, 3856, 4096, 5000, 6000, 8192)  # fmt: skip


def _satisfying(params: Mapping[str, Any]) -> Any:
    """A value of the other field that meets a ``requires`` rule."""
    if "values" in params:
        return params["values"][0]
    return [URL] * params.get("count", 1)


def _size_breaking_only(
    target: str | None, schema: Mapping[str, Any], rules: list[tuple[str, str, dict[str, Any]]]
) -> str:
    """A WIDTHxHEIGHT the field's pattern takes that breaks the rule *target* and no other (None: breaks none)."""
    for width in SIDES:
        for height in SIDES:
            size = f"{width}x{height}"
            if "pattern" in schema and not re.search(schema["pattern"], size):
                continue
            broken = {name for name, check, params in rules if check in CHECKS and CHECKS[check](size, params, {})}
            if broken == ({target} if target else set()):
                return size
    raise AssertionError(f"no size breaks {target} alone: add sides to SIDES")


def _breaking(check: str, params: Mapping[str, Any]) -> dict[str, Any]:
    if check == "requires":
        other: Any = None
        if "values" in params:
            other = 2 if params["values"] == [1] else "not-one-of-them"
        elif "count" in params:
            other = [URL] * (params["count"] + 1)
        return {"value": params.get("when"), params["field"]: other}
    if check == "excludes":
        return {"value": params.get("when"), params["field"]: params["values"][0]}
    if check in {"fetchable-url", "public-https-url"}:
        return {"value": "https://127.0.0.1/internal.png"}
    if check in VALUES_BREAKING:
        return {"value": VALUES_BREAKING[check](params)}
    if check == "prompt-excludes":
        return _prompt_excluding(params)
    raise AssertionError(f"no violation written for check {check}")


def _prompt_excluding(params: Mapping[str, Any]) -> dict[str, Any]:
    """The prompt's flag (or image prompt), with the request value or the other flag it excludes."""
    used = " ".join(f"{flag} 1" for flag in params.get("flags", [])[:1])
    if "with" in params:
        return {"value": f"a lighthouse {used} {params['with'][0]} 1"}
    lead = f"{URL} " if params.get("images") and not used else ""
    return {"value": f"{lead}a lighthouse {used}".strip(), params["field"]: params["values"][0]}


def _over(params: Mapping[str, Any]) -> str:
    """A prompt with one more image prompt, or one more value of a parameter, than ``max``."""
    extra = [URL] * (params["max"] + 1)
    counted = params["counting"]
    return " ".join([*extra, "a lighthouse"] if counted == "images" else ["a lighthouse", counted, *extra])


# A value that breaks the check, for checks that need nothing else of the request.
VALUES_BREAKING: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "image-prompt": lambda _: URL,
    # three bytes a character: over the byte limit in a third as many characters
    "utf8-bytes": lambda params: "\u20ac" * (params["max"] // 3 + 1),
    "unsigned-url": lambda _: f"{URL}?Expires=1700000000&Signature=abc",
    "prompt-count": _over,
    "prompt-description-length": lambda params: "a" * (params["max"] + 1),
    "prompt-values": lambda params: f"a lighthouse {params['flags'][0]} 999",
    "prompt-flags-refused": lambda params: f"a lighthouse {params['flags'][0]} 1",
    "prompt-syntax-refused": lambda params: (
        "a lighthouse:: a harbour" if "multi-prompt" in params["syntax"] else "a {red, blue} door"
    ),
}


def violations(model_id: str) -> Iterator[tuple[str, dict[str, Any], str]]:
    """(what is broken, the body, the field the error must name) for every limit of the model."""
    schema = MODELS[model_id]
    base = minimal_body(model_id)
    for name in schema["required"]:
        if name != "model":
            yield f"required {name}", {k: v for k, v in base.items() if k != name}, name
    yield "closed", {**base, "not_a_field": 1}, "not_a_field"
    for name, prop in schema["properties"].items():
        if name == "model":
            continue
        yield from _field_violations(base, name, prop, name, lambda value, name=name: {name: value})


def _at(body: Any, path: list[str]) -> Any:
    """The value at *path* in *body*, or None."""
    for name in path:
        body = body.get(name) if isinstance(body, Mapping) else None
    return body


def _with(body: Mapping[str, Any], path: list[str], value: Any) -> dict[str, Any]:
    """*body* with the field at *path* set to *value* (None: removed), the objects on the way copied."""
    head, rest = path[0], path[1:]
    changed = dict(body)
    if rest:
        changed[head] = _with(body.get(head) or {}, rest, value)
    elif value is None:
        changed.pop(head, None)
    else:
        changed[head] = value
    return changed


def _field_violations(base, name, prop, path, place) -> Iterator[tuple[str, dict[str, Any], str]]:
    for keyword, value in keyword_violations(prop):
        yield f"{path} {keyword}", {**base, **place(value)}, path
    for rule, change in rule_violations(prop, base):
        value = change.pop("value")
        body = {**base, **place(value)}
        for other, other_value in change.items():  # another field, by its path from the top (model_params.speed)
            body = _with(body, other.split("."), other_value)
        yield f"{path} rule {rule}", body, path
    items = prop.get("items")
    if isinstance(items, Mapping):
        for keyword, value in keyword_violations(items):
            if keyword != "type" or items.get("type") != "object":
                yield f"{path}[0] {keyword}", {**base, **place([value])}, f"{path}[0]"
        for rule, change in rule_violations(items, base):
            yield f"{path}[0] rule {rule}", {**base, **place([change["value"]])}, f"{path}[0]"
    # A nested field is broken inside a valid object: the base body's own, else the smallest valid one.
    around = _at(base, path.split("."))
    around = around if isinstance(around, Mapping) else valid_value(prop)
    for sub_name, sub in (prop.get("properties") or {}).items():
        sub_path = f"{path}.{sub_name}"
        yield from _field_violations(
            base, sub_name, sub, sub_path, lambda value, s=sub_name, p=place, a=around: p({**a, s: value})
        )
    if prop.get("type") == "object" and prop.get("additionalProperties") is False:
        yield f"{path} closed", {**base, **place({**around, "not_a_key": 1})}, f"{path}.not_a_key"


CASES = [(model_id, *case) for model_id in MODELS for case in violations(model_id)]


# ---------------------------------------------------------------------------------------------------- tests
@pytest.fixture
def sent() -> respx.MockRouter:
    router = respx.MockRouter(base_url=BASE, assert_all_called=False)
    router.post("/v1/images/generations").respond(200, json={"id": "task-unified-1-abcdefgh", "status": "pending"})
    return router


def client_for(router: respx.MockRouter) -> ei.EvoLink:
    return ei.EvoLink(
        api_key="k", base_url=BASE, http_client=httpx.Client(transport=httpx.MockTransport(router.handler))
    )


def submit(client: ei.EvoLink, body: Mapping[str, Any]) -> ei.Task:
    params = {k: copy.deepcopy(v) for k, v in body.items() if k not in {"model", "prompt"}}
    return client.submit(body["model"], body.get("prompt"), **params)


def test_the_cases_cover_every_model_and_kind_of_limit() -> None:
    assert {model_id for model_id, *_ in CASES} == set(ei.presets)
    kinds = {what.split(" ", 1)[1].split(" ")[0] if " " in what else what for _, what, *_ in CASES}
    assert {"enum", "minimum", "maximum", "maxLength", "pattern", "maxItems", "minItems", "type", "rule"} <= kinds
    assert len(CASES) > 300


@pytest.mark.parametrize(("model_id", "what", "body", "field"), CASES, ids=lambda v: v if isinstance(v, str) else "")
def test_each_documented_limit_is_refused_before_anything_is_sent(
    sent: respx.MockRouter, model_id: str, what: str, body: dict[str, Any], field: str
) -> None:
    with pytest.raises(ei.ValidationError) as caught:
        submit(client_for(sent), body)
    assert caught.value.field == field or caught.value.field.startswith(f"{field}."), (what, str(caught.value))
    if " rule " in what:
        assert f"(Rule {what.rsplit(' ', 1)[1]})" in str(caught.value), str(caught.value)
    assert sent.calls.call_count == 0


EXAMPLES = [(model_id, example) for model_id, schema in MODELS.items() for example in schema.get("examples", [])]


def test_every_model_from_the_docs_has_their_example() -> None:
    """A model the docs describe keeps the docs' example requests (a model added by hand may have none)."""
    from_docs = {model.id for model in ei.presets.values() if model.source}
    assert from_docs <= {model_id for model_id, _ in EXAMPLES}


@pytest.mark.parametrize(("model_id", "example"), EXAMPLES, ids=lambda v: v if isinstance(v, str) else "")
def test_each_documented_example_is_sent_as_it_is_and_taken(
    sent: respx.MockRouter, model_id: str, example: dict[str, Any]
) -> None:
    assert SPEC.check_request("post", "/v1/images/generations", {}, example) == []
    submit(client_for(sent), example)
    assert json.loads(sent.calls.last.request.content) == example
    simulator = Simulator(SimulatorConfig(duration=0.0))
    http = httpx.Client(transport=SimulatorTransport(simulator))
    client = ei.EvoLink(api_key="k", http_client=http)
    body = copy.deepcopy(example)
    model = ei.presets[model_id]
    if model.follow_up:  # the docs' placeholder task id becomes a finished grid of the series, made with this key
        grid = next(m for m in ei.presets.values() if m.series == model.series and "text-to-image" in m.modes)
        task_id = MODELS[model_id]["properties"]["model_params"]["properties"]["task_id"]
        needs = [rule for _, check, rule in _rules(task_id) if check == "parent-requires"]  # an enhance: a draft
        made = _with({}, needs[0]["parent_field"].split("."), needs[0]["values"][0]) if needs else {}
        body["model_params"]["task_id"] = client.submit(grid.id, "a lighthouse", **made).id
    task = client.submit(body.pop("model"), body.pop("prompt", None), **body)
    assert task.model == model_id
