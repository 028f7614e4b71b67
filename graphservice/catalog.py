"""Loaded works, indexed for lookup: the read-only state every query works from."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import networkx as nx

from graphservice.errors import InvalidArgumentError, NotFoundError
from graphservice.graph import build_graph
from graphservice.library import Skipped
from graphservice.loader import load_datasets
from graphservice.memo import Memo
from graphservice.model import (
    Character,
    Dataset,
    Event,
    Group,
    Place,
    PlaceLink,
    Quote,
    Relationship,
    Symbol,
    Theme,
    membership_slug,
)
from graphservice.model import Work as WorkHeader
from graphservice.shelf import BYTES_PER_FILE_BYTE, Shelf
from graphservice.suggest import did_you_mean
from graphservice.vocabulary import RelationshipKind, Sentiment

if TYPE_CHECKING:
    from graphservice.search_index import LibraryIndex

__all__ = ["EVERY_WORK_LIMIT", "Catalog", "Counts", "LoadedWork", "WorkEntry", "load_catalog"]


_R = TypeVar("_R", Character, Group, Place, Relationship, PlaceLink, Quote, Event, Theme, Symbol)


def _by_slug(records: Sequence[_R]) -> dict[str, _R]:
    return {r.slug: r for r in records}


def _memberships(data: Dataset) -> list[Relationship]:
    """Turn each character's memberships into MEMBERSHIP relationships (character -> group)."""
    return [
        Relationship(
            slug=membership_slug(c.slug, m.group),
            source=c.slug,
            target=m.group,
            kind=RelationshipKind.MEMBERSHIP,
            sentiment=Sentiment.NEUTRAL,
            revealed=m.revealed,
            holds=m.holds,
            evidence=m.evidence,
            drafted=m.drafted,
            disputes=m.disputes,
        )
        for c in data.characters
        for m in c.memberships
    ]


@dataclass(eq=False)
class LoadedWork:
    """One validated work with its graph and lookup tables. Compared and hashed by identity."""

    data: Dataset
    file: str
    graph: nx.MultiDiGraph[str] = field(init=False)
    periods: dict[str, int] = field(init=False)
    characters: dict[str, Character] = field(init=False)
    groups: dict[str, Group] = field(init=False)
    places: dict[str, Place] = field(init=False)
    relationships: dict[str, Relationship] = field(init=False)
    place_links: dict[str, PlaceLink] = field(init=False)
    quotes: dict[str, Quote] = field(init=False)
    events: dict[str, Event] = field(init=False)
    themes: dict[str, Theme] = field(init=False)
    symbols: dict[str, Symbol] = field(init=False)
    memo: Memo = field(init=False, default_factory=Memo, repr=False)
    """What queries computed from this work and keep while it is served (graphservice/memo.py)."""

    def __post_init__(self) -> None:
        data = self.data
        self.periods = {p.slug: i for i, p in enumerate(data.work.periods)}
        relationships = [*data.relationships, *_memberships(data)]
        self.characters = _by_slug(data.characters)
        self.groups = _by_slug(data.groups)
        self.places = _by_slug(data.places)
        self.relationships = _by_slug(relationships)
        self.place_links = _by_slug(data.place_links)
        self.quotes = _by_slug(data.quotes)
        self.events = _by_slug(data.events)
        self.themes = _by_slug(data.themes)
        self.symbols = _by_slug(data.symbols)
        self.graph = build_graph(data, relationships, self.periods)

    @property
    def slug(self) -> str:
        """The work's slug."""
        return self.data.work.slug

    def period_index(self, slug: str) -> int:
        """Position of a period in reading order; an unknown slug is a bad argument."""
        try:
            return self.periods[slug]
        except KeyError:
            known = ", ".join(self.periods)
            hint = did_you_mean(slug, self.periods)
            raise InvalidArgumentError(
                f"unknown period '{slug}' in work '{self.slug}'{hint} (periods: {known})"
            ) from None

    def period_slug(self, index: int) -> str:
        """The slug of the period at a reading-order position."""
        return self.data.work.periods[index].slug


EVERY_WORK_LIMIT = 200
"""Most works of a lazy library one question across every work may read (``every_work``)."""


@dataclass(frozen=True, slots=True)
class Counts:
    """How many records a work has, as its listing says without loading it."""

    characters: int
    relationships: int
    """Memberships included, as ``LoadedWork.relationships`` counts them."""
    quotes: int


@dataclass(frozen=True, slots=True)
class WorkEntry:
    """What lists a work without loading it: its data file's ``work`` header and its counts."""

    header: WorkHeader
    file: str
    counts: Counts
    size: int = 0
    """Bytes of the data file (what a lazy library charges a loaded work for)."""
    digest: str = ""
    """Of the data file's bytes when listed ("" for a work listed from its loaded self)."""
    stamp: tuple[int, int, int] | None = None
    """The data file's inode, size and modification time when listed (graphservice/listing.py)."""

    @property
    def slug(self) -> str:
        return self.header.slug

    @classmethod
    def of(cls, work: LoadedWork) -> WorkEntry:
        """The entry of a loaded work."""
        counts = Counts(len(work.characters), len(work.relationships), len(work.quotes))
        return cls(work.data.work, work.file, counts)


class Catalog:
    """Every work the service answers for, in order; the first is the default.

    Built from loaded works, it holds them all. A lazy catalog (``Catalog.lazy``) holds only the
    works' entries, and each work is loaded on first use onto a shelf bounded by a memory budget
    (graphservice/shelf.py). Either way, ``entries`` lists the works without loading any, and
    ``work`` gives one, loaded.
    """

    __slots__ = ("_all", "_index", "_shelf", "entries", "failures", "search_index")

    def __init__(self, works: Sequence[LoadedWork]) -> None:
        self.entries: tuple[WorkEntry, ...] = tuple(WorkEntry.of(w) for w in works)
        self._index = {e.slug: i for i, e in enumerate(self.entries)}
        self._all: tuple[LoadedWork, ...] | None = tuple(works)
        self._shelf: Shelf[str, LoadedWork] | None = None
        self.failures: dict[str, Skipped] = {}
        """A lazy catalog's works whose data file failed to load on first use, by slug."""
        self.search_index: LibraryIndex | None = None
        """A lazy catalog's index for searching every work (graphservice/search_index.py), when
        SQLite has FTS5."""

    @classmethod
    def lazy(
        cls, entries: Sequence[WorkEntry], load: Callable[[WorkEntry], LoadedWork], budget: int
    ) -> Catalog:
        """A catalog of ``entries`` whose works ``load`` loads on first use, kept while their
        charges fit in ``budget`` bytes (see graphservice/shelf.py)."""
        catalog = cls(())
        catalog.entries = tuple(entries)
        catalog._index = {e.slug: i for i, e in enumerate(catalog.entries)}
        catalog._all = None
        by_slug = {e.slug: e for e in catalog.entries}
        catalog._shelf = Shelf(
            lambda slug: load(by_slug[slug]), lambda slug: by_slug[slug].size * BYTES_PER_FILE_BYTE, budget
        )
        return catalog

    @property
    def is_lazy(self) -> bool:
        """Whether works are loaded on first use (else all are loaded)."""
        return self._shelf is not None

    @property
    def shelf(self) -> Shelf[str, LoadedWork] | None:
        """A lazy catalog's loaded works (None when all are loaded)."""
        return self._shelf

    @property
    def slugs(self) -> list[str]:
        """Every work's slug, in order."""
        return [e.slug for e in self.entries]

    def __len__(self) -> int:
        return len(self.entries)

    def __contains__(self, slug: object) -> bool:
        return slug in self._index

    def position(self, slug: str) -> int:
        """The work's place in the catalog's order (a work not served comes last)."""
        return self._index.get(slug, len(self.entries))

    def entry(self, slug: str | None = None) -> WorkEntry:
        """The entry of the work with this slug (the default work's when None); NOT_FOUND,
        with a did-you-mean, for a slug no work has."""
        if slug is None:
            return self.entries[0]
        index = self._index.get(slug)
        if index is None:
            hint = did_you_mean(slug, self._index)
            raise NotFoundError(f"work '{slug}' not found{hint}")
        return self.entries[index]

    def work(self, slug: str | None = None) -> LoadedWork:
        """The work with this slug, or the default work when ``slug`` is None; loaded."""
        entry = self.entry(slug)
        if self._all is not None:
            return self._all[self._index[entry.slug]]
        assert self._shelf is not None
        return self._shelf.get(entry.slug)

    @property
    def works(self) -> tuple[LoadedWork, ...]:
        """Every work, loaded: in a lazy catalog this loads each (mind the budget)."""
        if self._all is not None:
            return self._all
        return tuple(self.work(e.slug) for e in self.entries)

    @property
    def is_large(self) -> bool:
        """A lazy catalog of more than EVERY_WORK_LIMIT works: too many to load for one question."""
        return self._shelf is not None and len(self.entries) > EVERY_WORK_LIMIT

    def every_work(self, asked: str) -> tuple[LoadedWork, ...]:
        """Every work, loaded, for a question ``asked`` across the library (see ``every_entry``)."""
        self.every_entry(asked)
        return self.works

    def every_entry(self, asked: str) -> tuple[WorkEntry, ...]:
        """Every work's entry, for a question ``asked`` across the library; in a lazy catalog of
        more than EVERY_WORK_LIMIT works, that question is BAD_USER_INPUT saying so (loading
        thousands of works, or answering with all of them, for one small request would hold a
        process for seconds to minutes)."""
        if self.is_large:
            raise InvalidArgumentError(
                f"{asked} reads every work, and this library holds {len(self.entries)} (at most "
                f"{EVERY_WORK_LIMIT} at once): find the works with `library(...)` and ask each, by `work`"
            )
        return self.entries

    def loaded(self, slug: str) -> LoadedWork | None:
        """The work if it is loaded now, without loading it."""
        if self._all is not None:
            return self._all[self._index[slug]] if slug in self._index else None
        assert self._shelf is not None
        return self._shelf.peek(slug)


def load_catalog(paths: Sequence[Path]) -> Catalog:
    """Load and validate every data file; raises DataError naming every problem found."""
    if not paths:
        raise InvalidArgumentError("no data files given")
    return Catalog(tuple(LoadedWork(d, str(p)) for d, p in zip(load_datasets(paths), paths, strict=True)))
