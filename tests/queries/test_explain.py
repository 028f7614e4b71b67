"""explain_connection: the path plus what two nodes share, through a filter."""

from __future__ import annotations

from graphservice.catalog import LoadedWork
from graphservice.queries.explain import explain_connection
from graphservice.queries.paths import NoPath, NoPathReason, Path
from graphservice.queries.views import EdgeFilter, View


def test_what_ada_and_ben_share(fixture_work: LoadedWork) -> None:
    found = explain_connection(fixture_work, "ada", "ben")
    assert isinstance(found.path, Path) and found.path.nodes == ("ada", "ben")
    assert [e.key for e in found.direct] == ["ada-ben-friendship"]
    assert found.shared_neighbours == ("cora",)  # Cora resents Ada and loves Ben
    assert found.shared_groups == ("keepers",)
    assert found.shared_places == ()  # only Ada has place links
    assert [q.slug for q in found.quotes] == []
    assert [e.slug for e in found.events] == []


def test_quotes_and_scenes_both_appear_in(fixture_work: LoadedWork) -> None:
    found = explain_connection(fixture_work, "ada", "cora")
    assert [q.slug for q in found.quotes] == ["light-does-not-ask"]  # Ada speaks it to Cora
    assert [e.slug for e in found.events] == ["first-night"]


def test_the_view_hides_later_sharing(fixture_work: LoadedWork) -> None:
    early = explain_connection(fixture_work, "ben", "cora", flt=EdgeFilter(View(as_of=0)))
    assert early.direct == ()  # their romance is revealed in act 2
    assert early.events == ()
    late = explain_connection(fixture_work, "ben", "cora")
    assert [e.key for e in late.direct] == ["ben-cora-romance"]
    assert [e.slug for e in late.events] == ["storm-romance"]


def test_a_place_end_uses_place_links(fixture_work: LoadedWork) -> None:
    found = explain_connection(fixture_work, "ada", "lighthouse", flt=EdgeFilter(include_places=True))
    assert [e.key for e in found.direct] == ["ada-worked-at-lighthouse"]
    assert [e.slug for e in found.events] == ["first-night"]  # Ada's scene at the lighthouse


def test_no_path_still_explains(fixture_work: LoadedWork) -> None:
    found = explain_connection(fixture_work, "ada", "hermit")
    assert isinstance(found.path, NoPath) and found.path.reason is NoPathReason.DISCONNECTED
    assert found.direct == () and found.shared_neighbours == () and found.shared_groups == ()
