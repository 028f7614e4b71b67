"""The timeline of key scenes: story order, views, and scenes of one node."""

from __future__ import annotations

import pytest

from graphservice.catalog import LoadedWork
from graphservice.errors import NotFoundError
from graphservice.queries.timeline import events_of, timeline
from graphservice.queries.views import View


def test_story_order_and_views(fixture_work: LoadedWork) -> None:
    assert [e.slug for e in timeline(fixture_work)] == ["first-night", "storm-romance", "warning-the-council"]
    assert [e.slug for e in timeline(fixture_work, View(as_of=0))] == ["first-night"]
    assert [e.slug for e in timeline(fixture_work, View(during=1))] == [
        "storm-romance",
        "warning-the-council",
    ]


def test_scenes_of_a_character_group_or_place(fixture_work: LoadedWork) -> None:
    assert [e.slug for e in events_of(fixture_work, "ada")] == ["first-night", "warning-the-council"]
    assert [e.slug for e in events_of(fixture_work, "council")] == ["warning-the-council"]
    assert [e.slug for e in events_of(fixture_work, "village")] == ["warning-the-council"]
    assert events_of(fixture_work, "hermit") == []
    with pytest.raises(NotFoundError):
        events_of(fixture_work, "nobody")


def test_timeline_sorts_by_story_time_not_file_order(novel: LoadedWork) -> None:
    periods = [min(novel.periods[p] for p in e.holds) for e in timeline(novel)]
    assert periods == sorted(periods)
    assert len(periods) == len(novel.events)
