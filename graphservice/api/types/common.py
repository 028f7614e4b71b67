"""Small value types shared by many others: evidence, periods, the source document."""

from __future__ import annotations

import strawberry

from graphservice import model
from graphservice.catalog import LoadedWork
from graphservice.queries.views import View

__all__ = [
    "DISPUTES",
    "Dispute",
    "DisputeVersion",
    "Evidence",
    "Period",
    "Source",
    "disputes_of",
    "evidence_list",
    "period_of",
    "periods_of",
]


@strawberry.type(description="A short phrase copied verbatim from the source, with where it stands.")
class Evidence:
    text: str = strawberry.field(description="The phrase, character for character as in the source.")
    locator: str = strawberry.field(
        description="Where the phrase stands in the source: the heading of its section."
    )


def evidence_list(items: list[model.Evidence]) -> list[Evidence]:
    """Map domain evidence to GraphQL evidence."""
    return [Evidence(text=e.text, locator=e.locator) for e in items]


DISPUTES = (
    "Points on which the source gives more than one account: every account is kept with its own "
    "evidence, none chosen. Empty when the source is consistent."
)


@strawberry.type(description="One account the source gives of a disputed point, with its evidence.")
class DisputeVersion:
    claim: str = strawberry.field(description="The account, in the curators' words.")
    evidence: list[Evidence] = strawberry.field(description="The source's words that give this account.")


@strawberry.type(
    description="A point on which the source contradicts itself or gives several readings; "
    "at least two versions, each with its own evidence."
)
class Dispute:
    about: str = strawberry.field(description="What is disputed, in the curators' words.")
    versions: list[DisputeVersion] = strawberry.field(
        description="The accounts, in the order the curator lists them."
    )


def disputes_of(items: list[model.Dispute]) -> list[Dispute]:
    """Map a record's domain disputes to GraphQL disputes."""
    return [
        Dispute(
            about=d.about,
            versions=[DisputeVersion(claim=v.claim, evidence=evidence_list(v.evidence)) for v in d.versions],
        )
        for d in items
    ]


@strawberry.type(description="A stretch of the story (e.g. a part of the book), in reading order.")
class Period:
    slug: str = strawberry.field(description="The period's slug, used in `asOf` and `during`.")
    name: str = strawberry.field(description="The period's display name.")
    description: str = strawberry.field(description="A short summary of the period.")
    position: int = strawberry.field(description="1 for the first period, 2 for the next, ...")


def period_of(work: LoadedWork, slug: str) -> Period:
    """The GraphQL period for a slug of ``work``."""
    index = work.periods[slug]
    p = work.data.work.periods[index]
    return Period(slug=p.slug, name=p.name, description=p.description, position=index + 1)


def periods_of(work: LoadedWork, slugs: list[str], view: View) -> list[Period]:
    """GraphQL periods for slugs, in reading order, leaving out those after the view's ``asOf``."""
    known = [s for s in slugs if view.knows_period(work.periods[s])]
    return [period_of(work, s) for s in sorted(known, key=work.periods.__getitem__)]


@strawberry.type(description="The document a work's records were taken from.")
class Source:
    title: str = strawberry.field(description="The source document's title.")
    description: str = strawberry.field(description="What kind of document it is.")
