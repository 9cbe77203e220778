"""What a request is expected to cost, before it is sent: learned from the journal, else the docs' figure, else unknown.

From the journal: the median charge of this client's completed tasks of the same model whose billing-relevant values
match the request's (the fields the docs say change the charge, the images asked where each image is billed, the
number of references where references are billed), with the spread of those charges. Image counts must match: a
charge is never scaled from another count, since a model may bill per task, per image made, or settle on usage.

From the docs (the catalogue's billing facts): the figure per unit (image or task) at the request's values, times the
units, plus the references' figure; only when every value the docs say changes the charge is one they price. A model
with no billing facts falls back on its typical credits per image or per task. Anything else is unknown: no number is
ever made up.
"""

from __future__ import annotations

import json
import statistics
from collections.abc import Mapping, Sequence
from typing import Any

import attrs

from ._billing import Billing
from ._presets import ModelPreset

__all__ = ["Estimate", "billing_key", "estimate_from_docs", "estimate_request", "reservation_estimate"]
# The fields whose billing is counted, not priced by value: each image (n), each reference (image_urls).
_COUNTED = frozenset({"n", "image_urls"})
_REFERENCES = "image_urls"


@attrs.frozen(kw_only=True)
class Estimate:
    """The credits a request is expected to cost, and where that figure comes from.

    Attributes:
        model: The model id.
        credits: The expected charge; None when neither the journal nor the docs give one.
        basis: ``"journal"`` (learned from this client's journal), ``"docs"`` (EvoLink's documented figures) or
            ``"unknown"``.
        samples: How many charges the journal figure was learned from (0 unless the basis is the journal).
        low: The smallest charge learned (or the docs' lowest for the request); None when unknown.
        high: The largest (or the docs' highest); None when unknown.
        images: The images the request asks for.
        reserved: What the create is expected to hold until the task settles: the charge, unless the model reserves
            more than it charges (a layer decomposition reserves for 17 images and settles on those made). What a
            balance check and a spend cap count.
        detail: One line saying where the figure comes from, or what is missing.
    """

    model: str
    credits: float | None
    basis: str
    samples: int = 0
    low: float | None = None
    high: float | None = None
    images: int = 1
    reserved: float | None = None
    detail: str = ""


def estimate_request(preset: ModelPreset, body: Mapping[str, Any], charges: Sequence[Any] = ()) -> Estimate:
    """The estimate of *body* (a validated request body) for *preset*.

    *charges* are earlier tasks of the model (journal entries: ``body``, ``credits_charged``, ``credits_reserved``);
    those whose billing-relevant values match *body*'s and whose charge is known are learned from. What the create
    holds is learned from their reservations too (else the docs' reservation where the model reserves for more
    images than it makes), and is never less than the charge.
    """
    key = billing_key(preset, body)
    matching = [
        entry for entry in charges if entry.credits_charged is not None and billing_key(preset, entry.body) == key
    ]
    docs = estimate_from_docs(preset, body)
    if not matching:
        return docs
    learned = [float(entry.credits_charged) for entry in matching]
    median = statistics.median(learned)
    reservations = [float(entry.credits_reserved) for entry in matching if entry.credits_reserved is not None]
    if reservations:
        reserved = statistics.median(reservations)
    elif preset.billing is not None and preset.billing.reserved_images is not None and docs.reserved is not None:
        reserved = docs.reserved
    else:
        reserved = median
    matched = ", ".join(f"{name}={value}" for name, value in key) or "any request"
    return Estimate(
        model=preset.id,
        credits=median,
        basis="journal",
        samples=len(learned),
        low=min(learned),
        high=max(learned),
        images=preset.images_requested(body),
        reserved=max(reserved, median),
        detail=f"the median of {len(learned)} charge(s) of earlier {preset.id} tasks with {matched}",
    )


def billing_key(preset: ModelPreset, body: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """The request's values that decide its charge: tasks whose keys are equal are charged alike.

    The fields the docs say change the charge (by value, compared case-insensitively), the images asked where each
    image is billed, and the number of references where references are billed. A model without billing facts is
    matched on its images alone (unless it is billed per task).
    """
    billing = preset.billing
    parts: list[tuple[str, Any]] = [
        (field, _normal(preset.value_in(body, field)))
        for field in (billing.varies_with if billing is not None else ())
        if field not in _COUNTED
    ]
    if _per_image(preset) or (billing is not None and "n" in billing.varies_with):
        parts.append(("images", preset.images_requested(body)))
    if billing is not None and (billing.per_reference is not None or _REFERENCES in billing.varies_with):
        parts.append(("references", _references(body)))
    return tuple(parts)


def estimate_from_docs(preset: ModelPreset, body: Mapping[str, Any]) -> Estimate:
    """The docs' figure for *body*, or an unknown estimate naming what the docs do not price."""
    images = preset.images_requested(body)
    billing = preset.billing
    if billing is None:
        figure = preset.documented_credits(body)
        figure = _rounded(figure) if figure is not None else None
        if figure is None:
            return _unknown(preset, images, f"EvoLink's docs give no figure for {preset.id}")
        unit = "task" if preset.billed_per_task else "image"
        count = "" if preset.billed_per_task else f" x {images} image(s)"
        detail = f"EvoLink's docs: {preset.typical_credits:g} credits per {unit}{count}, from their examples"
        return Estimate(
            model=preset.id,
            credits=figure,
            basis="docs",
            low=figure,
            high=figure,
            images=images,
            reserved=figure,
            detail=detail,
        )
    per_unit, missing = _priced_unit(preset, billing, body)
    references = _references(body)
    if references and _REFERENCES in billing.varies_with and billing.per_reference is None:
        missing.append(f"{references} reference image(s) (billed, with no figure in the docs)")
    if per_unit is None and not missing:
        missing.append(f"a figure per {billing.unit}")
    if missing or per_unit is None:
        return _unknown(preset, images, f"EvoLink's docs give no figure for {preset.id} with " + "; ".join(missing))
    units = images if billing.unit == "image" else 1
    extra = (billing.per_reference or 0.0) * references
    credits = _rounded(per_unit * units + extra)
    detail = f"EvoLink's docs: {per_unit:g} credits per {billing.unit}"
    detail += f" x {units}" if billing.unit == "image" else ""
    detail += f" + {billing.per_reference:g} x {references} reference(s)" if extra else ""
    if billing.reserved_images is not None and billing.reserved_images > units:
        reserved = _rounded(per_unit * billing.reserved_images + extra)
        detail += (
            f"; reserves for {billing.reserved_images} images ({reserved:g}) and settles on the images made, "
            f"so it costs {credits:g} to {reserved:g}"
        )
        return Estimate(
            model=preset.id,
            credits=reserved,
            basis="docs",
            low=credits,
            high=reserved,
            images=images,
            reserved=reserved,
            detail=detail,
        )
    if billing.settles == "usage":
        detail += "; settled on the usage the task returns"
    return Estimate(
        model=preset.id,
        credits=credits,
        basis="docs",
        low=credits,
        high=credits,
        images=images,
        reserved=credits,
        detail=detail,
    )


def reservation_estimate(preset: ModelPreset, body: Mapping[str, Any]) -> float | None:
    """What a create of *body* is expected to reserve, from the docs (for a spend cap); None when unknown.

    The docs' billing figure for the request; for a model without billing facts, its typical credits (its examples'
    reservation). A request the billing facts do not price (a tier with no figure) is unknown, not the default
    tier's figure.
    """
    return estimate_from_docs(preset, body).reserved


def _priced_unit(preset: ModelPreset, billing: Billing, body: Mapping[str, Any]) -> tuple[float | None, list[str]]:
    """The docs' figure per unit at *body*'s values, and the values they do not price."""
    missing: list[str] = []
    overrides: dict[str, float] = {}
    for field, table in billing.by.items():
        figure = _lookup(table, preset.value_in(body, field))
        if figure is not None:
            overrides[field] = figure
    for field in billing.varies_with:
        if field in _COUNTED or field in overrides:
            continue
        value = preset.value_in(body, field)
        if field in billing.figure_for and _same(value, billing.figure_for[field]):
            continue
        missing.append(f"{field}={value!r}")
    figures = set(overrides.values())
    if len(figures) > 1:
        priced = ", ".join(f"{field}" for field in overrides)
        missing.append(f"{priced} together (the docs price each alone)")
        return None, missing
    if figures:
        return figures.pop(), missing
    return billing.credits, missing


def _lookup(table: Mapping[str, float], value: Any) -> float | None:
    """The figure *table* gives *value* (strings compared case-insensitively)."""
    for key, figure in table.items():
        if _same(value, key):
            return figure
    return None


def _same(value: Any, documented: Any) -> bool:
    return bool(_normal(value) == _normal(documented))


def _normal(value: Any) -> Any:
    """A request value as billing compares it: strings case-insensitively, containers by their JSON."""
    if isinstance(value, str):
        return value.strip().lower()
    if isinstance(value, Mapping | list | tuple):
        return json.dumps(value, sort_keys=True, default=str)
    return value


def _per_image(preset: ModelPreset) -> bool:
    """Whether each image asked for is billed (its docs' unit, else the catalogue's per-image figure)."""
    billing = preset.billing
    if billing is not None:
        return billing.unit == "image"
    return not preset.billed_per_task


def _references(body: Mapping[str, Any]) -> int:
    urls = body.get(_REFERENCES)
    return len(urls) if isinstance(urls, list | tuple) else 0


def _rounded(credits: float) -> float:
    """*credits* without the float noise of a product (2.2483 x 3 is 6.7449, not 6.744899999...)."""
    return round(credits, 6)


def _unknown(preset: ModelPreset, images: int, detail: str) -> Estimate:
    return Estimate(model=preset.id, credits=None, basis="unknown", images=images, reserved=None, detail=detail)
