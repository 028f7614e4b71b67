"""Periods and headings from the text's own structure."""

from __future__ import annotations

from graphservice.extract.structure import find_structure, roman_to_int, slugify

BODY = "The tide came in and went out again while the keeper watched the boats. " * 8


def test_numbered_headings_become_periods_and_the_contents_list_does_not() -> None:
    text = (
        "A TALE OF THE SEA\n\nby Agnes Morrow\n\n\nCONTENTS\n\nStave I: The Lamp\nStave II: The Storm\n\n\n"
        f"STAVE I:  THE LAMP\n\n{BODY}\n\nSTAVE II:  THE STORM\n\n{BODY}\n"
    )
    structure = find_structure(text)
    assert [p.slug for p in structure.periods] == ["stave-1", "stave-2"]
    assert [p.heading for p in structure.periods] == ["STAVE I:  THE LAMP", "STAVE II:  THE STORM"]
    assert structure.periods[0].name == "Stave I: The Lamp"
    assert structure.title == "A Tale Of The Sea" and structure.author == "Agnes Morrow"
    assert "CONTENTS" not in [s.heading for s in structure.sections]  # nothing under it


def test_shouted_headings_are_periods_when_none_is_numbered_and_dialogue_lines_are_not_headings() -> None:
    text = (
        f'STORY OF THE LAMP\n\n{BODY}\n\n"Hullo!"\n\n{BODY}\n\n'
        f"THE STORM AT SEA\n\n{BODY}\n\nJ. K.\n\nTHE LAST\n"
    )
    structure = find_structure(text)
    assert [p.slug for p in structure.periods] == ["story-of-the-lamp", "the-storm-at-sea"]
    headings = [s.heading for s in structure.sections]
    assert '"Hullo!"' not in headings and "THE LAST" not in headings  # dialogue; no text under it


def test_a_text_without_headings_is_one_period_under_its_first_line() -> None:
    first = "It was a calm night on the point."
    structure = find_structure(f"{first}\n\n{BODY}\n\n{BODY}")
    (period,) = structure.periods
    assert (period.slug, period.heading) == ("whole-text", first)
    (titled,) = find_structure(f"The Lamp\n\n{BODY}\n\n{BODY}").periods
    assert (titled.slug, titled.heading) == ("the-lamp", "The Lamp")  # a title line heads the text


def test_paragraphs_on_single_lines_have_title_case_headings() -> None:
    long_line = BODY.strip()
    text = f"Guide\n{long_line}\nPart One: The Lamp\n{long_line}\nPart Two: The Storm\n{long_line}\n"
    assert [p.slug for p in find_structure(text).periods] == ["part-1", "part-2"]


def test_numbers_and_slugs() -> None:
    assert [roman_to_int(n) for n in ("I", "iv", "IX", "xiv", "x1")] == [1, 4, 9, 14, None]
    assert slugify("DR. LANYON’S NARRATIVE") == "dr-lanyons-narrative"
    assert slugify("!!!") == "section"


def test_the_author_comes_from_the_title_page_not_from_the_story() -> None:
    story = f"CHAPTER I\n\n{BODY} He sat by Martha Penhallow all evening.\n\nCHAPTER II\n\n{BODY}\n"
    assert find_structure(story).author is None
    assert find_structure(f"The Lamp\n\nby Agnes Morrow\n\n{story}").author == "Agnes Morrow"
