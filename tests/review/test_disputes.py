"""disputes.py: a note that says the versions are kept needs two evidenced versions."""

from __future__ import annotations

import pytest

from graphservice.review.disputes import DISPUTE_NOTE, disputes

from .conftest import read


def test_kept_disputes_pass() -> None:
    assert disputes(read("clean.yaml").data) == []  # two speakers for the motto


def test_half_kept_disputes_are_flagged() -> None:
    found = disputes(read("disputes-trips.yaml").data)
    assert [(f.record, f.severe) for f in found] == [
        ("quotes[0] 'keep-the-light'.note", True),
        ("events[0] 'the-motto'.note", True),
    ]
    assert found[0].message.endswith("attributions to 1 speaker(s)")
    # The two place links carry one version each under the same note: kept across records, passes.


@pytest.mark.parametrize(
    ("note", "claims"),
    [
        ("Both are kept.", True),
        ("Both attributions are kept.", True),
        ("Both are recorded; neither is preferred.", True),
        ("The guide is inconsistent here.", False),
        ("Each is kept as its own link.", False),
    ],
)
def test_what_counts_as_a_dispute_note(note: str, claims: bool) -> None:
    assert bool(DISPUTE_NOTE.search(note)) is claims


def test_a_structured_dispute_backs_its_note_unless_its_versions_share_their_evidence() -> None:
    from graphservice.model import Dispute, Evidence, Version

    data = read("disputes-trips.yaml").data
    event = data.events[0]
    line = Evidence(text="Keep the light burning", locator=event.evidence[0].locator)
    other = event.evidence[0]
    kept = Dispute(
        about="Who first says the motto",
        versions=[
            Version(claim="Ada says it", evidence=[line]),
            Version(claim="Ben says it", evidence=[other]),
        ],
    )
    fixed = data.model_copy(update={"events": [event.model_copy(update={"disputes": [kept]})]})
    assert [f.record for f in disputes(fixed)] == ["quotes[0] 'keep-the-light'.note"]
    same = kept.model_copy(
        update={
            "versions": [Version(claim="Ada says it", evidence=[line]), Version(claim="Ben", evidence=[line])]
        }
    )
    broken = data.model_copy(update={"events": [event.model_copy(update={"disputes": [same]})]})
    assert [f.record for f in disputes(broken)] == [
        "quotes[0] 'keep-the-light'.note",
        "events[0] 'the-motto'.disputes[0]",
    ]
