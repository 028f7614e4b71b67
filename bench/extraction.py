"""Measure a drafted data file (from ``graphservice extract``) against a hand annotation of the same book.

    python -m bench.extraction --draft DRAFT.yaml --gold bench/annotations/X.yaml \\
        --text ../shared/texts/X.txt [--out results.json]

The draft is read with the project's own loader (:func:`graphservice.loader.load_dataset`); the gold
annotation is a YAML file in bench/annotations/ (its format is described in docs/extraction.md). Four
things are measured:

- **characters**: recall (gold characters with a proper name that some drafted character matches),
  precision (drafted characters that match some gold character), splits (a main gold character matched
  by several drafted characters) and merges (a drafted character matching several gold characters). A
  drafted character matches a gold one when one of its names equals one of the gold character's names,
  ignoring case, punctuation ("Mr." = "Mr") and a leading "the";
- **alias resolution**: for each main character, the share of its proper names that the API's
  ``character(name:)`` lookup (:func:`graphservice.queries.lookup.character_by_name`) resolves to the
  drafted node that stands for it;
- **related pairs**: recall of the gold pairs among the drafted relationships (either direction), and
  precision over the drafted pairs whose two ends match gold characters and whose evidence stands under
  an annotated (scope) heading;
- **quotes**: how many gold quotes a drafted quote finds, and whether the drafted quote's best
  attribution names the right speaker, overall and by the attribution's ``drafted.method``.

A readable table goes to stdout and, with ``--out``, the figures as JSON. Missing or malformed input
exits with status 2 and a message naming the file and the problem.
"""

from __future__ import annotations

import argparse
import bisect
import json
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from graphservice.catalog import LoadedWork
from graphservice.errors import DataError, InvalidArgumentError, NotFoundError
from graphservice.loader import load_dataset
from graphservice.model import Attribution, Character, Dataset, Quote
from graphservice.queries.lookup import character_by_name
from graphservice.vocabulary import RelationshipKind

__all__ = [
    "Gold",
    "GoldCharacter",
    "GoldQuote",
    "InputError",
    "Source",
    "evaluate",
    "load_gold",
    "main",
    "name_key",
    "normalise",
    "render",
]

DOUBLE_MARKS = '"“”„«»'
"""Quotation marks that end the first part of a drafted quote's text (never apostrophes)."""
GENDERS = ("male", "female")
CURATED = "curated"
"""The method reported for an attribution that has no ``drafted`` record (confidence 1)."""


class InputError(Exception):
    """A missing or malformed input file; the command line reports it and exits with status 2."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(self.problems))


# ---------------------------------------------------------------------------------------------- text


def normalise(text: str) -> str:
    """Collapse every run of whitespace (line breaks included) to one space; strip the ends."""
    return " ".join(text.split())


def name_key(name: str) -> str:
    """The form two names are compared in: case folded, hyphens and dashes as spaces, other
    punctuation dropped ("Mr." = "Mr"), whitespace collapsed and a leading "the" removed."""
    chars: list[str] = []
    for ch in name.casefold():
        category = unicodedata.category(ch)
        if category == "Pd":
            chars.append(" ")
        elif ch.isalnum() or ch.isspace():
            chars.append(ch)
    words = "".join(chars).split()
    if len(words) > 1 and words[0] == "the":
        words = words[1:]
    return " ".join(words)


@dataclass(frozen=True)
class Section:
    heading: str
    start: int
    end: int


class Source:
    """The book's text, whitespace-normalised, with the character span of each section heading."""

    def __init__(self, text: str, headings: Sequence[str], name: str = "text") -> None:
        self.norm = normalise(text)
        self.sections: list[Section] = []
        offsets: list[int] = []
        offset = 0
        lines = text.splitlines()
        for line in lines:
            offsets.append(offset)
            words = line.split()
            if words:
                offset += len(" ".join(words)) + 1
        starts: list[tuple[str, int]] = []
        problems: list[str] = []
        search_from = 0
        for heading in headings:
            wanted = heading.rstrip()
            index = next((i for i in range(search_from, len(lines)) if lines[i].rstrip() == wanted), None)
            if index is None:
                problems.append(f"{name}: section heading {heading!r} is not a whole line of the text")
                continue
            starts.append((heading, offsets[index]))
            search_from = index + 1
        if problems:
            raise InputError(problems)
        for i, (heading, start) in enumerate(starts):
            end = starts[i + 1][1] if i + 1 < len(starts) else len(self.norm)
            self.sections.append(Section(heading, start, end))
        self.by_heading = {normalise(s.heading): s for s in self.sections}
        self.open_marks = ("“",) if "“" in text else ('"',) if '"' in text else ("‘", "'")  # noqa: RUF001

    def section_at(self, position: int) -> Section | None:
        for s in self.sections:
            if s.start <= position < s.end:
                return s
        return None

    def occurrences(self, needle: str, within: Iterable[Section] | None = None) -> list[int]:
        """Every start position of ``needle`` in the normalised text, optionally only inside sections."""
        spans = [(s.start, s.end) for s in within] if within is not None else [(0, len(self.norm))]
        found: list[int] = []
        for start, end in spans:
            i = self.norm.find(needle, start, end)
            while i != -1:
                found.append(i)
                i = self.norm.find(needle, i + 1, end)
        return sorted(found)


# ---------------------------------------------------------------------------------------------- gold


@dataclass(frozen=True)
class GoldCharacter:
    name: str
    aliases: tuple[str, ...] = ()
    epithets: tuple[str, ...] = ()
    main: bool = False
    named: bool = True
    gender: str | None = None

    @property
    def names(self) -> tuple[str, ...]:
        """The canonical name and the proper-name aliases, without repeats."""
        return tuple(dict.fromkeys([self.name, *self.aliases]))

    @property
    def keys(self) -> frozenset[str]:
        return frozenset(k for k in (name_key(n) for n in self.names) if k)

    @property
    def epithet_keys(self) -> frozenset[str]:
        return frozenset(k for k in (name_key(n) for n in self.epithets) if k)


@dataclass(frozen=True)
class GoldQuote:
    start: str
    speaker: str | None
    addressees: tuple[str, ...] = ()

    @property
    def needle(self) -> str:
        """The start as searched for: whitespace-normalised, without a trailing comma or stop (a
        draft may or may not keep the punctuation that belongs to the speech tag)."""
        return normalise(self.start).rstrip(".,;:— ") or normalise(self.start)


@dataclass(frozen=True)
class Gold:
    text: str
    characters: tuple[GoldCharacter, ...]
    sections: tuple[str, ...]
    scope: tuple[str, ...]
    quotes: tuple[GoldQuote, ...]
    pairs: tuple[frozenset[str], ...]
    by_name: dict[str, GoldCharacter] = field(compare=False, repr=False)


_GOLD_KEYS = {"text", "characters", "sections", "scope", "quotes", "pairs"}
_CHARACTER_KEYS = {"name", "aliases", "epithets", "main", "named", "gender"}
_QUOTE_KEYS = {"start", "speaker", "addressees"}


def load_gold(path: Path) -> Gold:
    """Read and check a gold annotation file (the text is checked later, by :func:`locate_quotes`)."""
    try:
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError([f"{path}: gold annotation file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([f"{path}: cannot read the gold annotation: {exc}"]) from None
    except yaml.YAMLError as exc:
        raise InputError([f"{path}: invalid YAML: {exc}"]) from None
    return parse_gold(raw, str(path))


def _strings(value: Any, where: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}: expected a list of non-empty strings")
        return ()
    return tuple(value)


def parse_gold(raw: Any, name: str) -> Gold:  # noqa: C901 - one check per field, read top to bottom
    """Check a parsed gold annotation; every problem names the file and the entry."""
    if not isinstance(raw, dict):
        raise InputError([f"{name}: expected a mapping with text, characters, scope, quotes and pairs"])
    problems: list[str] = []
    for key in sorted(set(raw) - _GOLD_KEYS):
        problems.append(f"{name}: unknown key {key!r}")
    for key in ("text", "characters", "scope", "quotes"):
        if key not in raw:
            problems.append(f"{name}: missing key {key!r}")
    text = raw.get("text")
    if "text" in raw and not (isinstance(text, str) and text.strip()):
        problems.append(f"{name}: text: expected the text's file name")

    characters: list[GoldCharacter] = []
    raw_characters = raw.get("characters") or []
    if not isinstance(raw_characters, list):
        problems.append(f"{name}: characters: expected a list")
        raw_characters = []
    for i, c in enumerate(raw_characters):
        where = f"{name}: characters[{i}]"
        if not isinstance(c, dict) or not isinstance(c.get("name"), str) or not c["name"].strip():
            problems.append(f"{where}: expected a mapping with a non-empty 'name'")
            continue
        where = f"{where} {c['name']!r}"
        for key in sorted(set(c) - _CHARACTER_KEYS):
            problems.append(f"{where}: unknown key {key!r}")
        main, named = c.get("main", False), c.get("named", True)
        if not isinstance(main, bool) or not isinstance(named, bool):
            problems.append(f"{where}: 'main' and 'named' must be true or false")
            main, named = bool(main), bool(named)
        if main and not named:
            problems.append(f"{where}: a main character must have a name ('named: false' with 'main: true')")
        gender = c.get("gender")
        if gender is not None and gender not in GENDERS:
            problems.append(f"{where}: gender must be one of {', '.join(GENDERS)}")
        characters.append(
            GoldCharacter(
                name=c["name"],
                aliases=_strings(c.get("aliases"), f"{where}.aliases", problems),
                epithets=_strings(c.get("epithets"), f"{where}.epithets", problems),
                main=main,
                named=named,
                gender=gender,
            )
        )
    by_name: dict[str, GoldCharacter] = {}
    for c in characters:
        if c.name in by_name:
            problems.append(f"{name}: character {c.name!r} is listed twice")
        by_name[c.name] = c

    def known(character: Any, where: str) -> str | None:
        if not isinstance(character, str) or character not in by_name:
            problems.append(f"{where}: {character!r} is not the name of a listed character")
            return None
        return character

    scope = _strings(raw.get("scope"), f"{name}: scope", problems)
    if "scope" in raw and not scope:
        problems.append(f"{name}: scope: list at least one section heading")
    sections = _strings(raw.get("sections"), f"{name}: sections", problems) or scope
    for heading in scope:
        if heading not in sections:
            problems.append(f"{name}: scope heading {heading!r} is not one of the sections")

    quotes: list[GoldQuote] = []
    raw_quotes = raw.get("quotes") or []
    if not isinstance(raw_quotes, list):
        problems.append(f"{name}: quotes: expected a list")
        raw_quotes = []
    for i, q in enumerate(raw_quotes):
        where = f"{name}: quotes[{i}]"
        if not isinstance(q, dict) or not isinstance(q.get("start"), str) or not normalise(q["start"]):
            problems.append(f"{where}: expected a mapping with a non-empty 'start'")
            continue
        where = f"{where} {q['start']!r}"
        for key in sorted(set(q) - _QUOTE_KEYS):
            problems.append(f"{where}: unknown key {key!r}")
        if "speaker" not in q:
            problems.append(f"{where}: missing 'speaker' (write null when no reader could tell)")
        speaker = q.get("speaker")
        if speaker is not None:
            speaker = known(speaker, f"{where}.speaker")
        addressees = _strings(q.get("addressees"), f"{where}.addressees", problems)
        for a in addressees:
            known(a, f"{where}.addressees")
        quotes.append(GoldQuote(q["start"], speaker, addressees))

    pairs: list[frozenset[str]] = []
    raw_pairs = raw.get("pairs") or []
    if not isinstance(raw_pairs, list):
        problems.append(f"{name}: pairs: expected a list")
        raw_pairs = []
    for i, p in enumerate(raw_pairs):
        where = f"{name}: pairs[{i}]"
        if not isinstance(p, list) or len(p) != 2 or p[0] == p[1]:
            problems.append(f"{where}: expected two different character names")
            continue
        if known(p[0], where) and known(p[1], where):
            pair = frozenset(p)
            if pair in pairs:
                problems.append(f"{where}: the pair {p[0]} / {p[1]} is listed twice")
            pairs.append(pair)
    if problems:
        raise InputError(problems)
    return Gold(
        text=str(text),
        characters=tuple(characters),
        sections=sections,
        scope=scope,
        quotes=tuple(quotes),
        pairs=tuple(pairs),
        by_name=by_name,
    )


@dataclass(frozen=True)
class PlacedQuote:
    quote: GoldQuote
    position: int
    """Where the start begins in the normalised text (just after the opening quotation mark)."""
    section: str


def locate_quotes(gold: Gold, source: Source, name: str = "gold") -> list[PlacedQuote]:
    """Find each gold start, in order, right after an opening quotation mark inside a scope section.

    The starts are searched in the annotation's order, each after the one before, so a short start
    that occurs many times ("Well") is the next one in reading order.
    """
    scope = [source.by_heading[normalise(h)] for h in gold.scope]
    placed: list[PlacedQuote] = []
    problems: list[str] = []
    cursor = 0
    for i, q in enumerate(gold.quotes):
        position = _next_start(q, source, scope, cursor)
        if position is None:
            problems.append(
                f"{name}: quotes[{i}] {q.start!r}: not found after the previous quote in the scope "
                "sections, right after an opening quotation mark"
            )
            continue
        section = source.section_at(position)
        placed.append(PlacedQuote(q, position, section.heading if section else ""))
        cursor = position + 1
    if problems:
        raise InputError(problems)
    return placed


def _next_start(q: GoldQuote, source: Source, scope: list[Section], cursor: int) -> int | None:
    best: int | None = None
    for mark in source.open_marks:
        needle = mark + q.needle
        for s in scope:
            if s.end <= cursor:
                continue
            i = source.norm.find(needle, max(cursor - len(mark), s.start), s.end)
            while i != -1 and _cuts_word(source.norm, i + len(needle)):  # "I do" is not "I don't"
                i = source.norm.find(needle, i + 1, s.end)
            if i != -1:
                best = i + len(mark) if best is None else min(best, i + len(mark))
                break
    return best


def _cuts_word(text: str, end: int) -> bool:
    """Whether a match ending just before ``end`` stops in the middle of a word."""
    return 0 < end < len(text) and text[end - 1].isalnum() and (text[end].isalnum() or text[end] in "'’")  # noqa: RUF001


# --------------------------------------------------------------------------------------- characters


def character_matches(draft: Dataset, gold: Gold, *, epithets: bool = False) -> dict[str, list[str]]:
    """For each drafted character's slug, the gold characters it matches (by any name or alias).

    With ``epithets``, a drafted character that matches no gold name matches instead the gold
    characters one of whose epithets it is named by ("Scrooge's Nephew"): the lenient reading that the
    JSON reports next to the strict one.
    """
    result: dict[str, list[str]] = {}
    for c in draft.characters:
        keys = {k for k in (name_key(n) for n in [c.name, *c.aliases]) if k}
        result[c.slug] = [g.name for g in gold.characters if keys & g.keys]
        if epithets and not result[c.slug]:
            result[c.slug] = [g.name for g in gold.characters if keys & g.epithet_keys]
    return result


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def evaluate_characters(draft: Dataset, gold: Gold, matches: dict[str, list[str]]) -> dict[str, Any]:
    named = [g for g in gold.characters if g.named]
    matched = {g for names in matches.values() for g in names}
    found = [g.name for g in named if g.name in matched]
    missed = [g.name for g in named if g.name not in matched]
    matching = [slug for slug, names in matches.items() if names]
    splits = {
        g.name: [slug for slug, names in matches.items() if g.name in names]
        for g in gold.characters
        if g.main and sum(g.name in names for names in matches.values()) > 1
    }
    merges = {slug: names for slug, names in matches.items() if len(names) > 1}
    return {
        "gold": len(named),
        "gold_unnamed": len(gold.characters) - len(named),
        "drafted": len(draft.characters),
        "found": len(found),
        "recall": _share(len(found), len(named)),
        "matching_drafted": len(matching),
        "precision": _share(len(matching), len(draft.characters)),
        "missed": missed,
        "unmatched_drafted": [c.slug for c in draft.characters if not matches[c.slug]],
        "splits": splits,
        "merges": merges,
    }


# ---------------------------------------------------------------------------------- alias resolution


def node_for(g: GoldCharacter, draft: Dataset) -> Character | None:
    """The drafted character that stands for a gold one: the one sharing most of its names (then the
    one whose own name is the gold name, then the first in the file); None when none matches."""
    best: tuple[int, int, int] | None = None
    chosen: Character | None = None
    for i, c in enumerate(draft.characters):
        keys = {k for k in (name_key(n) for n in [c.name, *c.aliases]) if k}
        shared = len(keys & g.keys)
        if not shared:
            continue
        rank = (shared, int(name_key(c.name) == name_key(g.name)), -i)
        if best is None or rank > best:
            best, chosen = rank, c
    return chosen


def evaluate_aliases(work: LoadedWork, gold: Gold) -> dict[str, Any]:
    rows: list[dict[str, Any]] = []
    total = resolved = 0
    for g in gold.characters:
        if not g.main:
            continue
        node = node_for(g, work.data)
        failures: dict[str, str] = {}
        ok = 0
        for form in g.names:
            try:
                found = character_by_name(work, form)
            except NotFoundError:
                failures[form] = "not found"
                continue
            except InvalidArgumentError:
                failures[form] = "ambiguous"
                continue
            if node is not None and found.slug == node.slug:
                ok += 1
            else:
                failures[form] = f"resolves to '{found.slug}'"
        total += len(g.names)
        resolved += ok
        rows.append(
            {
                "character": g.name,
                "node": node.slug if node else None,
                "names": len(g.names),
                "resolved": ok,
                "share": _share(ok, len(g.names)),
                "failures": failures,
            }
        )
    return {"names": total, "resolved": resolved, "share": _share(resolved, total), "main": rows}


# --------------------------------------------------------------------------------------------- pairs


def evaluate_pairs(draft: Dataset, gold: Gold, matches: dict[str, list[str]]) -> dict[str, Any]:
    scope = {normalise(h) for h in gold.scope}

    def ends(slug: str) -> set[str]:
        return set(matches.get(slug, []))  # a group, or an unmatched character: no gold end

    def covered(a: str, b: str) -> set[frozenset[str]]:
        left, right = ends(a), ends(b)
        return {p for p in gold.pairs if any(x in left and y in right for x, y in (tuple(p), tuple(p)[::-1]))}

    relationships = [r for r in draft.relationships if r.kind is not RelationshipKind.MEMBERSHIP]
    recalled: set[frozenset[str]] = set()
    drafted_pairs: dict[frozenset[str], bool] = {}  # unordered drafted pair -> some evidence in scope
    for r in relationships:
        recalled |= covered(r.source, r.target)
        key = frozenset((r.source, r.target))
        in_scope = any(normalise(e.locator) in scope for e in r.evidence)
        drafted_pairs[key] = drafted_pairs.get(key, False) or in_scope
    judged: list[tuple[str, str, bool]] = []
    for key, in_scope in drafted_pairs.items():
        if len(key) != 2:
            continue
        a, b = sorted(key)
        if in_scope and ends(a) and ends(b):
            judged.append((a, b, bool(covered(a, b))))
    right = sum(ok for _, _, ok in judged)
    return {
        "gold": len(gold.pairs),
        "found": len(recalled),
        "recall": _share(len(recalled), len(gold.pairs)),
        "drafted_relationships": len(relationships),
        "judged": len(judged),
        "right": right,
        "precision": _share(right, len(judged)),
        "missed": [sorted(p) for p in gold.pairs if p not in recalled],
        "wrong": [[a, b] for a, b, ok in judged if not ok],
    }


# -------------------------------------------------------------------------------------------- quotes


def first_part(text: str) -> str:
    """A drafted quote's text up to its first double quotation mark, without a leading mark: the
    words of the first speaker before any speech tag."""
    norm = normalise(text).lstrip(DOUBLE_MARKS + "‘' ")  # noqa: RUF001
    cut = min((i for i in (norm.find(m) for m in DOUBLE_MARKS) if i != -1), default=len(norm))
    return norm[:cut].rstrip()


def best_attribution(q: Quote) -> Attribution:
    """The attribution with the highest drafted confidence (a curated one counts as 1); the first of
    equals wins."""
    return max(q.attributions, key=lambda a: a.drafted.confidence if a.drafted else 1.0)


def _confidence(a: Attribution) -> float:
    return a.drafted.confidence if a.drafted else 1.0


@dataclass
class _Hit:
    quote: Quote
    at_start: bool


def evaluate_quotes(  # noqa: C901 - placement, then matching, then counting
    draft: Dataset, gold: Gold, source: Source, placed: list[PlacedQuote], matches: dict[str, list[str]]
) -> dict[str, Any]:
    positions = [p.position for p in placed]
    hits: dict[int, list[_Hit]] = {}
    scope = {normalise(h) for h in gold.scope}
    unplaced = 0
    spurious: list[str] = []
    for q in draft.quotes:
        sections = [
            source.by_heading[k] for k in (normalise(loc) for loc in q.locators) if k in source.by_heading
        ]
        within = sections or None
        found_any = placed_any = False
        for text in dict.fromkeys([q.text, *q.variants]):
            part = first_part(text)
            if not part:
                continue
            # Where the draft says the quote stands; anywhere in the text if it is not there.
            occurrences = (within and source.occurrences(part, within)) or source.occurrences(part)
            if occurrences:
                placed_any = True
                for o in occurrences:
                    lo = bisect.bisect_left(positions, o)
                    hi = bisect.bisect_right(positions, o + len(part))
                    for k in range(lo, hi):
                        if positions[k] + len(placed[k].quote.needle) <= o + len(part):
                            hits.setdefault(k, []).append(_Hit(q, positions[k] == o))
                            found_any = True
            else:  # not verbatim in the text: compare the words alone, in the named sections
                for k, p in enumerate(placed):
                    if (within is None or p.section in {s.heading for s in sections}) and (
                        p.quote.needle in part
                    ):
                        hits.setdefault(k, []).append(_Hit(q, part.startswith(p.quote.needle)))
                        found_any = True
        if not placed_any:
            unplaced += 1
        if not found_any and any(normalise(loc) in scope for loc in q.locators):
            spurious.append(q.slug)

    by_method: dict[str, dict[str, int]] = {}
    found = judged = right = 0
    rows: list[dict[str, Any]] = []
    for k, p in enumerate(placed):
        candidates = hits.get(k, [])
        row: dict[str, Any] = {"start": p.quote.start, "gold_speaker": p.quote.speaker, "section": p.section}
        if candidates:
            found += 1
            hit = max(candidates, key=lambda h: (h.at_start, _confidence(best_attribution(h.quote))))
            attribution = best_attribution(hit.quote)
            method = attribution.drafted.method if attribution.drafted else CURATED
            row |= {"drafted": hit.quote.slug, "speaker": attribution.speaker, "method": method}
            if p.quote.speaker is not None:
                ok = p.quote.speaker in matches.get(attribution.speaker, [])
                judged += 1
                right += ok
                counts = by_method.setdefault(method, {"judged": 0, "right": 0})
                counts["judged"] += 1
                counts["right"] += ok
                row["right"] = ok
        rows.append(row)
    with_speaker = sum(p.quote.speaker is not None for p in placed)
    by_section: dict[str, dict[str, int]] = {}
    for r in rows:
        counts = by_section.setdefault(r["section"], {"gold": 0, "found": 0, "judged": 0, "right": 0})
        counts["gold"] += 1
        counts["found"] += "drafted" in r
        counts["judged"] += "right" in r
        counts["right"] += bool(r.get("right"))
    return {
        "gold": len(placed),
        "found": found,
        "recall": _share(found, len(placed)),
        "gold_with_speaker": with_speaker,
        "judged": judged,
        "speaker_right": right,
        "speaker_accuracy": _share(right, judged),
        "speaker_right_of_all": _share(right, with_speaker),
        "by_method": {
            m: {**c, "accuracy": _share(c["right"], c["judged"])} for m, c in sorted(by_method.items())
        },
        "by_section": by_section,
        "drafted": len(draft.quotes),
        "drafted_not_in_text": unplaced,
        "spurious_in_scope": spurious,
        "missed": [r["start"] for r in rows if "drafted" not in r],
        "wrong_speaker": [
            {"start": r["start"], "gold": r["gold_speaker"], "drafted": r["speaker"], "method": r["method"]}
            for r in rows
            if r.get("right") is False
        ],
        "rows": rows,
    }


# ------------------------------------------------------------------------------------------ the whole


def unjudged_nameless(draft: Dataset, gold: Gold, matches: dict[str, list[str]]) -> list[str]:
    """Drafted characters known only by a noun ("The gentleman (Stave II)") whose every line lies
    outside the annotated sections: the annotation lists nameless people only where it covers their
    lines, so these can be neither confirmed nor refuted, and are left out of the real share."""
    scope = set(gold.scope)
    lines: dict[str, set[str]] = {}
    for quote in draft.quotes:
        for attribution in quote.attributions:
            lines.setdefault(attribution.speaker, set()).update(quote.locators)
    return [
        c.slug
        for c in draft.characters
        if c.drafted is not None
        and c.drafted.method == "nameless"
        and not matches.get(c.slug)
        and not (lines.get(c.slug, set()) & scope)
    ]


def real_by_lines(rows: Sequence[dict[str, Any]], matches: dict[str, list[str]]) -> dict[str, str]:
    """Drafted characters that match no gold name but are real all the same: most of the lines
    the draft gives them (two at least) are, in the annotation, one gold character's ("The gentleman
    (Stave I)" speaking the portly gentleman's lines). The target counts real characters, named or
    not; a node named by a noun can only be checked this way."""
    spoken: dict[str, Counter[str]] = {}
    for row in rows:
        slug, gold = row.get("speaker"), row.get("gold_speaker")
        if slug and gold and not matches.get(slug):
            spoken.setdefault(slug, Counter())[gold] += 1
    found: dict[str, str] = {}
    for slug, counter in spoken.items():
        (gold, count), total = counter.most_common(1)[0], sum(counter.values())
        if count >= 2 and count * 2 >= total:
            found[slug] = gold
    return found


def evaluate(draft: Dataset, gold: Gold, text: str, *, gold_name: str = "gold") -> dict[str, Any]:
    """Every figure, as a JSON-ready dict."""
    source = Source(text, gold.sections, gold_name)
    placed = locate_quotes(gold, source, gold_name)
    work = LoadedWork(data=draft, file="draft")
    matches = character_matches(draft, gold)
    lenient = character_matches(draft, gold, epithets=True)
    characters = evaluate_characters(draft, gold, matches)
    characters["named_by_epithet"] = {s: g for s, g in lenient.items() if g and not matches[s]}
    quotes = evaluate_quotes(draft, gold, source, placed, matches)
    with_epithets = evaluate_quotes(draft, gold, source, placed, lenient)
    quotes["with_epithets"] = {
        k: with_epithets[k] for k in ("speaker_right", "judged", "speaker_accuracy", "by_method")
    }
    by_lines = real_by_lines(quotes["rows"], matches)
    characters["real_by_lines"] = by_lines
    unjudged = unjudged_nameless(draft, gold, matches)
    characters["not_judged"] = unjudged
    real = characters["matching_drafted"] + len(by_lines)
    characters["real"] = real
    characters["judged"] = characters["drafted"] - len(unjudged)
    characters["real_share"] = _share(real, characters["judged"])
    return {
        "work": draft.work.slug,
        "scope": list(gold.scope),
        "characters": characters,
        "alias_resolution": evaluate_aliases(work, gold),
        "pairs": evaluate_pairs(draft, gold, matches),
        "quotes": quotes,
    }


def _pct(value: float | None) -> str:
    return "     -" if value is None else f"{value * 100:5.1f}%"


def _row(label: str, part: int, whole: int | None = None, share: float | None = None) -> str:
    count = f"{part:>6} / {whole:<5}" if whole is not None else f"{part:>14}"
    return f"{label:<44}{count}  {_pct(share) if whole is not None else ''}".rstrip()


def render(results: dict[str, Any]) -> str:
    """The figures as a plain-text table."""
    ch, al, pa, qu = (results[k] for k in ("characters", "alias_resolution", "pairs", "quotes"))
    lines = [
        f"Extraction of '{results['work']}' against the hand annotation",
        f"scope: {'; '.join(results['scope'])}",
        "",
        f"{'measure':<44}{'count':>14}  {'share':>6}",
        f"{'-' * 44}{'-' * 14}  {'-' * 6}",
        _row("characters: recall (named gold found)", ch["found"], ch["gold"], ch["recall"]),
        _row(
            "characters: precision (drafted matching)", ch["matching_drafted"], ch["drafted"], ch["precision"]
        ),
        _row("characters: real (by name, or by their lines)", ch["real"], ch["judged"], ch["real_share"]),
        _row("characters: main split over several nodes", len(ch["splits"])),
        _row("characters: drafted nodes merging several", len(ch["merges"])),
        _row("alias resolution (main characters)", al["resolved"], al["names"], al["share"]),
        _row("related pairs: recall", pa["found"], pa["gold"], pa["recall"]),
        _row("related pairs: precision (in scope)", pa["right"], pa["judged"], pa["precision"]),
        _row("quotes: found", qu["found"], qu["gold"], qu["recall"]),
        _row("quotes: speaker right (of found)", qu["speaker_right"], qu["judged"], qu["speaker_accuracy"]),
    ]
    for method, c in qu["by_method"].items():
        lines.append(_row(f"  by method: {method}", c["right"], c["judged"], c["accuracy"]))
    lines.append(_row("quotes: drafted in scope matching no gold", len(qu["spurious_in_scope"])))
    lenient = qu["with_epithets"]
    lines.append(
        _row(
            "quotes: speaker right, epithet nodes allowed",
            lenient["speaker_right"],
            lenient["judged"],
            lenient["speaker_accuracy"],
        )
    )
    lines.append("")
    lines.append("alias resolution by main character (node: the drafted character standing for it):")
    for r in al["main"]:
        missing = "; ".join(f"{k} ({v})" for k, v in r["failures"].items())
        lines.append(
            f"  {r['character']:<32} {r['node'] or '-':<28} {r['resolved']}/{r['names']}"
            + (f"  unresolved: {missing}" if missing else "")
        )
    for name, slugs in ch["splits"].items():
        lines.append(f"split: {name} -> {', '.join(slugs)}")
    for slug, names in ch["merges"].items():
        lines.append(f"merge: {slug} -> {', '.join(names)}")
    for slug, names in ch["named_by_epithet"].items():
        lines.append(f"named by an epithet (no match by name): {slug} -> {', '.join(names)}")
    for slug, name in ch["real_by_lines"].items():
        lines.append(f"real by its lines (no match by name): {slug} -> {name}")
    return "\n".join(lines)


def _read_text(path: Path) -> str:
    try:
        return path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise InputError([f"{path}: text file not found"]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError([f"{path}: cannot read the text as UTF-8: {exc}"]) from None


def _load_draft(path: Path) -> Dataset:
    if not path.is_file():
        raise InputError([f"{path}: draft data file not found"])
    try:
        return load_dataset(path)
    except DataError as exc:
        raise InputError([f"draft does not validate: {p}" for p in exc.problems]) from None


def run(draft_path: Path, gold_path: Path, text_path: Path) -> dict[str, Any]:
    """Load the three files and evaluate; any problem with them is an :class:`InputError`."""
    gold = load_gold(gold_path)
    if text_path.name != gold.text:
        raise InputError([f"{gold_path} annotates {gold.text!r}, but the text given is {text_path.name!r}"])
    text = _read_text(text_path)
    draft = _load_draft(draft_path)
    results = evaluate(draft, gold, text, gold_name=str(gold_path))
    return {"draft": str(draft_path), "gold": str(gold_path), "text": str(text_path), **results}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.extraction",
        description="Measure a drafted data file against a hand annotation of the same book.",
    )
    parser.add_argument("--draft", type=Path, required=True, help="the drafted data file (YAML or JSON)")
    parser.add_argument("--gold", type=Path, required=True, help="the hand annotation (bench/annotations/)")
    parser.add_argument("--text", type=Path, required=True, help="the book's plain text")
    parser.add_argument("--out", type=Path, help="write the figures as JSON to this file")
    args = parser.parse_args(argv)
    try:
        results = run(args.draft, args.gold, args.text)
    except InputError as exc:
        print("error: cannot evaluate:", file=sys.stderr)
        for problem in exc.problems:
            print(f"  - {problem}", file=sys.stderr)
        return 2
    print(render(results))
    if args.out:
        args.out.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
