"""Works side by side: the measures of each work's character network."""

from __future__ import annotations

import strawberry

from graphservice.api.enums import RelationshipKindEnum
from graphservice.api.types.entities import Character
from graphservice.api.types.work import Work
from graphservice.catalog import LoadedWork
from graphservice.queries.compare import WorkMeasures
from graphservice.queries.lookup import require

__all__ = ["KindShare", "WorkComparison"]


@strawberry.type(description="One relationship kind's share of a work's relationships between characters.")
class KindShare:
    kind: RelationshipKindEnum = strawberry.field(description="The relationship kind.")
    share: float = strawberry.field(description="Its share of the relationships, 0 to 1.")


@strawberry.type(
    description="One work's character network, measured as comparative studies of novels measure it: "
    "the characters, one tie per related pair over the whole story (memberships and places left out)."
)
class WorkComparison:
    work: Work = strawberry.field(description="The work measured.")
    characters: int = strawberry.field(description="Characters in the work.")
    pairs: int = strawberry.field(
        description="Related pairs of characters; several relationships between two count once."
    )
    relationships: int = strawberry.field(description="Relationships between characters, memberships aside.")
    density: float = strawberry.field(description="Related pairs over all possible pairs, 0 to 1.")
    clustering: float = strawberry.field(
        description="Average clustering coefficient: how often two of a character's ties are tied too."
    )
    centralisation: float = strawberry.field(
        description="Freeman's degree centralisation: 0 when every character is as connected, 1 for a star."
    )
    main_character: Character | None = strawberry.field(
        description="The character with the most ties (the first in the file on a tie); null if none."
    )
    main_share: float = strawberry.field(description="Share of the related pairs the main character is in.")
    components: int = strawberry.field(
        description="Connected parts of the network; a character with no tie is a part of its own."
    )
    communities: int = strawberry.field(
        description="Communities found by Louvain's method (seeded, so the same on every run)."
    )
    kinds: list[KindShare] = strawberry.field(description="Relationship kinds by share, largest first.")

    @classmethod
    def from_domain(cls, work: LoadedWork, found: WorkMeasures) -> WorkComparison:
        """Wrap one work's measures."""
        main = found.main_character
        return cls(
            work=Work.from_loaded(work),
            characters=found.characters,
            pairs=found.pairs,
            relationships=found.relationships,
            density=round(found.density, 6),
            clustering=round(found.clustering, 6),
            centralisation=round(found.centralisation, 6),
            main_character=None
            if main is None
            else Character.from_record(work, require(work.characters, main, "character", work)),
            main_share=round(found.main_share, 6),
            components=found.components,
            communities=found.communities,
            kinds=[KindShare(kind=RelationshipKindEnum(k), share=round(s, 6)) for k, s in found.kinds],
        )
