"""Loaded works, indexed for lookup: the read-only state every query works from."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import networkx as nx

from graphservice.errors import InvalidArgumentError, NotFoundError
from graphservice.graph import build_graph
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
from graphservice.suggest import did_you_mean
from graphservice.vocabulary import RelationshipKind, Sentiment

__all__ = ["Catalog", "LoadedWork", "load_catalog"]


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


@dataclass(frozen=True)
class Catalog:
    """Every work the service answers for, in the order given; the first is the default."""

    works: tuple[LoadedWork, ...]
    by_slug: Mapping[str, LoadedWork] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "by_slug", {w.slug: w for w in self.works})

    def work(self, slug: str | None = None) -> LoadedWork:
        """The work with this slug, or the default work when ``slug`` is None."""
        if slug is None:
            return self.works[0]
        try:
            return self.by_slug[slug]
        except KeyError:
            hint = did_you_mean(slug, self.by_slug)
            raise NotFoundError(f"work '{slug}' not found{hint}") from None


def load_catalog(paths: Sequence[Path]) -> Catalog:
    """Load and validate every data file; raises DataError naming every problem found."""
    if not paths:
        raise InvalidArgumentError("no data files given")
    return Catalog(tuple(LoadedWork(d, str(p)) for d, p in zip(load_datasets(paths), paths, strict=True)))
