"""What a simulated task reserves and what it is charged, from the model's billing facts in the catalogue.

The figure is the docs' (``ModelPreset.billing``, else the model's typical credits, else 1 per image), changed by a
request value the docs price (``Billing.by``: Midjourney's ``hd`` is 1.5 times ``standard``) and by references they
price (``per_reference``). A model billed per image reserves for the images asked (a layer decomposition: for
``reserved_images``) and is charged for the images made; one billed per task is charged its reservation.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .._presets import ModelPreset

__all__ = ["DEFAULT_CREDITS_PER_IMAGE", "charged_credits", "per_task", "reserved_credits", "unit_credits"]

# For a model whose spec gives no credits (x-evolink-credits-per-image, -per-task).
DEFAULT_CREDITS_PER_IMAGE = 1.0


def per_task(model: ModelPreset) -> bool:
    """Whether the model's tasks are billed per task (one call, whatever it makes), not per image."""
    return model.billing.unit == "task" if model.billing is not None else model.billed_per_task


def _same(one: Any, other: str) -> bool:
    return isinstance(one, str) and one.casefold() == other.casefold()


def unit_credits(model: ModelPreset, body: Mapping[str, Any]) -> float:
    """The credits of one unit (an image, or the task) of *body*: the docs' figure, and the values they price."""
    billing = model.billing
    if billing is None or billing.credits is None:
        return model.typical_credits or DEFAULT_CREDITS_PER_IMAGE
    figure = billing.credits
    for field, figures in billing.by.items():
        value = model.value_in(body, field)
        priced = next((price for name, price in figures.items() if _same(value, name)), None)
        if priced is not None and billing.credits:
            figure *= priced / billing.credits
    return figure


def _references(model: ModelPreset, body: Mapping[str, Any]) -> float:
    billing = model.billing
    urls = body.get("image_urls")
    if billing is None or not billing.per_reference or not isinstance(urls, list):
        return 0.0
    return billing.per_reference * len(urls)


def reserved_credits(model: ModelPreset, body: Mapping[str, Any]) -> float:
    """What a create of *body* reserves: per task, or per image asked (or the model's fixed reservation)."""
    unit = unit_credits(model, body)
    if per_task(model):
        return round(unit + _references(model, body), 6)
    fixed = model.billing.reserved_images if model.billing is not None else None
    images = fixed if fixed is not None else model.images_requested(body)
    return round(unit * images + _references(model, body), 6)


def charged_credits(model: ModelPreset, body: Mapping[str, Any], made: int) -> float:
    """What a completed task of *body* that made *made* images is charged: per task, or per image made."""
    unit = unit_credits(model, body)
    return round((unit if per_task(model) else unit * made) + _references(model, body), 6)
