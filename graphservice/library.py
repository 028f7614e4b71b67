"""A library of works: data files named one by one, or found under folders and taken one by one.

Files named one by one are the operator's explicit choice: each must validate, or nothing is
served (at start-up) and nothing is reloaded (later). A folder is a collection that curators add
to, edit and prune while the service runs, so each of its files stands alone: a file that does not
validate is reported and skipped, and the others are served. A file that validated before and is
broken by an edit keeps being served as it last validated, so a slip in one book never takes a
book away from its readers; the report says so. (One process lists a folder and loads its works
on first use, graphservice/listing.py: there the last valid version is kept while it is in
memory. With several workers, ``select_valid`` below checks every file before they start.)
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from graphservice.datafiles import DataFile, shown_name, without_paths
from graphservice.errors import DataError, DataProblem
from graphservice.loader import parse_file
from graphservice.model import Dataset

__all__ = [
    "DATA_SUFFIXES",
    "Selection",
    "Skipped",
    "data_paths",
    "is_data_file",
    "is_library",
    "select_valid",
    "watched",
]

DATA_SUFFIXES = frozenset({".yaml", ".yml", ".json"})
"""The names a folder's data files end in; anything else there (a README, a temporary file being
written before its rename) is not a work."""


def is_library(sources: Sequence[Path]) -> bool:
    """Whether any source is a folder: then every file is validated on its own (see the module)."""
    return any(source.is_dir() for source in sources)


def is_data_file(path: Path, folder: Path) -> bool:
    """Whether ``path`` under ``folder`` is one of its works: a data file's suffix, and no hidden
    part (editors and copy tools write hidden files beside the one they change)."""
    try:
        parts = path.relative_to(folder).parts
    except ValueError:
        return False
    return path.suffix.lower() in DATA_SUFFIXES and not any(part.startswith(".") for part in parts)


def _under(folder: Path) -> Iterator[Path]:
    # os.walk reads each folder once with scandir: a tenth of rglob's time over 10,000 files.
    found: list[tuple[tuple[str, ...], Path]] = []
    for root, folders, names in os.walk(folder):
        folders[:] = [f for f in folders if not f.startswith(".")]
        relative = Path(root).relative_to(folder).parts
        for name in names:
            if not name.startswith(".") and os.path.splitext(name)[1].lower() in DATA_SUFFIXES:
                found.append(((*relative, name), Path(root, name)))
    return iter(path for _, path in sorted(found))


def data_paths(sources: Sequence[Path]) -> tuple[Path, ...]:
    """The data files the sources name: a file as given, a folder's data files in the order of
    their paths (sub-folders included). A file named twice is taken once, where first named."""
    paths: list[Path] = []
    seen: set[str] = set()
    for source in sources:
        for path in _under(source) if source.is_dir() else (source,):
            key = os.path.abspath(path)  # no system call per file, unlike resolve()
            if key not in seen:
                seen.add(key)
                paths.append(path)
    return tuple(paths)


def watched(sources: Sequence[Path]) -> Callable[[Path], bool]:
    """For a file watcher: whether a changed path concerns the sources, being one of the files
    named or a data file (added, changed or removed) under one of the folders."""
    resolved = [source.resolve() for source in sources]
    files = {s for s in resolved if not s.is_dir()}
    folders = [s for s in resolved if s.is_dir()]

    def concerns(path: Path) -> bool:
        path = path.resolve()
        return path in files or any(is_data_file(path, folder) for folder in folders)

    return concerns


@dataclass(frozen=True, slots=True)
class Skipped:
    """A data file that did not validate, and what is served in its place."""

    file: str
    problems: tuple[DataProblem, ...]
    kept_previous: bool
    """Whether the file's last valid version is still served (else its work is not served)."""

    @property
    def reason(self) -> str:
        """Every problem found, one after the other, as ``validate`` reports them."""
        return "; ".join(f"{p.record}: {p.reason}" if p.record else p.reason for p in self.problems)

    @property
    def served(self) -> str:
        """What is served in the file's place."""
        return "its last valid version" if self.kept_previous else "nothing"

    def shown(self, sources: Sequence[Path]) -> dict[str, str]:
        """The file as /readyz shows it: files named from their folder among the ``sources``, never
        by an absolute path."""
        names = [str(source) for source in sources]
        file = without_paths(self.file, names)
        return {
            "file": shown_name(file) if Path(file).is_absolute() else file,
            "served": self.served,
            "reason": without_paths(self.reason, names),
        }

    def __str__(self) -> str:
        return f"data file {self.file} skipped (serving {self.served}): {self.reason}"


@dataclass(frozen=True, slots=True)
class Selection:
    """What a library serves of the files read: each valid file (or a broken file's last valid
    version) with its dataset, in the order read, and each file skipped."""

    files: tuple[DataFile, ...]
    datasets: tuple[Dataset, ...]
    skipped: tuple[Skipped, ...]


def select_valid(files: Sequence[DataFile], previous: Mapping[str, DataFile] | None = None) -> Selection:
    """Validate each file on its own; keep the valid ones, and for each invalid one its version in
    ``previous`` (the files served until now, by name) when that one validates.

    Two files with the same work slug: the later one is skipped. Raises DataError naming every
    file's problems when no file at all can be served.
    """
    previous = previous or {}
    kept: list[tuple[DataFile, Dataset]] = []
    skipped: list[Skipped] = []
    owners: dict[str, str] = {}
    for file in files:
        taken: tuple[DataFile, Dataset] | None
        try:
            taken = (file, _parsed(file, owners))
        except DataError as exc:
            taken = _fallback(previous.get(file.name), owners)
            skipped.append(Skipped(file.name, exc.problems, taken is not None))
            if taken is None:
                continue
        owners[taken[1].work.slug] = file.name
        kept.append(taken)
    if not kept:
        problems = [p for s in skipped for p in s.problems]
        if not problems:
            raise DataError([DataProblem("", "", "no data files found")])
        raise DataError(problems)
    return Selection(tuple(f for f, _ in kept), tuple(d for _, d in kept), tuple(skipped))


def _parsed(file: DataFile, owners: Mapping[str, str]) -> Dataset:
    dataset = parse_file(file)
    slug = dataset.work.slug
    if slug in owners:
        reason = f"work slug '{slug}' is already used by {owners[slug]}"
        raise DataError([DataProblem(file.name, "work.slug", reason)])
    return dataset


def _fallback(earlier: DataFile | None, owners: Mapping[str, str]) -> tuple[DataFile, Dataset] | None:
    if earlier is None:
        return None
    try:
        return earlier, _parsed(earlier, owners)
    except DataError:  # its slug is taken by a file read before it
        return None
