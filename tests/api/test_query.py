"""The core contract on the fixture work: every root field, nested fields, ids and errors."""

from __future__ import annotations

from strawberry.relay import GlobalID

from ..conftest import Run, RunErrors, nodes

ADA = str(GlobalID("Character", "carrow-point/ada"))


def test_character_by_slug_name_alias_and_global_id(gql: Run) -> None:
    expected = {"character": {"id": ADA, "slug": "ada", "name": "Ada Venn"}}
    for arg in ['slug: "ada"', 'name: "ada venn"', 'name: "Ada"', f'slug: "{ADA}"']:
        assert gql(f"{{ character({arg}) {{ id slug name }} }}") == expected


def test_node_fetches_by_global_id(gql: Run) -> None:
    data = gql("query($id: ID!) { node(id: $id) { ... on Character { name } } }", id=ADA)
    assert data == {"node": {"name": "Ada Venn"}}


def test_character_nested_fields(gql: Run) -> None:
    data = gql(
        """{ character(slug: "ada") {
            introduced { slug position }
            groups { edges { node { slug } } }
            places { edges { node { kind place { slug } } } }
            relationships(direction: OUT) { edges { node { slug kind directed } } }
            quotes(role: SPOKEN) { edges { node { slug } } }
        } }"""
    )
    ada = data["character"]
    assert {
        "introduced": ada["introduced"],
        "groups": nodes(ada["groups"]),
        "places": nodes(ada["places"]),
        "relationships": nodes(ada["relationships"]),
        "quotes": nodes(ada["quotes"]),
    } == {
        "introduced": {"slug": "act-1", "position": 1},
        "groups": [{"slug": "keepers"}],
        "places": [
            {"kind": "WORKED_AT", "place": {"slug": "lighthouse"}},
            {"kind": "VISITED", "place": {"slug": "village"}},
        ],
        "relationships": [
            {"slug": "ada-ben-friendship", "kind": "FRIENDSHIP", "directed": False},
            {"slug": "cora-ada-rivalry", "kind": "RIVALRY", "directed": False},
            {"slug": "ada-orrin-conflict", "kind": "CONFLICT", "directed": True},
            {"slug": "ada-member-of-keepers", "kind": "MEMBERSHIP", "directed": True},
        ],
        "quotes": [{"slug": "light-does-not-ask"}],
    }
    assert set(ada) == {"introduced", "groups", "places", "relationships", "quotes"}


def test_relationship_fields(gql: Run) -> None:
    data = gql(
        """{ relationships(kinds: [AUTHORITY]) { totalCount edges { node {
            source { __typename ... on Group { slug } } target { ... on Group { slug } }
            sentiment meaning revealed { slug } holds { slug } evidence { text locator } strength note
        } } } }"""
    )
    assert data["relationships"] == {
        "totalCount": 1,
        "edges": [
            {
                "node": {
                    "source": {"__typename": "Group", "slug": "council"},
                    "target": {"slug": "keepers"},
                    "sentiment": "NEUTRAL",
                    "meaning": "source holds authority over target",
                    "revealed": {"slug": "act-1"},
                    "holds": [{"slug": "act-1"}, {"slug": "act-2"}],
                    "evidence": [
                        {"text": "holds authority over the keepers", "locator": "Act One: The Light"}
                    ],
                    "strength": None,
                    "note": None,
                }
            }
        ],
    }


def test_relationships_as_of_and_during(gql: Run) -> None:
    query = (
        "query($a: String, $d: String) { relationships(asOf: $a, during: $d) { edges { node { slug } } } }"
    )

    def slugs(**v: str) -> set[str]:
        return {e["node"]["slug"] for e in gql(query, **v)["relationships"]["edges"]}

    assert "ben-cora-romance" not in slugs(a="act-1")
    assert "ben-cora-romance" in slugs(a="act-2")
    assert "cora-ada-rivalry" not in slugs(d="act-2")


def test_neighbours(gql: Run) -> None:
    data = gql(
        """{ neighbours(of: "ben", kinds: [FRIENDSHIP, ROMANCE], asOf: "act-2") {
            edges { node { distance node { ... on Character { slug } } relationships { kind } } }
        } }"""
    )
    assert nodes(data["neighbours"]) == [
        {"distance": 1, "node": {"slug": "ada"}, "relationships": [{"kind": "FRIENDSHIP"}]},
        {"distance": 1, "node": {"slug": "cora"}, "relationships": [{"kind": "ROMANCE"}]},
    ]


def test_shortest_path_with_evidence(gql: Run) -> None:
    data = gql(
        """{ shortestPath(from: "cora", to: "orrin") { __typename ... on Path { length
            nodes { ... on Character { slug } }
            steps { from { ... on Character { slug } } to { ... on Character { slug } } forward
                    relationship { kind evidence { text } } } } } }"""
    )
    assert data["shortestPath"] == {
        "__typename": "Path",
        "length": 2,
        "nodes": [{"slug": "cora"}, {"slug": "ada"}, {"slug": "orrin"}],
        "steps": [
            {
                "from": {"slug": "cora"},
                "to": {"slug": "ada"},
                "forward": True,
                "relationship": {
                    "kind": "RIVALRY",
                    "evidence": [{"text": "Cora Lind, the new assistant, resents Ada"}],
                },
            },
            {
                "from": {"slug": "ada"},
                "to": {"slug": "orrin"},
                "forward": True,
                "relationship": {"kind": "CONFLICT", "evidence": [{"text": "Orrin refuses to listen"}]},
            },
        ],
    }


def test_shortest_path_says_why_when_there_is_none(gql: Run) -> None:
    result = "__typename ... on Path { length } ... on NoPath { reason }"
    # The hermit appears in no relationship at all.
    assert gql(f'{{ shortestPath(from: "ada", to: "hermit") {{ {result} }} }}') == {
        "shortestPath": {"__typename": "NoPath", "reason": "DISCONNECTED"}
    }
    # Only Ada -> Orrin is a conflict: the direction cuts the path that the graph has.
    assert gql(
        f'{{ shortestPath(from: "orrin", to: "ada", directed: true, kinds: [CONFLICT]) {{ {result} }} }}'
    ) == {"shortestPath": {"__typename": "NoPath", "reason": "FILTERED_OUT"}}


def test_paths(gql: Run) -> None:
    data = gql('{ paths(from: "cora", to: "orrin", maxLength: 3, limit: 5) { length } }')
    assert data == {"paths": [{"length": 2}, {"length": 3}]}


def test_quotes_disputed_speaker(gql: Run) -> None:
    data = gql(
        """{ quotes(speaker: "orrin") { totalCount edges { node {
            text speaker { slug } disputed attributions { speaker { slug } basis evidence { text } }
        } } } }"""
    )
    assert data["quotes"]["edges"][0]["node"] == {
        "text": "Some of us are lamps and some of us are moths,",
        "speaker": None,
        "disputed": True,
        "attributions": [
            {"speaker": {"slug": "orrin"}, "basis": "STATED", "evidence": [{"text": "said Orrin"}]},
            {
                "speaker": {"slug": "ben"},
                "basis": "STATED",
                "evidence": [{"text": "the parish record gives the line to Ben"}],
            },
        ],
    }


def test_quote_links(gql: Run) -> None:
    data = gql(
        """{ quotes(contains: "who is at sea") { edges { node {
            speaker { slug } addressees { ... on Character { slug } }
            about { __typename ... on Place { slug } }
            themes { slug quotes { slug } } revealed { slug } holds { slug } locators kind
        } } } }"""
    )
    assert data["quotes"]["edges"] == [
        {
            "node": {
                "speaker": {"slug": "ada"},
                "addressees": [{"slug": "cora"}],
                "about": [{"__typename": "Place", "slug": "lighthouse"}],
                "themes": [{"slug": "duty", "quotes": [{"slug": "light-does-not-ask"}]}],
                "revealed": {"slug": "act-1"},
                "holds": [{"slug": "act-1"}],
                "locators": ["Act One: The Light"],
                "kind": "SPEECH",
            }
        }
    ]


def test_groups_places_and_symbols(gql: Run) -> None:
    data = gql(
        """{ group(slug: "keepers") { members { edges { node { slug } } } }
            place(slug: "lighthouse") { within { slug } links { edges { node { character { slug } } } } }
            places { totalCount }
            groups { totalCount }
            symbols { edges { node { slug related { ... on Place { slug } } themes { slug } } } } }"""
    )
    assert nodes(data["group"]["members"]) == [{"slug": "ada"}, {"slug": "ben"}]
    assert data["place"]["within"] == {"slug": "carrow-point"}
    assert nodes(data["place"]["links"]) == [{"character": {"slug": "ada"}}]
    assert data["places"] == {"totalCount": 3}
    assert data["groups"] == {"totalCount": 2}
    assert nodes(data["symbols"]) == [
        {"slug": "the-lamp", "related": [{"slug": "lighthouse"}], "themes": [{"slug": "duty"}]}
    ]


def test_pagination_forward_and_backward(gql: Run) -> None:
    first = gql(
        "{ characters(first: 2) { totalCount pageInfo { hasNextPage endCursor } edges { node { slug } } } }"
    )
    page = first["characters"]
    assert page["totalCount"] == 5 and page["pageInfo"]["hasNextPage"]
    assert [e["node"]["slug"] for e in page["edges"]] == ["ada", "ben"]
    cursor = page["pageInfo"]["endCursor"]
    rest = gql("query($c: String) { characters(after: $c) { edges { node { slug } } } }", c=cursor)
    assert [e["node"]["slug"] for e in rest["characters"]["edges"]] == ["cora", "orrin", "hermit"]
    last = gql("{ characters(last: 1) { edges { node { slug } } } }")
    assert last["characters"]["edges"] == [{"node": {"slug": "hermit"}}]


def _codes(errors: list[dict[str, object]]) -> list[tuple[str, str]]:
    return [(str(e["message"]), e["extensions"]["code"]) for e in errors]  # type: ignore[index]


def test_not_found_has_code_and_suggestion(gql_errors: RunErrors) -> None:
    assert _codes(gql_errors('{ character(slug: "cor") { name } }')) == [
        ("character 'cor' not found in work 'carrow-point'; did you mean 'cora'?", "NOT_FOUND")
    ]
    assert _codes(gql_errors('{ neighbours(of: "Orin") { totalCount } }'))[0][1] == "NOT_FOUND"
    assert _codes(gql_errors('{ work(slug: "carrow") { title } }')) == [
        ("work 'carrow' not found; did you mean 'carrow-point'?", "NOT_FOUND")
    ]


def test_bad_arguments_are_bad_user_input(gql_errors: RunErrors) -> None:
    cases = [
        '{ neighbours(of: "ada", depth: -1) { totalCount } }',
        '{ neighbours(of: "ada", asOf: "act-9") { totalCount } }',
        '{ paths(from: "ada", to: "ben", maxLength: 50) { length } }',
        "{ characters(first: 1000) { totalCount } }",
        "{ characters(first: -1) { totalCount } }",
        '{ character(slug: "ada", name: "Ada") { slug } }',
        '{ node(id: "not-a-global-id") { id } }',
    ]
    for query in cases:
        assert [code for _, code in _codes(gql_errors(query))] == ["BAD_USER_INPUT"], query


def test_variable_of_wrong_type_is_bad_user_input(gql_errors: RunErrors) -> None:
    errors = gql_errors('query($d: Int!) { neighbours(of: "ada", depth: $d) { totalCount } }', d="deep")
    assert _codes(errors)[0][1] == "BAD_USER_INPUT"


def test_parse_and_validation_errors_have_codes(gql_errors: RunErrors) -> None:
    assert _codes(gql_errors("{ characters { "))[0][1] == "GRAPHQL_PARSE_FAILED"
    assert _codes(gql_errors("{ nothing }"))[0][1] == "GRAPHQL_VALIDATION_FAILED"
