"""`make upstream-diff` covers the credits page (en/api-manual/account-management/, D47) like the files service's pages.

The fixture's docs tree and spec gain the credits page and the getCredits operation (tests/upstream_fixture.py:
with_credits); each kind of drift, made in a copy of the tree or of the spec, is reported with the operation, the field
and both values, and exits 1. Nothing here reads the real spec or docs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.upstream_fixture import CREDITS, LIMITED, Project, with_credits


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The fixture's spec and docs tree with the credits read, the lock recorded from them."""
    return with_credits(Project(tmp_path)).synced()


def page_answer(project: Project, status: str) -> dict[str, Any]:
    return project.files[CREDITS]["paths"]["/v1/credits"]["get"]["responses"][status]["content"]["application/json"]


def spec_responses(project: Project) -> dict[str, Any]:
    return project.spec["paths"]["/v1/credits"]["get"]["responses"]


def reported(project: Project, expected: list[str], *, docs: bool) -> str:
    status, output = project.diff(docs=docs)
    assert status == 1, output
    for line in expected:
        assert line in output, f"{line!r} not in:\n{output}"
    return output


def test_the_unchanged_copy_reports_nothing_and_the_lock_holds_the_credits_page(project: Project) -> None:
    assert project.diff()[0] == 0
    status, output = project.diff(docs=True)
    assert (status, output.count("nothing to report")) == (0, 3), output
    page = json.loads(project.lock_path.read_text(encoding="utf-8"))["pages"][CREDITS]
    assert page["kind"] == "account"
    assert page["operations"]["GET /v1/credits"]["operation_id"] == "getCredits"
    assert page["operations"]["GET /v1/credits"]["responses"]["429"]["example"] == LIMITED


def test_a_response_field_the_docs_add_is_reported(project: Project) -> None:
    page_answer(project, "200")["schema"]["properties"]["data"]["properties"]["token"] = {"type": "object"}
    reported(
        project,
        [
            'getCredits.GET /v1/credits responses.200.data: token: lock none, docs {"type": "object"}',
            'getCredits.responses.200.data.token: field the spec does not have: ours none, docs {"type": "object"}',
        ],
        docs=True,
    )


def test_a_response_example_the_docs_change_is_reported(project: Project) -> None:
    page_answer(project, "200")["example"]["data"]["user"]["remaining_credits"] = 99.0
    reported(
        project,
        [
            "getCredits.responses.200: response example the spec does not have",
            "getCredits.responses.200: response example the docs do not give",
        ],
        docs=True,
    )


def test_an_error_type_the_docs_add_is_reported(project: Project) -> None:
    page_answer(project, "429")["example"]["error"]["type"] = "throttled_error"
    output = reported(project, ["getCredits.responses.429: error type the spec does not list"], docs=True)
    assert '"throttled_error"' in output


def test_an_error_code_the_spec_does_not_name_is_reported(project: Project) -> None:
    spec_responses(project)["429"]["description"] = "Too many requests"
    reported(project, ["getCredits.responses.429: error code: ours none, lock 429"], docs=False)


def test_a_status_the_docs_add_is_reported(project: Project) -> None:
    operation = project.files[CREDITS]["paths"]["/v1/credits"]["get"]
    operation["responses"]["503"] = {"description": "Unavailable"}
    reported(project, ['getCredits.responses.503: status the spec does not have: ours none, docs "503"'], docs=True)


def test_a_response_example_the_spec_drops_is_reported(project: Project) -> None:
    del spec_responses(project)["200"]["content"]["application/json"]["example"]
    reported(
        project, ["getCredits.responses.200: response example the spec does not have: ours none, lock"], docs=False
    )


def test_the_credits_page_removed_is_reported(project: Project) -> None:
    del project.files[CREDITS]
    reported(
        project,
        [
            f'getCredits: page removed: lock "{CREDITS}", docs none',
            f'getCredits: x-evolink-source: a page the docs do not have: ours "{CREDITS}", docs none',
        ],
        docs=True,
    )


def test_another_account_page_is_reported(project: Project) -> None:
    page = json.loads(json.dumps(project.files[CREDITS]).replace("/v1/credits", "/v1/usage"))
    page["paths"]["/v1/usage"]["get"]["operationId"] = "getUsage"
    project.files["en/api-manual/account-management/get-usage.json"] = page
    reported(
        project,
        ["getUsage: page added", 'getUsage: operation the spec does not have: ours none, docs "GET /v1/usage"'],
        docs=True,
    )


# ---------------------------------------------------------------------------------------------------- companions
def test_without_the_account_pages_a_changed_page_goes_unseen(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The tree reader is what finds the account pages: a page it did not read could change unseen."""
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent / "scripts"))
    import upstream_pages  # noqa: PLC0415 - a script, imported from its folder

    page_answer(project, "200")["schema"]["properties"]["data"]["properties"]["token"] = {"type": "object"}
    assert "data.token" in project.diff(docs=True)[1]
    monkeypatch.setattr(upstream_pages, "ACCOUNT_PAGES", "en/api-manual/no-such-series")
    assert "data.token" not in project.diff(docs=True)[1]


def test_without_the_example_check_a_changed_example_goes_unseen(
    project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.syspath_prepend(str(Path(__file__).resolve().parent.parent / "scripts"))
    import upstream_compare  # noqa: PLC0415 - a script, imported from its folder

    del spec_responses(project)["200"]["content"]["application/json"]["example"]
    assert project.diff()[0] == 1
    monkeypatch.setattr(upstream_compare, "_answer_examples", lambda _answer: [])
    assert project.diff()[0] == 0
