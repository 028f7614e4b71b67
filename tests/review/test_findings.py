"""findings.py and the review entry point: stable ids, acceptances, stale acceptances."""

from __future__ import annotations

from graphservice.model import AcceptedFinding
from graphservice.review import review

from .conftest import SOURCE, read

TEXT = SOURCE.read_text(encoding="utf-8")


def test_ids_name_the_rule_and_the_record_and_hash_what_was_flagged() -> None:
    ids = [f.id for f in review(read("support-trips.yaml").data, TEXT)]
    assert "support:silas-crane-ada-stone-manipulation:c74a5b3c" in ids
    assert all(len(i.split(":")[2]) == 8 for i in ids)
    assert len(set(ids)) == len(ids)


def test_ids_do_not_change_when_records_are_reordered() -> None:
    data = read("support-trips.yaml").data
    shuffled = data.model_copy(
        update={
            "relationships": data.relationships[::-1],
            "characters": data.characters[::-1],
        }
    )
    assert sorted(f.id for f in review(data, TEXT)) == sorted(f.id for f in review(shuffled, TEXT))


def test_an_accepted_finding_carries_its_reason_and_a_stale_acceptance_is_reported() -> None:
    data = read("support-trips.yaml").data
    accepted = [
        AcceptedFinding(finding="support:silas-crane-ada-stone-manipulation:c74a5b3c", reason="Read so."),
        AcceptedFinding(finding="support:gone:00000000", reason="Once true."),
    ]
    found = review(data.model_copy(update={"review": accepted}), TEXT)
    reasons = {f.id: f.accepted for f in found if f.accepted}
    assert reasons == {"support:silas-crane-ada-stone-manipulation:c74a5b3c": "Read so."}
    [stale] = [f for f in found if f.rule == "stale"]
    assert (stale.record, stale.slug, stale.severe) == ("review[1]", "gone", False)
    assert stale.message == "accepted finding 'support:gone:00000000' matches no current finding"


def test_the_clean_fixture_has_no_findings() -> None:
    assert review(read("clean.yaml").data, TEXT) == []


def test_an_empty_source_leaves_only_the_rules_that_read_the_data_alone() -> None:
    found = review(read("time-trips.yaml").data, "")
    assert {f.rule for f in found} == {"time"}
    assert [f.record for f in found] == [
        "events[0] 'the-storm'.relationships",
        "events[1] 'first-visit'.participants",
        "quotes[0] 'i-was-wrong'.revealed",
    ]
