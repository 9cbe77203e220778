"""The account's balance: ``GET /v1/credits``, read into :class:`Credits`. No I/O: effects only.

The answer is an envelope, ``{success, message, data: {user: {...}, token: {...}}}``: the account's (``user``)
remaining and used credits, and the API key's (``token``), with whether the key has no limit of its own. It is read
through the generated parser; a body the spec does not describe is read leniently, a figure it lacks is None, and
only a body with no figures at all is an error. The read is retried like any read, and costs nothing.
"""

from __future__ import annotations

import json
import logging
import math
from typing import Any

import attrs
import httpx

from ._effects import Context, Steps
from ._errors import MalformedResponseError
from ._generated import PARSE_ERRORS, credits_request, parse_credits
from ._requests import absolute
from ._responses import error_from_response, request_id
from ._sending import send_read

__all__ = ["Credits", "credits", "credits_from_response"]

log = logging.getLogger("evolink_images")


@attrs.frozen(kw_only=True)
class Credits:
    """The credits the account and this API key have left and have used; any figure the API leaves out is None.

    Attributes:
        user_remaining: The account's balance.
        user_used: Credits the account has used.
        key_remaining: What this key may still spend under its own limit (meaningless when the key is unlimited).
        key_used: Credits this key has used.
        key_unlimited: True when the key has no spending limit of its own (the account's balance is then the limit).
    """

    user_remaining: float | None = None
    user_used: float | None = None
    key_remaining: float | None = None
    key_used: float | None = None
    key_unlimited: bool | None = None

    @property
    def available(self) -> float | None:
        """What can be spent now: the smaller of the account's balance and the key's remaining limit.

        The balance alone when the key is unlimited; None when neither is known.
        """
        figures = [self.user_remaining]
        if not self.key_unlimited:
            figures.append(self.key_remaining)
        known = [figure for figure in figures if figure is not None]
        return min(known) if known else None


def credits(ctx: Context) -> Steps[Credits]:
    """The balance, as the API reports it now."""
    response = yield from send_read(ctx, absolute(ctx, credits_request()))
    if not 200 <= response.status_code < 300:
        raise error_from_response(response, parse_credits)
    return credits_from_response(response)


def credits_from_response(response: httpx.Response) -> Credits:
    """The :class:`Credits` a successful answer describes."""
    try:
        parse_credits(response)
    except PARSE_ERRORS as exc:
        log.warning("GET /v1/credits: the answer does not match the spec (%s); reading it leniently", exc)
    body = _json(response)
    data = body.get("data") if isinstance(body, dict) else None
    user = _object(data, "user")
    key = _object(data, "token")
    unlimited = key.get("unlimited_credits")
    found = Credits(
        user_remaining=_number(user.get("remaining_credits")),
        user_used=_number(user.get("used_credits")),
        key_remaining=_number(key.get("remaining_credits")),
        key_used=_number(key.get("used_credits")),
        key_unlimited=unlimited if isinstance(unlimited, bool) else None,
    )
    if found == Credits():
        raise MalformedResponseError(
            f"the API answered {response.status_code} to GET /v1/credits without any figure: {response.text[:200]!r}",
            status_code=response.status_code,
            body=body,
            request_id=request_id(response),
        )
    return found


def _json(response: httpx.Response) -> Any:
    try:
        return json.loads(response.content)
    except ValueError:
        return None


def _object(data: Any, key: str) -> dict[str, Any]:
    value = data.get(key) if isinstance(data, dict) else None
    return value if isinstance(value, dict) else {}


def _number(value: Any) -> float | None:
    if isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value):
        return float(value)
    return None
