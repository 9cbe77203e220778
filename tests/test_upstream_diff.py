"""`make upstream-diff` on small docs pages and a small spec written here: quiet when they agree, and a report naming
the model, the field and both values when the docs move (a limit raised, an enum value added, a page added)."""

from __future__ import annotations

import copy
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
SCRIPT = ROOT / "scripts" / "upstream_diff.py"


def page(model_id: str, properties: dict[str, Any], required: list[str] | None = None) -> dict[str, Any]:
    """A docs page in the shape EvoLink's pages have: one POST with the request schema under components."""
    name = "AcmeRequest"
    return {
        "openapi": "3.1.0",
        "paths": {
            "/v1/images/generations": {
                "post": {
                    "requestBody": {
                        "content": {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}
                    },
                    "responses": {"200": {"description": "ok"}},
                }
            }
        },
        "components": {
            "schemas": {
                name: {
                    "type": "object",
                    "required": required or ["model", "prompt"],
                    "properties": {
                        "model": {"type": "string", "enum": [model_id], "description": "Which model."},
                        "prompt": {"type": "string", "maxLength": 1000, "description": "Long prose we never copy."},
                        **properties,
                    },
                },
                "Usage": {"properties": {"billing_rule": {"type": "string", "enum": ["per_call"]}}},
            }
        },
    }


DOCS_PAGES = {
    "acme/acme-one.json": page(
        "acme-one",
        {
            "size": {"type": "string", "enum": ["1:1", "16:9"], "default": "1:1"},
            "n": {"type": "integer", "minimum": 1, "maximum": 4},
            # The prose says "at most 3 references"; the JSON says nothing.
            "image_urls": {"type": "array", "items": {"type": "string", "format": "uri"}},
            "model_params": {"type": "object", "properties": {"level": {"type": "string", "enum": ["low", "high"]}}},
        },
    ),
    "acme/acme-two.json": page("acme-two", {"seed": {"type": "integer", "minimum": 0, "maximum": 99}}),
}
TASK_PAGE = {
    "components": {
        "schemas": {"TaskDetailResponse": {"properties": {"status": {"enum": ["pending", "completed", "failed"]}}}}
    }
}


def request(model_id: str, properties: dict[str, Any], **extensions: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "additionalProperties": False,
        "required": ["model", "prompt"],
        "properties": {
            "model": {"type": "string", "const": model_id},
            "prompt": {"$ref": "#/components/schemas/Prompt"},
            **properties,
        },
        **extensions,
    }


SPEC: dict[str, Any] = {
    "openapi": "3.1.0",
    "components": {
        "schemas": {
            "ImageGenerationRequest": {
                "discriminator": {
                    "propertyName": "model",
                    "mapping": {
                        "acme-one": "#/components/schemas/AcmeOne",
                        "acme-two": "#/components/schemas/AcmeTwo",
                        "acme-zero": "#/components/schemas/AcmeOne",  # a former id of acme-one
                    },
                }
            },
            "Prompt": {"type": "string", "maxLength": 1000, "description": "Our own words."},
            "AcmeOne": request(
                "acme-one",
                {
                    "size": {"type": "string", "enum": ["16:9", "1:1"], "default": "1:1"},  # the order is no fact
                    "n": {"type": "integer", "minimum": 1, "maximum": 4},
                    "image_urls": {
                        "type": "array",
                        "maxItems": 3,
                        "items": {"type": "string", "format": "uri"},
                        "x-evolink-upstream": {"maxItems": {"docs": None, "why": "the prose: at most 3"}},
                    },
                    "model_params": {
                        "type": "object",
                        "properties": {"level": {"type": "string", "enum": ["low", "high"]}},
                    },
                },
            ),
            "AcmeTwo": request("acme-two", {"seed": {"type": "integer", "minimum": 0, "maximum": 99}}),
            "TaskStatus": {"type": "string", "examples": ["pending", "processing", "completed", "failed"]},
            "Usage": {"properties": {"billing_rule": {"type": ["string", "null"], "examples": ["per_call"]}}},
        }
    },
}


def write_docs(root: Path, pages: dict[str, Any]) -> Path:
    for relative, document in pages.items():
        path = root / "en" / "api-manual" / "image-series" / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(json.dumps(document), encoding="utf-8")
    task = root / "en" / "api-manual" / "task-management" / "get-task-detail.json"
    task.parent.mkdir(parents=True, exist_ok=True)
    task.write_text(json.dumps(TASK_PAGE), encoding="utf-8")
    return root


def run(tmp_path: Path, pages: dict[str, Any], spec: dict[str, Any] = SPEC) -> subprocess.CompletedProcess[str]:
    docs = write_docs(tmp_path / "docs", pages)
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(spec), encoding="utf-8")
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--docs", str(docs), "--spec", str(spec_path)],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )


def changed(relative: str, change) -> dict[str, Any]:
    pages = copy.deepcopy(DOCS_PAGES)
    change(pages[relative]["components"]["schemas"]["AcmeRequest"]["properties"])
    return pages


def test_agreeing_docs_report_nothing(tmp_path: Path) -> None:
    result = run(tmp_path, DOCS_PAGES)
    assert (result.returncode, result.stdout.count("\n")) == (0, 1), result.stdout + result.stderr
    assert "agrees with the docs" in result.stdout


@pytest.mark.parametrize(
    ("relative", "change", "expected"),
    [
        (
            "acme/acme-one.json",
            lambda props: props["n"].update(maximum=6),
            "acme-one.n: maximum: ours 4, docs 6",
        ),
        (
            "acme/acme-one.json",
            lambda props: props["size"]["enum"].append("21:9"),
            'acme-one.size: enum: ours ["16:9", "1:1"], docs ["1:1", "16:9", "21:9"]',
        ),
        (
            "acme/acme-one.json",
            lambda props: props["model_params"]["properties"]["level"]["enum"].append("max"),
            'acme-one.model_params.level: enum: ours ["low", "high"], docs ["low", "high", "max"]',
        ),
        (
            "acme/acme-two.json",
            lambda props: props.update(style={"type": "string"}),
            "acme-two.style: field the spec does not have: ours false, docs true",
        ),
        (
            "acme/acme-one.json",
            lambda props: props["image_urls"].update(maxItems=5),
            "acme-one.image_urls: maxItems: ours 3, docs 5 (the spec records docs value none for this difference;",
        ),
    ],
    ids=["limit-raised", "enum-value-added", "nested-enum-value-added", "field-added", "recorded-value-changed"],
)
def test_a_docs_change_is_reported_with_the_model_the_field_and_both_values(
    tmp_path: Path, relative: str, change, expected: str
) -> None:
    result = run(tmp_path, changed(relative, change))
    assert result.returncode == 1, result.stdout + result.stderr
    assert expected in result.stdout, result.stdout


def test_a_new_page_is_a_model_the_spec_does_not_have(tmp_path: Path) -> None:
    pages = {**DOCS_PAGES, "zed/zed-1.json": page("zed-1", {})}
    result = run(tmp_path, pages)
    assert result.returncode == 1
    assert 'zed-1: model the spec does not have: ours none, docs "en/api-manual/image-series/zed/zed-1.json"' in (
        result.stdout
    )


def test_a_model_the_docs_dropped_and_a_required_change_are_reported(tmp_path: Path) -> None:
    pages = {key: value for key, value in DOCS_PAGES.items() if key != "acme/acme-two.json"}
    pages["acme/acme-one.json"] = page("acme-one", DOCS_PAGES["acme/acme-one.json"]["components"]["schemas"]
                                       ["AcmeRequest"]["properties"], required=["model", "prompt", "size"])  # fmt: skip
    result = run(tmp_path, pages)
    assert result.returncode == 1
    assert "acme-two: model on no docs page" in result.stdout
    assert 'acme-one: required: ours ["model", "prompt"], docs ["model", "prompt", "size"]' in result.stdout


def test_response_values_the_spec_does_not_list_are_reported(tmp_path: Path) -> None:
    pages = copy.deepcopy(DOCS_PAGES)
    pages["acme/acme-two.json"]["components"]["schemas"]["Usage"]["properties"]["billing_rule"]["enum"] = [
        "per_call",
        "per_pixel",
    ]
    result = run(tmp_path, pages)
    assert result.returncode == 1
    assert 'responses.Usage.billing_rule: values the spec does not list: ours ["per_call"], docs ["per_pixel"]' in (
        result.stdout
    )


def test_a_folder_that_is_not_the_docs_is_a_clear_error(tmp_path: Path) -> None:
    spec_path = tmp_path / "spec.yaml"
    spec_path.write_text(yaml.safe_dump(SPEC), encoding="utf-8")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), "--docs", str(tmp_path), "--spec", str(spec_path)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "a checkout of the docs repository?" in result.stderr
