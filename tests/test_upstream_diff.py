"""`make upstream-diff` has no blind spot: each kind of drift the issue lists, changed in a copy of a small docs tree
or of a small spec (tests/upstream_fixture.py), is reported with the model, the field and both values, and exits 1;
the unchanged copy exits 0. `upstream-diff` alone holds the spec to the lock; with DOCS= it also holds the lock to
the tree, page by page."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.upstream_fixture import (
    CALLBACK,
    CALLBACK_TWO,
    FORMER,
    GRID,
    LIFETIME,
    ONE,
    REFERENCES,
    ROOT,
    SCRIPTS,
    TASK,
    TWO,
    Project,
)


@pytest.fixture
def project(tmp_path: Path) -> Project:
    """The fixture's spec and docs tree, with the lock recorded from them."""
    return Project(tmp_path).synced()


def at(document: Any, *path: str | int) -> Any:
    for key in path:
        document = document[key]
    return document


def one_request(project: Project) -> dict[str, Any]:
    return at(project.files[ONE], "components", "schemas", "ImageGenerationRequest", "properties")


def acme_one(project: Project) -> dict[str, Any]:
    return at(project.spec, "components", "schemas", "AcmeOne")


def reported(project: Project, expected: list[str], *, docs: bool) -> str:
    status, output = project.diff(docs=docs)
    assert status == 1, output
    for line in expected:
        assert line in output, f"{line!r} not in:\n{output}"
    return output


def test_the_unchanged_copy_reports_nothing(project: Project) -> None:
    assert project.diff() == (0, "upstream-diff: spec.yaml against the lock (upstream.lock.json): nothing to report\n")
    status, output = project.diff(docs=True)
    assert status == 0, output
    assert output.count("nothing to report") == 3


# ---------------------------------------------------------------------------------------------------- 1. prose
def test_a_changed_passage_is_reported_with_the_facts_that_depend_on_it(project: Project) -> None:
    images = one_request(project)["image_urls"]
    images["description"] = images["description"].replace("`3`", "`5`")
    reported(
        project,
        [
            f'passage: lock "{REFERENCES}", docs "At most `5` reference images per request."',
            'facts that depend on it: acme-one.image_urls: x-evolink-upstream maxItems = {"docs": null, "ours": 3}',
            "ImageGenerationRequest.image_urls.description: text:",
            "acme-one.image_urls: x-evolink-upstream maxItems: passage not in the page's text",
        ],
        docs=True,
    )


def test_a_vanished_passage_names_the_model_fact_it_carried(project: Project) -> None:
    operation = at(project.files[ONE], "paths", "/v1/images/generations", "post")
    operation["description"] = "- Acme One makes images"
    reported(
        project,
        [
            f'passage: lock "{LIFETIME}", docs none',
            "acme-one: x-evolink-result-lifetime = 86400",
            f'acme-one: x-evolink-result-lifetime: passage not in the page\'s text: ours "{LIFETIME}"',
        ],
        docs=True,
    )


def test_prose_added_anywhere_on_a_page_is_reported(project: Project) -> None:
    project.files[ONE.replace(".json", ".mdx")] += "\n\nAt most 2 tasks at a time per key."
    reported(project, ['acme-one.mdx: text: lock none, docs "At most 2 tasks at a time per key."'], docs=True)


def test_a_prose_fact_without_its_passage_is_listed(project: Project) -> None:
    del acme_one(project)["x-evolink-passages"]["images"]
    reported(project, ["acme-one: x-evolink-images: no passage: ours 4"], docs=False)


def test_a_cited_passage_the_page_does_not_hold_is_reported(project: Project) -> None:
    acme_one(project)["x-evolink-passages"]["images"] = "Each task makes `24` images."
    reported(project, ["acme-one: x-evolink-images: passage not in the page's text", GRID], docs=False)


# -------------------------------------------------------------------------------------------- 2. the spec's facts
@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            lambda spec: at(spec, "properties", "image_urls", "x-evolink-rules", 0).update({"max-mb": 20}),
            'acme-one.image_urls: rule image-size: ours {"check": "api-only", "max-mb": 20, "name": "image-size"}, '
            'lock {"check": "api-only", "max-mb": 10, "name": "image-size"}',
        ),
        (lambda spec: spec.update({"x-evolink-images": 24}), "acme-one: x-evolink-images: ours 24, lock 4"),
        (lambda spec: spec.update({"x-evolink-typical-seconds": 45}), "x-evolink-typical-seconds: ours 45, lock 30"),
        (lambda spec: spec.update({"x-evolink-credits-per-image": 3}), "x-evolink-credits-per-image: ours 3, lock 2.5"),
        (
            lambda spec: spec.update({"x-evolink-result-lifetime": 2592000}),
            "acme-one: x-evolink-result-lifetime: ours 2592000, lock 86400",
        ),
    ],
    ids=["rule-limit", "images", "typical-seconds", "credits", "link-lifetime"],
)
def test_a_fact_of_the_spec_changed_without_reconciling_is_reported(
    project: Project, change: Callable[[dict[str, Any]], None], expected: str
) -> None:
    change(acme_one(project))
    reported(project, [expected], docs=False)


def test_typical_seconds_and_credits_are_held_to_the_page_s_response_example(project: Project) -> None:
    acme_one(project)["x-evolink-typical-seconds"] = 45
    status, output = project.sync()
    assert status == 1, output
    assert "acme-one: x-evolink-typical-seconds: ours 45, docs 30" in output


# ------------------------------------------------------------------------------------------- 3. recorded keywords
def test_a_recorded_keyword_whose_spec_value_changes_is_reported(project: Project) -> None:
    acme_one(project)["properties"]["image_urls"]["maxItems"] = 2
    reported(
        project,
        ["acme-one.image_urls: maxItems: ours 2, lock none (x-evolink-upstream records ours 3: the spec changed it)"],
        docs=False,
    )


def test_a_recorded_keyword_changed_with_its_record_is_still_reported(project: Project) -> None:
    images = acme_one(project)["properties"]["image_urls"]
    images["maxItems"] = 2
    images["x-evolink-upstream"]["maxItems"]["ours"] = 2
    reported(
        project,
        ['image_urls: x-evolink-upstream maxItems: ours {"docs": null, "ours": 2}, lock {"docs": null, "ours": 3}'],
        docs=False,
    )


def test_a_recorded_keyword_the_docs_change_is_reported(project: Project) -> None:
    one_request(project)["image_urls"]["maxItems"] = 5
    reported(
        project,
        [
            "acme-one.image_urls: maxItems: lock none, docs 5",
            "acme-one.image_urls: maxItems: ours 3, docs 5 (x-evolink-upstream records docs none: the docs changed it)",
        ],
        docs=True,
    )


def test_a_record_without_ours_is_refused(project: Project) -> None:
    del acme_one(project)["properties"]["image_urls"]["x-evolink-upstream"]["maxItems"]["ours"]
    reported(
        project,
        ["acme-one.image_urls: maxItems: ours 3, lock none (its x-evolink-upstream entry has no `ours`"],
        docs=False,
    )


# ---------------------------------------------------------------------------------------------------- 4. branches
def test_a_oneof_branch_deleted_from_the_spec_is_reported(project: Project) -> None:
    del acme_one(project)["properties"]["model_params"]["properties"]["mask"]["oneOf"][1]
    reported(
        project,
        ['acme-one.model_params.mask.oneOf[1]: branch the spec does not have: ours none, lock {"properties": {"url"'],
        docs=False,
    )


def test_a_oneof_branch_deleted_from_the_docs_is_reported(project: Project) -> None:
    del one_request(project)["model_params"]["properties"]["mask"]["oneOf"][1]
    reported(
        project, ['acme-one.model_params.mask.oneOf[1]: branch the docs do not have: lock {"properties"'], docs=True
    )


def test_a_change_inside_a_branch_is_reported(project: Project) -> None:
    url = one_request(project)["model_params"]["properties"]["mask"]["oneOf"][1]["properties"]["url"]
    url["maxLength"] = 2048
    reported(project, ["acme-one.model_params.mask.oneOf[1].url: maxLength: lock none, docs 2048"], docs=True)


# ---------------------------------------------------------------------------------------------------- 5. every keyword
def test_uniqueitems_added_by_the_docs_is_reported(project: Project) -> None:
    one_request(project)["image_urls"]["uniqueItems"] = True
    reported(
        project,
        [
            "acme-one.image_urls: uniqueItems: lock none, docs true",
            "acme-one.image_urls: uniqueItems: ours none, docs true",
        ],
        docs=True,
    )


def test_multipleof_added_by_the_spec_is_reported(project: Project) -> None:
    acme_one(project)["properties"]["n"]["multipleOf"] = 2
    reported(project, ["acme-one.n: multipleOf: ours 2, lock none"], docs=False)


def test_additional_properties_opened_in_the_spec_is_reported(project: Project) -> None:
    del acme_one(project)["properties"]["model_params"]["additionalProperties"]
    reported(
        project,
        ["acme-one.model_params: additionalProperties: ours none, lock none (x-evolink-upstream records ours false"],
        docs=False,
    )


def test_additional_properties_set_by_the_docs_is_reported(project: Project) -> None:
    at(project.files[ONE], "components", "schemas", "ImageGenerationRequest")["additionalProperties"] = True
    reported(
        project,
        [
            "acme-one: additionalProperties: lock none, docs true",
            "acme-one: additionalProperties: ours false, docs true (x-evolink-upstream records docs none",
        ],
        docs=True,
    )


# ---------------------------------------------------------------------------------------------------- 6. examples
def test_a_request_example_changed_by_the_docs_is_reported(project: Project) -> None:
    at(
        project.files[ONE],
        "paths",
        "/v1/images/generations",
        "post",
        "requestBody",
        "content",
        "application/json",
        "examples",
        "wide",
        "value",
    )["size"] = "1:1"
    reported(
        project,
        [
            'acme-one.examples.wide: request example: lock {"model": "acme-one", "prompt": "A dog", "size": "16:9"}, '
            'docs {"model": "acme-one", "prompt": "A dog", "size": "1:1"}',
            'acme-one: example the spec does not have: ours none, docs {"model": "acme-one", "prompt": "A dog", '
            '"size": "1:1"}',
        ],
        docs=True,
    )


def test_a_request_example_changed_in_the_spec_is_reported(project: Project) -> None:
    acme_one(project)["examples"][1]["size"] = "1:1"
    expected = 'acme-one: example the docs do not give: ours {"model": "acme-one", "prompt": "A dog", "size": "1:1"}'
    reported(project, [f"{expected}, lock none"], docs=False)


# ---------------------------------------------------------------------------------------------------- 7. responses
def _error_example(project: Project, status: str) -> dict[str, Any]:
    return at(
        project.files[ONE],
        "paths",
        "/v1/images/generations",
        "post",
        "responses",
        status,
        "content",
        "application/json",
        "example",
        "error",
    )


def test_an_error_code_changed_by_the_docs_is_reported(project: Project) -> None:
    _error_example(project, "400")["code"] = "bad_request"
    reported(
        project,
        [
            'acme-one.responses.400.example.error: code: lock "invalid_request", docs "bad_request"',
            'acme-one.responses.400: error code: ours none, docs "bad_request"',
        ],
        docs=True,
    )


def test_a_status_the_docs_add_is_reported(project: Project) -> None:
    responses = at(project.files[ONE], "paths", "/v1/images/generations", "post", "responses")
    responses["409"] = {"description": "Conflict"}
    reported(project, ['acme-one.responses.409: status the spec does not have: ours none, docs "409"'], docs=True)


def test_a_status_the_spec_drops_is_reported(project: Project) -> None:
    del project.spec["paths"]["/v1/images/generations"]["post"]["responses"]["402"]
    reported(project, ['responses.402: status the spec does not have: ours none, lock "402"'], docs=False)


def test_a_task_page_field_is_reported(project: Project) -> None:
    fields = at(project.files[TASK], "components", "schemas", "TaskDetailResponse", "properties")
    fields["eta"] = {"type": "integer"}
    reported(
        project,
        [
            'task.responses.200: eta: lock none, docs {"type": "integer"}',
            'task.responses.200.eta: field the spec does not have: ours none, docs {"type": "integer"}',
        ],
        docs=True,
    )


def test_a_task_field_the_spec_drops_is_reported(project: Project) -> None:
    del project.spec["components"]["schemas"]["TaskDetail"]["properties"]["results"]
    reported(project, ["task.responses.200.results: field the spec does not have"], docs=False)


def test_a_billing_rule_and_a_task_error_code_the_docs_add_are_reported(project: Project) -> None:
    rule = at(
        project.files[ONE],
        "components",
        "schemas",
        "ImageGenerationResponse",
        "properties",
        "usage",
        "properties",
        "billing_rule",
    )
    rule["enum"].append("per_pixel")
    project.files["en/api-manual/task-management/error-codes.mdx"] += "| `model_overloaded` | Busy |\n"
    reported(
        project,
        [
            'acme-one.responses.200.usage.billing_rule: values the spec does not list: ours ["per_call", "per_image"], '
            'docs ["per_pixel"]',
            'TaskError.code: error code the spec does not name: ours none, docs "model_overloaded"',
        ],
        docs=True,
    )


# ---------------------------------------------------------------------------------------------------- pages
def test_a_page_added_nested_deep_is_a_model_the_spec_lacks(project: Project) -> None:
    page = json.loads(json.dumps(project.files[TWO]).replace("acme-two", "acme-three"))
    new = "en/api-manual/image-series/acme/acme-3/beta/preview/acme-three.json"
    project.files[new] = page
    reported(
        project,
        [
            f'acme-three: page added: lock none, docs "{new}"',
            f'acme-three: model the spec does not have: ours none, docs "{new}"',
        ],
        docs=True,
    )


def test_a_page_moved_is_reported_and_followed(project: Project) -> None:
    moved = "en/api-manual/image-series/acme/v1/acme-one.json"
    project.files[moved] = project.files.pop(ONE)
    project.files[moved.replace(".json", ".mdx")] = project.files.pop(ONE.replace(".json", ".mdx"))
    reported(
        project,
        [
            f'acme-one: page moved: lock "{ONE}", docs "{moved}"',
            f'acme-one: x-evolink-source: the page moved: ours "{ONE}", docs "{moved}"',
        ],
        docs=True,
    )


def test_a_page_removed_is_reported(project: Project) -> None:
    del project.files[TWO]
    reported(
        project,
        [
            f'acme-two: page removed: lock "{TWO}", docs none',
            f'acme-two: x-evolink-source: a page the docs do not have: ours "{TWO}"',
        ],
        docs=True,
    )


def test_a_page_s_new_commit_is_reported(project: Project) -> None:
    project.commits[ONE] = "53b478cd9a70e874db6ca8aa5715459e7848304e"
    reported(
        project,
        [
            f'acme-one.{ONE}: commit: lock "a301c93a5e39b3543ab7eb307696eeb5487c0e31", docs "53b478cd',
            'acme-one: x-evolink-source commit: ours "a301c93", docs "53b478cd"',
        ],
        docs=True,
    )


def two_request(project: Project) -> dict[str, Any]:
    return at(project.files[TWO], "components", "schemas", "ImageGenerationRequest", "properties")


def acme_two(project: Project) -> dict[str, Any]:
    return at(project.spec, "components", "schemas", "AcmeTwo")


def test_a_callback_passage_is_checked_on_each_model_page(project: Project) -> None:
    callback = one_request(project)["callback_url"]
    callback["description"] = "HTTPS only. Private addresses are refused."
    expected = "acme-one.callback_url: rule callback-public-host: passage not in the page's text"
    output = reported(project, [f'{expected}: ours ["{CALLBACK}", "{CALLBACK_TWO}"]'], docs=True)
    assert "acme-two.callback_url" not in output, "acme-two's page still holds its wording"


def test_a_shared_passage_is_held_to_each_model_s_own_page(project: Project) -> None:
    # acme-one's page words the callback rule one way, acme-two's another: each is held to its own page.
    callback = two_request(project)["callback_url"]
    callback["description"] = callback["description"].replace(CALLBACK_TWO, CALLBACK)
    reported(
        project,
        [
            f'acme-two.callback_url: passage: lock "{CALLBACK_TWO}", docs "{CALLBACK}',
            f'rule callback-public-host: passage: ours "{CALLBACK_TWO}", docs none (a wording that no page',
        ],
        docs=True,
    )


def test_a_shared_passage_s_wording_is_recorded_per_page_in_the_lock(project: Project) -> None:
    pages = json.loads(project.lock_path.read_text(encoding="utf-8"))["pages"]
    assert pages[ONE]["passages"][CALLBACK][0]["model"] == "acme-one"
    assert pages[TWO]["passages"][CALLBACK_TWO][0]["model"] == "acme-two"


UNSTATED = {
    "docs": None,
    "ours": {"name": "callback-public-host", "check": "public-https-url"},
    "why": "the page states no restriction; every other page of the API does",
}


def unstated_callback(project: Project) -> dict[str, Any]:
    """acme-two's page no longer words the callback rule, and its field records that (beside the shared $ref)."""
    two_request(project)["callback_url"]["description"] = "Callback URL for task completion"
    rule = project.spec["components"]["schemas"]["CallbackUrl"]["x-evolink-rules"][0]
    rule["passage"] = [CALLBACK]  # the wording of acme-two's page is on no page now
    field = acme_two(project)["properties"]["callback_url"]
    field["x-evolink-upstream"] = {"rule callback-public-host": dict(UNSTATED)}
    return field


def test_a_rule_its_page_does_not_state_is_reported_until_recorded(project: Project) -> None:
    two_request(project)["callback_url"]["description"] = "Callback URL for task completion"
    reported(project, ["acme-two.callback_url: rule callback-public-host: passage not in the page's text"], docs=True)
    unstated_callback(project)
    status, output = project.sync()
    assert status == 0, output
    assert project.diff(docs=True)[0] == 0


def test_a_recorded_unstated_rule_is_reported_when_the_rule_changes(project: Project) -> None:
    unstated_callback(project)
    assert project.sync()[0] == 0
    callback = project.spec["components"]["schemas"]["CallbackUrl"]["x-evolink-rules"][0]
    callback["check"] = "fetchable-url"
    reported(
        project,
        [
            "acme-two.callback_url: rule callback-public-host: ours "
            '{"check": "fetchable-url", "name": "callback-public-host"}, lock none '
            "(the record x-evolink-upstream `rule callback-public-host` records other `ours`)",
        ],
        docs=False,
    )


def test_a_recorded_unstated_rule_is_reported_when_the_page_states_it(project: Project) -> None:
    unstated_callback(project)
    assert project.sync()[0] == 0
    two_request(project)["callback_url"]["description"] = f"HTTPS only. {CALLBACK}"
    reported(
        project,
        [
            "acme-two.callback_url: rule callback-public-host: passage now on the page: "
            f'ours none, docs "{CALLBACK}" (x-evolink-upstream records that its page does not state it',
        ],
        docs=True,
    )


def test_a_record_of_a_rule_the_field_does_not_have_is_reported(project: Project) -> None:
    unstated_callback(project)["x-evolink-upstream"]["rule callback-private-host"] = dict(UNSTATED)
    reported(
        project,
        ["x-evolink-upstream rule callback-private-host: ours", "names a rule this field does not have"],
        docs=True,
    )


# ------------------------------------------------------------------------------------- the model field: former ids
def test_a_former_id_record_whose_ours_changes_is_reported(project: Project) -> None:
    acme_two(project)["properties"]["model"]["x-evolink-upstream"]["enum"]["ours"] = ["acme-two"]
    reported(
        project,
        [
            'acme-two.model: enum: ours ["acme-two", "acme-zero"], lock ["acme-two"] '
            '(x-evolink-upstream records ours ["acme-two"]: the spec changed it)',
            'acme-two.model: x-evolink-upstream enum: ours {"docs": ["acme-two"], "ours": ["acme-two"]}',
        ],
        docs=False,
    )


def test_a_former_id_dropped_from_the_spec_is_reported(project: Project) -> None:
    acme_two(project)["properties"]["model"]["enum"] = ["acme-two"]
    del project.spec["components"]["schemas"]["ImageGenerationRequest"]["discriminator"]["mapping"]["acme-zero"]
    reported(
        project,
        ['acme-two.model: enum: ours ["acme-two"], lock ["acme-two"] (x-evolink-upstream records ours ["acme-two", "a'],
        docs=False,
    )


def test_a_former_id_the_docs_now_list_is_reported(project: Project) -> None:
    two_request(project)["model"]["enum"] = ["acme-two", "acme-zero"]
    reported(
        project,
        [
            'acme-two: model ids: lock ["acme-two"], docs ["acme-two", "acme-zero"]',
            'acme-two.model: enum: ours ["acme-two", "acme-zero"], docs ["acme-two", "acme-zero"] '
            '(x-evolink-upstream records docs ["acme-two"]: the docs changed it)',
        ],
        docs=True,
    )


def test_a_former_id_passage_the_docs_drop_is_reported_with_its_record(project: Project) -> None:
    description = at(project.files[TWO], "paths", "/v1/images/generations", "post")
    description["description"] = f"- {LIFETIME}"
    reported(
        project,
        [
            f'passage: lock "{FORMER}", docs none (facts that depend on it: acme-two.model: x-evolink-upstream enum',
            "acme-two.model: x-evolink-upstream enum: passage not in the page's text",
        ],
        docs=True,
    )


# ---------------------------------------------------------------------------------------------------- 8. make test
def offline_diff_in(makefile: str) -> bool:
    """Whether `make test` runs upstream_diff.py without DOCS, in its recipe or through a prerequisite's."""
    recipes = dict(re.findall(r"^([a-zA-Z_-]+):[^\n]*\n((?:\t[^\n]*\n?)*)", makefile, re.MULTILINE))
    test = re.search(r"^test:([^#\n]*)", makefile, re.MULTILINE)
    if test is None:
        return False
    lines = [line for name in ["test", *test.group(1).split()] for line in recipes.get(name, "").splitlines()]
    return any("scripts/upstream_diff.py" in line and "--docs" not in line and "--sync" not in line for line in lines)


def test_make_test_runs_the_offline_diff() -> None:
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert offline_diff_in(makefile)
    without = "\n".join(line for line in makefile.splitlines() if "scripts/upstream_diff.py\n" not in line + "\n")
    assert not offline_diff_in(without), "the check must fail on a Makefile whose test target skips the diff"


def test_the_make_targets_run_the_script_with_and_without_docs() -> None:
    def dry(*args: str) -> str:
        command = ["make", "-n", "--no-print-directory", *args]
        return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False, timeout=60).stdout

    assert re.search(r"scripts/upstream_diff\.py\s*$", dry("upstream-diff"), re.MULTILINE)
    assert 'scripts/upstream_diff.py --docs "/x"' in dry("upstream-diff", "DOCS=/x")
    assert 'scripts/upstream_diff.py --sync --docs "/x"' in dry("upstream-sync", "DOCS=/x")


# ---------------------------------------------------------------------------------------------------- errors
def test_no_lock_is_a_clear_error(tmp_path: Path) -> None:
    status, output = Project(tmp_path).diff()
    assert status == 2
    assert "make upstream-sync DOCS=" in output


def test_a_folder_that_is_not_the_docs_is_a_clear_error(project: Project, tmp_path: Path) -> None:
    status, output = project.run("--docs", str(tmp_path / "nowhere"))
    assert status == 2
    assert "a checkout of the docs repository?" in output


def test_the_script_runs_on_its_own(project: Project) -> None:
    result = subprocess.run(
        [
            sys.executable,
            str(SCRIPTS / "upstream_diff.py"),
            "--spec",
            str(project.spec_path),
            "--lock",
            str(project.lock_path),
        ],
        capture_output=True,
        text=True,
        check=False,
        timeout=120,
    )
    assert (result.returncode, result.stderr) == (0, ""), result.stdout


def test_a_model_fact_the_docs_do_not_state_is_a_recorded_difference(project: Project) -> None:
    acme = acme_one(project)
    del acme["x-evolink-passages"]["images"]
    acme["x-evolink-upstream"] = {"images": {"docs": None, "ours": 4, "why": "our reading: no page says"}}
    assert project.sync()[0] == 0
    acme["x-evolink-images"] = 5
    reported(project, ["acme-one: x-evolink-images: ours 5, lock none (x-evolink-upstream records ours 4"], docs=False)


def test_without_a_lock_docs_still_shows_what_the_spec_disagrees_with(tmp_path: Path) -> None:
    project = Project(tmp_path)
    one_request(project)["n"]["maximum"] = 6
    status, output = project.diff(docs=True)
    assert status == 1, output
    assert "no readable lock" in output
    assert "acme-one.n: maximum: ours 4, docs 6" in output
