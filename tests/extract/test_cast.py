"""Names clustered into characters: each clustering rule on a small text written for it."""

from __future__ import annotations

from graphservice.extract.cast import build_cast
from graphservice.extract.passages import read_book
from graphservice.extract.people import Cast
from graphservice.extract.structure import find_structure

FILL = "The wind rose over the harbour and the gulls cried above the grey water all day long. " * 4


def cast_of(story: str) -> Cast:
    text = f"CHAPTER I\n\n{FILL}\n\n{story}\n\n{FILL}\n"
    book = read_book(text, find_structure(text))
    return build_cast(book)


def names(cast: Cast) -> dict[str, set[str]]:
    return {p.name: {a.lower() for a in p.aliases} for p in cast.people}


def test_a_full_name_gathers_its_honorific_and_single_forms() -> None:
    cast = cast_of(
        "Mr. Silas Penhallow kept the light. Later that night Penhallow climbed the stair, and "
        "the men said Mr. Penhallow was never late. Everyone trusted Silas."
    )
    assert names(cast) == {"Silas Penhallow": {"mr. silas penhallow", "penhallow", "mr. penhallow", "silas"}}


def test_a_woman_s_honorific_keeps_her_apart_from_a_man_of_the_same_surname() -> None:
    cast = cast_of(
        "Bob Cratchit came home late, and then Mrs. Cratchit met him at the door. Soon after, Bob "
        "sat down, and then Mrs. Cratchit poured the tea while Cratchit talked."
    )
    found = names(cast)
    assert set(found) == {"Bob Cratchit", "Mrs. Cratchit"}
    assert "cratchit" in found["Bob Cratchit"]


def test_sentence_initial_words_common_nouns_and_places_are_not_characters() -> None:
    cast = cast_of(
        "Nevertheless the boats came in. Nevertheless the keeper waited. They sailed to Falmouth, "
        "and in Falmouth they stayed; at Falmouth they sold the fish. The old Lamp burned, and the "
        "lamp was bright, and the lamp was trimmed, and the lamp smoked. Tobias Venn waved, and "
        "then Tobias laughed."
    )
    assert set(names(cast)) == {"Tobias Venn"}


def test_short_forms_of_a_first_name_join_the_full_name() -> None:
    cast = cast_of(
        "Henry Jekyll wrote a letter. His friends called him Harry Jekyll, and Henry Jekyll smiled."
    )
    assert names(cast) == {"Henry Jekyll": {"harry jekyll"}}


def test_the_author_is_not_a_character() -> None:
    story = "Agnes Morrow wrote that Tobias Venn waved, and Tobias Venn left."
    text = f"The Lamp\n\nby Agnes Morrow\n\nCHAPTER I\n\n{FILL}\n\n{story}\n\n{FILL}"
    cast = build_cast(read_book(text, find_structure(text)))
    assert {p.name for p in cast.people} == {"Tobias Venn"}


def test_a_first_name_joins_the_full_name_of_its_short_form_and_under_miss() -> None:
    cast = cast_of(
        "Bob Cratchit came home, and then Bob Cratchit sat down. His wife said that Robert was late, and "
        "later Miss Belinda Cratchit laughed while Miss Belinda poured the tea."
    )
    found = names(cast)
    assert "robert" in found["Bob Cratchit"]
    assert "miss belinda" in found["Belinda Cratchit"]
