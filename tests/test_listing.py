"""Listing a library without loading it, and what a reload keeps of the listing before."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from graphservice.catalog import Catalog, LoadedWork, load_catalog
from graphservice.datafiles import DataFile, read_file
from graphservice.errors import DataError
from graphservice.listing import WorkUnavailable, list_library, list_work
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


def _library(tmp_path: Path) -> list[DataFile]:
    for source in (LIGHTHOUSE, MINIMAL, DRAFTED):
        shutil.copy(source, tmp_path / source.name)
    return [read_file(tmp_path / name) for name in ("lighthouse.yaml", "minimal.yaml", "drafted.yaml")]


def _lazy(files: list[DataFile], previous: Catalog | None = None) -> Catalog:
    return list_library(files, previous).catalog(budget=2**30)


def test_a_reload_keeps_unchanged_works_loaded(tmp_path: Path) -> None:
    files = _library(tmp_path)
    first = _lazy(files)
    lighthouse = first.work("carrow-point")
    again = list_library([read_file(Path(f.name)) for f in files], first)
    assert again.entries == list(first.entries) and again.skipped == []
    assert again.loaded == {"carrow-point": lighthouse}  # the same object: nothing reloaded


def test_a_changed_file_is_validated_at_the_reload(tmp_path: Path) -> None:
    files = _library(tmp_path)
    first = _lazy(files)
    minimal = tmp_path / "minimal.yaml"
    minimal.write_text(MINIMAL.read_text(encoding="utf-8").replace("name: Anna", "name: Annie"))
    listing = list_library([read_file(Path(f.name)) for f in files], first)
    work = listing.loaded["minimal"]
    assert isinstance(work, LoadedWork) and work.characters["anna"].name == "Annie"
    assert [e.slug for e in listing.entries] == ["carrow-point", "minimal", "wren-crossing"]


def test_a_broken_edit_keeps_the_version_in_memory_else_leaves_the_work_out(tmp_path: Path) -> None:
    files = _library(tmp_path)
    first = _lazy(files)
    served = first.work("carrow-point")  # in memory; minimal is not
    for name in ("lighthouse.yaml", "minimal.yaml"):
        path = tmp_path / name
        path.write_text(path.read_text(encoding="utf-8").replace("kind: friendship", "kind: frienship"))
    listing = list_library([read_file(Path(f.name)) for f in files], first)
    assert [e.slug for e in listing.entries] == ["carrow-point", "wren-crossing"]
    assert listing.loaded["carrow-point"] is served
    kept = {Path(s.file).name: s.kept_previous for s in listing.skipped}
    assert kept == {"lighthouse.yaml": True, "minimal.yaml": False}


def test_a_file_new_to_the_library_is_listed_only(tmp_path: Path) -> None:
    files = _library(tmp_path)
    first = _lazy(files[:2])
    listing = list_library(files, first)
    assert "wren-crossing" not in listing.loaded
    assert [e.slug for e in listing.entries] == ["carrow-point", "minimal", "wren-crossing"]


def test_a_listed_work_that_does_not_load_is_reported_by_work_not_by_path(tmp_path: Path) -> None:
    files = _library(tmp_path)
    bad = tmp_path / "minimal.yaml"
    bad.write_text(MINIMAL.read_text(encoding="utf-8").replace("kind: friendship", "kind: frienship"))
    catalog = _lazy([read_file(Path(f.name)) for f in files])  # listed: the header is fine
    with pytest.raises(WorkUnavailable) as raised:
        catalog.work("minimal")
    assert raised.value.code == "DATA_ERROR" and str(tmp_path) not in str(raised.value)
    assert "frienship" in catalog.failures["minimal"].reason
    bad.write_text(MINIMAL.read_text(encoding="utf-8"))  # mended: loads on the next ask
    assert catalog.work("minimal").slug == "minimal" and catalog.failures == {}


def test_no_servable_file_names_every_problem(tmp_path: Path) -> None:
    with pytest.raises(DataError) as raised:
        list_library([DataFile("a.yaml", b"[1, 2]"), DataFile("b.json", b"{")])
    assert [p.file for p in raised.value.problems] == ["a.yaml", "b.json"]


def test_a_work_that_failed_is_not_parsed_again_until_its_file_changes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from graphservice import listing as module

    files = _library(tmp_path)
    bad = tmp_path / "minimal.yaml"
    bad.write_text(MINIMAL.read_text(encoding="utf-8").replace("kind: friendship", "kind: frienship"))
    catalog = _lazy([read_file(Path(f.name)) for f in files])
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
