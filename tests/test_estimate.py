"""``client.estimate``: the request validated as ``submit`` would, then a figure learned from the journal, else the
docs', else unknown; never a number from nowhere."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import attrs
import evolink_images as ei
import httpx
import pytest
import respx
from evolink_images import _estimate
from evolink_images._billing import Billing
from evolink_images._estimate import estimate_from_docs, estimate_request
from evolink_images.testing import VirtualClock

from tests.conftest import API_KEY, BASE_URL, PNG
from tests.examples import spec_examples

GPT = ei.presets["gpt-image-2"]  # takes n and image_urls
LAYERS = ei.presets["doubao-seedream-5.0-flash-layerize"]


def billing(**changes: Any) -> Billing:
    facts: dict[str, Any] = {
        "unit": "image",
        "credits": 2.5,
        "by": {},
        "per_reference": None,
        "reserved_images": None,
        "settles": None,
        "moderated_refund": None,
        "varies_with": ("n",),
        "figure_for": {},
        "passages": (),
    }
    return Billing(**{**facts, **changes})


def priced(preset: ei.ModelPreset = GPT, **changes: Any) -> ei.ModelPreset:
    return attrs.evolve(preset, billing=billing(**changes))


@attrs.frozen
class Charge:
    """What an estimate learns from: a journal entry's body and credits."""

    body: dict[str, Any]
    credits_charged: float | None
    credits_reserved: float | None = None


# ---------------------------------------------------------------------------------------------- the docs' figures
def test_per_image_times_the_images_asked() -> None:
    estimate = estimate_from_docs(priced(), {"model": GPT.id, "prompt": "p", "n": 3})
    assert (estimate.basis, estimate.credits, estimate.low, estimate.high) == ("docs", 7.5, 7.5, 7.5)
    assert (estimate.images, estimate.reserved, estimate.samples) == (3, 7.5, 0)
    assert estimate.detail == "EvoLink's docs: 2.5 credits per image x 3"


def test_a_tier_the_docs_price_overrides_the_figure_whatever_its_case() -> None:
    model = priced(varies_with=("n", "quality"), by={"quality": {"1K": 2.5, "2K": 2.5, "4K": 5.0}})
    assert estimate_from_docs(model, {"model": GPT.id, "quality": "4k", "n": 2}).credits == 10.0
    assert estimate_from_docs(model, {"model": GPT.id, "quality": "1K"}).credits == 2.5


def test_a_value_the_docs_do_not_price_makes_it_unknown_naming_it() -> None:
    model = priced(varies_with=("n", "quality"), figure_for={"quality": "2K"})
    assert estimate_from_docs(model, {"model": GPT.id, "quality": "2k"}).credits == 2.5, "the example's own value"
    estimate = estimate_from_docs(model, {"model": GPT.id, "quality": "4K"})
    assert (estimate.basis, estimate.credits, estimate.reserved, estimate.low) == ("unknown", None, None, None)
    assert "quality='4K'" in estimate.detail


def test_without_that_guard_an_unpriced_tier_would_get_the_default_tiers_figure() -> None:
    """The companion: the same request, with the docs' statement that quality changes the charge taken away."""
    model = priced(varies_with=("n",), figure_for={"quality": "2K"})
    assert estimate_from_docs(model, {"model": GPT.id, "quality": "4K"}).credits == 2.5


def test_two_overrides_that_disagree_are_not_combined() -> None:
    model = priced(varies_with=("quality", "size"), by={"quality": {"4K": 5.0}, "size": {"2048x2048": 4.0}})
    estimate = estimate_from_docs(model, {"model": GPT.id, "quality": "4K", "size": "2048x2048"})
    assert estimate.basis == "unknown" and "quality, size together" in estimate.detail


def test_references_billed_per_image() -> None:
    body = {"model": GPT.id, "image_urls": ["https://a/1.png", "https://a/2.png"]}
    with_figure = priced(varies_with=("n", "image_urls"), per_reference=0.5)
    assert estimate_from_docs(with_figure, body).credits == 3.5
    assert "+ 0.5 x 2 reference(s)" in estimate_from_docs(with_figure, body).detail
    without = priced(varies_with=("n", "image_urls"))
    assert estimate_from_docs(without, body).basis == "unknown", "billed, with no figure"
    assert estimate_from_docs(without, {"model": GPT.id}).credits == 2.5, "no reference, nothing missing"


def test_no_figure_per_unit_is_unknown() -> None:
    estimate = estimate_from_docs(priced(credits=None), {"model": GPT.id})
    assert estimate.basis == "unknown" and "a figure per image" in estimate.detail


def test_a_model_that_reserves_for_more_images_than_it_makes() -> None:
    """Seedream's layer decomposition reserves for 17 images at 1.1016 and settles on the images made (D19)."""
    model = priced(LAYERS, credits=1.1016, reserved_images=17, settles="usage", varies_with=())
    estimate = estimate_from_docs(model, {"model": LAYERS.id, "image_urls": ["https://a/1.png"]})
    assert (estimate.basis, estimate.low, estimate.high) == ("docs", pytest.approx(1.1016), pytest.approx(18.7272))
    assert estimate.credits == estimate.reserved == pytest.approx(18.7272), "the most it can charge"
    assert "reserves for 17 images" in estimate.detail


def test_a_model_without_billing_facts_falls_back_on_its_typical_figure() -> None:
    plain = attrs.evolve(GPT, billing=None)
    assert plain.credits_per_image is not None
    estimate = estimate_from_docs(plain, {"model": GPT.id, "n": 2})
    assert (estimate.basis, estimate.credits) == ("docs", plain.credits_per_image * 2)
    unpriced = attrs.evolve(GPT, billing=None, credits_per_image=None)
    assert estimate_from_docs(unpriced, {"model": GPT.id}).basis == "unknown"


# ---------------------------------------------------------------------------------------------- the catalogue's facts
@pytest.mark.parametrize(
    ("model", "params", "credits", "reserved"),
    [
        ("nano-banana-pro-beta", {}, 1.6, 1.6),  # per image at the docs' 2K
        ("mj-v8.1", {"quality": "hd"}, 2.7, 2.7),  # per call, "hd: 1.5x multiplier"
        ("qwen-image-3.0", {"n": 3, "quality": "1K"}, 6.7449, 6.7449),  # "1K and 2K cost the same"
        ("doubao-seedream-5.0-flash-layerize", {"image_urls": ["https://a/1.png"]}, 18.7272, 18.7272),  # 17 x 1.1016
    ],
)
def test_the_docs_figures_of_real_models(
    client: ei.EvoLink, model: str, params: dict[str, Any], credits: float, reserved: float
) -> None:
    estimate = client.estimate(model, "a lighthouse", **params)
    assert (estimate.basis, estimate.credits, estimate.reserved) == ("docs", credits, reserved)


def test_a_tier_the_docs_only_say_costs_more_is_unknown(client: ei.EvoLink) -> None:
    """ "`4K` quality will incur additional charges", with no figure: no number is made up."""
    estimate = client.estimate("nano-banana-pro-beta", "a lighthouse", quality="4K")
    assert (estimate.basis, estimate.credits) == ("unknown", None)
    assert "quality='4K'" in estimate.detail


# ---------------------------------------------------------------------------------------------- the journal's
def test_the_median_of_matching_charges_with_their_spread() -> None:
    model = priced(varies_with=("n", "quality"), by={"quality": {"2K": 2.5, "4K": 5.0}})
    two_k = {"model": GPT.id, "quality": "2K", "n": 2}
    charges = [Charge(two_k, 4.0, 5.0), Charge(two_k, 5.0, 5.0), Charge(two_k, 4.5, 5.0)]
    charges += [Charge({**two_k, "quality": "4K"}, 10.0), Charge({**two_k, "n": 1}, 2.5), Charge(two_k, None)]
    estimate = estimate_request(model, {**two_k, "quality": "2k", "prompt": "another"}, charges)
    assert (estimate.basis, estimate.credits, estimate.samples) == ("journal", 4.5, 3)
    assert (estimate.low, estimate.high, estimate.reserved) == (4.0, 5.0, 5.0)
    assert estimate.low <= estimate.credits <= estimate.high
    assert "median of 3 charge(s)" in estimate.detail


def test_without_the_billing_key_every_charge_of_the_model_would_count(monkeypatch: pytest.MonkeyPatch) -> None:
    model = priced(varies_with=("n", "quality"))
    charges = [Charge({"model": GPT.id, "quality": "4K", "n": 4}, 20.0), Charge({"model": GPT.id}, 2.0)]
    assert estimate_request(model, {"model": GPT.id}, charges).credits == 2.0
    monkeypatch.setattr(_estimate, "billing_key", lambda preset, body: ())
    assert estimate_request(model, {"model": GPT.id}, charges).credits == 11.0


def test_no_matching_charge_falls_back_on_the_docs() -> None:
    charges = [Charge({"model": GPT.id, "n": 4}, 9.0)]
    assert estimate_request(priced(), {"model": GPT.id, "n": 1}, charges).basis == "docs"


# ---------------------------------------------------------------------------------------------- through the client
@pytest.fixture
def journal(tmp_path: Path) -> ei.Journal:
    return ei.Journal(tmp_path / "journal.sqlite3")


@pytest.fixture
def journalled(api: respx.MockRouter, clock: VirtualClock, journal: ei.Journal) -> ei.EvoLink:
    http = httpx.Client(transport=httpx.MockTransport(api.handler))
    return ei.EvoLink(api_key=API_KEY, http_client=http, clock=clock, journal=journal)


def charged(journal: ei.Journal, key: str, body: dict[str, Any], used: float, base_url: str = BASE_URL) -> None:
    """A completed task of *body* in the journal, charged *used*."""
    journal.begin(idempotency_key=f"{key}-0123456789abcdef", base_url=base_url, body=body)
    task = ei.Task(id=f"task-{key}", model=body["model"], status=ei.TaskStatus.PENDING, credits_reserved=used)
    journal.submitted(f"{key}-0123456789abcdef", task)
    done = attrs.evolve(task, status=ei.TaskStatus.COMPLETED, results=["https://r/0"], credits_used=used)
    journal.finished(done)


def test_learned_from_the_journal_within_the_spread_of_its_charges(
    journalled: ei.EvoLink, journal: ei.Journal, api: respx.MockRouter
) -> None:
    body = {"model": GPT.id, "prompt": "a cat", "n": 2}
    for key, used in [("a", 4.8), ("b", 5.0), ("c", 5.6)]:
        charged(journal, key, body, used)
    estimate = journalled.estimate(GPT.id, "a dog", n=2)
    assert (estimate.basis, estimate.samples, estimate.credits) == ("journal", 3, 5.0)
    assert estimate.low is not None and estimate.high is not None
    assert estimate.low <= estimate.credits <= estimate.high
    assert not api.calls, "nothing is sent"


def test_charges_sent_to_another_api_teach_nothing(journalled: ei.EvoLink, journal: ei.Journal) -> None:
    """A simulator's charges are not EvoLink's."""
    charged(journal, "a", {"model": GPT.id, "prompt": "a cat"}, 99.0, base_url="http://127.0.0.1:9")
    assert journalled.estimate(GPT.id, "a cat").basis in {"docs", "unknown"}
    charged(journal, "b", {"model": GPT.id, "prompt": "a cat"}, 3.0)
    assert journalled.estimate(GPT.id, "a cat").credits == 3.0


def test_an_empty_journal_says_docs_or_unknown_for_every_model(client: ei.EvoLink) -> None:
    examples = spec_examples()
    for model in ei.presets.values():
        body = {key: value for key, value in examples[model.id][0].items() if key != "model"}
        estimate = client.estimate(model.id, **body)
        assert estimate.model == model.id and estimate.basis in {"docs", "unknown"}, model.id
        assert (estimate.credits is None) == (estimate.basis == "unknown"), model.id
        assert estimate.samples == 0 and estimate.detail, model.id


def test_it_validates_as_submit_does(client: ei.EvoLink, api: respx.MockRouter) -> None:
    with pytest.raises(ei.ValidationError) as caught:
        client.estimate(GPT.id, "a cat", n=99)
    assert caught.value.field == "n"
    with pytest.raises(ei.ValidationError):
        client.estimate("no-such-model", "a cat")
    assert not api.calls


def test_a_local_image_is_read_and_checked_but_not_uploaded(
    client: ei.EvoLink, api: respx.MockRouter, tmp_path: Path
) -> None:
    photo = tmp_path / "photo.png"
    photo.write_bytes(PNG)
    estimate = client.estimate(GPT.id, "in this style", image_urls=[photo])
    assert estimate.model == GPT.id
    assert not api.calls, "no upload, no create"
    with pytest.raises(ei.ValidationError, match=r"missing\.png"):
        client.estimate(GPT.id, "in this style", image_urls=[tmp_path / "missing.png"])


def test_the_async_twin(api: respx.MockRouter, clock: VirtualClock, journal: ei.Journal) -> None:
    charged(journal, "a", {"model": GPT.id, "prompt": "a cat"}, 3.0)

    async def go() -> ei.Estimate:
        http = httpx.AsyncClient(transport=httpx.MockTransport(api.async_handler))
        async with ei.AsyncEvoLink(api_key=API_KEY, http_client=http, clock=clock, journal=journal) as client:
            return await client.estimate(GPT.id, "a dog")

    estimate = asyncio.run(go())
    assert (estimate.basis, estimate.credits) == ("journal", 3.0)
