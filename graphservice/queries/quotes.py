"""Find quotes by speaker, addressee, subject and text."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Literal

from graphservice.catalog import LoadedWork
from graphservice.memo import per_work
from graphservice.model import Quote
from graphservice.queries.lookup import require_entity
from graphservice.queries.views import View
from graphservice.verify import normalise_whitespace

__all__ = ["ALL_ROLES", "QuoteQuery", "QuoteRole", "find_quotes", "quotes_by_slug", "undisputed_speaker"]

QuoteRole = Literal["spoken", "addressed", "about"]
ALL_ROLES: frozenset[QuoteRole] = frozenset({"spoken", "addressed", "about"})


@dataclass(frozen=True, slots=True)
class QuoteQuery:
    """Filters for :func:`find_quotes`; every filter given must match."""

    speaker: str | None = None
    addressee: str | None = None
    about: str | None = None
    contains: str | None = None
    involving: str | None = None
    """A node that speaks, is addressed or is spoken about, per ``roles``."""
    roles: frozenset[QuoteRole] = ALL_ROLES
    view: View = View()


def undisputed_speaker(quote: Quote) -> str | None:
    """The speaker's slug when every attribution agrees, else None (the attribution is disputed)."""
    speakers = {a.speaker for a in quote.attributions}
    return speakers.pop() if len(speakers) == 1 else None


def find_quotes(work: LoadedWork, query: QuoteQuery) -> list[Quote]:
    """Quotes matching every given filter, in the data file's order.

    A quote whose attribution is disputed matches each of its claimed speakers. ``contains`` is a
    case-insensitive search over the text and its variants, ignoring differences in whitespace.
    """
    for slug in (query.speaker, query.addressee, query.about, query.involving):
        if slug is not None:
            require_entity(work, slug)
    needle = normalise_whitespace(query.contains).casefold() if query.contains else None
    periods = work.periods
    found: list[Quote] = []
    for q in work.quotes.values():
        if not query.view.shows(periods[q.revealed], (periods[p] for p in q.holds)):
            continue
        if query.speaker and query.speaker not in {a.speaker for a in q.attributions}:
            continue
        if query.addressee and query.addressee not in q.addressees:
            continue
        if query.about and query.about not in q.about:
            continue
        if query.involving and not _involves(q, query.involving, query.roles):
            continue
        if needle and not any(needle in normalise_whitespace(t).casefold() for t in (q.text, *q.variants)):
            continue
        found.append(q)
    return found


def _involves(quote: Quote, slug: str, roles: frozenset[QuoteRole]) -> bool:
    return (
        ("spoken" in roles and slug in {a.speaker for a in quote.attributions})
        or ("addressed" in roles and slug in quote.addressees)
        or ("about" in roles and slug in quote.about)
    )


@per_work(maxsize=1)
def _positions(work: LoadedWork) -> Mapping[str, int]:
    return {slug: i for i, slug in enumerate(work.quotes)}


def quotes_by_slug(work: LoadedWork, slugs: Iterable[str], view: View = View()) -> list[Quote]:
    """The quotes with these slugs that ``view`` shows, in the data file's order (unknown slugs
    are skipped); looks each one up rather than reading every quote of the work."""
    periods = work.periods
    found = {s: work.quotes[s] for s in slugs if s in work.quotes}
    shown = [q for q in found.values() if view.shows(periods[q.revealed], (periods[p] for p in q.holds))]
    order = _positions(work)
    return sorted(shown, key=lambda q: order[q.slug])
