"""A batch file's lines: checked in one streaming pass, then streamed again, one line at a time, to be sent.

A line is a JSON object: ``{"model": ..., "prompt": ..., "params": {...}, "key": "name-of-the-output"}``; only
``model`` and ``prompt`` are required. Blank lines and lines starting with ``#`` are skipped.

The first pass (:func:`check_batch`) validates every line and keeps only what the report of bad lines and the check
of keys need (each key's reduced file name and line number), never the requests; the second (iterating the
:class:`BatchFile`) reads the file again and yields each valid line as it is reached. So memory does not grow with
the file's length. A :class:`Shard` selects the lines whose key falls in one of N parts, by a stable hash.

Where a model takes an image (``image_urls``' items, a mask), a line may name a local file instead of a URL: any
string there that is not a URL (``logo.png``, ``./refs/a.jpg``, ``/abs/b.png``, ``~/c.webp``) is a file, relative to
the batch file's folder. It is checked when the batch is read (a missing file names its line) and uploaded when its
line is sent, each content once while its upload lives (lines that share a file share its upload).
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Callable, Iterator, Mapping, MutableMapping
from pathlib import Path
from typing import Any

import attrs

from ._errors import EvoLinkError, ValidationError
from ._files import file_stem
from ._local_images import LocalImage, path_refusal, read_local_image
from ._presets import ModelPreset
from ._references import Images, map_images, restored, with_placeholders
from ._validation import ValidatedRequest, resolve_model, validate_request

__all__ = [
    "LINE_KEYS",
    "BatchFile",
    "BatchFileChangedError",
    "BatchLine",
    "Shard",
    "check_batch",
    "read_batch",
]

LINE_KEYS = frozenset({"model", "prompt", "params", "key"})


@attrs.frozen
class BatchLine:
    """One validated line of a batch file; *images* are the local files its body holds placeholders for."""

    number: int
    key: str
    request: ValidatedRequest
    images: Images = attrs.field(factory=dict, repr=False)

    @property
    def fingerprint(self) -> str:
        """A hash of exactly what would be sent: a changed line is a new request.

        A local image counts by its content's hash (its placeholder), not by the URL it is uploaded to: a rerun
        after the upload expired is still the same line.
        """
        return hashlib.sha256(json.dumps(self.request.body, sort_keys=True).encode()).hexdigest()[:16]

    def batch_key(self, out_dir: Path) -> str:
        """The line's identity in the journal: its output folder (resolved), its name, and what it sends."""
        return f"{out_dir}|{self.key}|{self.fingerprint}"


@attrs.frozen
class Shard:
    """Part *index* of *count* (``--shard 2/3``): the lines whose key falls in it.

    A key falls in the part its SHA-256, read as a number, leaves as a remainder (plus one) when divided by *count*:
    the same on every machine and in every run, so the parts never overlap and together hold every line. A line
    without a key has the name it is saved under, ``line-<number>``, as its key.
    """

    index: int
    count: int

    def __attrs_post_init__(self) -> None:
        if not 1 <= self.index <= self.count:
            raise ValueError(f"shard {self.index}/{self.count}: K/N needs 1 <= K <= N")

    @classmethod
    def parse(cls, text: str) -> Shard:
        """``"2/3"``; a ValueError that says what is wrong with anything else."""
        index, slash, count = text.strip().partition("/")
        if not slash or not index.strip().isdigit() or not count.strip().isdigit():
            raise ValueError(f"{text!r} is not K/N (shard K of N, such as 2/3)")
        return cls(int(index), int(count))

    def holds(self, key: str) -> bool:
        """Whether the line named *key* is in this shard."""
        digest = hashlib.sha256(key.encode("utf-8")).digest()
        return int.from_bytes(digest[:8], "big") % self.count == self.index - 1

    def __str__(self) -> str:
        return f"{self.index}/{self.count}"


class BatchFileChangedError(EvoLinkError):
    """The batch file changed between the pass that checked it and the pass that sends it: check it again."""


@attrs.frozen(eq=False)
class BatchFile:
    """A batch file checked in full; iterating it reads the file again and yields its valid lines (in the shard).

    Attributes:
        path: The file.
        errors: One message per bad line (``line 3: ...``), in the file's order.
        lines: The valid lines that iterating yields (those in the shard, with one).
        total: The valid lines in the whole file.
        shard: The part of the file selected, or None for all of it.
    """

    path: Path
    errors: tuple[str, ...]
    lines: int
    total: int
    shard: Shard | None = None
    _bad: frozenset[int] = attrs.field(factory=frozenset, repr=False)
    _stamp: tuple[int, int] = attrs.field(default=(0, 0), repr=False)
    _files: _LocalFiles | None = attrs.field(default=None, repr=False)

    def __iter__(self) -> Iterator[BatchLine]:
        """The valid lines, each read, parsed and validated as it is reached (blocking: reads the file)."""
        if _stamp(self.path) != self._stamp:
            raise BatchFileChangedError(f"{self.path} changed after it was checked; nothing more was read from it")
        files = self._files or _LocalFiles(self.path.absolute().parent)
        for number, text in _texts(self.path):
            if number in self._bad:
                continue
            try:
                item = _item(text)
                key = _key(item, number)
                if self.shard is not None and not self.shard.holds(key):
                    continue
                yield _line(number, item, key, files)
            except (ValueError, ValidationError) as exc:
                raise BatchFileChangedError(f"{self.path}: line {number} no longer passes its check: {exc}") from None


def check_batch(path: Path, shard: Shard | None = None, *, describe: Callable[[Exception], str] = str) -> BatchFile:
    """Check every line of the batch file at *path* in one streaming pass (blocking: reads it, and its local files).

    A line is bad when it is not a JSON object of the known keys, breaks a rule of its model, names a local file that
    is missing or no image, or has a key another line's key shares files with (the error names both lines).
    *describe* words a line's problem (the command line words a refusal in the file's terms, not Python's).
    """
    stamp = _stamp(path)
    files = _LocalFiles(path.absolute().parent)
    errors: list[str] = []
    bad: set[int] = set()
    by_stem: dict[str, tuple[int, str]] = {}  # a key's reduced file name: the first line and key that use it
    total = selected = 0
    for number, text in _texts(path):
        try:
            item = _item(text)
            key = _key(item, number)
            _line(number, item, key, files)
        except (ValueError, ValidationError) as exc:
            errors.append(f"line {number}: {describe(exc)}")
            bad.add(number)
            continue
        earlier = by_stem.setdefault(file_stem(key).casefold(), (number, key))
        if earlier[0] != number:
            errors.append(f"line {number}: {_key_clash(key, *earlier)}")
            bad.add(number)
            continue
        total += 1
        selected += shard is None or shard.holds(key)
    return BatchFile(path, tuple(errors), selected, total, shard, frozenset(bad), stamp, files)


def read_batch(path: Path) -> tuple[list[BatchLine], list[str]]:
    """The valid lines of a batch file, all in a list, and one error per bad line (``line 3: ...``).

    For small files and tests: :func:`check_batch` and iterating its :class:`BatchFile` hold one line at a time.
    """
    checked = check_batch(path)
    return list(checked), list(checked.errors)


def _stamp(path: Path) -> tuple[int, int]:
    status = path.stat()
    return status.st_size, status.st_mtime_ns


def _texts(path: Path) -> Iterator[tuple[int, str]]:
    """Each line that holds a request, with its number (blank lines and ``#`` comments skipped)."""
    with path.open(encoding="utf-8") as stream:
        for number, text in enumerate(stream, start=1):
            if text.strip() and not text.lstrip().startswith("#"):
                yield number, text


def _key_clash(key: str, number: int, earlier: str) -> str:
    """Why *key* cannot be used: it is line *number*'s, or it names the same files as that line's key *earlier*."""
    if key == earlier:
        return f"key {key!r} is already used by line {number}"
    stem, earlier_stem = file_stem(key), file_stem(earlier)
    same = (
        f"both save as {stem}-<n>.<ext>"
        if stem == earlier_stem
        else f"{stem}-<n> and {earlier_stem}-<n> are one file where case is ignored, as on macOS and Windows"
    )
    return (
        f"key {key!r} names the same files as line {number}'s key {earlier!r} ({same}): "
        "file names keep only letters, digits, '-' and '_', so keys must differ in those, and not only in case"
    )


class _LocalFiles:
    """The local files a batch names, relative to its folder; each read and hashed once however many lines name it."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self._read: MutableMapping[Path, LocalImage] = {}

    def resolved(self, preset: ModelPreset, params: Mapping[str, Any]) -> dict[str, Any]:
        """*params* with each string that names a file where the model takes an image made a path of that file."""

        def visit(_: str, value: Any, __: object, ___: object) -> Any:
            if not isinstance(value, str) or path_refusal(value) is None:
                return value
            text = value.strip().removeprefix("file://")
            return self.folder / os.path.expanduser(text)

        return map_images(preset, params, visit)

    def read(self, source: object, field: str) -> LocalImage:
        """:func:`read_local_image`, once per file."""
        if not isinstance(source, Path):
            return read_local_image(source, field)
        if source not in self._read:
            self._read[source] = read_local_image(source, field)
        return attrs.evolve(self._read[source], field=field, shown=source)


def _item(text: str) -> dict[str, Any]:
    """A line's JSON object, with only the keys a line has."""
    try:
        item = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON ({exc.msg} at column {exc.colno})") from None
    if not isinstance(item, dict):
        raise ValueError("must be a JSON object with model and prompt")
    unknown = sorted(set(item) - LINE_KEYS)
    if unknown:
        raise ValueError(
            f"unknown key {unknown[0]!r}; a line has model, prompt, params and key (model parameters go in params)"
        )
    if not isinstance(item.get("params", {}), dict):
        raise ValueError("params must be a JSON object")
    return item


def _key(item: Mapping[str, Any], number: int) -> str:
    """The line's key: its own, else ``line-<number>``."""
    key = item.get("key", f"line-{number}")
    if not isinstance(key, str) or not key.strip():
        raise ValueError("key must be a non-empty string")
    return key


def _line(number: int, item: Mapping[str, Any], key: str, files: _LocalFiles) -> BatchLine:
    """The line validated (blocking: reads its local files, once each)."""
    params = item.get("params", {})
    preset = resolve_model(item.get("model"))
    params, images = with_placeholders(preset, files.resolved(preset, params), read=files.read)
    try:
        request = validate_request(item.get("model"), item.get("prompt"), params)
    except ValidationError as error:
        raise restored(error, images) from None
    return BatchLine(number, key, request, images)
