"""What changed in a work between two versions, by kind of record."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from graphservice.catalog import load_catalog
from graphservice.queries.changes import catalog_changes, work_changes

from ..conftest import LIGHTHOUSE


def _load() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(LIGHTHOUSE.read_text(encoding="utf-8"))
    return data


def _write(tmp_path: Path, data: dict[str, Any]) -> Path:
    path = tmp_path / "lighthouse.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def test_an_unchanged_work_has_no_changes() -> None:
    old, new = load_catalog([LIGHTHOUSE]), load_catalog([LIGHTHOUSE])
    assert catalog_changes(old, new) == []


def test_added_changed_and_removed_records_are_told_apart(tmp_path: Path) -> None:
    data = _load()
    data["characters"][0]["description"] = "Described anew for this test."
    text = LIGHTHOUSE.read_text(encoding="utf-8")
    # a relationship nothing else refers to, so the file stays valid without it
    removed = next(r for r in reversed(data["relationships"]) if text.count(r["slug"]) == 1)
    data["relationships"].remove(removed)
    removed_slug = removed["slug"]
    data["relationships"][0]["note"] = "A note added for this test."
    old, new = load_catalog([LIGHTHOUSE]), load_catalog([_write(tmp_path, data)])
    (found,) = catalog_changes(old, new)
    first_character = next(iter(old.works[0].characters))
    assert found.nodes.changed == (first_character,) and not found.nodes.added and not found.nodes.removed
    assert found.relationships.removed == (removed_slug,)
    assert len(found.relationships.changed) == 1 and not found.relationships.added
    assert not found.place_links
    assert not found.other


def test_a_removed_work_is_all_removals() -> None:
    old = load_catalog([LIGHTHOUSE])
    found = work_changes(old.works[0].slug, old.works[0], None)
    assert found.work is None and found.other
    assert set(found.nodes.removed) == set(old.works[0].characters) | set(old.works[0].groups) | set(
        old.works[0].places
    )
