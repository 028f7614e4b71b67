"""source.py: headings, sections and their periods, sentences, and finding a phrase."""

from __future__ import annotations

from .conftest import read


def test_sections_follow_heading_lines_and_name_their_periods() -> None:
    source = read("clean.yaml").source
    assert [(s.heading, s.period) for s in source.sections] == [
        ("The Lighthouse Year", None),
        ("Part One: The Island", "part-1"),
        ("Part Two: The Storm", "part-2"),
        ("Notes on the Story", None),
    ]


def test_a_heading_matches_its_period_by_the_label_before_the_colon() -> None:
    text = (
        "Part One: Other Words\n\nAda keeps the lamp.\n\nChapter 2\n\nBen helps.\n\nAfterword\n\nCritics.\n"
    )
    source = read("clean.yaml", text).source
    assert [(s.heading, s.period) for s in source.sections] == [
        ("Part One: Other Words", "part-1"),
        ("Chapter 2", "part-1"),  # a chapter stays in the part before it
        ("Afterword", None),  # any other heading ends the part
    ]


def test_headings_are_sentences_of_their_own() -> None:
    source = read("clean.yaml").source
    texts = [s.text for s in source.sentences]
    assert "Part Two: The Storm" in texts
    assert "Ben, furious with him, confronts Silas on the jetty." in texts


def test_find_prefers_the_locators_section() -> None:
    source = read("clean.yaml").source
    span = source.find("Ben", "Notes on the Story")
    assert span is not None
    assert source.section_at(span[0]).heading == "Notes on the Story"
    assert source.find("not in the text") is None
