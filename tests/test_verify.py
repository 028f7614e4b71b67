"""Source verification: quotes and evidence must occur verbatim, locators must be source lines."""

from __future__ import annotations

from graphservice.catalog import LoadedWork
from graphservice.verify import find_misses, normalise_whitespace

from .conftest import FIXTURES

SOURCE = (FIXTURES / "lighthouse-source.txt").read_text(encoding="utf-8")


def test_fixture_matches_its_source(fixture_work: LoadedWork) -> None:
    assert find_misses(fixture_work.data, SOURCE) == []


def test_whitespace_differences_are_ignored(fixture_work: LoadedWork) -> None:
    reflowed = SOURCE.replace("Ada and Ben have been friends", "Ada and\n   Ben have been friends")
    assert find_misses(fixture_work.data, reflowed) == []


def test_a_changed_quote_is_reported(fixture_work: LoadedWork) -> None:
    altered = SOURCE.replace("does not ask who is at sea", "never asks who is at sea")
    misses = find_misses(fixture_work.data, altered)
    assert [(m.record, m.what) for m in misses] == [("quotes[0] 'light-does-not-ask'.text", "text")]
    assert "not found verbatim in the source: 'The light does not ask who is at sea,'" in str(misses[0])


def test_a_missing_heading_is_reported(fixture_work: LoadedWork) -> None:
    altered = SOURCE.replace("Act Two: The Storm\n", "Act Two\n")
    misses = find_misses(fixture_work.data, altered)
    assert misses and all(m.what == "locator" and m.text == "Act Two: The Storm" for m in misses)
    records = {m.record for m in misses}
    assert "quotes[1] 'lamps-and-moths'.locators[0]" in records
    assert "relationships[3] 'ben-cora-romance'.evidence[0].locator" in records


def test_normalise_whitespace() -> None:
    assert normalise_whitespace("  a\n\tb   c ") == "a b c"
