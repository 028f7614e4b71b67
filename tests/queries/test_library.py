"""Across works: one ranked search, and a name looked up in every work."""

from __future__ import annotations

import pytest

from graphservice.catalog import Catalog
from graphservice.errors import InvalidArgumentError
from graphservice.queries.library import characters_named, matching_works, search_everywhere
from graphservice.queries.search import search


def test_one_ranked_list_over_every_work(both_catalog: Catalog) -> None:
    works = both_catalog.works
    found = search_everywhere(works, "ada", limit=5)
    (first_work, first_hit), *_ = found
    assert (first_work.slug, first_hit.slug) == ("carrow-point", "ada")
    scores = [h.score for _, h in found]
    assert scores == sorted(scores, reverse=True) and len(found) <= 5
    # Each work's own best hits are the ones merged: nothing a work's own search would rank lower.
    for work, hit in found:
        assert hit in search(work, "ada", limit=5)


def test_a_name_looked_up_in_every_work(both_catalog: Catalog) -> None:
    works = both_catalog.works
    assert [(w.slug, c.slug) for w, c in characters_named(works, " kathy ")] == [
        ("never-let-me-go", "kathy-h")
    ]
    assert [(w.slug, c.slug) for w, c in characters_named(works, "ADA")] == [("carrow-point", "ada")]
    assert characters_named(works, "Nobody") == []


def test_works_filtered_by_title_author_and_text(three_catalog: Catalog) -> None:
    def slugs(**filters: str) -> list[str]:
        return [w.slug for w in matching_works(three_catalog.entries, **filters)]

    assert slugs() == ["carrow-point", "wren-crossing", "minimal"]
    assert slugs(title="the") == ["carrow-point", "wren-crossing"]
    assert slugs(title="CROSSING wren") == ["wren-crossing"]  # every word, any order, any case
    assert slugs(title="wren lighthouse") == []
    assert slugs(author="fixture") == ["carrow-point", "wren-crossing", "minimal"]
    assert slugs(text="lighthouse keepers") == ["carrow-point"]  # words of the description
    assert slugs(text="friends", author="test") == ["minimal"]
    assert slugs(text="  ") == ["carrow-point", "wren-crossing", "minimal"]  # no words: no filter


def test_one_search_over_three_works(three_catalog: Catalog) -> None:
    found = search_everywhere(three_catalog.works, "ferry", limit=5)
    assert [(w.slug, h.slug) for w, h in found] == [
        ("wren-crossing", "ferry-hands"),  # a name outranks descriptions
        ("wren-crossing", "mara"),
        ("wren-crossing", "the-landing"),
    ]
    friends = search_everywhere(three_catalog.works, "friend", limit=5)
    assert {(w.slug, h.slug) for w, h in friends} >= {("minimal", "anna"), ("minimal", "bruno")}


def test_a_filter_holds_at_most_twenty_distinct_words(three_catalog: Catalog) -> None:
    many = " ".join(f"w{i}" for i in range(21))
    with pytest.raises(InvalidArgumentError, match="`text` may hold at most 20 words; it has 21"):
        matching_works(three_catalog.entries, text=many)
    repeated = " ".join(["ferry"] * 500)  # the same word many times is one word
    assert [w.slug for w in matching_works(three_catalog.entries, title=repeated)] == ["wren-crossing"]
