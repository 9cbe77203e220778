"""What an error code means, as the spec states it: the catalogue's error code facts (D50-D52 of the spec).

- a failed task's ``error.code`` (``TaskError``'s ``x-evolink-task-error-codes``): whether a new task can help and what
  kind of failure it is, :data:`TASK_ERROR_CODES` and :func:`task_error_fact` (which also reads a prefix such as
  ``channel_*``);
- the codes of an HTTP answer that refuses a request's content before any task (:data:`MODERATION_HTTP_CODES`);
- which limit a 402 names (:data:`CREDIT_LIMIT_CODES`): the account's balance, the key's spending limit or its daily
  limit (``insufficient_quota`` and ``quota_exceeded`` do not say, and are not listed).
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

import attrs

from ._catalogue import CREDIT_LIMIT_CODES as _LIMITS
from ._catalogue import MODERATION_HTTP_CODES as _MODERATION
from ._catalogue import TASK_ERROR_CODES as _TASK_CODES

__all__ = [
    "CREDIT_LIMIT_CODES",
    "MODERATION_HTTP_CODES",
    "TASK_ERROR_CODES",
    "UNKNOWN_ERROR_CODE",
    "ErrorCodeFact",
    "task_error_fact",
]


@attrs.frozen
class ErrorCodeFact:
    """What a task error code means.

    Attributes:
        retry: Whether a new task may succeed: True (later, the input is fine), False (the input must change), None
            (the sources disagree, or the code is unknown).
        kind: ``moderation`` (the content was refused), ``input`` (the request or its images), ``transient`` (the
            provider, for a while), ``disputed`` (the sources disagree) or ``unknown`` (a code the spec does not list).
    """

    retry: bool | None
    kind: str

    @property
    def is_moderation(self) -> bool:
        """Whether the code says moderation refused the content (sending it again will be refused again)."""
        return self.kind == "moderation"


# A code the spec does not list: nothing is known of it.
UNKNOWN_ERROR_CODE = ErrorCodeFact(retry=None, kind="unknown")
TASK_ERROR_CODES: Mapping[str, ErrorCodeFact] = MappingProxyType(
    {code: ErrorCodeFact(retry=fact["retry"], kind=str(fact["kind"])) for code, fact in _TASK_CODES.items()}
)
MODERATION_HTTP_CODES: frozenset[str] = frozenset(_MODERATION)
CREDIT_LIMIT_CODES: Mapping[str, str] = MappingProxyType(dict(_LIMITS))
_PREFIXES = tuple((code.removesuffix("*"), fact) for code, fact in TASK_ERROR_CODES.items() if code.endswith("*"))


def task_error_fact(code: str | None) -> ErrorCodeFact:
    """The facts of a task error *code*.

    Its own entry, else that of a prefix it starts with (``channel_*``), else :data:`UNKNOWN_ERROR_CODE`.
    """
    if code is None:
        return UNKNOWN_ERROR_CODE
    found = TASK_ERROR_CODES.get(code)
    if found is not None:
        return found
    return next((fact for prefix, fact in _PREFIXES if code.startswith(prefix)), UNKNOWN_ERROR_CODE)
