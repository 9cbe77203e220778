"""`make upstream-sync DOCS=<tree>` records the lock only once the spec agrees with the tree, and the lock holds what
an offline comparison needs: each page's commit, request schema, examples, responses and text, and each passage the
spec cites with the facts that depend on it. Companion tests take a comparison away and show a blind spot return."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.upstream_fixture import CALLBACK, COMMIT, GRID, ONE, REFERENCES, SCRIPTS, TWO, Project


def test_sync_refuses_while_the_spec_disagrees_and_writes_once_it_agrees(tmp_path: Path) -> None:
    project = Project(tmp_path).synced()
    before = project.lock_path.read_bytes()
    request = project.files[ONE]["components"]["schemas"]["ImageGenerationRequest"]["properties"]
    request["n"]["maximum"] = 6
    status, output = project.sync()
    assert status == 1, output
    assert "acme-one.n: maximum: ours 4, docs 6" in output
    assert "upstream-sync: refused: the spec still disagrees" in output
    assert project.lock_path.read_bytes() == before, "a refused sync must leave the lock alone"
    assert project.diff(docs=True)[0] == 1
    project.spec["components"]["schemas"]["AcmeOne"]["properties"]["n"]["maximum"] = 6
    assert project.diff()[0] == 1, "the spec now differs from the lock: reported until the lock is recorded"
    status, output = project.sync()
    assert status == 0, output
    assert "1 change(s) of the docs" in output
    assert project.diff(docs=True)[0] == 0
    assert project.diff()[0] == 0


def test_the_lock_is_deterministic(tmp_path: Path) -> None:
    project = Project(tmp_path).synced()
    first = project.lock_path.read_bytes()
    project.synced()
    assert project.lock_path.read_bytes() == first
    lock = json.loads(first)
    assert list(lock) == sorted(lock)
    assert first.endswith(b"}\n")


def test_the_lock_holds_the_pages_content_and_the_passages_with_their_facts(tmp_path: Path) -> None:
    lock = json.loads(Project(tmp_path).synced().lock_path.read_text(encoding="utf-8"))
    assert sorted(lock["pages"]) == sorted(
        [
            ONE,
            TWO,
            "en/api-manual/task-management/error-codes.mdx",
            "en/api-manual/task-management/get-task-detail.json",
        ]
    )
    one = lock["pages"][ONE]
    assert one["commit"] == COMMIT
    assert one["files"][ONE.replace(".json", ".mdx")]["commit"] == COMMIT
    assert one["request"]["properties"]["n"] == {"type": "integer", "minimum": 1, "maximum": 4}  # inlined, no prose
    assert one["examples"]["wide"] == {"model": "acme-one", "prompt": "A dog", "size": "16:9"}
    assert one["responses"]["400"]["example"]["error"]["code"] == "invalid_request"
    assert one["responses"]["200"]["schema"]["properties"]["task_info"]["properties"]["estimated_time"]["example"] == 30
    assert ["ImageGenerationRequest.n.description", f"{GRID} More cost more."] in one["text"]
    assert one["passages"][GRID] == [{"model": "acme-one", "field": "", "fact": "x-evolink-images", "value": 4}]
    assert one["passages"][REFERENCES] == [
        {
            "model": "acme-one",
            "field": "image_urls",
            "fact": "x-evolink-upstream maxItems",
            "value": {"docs": None, "ours": 3},
        },
    ]
    assert lock["pages"]["en/api-manual/task-management/error-codes.mdx"]["error_codes"] == ["content_policy_violation"]
    assert {"model": "acme-two", "field": "", "fact": "x-evolink-typical-seconds", "value": 30} in lock["facts"]


def test_commits_come_from_git_without_a_manifest(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.commits = None  # no MANIFEST.tsv
    project.write()
    git = ["git", "-C", str(project.docs), "-c", "user.name=t", "-c", "user.email=t@example.com"]
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "docs"]):
        subprocess.run([*git, *args], check=True, capture_output=True)
    head = subprocess.run([*git, "rev-parse", "HEAD"], check=True, capture_output=True, text=True).stdout.strip()
    project.spec["components"]["schemas"]["AcmeOne"]["x-evolink-source"] = f"{ONE} @ {head[:8]}"
    project.spec["components"]["schemas"]["AcmeTwo"]["x-evolink-source"] = f"{TWO} @ {head[:8]}"
    project.keep_docs = True
    status, output = project.sync()
    assert status == 0, output
    assert json.loads(project.lock_path.read_text(encoding="utf-8"))["pages"][ONE]["commit"] == head


def test_a_commit_is_unknown_without_a_manifest_or_git(tmp_path: Path) -> None:
    project = Project(tmp_path)
    project.commits = None
    status, output = project.sync()
    assert status == 0, output
    assert json.loads(project.lock_path.read_text(encoding="utf-8"))["pages"][ONE]["commit"] == "unknown"


# ---------------------------------------------------------------------------------------------------- companions
@pytest.fixture
def scripts(monkeypatch: pytest.MonkeyPatch) -> object:
    """The scripts' modules, importable (and patchable) in this process."""
    monkeypatch.syspath_prepend(str(SCRIPTS))
    import upstream_diff  # noqa: PLC0415 - a script, imported from its folder

    return sys.modules[upstream_diff.__name__]


def test_without_the_fact_comparison_a_changed_fact_goes_unseen(
    tmp_path: Path, scripts: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    project = Project(tmp_path).synced()
    project.spec["components"]["schemas"]["AcmeOne"]["x-evolink-images"] = 24
    assert project.diff()[0] == 1
    monkeypatch.setattr(scripts, "compare_facts", lambda _spec, _lock: iter(()))
    assert project.diff()[0] == 0


def test_without_the_branch_comparison_a_deleted_branch_goes_unseen(
    tmp_path: Path, scripts: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import upstream_compare  # noqa: PLC0415

    project = Project(tmp_path).synced()
    del project.spec["components"]["schemas"]["AcmeOne"]["properties"]["model_params"]["properties"]["mask"]["oneOf"][1]
    assert project.diff()[0] == 1
    monkeypatch.setattr(upstream_compare.SchemaWalk, "branches", lambda *_args: iter(()))
    assert project.diff()[0] == 0


def test_without_the_passage_check_a_changed_passage_goes_unseen(
    tmp_path: Path, scripts: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import upstream_lock  # noqa: PLC0415

    project = Project(tmp_path).synced()
    images = project.files[ONE]["components"]["schemas"]["ImageGenerationRequest"]["properties"]["image_urls"]
    images["description"] = images["description"].replace("`3`", "`5`")
    status, output = project.diff(docs=True)
    assert "passage: lock" in output
    monkeypatch.setattr(upstream_lock, "passages_lost", lambda *_args: iter(()))
    status, output = project.diff(docs=True)
    assert "passage: lock" not in output
    assert status == 1, "the text change itself is still reported"


def test_without_the_recorded_ours_check_a_changed_value_goes_unseen(
    tmp_path: Path, scripts: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import upstream_compare  # noqa: PLC0415

    project = Project(tmp_path).synced()
    project.spec["components"]["schemas"]["AcmeOne"]["properties"]["image_urls"]["maxItems"] = 2
    assert project.diff()[0] == 1
    original = upstream_compare.SchemaWalk.value

    def forgetful(self: object, path: str, keyword: str, mine: object, docs: object, entry: object) -> object:
        if isinstance(entry, dict) and "ours" in entry:
            entry = {**entry, "ours": mine}
        return original(self, path, keyword, mine, docs, entry)  # type: ignore[arg-type]

    monkeypatch.setattr(upstream_compare.SchemaWalk, "value", forgetful)
    assert project.diff()[0] == 0, "the record is unchanged, so only its `ours` sees the value move"


def test_without_the_model_id_comparison_a_dropped_former_id_goes_unseen(
    tmp_path: Path, scripts: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import upstream_compare  # noqa: PLC0415

    project = Project(tmp_path).synced()
    schemas = project.spec["components"]["schemas"]
    schemas["AcmeTwo"]["properties"]["model"]["enum"] = ["acme-two"]
    del schemas["ImageGenerationRequest"]["discriminator"]["mapping"]["acme-zero"]
    assert project.diff()[0] == 1
    monkeypatch.setattr(upstream_compare, "compare_model_ids", lambda *_args, **_kwargs: iter(()))
    assert project.diff()[0] == 0, "the former id's record is unchanged: only the model field's comparison sees it"


def _unstated_callback(project: Project) -> None:
    """acme-two's page no longer words the callback rule, and the spec records it (and its wording is dropped)."""
    request = project.files[TWO]["components"]["schemas"]["ImageGenerationRequest"]["properties"]
    request["callback_url"]["description"] = "Callback URL for task completion"
    schemas = project.spec["components"]["schemas"]
    schemas["CallbackUrl"]["x-evolink-rules"][0]["passage"] = [CALLBACK]
    rule = {"name": "callback-public-host", "check": "public-https-url"}
    schemas["AcmeTwo"]["properties"]["callback_url"]["x-evolink-upstream"] = {
        "rule callback-public-host": {"docs": None, "ours": rule, "why": "the page states none"}
    }


def test_without_the_unstated_check_a_page_that_now_states_the_rule_goes_unseen(
    tmp_path: Path, scripts: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import upstream_compare  # noqa: PLC0415

    project = Project(tmp_path)
    _unstated_callback(project)
    project.synced()
    request = project.files[TWO]["components"]["schemas"]["ImageGenerationRequest"]["properties"]
    request["callback_url"]["description"] = f"HTTPS only. {CALLBACK}"
    status, output = project.sync()
    assert status == 1, output
    monkeypatch.setattr(upstream_compare, "unstated_passage", lambda *_args: iter(()))
    assert project.sync()[0] == 0


def test_without_the_record_s_ours_check_a_stale_rule_record_is_synced(
    tmp_path: Path, scripts: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import upstream_spec  # noqa: PLC0415

    project = Project(tmp_path)
    _unstated_callback(project)
    project.synced()
    project.spec["components"]["schemas"]["CallbackUrl"]["x-evolink-rules"][0]["check"] = "fetchable-url"
    status, output = project.sync()
    assert status == 1, output
    assert "records other `ours`" in output
    monkeypatch.setattr(upstream_spec, "_equal", lambda *_args: True)
    assert project.sync()[0] == 0


def test_without_the_wording_check_a_wording_no_page_holds_goes_unseen(
    tmp_path: Path, scripts: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    import upstream_compare  # noqa: PLC0415

    project = Project(tmp_path).synced()
    rule = project.spec["components"]["schemas"]["CallbackUrl"]["x-evolink-rules"][0]
    rule["passage"] = [*rule["passage"], "Callbacks never reach private hosts."]
    status, output = project.sync()
    assert status == 1, output
    assert 'passage: ours "Callbacks never reach private hosts.", docs none' in output
    monkeypatch.setattr(upstream_compare, "unused_wordings", lambda *_args: iter(()))
    assert project.sync()[0] == 0
