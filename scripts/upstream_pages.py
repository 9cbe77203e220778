"""Read a tree of EvoLink's docs (a checkout of ``Pharmacist9527/mintlify-docs``) into page records.

A page record is plain JSON data, the same whether it comes from a docs tree or from the lock
(``openapi/upstream.lock.json``), so that everything compared with one can be compared with the other:

- ``commit``: the commit the page was read at (``MANIFEST.tsv``, else ``git log``, else ``unknown``), and ``files``:
  each file of the page (the JSON and its sibling ``.mdx``) with its commit and SHA-256;
- ``kind``: ``image`` (an image-generation page), ``task`` (the task-detail page), ``file`` (a page of the files
  service, ``en/api-manual/file-series/``), ``account`` (a page of ``en/api-manual/account-management/``: the
  credits read, D47) or ``text`` (an ``.mdx`` alone);
- ``models``: the model ids an image page documents; ``request``: its request schema, ``$ref``s inlined;
  ``examples``: its request examples by name; ``responses``: its responses by status (schemas inlined, examples);
  ``parameters``: the task page's parameters; ``error_codes``: the codes a text page's tables list;
- for a file or account page (an *operation page*), ``servers`` (the URLs of its hosts) and ``operations``: each
  operation (``POST /api/v1/...``) with its ``operation_id``, the ``content_types`` of its body, and its ``request``,
  ``examples`` and ``responses``;
- ``text``: every ``description``, ``summary`` and ``title`` string of the JSON, then the ``.mdx`` paragraphs, as
  ``[where, text]`` pairs (where: a shortened JSON pointer, or ``mdx``) with runs of whitespace collapsed. The prose
  lives only there: the structured parts above carry no prose keys, so that a passage is found, and a change of
  wording reported, in one place.
"""

from __future__ import annotations

import hashlib
import json
import re
import subprocess
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

IMAGE_PAGES = "en/api-manual/image-series"
FILE_PAGES = "en/api-manual/file-series"
ACCOUNT_PAGES = "en/api-manual/account-management"
# The kinds of the pages that document operations other than the create and the task read, compared operation by
# operation (upstream_compare.compare_files).
OPERATION_KINDS = frozenset({"file", "account"})
TASK_PAGE = "en/api-manual/task-management/get-task-detail.json"
ERRORS_PAGE = "en/api-manual/task-management/error-codes.mdx"
INDEXED = ("en/api-manual/image-series", "en/api-manual/task-management", FILE_PAGES, ACCOUNT_PAGES)
METHODS = ("get", "put", "post", "delete", "options", "head", "patch", "trace")
CREATE = ("/v1/images/generations", "post")
GET_TASK = ("/v1/tasks/{task_id}", "get")
PROSE = frozenset({"description", "summary", "title"})
# Values that are data, not schemas: nothing inside them is prose or a keyword.
DATA = frozenset({"example", "examples", "default", "enum", "const", "value"})
UNKNOWN = "unknown"
_HEX = re.compile(r"^[0-9a-f]{7,40}$")
_CODE_ROW = re.compile(r"^\|\s*`([a-z][a-z0-9_]*)`\s*\|", re.MULTILINE)

_WHERE = (
    ("/paths//v1/images/generations/post", "create"),
    ("/paths//v1/tasks/{task_id}/get", "get-task"),
    ("/paths//api/v1/files/", "files/"),
    ("/components/schemas/", ""),
    ("/content/application/json", ""),
    ("/properties/", "."),
    ("/items", "[]"),
    ("/", "."),
)

Page = dict[str, Any]


class DocsError(Exception):
    """The docs tree cannot be read as expected."""


def collapse(text: str) -> str:
    """*text* with every run of whitespace made one space, and no space at either end."""
    return " ".join(text.split())


# ---------------------------------------------------------------------------------------------------- commits
def commit_reader(root: Path) -> Callable[[str], str]:
    """A function giving the commit a file of the tree was read at: its MANIFEST.tsv row, else git, else unknown."""
    manifest = root / "MANIFEST.tsv"
    if manifest.is_file():
        commits: dict[str, str] = {}
        for line in manifest.read_text(encoding="utf-8").splitlines()[1:]:
            cells = line.split("\t")
            if len(cells) >= 2:
                commits[cells[0]] = cells[1].strip() if _HEX.match(cells[1].strip()) else UNKNOWN
        return lambda path: commits.get(path, UNKNOWN)
    if (root / ".git").exists():

        def from_git(path: str) -> str:
            result = subprocess.run(
                ["git", "-C", str(root), "log", "-1", "--format=%H", "--", path],
                capture_output=True,
                text=True,
                check=False,
            )
            return result.stdout.strip() or UNKNOWN

        return from_git
    return lambda _path: UNKNOWN


def sha256(path: Path) -> str:
    """The SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


# ---------------------------------------------------------------------------------------------------- JSON helpers
def inliner(document: Mapping[str, Any]) -> Callable[[Any], Any]:
    """A function replacing every ``$ref`` of *document* by what it names (sibling keys win over the target's)."""

    def at(ref: str) -> Any:
        node: Any = document
        for token in ref.removeprefix("#/").split("/"):
            node = node[token.replace("~1", "/").replace("~0", "~")]
        return node

    def inline(node: Any, depth: int = 0) -> Any:
        if depth > 60:
            raise DocsError("a $ref cycle")
        if isinstance(node, list):
            return [inline(item, depth + 1) for item in node]
        if not isinstance(node, Mapping):
            return node
        if isinstance(node.get("$ref"), str):
            target = inline(at(node["$ref"]), depth + 1)
            return {**target, **{k: inline(v, depth + 1) for k, v in node.items() if k != "$ref"}}
        return {key: inline(value, depth + 1) for key, value in node.items()}

    return inline


def without_prose(node: Any) -> Any:
    """*node* without its prose strings (``description``, ``summary``, ``title``); data values are left whole."""
    if isinstance(node, list):
        return [without_prose(item) for item in node]
    if not isinstance(node, Mapping):
        return node
    kept: dict[str, Any] = {}
    for key, value in node.items():
        if key in PROSE and isinstance(value, str):
            continue
        if key == "examples" and isinstance(value, Mapping) and not _is_value_list(value):
            kept[key] = {name: {k: v for k, v in entry.items() if k not in PROSE} for name, entry in value.items()}
        elif key in DATA:
            kept[key] = value
        elif key == "properties" and isinstance(value, Mapping):
            kept[key] = {name: without_prose(sub) for name, sub in value.items()}
        else:
            kept[key] = without_prose(value)
    return kept


def prose(node: Any, where: str = "") -> Iterator[tuple[str, str]]:
    """Every prose string of a JSON document, in document order, with its JSON pointer."""
    if isinstance(node, list):
        for index, item in enumerate(node):
            yield from prose(item, f"{where}/{index}")
    elif isinstance(node, Mapping):
        for key, value in node.items():
            pointer = f"{where}/{str(key).replace('~', '~0').replace('/', '~1')}"
            if key in PROSE and isinstance(value, str):
                if collapse(value):
                    yield pointer, collapse(value)
            elif key not in DATA or (key == "examples" and isinstance(value, Mapping) and not _is_value_list(value)):
                yield from prose(value, pointer)


def _is_value_list(value: Mapping[str, Any]) -> bool:
    return not all(isinstance(item, Mapping) for item in value.values())


def mdx_paragraphs(text: str) -> list[str]:
    """An .mdx file's paragraphs (blank-line separated), whitespace collapsed."""
    return [collapse(part) for part in re.split(r"\n\s*\n", text) if collapse(part)]


# ---------------------------------------------------------------------------------------------------- pages
def _load(path: Path, relative: str) -> dict[str, Any]:
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise DocsError(f"{relative}: not JSON ({exc})") from exc
    if not isinstance(document, dict):
        raise DocsError(f"{relative}: not a JSON object")
    return document


def _operation(document: Mapping[str, Any], where: tuple[str, str]) -> Mapping[str, Any] | None:
    operation = (document.get("paths") or {}).get(where[0], {}).get(where[1])
    return operation if isinstance(operation, Mapping) else None


def _responses(operation: Mapping[str, Any], inline: Callable[[Any], Any]) -> dict[str, Any]:
    """Each response by status: its JSON content (schema, example or examples) and anything else it says."""
    answers: dict[str, Any] = {}
    for status, answer in (operation.get("responses") or {}).items():
        record = without_prose(inline(answer))
        content = record.pop("content", None) or {}
        json_content = content.pop("application/json", None)
        if json_content is not None:
            record.update(json_content)
        if content:
            record["content"] = content
        answers[str(status)] = record
    return answers


def where(pointer: str) -> str:
    """A JSON pointer of a page's prose, shortened for reading: ``ImageGenerationRequest.image_urls.description``."""
    short = pointer.replace("~1", "/").replace("~0", "~")
    for long, brief in _WHERE:
        short = short.replace(long, brief)
    return short.strip("/.")


def _image_parts(document: Mapping[str, Any], relative: str) -> Page:
    inline = inliner(document)
    operation = _operation(document, CREATE)
    assert operation is not None  # noqa: S101 - checked by the caller
    try:
        body = inline(operation["requestBody"]["content"]["application/json"])
        schema = body["schema"]
    except (KeyError, TypeError) as exc:
        raise DocsError(f"{relative}: an image-generation page without a JSON request body ({exc})") from exc
    model = (schema.get("properties") or {}).get("model") or {}
    ids = [model["const"]] if "const" in model else list(model.get("enum") or [])
    if not ids:
        raise DocsError(f"{relative}: the request names no model id")
    examples = {str(name): (entry or {}).get("value") for name, entry in (body.get("examples") or {}).items()}
    if "example" in body:
        examples["example"] = body["example"]
    return {
        "kind": "image",
        "models": ids,
        "request": without_prose(schema),
        "examples": examples,
        "responses": _responses(operation, inline),
    }


def operation_name(path: str, method: str) -> str:
    """How an operation is named in records and reports: ``POST /api/v1/files/upload/stream``."""
    return f"{method.upper()} {path}"


def _file_operations(document: Mapping[str, Any]) -> dict[str, Mapping[str, Any]]:
    """Every operation of a page, by name."""
    found: dict[str, Mapping[str, Any]] = {}
    for path, item in (document.get("paths") or {}).items():
        for method in METHODS:
            operation = item.get(method) if isinstance(item, Mapping) else None
            if isinstance(operation, Mapping):
                found[operation_name(str(path), method)] = operation
    return found


def operation_kind(relative: str) -> str | None:
    """The kind of an operation page under one of the folders of operation pages, read now (tests move them)."""
    for folder, kind in ((FILE_PAGES, "file"), (ACCOUNT_PAGES, "account")):
        if relative.startswith(folder + "/"):
            return kind
    return None


def _file_parts(document: Mapping[str, Any], kind: str = "file") -> Page:
    """An operation page: its hosts, and each operation's body (per content type), examples and responses."""
    inline = inliner(document)
    operations: dict[str, Any] = {}
    for name, operation in _file_operations(document).items():
        content = inline((operation.get("requestBody") or {}).get("content") or {})
        bodies = [body for body in content.values() if isinstance(body, Mapping)]
        body = bodies[0] if bodies else {}
        examples = {str(key): (entry or {}).get("value") for key, entry in (body.get("examples") or {}).items()}
        if "example" in body:
            examples["example"] = body["example"]
        operations[name] = {
            "operation_id": operation.get("operationId"),
            "content_types": sorted(content),
            "request": without_prose(body.get("schema") or {}),
            "examples": examples,
            "responses": _responses(operation, inline),
        }
    servers = [str(server.get("url")) for server in document.get("servers") or [] if isinstance(server, Mapping)]
    return {"kind": kind, "servers": servers, "operations": operations}


def _task_parts(document: Mapping[str, Any]) -> Page:
    inline = inliner(document)
    operation = _operation(document, GET_TASK) or {}
    return {
        "kind": "task",
        "parameters": without_prose(inline(operation.get("parameters") or [])),
        "responses": _responses(operation, inline),
    }


def read_page(root: Path, relative: str, commit_of: Callable[[str], str]) -> Page | None:
    """The record of one page (a JSON page with its .mdx, or an .mdx alone), or None when it is not one we read."""
    path = root / relative
    json_path = path.with_suffix(".json")
    mdx_path = path.with_suffix(".mdx")
    files: dict[str, Any] = {}
    text: list[list[str]] = []
    page: Page
    if json_path.is_file():
        json_relative = str(Path(relative).with_suffix(".json"))
        document = _load(json_path, json_relative)
        if _operation(document, CREATE) is not None:
            page = _image_parts(document, json_relative)
        elif json_relative == TASK_PAGE:
            page = _task_parts(document)
        elif (kind := operation_kind(json_relative)) is not None and _file_operations(document):
            page = _file_parts(document, kind)
        else:
            return None
        files[json_relative] = {"commit": commit_of(json_relative), "sha256": sha256(json_path)}
        text += [[where(pointer), string] for pointer, string in prose(document)]
    else:
        page = {"kind": "text"}
    if mdx_path.is_file():
        mdx_relative = str(Path(relative).with_suffix(".mdx"))
        content = mdx_path.read_text(encoding="utf-8")
        files[mdx_relative] = {"commit": commit_of(mdx_relative), "sha256": sha256(mdx_path)}
        text += [["mdx", paragraph] for paragraph in mdx_paragraphs(content)]
        if mdx_relative == ERRORS_PAGE:
            page["error_codes"] = sorted(set(_CODE_ROW.findall(content)))
    if not files:
        return None
    page["commit"] = next(iter(files.values()))["commit"]
    page["files"] = files
    page["text"] = text
    return page


def page_key(relative: str, root: Path) -> str:
    """The key of the page a path names: a JSON page for its .mdx too, else the path itself."""
    if relative.endswith(".mdx") and (root / relative).with_suffix(".json").is_file():
        return str(Path(relative).with_suffix(".json").as_posix())
    return relative


def page_text(page: Mapping[str, Any]) -> str:
    """A page's text for passages: its prose strings joined by one space."""
    return " ".join(string for _where, string in page.get("text") or [])


def read_tree(root: Path, extra: Iterable[str] = ()) -> dict[str, Any]:
    """The docs tree as ``{"pages": {path: page}, "index": {file: {commit, sha256}}}``.

    ``pages`` holds every image-generation page under ``en/api-manual/image-series/`` (found at any depth), every page
    of the files service under ``en/api-manual/file-series/`` and of ``en/api-manual/account-management/``, the
    task-detail page, the error codes page, and the pages named in *extra*; ``index`` every file of the folders read,
    so that a page added or removed anywhere there is seen.
    """
    root = root.resolve()
    if not (root / IMAGE_PAGES).is_dir():
        raise DocsError(f"{root / IMAGE_PAGES} does not exist: is {root} a checkout of the docs repository?")
    commit_of = commit_reader(root)
    pages: dict[str, Page] = {}
    found = sorted((root / IMAGE_PAGES).rglob("*.json"))
    for folder in (FILE_PAGES, ACCOUNT_PAGES):
        if (root / folder).is_dir():
            found += sorted((root / folder).rglob("*.json"))
    for path in found:
        relative = path.relative_to(root).as_posix()
        page = read_page(root, relative, commit_of)
        if page is not None:  # a JSON file of another kind is still in the index: added or removed, it is seen
            pages[relative] = page
    for relative in sorted({TASK_PAGE, ERRORS_PAGE} | set(extra)):
        key = page_key(relative, root)
        if key not in pages and (root / key).is_file():
            page = read_page(root, key, commit_of)
            if page is not None:
                pages[key] = page
    index: dict[str, Any] = {}
    for folder in INDEXED:
        for path in sorted((root / folder).rglob("*")) if (root / folder).is_dir() else ():
            if path.is_file():
                relative = path.relative_to(root).as_posix()
                index[relative] = {"commit": commit_of(relative), "sha256": sha256(path)}
    for page in pages.values():
        index.update(page["files"])
    return {"pages": pages, "index": index}
