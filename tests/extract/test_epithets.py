"""Rules after clustering: titles and epithets per section, roles by appositive, narrators."""

from __future__ import annotations

from graphservice.extract.cast import build_cast
from graphservice.extract.passages import read_book
from graphservice.extract.structure import find_structure

from .test_cast import FILL, cast_of


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


def test_an_alias_the_text_states_joins_the_person_it_names() -> None:
    cast = cast_of(
        "Edward Hyde walked the lanes, and Edward Hyde knocked at the door. The stranger, who calls "
        "himself Mr. Smallwood, left; and Edward Hyde, who calls himself Smallwood, returned."
    )
    (hyde,) = [p for p in cast.people if p.name == "Edward Hyde"]
    assert "Smallwood" in set(hyde.forms) | hyde.epithets
