"""Midjourney's prompt: its leading image URLs, its words and its ``--parameters``, and the checks the spec names on it.

A Midjourney prompt is ``[image URLs] words --name value --name value ...``: a parameter is a whitespace-separated
token that starts with ``--`` and a letter (the guides: "A space is required before --"), and its values are the
tokens up to the next parameter. A word such as ``-minimalist`` or ``well--lit`` is text, not a parameter.

The checks follow ``_rules``' contract (value, the rule's limits from the spec, the whole request -> what is wrong,
or None) and are registered there; their limits live in the spec. ``MJ_CHECKS`` refuse, ``MJ_ADVISORIES`` warn.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

import attrs

__all__ = ["MJ_ADVISORIES", "MJ_CHECKS", "MJ_LIMITS", "Check", "MjPrompt", "parse_prompt"]

Check = Callable[[Any, Mapping[str, Any], Mapping[str, Any]], str | None]

_PARAMETER = re.compile(r"^--[A-Za-z]")
_URL = re.compile(r"^https?://", re.IGNORECASE)
# Multi-prompts (``cat:: dog``, in the words: ``--sref URL::2`` is a weight) and permutations (``a {red, blue} bird``,
# anywhere but in a URL): (pattern, in the words only, what it is called).
_SYNTAX = {
    "multi-prompt": (re.compile(r"::"), True, "a multi-prompt (::)"),
    "permutations": (re.compile(r"\{[^{}]*,[^{}]*\}"), False, "a {...} permutation"),
}


@attrs.frozen
class MjPrompt:
    """A prompt taken apart: its leading image URLs, its words, and each parameter (lower-cased) with its values."""

    images: tuple[str, ...]
    words: str
    parameters: tuple[tuple[str, tuple[str, ...]], ...]

    def uses(self, flag: str) -> bool:
        """Whether the prompt gives the parameter *flag* (``--sref``), in any letter case."""
        return any(name == flag.lower() for name, _ in self.parameters)

    def values(self, flag: str) -> list[str]:
        """Every value given to *flag*, over all its occurrences."""
        return [value for name, values in self.parameters if name == flag.lower() for value in values]

    @property
    def description(self) -> str:
        """The words without any URL in them, spaces collapsed: what the API counts as the description."""
        return " ".join(word for word in self.words.split() if not _URL.match(word))


def parse_prompt(prompt: str) -> MjPrompt:
    """*prompt* taken apart (see :class:`MjPrompt`)."""
    tokens = prompt.split()
    count = 0
    while count < len(tokens) and _URL.match(tokens[count]):
        count += 1
    rest = tokens[count:]
    first = next((index for index, token in enumerate(rest) if _PARAMETER.match(token)), len(rest))
    parameters: list[tuple[str, list[str]]] = []
    for token in rest[first:]:
        if _PARAMETER.match(token):
            parameters.append((token.lower(), []))
        else:
            parameters[-1][1].append(token)
    return MjPrompt(
        tuple(tokens[:count]), " ".join(rest[:first]), tuple((name, tuple(values)) for name, values in parameters)
    )


def _field(request: Mapping[str, Any], dotted: str) -> Any:
    node: Any = request
    for name in dotted.split("."):
        node = node.get(name) if isinstance(node, Mapping) else None
    return node


def _image_prompt(value: Any, _: Mapping[str, Any], __: Mapping[str, Any]) -> str | None:
    """One image URL and no words: Midjourney refuses it (two or more URLs may stand alone)."""
    if not isinstance(value, str):
        return None
    prompt = parse_prompt(value)
    if len(prompt.images) == 1 and not prompt.words:
        return "one image URL needs words describing the image too (two or more image URLs may stand alone)"
    return None


def _flags(value: Any, params: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    """Each of the rule's ``flags`` the prompt gives as a parameter, with the rule's ``effect``."""
    flags = params.get("flags")
    if not isinstance(value, str) or not isinstance(flags, list):
        return None
    prompt = parse_prompt(value)
    used = [str(flag).lower() for flag in flags if prompt.uses(str(flag))]
    if not used:
        return None
    effect = params.get("effect") or "the API does not take it here"
    return f"{', '.join(used)} in the prompt: {effect}"


def _count(value: Any, params: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    """More than ``max`` leading image URLs (``counting: images``) or values of the parameter ``counting``."""
    of, most = params.get("counting"), params.get("max")
    if not isinstance(value, str) or not isinstance(of, str) or not isinstance(most, int) or isinstance(most, bool):
        return None
    prompt = parse_prompt(value)
    count = len(prompt.images) if of == "images" else len(prompt.values(of))
    if count <= most:
        return None
    what = "image prompts (image URLs at its start)" if of == "images" else f"values of {of}"
    return f"has {count} {what}; at most {most} are allowed"


def _excludes(value: Any, params: Mapping[str, Any], request: Mapping[str, Any]) -> str | None:
    """Any of ``flags`` (or, with ``images: true``, an image prompt) together with another thing.

    The other thing: a request ``field`` whose value is one of ``values``, or any of the prompt's parameters ``with``.
    """
    if not isinstance(value, str):
        return None
    prompt = parse_prompt(value)
    field, values, others = params.get("field"), params.get("values"), params.get("with")
    if isinstance(field, str) and isinstance(values, list):
        other = _field(request, field)
        partner = f"{field}={other!r}" if other is not None and other in values else None
    elif isinstance(others, list):
        present = [str(flag).lower() for flag in others if prompt.uses(str(flag))]
        partner = " or ".join(present) or None
    else:
        return None
    used = [str(flag).lower() for flag in params.get("flags") or () if prompt.uses(str(flag))]
    if params.get("images") is True and prompt.images:
        used.insert(0, "an image prompt")
    if not used or partner is None:
        return None
    return f"{' and '.join(used)} in the prompt cannot be combined with {partner}"


def _values(value: Any, params: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    """A value of one of ``flags`` (``--q 5``) that is not one of ``values`` (compared as text)."""
    flags, allowed = params.get("flags"), params.get("values")
    if not isinstance(value, str) or not isinstance(flags, list) or not isinstance(allowed, list):
        return None
    prompt = parse_prompt(value)
    taken = {str(item) for item in allowed}
    for flag in flags:
        wrong = [given for given in prompt.values(str(flag)) if given not in taken]
        if wrong:
            return f"{str(flag).lower()} {wrong[0]} in the prompt: it takes {', '.join(map(str, allowed))}"
    return None


def _description_length(value: Any, params: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    """A description (the words, without image URLs and parameters) longer than ``max`` characters."""
    most = params.get("max")
    if not isinstance(value, str) or not isinstance(most, int) or isinstance(most, bool):
        return None
    length = len(parse_prompt(value).description)
    if length <= most:
        return None
    return f"its description (its words, without image URLs and parameters) is {length:,} characters; at most {most:,}"


def _syntax(value: Any, params: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    """The prompt syntax the rule names (``multi-prompt``, ``permutations``), outside URLs, with its ``effect``."""
    kinds = params.get("syntax")
    if not isinstance(value, str) or not isinstance(kinds, list):
        return None
    whole = " ".join(token for token in value.split() if not _URL.match(token))
    words = parse_prompt(value).description
    found = [
        name
        for kind in kinds
        if kind in _SYNTAX
        for pattern, in_words, name in [_SYNTAX[kind]]
        if pattern.search(words if in_words else whole)
    ]
    if not found:
        return None
    effect = params.get("effect") or "the API does not take it"
    return f"{' and '.join(found)} in the prompt: {effect}"


def _no_effect(value: Any, params: Mapping[str, Any], _: Mapping[str, Any]) -> str | None:
    """Any value: it is taken, and it changes nothing (the rule's ``effect`` says why)."""
    if value is None:
        return None
    return f"has no effect: {params.get('effect') or 'the API takes it and ignores it'}"


MJ_CHECKS: dict[str, Check] = {
    "image-prompt": _image_prompt,
    "prompt-flags-refused": _flags,
    "prompt-count": _count,
    "prompt-excludes": _excludes,
    "prompt-values": _values,
    "prompt-description-length": _description_length,
    "prompt-syntax-refused": _syntax,
}
MJ_ADVISORIES: dict[str, Check] = {
    "prompt-flags": _flags,
    "prompt-syntax": _syntax,
    "no-effect": _no_effect,
}
# The limits each check reads: (required, optional), as in ``_rules.LIMITS``.
MJ_LIMITS: dict[str, tuple[frozenset[str], frozenset[str]]] = {
    "image-prompt": (frozenset(), frozenset()),
    "prompt-flags": (frozenset({"flags"}), frozenset({"effect"})),
    "prompt-flags-refused": (frozenset({"flags"}), frozenset({"effect"})),
    "prompt-count": (frozenset({"counting", "max"}), frozenset()),
    "prompt-excludes": (frozenset(), frozenset({"flags", "images", "field", "values", "with"})),
    "prompt-values": (frozenset({"flags", "values"}), frozenset()),
    "prompt-description-length": (frozenset({"max"}), frozenset()),
    "prompt-syntax": (frozenset({"syntax"}), frozenset({"effect"})),
    "prompt-syntax-refused": (frozenset({"syntax"}), frozenset({"effect"})),
    "no-effect": (frozenset(), frozenset({"effect"})),
}
