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
from ._mj_prompt import MJ_ADVISORIES, MJ_CHECKS, MJ_LIMITS

__all__ = [
    "ADVISORIES",
    "API_ONLY",
    "CHECKS",
    "HINT_OF_REFUSAL",
    "LIMITS",
    "PARENT_CHECKS",
    "Check",
    "ParentCheck",
    "check_url",
    "describe_rule",
    "is_uri",
    "lookup",
    "pixels",
]

Check = Callable[[Any, Mapping[str, Any], Mapping[str, Any]], str | None]
API_ONLY = "api-only"

# WIDTHxHEIGHT, with the letter x or the multiplication sign (some models take both; the spec's pattern decides).
_PIXELS = re.compile(r"^([1-9][0-9]*)[x\u00d7]([1-9][0-9]*)$")
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


def _area(limit: object) -> tuple[int, str] | None:
    """A pixel-count limit, given as ``WxH`` or as a plain count, with how to show it."""
    dims = pixels(limit)
    if dims is not None:
        return dims[0] * dims[1], f"{dims[0]}x{dims[1]} ({dims[0] * dims[1]:,})"
    if isinstance(limit, int) and not isinstance(limit, bool) and limit > 0:
        return limit, f"{limit:,}"
    return None


def _pixel_area(size: Any, params: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    dims, low, high = pixels(size), _area(params.get("min")), _area(params.get("max"))
    if dims is None or low is None or high is None:
        return None  # shorthands like 2K are the pattern's business; unreadable limits refuse nothing
    total = dims[0] * dims[1]
    if low[0] <= total <= high[0]:
        return None
    return f"width x height must be between {low[1]} and {high[1]} pixels in total; {size} is {total:,}"


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


def _public_https_url(value: Any, _: Mapping[str, Any], __: Mapping[str, Any]) -> str | None:
    return check_url(str(value), schemes=("https",))


def _fetchable_url(value: Any, params: Mapping[str, Any], __: Mapping[str, Any]) -> str | None:
    """An http(s) URL the API's servers can fetch; with ``data: ok``, a ``data:`` URI (the image inline) too."""
    inline = str(value).lstrip()[:5].lower() == "data:"
    if inline and params.get("data") == "ok":
        return None
    if inline:
        return _DATA_URL
    return check_url(str(value), schemes=("http", "https"))


_DATA_URL = (
    "is a data: URL, which this field does not take (the model pages: public http(s) URLs only, no base64 or data URLs)"
)
# The refusals whose way forward each front end words its own way: the ValidationError's ``hint`` (see HINTS).
HINT_OF_REFUSAL = {_DATA_URL: "data-url"}


def _unsigned_url(value: Any, params: Mapping[str, Any], __: Mapping[str, Any]) -> str | None:
    """A URL whose query has a parameter named with one of ``names`` (a signed link: ``Expires``, ``Signature``)."""
    names = params.get("names")
    if not isinstance(value, str) or not isinstance(names, list):
        return None
    try:
        query = urlsplit(value).query
    except ValueError:
        return None
    keys = [pair.partition("=")[0] for pair in query.split("&") if pair]
    signed = sorted({key for key in keys for name in names if str(name).lower() in key.lower()})
    if not signed:
        return None
    return f"is a signed link ({', '.join(signed)} in its query), which this model does not take: use an unsigned URL"


def _pixel_sides(size: Any, params: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    """Each side at least ``min`` and, when given, at most ``max`` pixels."""
    dims, low, high = pixels(size), params.get("min"), params.get("max")
    if dims is None or not isinstance(low, int) or not isinstance(high, int | None):
        return None
    if all(low <= side and (high is None or side <= high) for side in dims):
        return None
    limits = f"between {low} and {high}" if high is not None else f"at least {low}"
    return f"width and height must each be {limits} pixels; {size} is not"


def _pixel_multiple(size: Any, params: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    dims, step = pixels(size), params.get("of")
    if dims is None or not isinstance(step, int) or step < 1 or all(side % step == 0 for side in dims):
        return None
    return f"width and height must both be multiples of {step}; {size} is not"


def lookup(request: Mapping[str, Any], field: str) -> Any:
    """The value at *field* in the request: a top-level name, or a dotted path (``model_params.speed``); else None."""
    node: Any = request
    for name in field.split("."):
        if not isinstance(node, Mapping):
            return None
        node = node.get(name)
    return node


def _applies(value: Any, params: Mapping[str, Any]) -> bool:
    """A conditional rule applies when it has no ``when``, or the field's value is ``when``."""
    return "when" not in params or value == params["when"]


def _requires(value: Any, params: Mapping[str, Any], request: Mapping[str, Any]) -> str | None:
    """A field (with the value ``when``) that needs another: present, one of ``values``, or ``count`` items.

    ``absent: ok`` lets the other field be left out (its default then holds).
    """
    field = params.get("field")
    if not isinstance(field, str) or not _applies(value, params):
        return None
    other = lookup(request, field)
    if other is None:
        return None if params.get("absent") == "ok" else f"needs {field} as well"
    values = params.get("values")
    if isinstance(values, list) and other not in values:
        return f"works only with {field} = {' or '.join(map(str, values))} (not {other!r})"
    count = params.get("count")
    if isinstance(count, int) and (not isinstance(other, list) or len(other) != count):
        return f"needs exactly {count} item(s) in {field}"
    return None


def _excludes(value: Any, params: Mapping[str, Any], request: Mapping[str, Any]) -> str | None:
    """A field (with the value ``when``) that cannot be combined with another (with one of ``values``)."""
    field = params.get("field")
    other = lookup(request, field) if isinstance(field, str) else None
    if other is None or not _applies(value, params):
        return None
    values = params.get("values")
    if isinstance(values, list) and other not in values:
        return None
    return f"cannot be combined with {field}={other!r}"


def _ignored_without(_: Any, params: Mapping[str, Any], request: Mapping[str, Any]) -> str | None:
    field = params.get("field")
    if not isinstance(field, str) or lookup(request, field) not in (None, []):
        return None
    return f"has no effect without {field}: the API ignores it"


def _utf8_bytes(value: Any, params: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    """Text whose UTF-8 encoding is longer than ``max`` bytes (a limit in bytes, not in characters)."""
    limit = params.get("max")
    if not isinstance(limit, int) or isinstance(limit, bool) or not isinstance(value, str):
        return None
    size = len(value.encode("utf-8", errors="surrogatepass"))
    if size <= limit:
        return None
    return f"must be at most {limit:,} bytes in UTF-8; this text is {size:,} bytes ({len(value):,} characters)"


def _truncated_beyond(value: Any, params: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    length = params.get("length")
    if not isinstance(length, int) or not isinstance(value, str) or len(value) <= length:
        return None
    return f"is {len(value)} characters; the API keeps the first {length} and drops the rest"


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
    "pixel-sides": _pixel_sides,
    "pixel-multiple": _pixel_multiple,
    "requires": _requires,
    "excludes": _excludes,
    "public-https-url": _public_https_url,
    "fetchable-url": _fetchable_url,
    "unsigned-url": _unsigned_url,
    "utf8-bytes": _utf8_bytes,
    API_ONLY: _api_only,
    **MJ_CHECKS,
}
ADVISORIES: dict[str, Check] = {
    "image-budget": _image_budget,
    "ignored-without": _ignored_without,
    "truncated-beyond": _truncated_beyond,
    **MJ_ADVISORIES,
}


def _parent_requires(value: Any, params: Mapping[str, Any]) -> str | None:
    values = params.get("values")
    if not isinstance(values, list) or value in values:
        return None
    return f"works only on a task made with {params.get('parent_field')} = {' or '.join(map(str, values))}"


def _parent_excludes(value: Any, params: Mapping[str, Any]) -> str | None:
    values = params.get("values")
    if not isinstance(values, list) or value not in values:
        return None
    return f"does not take a task made with {params.get('parent_field')} = {value}"


# Rules on a follow-up's parent task (its ``model_params.task_id``): a request alone cannot show them, so validation
# refuses nothing for them; ``follow_up`` checks them against the parent in hand when the parent's request is known.
# A check takes the parent's value of the rule's ``parent_field`` (its default when the request leaves it out).
ParentCheck = Callable[[Any, Mapping[str, Any]], str | None]
PARENT_CHECKS: dict[str, ParentCheck] = {"parent-requires": _parent_requires, "parent-excludes": _parent_excludes}


_DESCRIPTIONS: dict[str, Callable[[Mapping[str, Any]], str]] = {
    "pixel-area": lambda p: f"{p.get('min')} to {p.get('max')} in area",
    "aspect-ratio": lambda p: f"ratio {p.get('min')} to {p.get('max')}",
    "pixel-sides": lambda p: f"sides {p.get('min')}-{p['max']} px" if "max" in p else f"sides >= {p.get('min')} px",
    "pixel-multiple": lambda p: f"sides multiples of {p.get('of')}",
    "image-budget": lambda p: f"references + images <= {p.get('total')}",
    "utf8-bytes": lambda p: f"at most {p.get('max')} bytes in UTF-8",
    "requires": lambda p: _combination("only with", p),
    "excludes": lambda p: _combination("not with", p),
}


def _combination(verb: str, params: Mapping[str, Any]) -> str:
    when = f"{params['when']}: " if "when" in params else ""
    values = "/".join(map(str, params.get("values", [])))
    target = f"{params.get('field')}={values}" if values else f"{params.get('count', '')} {params.get('field')}"
    return f"{when}{verb} {target.strip()}"


# The limits each check reads: (required, optional). A rule whose limits do not fit refuses nothing at run time;
# tests/test_catalogue.py holds every rule of the catalogue to this table.
LIMITS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "pixel-area": (frozenset({"min", "max"}), frozenset()),
    "aspect-ratio": (frozenset({"min", "max"}), frozenset()),
    "pixel-sides": (frozenset({"min"}), frozenset({"max"})),
    "pixel-multiple": (frozenset({"of"}), frozenset()),
    "requires": (frozenset({"field"}), frozenset({"when", "values", "count", "absent"})),
    "excludes": (frozenset({"field"}), frozenset({"when", "values"})),
    "public-https-url": (frozenset(), frozenset()),
    "fetchable-url": (frozenset(), frozenset({"data"})),
    "unsigned-url": (frozenset({"names"}), frozenset()),
    "parent-requires": (frozenset({"parent_field", "values"}), frozenset()),
    "parent-excludes": (frozenset({"parent_field", "values"}), frozenset()),
    "image-budget": (frozenset({"total"}), frozenset()),
    "ignored-without": (frozenset({"field"}), frozenset()),
    "truncated-beyond": (frozenset({"length"}), frozenset()),
    "utf8-bytes": (frozenset({"max"}), frozenset()),
    **MJ_LIMITS,
}


def describe_rule(check: str, params: Mapping[str, Any]) -> str | None:
    """A rule's limits in a few words, for listings ("<min> to <max> in area"); None when it has none."""
    describe = _DESCRIPTIONS.get(check)
    return describe(params) if describe else None
