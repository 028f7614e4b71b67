"""data/README.md documents every relationship and place-link kind with its direction meaning."""

from __future__ import annotations

from graphservice.vocabulary import PLACE_LINK_KINDS, RELATIONSHIP_KINDS

from .conftest import ROOT

DOC = (ROOT / "data" / "README.md").read_text(encoding="utf-8")


def test_every_relationship_kind_is_documented() -> None:
    for kind, info in RELATIONSHIP_KINDS.items():
        direction = "directed" if info.directed else "symmetric"
        assert f"| `{kind.value}` | {direction} | {info.meaning} |" in DOC, kind


def test_every_place_link_kind_is_documented() -> None:
    for kind, info in PLACE_LINK_KINDS.items():
        assert f"| `{kind.value}` | {info.meaning} |" in DOC, kind
