"""Drafted records through the API: `drafted` on every record that has it, `confidence` on
relationships, place links, attributions and graph edges (1.0 when curated), and `minConfidence`
on the graph view, relationship lists and neighbours."""

from __future__ import annotations

from typing import Any

import pytest

from graphservice.api.context import Context
from graphservice.api.schema import schema
from graphservice.catalog import Catalog, load_catalog

from ..conftest import FIXTURES, Run, nodes

DRAFTED = FIXTURES / "drafted.yaml"
_RELATIONSHIP_KINDS = "[PARENT, CONVERSATION, ACQUAINTANCE]"  # every kind but membership
_LINKS = "edges { node { slug confidence drafted { method } } }"


@pytest.fixture(scope="module")
def drafted_catalog() -> Catalog:
    return load_catalog([DRAFTED])


def _run(catalog: Catalog, query: str) -> Any:
    result = schema.execute_sync(query, context_value=Context(catalog))
    assert result.errors is None, [e.formatted for e in result.errors]
    return result.data


def _errors(catalog: Catalog, query: str) -> list[dict[str, Any]]:
    result = schema.execute_sync(query, context_value=Context(catalog))
    assert result.errors, f"expected errors, got data {result.data}"
    return [dict(e.formatted) for e in result.errors]


def test_entities_carry_their_provenance(drafted_catalog: Catalog) -> None:
    data = _run(
        drafted_catalog,
        """{
          characters { edges { node { slug drafted { method confidence count } } } }
          groups { edges { node { slug drafted { method confidence count } } } }
          places { edges { node { slug drafted { method confidence count } } } }
        }""",
    )
    assert {n["slug"]: n["drafted"] for n in nodes(data["characters"])} == {
        "mara": None,
        "tobin": {"method": "speech-tag", "confidence": 0.9, "count": 14},
        "ilse": {"method": "speech-tag", "confidence": 0.5, "count": None},
    }
    assert {n["slug"]: n["drafted"] for n in nodes(data["groups"])} == {
        "ferry-hands": None,
        "bargemen": {"method": "co-occurrence", "confidence": 0.35, "count": 2},
    }
    assert {n["slug"]: n["drafted"] for n in nodes(data["places"])} == {
        "the-landing": None,
        "mill-house": {"method": "place-preposition", "confidence": 0.7, "count": 3},
    }


def test_entity_interface_exposes_drafted(drafted_catalog: Catalog) -> None:
    data = _run(
        drafted_catalog, '{ neighbours(of: "mara") { edges { node { node { slug drafted { method } } } } } }'
    )
    found = {n["node"]["slug"]: n["node"]["drafted"] for n in nodes(data["neighbours"])}
    assert found == {"tobin": {"method": "speech-tag"}, "ilse": {"method": "speech-tag"}, "ferry-hands": None}


def test_relationships_and_place_links_carry_drafted_and_confidence(drafted_catalog: Catalog) -> None:
    data = _run(
        drafted_catalog,
        f"""{{
          relationships(kinds: {_RELATIONSHIP_KINDS}) {{
            edges {{ node {{ slug confidence drafted {{ method confidence count }} }} }}
          }}
          character(slug: "ilse") {{ places {{ {_LINKS} }} }}
          place(slug: "the-landing") {{ links {{ {_LINKS} }} }}
        }}""",
    )
    assert nodes(data["relationships"]) == [
        {"slug": "mara-tobin-parent", "confidence": 1.0, "drafted": None},
        {
            "slug": "mara-ilse-conversation",
            "confidence": 0.8,
            "drafted": {"method": "turn-taking", "confidence": 0.8, "count": 6},
        },
        {
            "slug": "tobin-ilse-acquaintance",
            "confidence": 0.3,
            "drafted": {"method": "co-occurrence", "confidence": 0.3, "count": 2},
        },
    ]
    assert nodes(data["character"]["places"]) == [
        {"slug": "ilse-mill-house", "confidence": 0.45, "drafted": {"method": "place-preposition"}}
    ]
    assert nodes(data["place"]["links"]) == [{"slug": "mara-landing", "confidence": 1.0, "drafted": None}]


def test_quotes_and_attributions_carry_provenance(drafted_catalog: Catalog) -> None:
    data = _run(
        drafted_catalog,
        """{ quotes { edges { node {
              slug drafted { method confidence count }
              attributions { speaker { slug } confidence drafted { method confidence } }
        } } } }""",
    )
    assert nodes(data["quotes"]) == [
        {
            "slug": "ice-will-go",
            "drafted": {"method": "speech-tag", "confidence": 0.75, "count": None},
            "attributions": [
                {"speaker": {"slug": "mara"}, "confidence": 1.0, "drafted": None},
                {
                    "speaker": {"slug": "tobin"},
                    "confidence": 0.25,
                    "drafted": {"method": "turn-taking", "confidence": 0.25},
                },
            ],
        }
    ]


def test_curated_records_are_certain(gql: Run) -> None:
    data = gql(
        """{
          relationships { edges { node { confidence drafted { method } } } }
          graph(includePlaces: true) { edges { confidence } }
          quotes { edges { node { drafted { method } attributions { confidence drafted { method } } } } }
          characters { edges { node { drafted { method } } } }
        }"""
    )
    assert {(n["confidence"], n["drafted"]) for n in nodes(data["relationships"])} == {(1.0, None)}
    assert {e["confidence"] for e in data["graph"]["edges"]} == {1.0}
    assert {n["drafted"] is None for n in nodes(data["quotes"])} == {True}
    attributions = [a for n in nodes(data["quotes"]) for a in n["attributions"]]
    assert {(a["confidence"], a["drafted"]) for a in attributions} == {(1.0, None)}
    assert {n["drafted"] is None for n in nodes(data["characters"])} == {True}


def _graph(catalog: Catalog, least: str) -> dict[str, float]:
    data = _run(
        catalog, f"{{ graph(includePlaces: true{least}) {{ edges {{ slug category confidence }} }} }}"
    )
    return {e["slug"]: e["confidence"] for e in data["graph"]["edges"] if e["category"] != "MEMBERSHIP"}


def test_graph_edges_show_their_confidence(drafted_catalog: Catalog) -> None:
    assert _graph(drafted_catalog, "") == {
        "mara-tobin-parent": 1.0,
        "mara-ilse-conversation": 0.8,
        "tobin-ilse-acquaintance": 0.3,
        "mara-landing": 1.0,
        "ilse-mill-house": 0.45,
    }


@pytest.mark.parametrize(
    ("least", "kept"),
    [
        (
            0,
            {
                "mara-tobin-parent",
                "mara-ilse-conversation",
                "tobin-ilse-acquaintance",
                "mara-landing",
                "ilse-mill-house",
            },
        ),
        (0.45, {"mara-tobin-parent", "mara-ilse-conversation", "mara-landing", "ilse-mill-house"}),
        (0.5, {"mara-tobin-parent", "mara-ilse-conversation", "mara-landing"}),
        (0.8, {"mara-tobin-parent", "mara-ilse-conversation", "mara-landing"}),  # equal to it is kept
        (0.81, {"mara-tobin-parent", "mara-landing"}),
        (1, {"mara-tobin-parent", "mara-landing"}),
    ],
)
def test_min_confidence_filters_graph_edges(drafted_catalog: Catalog, least: float, kept: set[str]) -> None:
    assert set(_graph(drafted_catalog, f", minConfidence: {least}")) == kept


def test_min_confidence_keeps_graph_nodes(drafted_catalog: Catalog) -> None:
    data = _run(
        drafted_catalog, "{ all: graph { nodes { slug } } sure: graph(minConfidence: 1) { nodes { slug } } }"
    )
    assert data["sure"]["nodes"] == data["all"]["nodes"]


@pytest.mark.parametrize(
    ("least", "kept"),
    [
        ("", ["mara-tobin-parent", "mara-ilse-conversation", "tobin-ilse-acquaintance"]),
        (", minConfidence: 0.5", ["mara-tobin-parent", "mara-ilse-conversation"]),
        (", minConfidence: 1.0", ["mara-tobin-parent"]),
    ],
)
def test_min_confidence_filters_relationship_lists(
    drafted_catalog: Catalog, least: str, kept: list[str]
) -> None:
    data = _run(
        drafted_catalog,
        f"""{{
          relationships(kinds: {_RELATIONSHIP_KINDS}{least}) {{ totalCount edges {{ node {{ slug }} }} }}
          character(slug: "mara") {{
            relationships(kinds: {_RELATIONSHIP_KINDS}{least}) {{ edges {{ node {{ slug }} }} }}
          }}
        }}""",
    )
    assert data["relationships"]["totalCount"] == len(kept)
    assert [n["slug"] for n in nodes(data["relationships"])] == kept
    assert [n["slug"] for n in nodes(data["character"]["relationships"])] == [s for s in kept if "mara" in s]


@pytest.mark.parametrize(("least", "kept"), [("", ["mara", "tobin"]), (", minConfidence: 0.5", ["mara"])])
def test_min_confidence_filters_neighbours(drafted_catalog: Catalog, least: str, kept: list[str]) -> None:
    data = _run(
        drafted_catalog,
        f"""{{
          neighbours(of: "ilse"{least}) {{ edges {{ node {{ node {{ slug }} }} }} }}
          character(slug: "ilse") {{
            neighbours(depth: 2{least}) {{ edges {{ node {{ distance node {{ slug }} }} }} }}
          }}
        }}""",
    )
    assert [n["node"]["slug"] for n in nodes(data["neighbours"])] == kept
    # Two steps out: without the acquaintance Tobin is still reached, through Mara.
    assert {n["node"]["slug"] for n in nodes(data["character"]["neighbours"])} >= {"mara", "tobin"}
    distance = {n["node"]["slug"]: n["distance"] for n in nodes(data["character"]["neighbours"])}
    assert distance["tobin"] == (1 if least == "" else 2)


@pytest.mark.parametrize("least", ["-0.1", "1.01", "7"])
@pytest.mark.parametrize(
    "field",
    [
        "graph(minConfidence: {}) { edges { slug } }",
        "relationships(minConfidence: {}) { totalCount }",
        'neighbours(of: "mara", minConfidence: {}) { totalCount }',
        'character(slug: "mara") { relationships(minConfidence: {}) { totalCount } }',
        'character(slug: "mara") { neighbours(minConfidence: {}) { totalCount } }',
    ],
)
def test_out_of_range_min_confidence_is_bad_input(drafted_catalog: Catalog, field: str, least: str) -> None:
    (error,) = _errors(drafted_catalog, "{ " + field.replace("{}", least) + " }")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["message"] == f"minConfidence must be between 0 and 1; got {float(least)}"


def test_drafted_memberships_reach_their_edges(drafted_catalog: Catalog) -> None:
    data = _run(
        drafted_catalog,
        """{
          relationships(kinds: [MEMBERSHIP]) { edges { node { slug confidence drafted { method } } } }
          graph(minConfidence: 0.9, kinds: [MEMBERSHIP]) { edges { slug } }
        }""",
    )
    assert nodes(data["relationships"]) == [
        {"slug": "mara-member-of-ferry-hands", "confidence": 1.0, "drafted": None},
        {"slug": "tobin-member-of-ferry-hands", "confidence": 0.6, "drafted": {"method": "co-occurrence"}},
    ]
    assert data["graph"]["edges"] == [{"slug": "mara-member-of-ferry-hands"}]
