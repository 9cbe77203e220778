"""The checks behind the rules JSON Schema cannot state, keyed by the ``check`` the spec's ``x-evolink-rules`` name.

A check takes the value, the limits the spec gives the rule, and the whole request; it returns what is wrong in
words, or None. The limits live in the spec, never here. A check that cannot read its limits lets the value through:
refusing a request the API would take is worse than letting the API refuse it.

``CHECKS`` refuse a request; ``ADVISORIES`` only warn (the request is valid but will not do quite what it says).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from fractions import Fraction
from typing import Any
from urllib.parse import urlsplit

from ._addresses import internal_host_reason

__all__ = ["ADVISORIES", "API_ONLY", "CHECKS", "Check", "check_url", "describe_rule", "is_uri", "pixels"]

Check = Callable[[Any, Mapping[str, Any], Mapping[str, Any]], str | None]
API_ONLY = "api-only"

_PIXELS = re.compile(r"^([1-9][0-9]*)x([1-9][0-9]*)$")
_RATIO = re.compile(r"^([1-9][0-9]*):([1-9][0-9]*)$")
# RFC 3986 characters; anything else (spaces, quotes, angle brackets, non-ASCII) must be percent-encoded.
_URI_CHARS = re.compile(r"^[A-Za-z0-9\-._~:/?#\[\]@!$&'()*+,;=%]+$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_BAD_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def pixels(size: object) -> tuple[int, int] | None:
    """Width and height of a ``WIDTHxHEIGHT`` size, or None for any other value."""
    match = _PIXELS.match(size) if isinstance(size, str) else None
    return (int(match[1]), int(match[2])) if match else None


def _ratio(text: object) -> Fraction | None:
    match = _RATIO.match(text) if isinstance(text, str) else None
    return Fraction(int(match[1]), int(match[2])) if match else None


def _pixel_area(size: Any, params: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    dims, low, high = pixels(size), pixels(params.get("min")), pixels(params.get("max"))
    if dims is None or low is None or high is None:
        return None  # shorthands like 2K are the pattern's business; unreadable limits refuse nothing
    total, least, most = dims[0] * dims[1], low[0] * low[1], high[0] * high[1]
    if least <= total <= most:
        return None
    return (
        f"width x height must be between {low[0]}x{low[1]} ({least:,}) and {high[0]}x{high[1]} ({most:,}) "
        f"pixels in total; {dims[0]}x{dims[1]} is {total:,}"
    )


def _aspect_ratio(size: Any, params: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    dims, low, high = pixels(size), _ratio(params.get("min")), _ratio(params.get("max"))
    if dims is None or low is None or high is None:
        return None
    ratio = Fraction(dims[0], dims[1])
    if low <= ratio <= high:
        return None
    return (
        f"width / height must be between {params['min']} and {params['max']}; {dims[0]}x{dims[1]} is {float(ratio):.4g}"
    )


def is_uri(value: str) -> bool:
    """Whether *value* is an absolute URI (a scheme, then only characters RFC 3986 allows)."""
    return bool(_SCHEME.match(value) and _URI_CHARS.match(value) and not _BAD_PERCENT.search(value))


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


def _https_url(value: Any, _: Mapping[str, Any], __: Mapping[str, Any]) -> str | None:
    return None if str(value).startswith("https://") else "must be an https:// URL (EvoLink calls HTTPS only)"


def _public_https_url(value: Any, _: Mapping[str, Any], __: Mapping[str, Any]) -> str | None:
    return check_url(str(value), schemes=("https",))


def _fetchable_url(value: Any, _: Mapping[str, Any], __: Mapping[str, Any]) -> str | None:
    return check_url(str(value), schemes=("http", "https"))


def _api_only(_: Any, __: Mapping[str, Any], ___: Mapping[str, Any]) -> str | None:
    """A rule about the image files themselves (bytes, pixels): only the API, which fetches them, can check it."""
    return None


def _image_budget(value: Any, params: Mapping[str, Any], request: Mapping[str, Any]) -> str | None:
    """References + requested images beyond the budget: the API makes fewer images (not an error)."""
    total = params.get("total")
    references = request.get("image_urls")
    count = len(references) if isinstance(references, list) else 0
    if not isinstance(total, int) or not isinstance(value, int) or count + value <= total:
        return None
    return (
        f"{count} reference image(s) + n={value} exceeds {total}; the API makes at most {max(0, total - count)} "
        f"image(s), and n={value} may still be reserved up front"
    )


CHECKS: dict[str, Check] = {
    "pixel-area": _pixel_area,
    "aspect-ratio": _aspect_ratio,
    "https-url": _https_url,
    "public-https-url": _public_https_url,
    "fetchable-url": _fetchable_url,
    API_ONLY: _api_only,
}
ADVISORIES: dict[str, Check] = {
    "image-budget": _image_budget,
}


def describe_rule(check: str, params: Mapping[str, Any]) -> str | None:
    """A rule's limits in a few words, for listings ("<min> to <max> in area"); None when it has none."""
    if check == "pixel-area":
        return f"{params.get('min')} to {params.get('max')} in area"
    if check == "aspect-ratio":
        return f"ratio {params.get('min')} to {params.get('max')}"
    if check == "image-budget":
        return f"references + images <= {params.get('total')}"
    return None
