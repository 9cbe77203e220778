"""The docs' billing facts: in the spec with their passages, compiled into ModelPreset.billing, held by upstream-diff.

Which pages state billing is read from the lock (openapi/upstream.lock.json: each page's text as the spec was last
reconciled with it), never from a docs tree: every model whose page states a billing rule has billing facts, and each
passage is on its page. The catalogue's billing is what the spec's facts compile to (D47-D49, D53); upstream-diff
reports a reworded passage and a changed fact (the fixture's tiny tree and spec).
"""

from __future__ import annotations

import copy
import json
import re
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import evolink_images as ei
import pytest
import yaml
from evolink_images._billing import billing_from_data

from tests.upstream_fixture import BILLED, ONE, SCRIPTS, Project, with_billing

ROOT = Path(__file__).resolve().parent.parent
SPEC = yaml.safe_load((ROOT / "openapi" / "evolink-images.yaml").read_text(encoding="utf-8"))
LOCK = json.loads((ROOT / "openapi" / "upstream.lock.json").read_text(encoding="utf-8"))
# A sentence of a page that states what something costs; the boilerplate every page repeats states nothing.
BILLING_WORDS = re.compile(
    r"\bbilled\b|billing follows|pre-charge|cost the same|costs? (?:more|the least|the most)|additional charge"
    r"|lower cost|price|pricing|multiplier|refunded|are free|is free|Billing differs",
    re.IGNORECASE,
)
BOILERPLATE = re.compile(r"Sent after billing confirmation|Usage and billing info|Billing rule|Billing group", re.I)


@pytest.fixture(scope="module")
def scripts() -> Any:
    """The spec scripts (upstream_spec, catalogue), importable in this process."""
    sys.path.insert(0, str(SCRIPTS))
    import catalogue  # noqa: PLC0415 - a script, imported from its folder
    import upstream_spec  # noqa: PLC0415

    yield type("Scripts", (), {"catalogue": catalogue, "spec": upstream_spec})
    sys.path.remove(str(SCRIPTS))


def models(scripts: Any) -> list[Any]:
    return list(scripts.spec.models(SPEC))


def page_text(path: str) -> str:
    return " ".join(text for _where, text in LOCK["pages"][path]["text"])


def billing_sentences(text: str) -> list[str]:
    sentences = re.split(r"(?<=[.!?])\s+|\s+-\s+", text)
    return [sentence for sentence in sentences if BILLING_WORDS.search(sentence) and not BOILERPLATE.search(sentence)]


# ---------------------------------------------------------------------------------------------------- the spec
def test_every_model_whose_page_states_billing_has_billing_facts_and_no_other_does(scripts: Any) -> None:
    stating, silent = [], []
    for model in models(scripts):
        states = bool(billing_sentences(page_text(model.source)))
        has = "x-evolink-billing" in model.schema or "x-evolink-refunds" in model.schema
        if states != has:
            (stating if states else silent).append(model.id)
    assert stating == [], "their pages state billing, the spec records none"
    assert silent == [], "billing facts for a page that states none"


def test_the_reading_above_sees_billing_where_there_is_some() -> None:
    """The sentence test bites: the pages the spec leaves without facts say nothing of cost."""
    assert billing_sentences("Number of images to generate, each billed independently")
    assert not billing_sentences("Sent after billing confirmation")
    assert not billing_sentences(page_text(ei.presets["gpt-image-1.5"].source.split(" @")[0]))  # type: ignore[union-attr]


def test_every_billing_passage_is_on_its_page_as_the_lock_holds_it(scripts: Any) -> None:
    sources = {model.id: model.source for model in models(scripts)}
    cited = [fact for fact in scripts.spec.spec_facts(SPEC) if fact.fact.startswith("x-evolink-billing")]
    assert len(cited) > 100
    missing = []
    for fact in cited:
        if fact.passage is None:
            assert not fact.needs_passage or fact.unstated, fact.label()
            continue
        if fact.passage not in page_text(fact.page or sources[fact.model]):
            missing.append(fact.label())
    assert missing == []


def test_only_readings_and_recorded_differences_cite_no_passage(scripts: Any) -> None:
    bare = [
        fact.label()
        for fact in scripts.spec.spec_facts(SPEC)
        if fact.fact.startswith("x-evolink-billing") and fact.passage is None
    ]
    readings = [label for label in bare if label.endswith("figure-for")]
    recorded = sorted(set(bare) - set(readings))
    assert recorded == [
        "doubao-seedream-5.0-pro-layerize: x-evolink-billing reserved-images",
        "doubao-seedream-5.0-pro-layerize: x-evolink-billing settles",
    ], "D49: the one page that does not state its 17"


# ---------------------------------------------------------------------------------------------------- the catalogue
def test_the_catalogue_is_what_the_spec_compiles_to(scripts: Any) -> None:
    compiled = 0
    for model in models(scripts):
        data = scripts.catalogue.compile_billing(model.schema, model.id)
        preset = ei.presets.by_id(model.id)
        assert preset is not None
        assert preset.billing == billing_from_data(data), model.id
        compiled += data is not None
    assert compiled == sum(1 for preset in ei.presets.values() if preset.billing is not None) > 40


def test_the_billing_stays_consistent_with_the_credits_and_refunds() -> None:
    for preset in ei.presets.values():
        billing = preset.billing
        if billing is None:
            continue
        if billing.unit == "task":
            figure = preset.credits_per_task if preset.credits_per_task is not None else preset.credits_per_image
            assert preset.credits_per_task is not None or preset.max_images == 1, preset.id
            assert billing.credits == figure, preset.id
        else:
            assert preset.credits_per_task is None, preset.id
            reserved = billing.reserved_images or 1
            assert billing.credits == pytest.approx((preset.credits_per_image or 0) / reserved), preset.id
        if billing.reserved_images is not None:
            assert preset.output == "layers" and billing.settles == "usage", preset.id
        refunded = preset.refunds.get("moderated")
        if billing.moderated_refund != refunded:
            assert preset.series == "mj-v8.2" and billing.moderated_refund == "full", "D53: only V8.2 differs"
        assert set(billing.varies_with) <= {*preset.fields, *(f for f in billing.varies_with if "." in f)}


@pytest.mark.parametrize(
    ("model", "facts"),
    [
        ("doubao-seedream-5.0-flash-layerize",
         {"unit": "image", "credits": 1.1016, "reserved_images": 17, "settles": "usage", "per_reference": 0.0}),
        ("doubao-seedream-5.0-pro-layerize", {"credits": 2.304, "reserved_images": 17, "settles": "usage"}),
        ("mj-v8.1", {"unit": "task", "credits": 1.8, "moderated_refund": "none", "varies_with": ("quality",)}),
        ("mj-v8.2-edit", {"unit": "task", "moderated_refund": "full"}),
        ("qwen-image-3.0", {"settles": "usage", "varies_with": ("n", "image_urls")}),
        ("gpt-image-2-beta", {"unit": "task", "credits": 2.5}),
        ("gemini-nano-banana-2.1", {"figure_for": {"quality": "2K", "image_urls": 0, "model_params.web_search": False,
                                                   "model_params.image_search": False,
                                                   "model_params.thinking_level": "auto"}}),
    ],
)  # fmt: skip
def test_the_facts_the_pages_state(model: str, facts: Mapping[str, Any]) -> None:
    billing = ei.presets[model].billing
    assert billing is not None
    for name, value in facts.items():
        assert getattr(billing, name) == value, name


def test_figures_come_only_from_the_docs() -> None:
    assert ei.presets["mj-v8.1"].billing.by == {"quality": {"standard": 1.8, "hd": 2.7}}  # type: ignore[union-attr]
    qwen = ei.presets["qwen-image-3.0"].billing
    assert qwen is not None and qwen.by == {"quality": {"1K": 2.2483, "2K": 2.2483}}, "1K and 2K cost the same"
    pro = ei.presets["doubao-seedream-5.0-pro"].billing
    assert pro is not None and pro.by == {}, "1K and 1.5K cost the same, but the figure is 2K's: no number for them"
    assert ei.presets["gpt-image-2"].billing.by == {}, "a relative cost of ~4x is no figure"  # type: ignore[union-attr]
    assert ei.presets["gpt-image-1.5"].billing is None, "its page says nothing of cost"


def schema_of(model_id: str) -> dict[str, Any]:
    ref = SPEC["components"]["schemas"]["ImageGenerationRequest"]["discriminator"]["mapping"][model_id]
    return copy.deepcopy(SPEC["components"]["schemas"][ref.rsplit("/", 1)[1]])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda b: b["varies-with"].update({"qualty": "x"}), "'qualty', not a field of the model"),
        (lambda b: b.update({"discount": {"value": 1}}), "entries the catalogue does not know"),
        (lambda b: b.update({"unit": {"value": "pixel", "passage": "x"}}), "unit is one of"),
        (lambda b: b.update({"multipliers": {"value": {"quality": {"hd": 1.5}}}}), "lack the figure's value"),
        (lambda b: b.update({"reserved-images": {"value": 0}}), "reserved-images is a count"),
        (lambda b: b.update({"settles": "usage"}), "is {value, passage}"),
    ],
)
def test_the_catalogue_refuses_billing_it_cannot_read(scripts: Any, change: Any, message: str) -> None:
    schema = schema_of("mj-v8.2")
    change(schema["x-evolink-billing"])
    with pytest.raises(scripts.catalogue.CatalogueError, match=re.escape(message)):
        scripts.catalogue.compile_billing(schema, "mj-v8.2")


def test_without_the_field_check_a_misspelt_field_would_compile(scripts: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    schema = schema_of("mj-v8.2")
    schema["x-evolink-billing"]["varies-with"]["qualty"] = "x"
    monkeypatch.setattr(scripts.catalogue, "_has_field", lambda _schema, _field: True)
    assert "qualty" in scripts.catalogue.compile_billing(schema, "mj-v8.2")["varies_with"]


# ---------------------------------------------------------------------------------------------------- upstream-diff
@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The fixture's spec and tree, acme-one's page stating billing rules the spec records, the lock recorded."""
    return with_billing(Project(tmp_path)).synced()


def test_the_lock_records_each_billing_fact_with_its_passage(project: Project) -> None:
    assert project.diff()[0] == 0
    lock = json.loads(project.lock_path.read_text(encoding="utf-8"))
    on_page = lock["pages"][ONE]["passages"][BILLED]
    assert {(entry["field"], entry["fact"]) for entry in on_page} == {
        ("", "x-evolink-billing unit"),
        ("n", "x-evolink-billing varies-with"),
    }


def test_a_reworded_billing_passage_is_reported_with_the_facts_on_it(project: Project) -> None:
    request = project.files[ONE]["components"]["schemas"]["ImageGenerationRequest"]["properties"]
    request["n"]["description"] = request["n"]["description"].replace(BILLED, "Each image costs the same.")
    status, output = project.diff(docs=True)
    assert status == 1
    assert f'passage: lock "{BILLED}"' in output
    assert "facts that depend on it: acme-one.-: x-evolink-billing unit" in output
    assert "acme-one: x-evolink-billing unit: passage not in the page's text" in output
    assert "acme-one.n: x-evolink-billing varies-with: passage not in the page's text" in output


def test_a_billing_fact_changed_in_the_spec_alone_is_reported(project: Project) -> None:
    project.spec["components"]["schemas"]["AcmeOne"]["x-evolink-billing"]["unit"]["value"] = "task"
    status, output = project.diff()
    assert status == 1 and 'acme-one: x-evolink-billing unit: ours "task", lock "image"' in output


def test_a_billing_fact_without_its_passage_is_listed(project: Project) -> None:
    del project.spec["components"]["schemas"]["AcmeOne"]["x-evolink-billing"]["settles"]["passage"]
    status, output = project.diff()
    assert status == 1 and 'acme-one: x-evolink-billing settles: no passage: ours "usage"' in output


def test_without_the_billing_facts_a_changed_fact_goes_unseen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(SCRIPTS))
    import upstream_spec  # noqa: PLC0415 - a script, imported from its folder

    def changed(project: Project) -> int:
        project.spec["components"]["schemas"]["AcmeOne"]["x-evolink-billing"]["unit"]["value"] = "task"
        return project.diff()[0]

    (tmp_path / "with").mkdir()
    (tmp_path / "without").mkdir()
    assert changed(with_billing(Project(tmp_path / "with")).synced()) == 1
    monkeypatch.setattr(upstream_spec, "billing_facts", lambda _model, _raw: iter(()))
    assert changed(with_billing(Project(tmp_path / "without")).synced()) == 0
