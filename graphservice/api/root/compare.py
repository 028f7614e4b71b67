"""Root fields across works: their character networks side by side."""

from __future__ import annotations

from typing import Annotated

import strawberry

from graphservice.api.context import Info
from graphservice.api.types.compare import WorkComparison
from graphservice.catalog import EVERY_WORK_LIMIT
from graphservice.errors import InvalidArgumentError
from graphservice.queries.compare import measures

__all__ = ["CompareFields"]


@strawberry.type(description="Root fields that compare works.")
class CompareFields:
    @strawberry.field(
        description="Works side by side: each work's character network measured (size, density, clustering, "
        "centralisation, the main character's share, communities, relationship kinds), over the whole story; "
        "computed once per work and data version."
    )
    def compare(
        self,
        info: Info,
        works: Annotated[
            list[str] | None,
            strawberry.argument(
                description="Slugs of the works to compare, in this order; omit for every work."
            ),
        ] = None,
    ) -> list[WorkComparison]:
        catalog = info.context.catalog
        if works is None:
            chosen = list(catalog.every_work("`compare` without `works`"))
        else:
            if len(works) > EVERY_WORK_LIMIT:
                raise InvalidArgumentError(f"`compare` takes at most {EVERY_WORK_LIMIT} works at once")
            chosen = [catalog.work(slug) for slug in works]
        return [WorkComparison.from_domain(work, measures(work)) for work in chosen]
