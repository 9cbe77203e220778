"""The rules JSON Schema cannot state, by the names the spec gives them in its "Rule <name>:" lines.

Each check takes the field's value and the whole request, and returns what is wrong in words, or None.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any
from urllib.parse import urlsplit

from ._addresses import internal_host_reason

__all__ = ["RULES", "check_url", "seedream_budget_warning"]

Check = Callable[[Any, Mapping[str, Any]], str | None]

_PIXELS = re.compile(r"^([1-9][0-9]*)x([1-9][0-9]*)$")
# RFC 3986 characters; anything else (spaces, quotes, angle brackets, non-ASCII) must be percent-encoded.
_URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _pixels(size: str) -> tuple[int, int] | None:
    match = _PIXELS.match(size)
    return (int(match[1]), int(match[2])) if match else None


def _total_pixels(low: tuple[int, int], high: tuple[int, int]) -> Check:
    def check(size: Any, _: Mapping[str, Any]) -> str | None:
        dims = _pixels(size) if isinstance(size, str) else None
        if dims is None:
            return None  # 2K/4K shorthands; the format itself is the pattern's job
        total, least, most = dims[0] * dims[1], low[0] * low[1], high[0] * high[1]
        if least <= total <= most:
            return None
        return (
            f"width x height must be between {low[0]}x{low[1]} ({least:,}) and {high[0]}x{high[1]} ({most:,}) "
            f"pixels in total; {dims[0]}x{dims[1]} is {total:,}"
        )

    return check


def _aspect_ratio(limit: int) -> Check:
    def check(size: Any, _: Mapping[str, Any]) -> str | None:
        dims = _pixels(size) if isinstance(size, str) else None
        if dims is None:
            return None
        ratio = Fraction(dims[0], dims[1])
        if Fraction(1, limit) <= ratio <= limit:
            return None
        return f"width / height must be between 1/{limit} and {limit}; {dims[0]}x{dims[1]} is {float(ratio):.4g}"

    return check


def check_url(value: str, *, schemes: tuple[str, ...]) -> str | None:
    """What makes *value* unusable as a URL the API fetches or calls, or None."""
    if not _URI_CHARS.match(value) or _BAD_PERCENT.search(value):
        return "must be a valid URL (encode spaces and other special characters as %XX)"
    try:
        parts = urlsplit(value)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError as exc:
        return f"must be a valid URL ({exc})"
    if parts.scheme.lower() not in schemes:
        return f"must be an {' or '.join(s + '://' for s in schemes)} URL"
    if not host:
        return "must name a host"
    reason = internal_host_reason(host)
    if reason:
        return f"must not point at an internal address ({reason}): EvoLink's servers cannot reach it"
    return None


def _callback_https(value: Any, _: Mapping[str, Any]) -> str | None:
    return None if str(value).startswith("https://") else "must be an https:// URL (EvoLink calls HTTPS only)"


def _callback_public_host(value: Any, _: Mapping[str, Any]) -> str | None:
    return check_url(str(value), schemes=("https",))


def _image_reachable(value: Any, _: Mapping[str, Any]) -> str | None:
    return check_url(str(value), schemes=("http", "https"))


def _not_checked_here(_: Any, __: Mapping[str, Any]) -> str | None:
    """A rule about the image files themselves (bytes, pixels): only the API, which fetches them, can check it."""
    return None


def _seedream_budget(_: Any, __: Mapping[str, Any]) -> str | None:
    """Not an error: the API clamps. See :func:`seedream_budget_warning`."""
    return None


def seedream_budget_warning(params: Mapping[str, Any]) -> str | None:
    """The Rule seedream-image-budget notice, when references + n exceed 15 (the API then makes fewer images)."""
    references = len(params.get("image_urls") or [])
    wanted = params.get("n")
    if not isinstance(wanted, int) or references + wanted <= 15:
        return None
    return (
        f"doubao-seedream-4.5: {references} reference image(s) + n={wanted} exceeds 15; "
        f"the API makes at most {15 - references} image(s) (Rule seedream-image-budget), and n={wanted} "
        "may still be reserved up front"
    )


RULES: dict[str, Check] = {
    "wan-total-pixels": _total_pixels((768, 768), (1440, 1440)),
    "wan-aspect-ratio": _aspect_ratio(4),
    "seedream-total-pixels": _total_pixels((2560, 1440), (4096, 4096)),
    "seedream-aspect-ratio": _aspect_ratio(16),
    "seedream-image-budget": _seedream_budget,
    "callback-https": _callback_https,
    "callback-length": lambda value, _: None if len(str(value)) <= 2048 else "must be at most 2048 characters",
    "callback-public-host": _callback_public_host,
    "image-reachable": _image_reachable,
    "qwen-image-sides": _not_checked_here,
}
