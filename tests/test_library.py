"""A library folder: which files are its works, and how each is validated on its own."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from graphservice.datafiles import DataFile, read_file
from graphservice.errors import DataError
from graphservice.library import data_paths, is_data_file, is_library, select_valid, watched

from .conftest import FIXTURES, LIGHTHOUSE

MINIMAL = FIXTURES / "minimal.yaml"
DRAFTED = FIXTURES / "drafted.yaml"
BROKEN = FIXTURES / "broken" / "yaml-syntax.yaml"


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    """Three small works, one in a sub-folder, with files beside them that are not works."""
    root = tmp_path / "books"
    (root / "drafts").mkdir(parents=True)
    shutil.copy(LIGHTHOUSE, root / "lighthouse.yaml")
    shutil.copy(MINIMAL, root / "minimal.yml")
    shutil.copy(DRAFTED, root / "drafts" / "drafted.yaml")
    (root / "README.md").write_text("not a work\n")
    (root / "lighthouse.yaml.tmp").write_text("a copy being written, renamed into place when done\n")
    (root / ".lighthouse.yaml.swp").write_text("an editor's swap file\n")
    (root / ".git").mkdir()
    shutil.copy(LIGHTHOUSE, root / ".git" / "lighthouse.yaml")
    return root


def _names(paths: tuple[Path, ...], root: Path) -> list[str]:
    return [str(p.relative_to(root)) for p in paths]


def test_a_folder_names_its_data_files_in_path_order(folder: Path) -> None:
    assert _names(data_paths([folder]), folder) == ["drafts/drafted.yaml", "lighthouse.yaml", "minimal.yml"]


def test_files_named_one_by_one_keep_their_order_and_are_taken_once(folder: Path) -> None:
    paths = data_paths([folder / "minimal.yml", folder, folder / "minimal.yml"])
    assert _names(paths, folder) == ["minimal.yml", "drafts/drafted.yaml", "lighthouse.yaml"]


def test_a_folder_among_the_sources_makes_a_library(folder: Path) -> None:
    assert is_library([folder / "minimal.yml", folder])
    assert not is_library([folder / "minimal.yml", folder / "lighthouse.yaml"])


@pytest.mark.parametrize(
    ("relative", "expected"),
    [
        ("a.yaml", True),
        ("sub/b.JSON", True),
        ("c.yml", True),
        ("notes.md", False),
        ("a.yaml.tmp", False),
        (".a.yaml", False),
        (".git/a.yaml", False),
    ],
)
def test_which_files_of_a_folder_are_works(tmp_path: Path, relative: str, expected: bool) -> None:
    assert is_data_file(tmp_path / relative, tmp_path) is expected


def test_a_path_outside_the_folder_is_not_its_work(tmp_path: Path) -> None:
    assert not is_data_file(tmp_path.parent / "a.yaml", tmp_path)


def test_the_watcher_hears_the_folders_data_files_and_the_files_named(folder: Path, tmp_path: Path) -> None:
    named = tmp_path / "single.yaml"
    concerns = watched([folder, named])
    assert concerns(folder / "new-book.yaml")  # added, even before it exists
    assert concerns(folder / "drafts" / "drafted.yaml")
    assert concerns(named)
    assert not concerns(folder / "README.md")
    assert not concerns(folder / "lighthouse.yaml.tmp")
    assert not concerns(tmp_path / "other.yaml")


def _file(path: Path, name: str | None = None) -> DataFile:
    read = read_file(path)
    return DataFile(name or read.name, read.content)


def test_a_bad_file_is_skipped_and_the_others_are_served() -> None:
    files = [_file(LIGHTHOUSE), _file(BROKEN), _file(MINIMAL)]
    selection = select_valid(files)
    assert [d.work.slug for d in selection.datasets] == ["carrow-point", "minimal"]
    assert [f.name for f in selection.files] == [str(LIGHTHOUSE), str(MINIMAL)]
    (skipped,) = selection.skipped
    assert skipped.file == str(BROKEN) and not skipped.kept_previous
    assert "invalid YAML" in skipped.reason
    assert "skipped (serving nothing)" in str(skipped)


def test_a_broken_edit_keeps_the_files_last_valid_version() -> None:
    good = _file(LIGHTHOUSE, "books/lighthouse.yaml")
    broken = DataFile("books/lighthouse.yaml", BROKEN.read_bytes())
    selection = select_valid([broken, _file(MINIMAL)], {good.name: good})
    assert selection.files[0] is good
    assert [d.work.slug for d in selection.datasets] == ["carrow-point", "minimal"]
    (skipped,) = selection.skipped
    assert skipped.kept_previous and skipped.served == "its last valid version"


def test_the_second_file_with_a_work_slug_is_skipped() -> None:
    first, second = _file(LIGHTHOUSE, "a.yaml"), _file(LIGHTHOUSE, "b.yaml")
    selection = select_valid([first, second])
    assert selection.files == (first,)
    (skipped,) = selection.skipped
    assert skipped.file == "b.yaml"
    assert skipped.reason == "work.slug: work slug 'carrow-point' is already used by a.yaml"


def test_a_last_valid_version_does_not_take_a_slug_served_by_an_earlier_file() -> None:
    # b.yaml was Lighthouse, is now broken, and a.yaml has become Lighthouse meanwhile.
    before = _file(LIGHTHOUSE, "b.yaml")
    files = [_file(LIGHTHOUSE, "a.yaml"), DataFile("b.yaml", BROKEN.read_bytes())]
    selection = select_valid(files, {"b.yaml": before})
    assert [f.name for f in selection.files] == ["a.yaml"]
    assert not selection.skipped[0].kept_previous


def test_no_file_to_serve_names_every_problem() -> None:
    with pytest.raises(DataError) as raised:
        select_valid([_file(BROKEN), DataFile("empty.yaml", b"")])
    assert {p.file for p in raised.value.problems} == {str(BROKEN), "empty.yaml"}
    with pytest.raises(DataError, match="no data files found"):
        select_valid([])


def test_readyz_names_skipped_files_from_their_folder_never_by_absolute_path(tmp_path: Path) -> None:
    folder = tmp_path / "books"
    owner = str(folder / "a.yaml")
    selection = select_valid([_file(LIGHTHOUSE, owner), _file(LIGHTHOUSE, str(folder / "sub" / "b.yaml"))])
    shown = selection.skipped[0].shown([folder])
    assert shown["file"] == "books/sub/b.yaml"
    assert shown["reason"] == "work.slug: work slug 'carrow-point' is already used by books/a.yaml"
    assert str(tmp_path) not in str(shown)
