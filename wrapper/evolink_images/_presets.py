"""Every model evolink_images knows, read from the catalogue that ``make generate`` compiles from the spec.

The types and the lookup are here; the data is ``_catalogue.py`` (generated, never edited). A field keeps the JSON
Schema the spec gives it, which validation enforces, and the shortcuts the CLI and the messages read (``choices``,
``maximum``, ...). Rule names are those of the spec's ``x-evolink-rules``; their checks are ``_rules.py``.

Import reads only the catalogue's index (ids, former ids, aliases, families); a model's entry is decoded and built
into its :class:`ModelPreset` the first time the model is used, so start-up does not grow with the catalogue.
"""

from __future__ import annotations

import difflib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, Literal

import attrs

from ._billing import Billing, billing_from_data
from ._catalogue import MODEL_INDEX, SPEC_VERSION
from ._error_codes import CREDIT_LIMIT_CODES, MODERATION_HTTP_CODES, TASK_ERROR_CODES, ErrorCodeFact

__all__ = [
    "CREDIT_LIMIT_CODES",
    "DEFAULT_REFUNDS",
    "DEFAULT_RESULT_LIFETIME",
    "DEFAULT_WAIT_TIMEOUT",
    "HINT_KEY",
    "IMAGE_CHECK",
    "MODERATION_HTTP_CODES",
    "RULES_KEY",
    "SPEC_VERSION",
    "TASK_ERROR_CODES",
    "Billing",
    "ErrorCodeFact",
    "FieldKind",
    "FieldSpec",
    "ImagesWhen",
    "ModelPreset",
    "Presets",
    "RuleSpec",
    "catalogue_data",
    "json_types",
    "model_data",
    "preset_from_data",
    "presets",
    "rules_of",
    "takes_image",
]

# Seconds `wait` and `generate` wait for a task by default, for a model whose docs give no longer duration.
DEFAULT_WAIT_TIMEOUT = 600.0
# Seconds a task's result links work, for a model whose docs state no other lifetime (EvoLink: about a day).
DEFAULT_RESULT_LIFETIME = 86400.0
# What the API gives back, for a model whose docs state nothing else: a failed task is refunded in full.
DEFAULT_REFUNDS: Mapping[str, str] = {"failed": "full"}
FieldKind = Literal["string", "integer", "number", "boolean", "url", "url_list", "list", "object", "any"]
RULES_KEY = "x-evolink-rules"
HINT_KEY = "x-evolink-hint"
# The check of the rule the spec gives every field that takes an image (image_urls' items, masks): the server fetches
# it. A field with this rule is where a local file may stand in for a URL (it is uploaded first).
IMAGE_CHECK = "fetchable-url"


@attrs.frozen
class RuleSpec:
    """A rule JSON Schema cannot state, as the spec names it.

    Attributes:
        name: The rule's name in the spec, cited by error messages.
        check: The hand-written check that enforces it ("pixel-area"); ``api-only`` when only the API can.
        params: The limits the check takes, from the spec.
    """

    name: str
    check: str
    params: Mapping[str, Any] = attrs.field(factory=dict)


def rules_of(schema: Mapping[str, Any]) -> tuple[RuleSpec, ...]:
    """The rules a schema node carries (not those of its items or properties)."""
    return tuple(RuleSpec(rule["name"], rule["check"], rule.get("params", {})) for rule in schema.get(RULES_KEY, ()))


def takes_image(schema: Mapping[str, Any]) -> bool:
    """Whether a schema node is an image the server fetches (its rules include :data:`IMAGE_CHECK`)."""
    return any(rule.check == IMAGE_CHECK for rule in rules_of(schema))


def json_types(schema: Mapping[str, Any]) -> tuple[str, ...]:
    """The JSON types a schema allows (``type`` as a string or a list); empty when it does not say."""
    kind = schema.get("type")
    if isinstance(kind, str):
        return (kind,)
    return tuple(kind) if isinstance(kind, list) else ()


def _kind(schema: Mapping[str, Any]) -> FieldKind:
    types = [kind for kind in json_types(schema) if kind != "null"]
    main = types[0] if len(types) == 1 else "any"
    if main == "string":
        return "url" if schema.get("format") == "uri" else "string"
    if main == "array":
        items = schema.get("items")
        is_url = isinstance(items, Mapping) and json_types(items) == ("string",) and items.get("format") == "uri"
        return "url_list" if is_url else "list"
    if main in {"integer", "number", "boolean", "object"}:
        return main  # type: ignore[return-value]
    return "any"


@attrs.frozen(kw_only=True)
class FieldSpec:
    """One request field of one model.

    Attributes:
        name: The API's field name.
        kind: ``string``, ``integer``, ``number``, ``boolean``, ``url``, ``url_list``, ``list``, ``object`` or
            ``any``.
        summary: One line on what it does.
        required: Whether the API requires it.
        schema: Its JSON Schema, as the spec gives it (``$ref``s inlined); what validation enforces.
        choices: The allowed values, when the API lists them.
        default: The API's documented default (applied by the API, not sent), or None.
        minimum: Smallest number allowed.
        maximum: Largest number allowed.
        min_items: Fewest list items allowed.
        max_items: Most list items allowed.
        max_length: Most characters allowed.
        pattern: A regular expression the value must match (the spec's ``pattern``).
        pattern_hint: The pattern in words, for error messages.
        rules: The rules beyond JSON Schema that apply to it or to each of its items.
    """

    name: str
    kind: FieldKind
    summary: str
    required: bool = False
    schema: Mapping[str, Any] = attrs.field(factory=dict, repr=False)
    choices: tuple[Any, ...] | None = None
    default: Any = None
    minimum: int | float | None = None
    maximum: int | float | None = None
    min_items: int | None = None
    max_items: int | None = None
    max_length: int | None = None
    pattern: str | None = None
    pattern_hint: str | None = None
    rules: tuple[RuleSpec, ...] = ()

    @classmethod
    def from_schema(
        cls, name: str, schema: Mapping[str, Any], *, summary: str = "", required: bool = False
    ) -> FieldSpec:
        """A field described by its JSON Schema (and the catalogue's rules and hint)."""
        choices = schema.get("enum")
        if choices is None and "const" in schema:
            choices = [schema["const"]]
        items = schema.get("items")
        item_rules = rules_of(items) if isinstance(items, Mapping) else ()
        return cls(
            name=name,
            kind=_kind(schema),
            summary=summary,
            required=required,
            schema=schema,
            choices=tuple(choices) if isinstance(choices, list) else None,
            default=schema.get("default"),
            minimum=schema.get("minimum"),
            maximum=schema.get("maximum"),
            min_items=schema.get("minItems"),
            max_items=schema.get("maxItems"),
            max_length=schema.get("maxLength"),
            pattern=schema.get("pattern"),
            pattern_hint=schema.get(HINT_KEY),
            rules=rules_of(schema) + item_rules,
        )

    def allowed(self) -> str:
        """The values it takes in a few words: its choices, range, item count or pattern in words, else its summary."""
        if self.choices:
            return ", ".join(str(choice) for choice in self.choices)
        if self.kind in {"url_list", "list"}:
            what = "URLs" if self.kind == "url_list" else "items"
            low, high = self.min_items, self.max_items
            span = "any number" if high is None else f"up to {high}" if not low else f"{low}-{high}"
            span = f"exactly {low}" if low and low == high else span
            return f"{span} {what}" + (" (required)" if self.required else "")
        if self.kind == "boolean":
            return f"default {str(self.default).lower()}" if self.default is not None else "true or false"
        if self.minimum is not None and self.maximum is not None:
            return f"{self.minimum}-{self.maximum}"
        return self.pattern_hint or self.summary.rstrip(".")


@attrs.frozen
class ImagesWhen:
    """A request value that changes how many images one task makes (Midjourney's draft speed: 24 sketches).

    Attributes:
        field: The field, as a dotted path (``model_params.speed``).
        equals: The value that makes the difference.
        images: The images one task then makes.
    """

    field: str
    equals: Any
    images: int


@attrs.frozen(kw_only=True)
class ModelPreset:
    """One model: its id, names and fields, as the spec describes it.

    Attributes:
        id: The model id the API takes.
        former_ids: Ids the API took before and still maps to this one; the wrapper sends ``id``.
        family: The product family it belongs to ("Seedream"), when the spec says.
        nickname: Its product name (its id when the spec gives none).
        aliases: Short names evolink_images also accepts.
        modes: What it does: ``text-to-image``, ``image-to-image``, ``edit`` (empty when the spec does not say).
        fields: Its request fields besides ``model``, by name, in the spec's order.
        summary: One line on the model.
        source: Where the spec's facts about it come from.
        typical_seconds: A typical time to completion from the docs' examples, when known.
        credits_per_image: Typical credits reserved per image from the docs' examples, when known.
        credits_per_task: Typical credits reserved per task, whatever its number of images, for a model billed per
            call (Midjourney), when known.
        request_class: The generated client's class for its request body.
        closed: True when the API takes no fields beyond ``fields``.
        output: ``images``, or ``layers`` for a model whose results are a base image and its layers.
        series: The line of models whose tasks follow one another: a follow-up takes a parent of its series. None
            for models outside one.
        follow_up: For an operation on one image of a finished task, its short name (``upscale``); else None.
        images_per_task: How many images one task makes by default, when the spec says and no ``n`` field decides.
        images_when: Request values that change that number (:meth:`images_for` applies them).
        result_lifetime: Seconds the result links of a task work (the docs: a day, unless a model says otherwise).
        refunds: What the API gives back: ``failed`` (a failed task), ``moderated`` (images filtered by moderation),
            each ``full`` or ``none``.
        result_follow_ups: For a model whose results take only some of its series' follow-ups: ``{"only": [...],
            "rule": ...}``, with the ``status`` the API answers the others with when the docs give it; else None.
        max_seconds: The longest a task is documented to take, when the docs give one.
        billing: What its docs say its tasks cost (per image or per task, the figure and what changes it, whether
            the reservation settles on what was made), from the spec's ``x-evolink-billing`` and
            ``x-evolink-refunds``; None when its page states nothing of the kind.
        refused_after: For a follow-up, the operations whose results the API will not take as its parent, and the
            status it answers with (``{"operations": ["upscale"], "status": 403}``); else None.
    """

    id: str
    nickname: str
    aliases: tuple[str, ...]
    modes: tuple[str, ...]
    fields: Mapping[str, FieldSpec]
    summary: str = ""
    source: str | None = None
    typical_seconds: float | None = None
    credits_per_image: float | None = None
    request_class: str = ""
    closed: bool = True
    family: str | None = None
    output: str = "images"
    former_ids: tuple[str, ...] = ()
    series: str | None = None
    follow_up: str | None = None
    images_per_task: int | None = None
    images_when: tuple[ImagesWhen, ...] = ()
    max_seconds: float | None = None
    refused_after: Mapping[str, Any] | None = None
    credits_per_task: float | None = None
    result_lifetime: float = DEFAULT_RESULT_LIFETIME
    refunds: Mapping[str, str] = attrs.field(factory=lambda: dict(DEFAULT_REFUNDS))
    result_follow_ups: Mapping[str, Any] | None = None
    billing: Billing | None = None

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
            return max([self.images_per_task or 1, *(when.images for when in self.images_when)])
        if spec.choices:
            return max(int(choice) for choice in spec.choices)
        return int(spec.maximum or 1)

    def value_in(self, body: Mapping[str, Any], field: str) -> Any:
        """The value of *field* (a dotted path) in *body*, else the default the spec gives it, else None."""
        node: Any = body
        for name in field.split("."):
            node = node.get(name) if isinstance(node, Mapping) else None
        if node is not None:
            return node
        head, *rest = field.split(".")
        spec = self.fields.get(head)
        schema: Any = spec.schema if spec is not None else None
        for name in rest:
            schema = (schema.get("properties") or {}).get(name) if isinstance(schema, Mapping) else None
        return schema.get("default") if isinstance(schema, Mapping) else None

    def images_for(self, body: Mapping[str, Any]) -> int:
        """How many images one task of *body* makes where no ``n`` decides: the spec's count for it, else 1.

        A request value the spec names (``images_when``) changes the count: a Midjourney V8 draft makes 24 sketches.
        """
        for when in self.images_when:
            if self.value_in(body, when.field) == when.equals:
                return when.images
        return self.images_per_task or 1

    def images_requested(self, body: Mapping[str, Any]) -> int:
        """How many images *body* asks for: its ``n`` (or the spec's default), else :meth:`images_for` *body*."""
        spec = self.fields.get("n")
        if spec is None:
            return self.images_for(body)
        wanted = body.get("n", spec.default)
        whole = isinstance(wanted, int | float) and not isinstance(wanted, bool)
        return int(wanted) if whole and wanted >= 1 else 1

    @property
    def billed_per_task(self) -> bool:
        """Whether its credits are counted per task, not per image (a layer decomposition, a per-call price)."""
        return self.output == "layers" or self.credits_per_task is not None

    @property
    def typical_credits(self) -> float | None:
        """The docs' typical credits: per task when :attr:`billed_per_task`, else per image; None when unknown."""
        return self.credits_per_task if self.credits_per_task is not None else self.credits_per_image

    def documented_credits(self, body: Mapping[str, Any]) -> float | None:
        """The credits the docs lead one to expect *body* to reserve (per image, or per task), if known."""
        if self.typical_credits is None:
            return None
        return self.typical_credits * (1 if self.billed_per_task else self.images_requested(body))

    @property
    def wait_timeout(self) -> float:
        """The default seconds to wait for one of its tasks: 600, or half as much again as its documented longest."""
        return max(DEFAULT_WAIT_TIMEOUT, 1.5 * self.max_seconds) if self.max_seconds else DEFAULT_WAIT_TIMEOUT


def preset_from_data(data: Mapping[str, Any]) -> ModelPreset:
    """A :class:`ModelPreset` from one entry of the generated catalogue."""
    fields = {
        name: FieldSpec.from_schema(name, field["schema"], summary=field["summary"], required=field["required"])
        for name, field in data["fields"].items()
    }
    return ModelPreset(
        id=data["id"],
        nickname=data.get("nickname") or data["id"],
        aliases=tuple(data.get("aliases") or ()),
        modes=tuple(data.get("modes") or ()),
        fields=fields,
        summary=data.get("summary", ""),
        source=data.get("source"),
        typical_seconds=data.get("typical_seconds"),
        credits_per_image=data.get("credits_per_image"),
        request_class=data.get("request_class", ""),
        closed=data.get("closed", True),
        family=data.get("family"),
        output=data.get("output") or "images",
        former_ids=tuple(data.get("former_ids") or ()),
        series=data.get("series"),
        follow_up=data.get("follow_up"),
        images_per_task=data.get("images_per_task"),
        images_when=tuple(ImagesWhen(**when) for when in data.get("images_when") or ()),
        max_seconds=data.get("max_seconds"),
        refused_after=data.get("refused_after"),
        credits_per_task=data.get("credits_per_task"),
        result_lifetime=data.get("result_lifetime") or DEFAULT_RESULT_LIFETIME,
        refunds={**DEFAULT_REFUNDS, **(data.get("refunds") or {})},
        result_follow_ups=data.get("result_follow_ups"),
        billing=billing_from_data(data.get("billing")),
    )


class Presets(Mapping[str, ModelPreset]):
    """The models evolink_images knows, by id; lookups also accept former ids and aliases (``presets[alias]``).

    ``Presets(models)`` holds models already built. :data:`presets` is :meth:`lazy`: it knows every model's names from
    the catalogue's index and builds a model the first time it is looked up (iterating builds one model at a time).
    """

    def __init__(self, models: Iterable[ModelPreset] = ()) -> None:
        built = tuple(models)
        self._ids = tuple(model.id for model in built)
        self._names = {name: model.id for model in built for name in (model.id, *model.former_ids, *model.aliases)}
        self._api_ids = {name: model.id for model in built for name in (model.id, *model.former_ids)}
        self._by_id = {model.id: model for model in built}
        self._load: Callable[[str], ModelPreset] = self._by_id.__getitem__

    @classmethod
    def lazy(cls, index: Iterable[Mapping[str, Any]], load: Callable[[str], ModelPreset]) -> Presets:
        """Presets that build each model with *load* (given its id) on its first use.

        *index* gives each model's ``id``, ``former_ids`` and ``aliases``, in the catalogue's order; nothing is built
        until a model is looked up.
        """
        entries = tuple(index)
        lazy = cls()
        lazy._ids = tuple(entry["id"] for entry in entries)
        for entry in entries:
            api_names = (entry["id"], *entry["former_ids"])
            lazy._api_ids.update(dict.fromkeys(api_names, entry["id"]))
            lazy._names.update(dict.fromkeys((*api_names, *entry["aliases"]), entry["id"]))
        lazy._load = load
        return lazy

    def _model(self, model_id: str) -> ModelPreset:
        found = self._by_id.get(model_id)
        if found is None:
            found = self._by_id.setdefault(model_id, self._load(model_id))
        return found

    def __getitem__(self, name: str) -> ModelPreset:
        return self._model(self._names[name])

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)

    def __contains__(self, name: object) -> bool:
        return name in self._names

    def __repr__(self) -> str:
        return f"Presets({', '.join(self._ids)})"

    def by_id(self, model_id: str) -> ModelPreset | None:
        """The model the API knows by *model_id*: its current id or a former one (aliases are the client's own)."""
        known = self._api_ids.get(model_id)
        return self._model(known) if known is not None else None

    def names(self) -> list[str]:
        """Every id, former id and alias."""
        return list(self._names)

    def closest(self, name: str) -> str | None:
        """The known id or alias nearest to a misspelt *name*, if any is near."""
        matches = difflib.get_close_matches(name, self.names(), n=1, cutoff=0.6)
        return matches[0] if matches else None

    def field_names(self) -> list[str]:
        """Every request field any model takes, in the order the models first name them."""
        return list(dict.fromkeys(name for model in self.values() for name in model.fields))

    def families(self) -> dict[str, list[ModelPreset]]:
        """The models by family, in the catalogue's order (models without one under "other")."""
        grouped: dict[str, list[ModelPreset]] = {}
        for model in self.values():
            grouped.setdefault(model.family or "other", []).append(model)
        return grouped

    def taking(self, field: str) -> list[ModelPreset]:
        """The models that take *field*."""
        return [model for model in self.values() if field in model.fields]

    def follow_ups(self, series: str) -> dict[str, ModelPreset]:
        """The operations on a finished task of *series*, by short name (``{"upscale": <its model>, ...}``)."""
        return {
            model.follow_up: model for model in self.values() if model.series == series and model.follow_up is not None
        }

    def wait_timeout(self, model_id: str | None) -> float:
        """The default seconds to wait for a task of *model_id* (600 for a model the catalogue does not know)."""
        model = self.by_id(model_id) if model_id else None
        return model.wait_timeout if model is not None else DEFAULT_WAIT_TIMEOUT


def model_data(model_id: str) -> dict[str, Any]:
    """One model's entry of the generated catalogue, decoded from its JSON (a new copy at each call).

    The entries' module is imported here, on the first model's use: importing the package reads only the index.
    """
    from ._catalogue_data import MODEL_DATA  # noqa: PLC0415 - the models' data, read on first use

    data: dict[str, Any] = json.loads(MODEL_DATA[model_id])
    return data


def catalogue_data() -> list[dict[str, Any]]:
    """Every model's entry of the generated catalogue, decoded, in its order."""
    return [model_data(entry["id"]) for entry in MODEL_INDEX]


def _build(model_id: str) -> ModelPreset:
    return preset_from_data(model_data(model_id))


presets = Presets.lazy(MODEL_INDEX, _build)
