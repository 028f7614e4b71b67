"""The query root. Its fields live in :mod:`graphservice.api.root`, one module per family
(records, story, graph, paths, compare); each field parses its arguments, calls one domain query and maps
the result. The families are joined here in the order the schema lists their fields."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graphservice.api import args
from graphservice.api.context import Info
from graphservice.api.root.compare import CompareFields
from graphservice.api.root.graph import GraphFields
from graphservice.api.root.paths import PathFields
from graphservice.api.root.records import RecordFields
from graphservice.api.root.story import StoryFields
from graphservice.api.types.entities import Character
from graphservice.api.types.search import SearchHit
from graphservice.catalog import Catalog
from graphservice.errors import InvalidArgumentError
from graphservice.queries.library import characters_named, search_everywhere
from graphservice.queries.search import search as find
from graphservice.queries.views import View, make_view

__all__ = ["Query"]


@strawberry.type(description="Ask about the characters, places, relationships and quotes of a work.")
class Query(RecordFields, StoryFields, GraphFields, PathFields, CompareFields):
    @strawberry.field(
        description="Find characters, groups, places, themes, symbols, scenes and quotes by name, alias, "
        "description, summary or text; typo-tolerant and ranked, best first."
    )
    def search(
        self,
        info: Info,
        text: Annotated[
            str,
            strawberry.argument(
                description="What to look for, e.g. `Marie-Claude` or `tomy` (at most 20 words)."
            ),
        ],
        limit: Annotated[int, strawberry.argument(description="Most results to return (1 to 50).")] = 10,
        as_of: args.AsOf = None,
        during: args.During = None,
        work: args.WorkArg = None,
        all_works: Annotated[
            bool,
            strawberry.argument(
                description="Search every work served, as one ranked list (each hit names its work); "
                "over each whole story, so not with `work`, `asOf` or `during`. In a large library "
                "this answers from a search index built after start-up: until it holds every work, "
                "the error SEARCH_INDEX_NOT_READY asks to try again."
            ),
        ] = False,
    ) -> list[SearchHit]:
        if all_works:
            if work is not None or as_of is not None or during is not None:
                raise InvalidArgumentError(
                    "`allWorks` searches every whole story: give no `work`, `asOf` or `during`"
                )
            return _search_every_work(info.context.catalog, text, limit)
        loaded = info.context.catalog.work(work)
        view = make_view(loaded, as_of, during)
        return [
            SearchHit.from_domain(loaded, hit, view) for hit in find(loaded, text, limit=limit, view=view)
        ]

    @strawberry.field(
        description="Characters of any work whose name or an alias is this name (ignoring case), in "
        "the works' order: one name looked up across the library."
    )
    def characters_named(
        self,
        info: Info,
        name: Annotated[str, strawberry.argument(description="A name or alias, e.g. `Poole`.")],
    ) -> list[Character]:
        return [
            Character.from_record(w, c)
            for w, c in characters_named(info.context.catalog.every_work("`charactersNamed`"), name)
        ]


def _search_every_work(catalog: Catalog, text: str, limit: int) -> list[SearchHit]:
    """A library's search index answers when it holds every work, and for a library of more
    than EVERY_WORK_LIMIT works (which says, until then, that it is being built); otherwise each
    work is loaded and searched (see graphservice/search_index.py for what differs)."""
    index = catalog.search_index
    if index is not None and (catalog.is_large or index.ready_for(catalog)):
        found = index.search(catalog, text, limit=limit)
        return [SearchHit.from_entry(catalog.entry(w), hit) for w, hit in found]
    works = catalog.every_work("`search(allWorks: true)`")
    return [SearchHit.from_domain(w, hit, View()) for w, hit in search_everywhere(works, text, limit=limit)]
