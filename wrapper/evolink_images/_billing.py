"""What EvoLink's docs say a model's tasks cost: the billing facts the catalogue compiles from the spec.

Each model's request schema may carry ``x-evolink-billing`` (openapi/README.md; D47-D49 of the spec): whether it is
billed per image or per task, the docs' figure and the request values it was seen with, the fields that change the
charge, what references cost, whether the reservation settles on what the task made. ``make generate`` compiles them
with the model's ``x-evolink-refunds`` and its credits into :class:`Billing`, ``ModelPreset.billing``. Most pages state
rules (per image, per tier, references billed once per request) and give numbers only through their examples' usage:
a figure is here only where the docs give one.
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import Any

import attrs

__all__ = ["Billing", "billing_from_data"]


def _frozen(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


def _frozen_by(value: Mapping[str, Mapping[str, float]]) -> Mapping[str, Mapping[str, float]]:
    return MappingProxyType({field: MappingProxyType(dict(figures)) for field, figures in value.items()})


@attrs.frozen(kw_only=True)
class Billing:
    """A model's billing facts, as its docs page states them.

    Attributes:
        unit: What :attr:`credits` is per: ``image`` (each image made; ``n`` multiplies it) or ``task`` (one call,
            whatever it makes).
        credits: The docs' figure per unit, from their example's usage, seen with :attr:`figure_for`; None when the
            docs give none.
        by: Figures for other values of a request field (``{"quality": {"standard": 1.8, "hd": 2.7}}``), each with
            every other field at :attr:`figure_for`: from the docs' multipliers (combined by multiplying their ratios
            to :attr:`credits`) and from values they say cost the same. Values as the API spells them, compared
            case-insensitively; empty when the docs give none.
        per_reference: Credits each input image in ``image_urls`` adds, where the docs give a figure (0: free);
            None when they give none, or bill references at a rate they do not state (then ``image_urls`` is in
            :attr:`varies_with`).
        reserved_images: For a model that reserves for a fixed number of images and settles on the images made (a
            layer decomposition: 17), that number; None when the reservation follows the request.
        settles: ``usage`` when the docs say the charge follows the returned usage (reserve, then settle on what was
            made); None when the reservation is the charge.
        moderated_refund: What a task that moderation made fail gets back: ``none`` (Midjourney V7 and V8.1: not
            refunded), ``full`` (V8.2: refunded), or None when the docs do not single moderation out (a failed task
            is refunded in full).
        varies_with: The request fields (dotted for nested ones, ``model_params.web_search``) the docs say change the
            charge: a tier, a quality, a size, ``n`` where each image is billed, ``image_urls`` where references are
            billed, a search billed per search.
        figure_for: The request values :attr:`credits` was seen with (the docs' example; a field it leaves out at its
            default, None when it has none); ``image_urls`` as a count of references. A request whose value of a
            :attr:`varies_with` field is neither this one nor priced in :attr:`by` has no docs figure.
        passages: The docs' sentences these facts come from.
    """

    unit: str
    credits: float | None = None
    by: Mapping[str, Mapping[str, float]] = attrs.field(factory=dict, converter=_frozen_by)
    per_reference: float | None = None
    reserved_images: int | None = None
    settles: str | None = None
    moderated_refund: str | None = None
    varies_with: tuple[str, ...] = attrs.field(default=(), converter=tuple)
    figure_for: Mapping[str, Any] = attrs.field(factory=dict, converter=_frozen)
    passages: tuple[str, ...] = attrs.field(default=(), converter=tuple)

    @property
    def reserve_then_settle(self) -> bool:
        """Whether a task holds a reservation that settles on what it made (the charge may be less)."""
        return self.settles == "usage" or self.reserved_images is not None


def billing_from_data(data: Mapping[str, Any] | None) -> Billing | None:
    """A :class:`Billing` from the catalogue's compiled ``billing`` of a model (None stays None)."""
    if data is None:
        return None
    by: Mapping[str, Mapping[str, Any]] = data.get("by") or {}
    return Billing(
        unit=str(data["unit"]),
        credits=data.get("credits"),
        by={field: {str(value): float(price) for value, price in figures.items()} for field, figures in by.items()},
        per_reference=data.get("per_reference"),
        reserved_images=data.get("reserved_images"),
        settles=data.get("settles"),
        moderated_refund=data.get("moderated_refund"),
        varies_with=data.get("varies_with") or (),
        figure_for=data.get("figure_for") or {},
        passages=data.get("passages") or (),
    )
