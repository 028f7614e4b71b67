"""Subscriptions: the data version now and after each reload, and a work's changes, from a feed."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graphservice.api.context import Context
from graphservice.api.schema import schema
from graphservice.catalog import Catalog, load_catalog
from graphservice.feed import Feed
from graphservice.queries.changes import Published, catalog_changes

from ..conftest import LIGHTHOUSE


@dataclass
class FakeLive:
    """What the data holder offers subscriptions, driven by the test."""

    published: Published
    feed: Feed[Published] = field(default_factory=Feed)

    def swap(self, catalog: Catalog, version: str) -> None:
        changes = tuple(catalog_changes(self.published.catalog, catalog))
        self.published = Published(version, 2.0, catalog, changes)
        self.feed.publish(self.published)


def _edited_catalog(tmp_path: Path) -> Catalog:
    data: dict[str, Any] = yaml.safe_load(LIGHTHOUSE.read_text(encoding="utf-8"))
    data["characters"][0]["description"] = "Described anew for this test."
    path = tmp_path / "lighthouse.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return load_catalog([path])


async def _results(query: str, live: FakeLive, count: int, then: Any = None) -> list[Any]:
    context = Context(live.published.catalog, live=live)
    stream = await schema.subscribe(query, context_value=context)
    assert not hasattr(stream, "errors"), stream
    found = []
    async for result in stream:
        assert result.errors is None, result.errors
        found.append(result.data)
        if len(found) == 1 and then is not None:
            then()
        if len(found) == count:
            break
    return found


def test_data_version_now_then_after_each_reload(tmp_path: Path, fixture_catalog: Catalog) -> None:
    live = FakeLive(Published("v1", 1.0, fixture_catalog))
    edited = _edited_catalog(tmp_path)
    query = "subscription { dataVersion { version works changedWorks } }"
    found = asyncio.run(_results(query, live, 2, then=lambda: live.swap(edited, "v2")))
    assert found == [
        {"dataVersion": {"version": "v1", "works": ["carrow-point"], "changedWorks": []}},
        {"dataVersion": {"version": "v2", "works": ["carrow-point"], "changedWorks": ["carrow-point"]}},
    ]


def test_work_changes_name_the_changed_records(tmp_path: Path, fixture_catalog: Catalog) -> None:
    live = FakeLive(Published("v1", 1.0, fixture_catalog))
    edited = _edited_catalog(tmp_path)
    query = """subscription { workChanges(work: "carrow-point") {
        work version removedWork other
        nodes { added { slug } changed { slug description } removed }
        relationships { added { slug } changed { slug } removed } } }"""

    async def scenario() -> list[Any]:
        task = asyncio.create_task(_results(query, live, 1))
        while live.feed.subscribers == 0:  # the subscription is listening
            await asyncio.sleep(0.01)
        live.swap(edited, "v2")
        return await task

    (found,) = asyncio.run(scenario())
    first = next(iter(fixture_catalog.works[0].characters))
    assert found == {
        "workChanges": {
            "work": "carrow-point",
            "version": "v2",
            "removedWork": False,
            "other": False,
            "nodes": {
                "added": [],
                "changed": [{"slug": first, "description": "Described anew for this test."}],
                "removed": [],
            },
            "relationships": {"added": [], "changed": [], "removed": []},
        }
    }


def test_subscriptions_need_a_live_connection(fixture_catalog: Catalog) -> None:
    async def scenario() -> Any:
        stream = await schema.subscribe(
            "subscription { dataVersion { version } }", context_value=Context(fixture_catalog)
        )
        return [r async for r in stream]

    (result,) = asyncio.run(scenario())
    assert result.errors and result.errors[0].extensions["code"] == "BAD_USER_INPUT"


def test_subscriptions_obey_the_limits(fixture_catalog: Catalog) -> None:
    live = FakeLive(Published("v1", 1.0, fixture_catalog))
    many = "subscription { " + " ".join(f"v{i}: dataVersion {{ version }}" for i in range(60)) + " }"

    async def scenario() -> Any:
        stream = await schema.subscribe(many, context_value=Context(fixture_catalog, live=live))
        return [r async for r in stream]

    (result,) = asyncio.run(scenario())
    assert result.data is None
    assert "TOO_MANY_ALIASES" in {e.extensions["code"] for e in result.errors}
