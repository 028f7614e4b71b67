"""A library's search index: one ranked search across works, kept in step with reloads, and in
agreement with searching each work and merging."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import pytest

from graphservice import search_index
from graphservice.catalog import Catalog
from graphservice.errors import InvalidArgumentError
from graphservice.library import data_paths
from graphservice.listing import list_library
from graphservice.queries.library import search_everywhere
from graphservice.search_index import LibraryIndex, SearchIndexNotReady, fts5_available

from .conftest import FIXTURES, LIGHTHOUSE

BUDGET = 2**30


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    root = tmp_path / "books"
    root.mkdir()
    shutil.copy(LIGHTHOUSE, root / "a-lighthouse.yaml")
    shutil.copy(FIXTURES / "drafted.yaml", root / "b-drafted.yaml")
    shutil.copy(FIXTURES / "minimal.yaml", root / "c-minimal.yaml")
    return root


def _catalog(folder: Path, previous: Catalog | None = None) -> Catalog:
    return list_library(data_paths([folder]), previous).catalog(BUDGET)


def _found(catalog: Catalog, text: str, limit: int = 10) -> list[tuple[str, str, str, float]]:
    assert catalog.search_index is not None
    return [(w, h.slug, h.field, h.score) for w, h in catalog.search_index.search(catalog, text, limit=limit)]


def test_this_python_has_fts5() -> None:
    assert fts5_available()  # else the index is never built, and the tests below mean nothing


def test_one_ranked_list_each_hit_naming_its_work(folder: Path) -> None:
    catalog = _catalog(folder)
    assert catalog.loaded("carrow-point") is None  # indexed from the files, nothing loaded
    found = _found(catalog, "ada", limit=5)
    assert found[0] == ("carrow-point", "ada", "alias", 100.0)
    scores = [score for *_, score in found]
    assert scores == sorted(scores, reverse=True) and len(found) == 4
    assert _found(catalog, "brno") == [("minimal", "bruno", "name", 88.9)]  # a slip of a letter
    assert [(w, s) for w, s, *_ in _found(catalog, "ferry")][:1] == [("wren-crossing", "ferry-hands")]
    assert catalog.loaded("carrow-point") is None  # answered from the index alone


QUERIES = [
    "ada", "Ada Venn", "ada venn lighthouse", "anna", "brno", "bruno", "keeper", "the keeper",
    "keepers", "lamp", "storm", "river", "downriver", "ferry", "winter", "tobin", "orrin", "council",
    "village", "hermit", "first night", "barges", "lighthous", "nobody at all",
]  # fmt: skip


def test_the_index_agrees_with_searching_each_work(folder: Path) -> None:
    catalog = _catalog(folder)
    for text in QUERIES:
        merged = [(w.slug, h) for w, h in search_everywhere(catalog.works, text, limit=10)]
        assert catalog.search_index is not None
        assert catalog.search_index.search(catalog, text, limit=10) == merged, text


def test_every_hit_of_the_index_is_one_a_work_gives_with_its_score(folder: Path) -> None:
    # Where they differ (weak name matches that share no word start with the search), the index
    # finds fewer, never other or differently scored records.
    catalog = _catalog(folder)
    assert catalog.search_index is not None
    for text in ["ben", "bargemen", "wooden", "on", "ada's"]:
        merged = [(w.slug, h) for w, h in search_everywhere(catalog.works, text, limit=50)]
        for hit in catalog.search_index.search(catalog, text, limit=50):
            assert hit in merged, (text, hit)


def test_a_changed_a_removed_and_an_added_file_are_reflected(folder: Path) -> None:
    before = _catalog(folder)
    index = before.search_index
    minimal = folder / "c-minimal.yaml"
    minimal.write_text(minimal.read_text(encoding="utf-8").replace("name: Anna", "name: Annika"))
    (folder / "b-drafted.yaml").unlink()
    added = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8").replace("slug: minimal", "slug: added")
    (folder / "d-added.yaml").write_text(added.replace("name: Bruno", "name: Brunhilde"))
    after = _catalog(folder, before)
    assert after.search_index is index  # handed on, changed only where the files changed
    assert index is not None and index.ready_for(after) and not index.ready_for(before)
    assert _found(after, "annika")[0] == ("minimal", "anna", "name", 100.0)
    matched = {(w, h.matched) for w, h in index.search(after, "anna")}
    assert ("added", "Anna") in matched and ("minimal", "Anna") not in matched  # the old name is gone
    assert not [w for w, *_ in _found(after, "ferry")]  # its only work was removed
    assert _found(after, "brunhilde") == [("added", "bruno", "name", 100.0)]
    with pytest.raises(SearchIndexNotReady) as caught:
        index.search(before, "ada")  # the catalog replaced is not searched from the new index
    assert caught.value.code == "SEARCH_INDEX_NOT_READY"


def test_a_bad_file_is_skipped_and_a_file_not_a_works_shape_holds_nothing(folder: Path) -> None:
    shutil.copy(FIXTURES / "broken" / "yaml-syntax.yaml", folder / "e-broken.yaml")
    odd = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8").replace("slug: minimal", "slug: odd", 1)
    (folder / "f-odd.yaml").write_text(odd.replace("    name: Anna\n", "    name: Anna\n    aliases: 7\n", 1))
    catalog = _catalog(folder)
    assert catalog.slugs == ["carrow-point", "wren-crossing", "minimal", "odd"]  # broken: skipped
    assert catalog.search_index is not None and catalog.search_index.ready_for(catalog)
    assert _found(catalog, "anna") == [("minimal", "anna", "name", 100.0)]  # nothing from odd


def test_a_work_that_fails_to_load_is_left_out(folder: Path) -> None:
    catalog = _catalog(folder)
    minimal = folder / "c-minimal.yaml"
    minimal.write_text(minimal.read_text(encoding="utf-8").replace("kind: friendship", "kind: frienship"))
    with pytest.raises(Exception, match="cannot be served"):
        catalog.work("minimal")
    assert _found(catalog, "anna") == []


def test_until_it_holds_every_work_it_says_so(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = _catalog(folder)
    fresh = LibraryIndex()
    with pytest.raises(SearchIndexNotReady, match=r"0 of 0 works indexed"):
        fresh.search(catalog, "ada")
    # Many works are indexed in a background thread; until it is done, searching says so.
    monkeypatch.setattr(search_index, "AT_ONCE", 1)
    gate = threading.Event()
    reading = search_index.file_texts
    monkeypatch.setattr(search_index, "file_texts", lambda path: gate.wait(30) and reading(path))
    fresh.sync(catalog)
    with pytest.raises(SearchIndexNotReady, match=r"0 of 3 works indexed"):
        fresh.search(catalog, "ada")
    gate.set()
    assert fresh._thread is not None
    fresh._thread.join(30)
    assert fresh.ready_for(catalog) and fresh.search(catalog, "anna")[0][0] == "minimal"


def test_the_index_is_charged_against_the_works_budget(folder: Path) -> None:
    catalog = _catalog(folder)
    assert catalog.shelf is not None and catalog.search_index is not None
    held = catalog.search_index.memory_bytes()
    assert held > 0 and catalog.shelf.stats().charged_bytes == held  # no work loaded yet


def test_without_fts5_there_is_no_index(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from graphservice import listing

    monkeypatch.setattr(listing, "fts5_available", lambda: False)
    assert _catalog(folder).search_index is None


def test_a_search_of_more_than_twenty_words_is_refused_before_the_index_is_read(folder: Path) -> None:
    catalog = _catalog(folder)
    assert catalog.search_index is not None
    many = " ".join(f"w{i}" for i in range(5000))  # each would be looked up in the whole vocabulary
    with pytest.raises(InvalidArgumentError, match="at most 20 words"):
        catalog.search_index.search(catalog, many)
