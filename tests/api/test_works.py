"""Several works served at once: the first is the default, `work:` picks one, ids never collide."""

from __future__ import annotations

from graphservice.api.context import Context
from graphservice.api.schema import schema
from graphservice.catalog import Catalog

from ..conftest import Run, nodes


def test_works_are_listed_in_order(both_gql: Run) -> None:
    data = both_gql("{ works { slug } work { slug } }")
    assert data == {
        "works": [{"slug": "never-let-me-go"}, {"slug": "carrow-point"}],
        "work": {"slug": "never-let-me-go"},
    }


def test_work_argument_selects_the_work(both_gql: Run) -> None:
    data = both_gql(
        """{ a: character(name: "Ada", work: "carrow-point") { id slug }
            n: neighbours(of: "ada", work: "carrow-point") { edges { node { distance } } }
            q: quotes(work: "carrow-point") { totalCount } }"""
    )
    assert data["a"]["slug"] == "ada"
    assert nodes(data["n"]) and data["q"]["totalCount"] == 2


def test_global_ids_are_unique_across_works(both_gql: Run) -> None:
    ids: list[str] = []
    for work in ("never-let-me-go", "carrow-point"):
        query = "query($w: String) { characters(work: $w, first: 100) { edges { node { id } } } }"
        ids += [e["node"]["id"] for e in both_gql(query, w=work)["characters"]["edges"]]
    assert len(ids) == len(set(ids))


def test_a_global_id_names_its_own_work(both_gql: Run) -> None:
    ada = both_gql('{ character(name: "Ada", work: "carrow-point") { id } }')["character"]["id"]
    data = both_gql("query($id: String!) { neighbours(of: $id) { edges { node { distance } } } }", id=ada)
    assert nodes(data["neighbours"])


def test_a_global_id_of_another_work_is_bad_input(both_catalog: Catalog) -> None:
    ada = "Q2hhcmFjdGVyOmNhcnJvdy1wb2ludC9hZGE="  # Character:carrow-point/ada
    result = schema.execute_sync(
        f'{{ neighbours(of: "{ada}", work: "never-let-me-go") {{ totalCount }} }}',
        context_value=Context(both_catalog),
    )
    assert result.errors is not None
    assert result.errors[0].extensions == {"code": "BAD_USER_INPUT"}
    assert "belongs to work 'carrow-point'" in result.errors[0].message
