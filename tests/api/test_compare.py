"""`compare`: works side by side, in the order asked."""

from __future__ import annotations

from ..conftest import Run, RunErrors


def test_every_work_measured_in_catalogue_order(both_gql: Run) -> None:
    data = both_gql(
        "{ compare { work { slug } characters pairs mainCharacter { slug } kinds { kind share } } }"
    )
    assert [row["work"]["slug"] for row in data["compare"]] == ["never-let-me-go", "carrow-point"]
    lighthouse = data["compare"][1]
    assert (lighthouse["characters"], lighthouse["pairs"], lighthouse["mainCharacter"]) == (
        5,
        4,
        {"slug": "ada"},
    )
    assert {k["kind"] for k in lighthouse["kinds"]} == {"CONFLICT", "FRIENDSHIP", "RIVALRY", "ROMANCE"}


def test_chosen_works_in_the_order_given(both_gql: Run) -> None:
    data = both_gql('{ compare(works: ["carrow-point", "never-let-me-go"]) { work { slug } density } }')
    assert [row["work"]["slug"] for row in data["compare"]] == ["carrow-point", "never-let-me-go"]
    assert data["compare"][0]["density"] == 0.4


def test_an_unknown_work_is_not_found(gql_errors: RunErrors) -> None:
    (error,) = gql_errors('{ compare(works: ["nope"]) { characters } }')
    assert error["extensions"]["code"] == "NOT_FOUND"
