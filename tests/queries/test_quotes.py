"""Quotes by speaker, addressee, subject and text; disputed attributions match every claimant."""

from __future__ import annotations

from graphservice.catalog import LoadedWork
from graphservice.queries.quotes import QuoteQuery, find_quotes, quotes_by_slug, undisputed_speaker
from graphservice.queries.views import View


def _slugs(work: LoadedWork, **kwargs: object) -> list[str]:
    return [q.slug for q in find_quotes(work, QuoteQuery(**kwargs))]  # type: ignore[arg-type]


def test_disputed_quote_matches_each_speaker(fixture_work: LoadedWork) -> None:
    assert _slugs(fixture_work, speaker="orrin") == ["lamps-and-moths"]
    assert _slugs(fixture_work, speaker="ben") == ["lamps-and-moths"]
    assert undisputed_speaker(fixture_work.quotes["lamps-and-moths"]) is None
    assert undisputed_speaker(fixture_work.quotes["light-does-not-ask"]) == "ada"


def test_filters_combine(fixture_work: LoadedWork) -> None:
    assert _slugs(fixture_work, addressee="cora") == ["light-does-not-ask"]
    assert _slugs(fixture_work, about="keepers") == ["lamps-and-moths"]
    assert _slugs(fixture_work, speaker="ada", about="keepers") == []


def test_contains_ignores_case_and_spacing(fixture_work: LoadedWork) -> None:
    assert _slugs(fixture_work, contains="LAMPS  and\nsome") == ["lamps-and-moths"]


def test_view_hides_later_quotes(fixture_work: LoadedWork) -> None:
    assert _slugs(fixture_work, view=View(as_of=0)) == ["light-does-not-ask"]


def test_involving_by_role(fixture_work: LoadedWork) -> None:
    assert _slugs(fixture_work, involving="cora") == ["light-does-not-ask"]  # addressed
    assert _slugs(fixture_work, involving="cora", roles=frozenset({"spoken"})) == []
    assert _slugs(fixture_work, involving="ben", roles=frozenset({"spoken"})) == ["lamps-and-moths"]
    assert _slugs(fixture_work, involving="lighthouse", roles=frozenset({"about"})) == ["light-does-not-ask"]


def test_quotes_by_slug_keep_file_order_and_the_view(novel: LoadedWork) -> None:
    every = list(novel.quotes)
    wanted = [every[5], every[0], "no-such-quote", every[3], every[0]]
    assert [q.slug for q in quotes_by_slug(novel, wanted)] == [every[0], every[3], every[5]]
    early = View(as_of=0)
    shown = {q.slug for q in find_quotes(novel, QuoteQuery(view=early))}
    assert [q.slug for q in quotes_by_slug(novel, every, early)] == [s for s in every if s in shown]
