"""`search(allWorks:)` and `charactersNamed`: questions across the works served."""

from __future__ import annotations

from graphservice.catalog import Catalog

from ..conftest import Run, RunErrors


def test_search_every_work_names_each_hits_work(both_gql: Run) -> None:
    data = both_gql(
        '{ search(text: "ada", allWorks: true, limit: 3) { score work { slug } node { __typename } } }'
    )
    hits = data["search"]
    assert hits[0]["work"]["slug"] == "carrow-point"
    assert {h["work"]["slug"] for h in hits} <= {"carrow-point", "never-let-me-go"}


def test_search_of_one_work_still_names_it(both_gql: Run) -> None:
    data = both_gql('{ search(text: "kathy", limit: 1) { work { slug } } }')
    assert data["search"] == [{"work": {"slug": "never-let-me-go"}}]


def test_all_works_with_a_work_or_a_view_is_bad_input(gql_errors: RunErrors) -> None:
    for extra in ('work: "carrow-point"', 'asOf: "act-1"'):
        (error,) = gql_errors(f'{{ search(text: "ada", allWorks: true, {extra}) {{ score }} }}')
        assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_characters_named_across_works(both_gql: Run) -> None:
    data = both_gql('{ a: charactersNamed(name: "Ada") { slug } k: charactersNamed(name: "kathy") { slug } }')
    assert data == {"a": [{"slug": "ada"}], "k": [{"slug": "kathy-h"}]}


def test_library_pages_and_filters_the_works(three_gql: Run) -> None:
    query = "query Page($after: String) { library(first: 2, after: $after) { totalCount %s } }"
    page = three_gql(query % "pageInfo { hasNextPage endCursor } edges { node { slug } }")["library"]
    assert page["totalCount"] == 3 and page["pageInfo"]["hasNextPage"]
    assert [e["node"]["slug"] for e in page["edges"]] == ["carrow-point", "wren-crossing"]
    rest = three_gql(query % "edges { node { slug } }", after=page["pageInfo"]["endCursor"])
    assert [e["node"]["slug"] for e in rest["library"]["edges"]] == ["minimal"]
    found = three_gql('{ library(text: "river winter") { totalCount edges { node { slug author } } } }')
    assert found["library"] == {
        "totalCount": 1,
        "edges": [{"node": {"slug": "wren-crossing", "author": "Test Fixture"}}],
    }


def test_library_refuses_a_page_too_large(three_catalog: Catalog) -> None:
    from tests.conftest import _error_runner

    (error,) = _error_runner(three_catalog)("{ library(first: 101) { totalCount } }")
    assert error["extensions"]["code"] == "BAD_USER_INPUT"


def test_compare_three_works(three_gql: Run) -> None:
    rows = three_gql("{ compare { work { slug } characters relationships density } }")["compare"]
    assert [r["work"]["slug"] for r in rows] == ["carrow-point", "wren-crossing", "minimal"]
    # Minimal: Anna and Bruno and their one friendship, so one pair of two possible.
    assert rows[2] == {"work": {"slug": "minimal"}, "characters": 2, "relationships": 1, "density": 1.0}
