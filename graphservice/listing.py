"""A library listed without loading it: each work's header and counts, read from its data file.

A large library (a folder of data files, served by one process) starts by listing its works: each
file is read as a mapping, its ``work`` header validated and its records counted, but nothing is
built; a work is loaded and validated in full on first use (graphservice/catalog.py's lazy
catalog, graphservice/shelf.py). Reading the text is most of a YAML file's listing time; JSON
files list about ten times faster, so a library of thousands of works is best kept as JSON.

At a reload the folder is listed again. A file whose bytes did not change keeps its entry and,
when it is loaded, its loaded work: a reload costs what changed. A file that changed is validated
in full at once, so a broken edit never replaces a valid version: while that version is in
memory, it stays served; otherwise the work is left out until the file is mended. A file new to
the library is listed like any at start-up.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from graphservice.catalog import Catalog, Counts, LoadedWork, WorkEntry
from graphservice.datafiles import DataFile, digest, read_file
from graphservice.errors import DataError, DataProblem, GraphServiceError
from graphservice.library import Skipped
from graphservice.loader import parse_file, read_mapping
from graphservice.model import Work as WorkHeader

__all__ = ["Listing", "WorkUnavailable", "entry_digest", "list_library", "list_work", "loader"]


class WorkUnavailable(GraphServiceError):
    """A listed work whose data file no longer validates (or is gone) when it is first used."""

    code = "DATA_ERROR"


def _length(raw: dict[str, Any], key: str, name: str) -> list[Any]:
    value = raw.get(key) or []
    if not isinstance(value, list):
        raise DataError([DataProblem(name, key, f"expected a list, got {type(value).__name__}")])
    return value


def list_work(file: DataFile) -> WorkEntry:
    """A work's entry from its data file: the ``work`` header validated, the records counted,
    nothing else checked. Raises DataError naming the file."""
    raw = read_mapping(file)
    try:
        header = WorkHeader.model_validate(raw.get("work"))
    except ValidationError as exc:
        problems = [
            DataProblem(file.name, ".".join(["work", *map(str, e["loc"])]), e["msg"]) for e in exc.errors()
        ]
        raise DataError(problems) from None
    characters = _length(raw, "characters", file.name)
    memberships = sum(
        len(c.get("memberships") or [])
        for c in characters
        if isinstance(c, dict) and isinstance(c.get("memberships"), list)
    )
    counts = Counts(
        characters=len(characters),
        relationships=len(_length(raw, "relationships", file.name)) + memberships,
        quotes=len(_length(raw, "quotes", file.name)),
    )
    return WorkEntry(header, file.name, counts, len(file.content), digest([file]))


def _entry_of_loaded(work: LoadedWork, file: DataFile) -> WorkEntry:
    listed = WorkEntry.of(work)
    return WorkEntry(listed.header, file.name, listed.counts, len(file.content), digest([file]))


def entry_digest(entries: Iterable[WorkEntry]) -> str:
    """A digest of the entries' files and bytes: the version of a lazy library."""
    sha = hashlib.sha256()
    for entry in entries:
        sha.update(f"{entry.file}\0{entry.digest}\0".encode())
    return sha.hexdigest()[:16]


@dataclass
class Listing:
    """A library listed: the entries served, the files skipped, and the works already loaded
    (carried over from the catalog before, or validated because they changed)."""

    entries: list[WorkEntry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    loaded: dict[str, LoadedWork] = field(default_factory=dict)

    def catalog(self, budget: int) -> Catalog:
        """A lazy catalog of these entries, keeping loaded works within ``budget`` bytes, with
        the works already loaded on its shelf."""
        failures: dict[str, Skipped] = {}
        catalog = Catalog.lazy(self.entries, loader(failures), budget)
        catalog.failures = failures  # the loader records there what fails to load
        shelf = catalog.shelf
        assert shelf is not None  # a lazy catalog's
        for slug, work in self.loaded.items():
            shelf.put(slug, work)
        return catalog


def list_library(files: Sequence[DataFile], previous: Catalog | None = None) -> Listing:
    """List the files as a library's works (see the module for what a reload keeps). Raises
    DataError naming every file's problems when no work can be served."""
    before = {e.file: e for e in previous.entries} if previous is not None else {}
    listing = Listing()
    owners: dict[str, str] = {}
    for file in files:
        old = before.get(file.name)
        try:
            entry, loaded = _list_one(file, old, previous)
            if entry.slug in owners:
                reason = f"work slug '{entry.slug}' is already used by {owners[entry.slug]}"
                raise DataError([DataProblem(file.name, "work.slug", reason)])
        except DataError as exc:
            kept = _kept(old, previous, owners)
            listing.skipped.append(Skipped(file.name, exc.problems, kept is not None))
            if kept is None:
                continue
            entry, loaded = kept
        owners[entry.slug] = file.name
        listing.entries.append(entry)
        if loaded is not None:
            listing.loaded[entry.slug] = loaded
    if not listing.entries:
        problems = [p for s in listing.skipped for p in s.problems]
        raise DataError(problems or [DataProblem("", "", "no data files found")])
    return listing


def _list_one(
    file: DataFile, old: WorkEntry | None, previous: Catalog | None
) -> tuple[WorkEntry, LoadedWork | None]:
    if old is None or previous is None:  # new to the library: listed only
        return list_work(file), None
    if old.digest == digest([file]):  # unchanged: its entry, and its work if loaded
        return old, previous.loaded(old.slug)
    work = LoadedWork(parse_file(file), file.name)  # changed: validated in full now
    return _entry_of_loaded(work, file), work


def _kept(
    old: WorkEntry | None, previous: Catalog | None, owners: dict[str, str]
) -> tuple[WorkEntry, LoadedWork] | None:
    """A broken file's last valid version, when it is in memory and its slug still free."""
    if old is None or previous is None or old.slug in owners:
        return None
    work = previous.loaded(old.slug)
    return None if work is None else (old, work)


def loader(failures: dict[str, Skipped]) -> Callable[[WorkEntry], LoadedWork]:
    """The function a lazy catalog loads a work with: its data file read and validated in full.
    A file that no longer validates is recorded in ``failures`` (for /readyz), and the request
    gets a DATA_ERROR naming the work, not the file's path."""

    failed_at: dict[str, tuple[int, int]] = {}  # the file's size and time when it failed

    def load(entry: WorkEntry) -> LoadedWork:
        path = Path(entry.file)
        if entry.slug in failures and failed_at.get(entry.slug) == _stamp(path):
            # Unchanged since it failed: not parsed again for every request that asks for it.
            raise WorkUnavailable(_unavailable(entry.slug))
        try:
            file = read_file(path)
            dataset = parse_file(file)
            if dataset.work.slug != entry.slug:
                reason = f"the file now describes work '{dataset.work.slug}', not '{entry.slug}'"
                raise DataError([DataProblem(entry.file, "work.slug", reason)])
        except DataError as exc:
            failures[entry.slug] = Skipped(entry.file, exc.problems, kept_previous=False)
            failed_at[entry.slug] = _stamp(path)
            raise WorkUnavailable(_unavailable(entry.slug)) from None
        failures.pop(entry.slug, None)
        return LoadedWork(dataset, entry.file)

    return load


def _unavailable(slug: str) -> str:
    return f"work '{slug}' cannot be served: its data file does not validate (see /readyz)"


def _stamp(path: Path) -> tuple[int, int]:
    try:
        stat = path.stat()
    except OSError:
        return (-1, -1)
    return (stat.st_size, stat.st_mtime_ns)
