"""The data the service answers from, and its safe reload.

A reload validates the files in full in a worker thread, then swaps the new catalog in with one
assignment. A request reads ``holder.current`` once and keeps that object, so requests in flight
finish on the data they started with and none ever sees a half-built graph. A file that does not
validate is refused with a logged error naming file, record and reason, and the last good data
keeps answering.
"""

from __future__ import annotations

import asyncio
import contextlib
import gc
import hashlib
import logging
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from graphservice.catalog import Catalog, load_catalog
from graphservice.errors import GraphServiceError
from graphservice.queries.analytics import analytics, character_ranks, is_large, precompute
from graphservice.queries.layout import story_layout
from graphservice.queries.search import prepare_index
from graphservice.queries.views import projection
from graphservice.web.response_cache import ResponseCache

__all__ = ["DataHolder", "LoadedData", "freeze_heap", "load_data", "warm"]

logger = logging.getLogger("graphservice.data")


@dataclass(frozen=True, slots=True)
class LoadedData:
    """One loaded, validated version of the data files."""

    catalog: Catalog
    version: str
    """A digest of the files' bytes: equal versions mean equal data."""
    loaded_at: float
    """When it was loaded (seconds since the epoch)."""
    load_seconds: float
    """How long loading, validating and precomputing took."""


def _digest(paths: Sequence[Path]) -> str:
    sha = hashlib.sha256()
    for path in paths:
        sha.update(str(path).encode())
        sha.update(b"\0")
        sha.update(path.read_bytes())
    return sha.hexdigest()[:16]


def warm(catalog: Catalog) -> None:
    """Precompute what every request would otherwise compute again: analytics of the common views,
    the layout and the search index (for a large work, only the search index)."""
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


def load_data(paths: Sequence[Path], catalog: Catalog | None = None, *, warmed: bool = True) -> LoadedData:
    """Load and validate the files (unless a catalog is given) and, if ``warmed``, warm the caches."""
    started = time.perf_counter()
    with _collector_paused():
        version = _digest(paths)
        catalog = catalog or load_catalog(list(paths))
        if warmed:
            warm(catalog)
    return LoadedData(catalog, version, time.time(), time.perf_counter() - started)


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

    ``responses`` keeps answers for the current data version; a reload that swaps data clears it.
    """

    def __init__(self, paths: Sequence[Path], initial: LoadedData) -> None:
        self.paths = tuple(paths)
        self.current = initial
        self.last_error: str | None = None
        self.responses = ResponseCache()
        self._lock = asyncio.Lock()

    async def reload(self) -> bool:
        """Load the files again; swap them in if they validate. Returns whether it swapped."""
        async with self._lock:  # one reload at a time; readers never wait
            try:
                fresh = await asyncio.to_thread(load_data, self.paths, warmed=False)
            except (GraphServiceError, OSError) as exc:
                self.last_error = str(exc)
                logger.error("reload refused; still serving version %s: %s", self.current.version, exc)
                return False
            if fresh.version == self.current.version:
                self.last_error = None
                return False
            old = self.current.version
            self.current = fresh  # the swap: one reference assignment
            self.responses.clear()  # keyed on the version too, so a stale answer is never served
            self.last_error = None
            # Cached projections and analytics of the old works would only hold memory now; clear
            # them and warm the caches for the new works again.
            projection.cache_clear()
            analytics.cache_clear()
            character_ranks.cache_clear()
            story_layout.cache_clear()
            await asyncio.to_thread(warm, fresh.catalog)
            if gc.get_freeze_count():  # the old data was frozen at start-up: let it be collected
                gc.unfreeze()
                freeze_heap()
            logger.info("data reloaded: version %s replaces %s", fresh.version, old)
            return True

    async def watch(self) -> None:
        """Reload whenever a data file changes, until cancelled."""
        from watchfiles import awatch

        targets = sorted({p.resolve().parent for p in self.paths})
        names = {p.resolve() for p in self.paths}
        async for changes in awatch(*targets, debounce=300):
            if any(Path(path).resolve() in names for _, path in changes):
                await self.reload()
