"""Loader: every kind of broken file gets a message naming the file, the record and the reason."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from graphservice.errors import DataError
from graphservice.loader import load_dataset, load_datasets, parse_dataset

from .conftest import FIXTURES

BROKEN = FIXTURES / "broken"

# file -> fragments the single (or first) problem must contain, after the file name.
CASES = {
    "yaml-syntax": "line 10, column 5: invalid YAML",
    "duplicate-key": "line 16, column 5: invalid YAML: key 'name' appears twice",
    "not-a-mapping": "expected a mapping with 'format_version', 'work', 'characters', ...; got list",
    "empty": "expected a mapping",
    "missing-field": "characters[0] 'anna'.description: required field is missing",
    "unknown-field": "characters[0] 'anna'.descripton: unknown field",
    "bad-kind": "relationships[0] 'anna-bruno-friendship'.kind: Input should be 'friendship'",
    "bad-slug": "relationships[0] 'Anna Bruno'.slug: String should match pattern",
    "unknown-reference": "relationships[0] 'anna-bruno-friendship'.target: unknown character or group "
    "'brono'; did you mean 'bruno'?",
    "unknown-period": "relationships[0] 'anna-bruno-friendship'.revealed: unknown period 'two'",
    "duplicate-slug": "places[0] 'bruno': slug 'bruno' is already used by characters[1] 'bruno'",
    "self-relationship": "relationships[0] 'anna-bruno-friendship': source and target are both 'anna'",
    "membership-relationship": "relationships[0] 'anna-bruno-friendship'.kind: membership is declared",
    "no-evidence": "relationships[0] 'anna-bruno-friendship'.evidence: List should have at least 1 item",
    "wrong-version": "format_version: Input should be 1",
    "place-cycle": "places[0] 'town'.within: places contain each other in a cycle",
}


def test_every_broken_fixture_has_a_case() -> None:
    assert {p.stem for p in BROKEN.glob("*.yaml")} == set(CASES)


@pytest.mark.parametrize(("name", "expected"), sorted(CASES.items()))
def test_broken_file_names_file_record_and_reason(name: str, expected: str) -> None:
    path = BROKEN / f"{name}.yaml"
    with pytest.raises(DataError) as caught:
        load_dataset(path)
    messages = [str(p) for p in caught.value.problems]
    assert any(m.startswith(f"{path}: ") and expected in m for m in messages), messages


def test_minimal_file_loads() -> None:
    data = load_dataset(FIXTURES / "minimal.yaml")
    assert [c.slug for c in data.characters] == ["anna", "bruno"]


def test_missing_file_is_a_data_error(tmp_path: Path) -> None:
    with pytest.raises(DataError, match=r"nowhere\.yaml: file not found"):
        load_dataset(tmp_path / "nowhere.yaml")


def test_problems_from_several_files_are_all_reported() -> None:
    with pytest.raises(DataError) as caught:
        load_datasets([BROKEN / "bad-kind.yaml", BROKEN / "bad-slug.yaml"])
    files = {p.file for p in caught.value.problems}
    assert files == {str(BROKEN / "bad-kind.yaml"), str(BROKEN / "bad-slug.yaml")}


def test_the_same_work_twice_is_refused() -> None:
    path = FIXTURES / "minimal.yaml"
    with pytest.raises(DataError, match="work slug 'minimal' is already used by"):
        load_datasets([path, path])


def test_error_message_counts_problems() -> None:
    with pytest.raises(DataError) as caught:
        parse_dataset("format_version: 1\n", "inline.yaml")
    text = str(caught.value)
    assert text.startswith(f"{len(caught.value.problems)} problems in the data:")
    assert "inline.yaml: work: required field is missing" in text


def test_a_json_file_loads_like_the_yaml_one(tmp_path: Path) -> None:
    raw = yaml.safe_load((FIXTURES / "lighthouse.yaml").read_text(encoding="utf-8"))
    path = tmp_path / "lighthouse.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    assert load_dataset(path) == load_dataset(FIXTURES / "lighthouse.yaml")


def test_json_problems_name_the_record(tmp_path: Path) -> None:
    raw = yaml.safe_load((FIXTURES / "lighthouse.yaml").read_text(encoding="utf-8"))
    del raw["characters"][0]["description"]
    raw["relationships"][0]["target"] = "nobody"
    path = tmp_path / "broken.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(path)
    slug = raw["characters"][0]["slug"]
    assert f"characters[0] '{slug}'.description: required field is missing" in str(caught.value)


def test_json_reference_problems_are_reported(tmp_path: Path) -> None:
    raw = yaml.safe_load((FIXTURES / "lighthouse.yaml").read_text(encoding="utf-8"))
    raw["relationships"][0]["target"] = "nobody"
    path = tmp_path / "dangling.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(DataError, match="unknown character or group 'nobody'"):
        load_dataset(path)


def test_invalid_json_is_a_data_error(tmp_path: Path) -> None:
    path = tmp_path / "bad.json"
    path.write_text('{"format_version": 1,', encoding="utf-8")
    with pytest.raises(DataError, match="invalid JSON"):
        load_dataset(path)


# YAML that parses into something the checks were not written for: each is a DataError naming the
# file, where the text says it, and the reason; never another exception.
ODD_YAML = {
    "complex key": ("? [a, b]: 1\n", "line 1, column 3: invalid YAML: a key is a list or a mapping"),
    "complex mapping key": ("work: 1\n? {a: 1}: 2\n", "line 2, column 3: invalid YAML: a key is a list"),
    "nested complex key": ("characters:\n  - {slug: a, ? [x] : 1}\n", "line 2, column 17: invalid YAML"),
    "bad tagged value": ("format_version: !!int one\n", "invalid YAML: invalid literal for int()"),
}


@pytest.mark.parametrize(("text", "expected"), ODD_YAML.values(), ids=list(ODD_YAML))
def test_odd_yaml_is_a_data_error_naming_file_and_reason(tmp_path: Path, text: str, expected: str) -> None:
    path = tmp_path / "odd.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as caught:
        load_dataset(path)
    (problem,) = caught.value.problems
    assert str(problem).startswith(f"{path}: {expected}"), str(problem)


def test_an_error_nobody_foresaw_is_still_a_data_error(monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object) -> None:
        raise KeyError("surprise")

    monkeypatch.setattr("graphservice.loader.check_references", broken)
    with pytest.raises(
        DataError, match=r"^1 problem in the data:\n  - odd\.yaml: cannot be read as a dataset"
    ):
        parse_dataset((FIXTURES / "minimal.yaml").read_text(encoding="utf-8"), "odd.yaml")
