"""clocks.py (the time rule): `revealed` and `holds` against each other and against the source."""

from __future__ import annotations

from graphservice.review.clocks import time_findings

from .conftest import read


def test_clocks_that_agree_with_each_other_and_the_source_pass() -> None:
    r = read("clean.yaml")
    assert time_findings(r.data, r.source, r.known) == []


def test_clocks_at_odds_are_flagged() -> None:
    r = read("time-trips.yaml")
    assert [(f.record, f.message) for f in time_findings(r.data, r.source, r.known)] == [
        (
            "events[0] 'the-storm'.relationships",
            "links 'ada-stone-ben-stone-support', which holds in part-1 and is revealed in part-1: "
            "neither is the event's part-2",
        ),
        (
            "events[1] 'first-visit'.participants",
            "participant 'silas-crane' is introduced in part-2, after the event is revealed (part-1)",
        ),
        (
            "quotes[0] 'i-was-wrong'.revealed",
            "undated quote (empty `holds`) revealed in part-1; an undated quote is revealed in the "
            "last period, part-2",
        ),
        (
            "characters[3] 'mara-finch'.introduced",
            "introduced in part-1, but the source first names 'Mara Finch' under 'Part Two: The Storm' "
            "(part-2)",
        ),
        (
            "quotes[0] 'i-was-wrong'.revealed",
            "revealed in part-1, but the quote first appears under 'Part Two: The Storm' (part-2)",
        ),
    ]


def test_a_name_only_in_commentary_is_not_dated() -> None:
    r = read("clean.yaml")  # the Harbour Board is named only under "Notes on the Story"
    assert r.data.groups[1].slug == "harbour-board"
    assert time_findings(r.data, r.source, r.known) == []


def test_each_finding_has_its_own_id() -> None:
    r = read("time-trips.yaml")
    ids = [f.id for f in time_findings(r.data, r.source, r.known)]
    assert len(set(ids)) == len(ids)
