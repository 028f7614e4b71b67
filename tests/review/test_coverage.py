"""coverage.py: names and quoted passages of the source the file never uses."""

from __future__ import annotations

from graphservice.review.coverage import coverage

from .conftest import read


def test_a_file_that_uses_every_name_and_passage_passes() -> None:
    r = read("clean.yaml")
    assert coverage(r.data, r.source) == []


def test_unused_names_and_passages_are_listed_most_frequent_first() -> None:
    r = read("coverage-trips.yaml")
    found = coverage(r.data, r.source)
    assert [f.message for f in found] == [
        "name 'Harbour Board' appears 2 times in the source but nowhere in the file",
        "quoted passage 'I was wrong about you both' appears once in the source but nowhere in the file",
    ]
    assert found[0].locator == "Notes on the Story"
    assert (found[0].slug, found[0].record, found[0].severe) == ("lighthouse-year", "source", False)


def test_a_capitalised_word_that_only_opens_sentences_is_not_a_name() -> None:
    text = "Part One: The Island\n\nCritics side with Ada. Critics doubt Ben and Silas, and Ben too.\n"
    r = read("coverage-trips.yaml", text)
    assert coverage(r.data, r.source) == []
