"""Names clustered into characters: each clustering rule on a small text written for it."""

from __future__ import annotations

from graphservice.extract.cast import Cast, build_cast
from graphservice.extract.passages import read_book
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


def test_a_title_is_a_character_and_its_head_word_resolves_in_its_section() -> None:
    cast = cast_of(
        "Then came the Ghost of Christmas Past, and the Ghost of Christmas Past stood by the bed. "
        '"Rise," said the Spirit. "Walk with me," said the Spirit again.'
    )
    (title,) = [i for i, p in enumerate(cast.people) if p.basis == "title"]
    assert cast.people[title].name == "Ghost of Christmas Past"
    assert cast.section_titles[("CHAPTER I", "spirit")] == title


def test_an_appositive_ties_a_role_to_a_name_both_ways() -> None:
    cast = cast_of(
        "Mr. Utterson the lawyer walked home. His clerk, Tobias Venn, stayed late, and then Tobias "
        "Venn locked the door while Utterson slept."
    )
    by_name = {p.name: i for i, p in enumerate(cast.people)}
    assert cast.roles["lawyer"] == by_name["Mr. Utterson"]
    assert cast.roles["clerk"] == by_name["Tobias Venn"]


def test_the_author_is_not_a_character() -> None:
    story = "Agnes Morrow wrote that Tobias Venn waved, and Tobias Venn left."
    text = f"The Lamp\n\nby Agnes Morrow\n\nCHAPTER I\n\n{FILL}\n\n{story}\n\n{FILL}"
    cast = build_cast(read_book(text, find_structure(text)))
    assert {p.name for p in cast.people} == {"Tobias Venn"}


def test_a_first_person_section_is_told_by_the_character_its_heading_names() -> None:
    first_person = (
        "I went down to the quay and I saw the boats, and my heart was glad, for I had waited. " * 6
    )
    text = (
        f"CHAPTER I\n\n{FILL} Daniel Ash sailed, and later Daniel Ash came home.\n\n"
        f"DANIEL ASH’S STATEMENT\n\n{first_person}\n\nTHE END OF IT\n\n{first_person}\n"
    )
    cast = build_cast(read_book(text, find_structure(text)))
    by_name = {p.name: i for i, p in enumerate(cast.people)}
    assert cast.narrators["DANIEL ASH’S STATEMENT"] == by_name["Daniel Ash"]
    assert cast.narrators["THE END OF IT"] == by_name["The narrator"]  # no name in that heading
