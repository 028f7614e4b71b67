"""The speaker sieve, one rule at a time, on the invented harbour story and small texts."""

from __future__ import annotations

from pathlib import Path

from graphservice.extract.cast import build_cast
from graphservice.extract.passages import read_book
from graphservice.extract.speakers import Turn, attribute
from graphservice.extract.structure import find_structure

HARBOUR = Path(__file__).parent.parent / "fixtures" / "extract" / "harbour.txt"
FILL = "The wind rose over the harbour and the gulls cried above the grey water all day long. " * 4


def speeches(text: str) -> list[tuple[str, str | None, str | None, list[str]]]:
    """(start of the quote, speaker's name, rule, addressees) for every speech."""
    book = read_book(text, find_structure(text))
    cast = build_cast(book)
    turns: list[Turn] = attribute(book, cast)
    out = []
    for turn in turns:
        a = turn.attribution
        out.append(
            (
                " ".join(text[turn.start : turn.end].split()[:3]),
                cast.people[a.speaker].name if a else None,
                a.method if a else None,
                [cast.people[p].name for p in turn.addressees],
            )
        )
    return out


def test_every_rule_of_the_sieve_on_the_harbour_story() -> None:
    found = speeches(HARBOUR.read_text(encoding="utf-8"))
    assert found == [
        ("The glass is", "Silas Penhallow", "speech-tag", []),  # "said Penhallow"
        ("Then I will", "Tobias Venn", "speech-tag", []),  # "Tobias answered"
        ("Do, Tobias. And", "Silas Penhallow", "turn-taking", ["Tobias Venn"]),
        ("I will tell", "Tobias Venn", "vocative", []),  # the line before called him by name
        ("Mind you do.", "Silas Penhallow", "turn-taking", ["Tobias Venn"]),
        ("You are early,", "Silas Penhallow", "speech-tag", ["Martha"]),  # "he said": nearest man
        ("And you are", "Mrs. Penhallow", "speech-tag", []),  # "said she": nearest woman
        ('Where is Daniel?"', "Tobias Venn", "speech-tag", []),
        ("He knows these", "Silas Penhallow", "paragraph-speaker", ["Tobias Venn"]),
        ("You kept the", "Daniel Ash", "speech-tag", []),
        ("The harbourmaster kept", "Tobias Venn", "speech-tag", []),  # "returned the clerk"
    ]


def test_quotes_over_several_paragraphs_and_interrupted_by_a_tag_are_one_speech() -> None:
    text = (
        f"CHAPTER I\n\n{FILL}\n\n"
        "“The boats are in,” said Tobias Venn, “and the lamp is lit. But the sea\n"
        "\n“is rising, and I fear for the Curlew.”\n\n"
        f"{FILL} Tobias Venn went home.\n"
    )
    ((start, speaker, rule, _),) = speeches(text)
    assert (start, speaker, rule) == ("The boats are", "Tobias Venn", "speech-tag")
    book = read_book(text, find_structure(text))
    (turn,) = attribute(book, build_cast(book))
    assert text[turn.start : turn.end].endswith("fear for the Curlew.")
    assert len(turn.paragraphs) == 2


def test_a_first_person_narrator_says_i_and_a_word_in_quotation_marks_is_not_speech() -> None:
    first_person = "I went down to the quay and I saw the boats, for I had waited there all day. " * 8
    text = (
        f"DANIEL ASH’S STATEMENT\n\n{first_person} Daniel Ash is my name, and Daniel Ash I remain.\n\n"
        '"Hullo there," said I.\n\nThe boat they called "lucky" came in.\n\n' + first_person
    )
    found = speeches(text)
    assert found == [("Hullo there,", "Daniel Ash", "speech-tag", [])]


def test_a_speaker_named_by_a_noun_is_one_nameless_person_per_section() -> None:
    text = (
        f"CHAPTER I\n\n{FILL} Tobias Venn opened the door, and Tobias Venn bowed.\n\n"
        '"We are collecting for the poor," said one of the gentlemen.\n\n'
        '"Are there no prisons?" asked Tobias Venn.\n\n'
        '"Plenty of prisons," returned the gentleman.\n\n' + FILL
    )
    found = speeches(text)
    assert [(start, speaker) for start, speaker, _, _ in found] == [
        ("We are collecting", "The gentleman (Chapter I)"),
        ("Are there no", "Tobias Venn"),
        ("Plenty of prisons,", "The gentleman (Chapter I)"),
    ]


def test_the_doctor_is_the_doctor_named_in_the_section() -> None:
    text = (
        f"CHAPTER I\n\n{FILL} Dr. Lanyon sat by the fire, and Dr. Lanyon poured the wine; Poole waited.\n\n"
        '"Sit down," said the doctor.\n\n' + FILL
    )
    assert speeches(text) == [("Sit down,", "Dr. Lanyon", "speech-tag", [])]


def test_an_epithet_that_answers_to_a_name_is_that_person() -> None:
    text = (
        f"CHAPTER I\n\n{FILL} Silas Penhallow and Silas Penhallow's nephew sat by Martha Penhallow, and "
        "Martha Penhallow laughed.\n\n"
        '"You are late, Fred," said Martha Penhallow.\n\n'
        '"The tide was against me," said Penhallow\'s nephew.\n\n'
        '"Nonsense, Fred," said Martha Penhallow.\n\n'
        '"It is true," said the nephew.\n\n' + FILL
    )
    book = read_book(text, find_structure(text))
    cast = build_cast(book)
    turns = attribute(book, cast)
    speakers = [cast.people[t.attribution.speaker].name for t in turns if t.attribution]
    assert speakers == ["Martha Penhallow", "Fred", "Martha Penhallow", "Fred"]
    (fred,) = [p for p in cast.people if p.name == "Fred"]
    assert "Silas Penhallow's nephew" in fred.epithets or "Penhallow's nephew" in fred.epithets


def test_with_nothing_better_the_last_person_named_speaks() -> None:
    text = (
        f"CHAPTER I\n\n{FILL}\n\nTobias Venn climbed the stair, and Tobias Venn found the lamp cold.\n\n"
        '"Who let it go out?"\n\n' + FILL
    )
    assert speeches(text) == [("Who let it", "Tobias Venn", "nearest-mention", [])]


def test_the_girl_who_replies_is_the_girl_just_named() -> None:
    text = (
        f"CHAPTER I\n\n{FILL} Martha Penhallow came in at the door, and Silas Penhallow rose.\n\n"
        '"Here\'s Martha, father!" cried the boy.\n\n'
        '"How late you are!" said Silas Penhallow.\n\n'
        '"We had work to finish," replied the girl.\n\n' + FILL
    )
    assert [who for _, who, _, _ in speeches(text)][-1] == "Martha Penhallow"
