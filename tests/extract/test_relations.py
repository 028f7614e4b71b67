"""Related pairs from conversation, possessive nouns and cue words."""

from __future__ import annotations

from pathlib import Path

from graphservice.extract import draft_text

HARBOUR = Path(__file__).parent.parent / "fixtures" / "extract" / "harbour.txt"


def test_pairs_found_in_the_harbour_story() -> None:
    data = draft_text(HARBOUR.read_text(encoding="utf-8"), name="harbour.txt")
    pairs = {(r["source"], r["kind"], r["target"]): r for r in data["relationships"]}
    assert set(pairs) == {
        ("tobias-venn", "conversation", "silas-penhallow"),
        ("silas-penhallow", "conversation", "mrs-penhallow"),
        ("silas-penhallow", "conversation", "martha"),  # "You are early, Martha," he said
        ("tobias-venn", "conversation", "daniel-ash"),
        ("tobias-venn", "sibling", "daniel-ash"),  # "Daniel Ash, who was Tobias Venn's brother"
        ("silas-penhallow", "kin", "mrs-penhallow"),  # one surname, seen together: one family
    }
    family = pairs[("silas-penhallow", "kin", "mrs-penhallow")]
    assert family["drafted"]["method"] == "cue"
    joining = family["evidence"][0]["text"]
    assert joining.startswith("Mrs. Penhallow") and joining.endswith("Penhallow's wife")
    talk = pairs[("tobias-venn", "conversation", "silas-penhallow")]
    assert talk["drafted"]["method"] == "conversation" and talk["drafted"]["count"] == 5
    brothers = pairs[("tobias-venn", "sibling", "daniel-ash")]
    assert brothers["evidence"] == [
        {"text": "Daniel Ash, who was Tobias Venn's brother", "locator": "CHAPTER II"}
    ]
    assert brothers["revealed"] == "chapter-2" and brothers["holds"] == ["chapter-2"]
    assert 0 < brothers["drafted"]["confidence"] < talk["drafted"]["confidence"]


def test_a_possessive_speaker_is_a_person_tied_to_its_owner() -> None:
    fill = "The wind rose over the harbour and the gulls cried above the grey water all day long. " * 6
    text = (
        f"CHAPTER I\n\n{fill} Silas Penhallow climbed the stair, and Silas Penhallow lit the lamp.\n\n"
        '"You are late," said Penhallow\'s clerk.\n\n"I am never late," said Penhallow.\n\n'
        '"Then the clock is wrong," returned the clerk.\n\n' + fill
    )
    data = draft_text(text, name="t.txt")
    names = {c["slug"]: c for c in data["characters"]}
    assert names["penhallows-clerk"]["drafted"]["method"] == "epithet"
    kinds = {(r["source"], r["kind"], r["target"]) for r in data["relationships"]}
    assert ("silas-penhallow", "employment", "penhallows-clerk") in kinds  # Penhallow employs his clerk
    speakers = [q["attributions"][0]["speaker"] for q in data["quotes"]]
    assert speakers == ["penhallows-clerk", "silas-penhallow", "penhallows-clerk"]
