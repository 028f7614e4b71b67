"""Cue words: kinds and sentiment from a passage, whole words for short cues, stems for long ones."""

from __future__ import annotations

import pytest

from graphservice.cues import KIND_CUES, cued_kinds, cues_in, sentiment_of
from graphservice.vocabulary import RELATIONSHIP_KINDS, RelationshipKind, Sentiment

K = RelationshipKind


def test_every_kind_has_cues() -> None:
    assert set(KIND_CUES) == set(RELATIONSHIP_KINDS)
    assert all(KIND_CUES[kind] for kind in KIND_CUES)


@pytest.mark.parametrize(
    ("text", "kinds"),
    [
        ("Bob Cratchit, his clerk, and his wife", {K.EMPLOYMENT, K.MARRIAGE}),
        ("they married in spring; the marriage lasted", {K.MARRIAGE}),
        ("his sons and brothers", {K.PARENT, K.SIBLING}),
        ("the extraordinary kindness of", {K.SUPPORT}),  # "kin" is a whole word: not kindness
        ("a song at dusk", set()),  # "son" is a whole word: not song
        ("he fell for her and undermined the bond", {K.ATTRACTION, K.MANIPULATION, K.FRIENDSHIP}),
    ],
)
def test_cued_kinds(text: str, kinds: set[RelationshipKind]) -> None:
    assert set(cued_kinds(text)) == kinds


def test_cues_are_reported_as_written() -> None:
    assert cues_in("Her Brothers' friends", ("brother", "friend")) == ["brothers", "friends"]


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("with love and gratitude", Sentiment.POSITIVE),
        ("in anger and fear", Sentiment.NEGATIVE),
        ("with love, and a curse", Sentiment.MIXED),
        ("they walked to the harbour", Sentiment.NEUTRAL),
    ],
)
def test_sentiment_of(text: str, sentiment: Sentiment) -> None:
    assert sentiment_of(text) is sentiment
