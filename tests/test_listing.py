"""Listing a library without loading it, and what a reload keeps of the listing before."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator, Sequence
from pathlib import Path

import pytest
import yaml

from graphservice.catalog import Catalog, LoadedWork, load_catalog
from graphservice.datafiles import DataFile, read_file
from graphservice.errors import DataError
from graphservice.listing import WorkUnavailable, list_library, list_work, read_each
from graphservice.loader import parse_file
from graphservice.model import Dataset

from .conftest import FIXTURES, LIGHTHOUSE, NOVEL

MINIMAL = FIXTURES / "minimal.yaml"
DRAFTED = FIXTURES / "drafted.yaml"


@pytest.mark.parametrize("path", [LIGHTHOUSE, MINIMAL, DRAFTED, NOVEL])
def test_a_listing_counts_as_the_loaded_work_does(path: Path) -> None:
    entry = list_work(read_file(path))
    (from_loaded,) = load_catalog([path]).entries  # counted from the loaded records
    assert (entry.header, entry.counts, entry.file) == (from_loaded.header, from_loaded.counts, str(path))
    assert entry.size == path.stat().st_size and len(entry.digest) == 16


def test_a_listing_checks_the_header_only() -> None:
    text = LIGHTHOUSE.read_text(encoding="utf-8").replace("kind: friendship", "kind: frienship")
    entry = list_work(DataFile("bad-kind.yaml", text.encode()))  # a bad record: listed all the same
    assert entry.slug == "carrow-point"
    with pytest.raises(DataError) as raised:
        list_work(DataFile("no-title.yaml", LIGHTHOUSE.read_bytes().replace(b"  title:", b"  titel:")))
    records = {p.record for p in raised.value.problems}
    assert "work.title" in records and "work.titel" in records
    raw = yaml.safe_load(MINIMAL.read_text(encoding="utf-8")) | {"characters": "none"}
    with pytest.raises(DataError, match="characters: expected a list, got str"):
        list_work(DataFile("odd.yaml", yaml.safe_dump(raw).encode()))


def _library(tmp_path: Path) -> list[Path]:
    for source in (LIGHTHOUSE, MINIMAL, DRAFTED):
        shutil.copy(source, tmp_path / source.name)
    return [tmp_path / name for name in ("lighthouse.yaml", "minimal.yaml", "drafted.yaml")]


def _lazy(paths: list[Path], previous: Catalog | None = None) -> Catalog:
    return list_library(paths, previous).catalog(budget=2**30)


class _Spy:
    """A listing's reader that records which files it was asked to read."""

    def __init__(self) -> None:
        self.asked: list[str] = []

    def __call__(self, paths: Sequence[Path]) -> Iterator[DataFile | DataError]:
        self.asked += [p.name for p in paths]
        return read_each(paths)


def test_a_reload_keeps_unchanged_works_loaded_and_does_not_read_their_files(tmp_path: Path) -> None:
    paths = _library(tmp_path)
    first = _lazy(paths)
    lighthouse = first.work("carrow-point")
    spy = _Spy()
    again = list_library(paths, first, read=spy)
    assert spy.asked == []  # no stamp changed
    assert again.entries == list(first.entries) and again.skipped == []
    assert again.loaded == {"carrow-point": lighthouse}  # the same object: nothing reloaded
    os.utime(paths[1])  # touched, not changed: read again, its entry kept
    touched = list_library(paths, first, read=spy)
    assert spy.asked == ["minimal.yaml"] and touched.entries[1].digest == first.entries[1].digest


def test_a_changed_file_is_validated_at_the_reload(tmp_path: Path) -> None:
    paths = _library(tmp_path)
    first = _lazy(paths)
    minimal = tmp_path / "minimal.yaml"
    minimal.write_text(MINIMAL.read_text(encoding="utf-8").replace("name: Anna", "name: Annie"))
    listing = list_library(paths, first)
    work = listing.loaded["minimal"]
    assert isinstance(work, LoadedWork) and work.characters["anna"].name == "Annie"
    assert [e.slug for e in listing.entries] == ["carrow-point", "minimal", "wren-crossing"]


def test_a_broken_edit_keeps_the_version_in_memory_else_leaves_the_work_out(tmp_path: Path) -> None:
    paths = _library(tmp_path)
    first = _lazy(paths)
    served = first.work("carrow-point")  # in memory; minimal is not
    for name in ("lighthouse.yaml", "minimal.yaml"):
        path = tmp_path / name
        path.write_text(path.read_text(encoding="utf-8").replace("kind: friendship", "kind: frienship"))
    listing = list_library(paths, first)
    assert [e.slug for e in listing.entries] == ["carrow-point", "wren-crossing"]
    assert listing.loaded["carrow-point"] is served
    kept = {Path(s.file).name: s.kept_previous for s in listing.skipped}
    assert kept == {"lighthouse.yaml": True, "minimal.yaml": False}


def test_a_file_new_to_the_library_is_listed_only(tmp_path: Path) -> None:
    paths = _library(tmp_path)
    first = _lazy(paths[:2])
    listing = list_library(paths, first)
    assert "wren-crossing" not in listing.loaded
    assert [e.slug for e in listing.entries] == ["carrow-point", "minimal", "wren-crossing"]


def test_a_listed_work_that_does_not_load_is_reported_by_work_not_by_path(tmp_path: Path) -> None:
    paths = _library(tmp_path)
    bad = tmp_path / "minimal.yaml"
    bad.write_text(MINIMAL.read_text(encoding="utf-8").replace("kind: friendship", "kind: frienship"))
    catalog = _lazy(paths)  # listed: the header is fine
    with pytest.raises(WorkUnavailable) as raised:
        catalog.work("minimal")
    assert raised.value.code == "DATA_ERROR" and str(tmp_path) not in str(raised.value)
    assert "frienship" in catalog.failures["minimal"].reason
    bad.write_text(MINIMAL.read_text(encoding="utf-8"))  # mended: loads on the next ask
    assert catalog.work("minimal").slug == "minimal" and catalog.failures == {}


def test_no_servable_file_names_every_problem(tmp_path: Path) -> None:
    (tmp_path / "a.yaml").write_text("[1, 2]")
    (tmp_path / "b.json").write_text("{")
    paths = [tmp_path / "a.yaml", tmp_path / "b.json", tmp_path / "gone.yaml"]
    with pytest.raises(DataError) as raised:
        list_library(paths)
    assert [Path(p.file).name for p in raised.value.problems] == ["a.yaml", "b.json", "gone.yaml"]


def test_a_work_that_failed_is_not_parsed_again_until_its_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphservice import listing as module

    paths = _library(tmp_path)
    bad = tmp_path / "minimal.yaml"
    bad.write_text(MINIMAL.read_text(encoding="utf-8").replace("kind: friendship", "kind: frienship"))
    catalog = _lazy(paths)
    parsed: list[str] = []

    def parse(file: DataFile) -> Dataset:
        parsed.append(file.name)
        return parse_file(file)

    monkeypatch.setattr(module, "parse_file", parse)
    for _ in range(3):
        with pytest.raises(WorkUnavailable):
            catalog.work("minimal")
    assert parsed == [str(bad)]  # once: unchanged since, the failure is remembered
    bad.write_text(MINIMAL.read_text(encoding="utf-8").replace("name: Anna", "name: Anne"))
    assert catalog.work("minimal").characters["anna"].name == "Anne"


@pytest.mark.parametrize("path", [LIGHTHOUSE, MINIMAL, NOVEL])
def test_a_json_file_is_listed_as_its_yaml_twin(path: Path) -> None:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    as_json = list_work(DataFile("twin.json", json.dumps(raw).encode()))
    as_yaml = list_work(read_file(path))
    assert (as_json.header, as_json.counts) == (as_yaml.header, as_yaml.counts)


def test_a_json_file_of_an_odd_shape_is_reported_as_for_yaml() -> None:
    raw = yaml.safe_load(MINIMAL.read_text(encoding="utf-8"))
    with pytest.raises(DataError, match="characters: expected a list, got str"):
        list_work(DataFile("odd.json", json.dumps(raw | {"characters": "none"}).encode()))
    del raw["work"]["title"]
    with pytest.raises(DataError) as raised:
        list_work(DataFile("untitled.json", json.dumps(raw).encode()))
    assert [p.record for p in raised.value.problems] == ["work.title"]
    with pytest.raises(DataError, match="invalid JSON"):
        list_work(DataFile("cut.json", b'{"work": {'))
