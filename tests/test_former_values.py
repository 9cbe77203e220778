"""scripts/former_values.py reads openapi/CHANGES.md's request-field rows into the catalogue's FORMER_VALUES.

Each kind of row becomes its kind of entry (or is skipped, for its reason), with the commit and date of its change;
a row it cannot read stops `make generate` naming the file and line. The rows here are fixtures of their own, over
the real catalogue's models; the last tests read the repository's CHANGES.md.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest
from evolink_images import _catalogue, _presets

from scripts.former_values import ChangesError, former_values, read_rows

ROOT = Path(__file__).resolve().parent.parent
INTRO = "# Changes\n\nThe spec follows EvoLink's docs at commit `a301c93` of the docs repository (2026-08-21).\n\n"
HEADER = "| model | field | what | earlier value | docs value | source |\n|---|---|---|---|---|---|\n"


def changelog(tmp_path: Path, *rows: str, section: str = "## Request fields\n\n", intro: str = INTRO) -> Path:
    path = tmp_path / "CHANGES.md"
    path.write_text(intro + section + HEADER + "".join(f"{row}\n" for row in rows), encoding="utf-8")
    return path


def compiled(path: Path) -> list[dict[str, Any]]:
    return former_values(path, _presets.catalogue_data())


def test_a_value_moved_to_another_field_is_an_entry_for_each_value(tmp_path: Path) -> None:
    path = changelog(
        tmp_path,
        "| doubao-seedream-4.5 | size | pattern | `2K`, `4K` or WIDTHxHEIGHT | `auto` or WIDTHxHEIGHT (2K and 4K moved "
        "to `quality`) | `seedream/seedream-4.5-image-generate.json`, prose |",
    )
    entries = compiled(path)
    assert [(e["model"], e["field"], e["kind"], e["old"], e["new"]) for e in entries] == [
        ("doubao-seedream-4.5", "size", "moved", "2K", "quality"),
        ("doubao-seedream-4.5", "size", "moved", "4K", "quality"),
    ]
    assert entries[0]["commit"] == "a301c93" and entries[0]["date"] == "2026-08-21"
    assert entries[0]["source"] == "openapi/CHANGES.md, Request fields: seedream/seedream-4.5-image-generate.json"


def test_values_an_enum_no_longer_lists_are_removed_entries(tmp_path: Path) -> None:
    path = changelog(
        tmp_path, "| gpt-image-1.5 | quality | enum | `low`, `high`, `ultra` | `low`, `medium`, `high` | p |"
    )
    assert [(e["kind"], e["old"]) for e in compiled(path)] == [("removed", "ultra")]


def test_a_renamed_model_id_names_the_id_the_spec_has(tmp_path: Path) -> None:
    path = changelog(tmp_path, "| acme-old | model | id | `acme-old` | `wan2.5-text-to-image` (renamed) | p |")
    [entry] = compiled(path)
    assert (entry["kind"], entry["old"], entry["new"], entry["model"]) == (
        "renamed",
        "acme-old",
        "wan2.5-text-to-image",
        "wan2.5-text-to-image",
    )


def test_an_id_whose_row_names_no_current_id_is_removed(tmp_path: Path) -> None:
    path = changelog(tmp_path, "| acme-old | model | id | `acme-old` | none: a separate model, no longer mapped | p |")
    [entry] = compiled(path)
    assert (entry["kind"], entry["old"], entry["new"]) == ("removed", "acme-old", None)


@pytest.mark.parametrize(
    ("what", "earlier", "now", "expected"),
    [
        ("maxItems", "20", "16", [(None, "limit", 20, 16, "items")]),
        ("maxLength", "none", "60,000 bytes", [(None, "limit", None, 60000, "bytes")]),
        ("maxLength", "none", "2000", [(None, "limit", None, 2000, "characters")]),
        ("minimum", "0", "1", [(None, "limit", 0, 1, "value")]),
        ("maxItems", "10", "14", []),  # raised: nothing refused now that was taken before
        ("minimum", "1", "none", []),  # dropped
    ],
)
def test_a_limit_made_stricter_is_an_entry_and_one_relaxed_is_not(
    tmp_path: Path, what: str, earlier: str, now: str, expected: list[tuple[Any, ...]]
) -> None:
    path = changelog(tmp_path, f"| gpt-image-1.5 | image_urls | {what} | {earlier} | {now} | p |")
    assert [(None, e["kind"], e["old"], e["new"], e["measure"]) for e in compiled(path)] == expected


def test_a_bound_the_earlier_enum_already_kept_is_no_entry(tmp_path: Path) -> None:
    """`n` was `[1, 2, 4]`, now any integer from 1 to 4: no value the earlier docs took is refused now."""
    path = changelog(
        tmp_path,
        "| wan2.5-text-to-image | n | enum | `[1, 2, 4]` | none (any integer) | p |",
        "| wan2.5-text-to-image | n | minimum | none | 1 | p |",
        "| wan2.5-text-to-image | n | maximum | none | 4 | p |",
    )
    assert compiled(path) == []
    path = changelog(
        tmp_path,
        "| wan2.5-text-to-image | n | enum | `[1, 2, 8]` | none (any integer) | p |",
        "| wan2.5-text-to-image | n | maximum | none | 4 | p |",
    )
    assert [(e["kind"], e["keyword"], e["new"]) for e in compiled(path)] == [("limit", "maximum", 4)]


def test_a_field_removed_or_moved_is_an_entry_and_a_field_added_is_not(tmp_path: Path) -> None:
    path = changelog(
        tmp_path,
        "| doubao-seedream-4.5 | resolution | field | `2K` or `4K` | moved to `quality` | p |",
        "| doubao-seedream-4.5 | watermark | field | boolean | none | p |",
        "| doubao-seedream-4.5 | quality | field | none | `2K` or `4K` | p |",
    )
    assert [(e["field"], e["kind"], e["old"], e["new"]) for e in compiled(path)] == [
        ("resolution", "field", "resolution", "quality"),
        ("watermark", "field", "watermark", None),
    ]


@pytest.mark.parametrize(
    "row",
    [
        "| doubao-seedream-4.5 | size | default | `2048x2048` | `auto` | p |",
        "| qwen-image-edit | image_urls | rule qwen-image-sides | [512, 4096] | [384, 3072] | p |",
        "| wan2.5-text-to-image | n | enum | `[1, 2, 4]` | none (any integer) | p |",
        "| wan2.5-text-to-image | n | enum | none | `[1, 2, 4]` | p |",
        "| * | callback_url | pattern | `^https://` | `^[Hh][Tt][Tt][Pp][Ss]://` | not a docs change |",
        "| gpt-image-1.5 | model | former id | none | `gpt-image-1` | p |",
        "| gpt-image-1.5 | * | typical-seconds | `45` | `200` | p |",
    ],
    ids=["default", "rule", "enum-widened", "enum-added", "pattern-without-a-value", "former-id", "model-facts"],
)
def test_rows_of_the_skipped_kinds_are_no_entries(tmp_path: Path, row: str) -> None:
    assert compiled(changelog(tmp_path, row)) == []


def test_a_row_names_its_own_commit_or_shares_its_page_s_and_else_takes_its_section_s(tmp_path: Path) -> None:
    intro = INTRO + "Later pages: commit `53b478cd` (2026-09-30); commit `41a33759` has no date here.\n\n"
    section = "## Changes since a301c93\n\nEach row is from EvoLink's docs at commit `41a33759` unless it says.\n\n"
    path = changelog(
        tmp_path,
        "| gpt-image-1.5 | image_urls | maxItems | 20 | 16 | `gpt-image-1.5/page.json` @ 53b478cd |",
        "| gpt-image-1.5 | image_urls | minItems | 0 | 1 | same page, prose |",
        "| gpt-image-1.5 | prompt | maxLength | none | 2000 | the prose |",
        section=section,
        intro=intro,
    )
    first, second, third = compiled(path)
    assert (first["commit"], first["date"]) == ("53b478cd", "2026-09-30")
    assert (second["commit"], second["date"]) == ("53b478cd", "2026-09-30")
    assert second["source"].endswith("Changes since a301c93: gpt-image-1.5/page.json")
    assert (third["commit"], third["date"], third["source"]) == (
        "41a33759",
        None,
        "openapi/CHANGES.md, Changes since a301c93",
    )


def test_an_alias_is_renamed_or_withdrawn_like_an_id(tmp_path: Path) -> None:
    path = changelog(
        tmp_path,
        "| acme | model | alias | `gpt-image-1.5` | `gpt-image-2` (what it names now) | p |",
        "| acme-2 | model | alias | `gpt-image-1.5` | none: withdrawn | p |",
    )
    assert [(e["kind"], e["old"], e["new"], e["keyword"]) for e in compiled(path)] == [
        ("renamed", "acme", "gpt-image-2", "alias"),
        ("removed", "acme-2", None, "alias"),
    ]


def test_a_prose_rule_that_reads_as_a_limit_is_one(tmp_path: Path) -> None:
    path = changelog(
        tmp_path,
        "| gpt-image-1.5 | prompt | rule prompt-bytes | none | at most `60000` bytes of UTF-8 (besides a length) | p |",
        "| gpt-image-1.5 | image_urls | rule real-people | none | at most 5 | p |",  # no unit: not a limit it can hold
        "| gpt-image-1.5 | image_urls | rule image-size | `10` MB | `20` MB | p |",
    )
    [entry] = compiled(path)
    assert (entry["kind"], entry["field"], entry["old"], entry["new"], entry["keyword"], entry["measure"]) == (
        "limit",
        "prompt",
        None,
        60000,
        "maxLength",
        "bytes",
    )


def test_a_row_with_no_commit_anywhere_stops_generation(tmp_path: Path) -> None:
    path = changelog(tmp_path, "| gpt-image-1.5 | image_urls | maxItems | 20 | 16 | p |", intro="# Changes\n\n")
    with pytest.raises(ChangesError, match=r"CHANGES\.md:7: no docs commit for this row"):
        compiled(path)


@pytest.mark.parametrize(
    ("row", "words"),
    [
        ("| gpt-image-1.5 | size | colour | a | b | p |", "what 'colour' is neither handled nor skipped"),
        ("| gpt-image-1.5 | size | enum | a | b |", "5 cells where the table's header has 6"),
        ("| gpt-image-1.5 | image_urls | maxItems | many | 16 | p |", "a limit row needs a number or 'none'"),
        ("| gpt-image-1.5 | quality | enum | low or high | `low` | p |", "names its earlier values in backticks"),
        ("| acme-9 | size | maxLength | 20 | 16 | p |", "the spec has no model 'acme-9'"),
        ("| doubao-seedream-4.5 | size | pattern | `2K` | `auto` (8K moved to `quality`) | p |", "'8K' moved"),
        ("| doubao-seedream-4.5 | size | pattern | `8K` | `auto` (8K moved to `quality`) | p |", "does not take it"),
        ("| acme-old | size | id | `acme-old` | `gpt-image-2` | p |", "an id row is about the field `model`"),
    ],
)
def test_a_row_it_cannot_read_stops_generation_naming_file_and_line(tmp_path: Path, row: str, words: str) -> None:
    path = changelog(tmp_path, "| gpt-image-1.5 | quality | default | none | `high` | p |", row)
    with pytest.raises(ChangesError) as caught:
        compiled(path)
    assert str(caught.value).startswith(f"{path}:10: "), caught.value
    assert words in str(caught.value)


def test_a_request_field_table_of_the_wrong_width_stops_generation(tmp_path: Path) -> None:
    path = tmp_path / "CHANGES.md"
    path.write_text(INTRO + "## Fields\n\n| model | field | what | source |\n|---|---|---|---|\n", encoding="utf-8")
    with pytest.raises(ChangesError, match=r"CHANGES\.md:7: a request-field table has 6 columns"):
        compiled(path)


def test_other_tables_are_not_read(tmp_path: Path) -> None:
    text = INTRO + "## Responses\n\n| what | seed value | docs value | source |\n|---|---|---|---|\n| a | b | c | d |\n"
    path = tmp_path / "CHANGES.md"
    path.write_text(text, encoding="utf-8")
    assert read_rows(path) == []


def test_the_repository_changelog_compiles_and_gives_seedream_4_5_its_way_forward() -> None:
    entries = compiled(ROOT / "openapi" / "CHANGES.md")
    moved = {(e["model"], e["field"], e["old"]): e for e in entries if e["kind"] == "moved"}
    entry = moved["doubao-seedream-4.5", "size", "4K"]
    assert (entry["new"], entry["commit"], entry["date"]) == ("quality", "a301c93", "2026-08-21")


def test_the_catalogue_carries_what_the_changelog_compiles_to() -> None:
    """The committed FORMER_VALUES are the repository changelog's (make check-generated holds the bytes)."""
    assert list(_catalogue.FORMER_VALUES) == compiled(ROOT / "openapi" / "CHANGES.md")


def test_the_generator_says_which_kinds_it_skips_and_why() -> None:
    from scripts import former_values  # noqa: PLC0415

    text = textwrap.dedent(former_values.__doc__ or "")
    for kind in ("moved", "removed", "renamed", "limit", "field", "Skipped"):
        assert kind in text
    assert set(former_values.SKIPPED) == {
        "default",
        "field added",
        "former id",
        "model facts",
        "rule",
        "widened",
        "kept by the earlier enum",
    }
