"""names.py: names, aliases and pronouns that stand for an entity."""

from __future__ import annotations

import pytest

from graphservice.review.names import mentions, named_spans

from .conftest import read

KNOWN = read("clean.yaml").known


@pytest.mark.parametrize(
    ("slug", "text", "named"),
    [
        ("ada-stone", "Ada keeps the lamp.", True),
        ("ada-stone", "ada keeps the lamp.", False),  # a person's name keeps its capitals
        ("keepers", "She is a keeper now.", True),  # a group's plural name matches its singular
        ("cottage", "They live in a whitewashed cottage.", True),  # the article is dropped
        ("cottage", "a cottage, newly whitewashed", False),
        ("silas-crane", "the harbour master came", True),
    ],
)
def test_names_and_aliases(slug: str, text: str, named: bool) -> None:
    assert bool(named_spans(KNOWN[slug], text)) is named


def test_a_pronoun_stands_for_an_entity_named_in_its_sentence_or_the_one_before() -> None:
    ben = KNOWN["ben-stone"]
    assert [m.pronoun for m in mentions(ben, "She protects him.", "Ada teaches Ben.")] == [True, True]
    assert mentions(ben, "She protects him.", "Ada teaches the wick.") == []
    assert mentions(KNOWN["gull-island"], "It is bare.", "Gull Island is a rock.") == []  # places: none
