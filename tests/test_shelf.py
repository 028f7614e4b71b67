"""A shelf of loaded works within a budget: loaded on first use, least recently used out."""

from __future__ import annotations

import threading
import time

import pytest

from graphservice.shelf import NotLoaded, Shelf, loads_deferred


class _Loads:
    def __init__(self, delay: float = 0.0, failing: frozenset[str] = frozenset()) -> None:
        self.calls: list[str] = []
        self.delay = delay
        self.failing = failing

    def __call__(self, key: str) -> str:
        self.calls.append(key)
        time.sleep(self.delay)
        if key in self.failing:
            raise ValueError(f"cannot load {key}")
        return f"loaded {key}"


def _shelf(loads: _Loads, budget: int = 30) -> Shelf[str, str]:
    return Shelf(loads, lambda key: 10, budget)  # each value charged 10: three fit in 30


def test_a_value_is_loaded_once_then_kept() -> None:
    loads = _Loads()
    shelf = _shelf(loads)
    assert shelf.get("a") == "loaded a" and shelf.get("a") == "loaded a"
    assert loads.calls == ["a"]
    assert shelf.peek("b") is None and loads.calls == ["a"]  # peeking never loads


def test_the_least_recently_used_goes_when_the_budget_is_passed() -> None:
    loads = _Loads()
    shelf = _shelf(loads)
    for key in "abc":
        shelf.get(key)
    shelf.get("a")  # b is now the least recently used
    shelf.get("d")
    assert shelf.peek("b") is None and shelf.peek("a") and shelf.peek("c") and shelf.peek("d")
    stats = shelf.stats()
    assert (stats.loaded, stats.charged_bytes, stats.loads, stats.evictions) == (3, 30, 4, 1)


def test_the_value_asked_for_is_kept_even_alone_over_the_budget() -> None:
    shelf: Shelf[str, str] = Shelf(_Loads(), lambda key: 100, budget=30)
    assert shelf.get("big") == "loaded big"
    assert shelf.peek("big") == "loaded big"
    shelf.get("bigger")
    assert shelf.peek("big") is None and shelf.stats().loaded == 1


def test_a_failed_load_is_not_kept_and_is_tried_again() -> None:
    loads = _Loads(failing=frozenset({"bad"}))
    shelf = _shelf(loads)
    for _ in range(2):
        with pytest.raises(ValueError, match="cannot load bad"):
            shelf.get("bad")
    assert loads.calls == ["bad", "bad"] and shelf.stats().loaded == 0


def test_threads_asking_for_one_cold_value_wait_for_one_load() -> None:
    loads = _Loads(delay=0.2)
    shelf = _shelf(loads)
    found: list[str] = []
    threads = [threading.Thread(target=lambda: found.append(shelf.get("a"))) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == ["loaded a"] * 5 and loads.calls == ["a"]


def test_where_loads_are_deferred_a_cold_value_raises_and_a_kept_one_is_given() -> None:
    loads = _Loads()
    shelf = _shelf(loads)
    shelf.get("warm")
    with loads_deferred():
        assert shelf.get("warm") == "loaded warm"
        with pytest.raises(NotLoaded) as raised:
            shelf.get("cold")
    assert raised.value.slug == "cold" and loads.calls == ["warm"]
    assert shelf.get("cold") == "loaded cold"  # outside the block it loads


def test_put_keeps_a_value_loaded_elsewhere_under_the_same_charge() -> None:
    loads = _Loads()
    shelf = _shelf(loads)
    shelf.put("a", "given a")
    shelf.put("a", "given again")
    assert shelf.get("a") == "given again" and loads.calls == []
    assert shelf.stats().charged_bytes == 10


def test_works_get_what_is_left_of_the_budget_after_the_process_and_a_reserve(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from graphservice import shelf as module

    mib = 2**20
    monkeypatch.setattr(module, "resident_bytes", lambda: 300 * mib)
    assert module.works_budget(1000 * mib) == 1000 * mib - 300 * mib - 100 * mib
    monkeypatch.setattr(module, "resident_bytes", lambda: 2000 * mib)  # over the budget already
    assert module.works_budget(1000 * mib) == 100 * mib  # still room for a few works


def test_resident_memory_is_read_from_the_system() -> None:
    from graphservice.shelf import resident_bytes

    before = resident_bytes()
    ballast = bytearray(64 * 2**20)  # touched: 64 MiB resident
    assert resident_bytes() - before >= 60 * 2**20
    del ballast


def test_a_process_over_its_memory_lets_one_more_go_and_fits_the_budget_to_it() -> None:
    loads = _Loads()
    shelf = _shelf(loads, budget=100)  # charges say ten values fit
    pressure = {"over": False}
    shelf.over = lambda: pressure["over"]
    for key in "abcd":
        shelf.get(key)
    pressure["over"] = True  # the process holds more than the charges say
    shelf.get("e")
    assert shelf.peek("a") is None and shelf.stats().loaded == 4 and shelf.budget == 40
    pressure["over"] = False
    shelf.get("f")  # the budget stays fitted: five would not fit in 40
    assert shelf.peek("b") is None and shelf.stats().loaded == 4
