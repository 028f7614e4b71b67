"""A library's loaded works, kept within a memory budget: loaded on first use, least recently
used out.

Works are charged an estimate of their memory, ``BYTES_PER_FILE_BYTE`` times the size of their
data file (measured with bench/library.py: a loaded synthetic work, with its graph, indexes and
the caches its first queries fill, took 13 times its JSON file's bytes in one process and 17
times in a server's resident memory). Memory held for the library outside the shelf, its search
index, is charged too (``Shelf.reserve``). The budget set for works is what is left of the process's
budget once the memory in use at start-up and a reserve are set aside (``works_budget``).
Loading happens outside the lock, one load per work at a time: two requests for the same cold
work wait for one load.

Loading a work takes milliseconds for a small one and seconds for a large one, too long for the
event loop's thread, which must keep answering other requests (and /healthz). ``loads_deferred``
marks code that must not load: there a cold work raises :class:`NotLoaded`, and the caller (the
GraphQL execution, graphservice/api/execution.py) runs the request again in a worker thread.
"""

from __future__ import annotations

import contextlib
import contextvars
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Generic, TypeVar

from graphservice.errors import GraphServiceError

__all__ = [
    "BYTES_PER_FILE_BYTE",
    "NotLoaded",
    "Shelf",
    "ShelfStats",
    "loads_deferred",
    "resident_bytes",
    "works_budget",
]

BYTES_PER_FILE_BYTE = 18
"""Memory a loaded work is charged per byte of its data file."""

RESERVE_SHARE = 0.1
"""Share of a process's memory budget kept for what is not a loaded work: caches, requests."""


def resident_bytes() -> int:
    """This process's resident memory now (Linux's /proc; 0 where it cannot be read)."""
    try:
        pages = int(Path("/proc/self/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0
    return pages * os.sysconf("SC_PAGE_SIZE")


def works_budget(total: int) -> int:
    """What loaded works may take of a process's ``total`` memory budget: what is left once the
    memory in use now (the listing, the code) and a reserve are set aside; at least a tenth."""
    return max(total // 10, total - resident_bytes() - int(total * RESERVE_SHARE))


_DEFERRED: contextvars.ContextVar[bool] = contextvars.ContextVar("graphservice_loads_deferred", default=False)


class NotLoaded(GraphServiceError):
    """A work is not loaded, and this code may not load it (see ``loads_deferred``)."""

    code = "INTERNAL_SERVER_ERROR"  # never reaches a client: the request runs again in a thread

    def __init__(self, slug: str) -> None:
        super().__init__(f"work '{slug}' is not loaded")
        self.slug = slug


@contextlib.contextmanager
def loads_deferred() -> Iterator[None]:
    """Within this block, asking for a cold work raises NotLoaded instead of loading it."""
    token = _DEFERRED.set(True)
    try:
        yield
    finally:
        _DEFERRED.reset(token)


@dataclass(frozen=True, slots=True)
class ShelfStats:
    """How full the shelf is and how it has been used."""

    loaded: int
    charged_bytes: int
    budget_bytes: int
    loads: int
    evictions: int


K = TypeVar("K")
V = TypeVar("V")


class Shelf(Generic[K, V]):
    """Values loaded on first use by ``load`` and kept while their charges (``charge``) fit in
    ``budget`` bytes, least recently used out. The value asked for last is always kept, even
    alone over the budget: a request must be able to use the work it asked for."""

    def __init__(self, load: Callable[[K], V], charge: Callable[[K], int], budget: int) -> None:
        self._load = load
        self._charge = charge
        self.budget = budget
        self.over: Callable[[], bool] | None = None
        """Whether the process is over its memory now: checked after each load; if so, the
        least recently used value goes too, and the budget shrinks to what is left charged (the
        charges are estimates: this keeps the process within its memory, whatever they miss)."""
        self._kept: OrderedDict[K, tuple[V, int]] = OrderedDict()
        self._charged = 0
        self._lock = threading.Lock()
        self._loading: dict[K, threading.Lock] = {}
        self._loads = 0
        self._evictions = 0
        self._reserved = 0

    def get(self, key: K) -> V:
        """The value for ``key``: kept, or loaded now (NotLoaded where loads are deferred)."""
        with self._lock:
            found = self._kept.get(key)
            if found is not None:
                self._kept.move_to_end(key)
                return found[0]
            if _DEFERRED.get():
                raise NotLoaded(str(key))
            loading = self._loading.setdefault(key, threading.Lock())
        with loading:  # one load per key at a time; the others wait for it and find it kept
            with self._lock:
                found = self._kept.get(key)
                if found is not None:
                    self._kept.move_to_end(key)
                    return found[0]
            value = self._load(key)  # may raise: nothing is kept, the next ask tries again
            charge = self._charge(key)
            with self._lock:
                self._kept[key] = (value, charge)
                self._charged += charge
                self._loads += 1
                self._loading.pop(key, None)
                while self._charged > self.budget and len(self._kept) > 1:
                    self._evict()
                if self.over is not None and len(self._kept) > 1 and self.over():
                    self._evict()
                    self.budget = self._charged
            return value

    def _evict(self) -> None:
        _, (_, freed) = self._kept.popitem(last=False)
        self._charged -= freed
        self._evictions += 1

    def peek(self, key: K) -> V | None:
        """The value if it is kept, without loading it or marking it used."""
        with self._lock:
            found = self._kept.get(key)
            return None if found is None else found[0]

    def put(self, key: K, value: V) -> None:
        """Keep a value loaded elsewhere (charged like a loaded one)."""
        charge = self._charge(key)
        with self._lock:
            old = self._kept.pop(key, None)
            if old is not None:
                self._charged -= old[1]
            self._kept[key] = (value, charge)
            self._charged += charge

    def reserve(self, charge: int) -> None:
        """Charge ``charge`` bytes held outside the shelf (a library's search index, see
        graphservice/search_index.py) against the budget, in place of what was reserved before;
        the values kept shrink to fit what is left."""
        with self._lock:
            self._charged += charge - self._reserved
            self._reserved = charge
            while self._charged > self.budget and len(self._kept) > 1:
                self._evict()

    def stats(self) -> ShelfStats:
        with self._lock:
            return ShelfStats(len(self._kept), self._charged, self.budget, self._loads, self._evictions)
