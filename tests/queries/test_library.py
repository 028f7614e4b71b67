"""Across works: one ranked search, and a name looked up in every work."""

from __future__ import annotations

from graphservice.catalog import Catalog
from graphservice.queries.library import characters_named, search_everywhere
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
