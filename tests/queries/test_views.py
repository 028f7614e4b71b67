"""Views: asOf keeps what the reader knows by the end of a period; during keeps what holds in it."""

from __future__ import annotations

import pytest

from graphservice.catalog import LoadedWork
from graphservice.errors import InvalidArgumentError
from graphservice.queries.relationships import edges_of
from graphservice.queries.views import EdgeFilter, View, make_view


def _keys(work: LoadedWork, view: View) -> set[str]:
    return {e.key for e in edges_of(work, EdgeFilter(view))}


def test_as_of_hides_what_is_revealed_later(fixture_work: LoadedWork) -> None:
    keys = _keys(fixture_work, make_view(fixture_work, as_of="act-1"))
    assert "ben-cora-romance" not in keys and "ada-orrin-conflict" not in keys
    assert {"ada-ben-friendship", "cora-ada-rivalry"} <= keys


def test_during_keeps_what_holds_then(fixture_work: LoadedWork) -> None:
    keys = _keys(fixture_work, make_view(fixture_work, during="act-2"))
    assert "cora-ada-rivalry" not in keys
    assert {"ben-cora-romance", "ada-ben-friendship"} <= keys


def test_no_view_keeps_everything(fixture_work: LoadedWork) -> None:
    assert len(_keys(fixture_work, View())) == 8  # 5 relationships + 3 memberships


def test_unknown_period_is_bad_input_with_suggestion(fixture_work: LoadedWork) -> None:
    with pytest.raises(InvalidArgumentError, match=r"unknown period 'act-3'.*did you mean"):
        make_view(fixture_work, as_of="act-3")


def test_as_of_hides_nodes_not_yet_introduced(fixture_work: LoadedWork) -> None:
    from graphservice.graph import node_info

    hermit = node_info(fixture_work.graph, "hermit")
    assert not View(as_of=0).shows_node(hermit)
    assert View(as_of=1).shows_node(hermit)


def test_merged_views_override_clock_by_clock() -> None:
    parent = View(as_of=0, during=None)
    assert parent.merged(View(during=1)) == View(as_of=0, during=1)
    assert parent.merged(View(as_of=1)) == View(as_of=1, during=None)
    assert parent.merged(View()) == parent


def test_active_is_judged_at_the_readers_point() -> None:
    holds = {0}
    assert View(as_of=0).is_active(holds, last=1)
    assert not View(as_of=1).is_active(holds, last=1)
    assert View(as_of=1, during=0).is_active(holds, last=1)
    assert not View().is_active(holds, last=1)
    assert View().is_active({1}, last=1)
