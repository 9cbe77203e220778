"""The error codes' facts (D50-D52): in the spec, compiled into the catalogue's constants, held by upstream-diff.

A task error code says whether a new task can help and what kind of failure it is; an HTTP code may say that moderation
refused the request; a 402's code says which limit ran out. The codes the error codes page lists are read from the lock
(openapi/upstream.lock.json), never from a docs tree.
"""

from __future__ import annotations

import copy
import json
import re
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml
from evolink_images._error_codes import UNKNOWN_ERROR_CODE, task_error_fact
from evolink_images._presets import CREDIT_LIMIT_CODES, MODERATION_HTTP_CODES, TASK_ERROR_CODES, ErrorCodeFact

from tests.upstream_fixture import ERRORS, MODERATION_ROW, SCRIPTS, Project

ROOT = Path(__file__).resolve().parent.parent
SPEC = yaml.safe_load((ROOT / "openapi" / "evolink-images.yaml").read_text(encoding="utf-8"))
LOCK = json.loads((ROOT / "openapi" / "upstream.lock.json").read_text(encoding="utf-8"))
ERRORS_PAGE = "en/api-manual/task-management/error-codes.mdx"


@pytest.fixture(scope="module")
def catalogue() -> Any:
    sys.path.insert(0, str(SCRIPTS))
    import catalogue as module  # noqa: PLC0415 - a script, imported from its folder

    yield module
    sys.path.remove(str(SCRIPTS))


# ---------------------------------------------------------------------------------------------------- the catalogue
def test_every_code_the_error_codes_page_lists_has_its_facts() -> None:
    listed = LOCK["pages"][ERRORS_PAGE]["error_codes"]
    assert len(listed) == 13
    assert sorted(set(listed) - set(TASK_ERROR_CODES)) == []


@pytest.mark.parametrize(
    ("code", "retry", "kind"),
    [
        ("content_policy_violation", False, "moderation"),
        ("invalid_parameters", False, "input"),
        ("resource_not_found", False, "input"),
        ("service_error", True, "transient"),
        ("quota_exceeded", True, "transient"),
        ("generation_failed_no_content", None, "disputed"),
        ("request_cancelled", None, "disputed"),
        ("unknown_error", None, "disputed"),
        ("model_unavailable", True, "transient"),
        ("channel_timeout", True, "transient"),
        ("brand_new_code", None, "unknown"),
        (None, None, "unknown"),
    ],
)
def test_a_task_error_code_says_whether_a_new_task_helps(code: str | None, retry: bool | None, kind: str) -> None:
    assert task_error_fact(code) == ErrorCodeFact(retry=retry, kind=kind)


def test_moderation_is_the_one_code_the_pages_use_for_a_refusal() -> None:
    assert [code for code, fact in TASK_ERROR_CODES.items() if fact.is_moderation] == ["content_policy_violation"]
    assert "content_policy_violation" in MODERATION_HTTP_CODES
    assert {
        "content_policy_violation", "content_filter", "sensitive_content", "moderation_blocked",
        "input_moderation_failed",
    } == MODERATION_HTTP_CODES  # fmt: skip


def test_each_402_code_names_its_limit_and_the_vague_ones_none() -> None:
    assert CREDIT_LIMIT_CODES["insufficient_user_quota"] == "account"
    assert CREDIT_LIMIT_CODES["insufficient_token_quota"] == "key_total"
    assert CREDIT_LIMIT_CODES["token_daily_quota_exceeded"] == "key_daily"
    assert "insufficient_quota" not in CREDIT_LIMIT_CODES and "quota_exceeded" not in CREDIT_LIMIT_CODES
    assert set(CREDIT_LIMIT_CODES.values()) == {"account", "key_total", "key_daily"}


def test_the_catalogue_is_what_the_spec_compiles_to(catalogue: Any) -> None:
    compiled = catalogue.compile_error_codes(SPEC)
    assert {code: ErrorCodeFact(**fact) for code, fact in compiled["task_error_codes"].items()} == TASK_ERROR_CODES
    assert frozenset(compiled["moderation_http_codes"]) == MODERATION_HTTP_CODES
    assert compiled["credit_limit_codes"] == dict(CREDIT_LIMIT_CODES)


@pytest.mark.parametrize(
    ("where", "change", "message"),
    [
        (("schemas", "TaskError", "x-evolink-task-error-codes"), {"service_error": {"retry": "maybe"}}, "retry is"),
        (("schemas", "TaskError", "x-evolink-task-error-codes"), {"x": {"retry": "no", "kind": "odd"}}, "kind one"),
        (("schemas", "ErrorDetail", "x-evolink-moderation-codes"), {"x": {"kind": "input"}}, "kind is moderation"),
        (("responses", "InsufficientQuota", "x-evolink-credit-limits"), {"x": {"limit": "wallet"}}, "limit is one"),
    ],
)
def test_the_catalogue_refuses_codes_it_cannot_read(
    catalogue: Any, where: tuple[str, ...], change: dict[str, Any], message: str
) -> None:
    document = copy.deepcopy(SPEC)
    node = document["components"]
    for key in where:
        node = node[key]
    node.update(change)
    with pytest.raises(catalogue.CatalogueError, match=re.escape(message)):
        catalogue.compile_error_codes(document)


def test_a_prefix_entry_stands_for_every_code_it_starts_and_without_it_they_are_unknown(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from evolink_images import _error_codes  # noqa: PLC0415 - patched

    assert task_error_fact("channel_overloaded").retry is True
    monkeypatch.setattr(_error_codes, "_PREFIXES", ())
    assert task_error_fact("channel_overloaded") == UNKNOWN_ERROR_CODE


# ---------------------------------------------------------------------------------------------------- upstream-diff
@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The fixture's spec and tree (its error codes page lists content_policy_violation), the lock recorded."""
    return Project(tmp_path).synced()


def task_codes(project: Project) -> dict[str, Any]:
    return project.spec["components"]["schemas"]["TaskError"]["x-evolink-task-error-codes"]


def test_the_lock_records_each_code_with_its_row(project: Project) -> None:
    lock = json.loads(project.lock_path.read_text(encoding="utf-8"))
    assert lock["pages"][ERRORS]["passages"][MODERATION_ROW] == [
        {
            "model": "TaskError",
            "field": "content_policy_violation",
            "fact": "x-evolink-task-error-codes",
            "value": {"kind": "moderation", "retry": "no"},
        }
    ]


def test_a_code_the_page_adds_without_facts_is_reported(project: Project) -> None:
    project.files[ERRORS] += "| `gpu_melted` | Worse |\n"
    status, output = project.diff(docs=True)
    assert status == 1
    assert 'TaskError.gpu_melted: error code without x-evolink-task-error-codes: ours none, docs "gpu_melted"' in output
    assert 'TaskError.code: error code the spec does not name: ours none, docs "gpu_melted"' in output


def test_a_reworded_row_is_reported_with_the_fact_on_it(project: Project) -> None:
    project.files[ERRORS] = project.files[ERRORS].replace("| Bad |", "| Refused |")
    status, output = project.diff(docs=True)
    assert status == 1
    assert "facts that depend on it: TaskError.content_policy_violation: x-evolink-task-error-codes" in output
    assert "TaskError.content_policy_violation: x-evolink-task-error-codes: passage not in the page's text" in output


def test_a_code_fact_changed_in_the_spec_alone_is_reported(project: Project) -> None:
    task_codes(project)["content_policy_violation"]["retry"] = "yes"
    status, output = project.diff()
    assert status == 1
    assert "TaskError.content_policy_violation: x-evolink-task-error-codes: ours" in output


def test_a_recorded_code_whose_value_moves_without_its_record_is_reported(project: Project) -> None:
    record = {"docs": None, "ours": {"limit": "account"}, "why": "no page names it"}
    limits = {"insufficient_user_quota": {"limit": "key_total", "x-evolink-upstream": record}}
    project.spec["components"].setdefault("responses", {})["InsufficientQuota"] = {"x-evolink-credit-limits": limits}
    status, output = project.diff()
    assert status == 1 and "records other `ours` than the value" in output


def test_without_the_code_facts_a_changed_fact_goes_unseen(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.syspath_prepend(str(SCRIPTS))
    import upstream_spec  # noqa: PLC0415 - a script, imported from its folder

    def changed(project: Project) -> int:
        task_codes(project)["content_policy_violation"]["retry"] = "yes"
        return project.diff()[0]

    (tmp_path / "with").mkdir()
    (tmp_path / "without").mkdir()
    assert changed(Project(tmp_path / "with").synced()) == 1
    monkeypatch.setattr(upstream_spec, "code_facts", lambda _spec: iter(()))
    assert changed(Project(tmp_path / "without").synced()) == 0
