"""Caches kept on the work they were computed from, so they go when the work goes.

A loaded work's projections, analytics, layout and search index are worth keeping while the work
is served, and only then: when a reload replaces the work, or a library evicts it to stay within
its memory budget (graphservice/catalog.py), what was computed from it must go with it. A
module-level ``functools.lru_cache`` keyed by the work would keep up to ``maxsize`` dropped works
alive, outside any budget. Nor can each work hold an ``lru_cache`` of its own: its keys would hold
the work, a reference cycle that the collector never frees once the heap is frozen
(``gc.freeze``, see graphservice/web/state.py). So each work holds plain dictionaries, one per
cached function, keyed by the other arguments only: freed by reference counting with the work.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from typing import Any, Concatenate, Generic, ParamSpec, Protocol, TypeVar

__all__ = ["CacheInfo", "Memo", "per_work"]

P = ParamSpec("P")
R = TypeVar("R")


@dataclass(slots=True)
class Memo:
    """What one work holds: a dictionary per cached function, in least-recently-used order."""

    tables: dict[object, dict[Hashable, Any]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


class HasMemo(Protocol):
    @property
    def memo(self) -> Memo: ...


W = TypeVar("W", bound=HasMemo)


@dataclass(frozen=True, slots=True)
class CacheInfo:
    """How one work's cache of one function is used."""

    hits: int
    misses: int
    currsize: int


class WorkCache(Generic[W, P, R]):
    """A function of a work and hashable arguments, cached on the work (see the module)."""

    def __init__(self, func: Callable[Concatenate[W, P], R], maxsize: int) -> None:
        functools.update_wrapper(self, func)
        self._func = func
        self._maxsize = maxsize

    def __call__(self, work: W, *args: P.args, **kwargs: P.kwargs) -> R:
        key: Hashable = (args, tuple(sorted(kwargs.items()))) if kwargs else args
        memo = work.memo
        with memo.lock:
            table = memo.tables.setdefault(self, {})
            counts = memo.tables.setdefault((self, "counts"), {"hits": 0, "misses": 0})
            if key in table:
                value: R = table.pop(key)
                table[key] = value  # most recently used last
                counts["hits"] += 1
                return value
            counts["misses"] += 1
        # Computed outside the lock: a long computation must not hold up the work's other caches.
        # Two threads asking at once may both compute; the answers are equal, one is kept.
        value = self._func(work, *args, **kwargs)
        with memo.lock:
            table[key] = value
            while len(table) > self._maxsize:
                del table[next(iter(table))]  # the least recently used
        return value

    def cache_info(self, work: W) -> CacheInfo:
        """Hits, misses and entries of this function's cache on ``work``."""
        with work.memo.lock:
            counts = work.memo.tables.get((self, "counts"), {"hits": 0, "misses": 0})
            return CacheInfo(counts["hits"], counts["misses"], len(work.memo.tables.get(self, {})))

    def cache_clear(self, work: W) -> None:
        """Forget this function's answers for ``work``."""
        with work.memo.lock:
            work.memo.tables.pop(self, None)
            work.memo.tables.pop((self, "counts"), None)


def per_work(maxsize: int) -> Callable[[Callable[Concatenate[W, P], R]], WorkCache[W, P, R]]:
    """Decorate a function whose first argument is a work: cache its answers on the work, at
    most ``maxsize`` per work, least recently used out."""

    def decorate(func: Callable[Concatenate[W, P], R]) -> WorkCache[W, P, R]:
        return WorkCache(func, maxsize)

    return decorate
