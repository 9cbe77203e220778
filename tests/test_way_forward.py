"""A value an earlier API took is refused with what it became and when, from openapi/CHANGES.md; nothing else changes.

Each kind of changelog row is compiled by scripts/former_values.py from a fixture changelog of its own, over the real
catalogue's models, and put in place of the catalogue's FORMER_VALUES; the refusal then names the new form and the
date. Without the entries (the list emptied) the same refusal lacks the hint. Valid values stay valid.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import evolink_images as ei
import pytest
from evolink_images import _catalogue, _presets
from evolink_images._validation import validate_request
from evolink_images.cli import main

from scripts.former_values import former_values

INTRO = "# Changes\n\nThe spec follows EvoLink's docs at commit `a301c93` of the docs repository (2026-08-21).\n\n"
TABLE = (
    "## Request fields\n\n| model | field | what | earlier value | docs value | source |\n|---|---|---|---|---|---|\n"
)
LATER = "## Later\n\nFrom EvoLink's docs at commit `53b478cd`.\n\n" + TABLE.removeprefix("## Request fields\n\n")
WHEN = "2026-08-21, commit a301c93"
CHANGELOG = "see openapi/CHANGES.md"
ROWS = {
    "moved": "| doubao-seedream-4.5 | size | pattern | `2K`, `4K` or WIDTHxHEIGHT | `auto` or WIDTHxHEIGHT (2K and 4K "
    "moved to `quality`) | `seedream/seedream-4.5-image-generate.json`, prose |",
    "removed": "| gpt-image-1.5 | quality | enum | `low`, `medium`, `high`, `ultra` | `low`, `medium`, `high` | p |",
    "renamed": "| acme-image-1 | model | id | `acme-image-1` | `wan2.5-text-to-image` | p |",
    "limit": "| gpt-image-1.5 | image_urls | maxItems | 20 | 16 | p |",
    "limit-added": "| gpt-image-1.5 | prompt | maxLength | none | 2000 | p |",
    "field": "| doubao-seedream-4.5 | resolution | field | `2K` or `4K` | moved to `quality` | p |",
    "still-taken": "| gpt-image-1.5 | quality | enum | `low`, `high`, `medium` | `low`, `high` | p |",
}


def entries(tmp_path: Path, *rows: str, later: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    text = INTRO + TABLE + "".join(f"{row}\n" for row in rows)
    if later:
        text += "\n" + LATER + "".join(f"{row}\n" for row in later)
    path = tmp_path / "CHANGES.md"
    path.write_text(text, encoding="utf-8")
    return former_values(path, _presets.catalogue_data())


@pytest.fixture
def changelog(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Any:
    """Put the entries of the given fixture rows in place of the catalogue's FORMER_VALUES."""

    def use(*rows: str, later: tuple[str, ...] = ()) -> None:
        monkeypatch.setattr(_catalogue, "FORMER_VALUES", tuple(entries(tmp_path, *rows, later=later)))

    return use


def refusal(model: str, params: dict[str, Any], prompt: str = "a lighthouse") -> ei.ValidationError:
    with pytest.raises(ei.ValidationError) as caught:
        validate_request(model, prompt, params)
    return caught.value


URLS = [f"https://example.com/{index}.png" for index in range(17)]
# Each kind of row: the refused request, and what its message must say (the new form, the date, the call if any).
CASES = {
    "moved": (
        "doubao-seedream-4.5",
        {"size": "4K"},
        ["4K moved from size to quality", WHEN, CHANGELOG, "; pass quality='4K' instead of size='4K'"],
    ),
    "removed": ("gpt-image-1.5", {"quality": "ultra"}, ["quality took 'ultra' before and no longer does", WHEN]),
    "renamed": (
        "acme-image-1",
        {},
        ["acme-image-1 was renamed wan2.5-text-to-image", WHEN, "pass model='wan2.5-text-to-image'"],
    ),
    "limit": ("gpt-image-1.5", {"image_urls": URLS}, ["image_urls's limit was at most 20 items, now at most 16", WHEN]),
    "limit-added": ("gpt-image-1.5", {}, ["prompt's limit was none, now at most 2000 characters", WHEN]),
    "field": (
        "doubao-seedream-4.5",
        {"resolution": "4K"},
        ["resolution became quality", WHEN, "pass quality='4K' instead of resolution='4K'"],
    ),
}


def request(kind: str) -> tuple[str, dict[str, Any], str]:
    model, params, _ = CASES[kind]
    return model, params, "x" * 2001 if kind == "limit-added" else "a lighthouse"


@pytest.mark.parametrize("kind", list(CASES))
def test_the_refusal_names_the_new_form_and_when_it_changed(changelog: Any, kind: str) -> None:
    changelog(ROWS[kind])
    model, params, prompt = request(kind)
    message = str(refusal(model, params, prompt))
    for words in CASES[kind][2]:
        assert words in message, message
    assert "\n" not in message


@pytest.mark.parametrize("kind", list(CASES))
def test_without_the_changelog_entries_the_same_refusal_lacks_the_hint(changelog: Any, kind: str) -> None:
    """The companion: the hint comes from the entries, not from the refusal itself."""
    changelog()  # an empty changelog: no entries
    model, params, prompt = request(kind)
    error = refusal(model, params, prompt)
    assert WHEN not in str(error) and CHANGELOG not in str(error) and error.instead is None
    assert CASES[kind][2][0] not in str(error)


def test_the_rule_itself_says_what_it_became_and_the_call_is_data(changelog: Any) -> None:
    changelog(ROWS["moved"])
    error = refusal("doubao-seedream-4.5", {"size": "4K"})
    assert error.rule.startswith("must be auto")
    assert f"4K moved from size to quality; EvoLink's docs changed it by {WHEN} ({CHANGELOG})" in error.rule
    assert error.instead == {"quality": "4K"}
    assert (error.field, error.value, error.model) == ("size", "4K", "doubao-seedream-4.5")
    fixed = validate_request("doubao-seedream-4.5", "a lighthouse", error.instead)
    assert fixed.body["quality"] == "4K", "the call the message shows is one the validation takes"


def test_a_value_valid_today_is_unaffected_even_when_the_changelog_names_it(changelog: Any) -> None:
    """An entry only enriches a refusal: a value the spec takes is never refused because it once meant else."""
    changelog(*ROWS.values())
    assert validate_request("gpt-image-1.5", "a lighthouse", {"quality": "medium"}).body["quality"] == "medium"
    assert validate_request("doubao-seedream-4.5", "a lighthouse", {"size": "16:9"}).body["size"] == "16:9"
    taken = validate_request("gpt-image-1.5", "a lighthouse", {"image_urls": URLS[:16]})
    assert len(taken.body["image_urls"]) == 16


def test_an_other_refusal_of_the_same_field_gets_no_hint(changelog: Any) -> None:
    changelog(*ROWS.values())
    assert "moved" not in str(refusal("doubao-seedream-4.5", {"size": "8K"}))
    assert "limit was" not in str(refusal("gpt-image-1.5", {"image_urls": []}))
    assert "took" not in str(refusal("gpt-image-1.5", {"quality": "best"}))


def test_later_rows_about_the_same_value_follow_in_order_and_the_last_decides_the_call(changelog: Any) -> None:
    changelog(
        ROWS["renamed"],
        later=(
            "| acme-image-1 | model | id | `wan2.5-text-to-image` | none: a separate model, no longer mapped | p |",
        ),
    )
    error = refusal("acme-image-1", {})
    message = str(error)
    renamed, removed = message.index("was renamed wan2.5-text-to-image"), message.index("is no longer a model id")
    assert renamed < removed, message
    assert "commit 53b478cd (see openapi/CHANGES.md)" in message, "a commit the file gives no date for: no date"
    assert error.instead is None and "pass model=" not in message


def test_the_cli_prints_the_way_forward_in_flags_on_one_line_and_exits_2(
    changelog: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-never-used")
    changelog(ROWS["moved"])
    code = main(["generate", "doubao-seedream-4.5", "a lighthouse", "--size", "4K"])
    err = capsys.readouterr().err
    assert code == 2
    assert err.count("\n") == 1 and err.startswith("error: --size 4K for doubao-seedream-4.5: "), err
    assert f"4K moved from size to quality; EvoLink's docs changed it by {WHEN}" in err
    assert err.rstrip().endswith("; pass --quality 4K instead of --size 4K"), err


def test_the_cli_writes_a_renamed_model_as_its_first_argument_and_a_field_without_a_flag_as_a_param(
    changelog: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("EVOLINK_API_KEY", "sk-never-used")
    changelog(
        ROWS["renamed"], ROWS["field"], "| doubao-seedream-4.5 | hd_level | field | `4K` | moved to `quality` | p |"
    )
    assert main(["generate", "acme-image-1", "a lighthouse"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pass wan2.5-text-to-image as the model instead of acme-image-1" in err, err
    assert main(["generate", "doubao-seedream-4.5", "a lighthouse", "--resolution", "4K"]) == 2
    assert "pass --quality 4K instead of --resolution 4K" in capsys.readouterr().err
    assert main(["generate", "doubao-seedream-4.5", "a lighthouse", "--param", "hd_level=4K"]) == 2
    err = capsys.readouterr().err
    assert "pass --quality 4K instead of --param hd_level=4K" in err, err


def test_the_real_changelog_gives_seedream_4_5_its_way_forward() -> None:
    """The committed catalogue, as generated from openapi/CHANGES.md: Seedream 4.5's size="4K" is quality="4K"."""
    error = refusal("doubao-seedream-4.5", {"size": "4K"})
    assert "4K moved from size to quality" in error.rule and "2026-08-21" in error.rule and "a301c93" in error.rule
    assert str(error).endswith("pass quality='4K' instead of size='4K'")


def test_the_real_seedream_hint_goes_with_the_generated_list(monkeypatch: pytest.MonkeyPatch) -> None:
    """The companion: with the generated FORMER_VALUES emptied, the same refusal is the plain one."""
    monkeypatch.setattr(_catalogue, "FORMER_VALUES", ())
    error = refusal("doubao-seedream-4.5", {"size": "4K"})
    assert "moved" not in str(error) and "a301c93" not in str(error) and error.instead is None


def test_the_real_changelog_explains_a_withdrawn_model_id_with_its_whole_history() -> None:
    """gemini-2.5-flash-image: renamed nano-banana-beta by a301c93, then no longer mapped (a later row)."""
    error = refusal("gemini-2.5-flash-image", {})
    message = str(error)
    renamed = message.index(
        "gemini-2.5-flash-image was renamed nano-banana-beta; EvoLink's docs changed it by 2026-08-21"
    )
    withdrawn = message.index("gemini-2.5-flash-image is no longer a model id of this API")
    assert renamed < withdrawn and error.instead is None, message


def test_the_real_changelog_explains_a_limit_added_since() -> None:
    """gpt-image-2's prompt: 60,000 bytes of UTF-8 since a later page; a shorter-in-characters prompt still refused."""
    error = refusal("gpt-image-2", {}, prompt="\u6f22" * 25_000)  # 25,000 characters, 75,000 bytes
    assert (
        "prompt's limit was none, now at most 60000 bytes; EvoLink's docs changed it by commit 53b478cd" in error.rule
    )
    assert error.instead is None, "a limit takes a person: no call follows from it"
    assert validate_request("gpt-image-2", "\u6f22" * 20_000, {}).body["prompt"], "60,000 bytes exactly: taken"
