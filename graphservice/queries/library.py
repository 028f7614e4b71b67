"""Questions across the works served: one search over all of them, and a name looked up in each."""

from __future__ import annotations

from collections.abc import Sequence

from graphservice.catalog import LoadedWork, WorkEntry
from graphservice.model import Character
from graphservice.queries.search import Hit, search

__all__ = ["characters_named", "matching_works", "search_everywhere"]


def _words(text: str) -> list[str]:
    return text.casefold().split()


def matching_works(
    works: Sequence[WorkEntry],
    *,
    title: str | None = None,
    author: str | None = None,
    text: str | None = None,
) -> list[WorkEntry]:
    """The works, in their order, whose title holds every word of ``title``, whose author holds
    every word of ``author``, and whose title, author and description hold every word of
    ``text`` (each ignoring case, in any order; a filter not given matches every work). Works
    are matched by their entries: none is loaded."""

    def holds(haystack: str, needle: str | None) -> bool:
        found = haystack.casefold()
        return needle is None or all(word in found for word in _words(needle))

    return [
        work
        for work in works
        if holds(work.header.title, title)
        and holds(work.header.author, author)
        and holds(" ".join((work.header.title, work.header.author, work.header.description)), text)
    ]


def search_everywhere(
    works: Sequence[LoadedWork], text: str, *, limit: int = 10
) -> list[tuple[LoadedWork, Hit]]:
    """The best ``limit`` records matching ``text`` in any work, each with its work; ranked by
    score as one list (ties in the works' order), over each work's whole story."""
    found = [
        (index, work, hit) for index, work in enumerate(works) for hit in search(work, text, limit=limit)
    ]
    found.sort(key=lambda row: (-row[2].score, row[0]))
    return [(work, hit) for _, work, hit in found[:limit]]


def characters_named(works: Sequence[LoadedWork], name: str) -> list[tuple[LoadedWork, Character]]:
    """Every character, in any work, whose name or an alias is ``name`` (ignoring case and outer
    spaces), in the works' order and each work's data-file order."""
    wanted = name.strip().casefold()
    return [
        (work, character)
        for work in works
        for character in work.characters.values()
        if wanted in {character.name.casefold(), *(alias.casefold() for alias in character.aliases)}
    ]
