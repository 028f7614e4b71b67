"""own_words.py: curated text that copies or closely paraphrases the source."""

from __future__ import annotations

from graphservice.review.own_words import curated_texts, own_words

from .conftest import read


def test_text_in_the_curators_own_words_passes() -> None:
    r = read("clean.yaml")
    assert own_words(r.data, r.source) == []


def test_copying_and_close_paraphrase_are_flagged_with_both_texts() -> None:
    r = read("own-words-trips.yaml")
    found = {f.record: f for f in own_words(r.data, r.source)}
    assert sorted(found) == ["characters[0] 'silas-crane'.description", "places[0] 'cottage'.description"]
    copied = found["places[0] 'cottage'.description"]
    assert copied.message == "copies 7 words in a row from the source"
    assert copied.text == "Their home, where they live while they wait for the supply boat."
    assert copied.passage.startswith("Ada and Ben live in a whitewashed cottage")
    assert (copied.severe, copied.locator) == (False, "Part One: The Island")
    paraphrase = found["characters[0] 'silas-crane'.description"]
    assert paraphrase.message.startswith("closely paraphrases the source (4 content words shared in order")
    assert paraphrase.passage.startswith("When the storm comes, Silas Crane rows out to the island")


def test_every_curated_text_is_compared() -> None:
    records = [record for record, _, _ in curated_texts(read("clean.yaml").data)]
    assert "work.description" in records
    assert "places[1] 'cottage'.description" in records
    assert "events[0] 'the-storm'.summary" in records
    assert "quotes[0] 'keep-the-light'.note" in records
