"""Caches kept on the work: per work, least recently used out, and gone with the work."""

from __future__ import annotations

import gc
import threading
import weakref
from dataclasses import dataclass, field

from graphservice.memo import Memo, per_work


@dataclass(eq=False)
class _Work:
    name: str
    memo: Memo = field(default_factory=Memo)


class _Answer:
    def __init__(self, text: str) -> None:
        self.text = text


calls: list[tuple[str, int]] = []


@per_work(maxsize=2)
def _describe(work: _Work, n: int) -> _Answer:
    calls.append((work.name, n))
    return _Answer(f"{work.name}:{n}")


def test_answers_are_kept_per_work_and_argument() -> None:
    calls.clear()
    a, b = _Work("a"), _Work("b")
    assert _describe(a, 1) is _describe(a, 1)
    assert _describe(b, 1).text == "b:1"  # another work: computed for it
    assert calls == [("a", 1), ("b", 1)]
    assert _describe.cache_info(a).hits == 1 and _describe.cache_info(a).misses == 1


def test_the_least_recently_used_answer_goes_first() -> None:
    calls.clear()
    work = _Work("w")
    _describe(work, 1)
    _describe(work, 2)
    _describe(work, 1)  # 2 is now the least recently used
    _describe(work, 3)
    assert _describe.cache_info(work).currsize == 2
    _describe(work, 1)
    _describe(work, 2)
    assert calls == [("w", 1), ("w", 2), ("w", 3), ("w", 2)]


def test_cache_clear_forgets_one_works_answers() -> None:
    a, b = _Work("a"), _Work("b")
    first_a, first_b = _describe(a, 1), _describe(b, 1)
    _describe.cache_clear(a)
    assert _describe(a, 1) is not first_a and _describe(b, 1) is first_b


def test_a_dropped_work_takes_its_answers_with_it_even_with_the_collector_frozen() -> None:
    work = _Work("dropped")
    answer = weakref.ref(_describe(work, 1))
    gc.freeze()  # as the server does once its data is loaded: cycles would never be freed now
    try:
        del work
        assert answer() is None  # freed by reference counting alone: no cycle held it
    finally:
        gc.unfreeze()


def test_threads_asking_at_once_get_equal_answers() -> None:
    work = _Work("shared")
    found: list[str] = []

    def ask() -> None:
        for n in range(50):
            found.append(_describe(work, n % 4).text)

    threads = [threading.Thread(target=ask) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(found) == 200 and all(text.startswith("shared:") for text in found)
    assert _describe.cache_info(work).currsize == 2
