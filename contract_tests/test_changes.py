"""openapi/CHANGES.md records every seed value the current docs changed, and nothing else."""

import copy

import pytest

from contract_tests import documented_facts
from contract_tests.changes import (
    CHANGES,
    Change,
    later_changes,
    later_mismatches,
    prose_rules,
    recorded_changes,
    unexplained,
)
from contract_tests.spec_contract import Spec


@pytest.fixture(scope="module")
def spec() -> Spec:
    return Spec.load()


def test_every_difference_from_the_seeds_is_recorded_and_every_row_is_a_difference(spec: Spec) -> None:
    assert unexplained(documented_facts.differences(spec), recorded_changes()) == []


def test_the_table_is_read() -> None:
    changes = recorded_changes()
    assert len(changes) >= 15
    assert Change("wan2.5-text-to-image", "n", "maximum", "none", "4") in [
        Change(c.model, c.field, c.what, c.seed, c.docs) for c in changes
    ]


def test_an_unrecorded_change_is_reported(spec: Spec) -> None:
    """A spec edit that moves away from the seeds without a row fails; so does a row whose value is stale."""
    document = copy.deepcopy(dict(spec.document))
    document["components"]["schemas"]["Wan25TextToImageRequest"]["properties"]["prompt_extend"]["default"] = False
    found = unexplained(documented_facts.differences(Spec(document)), recorded_changes())
    assert any("wan2.5-text-to-image.prompt_extend.default" in line for line in found), found
    document = copy.deepcopy(dict(spec.document))
    document["components"]["schemas"]["Gemini3ProImagePreviewRequest"]["properties"]["image_urls"]["maxItems"] = 16
    found = unexplained(documented_facts.differences(Spec(document)), recorded_changes())
    assert any("gemini-3-pro-image-preview.image_urls.maxItems: spec has 16" in line for line in found), found


def test_a_row_for_a_change_that_is_not_there_is_reported(spec: Spec) -> None:
    stale = [*recorded_changes(), Change("qwen-image-edit", "image_urls", "maxItems", "3", "5")]
    found = unexplained(documented_facts.differences(spec), stale)
    assert found == ["CHANGES.md records qwen-image-edit.image_urls maxItems, but the spec and the seeds agree on it"]


def test_prose_rule_rows_name_rules_the_spec_gives_that_field(spec: Spec) -> None:
    mapping = spec.at("/components/schemas/ImageGenerationRequest")["discriminator"]["mapping"]
    for change, rule in prose_rules(recorded_changes()):
        field = spec.resolve(spec.at(mapping[change.model].removeprefix("#"))["properties"][change.field])
        names = {entry["name"] for entry in field.get("x-evolink-rules", [])}
        assert rule in names, f"{CHANGES.name}: {change.model}.{change.field} has no rule {rule}"


def test_a_seed_row_changed_again_since_a301c93_is_explained_by_its_later_row() -> None:
    """gemini-2.5-flash-image: renamed by a301c93 (first table), no longer mapped since (later table, D17)."""
    (row,) = [c for c in recorded_changes() if (c.model, c.field, c.what) == ("gemini-2.5-flash-image", "model", "id")]
    assert row.docs.startswith("none")
    assert "gemini-2.5-flash-image" in CHANGES.read_text(encoding="utf-8").split("## Changes since a301c93")[0]


def test_every_row_since_a301c93_holds_the_spec_value(spec: Spec) -> None:
    rows = later_changes()
    assert len(rows) >= 10
    assert later_mismatches(spec, rows) == []


@pytest.mark.parametrize(
    ("mutate", "expected"),
    [
        pytest.param(
            lambda s: s["NanoBanana2LiteBetaRequest"].update({"x-evolink-credits-per-image": 8.7}),
            "nano-banana-2-lite-beta * credits-per-image: the spec has 8.7",
            id="model-fact",
        ),
        pytest.param(
            lambda s: s["ImageGenerationRequest"]["discriminator"]["mapping"].update(
                {"gemini-2.5-flash-image": "#/components/schemas/NanoBanana2LiteBetaRequest"}
            ),
            "gemini-2.5-flash-image model id: new value",
            id="removed-id-still-taken",
        ),
        pytest.param(
            lambda s: s["GptImage2Request"]["properties"].pop("output_format"),
            "gpt-image-2 output_format field: the spec lacks it",
            id="field-dropped",
        ),
        pytest.param(
            lambda s: s["NanoBanana2LiteBetaRequest"]["properties"]["image_urls"].update(maxItems=5),
            "nano-banana-beta image_urls maxItems: the spec has 5",
            id="value-reverted",
        ),
        pytest.param(
            lambda s: s["NanoBanana2LiteBetaRequest"].update({"x-evolink-aliases": []}),
            "nano-banana model alias: new value",
            id="alias-lost",
        ),
    ],
)
def test_a_row_since_a301c93_that_the_spec_contradicts_is_reported(spec: Spec, mutate, expected: str) -> None:
    document = copy.deepcopy(dict(spec.document))
    mutate(document["components"]["schemas"])
    found = later_mismatches(Spec(document), later_changes())
    assert any(expected in line for line in found), found
