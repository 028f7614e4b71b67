"""Compact records: a loaded work's records equal, field by field, what plain pydantic validation
gives, while sharing what they have in common."""

from __future__ import annotations

import gc
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, ValidationError

from bench.synthetic import synthetic_work
from graphservice.datafiles import DataFile
from graphservice.errors import DataError
from graphservice.loader import _validate_json, load_dataset, parse_dataset, parse_file
from graphservice.model import Dataset, Evidence, Relationship
from graphservice.record import Compactor

from .conftest import FIXTURES, ROOT

FILES = sorted((ROOT / "data").glob("*.yaml")) + sorted(FIXTURES.glob("*.yaml"))


def _plain(path: Path) -> Dataset:
    """The file validated as pydantic alone does it, without a compactor."""
    from graphservice._yaml import read_yaml

    return Dataset.model_validate(read_yaml(path.read_text(encoding="utf-8")))


def _pairs(compact: Any, plain: Any, where: str = "dataset") -> Iterator[tuple[str, Any, Any]]:
    """Every value of both trees side by side, with where it stands."""
    yield where, compact, plain
    if isinstance(plain, BaseModel):
        for name in type(plain).model_fields:
            yield from _pairs(getattr(compact, name), getattr(plain, name), f"{where}.{name}")
    elif isinstance(plain, list):
        assert isinstance(compact, list) and len(compact) == len(plain), where
        for i, (c, p) in enumerate(zip(compact, plain, strict=True)):
            yield from _pairs(c, p, f"{where}[{i}]")


def _assert_same(compact: Dataset, plain: Dataset) -> int:
    records = 0
    for where, c, p in _pairs(compact, plain):
        assert type(c) is type(p), where
        assert c == p, where
        if isinstance(p, BaseModel):
            records += 1
            assert c.model_fields_set == p.model_fields_set, where
            assert c.model_dump(mode="json", exclude_unset=True) == p.model_dump(
                mode="json", exclude_unset=True
            )
    assert compact.model_dump_json() == plain.model_dump_json()
    return records


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_committed_file_loads_to_the_records_pydantic_gives(path: Path) -> None:
    assert _assert_same(load_dataset(path), _plain(path)) > 10


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_a_committed_file_as_json_loads_to_the_records_pydantic_gives(path: Path) -> None:
    text = json.dumps(_plain(path).model_dump(mode="json", exclude_unset=True))
    assert _assert_same(parse_dataset(text, "as.json", json=True), Dataset.model_validate_json(text)) > 10


def _outcome(text: str) -> str:
    """What pydantic alone makes of the whole text: the dataset as JSON, or the error types."""
    try:
        return Dataset.model_validate_json(text).model_dump_json()
    except ValidationError as exc:
        return "refused: " + ",".join(sorted(err["type"] for err in exc.errors()))


_SMALL = synthetic_work(30)
_EDGES = {
    "a list repeated, the last one counts": json.dumps(_SMALL)[:-1]
    + ', "relationships": '
    + json.dumps(_SMALL["relationships"][:3])
    + "}",
    "no characters": json.dumps({**_SMALL, "characters": []}),
    "a list that is not a list": json.dumps({**_SMALL, "quotes": {"q": 1}}),
    "a list of numbers": json.dumps({**_SMALL, "themes": [1, 2]}),
    "an unknown key": json.dumps({**_SMALL, "chapters": []}),
    "a bad record": json.dumps({**_SMALL, "places": [{**_SMALL["places"][0], "kind": "Town"}]}),
    "a bad header": json.dumps({**_SMALL, "format_version": 2}),
    "not an object": json.dumps([_SMALL]),
    "a NaN": json.dumps(_SMALL).replace('"strength": 3', '"strength": NaN', 1),
    "escaped keys": json.dumps(_SMALL).replace('"relationships"', '"relationsh\\u0069ps"'),
    "spaces everywhere": json.dumps(_SMALL, indent=3),
}


@pytest.mark.parametrize("case", _EDGES, ids=list(_EDGES))
def test_json_read_record_by_record_is_accepted_or_refused_as_a_whole(case: str) -> None:
    text = _EDGES[case]
    try:
        mine = _validate_json(text).model_dump_json()
    except ValidationError as exc:
        mine = "refused: " + ",".join(sorted(err["type"] for err in exc.errors()))
    assert mine.startswith("refused") == _outcome(text).startswith("refused")
    if not mine.startswith("refused"):
        assert mine == _outcome(text)


@pytest.mark.parametrize("as_json", [False, True], ids=["yaml", "json"])
def test_a_synthetic_work_loads_to_the_records_pydantic_gives(as_json: bool) -> None:
    raw = synthetic_work(2_000)
    raw["relationships"][0]["note"] = "  spaces are stripped  "  # a value pydantic changes
    raw["characters"][1]["drafted"] = {"method": "speech-tag", "confidence": 1}
    raw["characters"][2]["drafted"] = {"method": "speech-tag", "confidence": 1.0, "count": None}
    text = json.dumps(raw)  # JSON is YAML too
    compact = parse_dataset(text, "synthetic", json=as_json)
    plain = Dataset.model_validate(raw)
    assert _assert_same(compact, plain) > 4_000


def test_records_share_what_they_have_in_common() -> None:
    data = parse_dataset(json.dumps(synthetic_work(500)), "synthetic.json", json=True)
    slugs = {c.slug: c.slug for c in data.characters}
    first, second = data.relationships[1], data.relationships[2]  # neither links a quote
    assert first.source is slugs[first.source] and first.target is slugs[first.target]
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    empty: object = first.quotes
    assert empty is second.disputes  # both empty: one list
    same_holds = [r for r in data.relationships if r.holds == first.holds]
    assert len(same_holds) > 1 and all(r.holds is first.holds for r in same_holds)


def test_equal_evidence_is_kept_once_and_unequal_apart() -> None:
    raw = synthetic_work(50)
    said = {"text": "the same phrase twice", "locator": "Chapter 1"}
    raw["relationships"][0]["evidence"] = [said]
    raw["relationships"][1]["evidence"] = [dict(said)]
    raw["relationships"][2]["evidence"] = [{**said, "locator": "Chapter 2"}]
    raw["relationships"][3]["evidence"] = [{"text": said["locator"] + " x", "locator": said["text"]}]
    data = parse_dataset(json.dumps(raw), "synthetic.json", json=True)
    ev = [r.evidence[0] for r in data.relationships[:4]]
    assert ev[0] is ev[1]
    assert ev[2] is not ev[0] and ev[2].locator == "Chapter 2"
    assert ev[3] is not ev[0] and ev[3].text == "Chapter 1 x"


def test_a_copy_with_changes_leaves_the_shared_parts_alone() -> None:
    data = parse_dataset(json.dumps(synthetic_work(100)), "synthetic.json", json=True)
    first, second = data.relationships[0], data.relationships[1]
    shared = set(second.model_fields_set)
    changed = first.model_copy(update={"note": "a remark"})
    assert changed.note == "a remark" and first.note is None
    assert "note" in changed.model_fields_set and second.model_fields_set == shared
    with pytest.raises(ValueError, match="frozen"):
        first.slug = "other"  # type: ignore[misc]


def test_records_built_in_code_or_without_a_compactor_are_left_as_pydantic_makes_them() -> None:
    evidence = [{"text": "a phrase", "locator": "Chapter 1"}]
    fields = {"slug": "r", "source": "a", "target": "b", "kind": "friendship", "sentiment": "positive"}
    built = Relationship(**fields, revealed="p1", holds=["p1"], evidence=evidence)
    validated = Relationship.model_validate(
        {**fields, "revealed": "p1", "holds": ["p1"], "evidence": evidence}
    )
    assert built == validated and built.__pydantic_fields_set__ is not validated.__pydantic_fields_set__
    assert built.quotes is not validated.quotes  # each record its own default list
    compactor = Compactor()
    one = Evidence.model_validate(evidence[0], context=compactor)
    two = Evidence.model_validate(dict(evidence[0]), context=compactor)
    assert one is two and one == Evidence(**evidence[0])


def test_a_bad_file_is_reported_as_before(tmp_path: Path) -> None:
    raw = synthetic_work(20)
    raw["relationships"][3]["evidence"] = []
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    reason = r"relationships\[3\] 'r3'\.evidence: List should have at least 1 item"
    with pytest.raises(DataError, match=reason):
        parse_file(DataFile(str(path), path.read_bytes()))


def test_a_big_json_file_is_validated_record_by_record(monkeypatch: pytest.MonkeyPatch) -> None:
    whole = Dataset.model_validate_json
    sizes: list[int] = []

    def validate(text: str | bytes, **options: Any) -> Dataset:
        sizes.append(len(text))
        return whole(text, **options)

    monkeypatch.setattr(Dataset, "model_validate_json", validate)
    text = json.dumps(synthetic_work(2_000))
    assert len(_validate_json(text).relationships) == 2_000
    assert sizes and max(sizes) < len(text) / 100  # only the rest of the dataset, lists left out


@pytest.mark.parametrize("as_json", [False, True], ids=["yaml", "json"])
def test_a_load_leaves_nothing_for_the_collector(as_json: bool) -> None:
    """A load runs with the collector off and freezes what it leaves: its tables must go with it."""
    text = json.dumps(synthetic_work(200))
    name = "synthetic.json" if as_json else "synthetic.yaml"
    parse_dataset(text, name, json=as_json)  # anything made once per process is made now
    enabled = gc.isenabled()
    gc.disable()
    try:
        before = len(gc.get_objects())
        data = parse_dataset(text, name, json=as_json)
        assert len(data.relationships) == 200
        del data
        left = len(gc.get_objects()) - before  # freed by reference counting alone, or not at all
    finally:
        if enabled:
            gc.enable()
    assert left <= 2
