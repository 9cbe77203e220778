"""How an image was made, kept with the file: the record ``download`` writes. No I/O (``_metadata.py`` reads it).

A PNG carries it in two text chunks after its header: ``evolink``, the record as JSON (what :func:`read_metadata`
reads), and ``parameters``, the same in the plain-text form Stable Diffusion front ends write (the prompt, then a
line of ``Key: value`` pairs), which image viewers and galleries already show. Any other format gets a sidecar,
``<file name>.json`` (``cat-0.jpg.json``), holding the record.

URLs in the record lose their query string, fragment and credentials, which often carry access tokens; the API key
is never part of a request body, so it cannot end up here. A reference image the client uploaded from a local file
is recorded beside its URL (``references``: the URL, redacted like the others, the file's name and its SHA-256),
so that the image says which of the caller's files it was made from.

An image the simulator drew says so: ``simulated`` is true when the served file carries the simulator's mark (its
``Software`` text chunk, written straight after the header of every image the simulator draws). The mark travels with
the bytes, so the record is right however the client reached the simulator (``--simulator``, a base URL, a proxy);
knowing the base URL would not be: a simulator served on any port looks like any API.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._files import redact_url
from ._png import texts_in
from ._task import Task
from ._version import __version__

if TYPE_CHECKING:
    from ._files_service import UploadedFile

__all__ = [
    "FORMAT",
    "JSON_KEYWORD",
    "SIMULATOR_SOFTWARE",
    "TEXT_KEYWORD",
    "drawn_by_simulator",
    "parameters_text",
    "png_entries",
    "provenance_record",
    "request_urls",
    "sidecar_path",
    "sidecar_text",
]

FORMAT = "evolink-images/provenance/1"
JSON_KEYWORD = "evolink"
TEXT_KEYWORD = "parameters"
SIMULATOR_SOFTWARE = "evolink-images simulator (not a real EvoLink result)"
_SHOWN_APART = ("model", "prompt", "negative_prompt")


def provenance_record(
    task: Task,
    request: Mapping[str, Any] | None,
    *,
    index: int,
    url: str,
    uploads: Iterable[UploadedFile] = (),
) -> dict[str, Any]:
    """The record saved with result *index* of *task*; *request* is the create body sent, when known.

    *uploads* are the uploads of local files the client knows among the request's URLs: each is recorded as a
    reference (its redacted URL, the local file's name and the content's SHA-256).
    """
    body = _redacted(dict(request or {}))
    record: dict[str, Any] = {
        "format": FORMAT,
        "generator": f"evolink-images {__version__}",
        "task_id": task.id,
        "model": task.model or body.get("model") or "",
        "prompt": body.get("prompt"),
        "parameters": {key: value for key, value in body.items() if key not in {"model", "prompt"}},
        "created": task.created,
        "created_iso": _iso(task.created),
        "credits_used": task.credits_used,
        "credits_reserved": task.credits_reserved,
        "image_index": index,
        "source_url": redact_url(url),
        "simulated": False,
    }
    if body.get("model") and body["model"] != record["model"]:
        record["requested_model"] = body["model"]
    sent = set(request_urls(request))
    references = [
        {"url": redact_url(uploaded.url), "name": uploaded.original_name, "sha256": uploaded.sha256}
        for uploaded in uploads
        if uploaded.url in sent
    ]
    if references:
        record["references"] = references
    return record


def drawn_by_simulator(head: bytes) -> bool:
    """Whether *head* (a served file's first bytes) is a PNG the simulator drew: its ``Software`` chunk says so."""
    return texts_in(head).get("Software") == SIMULATOR_SOFTWARE


def request_urls(value: Any) -> tuple[str, ...]:
    """Every http(s) URL in a request body, in order (where uploaded images would be)."""
    if isinstance(value, str):
        return (value,) if value[:8].lower().startswith(("http://", "https://")) else ()
    if isinstance(value, Mapping):
        return tuple(url for item in value.values() for url in request_urls(item))
    if isinstance(value, list):
        return tuple(url for item in value for url in request_urls(item))
    return ()


def png_entries(record: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The PNG text chunks for *record*: the JSON and the front ends' ``parameters`` text.

    No ``Software`` chunk: that would speak for the served file, which may carry its own.
    """
    return [
        (JSON_KEYWORD, json.dumps(record, ensure_ascii=False, sort_keys=True)),
        (TEXT_KEYWORD, parameters_text(record)),
    ]


def parameters_text(record: Mapping[str, Any]) -> str:
    """The record as Stable Diffusion front ends write ``parameters``.

    The prompt, the negative prompt when there is one, then one line of ``Key: value`` pairs (a value holding a
    comma, colon, quote or newline is JSON-quoted).
    """
    parameters = record.get("parameters") or {}
    lines = [str(record.get("prompt") or "")]
    if parameters.get("negative_prompt"):
        lines.append(f"Negative prompt: {parameters['negative_prompt']}")
    pairs = {"Model": record.get("model")}
    pairs |= {key: value for key, value in parameters.items() if key not in _SHOWN_APART}
    pairs |= {
        "Task": record.get("task_id"),
        "Image": record.get("image_index"),
        "Created": record.get("created_iso"),
        "Credits": record.get("credits_used"),
        "Generator": record.get("generator"),
    }
    if record.get("simulated") is True:
        pairs["Simulated"] = "yes"
    lines.append(", ".join(f"{key}: {_plain(value)}" for key, value in pairs.items() if value is not None))
    return "\n".join(lines)


def sidecar_path(image: Path) -> Path:
    """Where the record of a non-PNG image goes: ``<file name>.json`` beside it."""
    return image.with_name(f"{image.name}.json")


def sidecar_text(record: Mapping[str, Any]) -> str:
    """The sidecar file's content: the record as indented JSON."""
    return json.dumps(record, ensure_ascii=False, indent=2, sort_keys=True) + "\n"


def _redacted(value: Any) -> Any:
    """*value* with every http(s) URL in it (``HTTPS://`` too) reduced to scheme, host and path."""
    if isinstance(value, str) and value.strip()[:8].lower().startswith(("http://", "https://")):
        return redact_url(value.strip())
    if isinstance(value, dict):
        return {key: _redacted(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_redacted(item) for item in value]
    return value


def _iso(created: int | None) -> str | None:
    return None if created is None else datetime.fromtimestamp(created, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _plain(value: Any) -> str:
    """A value as the front ends' text shows it."""
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return json.dumps(text, ensure_ascii=False) if any(mark in text for mark in ',:"\n') else text
