"""The five models as data: every documented field, enum, limit and rule, read by validation, the CLI and the simulator.

This mirrors ``openapi/evolink-images.yaml``; the contract tests prove the two agree. Rule names are the
"Rule <name>:" lines of the spec's descriptions.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterator, Mapping
from typing import Literal

import attrs

__all__ = ["FieldSpec", "ModelPreset", "Presets", "presets"]

FieldKind = Literal["string", "integer", "boolean", "url", "url_list"]


@attrs.frozen(kw_only=True)
class FieldSpec:
    """One request field of one model.

    Attributes:
        name: The API's field name.
        kind: ``string``, ``integer``, ``boolean``, ``url`` or ``url_list``.
        summary: One line on what it does.
        required: Whether the API requires it.
        choices: The allowed values, when the API lists them.
        default: The API's documented default (applied by the API, not sent), or None.
        minimum: Smallest integer allowed.
        maximum: Largest integer allowed.
        min_items: Fewest list items allowed.
        max_items: Most list items allowed.
        max_length: Most characters allowed.
        pattern: A regular expression the whole value must match (the spec's ``pattern``).
        pattern_hint: The pattern in words, for error messages.
        rules: Names of the rules beyond these limits (see ``evolink_images._rules``).
    """

    name: str
    kind: FieldKind
    summary: str
    required: bool = False
    choices: tuple[str | int, ...] | None = None
    default: str | int | bool | None = None
    minimum: int | None = None
    maximum: int | None = None
    min_items: int | None = None
    max_items: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_hint: str | None = None
    rules: tuple[str, ...] = ()


@attrs.frozen(kw_only=True)
class ModelPreset:
    """One model: its id, names and fields.

    Attributes:
        id: The model id the API takes.
        nickname: Its product name.
        aliases: Short names evolink_images also accepts.
        modes: What it does: ``text-to-image``, ``image-to-image``, ``edit``.
        fields: Its request fields besides ``model``, by name.
    """

    id: str
    nickname: str
    aliases: tuple[str, ...]
    modes: tuple[str, ...]
    fields: Mapping[str, FieldSpec]

    @property
    def max_references(self) -> int:
        """The most reference images a request may carry (0 when the model takes none)."""
        spec = self.fields.get("image_urls")
        return spec.max_items or 0 if spec else 0

    @property
    def max_images(self) -> int:
        """The most images one request can produce."""
        spec = self.fields.get("n")
        if spec is None:
            return 1
        return max(int(c) for c in spec.choices) if spec.choices else spec.maximum or 1


PROMPT = FieldSpec(
    name="prompt",
    kind="string",
    summary="What to generate, or how to edit the input images.",
    required=True,
    max_length=2000,
)
CALLBACK_URL = FieldSpec(
    name="callback_url",
    kind="url",
    summary="HTTPS URL the API calls when the task ends.",
    max_length=2048,
    pattern="^https://",
    pattern_hint="an https:// URL",
    rules=("callback-https", "callback-length", "callback-public-host"),
)
IMAGE_RULES = ("image-reachable",)
PIXELS = "^[1-9][0-9]*x[1-9][0-9]*$"


def _references(
    max_items: int, *, min_items: int | None = None, required: bool = False, rules: tuple[str, ...] = ()
) -> FieldSpec:
    return FieldSpec(
        name="image_urls",
        kind="url_list",
        summary="Reference image URLs." if not required else "The image URLs to edit.",
        required=required,
        min_items=min_items,
        max_items=max_items,
        rules=IMAGE_RULES + rules,
    )


def _fields(*specs: FieldSpec) -> Mapping[str, FieldSpec]:
    return {spec.name: spec for spec in (PROMPT, *specs, CALLBACK_URL)}


_MODELS = (
    ModelPreset(
        id="gemini-3-pro-image-preview",
        nickname="Nano Banana Pro",
        aliases=("nano-banana-pro", "gemini-3-pro"),
        modes=("text-to-image", "image-to-image", "edit"),
        fields=_fields(
            FieldSpec(
                name="size",
                kind="string",
                summary="Aspect ratio.",
                choices=("auto", "1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9", "21:9"),
                default="auto",
            ),
            FieldSpec(name="quality", kind="string", summary="Resolution tier.", choices=("1K", "2K", "4K")),
            _references(10),
        ),
    ),
    ModelPreset(
        id="wan2.5-text-to-image",
        nickname="Wan 2.5",
        aliases=("wan-2.5", "wan2.5", "wan"),
        modes=("text-to-image",),
        fields=_fields(
            FieldSpec(
                name="size",
                kind="string",
                summary="WIDTHxHEIGHT in pixels, 768x768 to 1440x1440 in area, ratio 1:4 to 4:1.",
                pattern=PIXELS,
                pattern_hint="WIDTHxHEIGHT in pixels, like 1280x1280",
                rules=("wan-total-pixels", "wan-aspect-ratio"),
            ),
            FieldSpec(name="n", kind="integer", summary="Number of images.", choices=(1, 2, 4)),
            FieldSpec(
                name="prompt_extend", kind="boolean", summary="Let a language model rewrite the prompt.", default=True
            ),
        ),
    ),
    ModelPreset(
        id="qwen-image-edit",
        nickname="Qwen Image Edit",
        aliases=("qwen-edit", "qwen"),
        modes=("edit",),
        fields=_fields(_references(3, min_items=1, required=True, rules=("qwen-image-sides",))),
    ),
    ModelPreset(
        id="doubao-seedream-4.5",
        nickname="Seedream 4.5",
        aliases=("seedream-4.5", "seedream"),
        modes=("text-to-image", "image-to-image", "edit"),
        fields=_fields(
            FieldSpec(
                name="n",
                kind="integer",
                summary="Most images to make (also ask for them in the prompt).",
                minimum=1,
                maximum=15,
                rules=("seedream-image-budget",),
            ),
            FieldSpec(
                name="size",
                kind="string",
                summary="2K, 4K, or WIDTHxHEIGHT from 2560x1440 to 4096x4096 in area, ratio 1:16 to 16:1.",
                default="2048x2048",
                pattern=f"^(2K|4K|{PIXELS[1:-1]})$",
                pattern_hint="2K, 4K, or WIDTHxHEIGHT in pixels like 2048x2048",
                rules=("seedream-total-pixels", "seedream-aspect-ratio"),
            ),
            FieldSpec(
                name="prompt_priority",
                kind="string",
                summary="Prompt optimisation strategy.",
                choices=("standard",),
                default="standard",
            ),
            _references(14),
        ),
    ),
    ModelPreset(
        id="gemini-2.5-flash-image",
        nickname="Nano Banana",
        aliases=("nano-banana", "gemini-2.5-flash"),
        modes=("text-to-image", "image-to-image", "edit"),
        fields=_fields(
            FieldSpec(
                name="size",
                kind="string",
                summary="Aspect ratio.",
                choices=("auto", "1:1", "2:3", "3:2", "4:3", "3:4", "16:9", "9:16"),
                default="auto",
            ),
            _references(5),
        ),
    ),
)


class Presets(Mapping[str, ModelPreset]):
    """The models evolink_images knows, by id; lookups also accept aliases (``presets["nano-banana"]``)."""

    def __init__(self, models: tuple[ModelPreset, ...]) -> None:
        self._by_id = {model.id: model for model in models}
        self._by_name = {name: model for model in models for name in (model.id, *model.aliases)}

    def __getitem__(self, name: str) -> ModelPreset:
        return self._by_name[name]

    def __iter__(self) -> Iterator[str]:
        return iter(self._by_id)

    def __len__(self) -> int:
        return len(self._by_id)

    def __contains__(self, name: object) -> bool:
        return name in self._by_name

    def __repr__(self) -> str:
        return f"Presets({', '.join(self._by_id)})"

    def names(self) -> list[str]:
        """Every id and alias."""
        return list(self._by_name)

    def closest(self, name: str) -> str | None:
        """The known id or alias nearest to a misspelt *name*, if any is near."""
        matches = difflib.get_close_matches(name, self.names(), n=1, cutoff=0.6)
        return matches[0] if matches else None


presets = Presets(_MODELS)
