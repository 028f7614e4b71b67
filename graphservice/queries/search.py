"""Ranked, typo-tolerant search over names, aliases, descriptions, scene summaries and quote texts.

Matching uses rapidfuzz rather than a hand-written edit distance: ``WRatio`` for short name-like
fields (so "tomy" finds Tommy), and for long texts ``partial_ratio`` (a phrase inside a description or
a quote, allowing a slip of a letter) or ``token_set_ratio`` (all the words, in any order).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

from rapidfuzz import fuzz, utils

from graphservice.catalog import LoadedWork
from graphservice.errors import InvalidArgumentError
from graphservice.memo import per_work
from graphservice.model import Character, Group, Place
from graphservice.queries.limits import check_range
from graphservice.queries.views import View

__all__ = [
    "KIND_ORDER",
    "FieldName",
    "Hit",
    "RecordKind",
    "normalise_query",
    "prepare_index",
    "score_text",
    "search",
    "searchable",
]

RecordKind = Literal["character", "group", "place", "theme", "symbol", "event", "quote"]
FieldName = Literal["name", "alias", "description", "text", "variant"]

_SHORT: frozenset[FieldName] = frozenset({"name", "alias"})
_WEIGHT: dict[FieldName, float] = {
    "name": 1.0,
    "alias": 1.0,
    "text": 0.95,
    "variant": 0.95,
    "description": 0.85,
}
_SHORT_CUTOFF = 70.0
_LONG_CUTOFF = 88.0
KIND_ORDER: dict[RecordKind, int] = {
    "character": 0,
    "group": 1,
    "place": 2,
    "theme": 3,
    "symbol": 4,
    "event": 5,
    "quote": 6,
}


@dataclass(frozen=True, slots=True)
class Hit:
    """One record found by a search: its best-matching field and a score from 0 to 100."""

    kind: RecordKind
    slug: str
    field: FieldName
    matched: str
    score: float


@dataclass(frozen=True, slots=True)
class _Entry:
    kind: RecordKind
    slug: str
    field: FieldName
    text: str
    prepared: str
    revealed: int
    holds: frozenset[int] | None  # None: always shown once revealed (entities)


def _entries(work: LoadedWork) -> Iterator[_Entry]:
    periods = work.periods

    def entry(
        kind: RecordKind,
        slug: str,
        field: FieldName,
        text: str,
        revealed: str,
        holds: list[str] | None = None,
    ) -> _Entry:
        frozen = None if holds is None else frozenset(periods[p] for p in holds)
        return _Entry(kind, slug, field, text, utils.default_process(text), periods[revealed], frozen)

    entities: list[tuple[RecordKind, Character | Group | Place]] = []
    entities += [("character", c) for c in work.characters.values()]
    entities += [("group", g) for g in work.groups.values()]
    entities += [("place", p) for p in work.places.values()]
    for kind, rec in entities:
        yield entry(kind, rec.slug, "name", rec.name, rec.introduced)
        for alias in rec.aliases:
            yield entry(kind, rec.slug, "alias", alias, rec.introduced)
        yield entry(kind, rec.slug, "description", rec.description, rec.introduced)
    first = work.data.work.periods[0].slug
    for theme in work.themes.values():
        yield entry("theme", theme.slug, "name", theme.name, first)
        yield entry("theme", theme.slug, "description", theme.description, first)
    for symbol in work.symbols.values():
        yield entry("symbol", symbol.slug, "name", symbol.name, first)
        yield entry("symbol", symbol.slug, "description", symbol.description, first)
    for event in work.events.values():
        yield entry("event", event.slug, "name", event.name, event.revealed, event.holds)
        yield entry("event", event.slug, "description", event.summary, event.revealed, event.holds)
    for quote in work.quotes.values():
        yield entry("quote", quote.slug, "text", quote.text, quote.revealed, quote.holds)
        for variant in quote.variants:
            yield entry("quote", quote.slug, "variant", variant, quote.revealed, quote.holds)


@per_work(maxsize=1)
def _index(work: LoadedWork) -> tuple[_Entry, ...]:
    """Every searchable field of a work, normalised once (works are immutable once loaded)."""
    return tuple(_entries(work))


def searchable(work: LoadedWork) -> Iterator[tuple[RecordKind, str, FieldName, str]]:
    """Every searchable field of a work as (kind, slug, field, text), in the order search scores
    them (graphservice/search_index.py indexes these)."""
    for entry in _index(work):
        yield entry.kind, entry.slug, entry.field, entry.text


def prepare_index(work: LoadedWork) -> None:
    """Build a work's search index now rather than on the first search."""
    _index(work)


def score_text(query: str, field: FieldName, prepared: str) -> float:
    """How well a normalised ``query`` matches a field's ``prepared`` (normalised) text, weighted
    by the field; 0 below the cut-off. One scoring for a work's search and the library's."""
    if field in _SHORT:
        raw = fuzz.WRatio(query, prepared, processor=None, score_cutoff=_SHORT_CUTOFF)
    else:
        # partial_ratio finds a phrase (with a slip) inside the text; token_set_ratio finds all the
        # query's words even when they are not next to each other.
        raw = max(
            fuzz.partial_ratio(query, prepared, processor=None, score_cutoff=_LONG_CUTOFF),
            fuzz.token_set_ratio(query, prepared, processor=None, score_cutoff=_LONG_CUTOFF),
        )
    return raw * _WEIGHT[field]


MAX_QUERY_WORDS = 20
"""Most distinct words a search text may hold: a library's index looks each one up in its whole
vocabulary, so a text of thousands of words would cost seconds."""


def normalise_query(text: str) -> str:
    """The search text as it is scored (lower case, letters and digits); fewer than two of them,
    or more than MAX_QUERY_WORDS distinct words, is a bad argument."""
    query = utils.default_process(text)
    if len(query) < 2:
        raise InvalidArgumentError("search text must have at least two letters or digits")
    words = len(set(query.split()))
    if words > MAX_QUERY_WORDS:
        raise InvalidArgumentError(f"search text may hold at most {MAX_QUERY_WORDS} words; it has {words}")
    return query


def _shown(entry: _Entry, view: View) -> bool:
    if view.as_of is not None and entry.revealed > view.as_of:
        return False
    return view.during is None or entry.holds is None or view.during in entry.holds


def search(work: LoadedWork, text: str, *, limit: int = 10, view: View = View()) -> list[Hit]:
    """Records matching ``text``, best first; each record once, with its best-matching field."""
    query = normalise_query(text)
    check_range("limit", limit, 1, 50)
    best: dict[tuple[RecordKind, str], Hit] = {}
    for entry in _index(work):
        if not _shown(entry, view):
            continue
        score = score_text(query, entry.field, entry.prepared)
        key = (entry.kind, entry.slug)
        if score and (key not in best or score > best[key].score):
            best[key] = Hit(entry.kind, entry.slug, entry.field, entry.text, round(score, 1))
    ranked = sorted(best.values(), key=lambda h: (-h.score, KIND_ORDER[h.kind], h.slug))
    return ranked[:limit]
