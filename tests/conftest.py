"""Shared fixtures: the tiny fixture work, the real dataset, and a GraphQL helper that fails on errors."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from graphservice.api.context import Context
from graphservice.api.schema import schema
from graphservice.catalog import Catalog, LoadedWork, load_catalog

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures"
LIGHTHOUSE = FIXTURES / "lighthouse.yaml"
NOVEL = ROOT / "data" / "never-let-me-go.yaml"

Run = Callable[..., dict[str, Any]]
RunErrors = Callable[..., list[dict[str, Any]]]


@pytest.fixture(scope="session")
def fixture_catalog() -> Catalog:
    return load_catalog([LIGHTHOUSE])


@pytest.fixture(scope="session")
def fixture_work(fixture_catalog: Catalog) -> LoadedWork:
    return fixture_catalog.work()


@pytest.fixture(scope="session")
def novel_catalog() -> Catalog:
    return load_catalog([NOVEL])


@pytest.fixture(scope="session")
def novel(novel_catalog: Catalog) -> LoadedWork:
    return novel_catalog.work()


@pytest.fixture(scope="session")
def library_catalog() -> Catalog:
    """Every work the service serves by default, as `graphservice serve` starts it."""
    from graphservice.settings import Settings

    return load_catalog([ROOT / path for path in Settings.model_fields["data"].default])


@pytest.fixture(scope="session")
def library_gql(library_catalog: Catalog) -> Run:
    """Run a query against the default library (the novel first); fail on any error."""
    return _runner(library_catalog)


@pytest.fixture(scope="session")
def three_catalog() -> Catalog:
    """Three small fixture works: a library to search, filter and compare."""
    return load_catalog([LIGHTHOUSE, FIXTURES / "drafted.yaml", FIXTURES / "minimal.yaml"])


@pytest.fixture(scope="session")
def three_gql(three_catalog: Catalog) -> Run:
    return _runner(three_catalog)


@pytest.fixture(scope="session")
def both_catalog() -> Catalog:
    return load_catalog([NOVEL, LIGHTHOUSE])


def nodes(connection: dict[str, Any]) -> list[Any]:
    """The nodes of a connection's edges, in order."""
    return [e["node"] for e in connection["edges"]]


def _runner(catalog: Catalog) -> Run:
    def run(query: str, **variables: Any) -> dict[str, Any]:
        result = schema.execute_sync(query, variable_values=variables, context_value=Context(catalog))
        assert result.errors is None, [e.formatted for e in result.errors]
        assert result.data is not None
        return result.data

    return run


def _error_runner(catalog: Catalog) -> RunErrors:
    def run(query: str, **variables: Any) -> list[dict[str, Any]]:
        result = schema.execute_sync(query, variable_values=variables, context_value=Context(catalog))
        assert result.errors, f"expected errors, got data {result.data}"
        return [dict(e.formatted) for e in result.errors]

    return run


@pytest.fixture(scope="session")
def gql(fixture_catalog: Catalog) -> Run:
    """Run a query against the fixture work; fail on any error."""
    return _runner(fixture_catalog)


@pytest.fixture(scope="session")
def gql_errors(fixture_catalog: Catalog) -> RunErrors:
    """Run a query against the fixture work; fail unless it errs; return the formatted errors."""
    return _error_runner(fixture_catalog)


@pytest.fixture(scope="session")
def novel_gql(novel_catalog: Catalog) -> Run:
    """Run a query against the real dataset; fail on any error."""
    return _runner(novel_catalog)


@pytest.fixture(scope="session")
def both_gql(both_catalog: Catalog) -> Run:
    """Run a query against a catalog serving both works (the novel first)."""
    return _runner(both_catalog)
