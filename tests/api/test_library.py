"""`search(allWorks:)` and `charactersNamed`: questions across the works served."""

from __future__ import annotations

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
