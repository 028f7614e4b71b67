"""Questions across the works served: one search over all of them, and a name looked up in each."""

from __future__ import annotations

from collections.abc import Sequence

from graphservice.catalog import LoadedWork, WorkEntry
from graphservice.errors import InvalidArgumentError
from graphservice.model import Character
from graphservice.queries.search import Hit, search

__all__ = ["characters_named", "matching_works", "search_everywhere"]


MAX_FILTER_WORDS = 20
"""Most distinct words one filter of ``matching_works`` may hold."""


def _words(text: str, name: str) -> set[str]:
    words = set(text.casefold().split())
    if len(words) > MAX_FILTER_WORDS:
        raise InvalidArgumentError(f"`{name}` may hold at most {MAX_FILTER_WORDS} words; it has {len(words)}")
    return words


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
    are matched by their entries: none is loaded. A filter of more than MAX_FILTER_WORDS distinct
    words is a bad argument."""
    filters = {"title": title, "author": author, "text": text}
    wanted = {part: _words(needle, part) for part, needle in filters.items() if needle is not None}

    def holds(work: WorkEntry) -> bool:
        h = work.header
        found = {"title": h.title, "author": h.author, "text": f"{h.title} {h.author} {h.description}"}
        return all(all(w in found[part].casefold() for w in words) for part, words in wanted.items())

    return [work for work in works if holds(work)]


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
