"""What the CLI prints: the models table and task summaries, for people and (with --json) for scripts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .._metadata import ImageMetadata
from .._presets import FieldSpec, ModelPreset, presets
from .._provenance import sidecar_path
from .._task import Task
from ._fields import describe

__all__ = ["SIMULATED", "metadata_json", "metadata_text", "models_json", "models_table", "selected", "task_json"]


# The fields every image model is compared on; the rest are listed under "other".
_COLUMNS = ("size", "n", "image_urls")


def _references(model: ModelPreset) -> str:
    spec = model.fields.get("image_urls")
    if spec is None:
        return "-"
    if spec.required:
        return f"{spec.min_items or 0}-{spec.max_items} (required)"
    return f"up to {spec.max_items}" if spec.max_items is not None else "yes"


def _described(name: str, spec: FieldSpec) -> str:
    """A field and what it takes; an object's keys each with theirs (``model_params: speed (fast, turbo)``)."""
    keys = spec.schema.get("properties") if spec.kind == "object" else None
    if not keys:
        return f"{name} ({describe(spec)})"
    inner = [FieldSpec.from_schema(key, sub, summary=_first_line(sub)) for key, sub in keys.items()]
    return f"{name}: " + ", ".join(f"{field.name} ({describe(field)})" for field in inner)


def _first_line(schema: Any) -> str:
    """A schema's description, first line only."""
    return str(schema.get("description") or "").split("\n", 1)[0] if isinstance(schema, dict) else ""


def _other_fields(model: ModelPreset) -> str:
    others = [name for name in model.fields if name not in {"prompt", "callback_url", *_COLUMNS}]
    return "; ".join(_described(name, model.fields[name]) for name in others) or "-"


def _images(model: ModelPreset) -> str:
    count = model.fields.get("n")
    if count is not None:
        return describe(count)
    if model.output == "layers":
        return "layers"
    varies = "; ".join(f"{when.images} with {when.field}={when.equals}" for when in model.images_when)
    return f"{model.images_per_task or 1}" + (f" ({varies})" if varies else "")


def _model_block(model: ModelPreset) -> str:
    size = model.fields.get("size")
    names = [*model.aliases, *(f"{former} (former id)" for former in model.former_ids)]
    rows = [
        ("aliases", ", ".join(names) or "-"),
        ("does", ", ".join(model.modes) or "-"),
        ("size", describe(size) if size else "-"),
        ("n", _images(model)),
        ("references", _references(model)),
        ("other", _other_fields(model)),
    ]
    if model.follow_up and model.series:
        rows.insert(2, ("follows", f"{model.follow_up} of one image of a finished {model.series} task"))
    lines = [f"{model.id}  ({model.nickname})"] + [f"  {label:<11} {value}" for label, value in rows]
    return "\n".join(lines)


def _folded(name: str) -> str:
    return name.lower().replace("-", " ").replace("_", " ")


def selected(name: str | None) -> list[ModelPreset]:
    """The models a name picks: all (None), a family (any case, - for a space), else one model (an id or alias)."""
    if name is None:
        return list(presets.values())
    families = presets.families()
    family = next((members for family, members in families.items() if _folded(family) == _folded(name)), None)
    if family is not None:
        return family
    return [presets[name]] if name in presets else []


def models_table(models: list[ModelPreset] | None = None) -> str:
    """The models (every one by default) by family, one block each: id, aliases, modes, sizes, n, references, other."""
    chosen = {model.id for model in (models if models is not None else presets.values())}
    sections = []
    for family, members in presets.families().items():
        blocks = [_model_block(model) for model in members if model.id in chosen]
        if blocks:
            sections.append(f"== {family} ==\n\n" + "\n\n".join(blocks))
    return "\n\n".join(sections)


def _field_json(spec: FieldSpec) -> dict[str, Any]:
    data: dict[str, Any] = {
        "kind": spec.kind,
        "summary": spec.summary,
        "required": spec.required,
        "choices": list(spec.choices) if spec.choices else None,
        "default": spec.default,
        "minimum": spec.minimum,
        "maximum": spec.maximum,
        "min_items": spec.min_items,
        "max_items": spec.max_items,
        "max_length": spec.max_length,
        "pattern": spec.pattern,
        "pattern_hint": spec.pattern_hint,
        "rules": [{"name": rule.name, "check": rule.check, **rule.params} for rule in spec.rules] or None,
    }
    return {key: value for key, value in data.items() if value is not None}


def models_json(models: list[ModelPreset] | None = None) -> list[dict[str, Any]]:
    """The models (every one by default) as JSON-ready data."""
    return [
        {
            "id": model.id,
            "family": model.family,
            "nickname": model.nickname,
            "aliases": list(model.aliases),
            "former_ids": list(model.former_ids),
            "modes": list(model.modes),
            "output": model.output,
            "summary": model.summary,
            "source": model.source,
            "fields": {name: _field_json(spec) for name, spec in model.fields.items()},
        }
        for model in (models if models is not None else presets.values())
    ]


def task_json(task: Task, files: list[Path] | None = None) -> str:
    """A task (and its downloaded files) as one JSON document."""
    payload: dict[str, Any] = {
        "id": task.id,
        "model": task.model,
        "status": str(task.status),
        "progress": task.progress,
        "results": task.results,
        "error": {"code": task.error.code, "message": task.error.message} if task.error else None,
        "estimated_time": task.estimated_time,
        "credits_reserved": task.credits_reserved,
        "credits_charged": task.credits_used,
    }
    if files is not None:
        payload["files"] = [str(path) for path in files]
    return json.dumps(payload, indent=2)


# What `info` says of an image the simulator drew, straight after the file's name.
SIMULATED = "yes: drawn by the evolink-images simulator, not an EvoLink result"


def metadata_text(path: Path, metadata: ImageMetadata) -> str:
    """How a saved image was made, one labelled line a fact."""
    where = "the PNG's text chunks" if metadata.stored_in == "png" else f"the sidecar {sidecar_path(path).name}"
    credits = ", ".join(
        f"{label} {value:g}"
        for label, value in (("used", metadata.credits_used), ("reserved", metadata.credits_reserved))
        if value is not None
    )
    created = metadata.raw.get("created_iso") or (str(metadata.created) if metadata.created is not None else None)
    rows = [
        ("file", f"{path}  (recorded in {where})"),
        *([("simulated", SIMULATED)] if metadata.simulated else []),
        ("task", metadata.task_id),
        ("model", metadata.model),
        ("prompt", metadata.prompt if metadata.prompt is not None else "(not known to the client that saved it)"),
        *((f"  {key}", _value(value)) for key, value in metadata.parameters.items()),
        ("created", created or "-"),
        ("credits", credits or "-"),
        ("image", str(metadata.image_index) if metadata.image_index is not None else "-"),
        ("source", metadata.source_url or "-"),
        ("saved by", metadata.generator or "-"),
    ]
    return "\n".join(f"{label:<12}{value}" for label, value in rows)


def metadata_json(path: Path, metadata: ImageMetadata) -> str:
    """The record as stored, with the file, where it was found and whether the simulator drew it."""
    payload = {"file": str(path), "stored_in": metadata.stored_in, **metadata.raw, "simulated": metadata.simulated}
    return json.dumps(payload, indent=2)


def _value(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
