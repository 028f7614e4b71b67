"""Synthetic works are valid data files of the size asked for, and the same every time."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.synthetic import synthetic_work, write_work
from graphservice.loader import load_dataset


@pytest.mark.parametrize("suffix", [".json", ".yaml"])
def test_a_synthetic_work_validates(tmp_path: Path, suffix: str) -> None:
    data = load_dataset(write_work(500, tmp_path / f"work{suffix}"))
    assert len(data.relationships) == 500
    assert len(data.characters) == 50
    assert {len(r.holds) >= 1 for r in data.relationships} == {True}


def test_the_same_size_gives_the_same_work() -> None:
    assert synthetic_work(300) == synthetic_work(300)
    assert synthetic_work(300) != synthetic_work(300, seed=8)
