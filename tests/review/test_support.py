"""support.py: each evidence phrase must show its claim."""

from __future__ import annotations

from graphservice.model import Evidence, Quote
from graphservice.review.support import support
from graphservice.vocabulary import RelationshipKind

from .conftest import read


def test_evidence_that_shows_its_claims_passes() -> None:
    r = read("clean.yaml")
    assert support(r.data, r.source, r.known) == []


def test_evidence_that_does_not_show_its_claim_is_flagged() -> None:
    r = read("support-trips.yaml")
    found = {f.record: f for f in support(r.data, r.source, r.known)}
    assert {record: f.message for record, f in found.items()} == {
        "relationships[0] 'silas-crane-ada-stone-manipulation'.evidence[0]": (
            "evidence does not show the manipulation: its sentence never mentions 'Ada Stone' "
            "(by name, alias or a pronoun it resolves)"
        ),
        "relationships[1] 'silas-crane-ben-stone-hostility'.evidence[0]": (
            "evidence does not show the hostility: the phrase stops before the claim's cue 'mocks'"
        ),
        "characters[1] 'ben-stone'.memberships[0].evidence[0]": (
            "evidence does not show the membership: the phrase leaves out 'Keepers'"
        ),
        "place_links[0] 'ada-stone-lived-at-gull-island'.evidence[0]": (
            "evidence does not show the place link: its sentence never mentions 'Gull Island' "
            "(by name, alias or a pronoun it resolves)"
        ),
    }
    cut = found["relationships[1] 'silas-crane-ben-stone-hostility'.evidence[0]"]
    sentence = (
        "Ada teaches Ben to trim the wick, and she protects him from the harbour master, "
        "Silas Crane, who mocks the boy at every visit."
    )
    assert (cut.severe, cut.slug, cut.passage) == (True, "silas-crane-ben-stone-hostility", sentence)
    assert cut.suggestion == f"cite the whole sentence: {sentence}"
    assert found["characters[1] 'ben-stone'.memberships[0].evidence[0]"].slug == "ben-stone-member-of-keepers"


def _claim(source: str, target: str, kind: RelationshipKind, phrase: str, text: str) -> list[str]:
    """The support findings for one relationship whose evidence is ``phrase`` in ``text``."""
    r = read("support-trips.yaml", text)
    rel = r.data.relationships[0].model_copy(
        update={
            "source": source,
            "target": target,
            "kind": kind,
            "evidence": [Evidence(text=phrase, locator="Part One: The Island")],
        }
    )
    data = r.data.model_copy(update={"relationships": [rel], "characters": [], "place_links": []})
    return [f.message for f in support(data, r.source, r.known)]


def test_a_cue_can_name_a_group_end() -> None:
    text = "Part One: The Island\n\nAda protects Ben on the rocks.\n"
    assert _claim("keepers", "ben-stone", RelationshipKind.SUPPORT, "Ada protects Ben", text) == []


def test_a_cue_names_a_person_only_as_a_role_noun() -> None:
    text = "Part One: The Island\n\nBen says that his original was a sailor. Ben confronts the sea.\n"
    assert _claim("ada-stone", "ben-stone", RelationshipKind.ORIGIN, "his original was a sailor", text) == []
    assert _claim("ada-stone", "ben-stone", RelationshipKind.CONFLICT, "Ben confronts the sea", text) == [
        "evidence does not show the conflict: its sentence never mentions 'Ada Stone' "
        "(by name, alias or a pronoun it resolves)"
    ]


def test_in_a_quoted_line_i_is_its_speaker_and_you_its_addressee() -> None:
    text = 'Part One: The Island\n\n"I kept you from the harbour," Ada tells Ben.\n'
    r = read("support-trips.yaml", text)
    quote = {
        "slug": "ada-kept-you",
        "text": "I kept you from the harbour,",
        "kind": "speech",
        "attributions": [
            {
                "speaker": "ada-stone",
                "basis": "stated",
                "evidence": [{"text": "Ada tells Ben", "locator": "Part One: The Island"}],
            }
        ],
        "addressees": ["ben-stone"],
        "revealed": "part-1",
        "holds": ["part-1"],
        "locators": ["Part One: The Island"],
    }
    rel = r.data.relationships[0].model_copy(
        update={
            "source": "ada-stone",
            "target": "ben-stone",
            "kind": RelationshipKind.SUPPORT,
            "evidence": [Evidence(text="I kept you from the harbour", locator="Part One: The Island")],
        }
    )
    with_quote = r.data.model_copy(
        update={"relationships": [rel], "characters": [], "place_links": [], "quotes": [Quote(**quote)]}
    )
    assert [f.message for f in support(with_quote, r.source, r.known)] == []
    without = with_quote.model_copy(update={"quotes": []})  # the same words, not known as Ada's line
    assert [f.message for f in support(without, r.source, r.known)] == [
        "evidence does not show the support: the phrase leaves out 'Ada Stone' and 'Ben Stone'"
    ]
