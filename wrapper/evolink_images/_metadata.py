"""Reading back how a saved image was made: :func:`read_metadata` and what it returns."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

import attrs

from ._png import read_text
from ._provenance import FORMAT, JSON_KEYWORD, SIMULATOR_SOFTWARE, sidecar_path

__all__ = ["ImageMetadata", "read_metadata"]

_FORMAT_FAMILY = FORMAT.rpartition("/")[0] + "/"


@attrs.frozen(kw_only=True)
class ImageMetadata:
    """How a saved image was made, as :func:`read_metadata` finds it.

    Attributes:
        task_id: The EvoLink task that produced it.
        model: The model that ran the task.
        prompt: The prompt sent, or None when the request was not known to the client that saved the file.
        parameters: The other fields of the request body as sent (URLs without their query strings).
        created: When the task was created, unix seconds.
        credits_used: Credits charged for the task, when the API said.
        credits_reserved: Credits reserved for it, when the API said.
        image_index: Which of the task's results this file is (0 for the first).
        source_url: The result URL it was downloaded from, without its query string.
        generator: The library and version that saved it, e.g. ``evolink-images 0.1.0``.
        references: The local files its reference images were uploaded from, as far as the client that saved it
            knew: each ``{"url", "name", "sha256"}`` (the URL without its query string; name None for bytes).
        simulated: True when the built-in simulator drew the image, not EvoLink: the record says so, or the file
            carries the simulator's mark (a PNG's ``Software`` chunk; files saved before the record said it).
        stored_in: ``png`` when read from the file's own text chunks, ``sidecar`` when from ``<file name>.json``.
        raw: The record as stored.
    """

    task_id: str
    model: str
    prompt: str | None = None
    parameters: Mapping[str, Any] = attrs.field(factory=dict)
    created: int | None = None
    credits_used: float | None = None
    credits_reserved: float | None = None
    image_index: int | None = None
    source_url: str | None = None
    generator: str = ""
    references: tuple[Mapping[str, Any], ...] = ()
    simulated: bool = False
    stored_in: Literal["png", "sidecar"] = "png"
    raw: Mapping[str, Any] = attrs.field(factory=dict, repr=False, eq=False)


def read_metadata(path: str | Path) -> ImageMetadata | None:
    """How the image at *path* was made: from its PNG text chunks, else from its sidecar; None when neither has it.

    Raises:
        FileNotFoundError: when *path* does not exist.
        ValueError: when a record is there but is not one this library wrote (it names the file).
    """
    image = Path(path)
    with image.open("rb") as file:
        chunks = read_text(file)
    marked = chunks.get("Software") == SIMULATOR_SOFTWARE
    if JSON_KEYWORD in chunks:
        return _parse(chunks[JSON_KEYWORD], image, "png", marked=marked)
    sidecar = sidecar_path(image)
    if sidecar.is_file():
        return _parse(sidecar.read_text(encoding="utf-8"), sidecar, "sidecar", marked=marked)
    return None


def _parse(text: str, where: Path, stored_in: Literal["png", "sidecar"], *, marked: bool) -> ImageMetadata:
    """The record in *text*; *marked*: the image itself carries the simulator's mark."""
    try:
        record = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"{where}: the provenance record is not JSON ({exc.msg})") from None
    if not isinstance(record, dict) or not str(record.get("format", "")).startswith(_FORMAT_FAMILY):
        raise ValueError(f"{where}: not a provenance record written by evolink-images")
    parameters = record.get("parameters")
    return ImageMetadata(
        task_id=str(record.get("task_id", "")),
        model=str(record.get("model", "")),
        prompt=record["prompt"] if isinstance(record.get("prompt"), str) else None,
        parameters=parameters if isinstance(parameters, dict) else {},
        created=_int(record.get("created")),
        credits_used=_float(record.get("credits_used")),
        credits_reserved=_float(record.get("credits_reserved")),
        image_index=_int(record.get("image_index")),
        source_url=record["source_url"] if isinstance(record.get("source_url"), str) else None,
        generator=str(record.get("generator", "")),
        references=_references(record.get("references")),
        simulated=record.get("simulated") is True or marked,
        stored_in=stored_in,
        raw=record,
    )


def _references(value: Any) -> tuple[Mapping[str, Any], ...]:
    """The record's references: each a mapping (anything else in the list is left out)."""
    return tuple(item for item in value if isinstance(item, dict)) if isinstance(value, list) else ()


def _int(value: Any) -> int | None:
    return int(value) if _is_number(value) else None


def _float(value: Any) -> float | None:
    return float(value) if _is_number(value) else None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)
