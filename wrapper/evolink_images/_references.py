"""Local images in a request: found where the model takes an image, checked, and stood in for until they are uploaded.

The catalogue says where a model takes an image: every field whose schema carries the image rule
(:data:`~evolink_images._presets.IMAGE_CHECK`): ``image_urls``' items, ``mask_url``, Midjourney's masks. There, and
only there, a :class:`~pathlib.Path`, bytes or a binary file object may stand for a URL. Each is read and checked
(:mod:`._local_images`), and replaced by a placeholder URL made from its content's hash, so that the whole request is
validated before anything is uploaded; the placeholders become the uploaded URLs just before the create is sent. The
same content twice in one request is one placeholder, and one upload.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from ._errors import ValidationError
from ._local_images import LocalImage, is_local_source, megabytes, read_local_image
from ._presets import ModelPreset, rules_of, takes_image

__all__ = [
    "PLACEHOLDER_PREFIX",
    "Images",
    "Visit",
    "contains_local",
    "image_fields",
    "map_images",
    "restored",
    "substitute",
    "with_placeholders",
]

# What a local image is while the request is validated: a URL that passes every URL rule and names no real host.
PLACEHOLDER_PREFIX = "https://upload.evolink-images.invalid/sha256/"
_MEGABYTE = 1024 * 1024
_LIMIT_KEY = "max-mb"
Images = Mapping[str, LocalImage]
# What map_images calls at each image field: (path, value, the field's schemas, its list's schemas) -> new value.
Visit = Callable[[str, Any, list[Mapping[str, Any]], list[Mapping[str, Any]]], Any]


def contains_local(value: Any) -> bool:
    """Whether *value* holds a local image anywhere (a path, bytes or a file object)."""
    if is_local_source(value):
        return True
    if isinstance(value, Mapping):
        return any(contains_local(item) for item in value.values())
    if isinstance(value, list | tuple):
        return any(contains_local(item) for item in value)
    return False


def image_fields(preset: ModelPreset) -> list[str]:
    """Where *preset* takes an image, as dotted paths (``image_urls[]``, ``mask_url``, ``model_params.mask.url``)."""
    found: list[str] = []

    def walk(nodes: list[Mapping[str, Any]], path: str) -> None:
        nodes = _branches(nodes)
        if any(takes_image(node) for node in nodes):
            found.append(path)
            return
        items = [node["items"] for node in nodes if isinstance(node.get("items"), Mapping)]
        if items:
            walk(items, f"{path}[]")
        keys = dict.fromkeys(key for node in nodes for key in node.get("properties") or {})
        for key in keys:
            walk(_properties(nodes, key), f"{path}.{key}")

    for name, spec in preset.fields.items():
        walk([spec.schema], name)
    return list(dict.fromkeys(found))


def map_images(preset: ModelPreset, params: Mapping[str, Any], visit: Visit) -> dict[str, Any]:
    """*params* with each value where *preset* takes an image replaced by ``visit(path, value, schemas, parents)``.

    A local image anywhere else is refused: only an image field takes a file.
    """
    result: dict[str, Any] = {}
    for name, value in params.items():
        spec = preset.fields.get(name)
        result[name] = value if spec is None else _walk(value, [spec.schema], [], name, preset, visit)
    return result


def with_placeholders(
    preset: ModelPreset | None,
    params: Mapping[str, Any],
    *,
    read: Callable[[object, str], LocalImage] = read_local_image,
) -> tuple[dict[str, Any], Images]:
    """*params* with each local image read, checked and replaced by its placeholder; and the images by placeholder.

    Blocking (files are read, by *read*). Raises :class:`ValidationError` for an image that is not one the files
    service and the model take, and for a local image where the model takes none.
    """
    if not contains_local(params):
        return dict(params), {}
    if preset is None:
        field, value = _first_local(params)
        raise ValidationError(field, value, "a local file is taken only for a model the catalogue knows (validate)")
    images: dict[str, LocalImage] = {}

    def visit(path: str, value: Any, schemas: list[Mapping[str, Any]], parents: list[Mapping[str, Any]]) -> Any:
        if not is_local_source(value):
            return value
        image = read(value, path)
        _check_model_limit(image, preset, [*schemas, *parents])
        placeholder = f"{PLACEHOLDER_PREFIX}{image.sha256}"
        images.setdefault(placeholder, image)
        return placeholder

    return map_images(preset, params, visit), images


def substitute(value: Any, urls: Mapping[str, str]) -> Any:
    """*value* (a request body) with each placeholder replaced by its uploaded URL."""
    if isinstance(value, str):
        return urls.get(value, value)
    if isinstance(value, Mapping):
        return {key: substitute(item, urls) for key, item in value.items()}
    if isinstance(value, list):
        return [substitute(item, urls) for item in value]
    return value


def restored(error: ValidationError, images: Images) -> ValidationError:
    """*error* with any placeholder in its value shown as the local image the caller gave (the same error else)."""
    if not images:
        return error
    shown = {placeholder: image.shown for placeholder, image in images.items()}
    value = _shown(error.value, shown)
    rule = error.rule
    for placeholder, image in images.items():
        rule = rule.replace(placeholder, repr(image.shown))
    if value is error.value and rule == error.rule:
        return error
    return ValidationError(error.field, value, rule, model=error.model, instead=error.instead, hint=error.hint)


def _shown(value: Any, shown: Mapping[str, object]) -> Any:
    if isinstance(value, str):
        return shown.get(value, value)
    if isinstance(value, list):
        items = [_shown(item, shown) for item in value]
        return value if all(a is b for a, b in zip(items, value, strict=True)) else items
    return value


def _first_local(value: Any, path: str = "") -> tuple[str, Any]:
    if isinstance(value, Mapping):
        for key, item in value.items():
            if contains_local(item):
                return _first_local(item, f"{path}.{key}" if path else key)
    if isinstance(value, list | tuple):
        for index, item in enumerate(value):
            if contains_local(item):
                return _first_local(item, f"{path}[{index}]")
    return path, value


def _branches(schemas: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    """*schemas* and every branch of their ``allOf``/``anyOf``/``oneOf``, recursively."""
    found: list[Mapping[str, Any]] = []
    for schema in schemas:
        found.append(schema)
        for keyword in ("allOf", "anyOf", "oneOf"):
            found += _branches([branch for branch in schema.get(keyword) or () if isinstance(branch, Mapping)])
    return found


def _walk(  # noqa: PLR0917 - the recursion's state
    value: Any,
    schemas: list[Mapping[str, Any]],
    parents: list[Mapping[str, Any]],
    path: str,
    preset: ModelPreset,
    visit: Visit,
) -> Any:
    nodes = _branches(schemas)
    if any(takes_image(node) for node in nodes):
        return visit(path, value, nodes, parents)
    if is_local_source(value):
        if any(isinstance(node.get("items"), Mapping) and takes_image(node["items"]) for node in nodes):
            rule = f"must be a list; wrap a single image in a list: [{value!r}]"
        else:
            rule = "takes no file: only a field that takes an image (image_urls, a mask) takes a path, bytes or a file"
        raise ValidationError(path, value, rule, model=preset.id)
    if isinstance(value, Mapping):
        return {
            key: _walk(item, _properties(nodes, key), [], f"{path}.{key}", preset, visit) for key, item in value.items()
        }
    if isinstance(value, list | tuple):
        items = [node["items"] for node in nodes if isinstance(node.get("items"), Mapping)]
        walked = [_walk(item, items, nodes, f"{path}[{index}]", preset, visit) for index, item in enumerate(value)]
        return walked if isinstance(value, list) else tuple(walked)
    return value


def _properties(nodes: list[Mapping[str, Any]], key: str) -> list[Mapping[str, Any]]:
    found = []
    for node in nodes:
        sub = (node.get("properties") or {}).get(key)
        extra = node.get("additionalProperties")
        if isinstance(sub, Mapping):
            found.append(sub)
        elif isinstance(extra, Mapping):
            found.append(extra)
    return found


def _check_model_limit(image: LocalImage, preset: ModelPreset, schemas: list[Mapping[str, Any]]) -> None:
    """Refuse an image larger than the model takes, where a rule of the field gives a size (``max-mb``)."""
    for schema in schemas:
        for rule in rules_of(schema):
            limit = rule.params.get(_LIMIT_KEY)
            if isinstance(limit, int | float) and not isinstance(limit, bool) and image.size > limit * _MEGABYTE:
                raise ValidationError(
                    image.field,
                    image.shown,
                    f"is {megabytes(image.size)}; {preset.id} takes images of at most {limit:g} MB (Rule {rule.name})",
                    model=preset.id,
                )
