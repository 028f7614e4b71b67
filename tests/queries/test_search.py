"""Search: typo-tolerant, ranked, one hit per record, and spoiler-safe."""

from __future__ import annotations

import pytest

from graphservice.catalog import LoadedWork
from graphservice.errors import InvalidArgumentError
from graphservice.queries.search import search
from graphservice.queries.views import View


def _top(work: LoadedWork, text: str, **kwargs: object) -> tuple[str, str, str]:
    hit = search(work, text, **kwargs)[0]  # type: ignore[arg-type]
    return hit.kind, hit.slug, hit.field


def test_exact_and_misspelt_names(fixture_work: LoadedWork) -> None:
    assert _top(fixture_work, "Cora Lind") == ("character", "cora", "name")
    assert _top(fixture_work, "the mayr") == ("character", "orrin", "alias")
    assert _top(fixture_work, "lighthouse") == ("place", "lighthouse", "name")


def test_quote_text_and_descriptions(fixture_work: LoadedWork) -> None:
    assert _top(fixture_work, "lamps and moths") == ("quote", "lamps-and-moths", "text")
    assert _top(fixture_work, "rocky headland") == ("place", "carrow-point", "description")


def test_each_record_appears_once_ranked_by_score(fixture_work: LoadedWork) -> None:
    hits = search(fixture_work, "keepers", limit=50)
    assert len({(h.kind, h.slug) for h in hits}) == len(hits)
    assert [h.score for h in hits] == sorted((h.score for h in hits), reverse=True)
    assert hits[0].slug == "keepers"


def test_views_hide_unrevealed_records(fixture_work: LoadedWork) -> None:
    assert all(
        h.slug != "lamps-and-moths" for h in search(fixture_work, "lamps and moths", view=View(as_of=0))
    )
    assert all(h.slug != "hermit" for h in search(fixture_work, "hermit", view=View(as_of=0)))


def test_nothing_close_finds_nothing(fixture_work: LoadedWork) -> None:
    assert search(fixture_work, "zzyzx qwerty") == []


@pytest.mark.parametrize(("text", "limit"), [("a", 10), ("  ", 10), ("ada", 0), ("ada", 51)])
def test_bad_search_arguments(fixture_work: LoadedWork, text: str, limit: int) -> None:
    with pytest.raises(InvalidArgumentError):
        search(fixture_work, text, limit=limit)


def test_a_search_text_holds_at_most_twenty_distinct_words(fixture_work: LoadedWork) -> None:
    twenty = " ".join(f"word{i}" for i in range(20))
    assert search(fixture_work, twenty + " word0 word1") == []  # repeats are one word each
    with pytest.raises(InvalidArgumentError, match="at most 20 words; it has 21"):
        search(fixture_work, twenty + " word20")
