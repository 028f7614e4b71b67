"""Lookup by slug and by name, with did-you-mean suggestions."""

from __future__ import annotations

import pytest

from graphservice.catalog import LoadedWork
from graphservice.errors import InvalidArgumentError, NotFoundError
from graphservice.loader import parse_dataset
from graphservice.queries.lookup import character_by_name, require, require_entity

from ..conftest import FIXTURES


def test_name_or_alias_case_insensitive(fixture_work: LoadedWork) -> None:
    assert character_by_name(fixture_work, "ADA").slug == "ada"
    assert character_by_name(fixture_work, " the mayor ").slug == "orrin"


def test_unknown_name_suggests(fixture_work: LoadedWork) -> None:
    with pytest.raises(NotFoundError, match=r"no character named 'Cora Lynd'.*did you mean 'Cora Lind'"):
        character_by_name(fixture_work, "Cora Lynd")


def test_unknown_slug_suggests(fixture_work: LoadedWork) -> None:
    with pytest.raises(
        NotFoundError, match=r"character 'orin' not found in work 'carrow-point'; did you mean"
    ):
        require(fixture_work.characters, "orin", "character", fixture_work)


def test_entity_lookup_respects_kinds(fixture_work: LoadedWork) -> None:
    assert require_entity(fixture_work, "village").slug == "village"
    with pytest.raises(NotFoundError, match="character or group 'village' not found"):
        require_entity(fixture_work, "village", ["character", "group"])


def test_ambiguous_name_is_bad_input(twins: LoadedWork) -> None:
    with pytest.raises(InvalidArgumentError, match="ambiguous"):
        character_by_name(twins, "Twin")


@pytest.fixture
def twins() -> LoadedWork:
    """The minimal work with one alias shared by both characters."""
    text = (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")
    text = text.replace("    name: Anna\n", "    name: Anna\n    aliases: [Twin]\n")
    text = text.replace("{slug: bruno, name: Bruno,", "{slug: bruno, name: Bruno, aliases: [Twin],")
    return LoadedWork(parse_dataset(text, "twins.yaml"), "twins.yaml")
