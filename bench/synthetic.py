"""Synthetic works for the scale benchmark: a data file of any size in the documented format.

    python -m bench.synthetic 100000 --out synthetic-100000.json

The work has one character per ten relationships (so a character has about twenty), a group per
two hundred characters, a place per hundred, four periods, and a quote per ten relationships.
Relationship ends are drawn at random with a fixed seed, so every size is reproducible; kinds,
sentiments, strengths and the two clocks vary as in a real work (``holds`` runs from the period
the relationship is revealed in to a later one). Ten per cent of relationships link a quote.
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path
from typing import Any

from graphservice.vocabulary import PlaceLinkKind, RelationshipKind, Sentiment

__all__ = ["synthetic_work", "write_work"]

PERIODS = ("p1", "p2", "p3", "p4")
_KINDS = [k.value for k in RelationshipKind if k is not RelationshipKind.MEMBERSHIP]
_SENTIMENTS = [s.value for s in Sentiment]
_LINKS = [k.value for k in PlaceLinkKind]


def _evidence(i: int) -> list[dict[str, str]]:
    return [{"text": f"phrase number {i} of the source", "locator": f"Chapter {i % 40 + 1}"}]


def _clocks(rng: random.Random) -> dict[str, Any]:
    start = rng.randrange(len(PERIODS))
    end = rng.randrange(start, len(PERIODS))
    return {"revealed": PERIODS[start], "holds": list(PERIODS[start : end + 1])}


def synthetic_work(relationships: int, seed: int = 7, character_count: int | None = None) -> dict[str, Any]:
    """A valid data file (as a dict) with ``relationships`` relationships, and ``character_count``
    characters (by default one per ten relationships)."""
    rng = random.Random(seed)  # noqa: S311 - reproducible data, not a secret
    n_chars = character_count or max(20, relationships // 10)
    n_groups = max(2, n_chars // 200)
    n_places = max(2, n_chars // 100)
    n_quotes = max(1, relationships // 10)
    chars = [f"c{i}" for i in range(n_chars)]
    groups = [
        {"slug": f"g{i}", "name": f"Group {i}", "description": f"Synthetic group {i}.", "introduced": "p1"}
        for i in range(n_groups)
    ]
    characters = []
    for i, slug in enumerate(chars):
        record: dict[str, Any] = {
            "slug": slug,
            "name": f"Person {i}",
            "description": f"Synthetic character number {i}.",
            "introduced": PERIODS[i % 2],
        }
        if i % 10 == 0:
            record["memberships"] = [
                {"group": f"g{rng.randrange(n_groups)}", **_clocks(rng), "evidence": _evidence(i)}
            ]
        characters.append(record)
    places = [
        {
            "slug": f"pl{i}",
            "name": f"Place {i}",
            "kind": "town",
            "description": f"Place {i}.",
            "introduced": "p1",
        }
        for i in range(n_places)
    ]
    quotes = [
        {
            "slug": f"q{i}",
            "text": f"Synthetic line {i}, spoken for the benchmark.",
            "kind": "speech",
            "attributions": [{"speaker": rng.choice(chars), "basis": "stated", "evidence": _evidence(i)}],
            "addressees": [rng.choice(chars)],
            "locators": [f"Chapter {i % 40 + 1}"],
            **_clocks(rng),
        }
        for i in range(n_quotes)
    ]
    rels = []
    for i in range(relationships):
        source = rng.randrange(n_chars)
        target = (source + rng.randrange(1, n_chars)) % n_chars
        rel: dict[str, Any] = {
            "slug": f"r{i}",
            "source": chars[source],
            "target": chars[target],
            "kind": rng.choice(_KINDS),
            "sentiment": rng.choice(_SENTIMENTS),
            **_clocks(rng),
            "evidence": _evidence(i),
            "strength": rng.randint(1, 5),
        }
        if i % 10 == 0:
            rel["quotes"] = [f"q{rng.randrange(n_quotes)}"]
        rels.append(rel)
    place_links = [
        {
            "slug": f"pl-link-{i}",
            "character": chars[rng.randrange(n_chars)],
            "place": f"pl{rng.randrange(n_places)}",
            "kind": rng.choice(_LINKS),
            **_clocks(rng),
            "evidence": _evidence(i),
        }
        for i in range(max(1, n_chars // 10))
    ]
    return {
        "format_version": 1,
        "work": {
            "slug": f"synthetic-{relationships}",
            "title": f"Synthetic work with {relationships} relationships",
            "author": "bench/synthetic.py",
            "description": "A generated work for the scale benchmark.",
            "source": {"title": "None", "description": "Generated, not taken from a source."},
            "periods": [{"slug": p, "name": f"Part {p[1]}", "description": f"Period {p}."} for p in PERIODS],
        },
        "groups": groups,
        "characters": characters,
        "places": places,
        "relationships": rels,
        "place_links": place_links,
        "quotes": quotes,
    }


def write_work(relationships: int, out: Path, characters: int | None = None) -> Path:
    """Write the synthetic work of that size as JSON (or YAML, by the file's suffix)."""
    data = synthetic_work(relationships, character_count=characters)
    if out.suffix in (".yaml", ".yml"):
        import yaml

        out.write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    else:
        out.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")
    return out


def main() -> None:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description="Write a synthetic work for the scale benchmark.")
    parser.add_argument("relationships", type=int)
    parser.add_argument("--out", type=Path, required=True, help="a .json or .yaml file")
    parser.add_argument("--characters", type=int, help="by default one per ten relationships")
    args = parser.parse_args()
    write_work(args.relationships, args.out, args.characters)


if __name__ == "__main__":
    main()
