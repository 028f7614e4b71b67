"""The schema: the committed SDL matches the code, and everything a GraphiQL user reads is described."""

from __future__ import annotations

from collections.abc import Iterator

from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLInterfaceType,
    GraphQLNamedType,
    GraphQLObjectType,
)

from graphservice.api.enums import PlaceLinkKindEnum, RelationshipKindEnum
from graphservice.api.schema import schema
from graphservice.schema_export import render
from graphservice.vocabulary import PLACE_LINK_KINDS, RELATIONSHIP_KINDS

from ..conftest import ROOT


def test_committed_artefacts_match_the_code() -> None:
    for name, text in render().items():
        committed = (ROOT / "schema" / name).read_text(encoding="utf-8")
        assert committed == text, f"schema/{name} is stale: run `graphservice export-schema`"


def _described_parts(name: str, gtype: GraphQLNamedType) -> Iterator[tuple[str, str | None]]:
    yield name, gtype.description
    if isinstance(gtype, (GraphQLObjectType, GraphQLInterfaceType, GraphQLInputObjectType)):
        for fname, field in gtype.fields.items():
            yield f"{name}.{fname}", field.description
            for aname, arg in getattr(field, "args", {}).items():
                yield f"{name}.{fname}({aname})", arg.description
    if isinstance(gtype, GraphQLEnumType):
        for value_name, value in gtype.values.items():
            yield f"{name}.{value_name}", value.description


def _undescribed() -> list[str]:
    builtin = {"String", "Int", "Boolean", "ID", "Float"}
    return [
        part
        for name, gtype in schema._schema.type_map.items()
        if not name.startswith("__") and name not in builtin
        for part, description in _described_parts(name, gtype)
        if not description
    ]


def test_every_type_field_argument_and_enum_value_is_described() -> None:
    assert _undescribed() == []


def test_kind_enums_match_the_vocabulary() -> None:
    assert [str(m.value) for m in RelationshipKindEnum] == [k.value for k in RELATIONSHIP_KINDS]
    assert [str(m.value) for m in PlaceLinkKindEnum] == [k.value for k in PLACE_LINK_KINDS]


def test_core_contract_names() -> None:
    sdl = schema.as_str()
    for fragment in [
        'interface Node {\n  """The Globally Unique ID of this object"""\n  id: ID!',
        "node(\n",
        "character(\n",
        "shortestPath(\n",
        "paths(\n",
        "neighbours(\n",
        "enum RelationshipKind",
        "type Evidence",
        "attributions: [Attribution!]!",
    ]:
        assert fragment in sdl, fragment
