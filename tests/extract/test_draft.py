"""The draft as data: speeches as the book prints them, characters worth a node."""

from __future__ import annotations

from pathlib import Path

from graphservice.extract import draft_text

HARBOUR = Path(__file__).parent.parent / "fixtures" / "extract" / "harbour.txt"


def test_a_speech_broken_by_its_tag_keeps_its_outer_marks_and_a_single_one_has_none() -> None:
    data = draft_text(HARBOUR.read_text(encoding="utf-8"), name="harbour.txt")
    texts = [q["text"] for q in data["quotes"]]
    assert texts[0] == '"The glass is falling," said Penhallow. "We shall have weather by night."'
    assert texts[1] == "Then I will bring the boats in,"
    source = " ".join(HARBOUR.read_text(encoding="utf-8").split())
    assert all(" ".join(text.split()) in source for text in texts)  # verbatim either way


def test_only_people_the_narrative_names_or_who_speak_or_are_spoken_to_are_kept() -> None:
    data = draft_text(HARBOUR.read_text(encoding="utf-8"), name="harbour.txt")
    names = {c["name"] for c in data["characters"]}
    assert "Curlew" not in names  # a boat, always "the Curlew": a name with "the" is an epithet
    assert {"Tobias Venn", "Silas Penhallow", "Daniel Ash", "Martha", "Mrs. Penhallow"} == names
