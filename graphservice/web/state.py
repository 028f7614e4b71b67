"""The data the service answers from, and its safe reload.

A reload reads each file once it has stopped changing (see graphservice/datafiles.py), validates
it in full in a worker thread, then swaps the new catalog in with one assignment. A request reads
``holder.current`` once and keeps that object, so requests in flight finish on the data they
started with and none ever sees a half-built graph. Whatever goes wrong while reloading, from a
file that does not validate to an error nobody foresaw, refuses the reload: it is logged with the
file names, kept as ``last_error`` for /readyz, the last good data keeps answering, and the watcher
and the SIGHUP handler carry on.
"""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import gc
import logging
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from graphservice.catalog import Catalog, LoadedWork
from graphservice.datafiles import DataFile, digest, read_files, read_settled, without_paths
from graphservice.errors import DataError, DataProblem, InvalidArgumentError
from graphservice.feed import Feed
from graphservice.library import DATA_SUFFIXES, Skipped, data_paths, is_library, watched
from graphservice.listing import Reader as ListingReader
from graphservice.listing import entry_digest, list_library, read_each, stamp, stamps_digest
from graphservice.loader import parse_files
from graphservice.queries.analytics import is_large, precompute
from graphservice.queries.changes import Published, catalog_changes
from graphservice.queries.layout import story_layout
from graphservice.queries.search import prepare_index
from graphservice.shelf import resident_bytes, works_budget
from graphservice.web.response_cache import ResponseCache

__all__ = [
    "DataHolder",
    "LoadedData",
    "build_catalog",
    "freeze_heap",
    "load_data",
    "load_files",
    "load_lazy_library",
    "load_sources",
    "warm",
]

logger = logging.getLogger("graphservice.data")

Reader = Callable[[], Sequence[DataFile]]
"""Reads the data files for a reload: the files themselves once settled, or a worker's snapshot."""


@dataclass(frozen=True, slots=True)
class LoadedData:
    """One loaded, validated version of the data files."""

    catalog: Catalog
    version: str
    """A digest of the files' names and bytes: equal versions mean equal data."""
    loaded_at: float
    """When it was loaded (seconds since the epoch)."""
    load_seconds: float
    """How long loading, validating and precomputing took."""
    skipped: tuple[Skipped, ...] = ()
    """In a library (a data folder): the files that did not validate (graphservice/library.py)."""
    read_digest: str | None = None
    """In a library: the digest of every file's name and stamp, skipped ones included, so a
    reload that finds the same one has nothing to read (None: ``version``)."""

    @property
    def all_skipped(self) -> tuple[Skipped, ...]:
        """The files skipped when listed, then those of a lazy library that failed to load."""
        listed = {s.file for s in self.skipped}
        failed = [s for s in list(self.catalog.failures.values()) if s.file not in listed]
        return (*self.skipped, *failed)

    @property
    def read_version(self) -> str:
        """What a reload compares to learn whether anything changed on disk."""
        return self.read_digest or self.version


def build_catalog(files: Sequence[DataFile]) -> Catalog:
    """Validate the files' bytes and build their works; raises DataError naming every problem."""
    if not files:
        raise InvalidArgumentError("no data files given")
    datasets = parse_files(files)
    return Catalog(tuple(LoadedWork(d, f.name) for d, f in zip(datasets, files, strict=True)))


def warm(catalog: Catalog) -> None:
    """Precompute what every request would otherwise compute again: analytics of the common views,
    the layout and the search index (for a large work, only the search index)."""
    if catalog.is_lazy:  # a library's works are loaded, and their caches filled, on first use
        return
    for work in catalog.works:
        precompute(work)  # skips a large work (see LARGE_WORK_EDGES)
        prepare_index(work)
        if not is_large(work):  # a spring layout of a large work takes minutes: on first request
            story_layout(work)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector off while loading.

    Loading creates millions of long-lived objects and almost no garbage; each allocation burst
    would start a collection that walks every object made so far, which more than doubles the
    load time of a big work (docs/benchmarks.md). Requests answered meanwhile (a reload runs in a
    thread) are not hurt: their garbage waits for the next collection. What the load made is
    frozen at the end (``gc.freeze``); a reload unfreezes before it freezes the new data.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        # Everything made meanwhile is still in the youngest generation: the first collection
        # after this would walk all of it (4 s for a million relationships). Freezing moves it
        # out of the collector's sight first, as freeze_heap does once the server starts.
        gc.freeze()
        if enabled:
            gc.enable()


def load_files(
    files: Sequence[DataFile], catalog: Catalog | None = None, *, warmed: bool = True
) -> LoadedData:
    """Load and validate the files' bytes (unless a catalog is given) and, if ``warmed``, warm the
    caches. The version is the digest of exactly these bytes."""
    started = time.perf_counter()
    with _collector_paused():
        catalog = catalog or build_catalog(files)
        if warmed:
            warm(catalog)
    return LoadedData(catalog, digest(files), time.time(), time.perf_counter() - started)


def load_data(paths: Sequence[Path], catalog: Catalog | None = None, *, warmed: bool = True) -> LoadedData:
    """Read each file once, then :func:`load_files`."""
    return load_files(read_files(paths), catalog, warmed=warmed)


def load_lazy_library(
    paths: Sequence[Path], budget: int, previous: Catalog | None = None, *, read: ListingReader = read_each
) -> LoadedData:
    """List a library's files (graphservice/listing.py) into a lazy catalog whose works are
    loaded on first use and kept within ``budget`` bytes. Files unchanged since ``previous`` was
    listed keep their entries, and their works when loaded; the others are read with ``read``.
    The version is the digest of the files served; raises DataError when none can be."""
    started = time.perf_counter()
    listing = list_library(paths, previous, read=read)
    catalog = listing.catalog(budget)
    if previous is not None and previous.shelf is not None and catalog.shelf is not None:
        catalog.shelf.budget = previous.shelf.budget  # as fitted to the process so far
        catalog.shelf.over = previous.shelf.over
    return LoadedData(
        catalog,
        entry_digest(listing.entries),
        time.time(),
        time.perf_counter() - started,
        skipped=tuple(listing.skipped),
        read_digest=listing.read_version,
    )


def load_sources(sources: Sequence[Path], budget: int = 1024 * 2**20) -> LoadedData:
    """Load what the configured sources name: files one by one, all of which must validate, or,
    when a folder is among them, a lazy library (:func:`load_lazy_library`) keeping the process
    within ``budget`` bytes."""
    if not is_library(sources):
        return load_data(sources)
    paths = data_paths(sources)
    if not paths:
        folders = ", ".join(str(s) for s in sources if s.is_dir())
        suffixes = ", ".join(sorted(DATA_SUFFIXES))
        raise DataError([DataProblem(folders, "", f"no data files ({suffixes}) in the folder")])
    data = load_lazy_library(paths, budget)
    shelf = data.catalog.shelf
    assert shelf is not None  # a lazy catalog's
    shelf.budget = works_budget(budget)  # the listing, now in memory, is part of the budget
    shelf.over = lambda: resident_bytes() > budget
    for skipped in data.skipped:
        _report_skipped(skipped)
    return data


def _report_skipped(skipped: Skipped) -> None:
    logger.warning("%s", skipped)


def freeze_heap() -> None:
    """Move every object alive now out of the garbage collector's sight (``gc.freeze``).

    The loaded data is millions of long-lived objects; without this, each full collection walks
    all of them again although none can ever be garbage while the data is served. Called once the
    data is loaded, and again after a reload (which first unfreezes, so the old data can go).
    """
    gc.collect()
    gc.freeze()


class DataHolder:
    """Holds the current data; reloads it on demand, on SIGHUP, or when the files change.

    ``sources`` are the data files, or folders of them (a library: each file validated on its own,
    see graphservice/library.py; a folder is listed again at each reload, so files added or
    removed are taken up). ``responses`` keeps answers for the current data version; a reload
    that swaps data clears it. A reload takes a file only once it has been unchanged for
    ``settle`` seconds; ``read`` replaces that reading (a worker reads the supervisor's validated
    snapshot instead). ``on_reload``, when set, is called after every reload, swapped or refused.
    """

    def __init__(
        self,
        sources: Sequence[Path],
        initial: LoadedData,
        *,
        settle: float = 0.5,
        read: Reader | None = None,
        budget: int = 1024 * 2**20,
    ) -> None:
        self.paths = tuple(sources)
        self.budget = budget
        """Bytes a library's loaded works may take (graphservice/shelf.py)."""
        self.library = read is None and is_library(self.paths)
        """Whether each file stands alone (a folder among the sources)."""
        self.current = initial
        self.last_error: str | None = None
        self.responses = ResponseCache()
        self.on_reload: Callable[[], None] | None = None
        self.feed: Feed[Published] = Feed()
        """Each version swapped in, with what changed, for live subscriptions."""
        self._settle = settle
        self._read: Reader = read or (lambda: read_settled(data_paths(self.paths), settle))
        self._lock = asyncio.Lock()

    @property
    def published(self) -> Published:
        """The version served now, as live subscriptions describe it."""
        data = self.current
        return Published(data.version, data.loaded_at, data.catalog)

    @property
    def shown_error(self) -> str | None:
        """``last_error`` with the files named as clients may see them (no absolute paths)."""
        if self.last_error is None:
            return None
        return without_paths(self.last_error, (str(p) for p in self.paths))

    async def reload(self) -> bool:
        """Read the files again; swap them in if they validate. Returns whether it swapped.

        Never raises (except on cancellation): any error refuses the reload, as described above.
        """
        async with self._lock:  # one reload at a time; readers never wait
            try:
                swapped = await self._reload()
            except Exception as exc:
                self._refuse(exc)
                swapped = False
            if self.on_reload is not None:
                try:
                    self.on_reload()
                except Exception:
                    logger.exception("reporting the reload failed")
            return swapped

    async def _reload(self) -> bool:
        if self.library:
            found = await asyncio.to_thread(self._relist)
            if found is None:  # no file's stamp changed: nothing to read
                self.last_error = None
                return False
            fresh = found
            for skipped in fresh.skipped:
                _report_skipped(skipped)
            if fresh.version == self.current.version:  # only files that still do not validate changed
                self.current = dataclasses.replace(
                    self.current, skipped=fresh.skipped, read_digest=fresh.read_digest
                )
                self.last_error = None
                return False
        else:
            files = await asyncio.to_thread(self._read)
            if digest(files) == self.current.read_version:  # unchanged: nothing to parse
                self.last_error = None
                return False
            fresh = await asyncio.to_thread(load_files, files, warmed=False)
        old, before = self.current.version, self.current.catalog
        self.current = fresh  # the swap: one reference assignment
        self.responses.clear()  # keyed on the version too, so a stale answer is never served
        self.last_error = None
        # What was computed from the old works lives on them (graphservice/memo.py) and goes with
        # them; warm the new works' caches.
        await asyncio.to_thread(warm, fresh.catalog)
        # The old data was frozen at start-up: let it be collected. (A library's works are freed
        # by reference counting as the shelf lets them go; unfreezing would walk all of them.)
        if gc.get_freeze_count() and not fresh.catalog.is_lazy:
            gc.unfreeze()
            freeze_heap()
        logger.info("data reloaded: version %s replaces %s", fresh.version, old)
        if self.feed.subscribers:  # comparing every record of a large work takes a while: off the loop
            changes = tuple(await asyncio.to_thread(catalog_changes, before, fresh.catalog))
            self.feed.publish(Published(fresh.version, fresh.loaded_at, fresh.catalog, changes))
        return True

    def _relist(self) -> LoadedData | None:
        """A library listed again (None when no file's stamp changed); the files that changed are
        read once they have settled."""
        paths = data_paths(self.paths)
        if stamps_digest({str(p): stamp(p) for p in paths}) == self.current.read_version:
            return None
        return load_lazy_library(
            paths, self.budget, self.current.catalog, read=lambda changed: read_settled(changed, self._settle)
        )

    def _refuse(self, exc: Exception) -> None:
        names = ", ".join(str(p) for p in self.paths)
        expected = isinstance(exc, DataError)  # a curator's mistake, explained by its message
        self.last_error = str(exc) if expected else f"{type(exc).__name__}: {exc} (reading {names})"
        logger.error(
            "reload of %s refused; still serving version %s: %s",
            names,
            self.current.version,
            self.last_error,
            exc_info=None if expected else exc,
        )

    async def watch(self) -> None:
        """Reload whenever a data file changes, until cancelled. The watch outlives any failure:
        a reload cannot raise, and an error of the watching itself is logged and the watch begun
        again a second later."""
        from watchfiles import awatch

        concerns = watched(self.paths)
        targets = sorted({p if p.is_dir() else p.parent for p in (s.resolve() for s in self.paths)})
        while True:
            try:
                async for changes in awatch(*targets, debounce=300):
                    if any(concerns(Path(path)) for _, path in changes):
                        await self.reload()
            except Exception:
                logger.exception("watching %s failed; watching again in 1 s", ", ".join(map(str, targets)))
            await asyncio.sleep(1)
