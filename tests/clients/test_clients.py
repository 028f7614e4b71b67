"""Real clients against the running service, with their stock settings (issue 12, item 7).

- Apollo Client (``web/clients/apollo.mjs``): the same queries in several views through one
  normalised InMemoryCache give back every value as the server sent it; interface and union
  fragments resolve with the server's possibleTypes; relay-style pagination gets every character
  once; the stock PersistedQueryLink registers a document and later sends only its hash.
- GraphQL Code Generator's client preset types every README operation and writes a
  persisted-documents manifest that the server runs as its trusted documents.
- Python's gql introspects the server, validates locally and runs a query with variables and
  union fragments.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import Any

import httpx2 as httpx
import pytest
from gql import Client, GraphQLRequest
from gql.transport.httpx import HTTPXTransport
from graphql import GraphQLError, OperationDefinitionNode, parse

from graphservice.web.persisted import load_manifest
from tests.conftest import ROOT

from .conftest import NEEDED, WEB, report, run_node, running, script

APOLLO_ACCEPT = "application/graphql-response+json,application/json;q=0.9"
_README_BLOCK = re.compile(r"```graphql\n(.*?)```", re.DOTALL)


def test_client_packages_are_pinned_exactly() -> None:
    """The clients are pinned like the browser assets, and the lock installs those versions."""
    pinned = json.loads((WEB / "package.json").read_text("utf-8"))["devDependencies"]
    lock = json.loads((WEB / "package-lock.json").read_text("utf-8"))["packages"]
    assert set(NEEDED) <= pinned.keys()
    for name, version in pinned.items():
        assert version[0].isdigit(), f"{name} {version}: pin an exact version"
        assert lock[""]["devDependencies"][name] == lock[f"node_modules/{name}"]["version"] == version


def _checks(result: dict[str, Any]) -> dict[str, dict[str, Any]]:
    return {check["name"]: check for check in result.get("checks", [])}


def test_apollo_gives_back_every_value_as_the_server_sent_it(server: str, node: str) -> None:
    done = run_node([node, str(script("apollo.mjs")), server])
    result = report(done)
    checks = _checks(result)
    failed = {name: check["problems"] for name, check in checks.items() if not check["ok"]}
    assert "crash" not in result, result["crash"]
    assert not failed, failed
    assert done.returncode == 0, done.stderr
    assert set(checks) == {"views", "fragments", "pagination", "apq"}
    assert checks["views"]["queries"] == 16  # 3 queries in 5 views, and one with two views
    whole, part_one = checks["pagination"]["views"]
    assert whole["pages"] > 1 and whole["characters"] > part_one["characters"] > 0
    # Stock APQ: a new document is not found, then sent whole; a second client sends its hash alone.
    apq = checks["apq"]
    assert [(r["query"], r["answer"]) for r in apq["first"]] == [
        (False, "PERSISTED_QUERY_NOT_FOUND"),
        (True, "ok"),
    ]
    assert [(r["method"], r["query"], r["answer"]) for r in apq["post"]] == [("POST", False, "ok")]
    assert [(r["method"], r["query"], r["answer"]) for r in apq["get"]] == [("GET", False, "ok")]
    # Apollo's stock headers get the GraphQL-over-HTTP media type back.
    assert result["wire"]["accept"] == [APOLLO_ACCEPT]
    assert all(t.startswith("application/graphql-response+json") for t in result["wire"]["contentTypes"])


@pytest.mark.parametrize(
    ("mode", "check", "symptom"),
    [
        ("--ids-ignore-views", "views", "after all views, the cache differs from the wire"),
        ("--no-possible-types", "fragments", "only on one side"),
    ],
    ids=["ids-ignore-views", "no-possible-types"],
)
def test_each_apollo_check_fails_when_what_it_relies_on_is_broken(
    server: str, node: str, mode: str, check: str, symptom: str
) -> None:
    """Self-checks: a cache keying records by an id without the view, or one without the server's
    possibleTypes, must each be caught by the check that relies on it."""
    done = run_node([node, str(script("apollo.mjs")), server, mode])
    result = report(done)
    found = _checks(result)[check]
    assert done.returncode == 1, result
    assert not result["ok"] and not found["ok"]
    assert any(symptom in problem for problem in found["problems"]), found["problems"]


def _readme_operations() -> list[str]:
    return _README_BLOCK.findall((ROOT / "README.md").read_text(encoding="utf-8"))


def _operation(block: str) -> OperationDefinitionNode:
    operations = [d for d in parse(block).definitions if isinstance(d, OperationDefinitionNode)]
    assert len(operations) == 1, block
    return operations[0]


def _generate(node: str, blocks: list[str], tmp: Path) -> Path:
    """Run codegen (``web/clients/codegen.ts``) over ``blocks``, one file each; the output folder."""
    documents, out = tmp / "documents", tmp / "generated"
    documents.mkdir()
    for i, block in enumerate(blocks, 1):
        (documents / f"readme-{i:02d}.graphql").write_text(block, encoding="utf-8")
    env = os.environ | {"CODEGEN_DOCUMENTS": f"{documents}/*.graphql", "CODEGEN_OUT": f"{out}/"}
    codegen = WEB / "node_modules" / ".bin" / "graphql-codegen"
    done = run_node([node, str(codegen), "--config", "clients/codegen.ts"], env=env)
    assert done.returncode == 0, done.stdout + done.stderr
    return out


def test_codegen_types_every_readme_operation(node: str, tmp_path: Path) -> None:
    blocks = _readme_operations()
    # The client preset generates nothing for an anonymous operation and fails on two with one name.
    names = [_operation(block).name for block in blocks]
    unnamed = [i for i, name in enumerate(names, 1) if name is None]
    assert not unnamed, f"README graphql blocks {unnamed} (1-based) are anonymous: codegen skips them"
    out = _generate(node, blocks, tmp_path)

    types = (out / "graphql.ts").read_text(encoding="utf-8")
    missing = []
    for block in blocks:
        operation = _operation(block)
        name = operation.name.value if operation.name else ""
        result = name + operation.operation.value.capitalize()
        if f"export type {result} = " not in types or f"export const {name}Document = " not in types:
            missing.append(name)
    assert not missing, f"codegen wrote no types for {missing}"

    # Its persisted-documents manifest is one the server reads, and runs with nothing else allowed.
    manifest = load_manifest(out / "persisted-documents.json")
    assert len(manifest) == len(blocks)
    with running(trusted_documents=out / "persisted-documents.json", trusted_only=True) as url:
        for digest in manifest:
            answer = httpx.post(f"{url}/graphql", json={"documentId": f"sha256:{digest}"}).json()
            assert "errors" not in answer and answer["data"], (manifest[digest], answer)
        refused = httpx.post(f"{url}/graphql", json={"query": "{ works { slug } }"}).json()
        assert refused["errors"][0]["extensions"]["code"] == "TRUSTED_DOCUMENTS_ONLY"


PATH_AND_SEARCH = """
query PathAndSearch($from: String!, $to: String!, $exclude: [String!], $text: String!) {
  shortestPath(from: $from, to: $to, exclude: $exclude) {
    __typename
    ... on Path { length nodes { __typename name } }
    ... on NoPath { reason message }
  }
  search(text: $text, limit: 5) {
    node { __typename ... on Character { slug name } ... on Quote { text } }
  }
}
"""


ROD_TO_MADAME = {"from": "rod", "to": "madame", "text": "tomy"}
WITHOUT_RUTH = {"from": "kathy-h", "to": "ruths-possible", "exclude": ["ruth-c"], "text": "river"}


@pytest.fixture
def gql_client(server: str) -> Client:
    """gql's client over httpx, with the schema introspected from the server."""
    return Client(transport=HTTPXTransport(url=f"{server}/graphql"), fetch_schema_from_transport=True)


def test_gql_runs_variables_and_union_fragments(gql_client: Client) -> None:
    with gql_client as session:
        found = session.execute(GraphQLRequest(PATH_AND_SEARCH, variable_values=ROD_TO_MADAME))
        cut = session.execute(GraphQLRequest(PATH_AND_SEARCH, variable_values=WITHOUT_RUTH))
    assert gql_client.schema is not None and "PathResult" in gql_client.schema.type_map
    path = found["shortestPath"]
    assert path["__typename"] == "Path" and path["length"] == len(path["nodes"]) - 1 > 0
    assert {n["__typename"] for n in path["nodes"]} >= {"Character", "Group"}
    assert found["search"][0]["node"] == {"__typename": "Character", "slug": "tommy-d", "name": "Tommy D."}
    assert cut["shortestPath"]["__typename"] == "NoPath"
    assert cut["shortestPath"]["reason"] == "FILTERED_OUT"
    quote = next(hit["node"] for hit in cut["search"] if hit["node"]["__typename"] == "Quote")
    assert "river" in quote["text"]


def test_gql_validates_against_the_introspected_schema(gql_client: Client) -> None:
    with gql_client as session, pytest.raises(GraphQLError, match="Cannot query field 'nmae'"):
        session.execute(GraphQLRequest('{ character(slug: "kathy-h") { nmae } }'))
