"""`make upstream-diff` covers the files service's pages (en/api-manual/file-series/, D40-D44) like the image pages.

The fixture's docs tree and spec gain an upload page and the quota page (tests/upstream_fixture.py: with_files); each
kind of drift, made in a copy of the tree or of the spec, is reported with the operation, the field and both values,
and exits 1. Nothing here reads the real spec or docs.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import pytest

from tests.upstream_fixture import (
    EXPIRY,
    FILES_HOST,
    QUOTA,
    SCRIPTS,
    UPLOAD,
    Project,
    with_files,
)

UPLOAD_PATH = "/api/v1/files/upload/base64"


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The fixture's spec and docs tree with the files service, the lock recorded from them."""
    return with_files(Project(tmp_path)).synced()


def upload_operation(document: dict[str, Any]) -> dict[str, Any]:
    return document["paths"][UPLOAD_PATH]["post"]


def upload_request(project: Project) -> dict[str, Any]:
    return project.files[UPLOAD]["components"]["schemas"]["Base64UploadRequest"]


def reported(project: Project, expected: list[str], *, docs: bool) -> str:
    status, output = project.diff(docs=docs)
    assert status == 1, output
    for line in expected:
        assert line in output, f"{line!r} not in:\n{output}"
    return output


def test_the_unchanged_copy_reports_nothing_and_the_lock_holds_the_file_pages(project: Project) -> None:
    assert project.diff()[0] == 0
    status, output = project.diff(docs=True)
    assert (status, output.count("nothing to report")) == (0, 3), output
    lock = json.loads(project.lock_path.read_text(encoding="utf-8"))
    upload = lock["pages"][UPLOAD]
    assert upload["kind"] == "file"
    assert upload["servers"] == [FILES_HOST]
    assert upload["operations"][f"POST {UPLOAD_PATH}"]["operation_id"] == "uploadFileBase64"
    assert [entry["fact"] for entry in upload["passages"][EXPIRY]] == ["x-evolink-files lifetime-seconds"]
    assert QUOTA in lock["pages"]


# ---------------------------------------------------------------------------------------------------- the docs move
def test_a_request_keyword_the_docs_add_is_reported(project: Project) -> None:
    upload_request(project)["properties"]["base64_data"]["maxLength"] = 1000
    reported(
        project,
        [
            "uploadFileBase64 POST /api/v1/files/upload/base64.base64_data: maxLength: lock none, docs 1000",
            "uploadFileBase64.base64_data: maxLength: ours none, docs 1000",
        ],
        docs=True,
    )


def test_a_request_field_the_docs_add_is_reported(project: Project) -> None:
    upload_request(project)["properties"]["upload_path"] = {"type": "string"}
    reported(project, ["uploadFileBase64.upload_path: field the spec does not have: ours false, docs true"], docs=True)


def test_a_request_example_the_docs_change_is_reported(project: Project) -> None:
    body = upload_operation(project.files[UPLOAD])["requestBody"]["content"]["application/json"]
    body["examples"]["base64_upload"]["value"] = {"base64_data": "iVBORw0KGgo..."}
    reported(
        project,
        [
            "examples.base64_upload: request example:",
            "uploadFileBase64: examples:",
            "x-evolink-upstream records other examples as the docs'",
        ],
        docs=True,
    )


def test_a_content_type_the_docs_change_is_reported(project: Project) -> None:
    content = upload_operation(project.files[UPLOAD])["requestBody"]["content"]
    content["multipart/form-data"] = content.pop("application/json")
    reported(
        project,
        [
            'content type: lock ["application/json"], docs ["multipart/form-data"]',
            'uploadFileBase64.requestBody: content type: ours ["application/json"], docs ["multipart/form-data"]',
        ],
        docs=True,
    )


def test_a_status_and_a_response_field_the_docs_add_are_reported(project: Project) -> None:
    operation = upload_operation(project.files[UPLOAD])
    operation["responses"]["413"] = {"description": "Too large"}
    schemas = project.files[UPLOAD]["components"]["schemas"]
    schemas["FileUploadResponse"]["properties"]["data"]["properties"]["sha256"] = {"type": "string"}
    reported(
        project,
        [
            'uploadFileBase64.responses.413: status the spec does not have: ours none, docs "413"',
            "uploadFileBase64.responses.200.data.sha256: field the spec does not have: ours none, docs "
            '{"type": "string"}',
        ],
        docs=True,
    )


def test_a_host_the_docs_change_is_reported(project: Project) -> None:
    project.files[QUOTA]["servers"] = [{"url": "https://storage.acme.example"}]
    reported(
        project,
        [
            f'getFilesQuota: servers: lock ["{FILES_HOST}"], docs ["https://storage.acme.example"]',
            f'getFilesQuota: servers: ours ["{FILES_HOST}"], docs ["https://storage.acme.example"]',
        ],
        docs=True,
    )


def test_a_changed_limit_passage_is_reported_with_the_facts_on_it(project: Project) -> None:
    operation = upload_operation(project.files[UPLOAD])
    operation["description"] = operation["description"].replace("72 hours", "48 hours")
    reported(
        project,
        [
            f'passage: lock "{EXPIRY}", docs "Files will expire after 48 hours',
            "facts that depend on it: files.upload-base64: x-evolink-files lifetime-seconds = 259200",
            "files.upload-base64: x-evolink-files lifetime-seconds: passage not in the page's text",
        ],
        docs=True,
    )


def test_a_file_page_added_is_reported_with_its_operation(project: Project) -> None:
    page = json.loads(json.dumps(project.files[UPLOAD]).replace("upload/base64", "upload/url"))
    page["paths"]["/api/v1/files/upload/url"]["post"]["operationId"] = "uploadFileUrl"
    added = "en/api-manual/file-series/v2/upload-url.json"
    project.files[added] = page
    reported(
        project,
        [
            f'uploadFileUrl: page added: lock none, docs "{added}"',
            'uploadFileUrl: operation the spec does not have: ours none, docs "POST /api/v1/files/upload/url"',
        ],
        docs=True,
    )


def test_a_file_page_removed_is_reported(project: Project) -> None:
    del project.files[QUOTA]
    reported(
        project,
        [
            f'getFilesQuota: page removed: lock "{QUOTA}", docs none',
            f'getFilesQuota: x-evolink-source: a page the docs do not have: ours "{QUOTA}", docs none',
        ],
        docs=True,
    )


def test_another_file_in_the_file_series_is_reported(project: Project) -> None:
    project.files["en/api-manual/file-series/list-files.mdx"] = "---\ntitle: List Files\n---"
    reported(project, ["en/api-manual/file-series/list-files.mdx", "file added"], docs=True)


def test_a_file_page_s_new_commit_is_reported(project: Project) -> None:
    assert project.commits is not None
    project.commits[QUOTA] = "53b478cd9a70e874db6ca8aa5715459e7848304e"
    reported(project, ['getFilesQuota: x-evolink-source commit: ours "a301c93", docs "53b478cd"'], docs=True)


# ---------------------------------------------------------------------------------------------------- the spec moves
def test_a_limit_changed_in_the_spec_alone_is_reported(project: Project) -> None:
    project.spec["components"]["x-evolink-files"]["quota-files"]["value"] = 3000
    reported(project, ["files.quota: x-evolink-files quota-files: ours 3000, lock 2000"], docs=False)


def test_a_recorded_limit_whose_value_moves_without_its_record_is_reported(project: Project) -> None:
    project.spec["components"]["x-evolink-files"]["max-bytes"]["value"] = 200
    reported(project, ["files: x-evolink-files max-bytes:", "records other `ours` than the value 200"], docs=False)


def test_a_limit_without_its_passage_is_listed(project: Project) -> None:
    del project.spec["components"]["x-evolink-files"]["images-per-request"]["passage"]
    reported(project, ["files.upload-base64: x-evolink-files images-per-request: no passage: ours 1"], docs=False)


def test_an_operation_whose_request_the_spec_opens_is_reported(project: Project) -> None:
    project.spec["components"]["schemas"]["Base64UploadRequest"]["additionalProperties"] = True
    reported(project, ["uploadFileBase64: additionalProperties: ours true, lock none"], docs=False)


def test_an_operation_the_spec_drops_a_status_of_is_reported(project: Project) -> None:
    del upload_operation(project.spec)["responses"]["200"]
    reported(
        project, ['uploadFileBase64.responses.200: status the spec does not have: ours none, lock "200"'], docs=False
    )


# ---------------------------------------------------------------------------------------------------- companions
@pytest.fixture
def compare(monkeypatch: pytest.MonkeyPatch) -> Any:
    """The comparison module, importable (and patchable) in this process."""
    monkeypatch.syspath_prepend(str(SCRIPTS))
    import upstream_compare  # noqa: PLC0415 - a script, imported from its folder

    return sys.modules[upstream_compare.__name__]


def test_without_the_files_comparison_a_changed_request_goes_unseen(
    project: Project, compare: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    project.spec["components"]["schemas"]["Base64UploadRequest"]["properties"]["base64_data"]["maxLength"] = 9
    assert project.diff()[0] == 1
    monkeypatch.setattr(compare, "compare_files", lambda _spec, _pages: iter(()))
    assert project.diff()[0] == 0


def test_without_the_files_facts_a_changed_limit_goes_unseen(
    tmp_path: Path, compare: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    import upstream_spec  # noqa: PLC0415 - a script, imported from its folder (on the path: `compare`)

    def changed(project: Project) -> int:
        project.spec["components"]["x-evolink-files"]["quota-files"]["value"] = 3000
        return project.diff()[0]

    (tmp_path / "with").mkdir()
    (tmp_path / "without").mkdir()
    assert changed(with_files(Project(tmp_path / "with")).synced()) == 1
    monkeypatch.setattr(upstream_spec, "files_facts", lambda _spec: iter(()))
    assert changed(with_files(Project(tmp_path / "without")).synced()) == 0


def test_without_the_file_pages_a_changed_page_goes_unseen(
    project: Project, compare: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tree reader is what finds the file pages: a page it did not read could change unseen."""
    import upstream_pages  # noqa: PLC0415 - a script, imported from its folder (on the path: `compare`)

    upload_request(project)["properties"]["base64_data"]["maxLength"] = 1000
    assert "maxLength" in project.diff(docs=True)[1]
    monkeypatch.setattr(upstream_pages, "FILE_PAGES", "en/api-manual/no-such-series")
    assert "maxLength" not in project.diff(docs=True)[1]
