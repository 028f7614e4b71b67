"""Disputes through the API: every version of a disputed point, each with its own evidence; and
the data format's checks on them (two versions at least, each version's evidence verbatim)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from graphservice.api.context import Context
from graphservice.api.schema import schema
from graphservice.catalog import load_catalog
from graphservice.errors import DataError
from graphservice.loader import load_dataset
from graphservice.verify import find_misses

from ..conftest import FIXTURES

FRIENDS = {
    "about": "How long Ada and Ben have been friends",
    "versions": [
        {
            "claim": "Since they were children",
            "evidence": [
                {"text": "Ada and Ben have been friends since childhood", "locator": "Act One: The Light"}
            ],
        },
        {
            "claim": "Only since the storm",
            "evidence": [{"text": "friends only since the storm", "locator": "Act One: The Light"}],
        },
    ],
}


def _with_dispute(tmp_path: Path, dispute: dict[str, Any]) -> Path:
    raw = yaml.safe_load((FIXTURES / "lighthouse.yaml").read_text(encoding="utf-8"))
    raw["relationships"][0]["disputes"] = [dispute]
    path = tmp_path / "lighthouse.yaml"
    path.write_text(yaml.safe_dump(raw, sort_keys=False), encoding="utf-8")
    return path


def test_every_version_is_served_with_its_evidence(tmp_path: Path) -> None:
    catalog = load_catalog([_with_dispute(tmp_path, FRIENDS)])
    query = """{
      relationships(first: 1) {
        edges { node { slug disputes { about versions { claim evidence { text locator } } } } }
      }
      character(slug: "ada") { disputes { about } }
    }"""
    result = schema.execute_sync(query, context_value=Context(catalog))
    assert result.errors is None, result.errors
    assert result.data == {
        "relationships": {"edges": [{"node": {"slug": "ada-ben-friendship", "disputes": [FRIENDS]}}]},
        "character": {"disputes": []},  # a consistent record has none
    }


def test_a_dispute_needs_two_versions(tmp_path: Path) -> None:
    lonely = {**FRIENDS, "versions": FRIENDS["versions"][:1]}
    with pytest.raises(DataError) as caught:
        load_dataset(_with_dispute(tmp_path, lonely))
    (problem,) = caught.value.problems
    assert problem.record == "relationships[0] 'ada-ben-friendship'.disputes[0].versions"
    assert "at least 2 items" in problem.reason


def test_each_version_s_evidence_is_checked_against_the_source(tmp_path: Path) -> None:
    dataset = load_dataset(_with_dispute(tmp_path, FRIENDS))
    source = (FIXTURES / "lighthouse-source.txt").read_text(encoding="utf-8")
    misses = [str(m) for m in find_misses(dataset, source)]
    assert misses == [
        "relationships[0] 'ada-ben-friendship'.disputes[0].versions[1].evidence[0].text: "
        "not found verbatim in the source: 'friends only since the storm'"
    ]
