"""What the CLI prints: the models table and task summaries, for people and (with --json) for scripts."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import attrs

from .._presets import FieldSpec, ModelPreset, presets
from .._task import Task

__all__ = ["models_json", "models_table", "task_json"]


def _limits(spec: FieldSpec | None) -> str:
    if spec is None:
        return "-"
    if spec.choices:
        return ", ".join(str(choice) for choice in spec.choices)
    if spec.minimum is not None and spec.maximum is not None:
        return f"{spec.minimum}-{spec.maximum}"
    return spec.summary.rstrip(".")


def _references(model: ModelPreset) -> str:
    spec = model.fields.get("image_urls")
    if spec is None:
        return "-"
    low = spec.min_items or 0
    return f"{low}-{spec.max_items} (required)" if spec.required else f"up to {spec.max_items}"


def _other_fields(model: ModelPreset) -> str:
    others = [name for name in model.fields if name not in {"prompt", "size", "n", "image_urls", "callback_url"}]
    return ", ".join(f"{name} ({_limits(model.fields[name])})" for name in others) or "-"


def models_table() -> str:
    """The five models, one block each: id, aliases, modes, sizes, n, references, other fields."""
    blocks = []
    for model in presets.values():
        rows = [
            ("aliases", ", ".join(model.aliases)),
            ("does", ", ".join(model.modes)),
            ("size", _limits(model.fields.get("size"))),
            ("n", _limits(model.fields.get("n")) if "n" in model.fields else "1"),
            ("references", _references(model)),
            ("other", _other_fields(model)),
        ]
        lines = [f"{model.id}  ({model.nickname})"] + [f"  {label:<11} {value}" for label, value in rows]
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def models_json() -> list[dict[str, Any]]:
    """The presets as JSON-ready data."""
    return [
        {
            "id": model.id,
            "nickname": model.nickname,
            "aliases": list(model.aliases),
            "modes": list(model.modes),
            "fields": {
                name: {key: value for key, value in attrs.asdict(spec).items() if value not in (None, (), False)}
                for name, spec in model.fields.items()
            },
        }
        for model in presets.values()
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
    }
    if files is not None:
        payload["files"] = [str(path) for path in files]
    return json.dumps(payload, indent=2)
