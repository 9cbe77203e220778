"""A tiny docs tree and a tiny spec that agrees with it, for the tests of `make upstream-diff` and `upstream-sync`.

The tree is laid out like EvoLink's docs repository (``en/api-manual/image-series/...``, pages nested at any depth,
the task-detail page, the error codes page, a ``MANIFEST.tsv`` of each file's commit); the spec is shaped like
``openapi/evolink-images.yaml`` (a discriminator mapping, per-model request schemas with ``x-evolink-*`` facts and
their passages, the create and task operations with their responses). Nothing here reads the real spec or docs.
"""

from __future__ import annotations

import copy
import json
import sys
from contextlib import redirect_stderr, redirect_stdout
from io import StringIO
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPTS = ROOT / "scripts"
ONE = "en/api-manual/image-series/acme/acme-one.json"
TWO = "en/api-manual/image-series/acme/acme-2/beta/acme-two.json"  # nested two folders deep
TASK = "en/api-manual/task-management/get-task-detail.json"
ERRORS = "en/api-manual/task-management/error-codes.mdx"
COMMIT = "a301c93a5e39b3543ab7eb307696eeb5487c0e31"
LIFETIME = "Generated image links are valid for 24 hours, please save them promptly"
REFERENCES = "At most `3` reference images per request."
GRID = "Each task makes `4` images."
SIZE = "Each image at most `10MB`."
CALLBACK = "Internal IP addresses are prohibited (127.0.0.1, 10.x.x.x, 172.16-31.x.x, 192.168.x.x, etc.)"
# The same rule as acme-two's page words it: a shared component's passage lists both, and each page holds one.
CALLBACK_TWO = "Callbacks to private IP addresses are prohibited (127.0.0.1, 10.x.x.x, 172.16-31.x.x, etc.)"
FORMER = "The former name `acme-zero` is still supported and mapped to `acme-two`."
MODERATION_ROW = "`content_policy_violation` | Bad"


def _error(code: str, kind: str) -> dict[str, Any]:
    return {
        "description": f"Error {code}",
        "content": {
            "application/json": {
                "schema": {"$ref": "#/components/schemas/ErrorResponse"},
                "example": {"error": {"code": code, "message": "Something", "type": kind}},
            }
        },
    }


def _components() -> dict[str, Any]:
    return {
        "ImageGenerationResponse": {
            "type": "object",
            "properties": {
                "id": {"type": "string", "description": "Task ID"},
                "status": {"type": "string", "enum": ["pending", "completed", "failed"]},
                "task_info": {
                    "type": "object",
                    "properties": {"estimated_time": {"type": "integer", "example": 30}},
                },
                "usage": {
                    "type": "object",
                    "properties": {
                        "billing_rule": {"type": "string", "enum": ["per_call"]},
                        "credits_reserved": {"type": "number", "example": 2.5},
                    },
                },
            },
        },
        "ErrorResponse": {
            "type": "object",
            "properties": {"error": {"type": "object", "properties": {"code": {"type": "string"}}}},
        },
    }


def image_page(model_id: str, properties: dict[str, Any], examples: dict[str, Any], prose: str) -> dict[str, Any]:
    """An image-generation page shaped like EvoLink's: a POST with its request schema, examples and responses."""
    return {
        "openapi": "3.1.0",
        "info": {"title": f"{model_id} API", "description": "Create image tasks", "version": "1.0.0"},
        "paths": {
            "/v1/images/generations": {
                "post": {
                    "summary": f"{model_id} API",
                    "description": prose,
                    "requestBody": {
                        "content": {
                            "application/json": {
                                "schema": {"$ref": "#/components/schemas/ImageGenerationRequest"},
                                "examples": {
                                    name: {"summary": name, "value": value} for name, value in examples.items()
                                },
                            }
                        }
                    },
                    "responses": {
                        "200": {
                            "description": "Created",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/ImageGenerationResponse"}}
                            },
                        },
                        "400": _error("invalid_request", "invalid_request_error"),
                        "402": _error("insufficient_quota", "insufficient_quota"),
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "ImageGenerationRequest": {
                    "type": "object",
                    "required": ["model", "prompt"],
                    "properties": {
                        "model": {"type": "string", "enum": [model_id], "description": "Model name"},
                        "prompt": {"type": "string", "maxLength": 1000, "description": "Long prose we never copy."},
                        **properties,
                    },
                },
                **_components(),
            }
        },
    }


MASK = {
    "type": "object",
    "oneOf": [
        {
            "type": "object",
            "required": ["areas"],
            "properties": {"areas": {"type": "array", "items": {"type": "integer"}}},
        },
        {"type": "object", "required": ["url"], "properties": {"url": {"type": "string", "format": "uri"}}},
    ],
}


def docs_pages() -> dict[str, Any]:
    """The tree's files: relative path -> JSON document or mdx text."""
    one = image_page(
        "acme-one",
        {
            "size": {"type": "string", "enum": ["1:1", "16:9"], "default": "1:1"},
            "n": {"type": "integer", "minimum": 1, "maximum": 4, "description": f"{GRID} More cost more."},
            "image_urls": {
                "type": "array",
                "description": f"References. {REFERENCES} {SIZE}",
                "items": {"type": "string", "format": "uri"},
            },
            "model_params": {
                "type": "object",
                "properties": {"level": {"type": "string", "enum": ["low", "high"]}, "mask": MASK},
            },
            "callback_url": {"type": "string", "format": "uri", "description": f"HTTPS only. {CALLBACK}"},
        },
        {
            "simple": {"model": "acme-one", "prompt": "A cat"},
            "wide": {"model": "acme-one", "prompt": "A dog", "size": "16:9"},
        },
        f"- Acme One makes images\n- {LIFETIME}",
    )
    two = image_page(
        "acme-two",
        {
            "seed": {"type": "integer", "minimum": 0, "maximum": 99},
            "callback_url": {"type": "string", "format": "uri", "description": f"HTTPS only. {CALLBACK_TWO}"},
        },
        {"simple": {"model": "acme-two", "prompt": "A cat"}},
        f"- {LIFETIME}\n- {FORMER}",
    )
    task = {
        "openapi": "3.1.0",
        "paths": {
            "/v1/tasks/{task_id}": {
                "get": {
                    "parameters": [{"name": "task_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {
                        "200": {
                            "description": "Task",
                            "content": {
                                "application/json": {"schema": {"$ref": "#/components/schemas/TaskDetailResponse"}}
                            },
                        },
                        "404": _error("task_not_found", "invalid_request_error"),
                    },
                }
            }
        },
        "components": {
            "schemas": {
                "TaskDetailResponse": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "status": {"type": "string", "enum": ["pending", "completed", "failed"]},
                        "results": {"type": "array", "items": {"type": "string", "format": "uri"}},
                    },
                },
                **_components(),
            }
        },
    }
    errors = "---\ntitle: Error Codes\n---\n\n| Error Code | Description |\n|---|---|\n"
    errors += "| `content_policy_violation` | Bad |\n"
    return copy.deepcopy(
        {
            ONE: one,
            ONE.replace(".json", ".mdx"): "---\ntitle: Acme One\n---\n\nThe prompt guide says little.",
            TWO: two,
            TASK: task,
            ERRORS: errors,
        }
    )


def write_docs(root: Path, files: dict[str, Any], commits: dict[str, str] | None = None) -> Path:
    """Write the tree under *root*, with a MANIFEST.tsv of each file's commit (a301c93 unless *commits* says)."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content if isinstance(content, str) else json.dumps(content, indent=1), encoding="utf-8")
    if commits is not None:
        rows = "".join(f"{relative}\t{commits.get(relative, COMMIT)}\tnote\n" for relative in sorted(files))
        (root / "MANIFEST.tsv").write_text("path\tcommit\tnote\n" + rows, encoding="utf-8")
    return root


def _response(ref: str, description: str) -> dict[str, Any]:
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{ref}"}}},
    }


def spec() -> dict[str, Any]:
    """A spec that agrees with the tree, its deliberate differences recorded."""
    acme_one = {
        "type": "object",
        "additionalProperties": False,
        "required": ["model", "prompt"],
        "x-evolink-source": f"{ONE} @ a301c93",
        "x-evolink-typical-seconds": 30,
        "x-evolink-credits-per-image": 2.5,
        "x-evolink-images": 4,
        "x-evolink-result-lifetime": 86400,
        "x-evolink-passages": {"images": GRID, "result-lifetime": LIFETIME},
        "examples": [
            {"model": "acme-one", "prompt": "A cat"},
            {"model": "acme-one", "prompt": "A dog", "size": "16:9"},
        ],
        "properties": {
            "model": {"type": "string", "const": "acme-one"},
            "prompt": {"$ref": "#/components/schemas/Prompt"},
            "size": {"type": "string", "enum": ["16:9", "1:1"], "default": "1:1"},  # the order is no fact
            "n": {"type": "integer", "minimum": 1, "maximum": 4},
            "image_urls": {
                "type": "array",
                "maxItems": 3,
                "items": {"type": "string", "format": "uri"},
                "x-evolink-rules": [{"name": "image-size", "check": "api-only", "max-mb": 10, "passage": SIZE}],
                "x-evolink-upstream": {
                    "maxItems": {"docs": None, "ours": 3, "why": "the prose: at most 3", "passage": REFERENCES}
                },
            },
            "model_params": {
                "type": "object",
                "additionalProperties": False,
                "properties": {
                    "level": {"type": "string", "enum": ["low", "high"]},
                    "mask": {
                        "type": "object",
                        "oneOf": [
                            {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["areas"],
                                "properties": {"areas": {"type": "array", "items": {"type": "integer"}}},
                            },
                            {
                                "type": "object",
                                "additionalProperties": False,
                                "required": ["url"],
                                "properties": {"url": {"type": "string", "format": "uri"}},
                            },
                        ],
                    },
                },
            },
            "callback_url": {"$ref": "#/components/schemas/CallbackUrl"},
        },
    }
    acme_two = {
        "type": "object",
        "additionalProperties": False,
        "required": ["model", "prompt"],
        "x-evolink-source": f"{TWO} @ a301c93",
        "x-evolink-typical-seconds": 30,
        "x-evolink-credits-per-image": 2.5,
        "examples": [{"model": "acme-two", "prompt": "A cat"}],
        "properties": {
            "model": {"type": "string", "enum": ["acme-two", "acme-zero"]},
            "prompt": {"$ref": "#/components/schemas/Prompt"},
            "seed": {"type": "integer", "minimum": 0, "maximum": 99},
            "callback_url": {"$ref": "#/components/schemas/CallbackUrl"},
        },
    }
    acme_two["properties"]["model"]["x-evolink-upstream"] = {
        "enum": {
            "docs": ["acme-two"],
            "ours": ["acme-two", "acme-zero"],
            "why": "the prose: the former id is still taken (D14)",
            "passage": FORMER,
        }
    }
    status = {"type": "string", "examples": ["pending", "processing", "completed", "failed", "cancelled"]}
    return {
        "openapi": "3.1.0",
        "paths": {
            "/v1/images/generations": {
                "post": {
                    "responses": {
                        "200": _response("ImageGenerationTask", "Created"),
                        "400": _response("ErrorResponse", "Invalid (code `invalid_request`)"),
                        "402": _response("ErrorResponse", "No credits (code `insufficient_quota`)"),
                    }
                }
            },
            "/v1/tasks/{task_id}": {
                "get": {
                    "parameters": [{"name": "task_id", "in": "path", "required": True, "schema": {"type": "string"}}],
                    "responses": {
                        "200": _response("TaskDetail", "The task"),
                        "404": _response("ErrorResponse", "No such task (code `task_not_found`)"),
                    },
                }
            },
        },
        "components": {
            "schemas": {
                "ImageGenerationRequest": {
                    "oneOf": [{"$ref": "#/components/schemas/AcmeOne"}, {"$ref": "#/components/schemas/AcmeTwo"}],
                    "discriminator": {
                        "propertyName": "model",
                        "mapping": {
                            "acme-one": "#/components/schemas/AcmeOne",
                            "acme-two": "#/components/schemas/AcmeTwo",
                            "acme-zero": "#/components/schemas/AcmeTwo",
                        },
                    },
                    "x-evolink-upstream": {
                        "additionalProperties": {"docs": None, "ours": False, "why": "D5: closed request objects"}
                    },
                },
                "Prompt": {"type": "string", "maxLength": 1000, "description": "Our own words."},
                "CallbackUrl": {
                    "type": "string",
                    "format": "uri",
                    "x-evolink-rules": [
                        {
                            "name": "callback-public-host",
                            "check": "public-https-url",
                            "passage": [CALLBACK, CALLBACK_TWO],
                        }
                    ],
                },
                "AcmeOne": acme_one,
                "AcmeTwo": acme_two,
                "TaskStatus": status,
                "ImageGenerationTask": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "status": {"$ref": "#/components/schemas/TaskStatus"},
                        "task_info": {
                            "anyOf": [
                                {"type": "object", "properties": {"estimated_time": {"type": ["integer", "null"]}}},
                                {"type": "null"},
                            ]
                        },
                        "usage": {
                            "type": "object",
                            "properties": {
                                "billing_rule": {"type": ["string", "null"], "examples": ["per_call", "per_image"]},
                                "credits_reserved": {"type": ["number", "null"]},
                            },
                        },
                    },
                },
                "TaskDetail": {
                    "type": "object",
                    "properties": {
                        "id": {"type": "string"},
                        "status": {"$ref": "#/components/schemas/TaskStatus"},
                        "results": {"type": ["array", "null"], "items": {"type": "string", "format": "uri"}},
                    },
                },
                "TaskError": {
                    "type": "object",
                    "description": "Known codes: content_policy_violation.",
                    "x-evolink-task-error-codes": {
                        "content_policy_violation": {
                            "retry": "no",
                            "kind": "moderation",
                            "passage": MODERATION_ROW,
                            "page": ERRORS,
                        }
                    },
                },
                "ErrorResponse": {
                    "type": "object",
                    "properties": {"error": {"$ref": "#/components/schemas/ErrorDetail"}},
                },
                "ErrorDetail": {
                    "type": "object",
                    "properties": {
                        "code": {"type": "string"},
                        "type": {"type": "string", "examples": ["invalid_request_error", "insufficient_quota"]},
                    },
                },
            }
        },
    }


class Project:
    """A docs tree, a spec and a lock in a temporary folder, and the command run on them."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.files = docs_pages()
        self.commits: dict[str, str] | None = {}  # None: no MANIFEST.tsv
        self.keep_docs = False  # True: leave the docs tree as it is on disk (a git checkout, say)
        self.spec = spec()
        self.docs = root / "docs"
        self.spec_path = root / "spec.yaml"
        self.lock_path = root / "upstream.lock.json"

    def write(self) -> None:
        """Write the docs tree (replaced whole, unless kept) and the spec as they are now."""
        self.spec_path.write_text(yaml.safe_dump(self.spec, allow_unicode=True), encoding="utf-8")
        if self.keep_docs:
            return
        if self.docs.exists():
            for path in sorted(self.docs.rglob("*"), reverse=True):
                path.unlink() if path.is_file() else path.rmdir()
        write_docs(self.docs, self.files, self.commits)

    def run(self, *args: str) -> tuple[int, str]:
        """Run scripts/upstream_diff.py in this process with *args*; its exit status and its output."""
        self.write()
        saved = list(sys.path)
        sys.path.insert(0, str(SCRIPTS))
        try:
            import upstream_diff  # noqa: PLC0415 - a script, imported from its folder

            out = StringIO()
            with redirect_stdout(out), redirect_stderr(out):
                status = upstream_diff.main(["--spec", str(self.spec_path), "--lock", str(self.lock_path), *args])
        finally:
            sys.path[:] = saved
        return status, out.getvalue()

    def diff(self, *, docs: bool = False) -> tuple[int, str]:
        """``make upstream-diff`` (with ``DOCS=`` when *docs*)."""
        return self.run(*(["--docs", str(self.docs)] if docs else []))

    def sync(self) -> tuple[int, str]:
        """``make upstream-sync DOCS=``."""
        return self.run("--sync", "--docs", str(self.docs))

    def synced(self) -> Project:
        """This project with its lock recorded (the spec and the tree agree)."""
        status, output = self.sync()
        assert status == 0, output
        return self

    def copy_spec(self) -> dict[str, Any]:
        """A deep copy of the spec, to change."""
        return copy.deepcopy(self.spec)


# ---------------------------------------------------------------------------------------------------- the files service
UPLOAD = "en/api-manual/file-series/upload-base64.json"
QUOTA = "en/api-manual/file-series/quota.json"
FILES_HOST = "https://files.acme.example"
ONE_IMAGE = "Maximum `1` image per request"
EXPIRY = "Files will expire after 72 hours"
QUOTA_FILES = "Default user group allows up to `2000` files"
UPLOAD_EXAMPLE = {"base64_data": "data:image/png;base64,iVBORw0KGgo..."}


def _file_page(path: str, method: str, operation: dict[str, Any], schemas: dict[str, Any]) -> dict[str, Any]:
    return {
        "openapi": "3.1.0",
        "info": {"title": "Files", "description": "The files service", "version": "1.0.0"},
        "servers": [{"url": FILES_HOST, "description": "File Service"}],
        "paths": {path: {method: operation}},
        "components": {"schemas": schemas},
    }


def file_pages() -> dict[str, Any]:
    """Two pages of the files service (an upload and the quota), shaped like EvoLink's file-series pages."""
    upload = _file_page(
        "/api/v1/files/upload/base64",
        "post",
        {
            "summary": "Base64 File Upload",
            "description": f"- Upload by base64\n- {EXPIRY}",
            "operationId": "uploadFileBase64",
            "requestBody": {
                "required": True,
                "content": {
                    "application/json": {
                        "schema": {"$ref": "#/components/schemas/Base64UploadRequest"},
                        "examples": {"base64_upload": {"summary": "Upload", "value": dict(UPLOAD_EXAMPLE)}},
                    }
                },
            },
            "responses": {"200": _response("FileUploadResponse", "Uploaded")},
        },
        {
            "Base64UploadRequest": {
                "type": "object",
                "required": ["base64_data"],
                "properties": {
                    "base64_data": {"type": "string", "description": f"The data\n\n**Note:**\n- {ONE_IMAGE}"},
                    "file_name": {"type": "string", "example": "a.png"},
                },
            },
            "FileUploadResponse": {
                "type": "object",
                "properties": {
                    "success": {"type": "boolean"},
                    "data": {
                        "type": "object",
                        "properties": {
                            "file_url": {"type": "string", "format": "uri"},
                            "expires_at": {"type": "string", "format": "date-time"},
                        },
                    },
                },
            },
        },
    )
    quota = _file_page(
        "/api/v1/files/quota",
        "get",
        {
            "summary": "Get File Quota",
            "description": f"- Query the quota\n- {QUOTA_FILES}",
            "operationId": "getFilesQuota",
            "responses": {"200": _response("QuotaResponse", "Success")},
        },
        {
            "QuotaResponse": {
                "type": "object",
                "properties": {
                    "data": {
                        "type": "object",
                        "properties": {"used_files": {"type": "integer"}, "max_files": {"type": "integer"}},
                    }
                },
            }
        },
    )
    return copy.deepcopy(
        {
            UPLOAD: upload,
            UPLOAD.replace(".json", ".mdx"): "---\ntitle: Base64 File Upload\n---",
            QUOTA: quota,
        }
    )


def files_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """*spec* with the files service's two operations, schemas and limits, agreeing with file_pages()."""
    host = [{"url": FILES_HOST, "description": "files"}]
    spec["paths"]["/api/v1/files/upload/base64"] = {
        "servers": host,
        "post": {
            "operationId": "uploadFileBase64",
            "tags": ["files"],
            "x-evolink-source": f"{UPLOAD} @ a301c93",
            "x-evolink-upstream": {
                "examples": {"docs": [dict(UPLOAD_EXAMPLE)], "ours": None, "why": "cut short, not an image"}
            },
            "requestBody": {
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Base64UploadRequest"}}}
            },
            "responses": {
                "200": _response("FileUploadResponse", "Uploaded"),
                "400": _response("FileErrorResponse", "Refused"),
            },
        },
    }
    spec["paths"]["/api/v1/files/quota"] = {
        "servers": host,
        "get": {
            "operationId": "getFilesQuota",
            "tags": ["files"],
            "x-evolink-source": f"{QUOTA} @ a301c93",
            "responses": {"200": _response("QuotaResponse", "The quota")},
        },
    }
    nullable = {"type": ["string", "null"]}
    spec["components"]["schemas"].update(
        {
            "Base64UploadRequest": {
                "type": "object",
                "additionalProperties": False,
                "x-evolink-upstream": {
                    "additionalProperties": {"docs": None, "ours": False, "why": "D5: closed request objects"}
                },
                "required": ["base64_data"],
                "properties": {"base64_data": {"type": "string"}, "file_name": {"type": "string"}},
            },
            "FileUploadResponse": {
                "type": "object",
                "additionalProperties": True,
                "properties": {
                    "success": {"type": ["boolean", "null"]},
                    "data": {
                        "anyOf": [
                            {
                                "type": "object",
                                "properties": {
                                    "file_url": {**nullable, "format": "uri"},
                                    "expires_at": {**nullable, "format": "date-time"},
                                },
                            },
                            {"type": "null"},
                        ]
                    },
                },
            },
            "QuotaResponse": {
                "type": "object",
                "properties": {
                    "data": {
                        "type": "object",
                        "properties": {
                            "used_files": {"type": ["integer", "null"]},
                            "max_files": {"type": ["integer", "null"]},
                        },
                    }
                },
            },
            "FileErrorResponse": {"type": "object", "properties": {"msg": nullable}},
        }
    )
    spec["components"]["x-evolink-files"] = {
        "images-per-request": {"value": 1, "passage": ONE_IMAGE, "pages": [UPLOAD]},
        "lifetime-seconds": {"value": 259200, "passage": EXPIRY, "pages": [UPLOAD]},
        "quota-files": {"value": 2000, "passage": QUOTA_FILES, "pages": [QUOTA]},
        "max-bytes": {"value": 100, "x-evolink-upstream": {"docs": None, "ours": 100, "why": "no page states one"}},
    }
    return spec


def with_files(project: Project) -> Project:
    """*project* with the files service in its docs tree and its spec."""
    project.files.update(file_pages())
    project.spec = files_spec(project.spec)
    return project


# ---------------------------------------------------------------------------------------------------- the account
CREDITS = "en/api-manual/account-management/get-credits.json"
API_HOST = "https://api.acme.example"
CREDITS_EXAMPLE = {"data": {"user": {"remaining_credits": 10.5, "used_credits": 1.5}}, "message": "", "success": True}
LIMITED = {"error": {"code": 429, "message": "Too many", "type": "rate_limit_error", "fallback_suggestion": "wait"}}


def credits_page() -> dict[str, Any]:
    """The credits page, shaped like EvoLink's account-management page: one GET, its answer and an error."""
    answer = {
        "type": "object",
        "properties": {
            "data": {
                "type": "object",
                "properties": {
                    "user": {
                        "type": "object",
                        "properties": {"remaining_credits": {"type": "number"}, "used_credits": {"type": "number"}},
                    }
                },
            },
            "message": {"type": "string"},
            "success": {"type": "boolean"},
        },
    }
    error = {
        "type": "object",
        "properties": {
            "error": {
                "type": "object",
                "properties": {"code": {"type": "integer"}, "fallback_suggestion": {"type": "string"}},
            }
        },
    }
    responses = {
        "200": {
            "description": "Credits",
            "content": {"application/json": {"schema": answer, "example": CREDITS_EXAMPLE}},
        },
        "429": {"description": "Limited", "content": {"application/json": {"schema": error, "example": LIMITED}}},
    }
    return copy.deepcopy(
        {
            "openapi": "3.1.0",
            "info": {"title": "Credits", "description": "Query the credits", "version": "1.0.0"},
            "servers": [{"url": API_HOST}],
            "paths": {
                "/v1/credits": {"get": {"summary": "Get Credits", "operationId": "getCredits", "responses": responses}}
            },
        }
    )


def credits_spec(spec: dict[str, Any]) -> dict[str, Any]:
    """*spec* with the credits read, agreeing with credits_page() (its responses open, their examples the page's)."""
    spec["servers"] = [{"url": API_HOST}]
    number = {"type": ["number", "null"]}
    answer = {
        "type": "object",
        "properties": {
            "data": {
                "type": "object",
                "properties": {
                    "user": {"type": "object", "properties": {"remaining_credits": number, "used_credits": number}}
                },
            },
            "message": {"type": ["string", "null"]},
            "success": {"type": ["boolean", "null"]},
        },
    }
    spec["paths"]["/v1/credits"] = {
        "get": {
            "operationId": "getCredits",
            "x-evolink-source": f"{CREDITS} @ a301c93",
            "responses": {
                "200": {
                    "description": "The credits",
                    "content": {"application/json": {"schema": answer, "example": copy.deepcopy(CREDITS_EXAMPLE)}},
                },
                "429": {
                    "description": "Too many requests (code 429, type `rate_limit_error`)",
                    "content": {
                        "application/json": {
                            "schema": {"$ref": "#/components/schemas/ErrorResponse"},
                            "example": copy.deepcopy(LIMITED),
                        }
                    },
                },
            },
        }
    }
    detail = spec["components"]["schemas"]["ErrorDetail"]["properties"]
    detail["code"] = {"type": ["string", "integer"]}
    detail["fallback_suggestion"] = {"type": ["string", "null"]}
    detail["type"]["examples"] = [*detail["type"]["examples"], "rate_limit_error"]
    return spec


def with_credits(project: Project) -> Project:
    """*project* with the credits read in its docs tree and its spec."""
    project.files[CREDITS] = credits_page()
    project.spec = credits_spec(project.spec)
    return project


# ---------------------------------------------------------------------------------------------------- billing facts
BILLED = "Each image is billed independently."
SETTLED = "Actual charges follow the images generated."


def with_billing(project: Project) -> Project:
    """*project* whose acme-one page states billing rules and whose spec records them (x-evolink-billing, D47)."""
    request = project.files[ONE]["components"]["schemas"]["ImageGenerationRequest"]["properties"]
    request["n"]["description"] += f" {BILLED} {SETTLED}"
    project.spec["components"]["schemas"]["AcmeOne"]["x-evolink-billing"] = {
        "unit": {"value": "image", "passage": BILLED},
        "settles": {"value": "usage", "passage": SETTLED},
        "varies-with": {"n": BILLED, "size": {"passage": GRID}},
        "figure-for": {"size": "1:1"},
    }
    return project
