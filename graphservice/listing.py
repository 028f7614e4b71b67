"""A library listed without loading it: each work's header and counts, read from its data file.

A large library (a folder of data files, served by one process) starts by listing its works: each
file is read as a mapping, its ``work`` header validated and its records counted, but nothing is
built; a work is loaded and validated in full on first use (graphservice/catalog.py's lazy
catalog, graphservice/shelf.py). A JSON file's records are counted without being built; a YAML
file must be read whole, many times slower, so a library of thousands of works is best kept as
JSON.

At a reload the folder is listed again. A file whose stamp (inode, size and time) did not change
is not read: it keeps its entry and, when it is loaded, its loaded work, so a reload costs what
changed. A file that changed is validated in full at once, so a broken edit never replaces a valid
version: while that version is in memory, it stays served; otherwise the work is left out until
the file is mended. A file new to the library is listed like any at start-up.

A lazy catalog also gets a search index of its works' texts (graphservice/search_index.py), built
after the listing, in the background for a large library; a reload hands the index on, and only
new, changed and removed works change it.
"""

from __future__ import annotations

import dataclasses
import gc
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import msgspec
from pydantic import ValidationError

from graphservice.catalog import Catalog, Counts, LoadedWork, WorkEntry
from graphservice.datafiles import DataFile, digest, read_file
from graphservice.errors import DataError, DataProblem, GraphServiceError
from graphservice.library import Skipped
from graphservice.loader import parse_file, read_mapping
from graphservice.model import Work as WorkHeader
from graphservice.search_index import LibraryIndex, fts5_available

__all__ = [
    "Listing",
    "Reader",
    "Stamp",
    "WorkUnavailable",
    "entry_digest",
    "list_library",
    "list_work",
    "loader",
    "read_each",
    "stamp",
    "stamps_digest",
]


class WorkUnavailable(GraphServiceError):
    """A listed work whose data file no longer validates (or is gone) when it is first used."""

    code = "DATA_ERROR"


def _length(raw: dict[str, Any], key: str, name: str) -> list[Any]:
    value = raw.get(key) or []
    if not isinstance(value, list):
        raise DataError([DataProblem(name, key, f"expected a list, got {type(value).__name__}")])
    return value


class _Member(msgspec.Struct):
    memberships: list[msgspec.Raw] = []


class _Counted(msgspec.Struct):
    """What a JSON data file is read as to list it: the header left as JSON text, the records
    only counted (``msgspec.Raw`` skips a value without building it)."""

    work: msgspec.Raw
    characters: list[_Member] = []
    relationships: list[msgspec.Raw] = []
    quotes: list[msgspec.Raw] = []


_COUNTED = msgspec.json.Decoder(_Counted)


def list_work(file: DataFile, stamp: Stamp | None = None) -> WorkEntry:
    """A work's entry from its data file: the ``work`` header validated, the records counted,
    nothing else checked. Raises DataError naming the file."""
    if file.name.lower().endswith(".json"):
        try:
            # A third of the time of reading the whole file as Python objects (bench/library.py).
            found = _COUNTED.decode(file.content)
        except (msgspec.DecodeError, msgspec.ValidationError):
            pass  # not of the usual shape: read in full below, which names what is wrong
        else:
            members = sum(len(c.memberships) for c in found.characters)
            counts = Counts(len(found.characters), len(found.relationships) + members, len(found.quotes))
            header = _header(file.name, lambda: WorkHeader.model_validate_json(bytes(found.work)))
            return WorkEntry(header, file.name, counts, len(file.content), digest([file]), stamp)
    raw = read_mapping(file)
    header = _header(file.name, lambda: WorkHeader.model_validate(raw.get("work")))
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
    return WorkEntry(header, file.name, counts, len(file.content), digest([file]), stamp)


def _header(name: str, validate: Callable[[], WorkHeader]) -> WorkHeader:
    try:
        return validate()
    except ValidationError as exc:
        problems = [
            DataProblem(name, ".".join(["work", *map(str, e["loc"])]), e["msg"]) for e in exc.errors()
        ]
        raise DataError(problems) from None


def _entry_of_loaded(work: LoadedWork, file: DataFile) -> WorkEntry:
    listed = WorkEntry.of(work)
    return WorkEntry(listed.header, file.name, listed.counts, len(file.content), digest([file]))


def entry_digest(entries: Iterable[WorkEntry]) -> str:
    """A digest of the entries' files and bytes: the version of a lazy library."""
    sha = hashlib.sha256()
    for entry in entries:
        sha.update(f"{entry.file}\0{entry.digest}\0".encode())
    return sha.hexdigest()[:16]


Stamp = tuple[int, int, int]
"""A file's inode, size and modification time (ns): a file whose stamp is unchanged is not read."""

Reader = Callable[[Sequence[Path]], Iterable["DataFile | DataError"]]
"""Reads files for a listing, one by one, in order: each file's bytes, or why it cannot be read."""


def stamp(path: Path) -> Stamp | None:
    """The file's stamp (None when it cannot be looked at)."""
    try:
        found = path.stat()
    except OSError:
        return None
    return (found.st_ino, found.st_size, found.st_mtime_ns)


def stamps_digest(stamps: Mapping[str, Stamp | None]) -> str:
    """A digest of the files' names and stamps: the same one means nothing changed on disk."""
    sha = hashlib.sha256()
    for name, found in stamps.items():
        sha.update(f"{name}\0{found}\0".encode())
    return sha.hexdigest()[:16]


def read_each(paths: Sequence[Path]) -> Iterator[DataFile | DataError]:
    """Each file's bytes, read when asked for, so a library's files are never all in memory."""
    for path in paths:
        try:
            yield read_file(path)
        except DataError as exc:
            yield exc


@dataclass
class Listing:
    """A library listed: the entries served, the files skipped, and the works already loaded
    (carried over from the catalog before, or validated because they changed)."""

    entries: list[WorkEntry] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    loaded: dict[str, LoadedWork] = field(default_factory=dict)
    stamps: dict[str, Stamp | None] = field(default_factory=dict)
    """Every file's stamp when listed, skipped ones included."""
    index: LibraryIndex | None = None
    """The search index of the catalog listed before, kept in step with this listing."""

    @property
    def read_version(self) -> str:
        """The digest of every file's name and stamp (see ``stamps_digest``)."""
        return stamps_digest(self.stamps)

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
        index = self.index
        if index is None and fts5_available():
            index = LibraryIndex()
        if index is not None:  # else a search across works loads each, in a small library only
            catalog.search_index = index
            index.on_grown = shelf.reserve  # the index's memory is part of the works' budget
            shelf.reserve(index.memory_bytes())
            index.sync(catalog)
        return catalog


def list_library(
    paths: Sequence[Path],
    previous: Catalog | None = None,
    *,
    read: Reader = read_each,
) -> Listing:
    """List the files as a library's works (see the module for what a reload keeps). Files
    whose stamp did not change since ``previous`` was listed keep their entry, unread; the others
    are read with ``read``. Raises DataError naming every file's problems when no work can be
    served."""
    listing = Listing()
    listing.stamps = {str(p): stamp(p) for p in paths}
    before = {e.file: e for e in previous.entries} if previous is not None else {}
    listing.index = previous.search_index if previous is not None else None

    def unchanged(name: str) -> WorkEntry | None:
        old = before.get(name)
        found = listing.stamps[name]
        return old if old is not None and found is not None and old.stamp == found else None

    fresh = iter(read([p for p in paths if unchanged(str(p)) is None]))
    owners: dict[str, str] = {}
    for path in paths:
        name = str(path)
        old = before.get(name)
        try:
            kept_entry = unchanged(name)
            if kept_entry is not None:
                entry = kept_entry
                loaded = previous.loaded(entry.slug) if previous is not None else None
            else:
                file = next(fresh)
                if isinstance(file, DataError):
                    raise file
                entry, loaded = _list_one(file, old, previous, listing.stamps[name])
            if entry.slug in owners:
                reason = f"work slug '{entry.slug}' is already used by {owners[entry.slug]}"
                raise DataError([DataProblem(name, "work.slug", reason)])
        except DataError as exc:
            kept = _kept(old, previous, owners)
            listing.skipped.append(Skipped(name, exc.problems, kept is not None))
            if kept is None:
                continue
            entry, loaded = kept
        owners[entry.slug] = name
        listing.entries.append(entry)
        if loaded is not None:
            listing.loaded[entry.slug] = loaded
    if not listing.entries:
        problems = [p for s in listing.skipped for p in s.problems]
        raise DataError(problems or [DataProblem("", "", "no data files found")])
    return listing


def _list_one(
    file: DataFile, old: WorkEntry | None, previous: Catalog | None, found: Stamp | None
) -> tuple[WorkEntry, LoadedWork | None]:
    if old is None or previous is None:  # new to the library: listed only
        return list_work(file, found), None
    if old.digest == digest([file]):  # touched, not changed: its entry, and its work if loaded
        return dataclasses.replace(old, stamp=found), previous.loaded(old.slug)
    work = LoadedWork(parse_file(file), file.name)  # changed: validated in full now
    return dataclasses.replace(_entry_of_loaded(work, file), stamp=found), work


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

    failed_at: dict[str, Stamp | None] = {}  # the file's stamp when it failed

    def load(entry: WorkEntry) -> LoadedWork:
        path = Path(entry.file)
        if entry.slug in failures and failed_at.get(entry.slug) == stamp(path):
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
            failed_at[entry.slug] = stamp(path)
            raise WorkUnavailable(_unavailable(entry.slug)) from None
        failures.pop(entry.slug, None)
        work = LoadedWork(dataset, entry.file)
        # As with data loaded at start-up (graphservice/web/state.py, freeze_heap): what is
        # alive now goes out of the cyclic collector's sight, or every full collection would
        # walk every work on the shelf again (seconds, with a gigabyte of works, in the middle of
        # some request). A work is freed by reference counting when the shelf lets it go, frozen
        # or not: nothing of it refers back to it (tests/test_memo.py).
        gc.collect()
        gc.freeze()
        return work

    return load


def _unavailable(slug: str) -> str:
    return f"work '{slug}' cannot be served: its data file does not validate (see /readyz)"
