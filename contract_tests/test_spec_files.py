"""The files service in the spec (D40-D44): its own host, its four operations, their bodies, answers and limits."""

from __future__ import annotations

import copy
import json
import sys
from pathlib import Path

import pytest

from contract_tests.spec_contract import Spec

ROOT = Path(__file__).resolve().parent.parent
FILES_HOST = "https://files-api.evolink.ai"
UPLOADS = {
    "/api/v1/files/upload/stream": ("uploadFileStream", "multipart/form-data", "StreamUploadRequest"),
    "/api/v1/files/upload/base64": ("uploadFileBase64", "application/json", "Base64UploadRequest"),
    "/api/v1/files/upload/url": ("uploadFileUrl", "application/json", "UrlUploadRequest"),
}
QUOTA = "/api/v1/files/quota"
UPLOADED = {
    "success": True,
    "code": 200,
    "msg": "File uploaded successfully",
    "data": {
        "file_id": "file_abc123", "file_name": "photo.png", "original_name": "photo.png", "file_size": 2048,
        "mime_type": "image/png", "upload_path": "photos", "file_url": "https://files.evolink.ai/photos/photo.png",
        "download_url": "https://files.evolink.ai/api/v1/files/download/file_abc123",
        "upload_time": "2025-10-09T00:00:00+08:00", "expires_at": "2025-10-12T00:00:00+08:00",
    },
}  # fmt: skip  # the upload pages' example values


@pytest.fixture(scope="module")
def spec() -> Spec:
    return Spec.load()


def test_the_files_operations_are_served_from_their_own_host(spec: Spec) -> None:
    paths = spec.document["paths"]
    for path in [*UPLOADS, QUOTA]:
        assert [server["url"] for server in paths[path]["servers"]] == [FILES_HOST], path
    for path in ("/v1/images/generations", "/v1/tasks/{task_id}"):
        assert "servers" not in paths[path], path  # they keep the API's host
    assert spec.document["servers"][0]["url"] == "https://api.evolink.ai"


def test_each_files_operation_names_its_page_and_takes_the_documented_body(spec: Spec) -> None:
    for path, (operation_id, media, schema) in UPLOADS.items():
        operation = spec.document["paths"][path]["post"]
        assert operation["operationId"] == operation_id
        page = path.rsplit("/", 1)[1]
        assert operation["x-evolink-source"] == f"en/api-manual/file-series/upload-{page}.json @ a301c93"
        content = operation["requestBody"]["content"]
        assert list(content) == [media]
        assert content[media]["schema"] == {"$ref": f"#/components/schemas/{schema}"}
        assert spec.at(f"/components/schemas/{schema}")["additionalProperties"] is False  # D5
    quota = spec.document["paths"][QUOTA]["get"]
    assert quota["x-evolink-source"] == "en/api-manual/file-series/quota.json @ a301c93"


@pytest.mark.parametrize("path", list(UPLOADS))
@pytest.mark.parametrize("status", [400, 401, 403, 413, 429, 500, 503])
def test_every_upload_refusal_has_the_files_envelope(spec: Spec, path: str, status: int) -> None:
    body = {"success": False, "code": status, "msg": "refused"}
    assert spec.check_response("post", path, status, {"content-type": "application/json"}, body) == []
    gateway = {"error": {"code": "rate_limit_exceeded", "message": "slow down"}}  # open: a gateway's shape passes
    assert spec.check_response("post", path, status, {}, gateway) == []


def test_the_quota_read_documents_its_answers(spec: Spec) -> None:
    data = {"user_group": "default", "used_files": 35, "max_files": 2000, "remain_files": 65, "is_custom": False}
    body = {"success": True, "code": 200, "data": {**data, "quota_reason": ""}}  # the quota page's example
    assert spec.check_response("get", QUOTA, 200, {}, body) == []
    assert spec.check_response("get", QUOTA, 401, {}, {"success": False, "code": 401, "msg": "no key"}) == []
    assert spec.check_response("get", QUOTA, 418, {}, {})[0].rule == "responses"


def test_an_upload_answer_is_open_and_every_field_may_be_null(spec: Spec) -> None:
    path = "/api/v1/files/upload/stream"
    assert spec.check_response("post", path, 200, {}, UPLOADED) == []
    nulls = {"success": None, "code": None, "msg": None, "data": dict.fromkeys(UPLOADED["data"])}
    assert spec.check_response("post", path, 200, {}, nulls) == []
    assert spec.check_response("post", path, 200, {}, {**UPLOADED, "new": 1, "data": None}) == []
    refusal_under_200 = {"success": False, "code": 403, "msg": "quota exhausted"}  # D41: read `success` first
    assert spec.check_response("post", path, 200, {}, refusal_under_200) == []
    drift = spec.check_response("post", path, 200, {}, {**UPLOADED, "data": {"file_size": "big"}})
    assert [d.json_path for d in drift] == ["$.data.file_size"]


def test_the_request_bodies_refuse_what_they_do_not_document(spec: Spec) -> None:
    base64_path = "/api/v1/files/upload/base64"
    assert spec.check_request("post", base64_path, {}, {"base64_data": "iVBORw0KGgo=", "file_name": "a.png"}) == []
    assert spec.check_request("post", base64_path, {}, {"file_name": "a.png"})[0].rule.startswith("required")
    extra = spec.check_request("post", base64_path, {}, {"base64_data": "x", "mime_type": "image/png"})
    assert extra[0].rule.startswith("additionalProperties")


def test_the_limits_live_in_one_place_with_their_passages(spec: Spec) -> None:
    limits = spec.at("/components/x-evolink-files")
    values = {key: entry["value"] for key, entry in limits.items()}
    assert values == {
        "images-per-request": 1,
        "mime-types": ["image/jpeg", "image/png", "image/gif", "image/webp"],
        "lifetime-seconds": 72 * 3600,
        "quota-files": 2000,
        "max-bytes": 100 * 1024 * 1024,
    }
    for key, entry in limits.items():
        if key == "max-bytes":  # D43: no page states a size: a recorded difference
            assert entry["x-evolink-upstream"]["docs"] is None and entry["x-evolink-upstream"]["ours"] == entry["value"]
        else:
            assert entry["passage"] and entry["pages"], key


def test_the_catalogue_carries_the_limits_and_the_host() -> None:
    from evolink_images._catalogue import FILES  # noqa: PLC0415

    assert FILES == {
        "base_url": FILES_HOST,
        "images_per_request": 1,
        "mime_types": ["image/jpeg", "image/png", "image/gif", "image/webp"],
        "lifetime_seconds": 259200,
        "quota_files": 2000,
        "max_bytes": 104857600,
    }


@pytest.fixture
def catalogue(monkeypatch: pytest.MonkeyPatch) -> object:
    monkeypatch.syspath_prepend(str(ROOT / "scripts"))
    import catalogue  # noqa: PLC0415 - a script, imported from its folder

    return sys.modules[catalogue.__name__]


def test_compiling_the_limits_refuses_a_files_path_without_its_host(spec: Spec, catalogue: object) -> None:
    document = copy.deepcopy(dict(spec.document))
    assert catalogue.compile_files(document)["base_url"] == FILES_HOST  # type: ignore[attr-defined]
    del document["paths"][QUOTA]["servers"]
    with pytest.raises(catalogue.CatalogueError, match="without the files service's `servers`"):  # type: ignore[attr-defined]
        catalogue.compile_files(document)  # type: ignore[attr-defined]


def test_compiling_the_limits_refuses_an_unknown_fact(spec: Spec, catalogue: object) -> None:
    document = json.loads(json.dumps(spec.document, default=str))
    document["components"]["x-evolink-files"]["max-files-per-day"] = {"value": 10}
    with pytest.raises(catalogue.CatalogueError, match="max-files-per-day"):  # type: ignore[attr-defined]
        catalogue.compile_files(document)  # type: ignore[attr-defined]


def test_the_generated_client_has_a_module_for_each_files_operation() -> None:
    from evolink_images_api.api.files import (  # noqa: PLC0415
        get_files_quota,
        upload_file_base_64,
        upload_file_stream,
        upload_file_url,
    )

    for module in (get_files_quota, upload_file_base_64, upload_file_stream, upload_file_url):
        assert callable(module.sync_detailed) and callable(module.asyncio_detailed)
