"""A book's structure from its own headings: sections (every heading, the locators of evidence)
and periods (the numbered or top-level divisions a reader moves through: chapters, staves, parts).

A heading is a short line that stands alone: between blank lines in a book whose paragraphs are
separated by blank lines, or simply short and title-like in one whose paragraphs are single long
lines. A heading followed by almost no text (a table of contents, a title block, a signature) is
not one. Periods are the numbered headings of the commonest kind ("Stave I", "Chapter 3", "Part
Two") when there are any, else every heading; with none at all, the whole text is one period
under its title line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Period", "Section", "Structure", "find_structure", "roman_to_int", "slugify"]

_NUMBER_WORDS = {
    word: n
    for n, word in enumerate(
        [
            "zero",
            "one",
            "two",
            "three",
            "four",
            "five",
            "six",
            "seven",
            "eight",
            "nine",
            "ten",
            "eleven",
            "twelve",
            "thirteen",
            "fourteen",
            "fifteen",
            "sixteen",
            "seventeen",
            "eighteen",
            "nineteen",
            "twenty",
        ]
    )
}
_NUMBERED = re.compile(
    r"^(?P<kind>chapter|stave|part|book|act|volume|canto|section|letter)\b\.?\s*"
    r"(?P<num>[ivxlcdm]+\b|\d+|" + "|".join(_NUMBER_WORDS) + r")\b",
    re.IGNORECASE,
)
_ROMAN_ALONE = re.compile(r"^(?P<num>[IVXLCDM]+|\d+)\.?$")
_WORDS = re.compile(r"[^\W\d_]+")
_SMALL = frozenset(
    ["a", "an", "and", "at", "by", "for", "from", "in", "into", "of", "on", "or", "the", "to", "with"]
)
_MIN_BODY_WORDS = 40
_MAX_HEADING = 90


def roman_to_int(text: str) -> int | None:
    """A roman numeral's value (``IV`` → 4); None if ``text`` is not one."""
    values = {"i": 1, "v": 5, "x": 10, "l": 50, "c": 100, "d": 500, "m": 1000}
    text = text.lower()
    if not text or any(char not in values for char in text):
        return None
    total = 0
    for here, after in zip(text, [*text[1:], ""], strict=True):
        value = values[here]
        total += -value if after and values[after] > value else value
    return total


def _number(text: str) -> int | None:
    text = text.lower()
    if text.isdigit():
        return int(text)
    return _NUMBER_WORDS.get(text, roman_to_int(text))


def slugify(text: str, limit: int = 60) -> str:
    """Lower-case words joined by hyphens, at most ``limit`` characters, never empty."""
    words = re.findall(r"[a-z0-9]+", text.lower().replace("’", "").replace("'", ""))
    slug = ""
    for word in words:
        candidate = f"{slug}-{word}" if slug else word
        if len(candidate) > limit:
            break
        slug = candidate
    return slug or "section"


@dataclass(frozen=True, slots=True)
class Section:
    """A heading and the text under it, up to the next heading."""

    heading: str
    """The heading line as the text has it, trimmed: a locator of the data format."""
    start: int
    """Offset of the first character after the heading line."""
    end: int
    period: int
    """Index of the period this section belongs to; -1 before the first period (front matter)."""


@dataclass(frozen=True, slots=True)
class Period:
    """A division of the story the reader moves through, in reading order."""

    slug: str
    name: str
    heading: str
    start: int
    end: int
    words: int


@dataclass(frozen=True, slots=True)
class Structure:
    """The title and author lines the text shows, its sections and its periods."""

    title: str | None
    author: str | None
    title_line: str | None
    sections: tuple[Section, ...]
    periods: tuple[Period, ...]

    def section_at(self, offset: int) -> Section | None:
        """The section holding ``offset``; None in the text before the first heading."""
        found = None
        for section in self.sections:
            if section.start <= offset:
                found = section
            else:
                break
        return found

    def period_at(self, offset: int) -> int:
        """Index of the period holding ``offset``, or -1 in front matter."""
        found = -1
        for index, period in enumerate(self.periods):
            if period.start <= offset:
                found = index
        return found


@dataclass(frozen=True, slots=True)
class _Line:
    text: str
    start: int
    end: int


def _lines(text: str) -> list[_Line]:
    lines: list[_Line] = []
    offset = 0
    for raw in text.splitlines(keepends=True):
        body = raw.rstrip("\r\n")
        lines.append(_Line(body, offset, offset + len(body)))
        offset += len(raw)
    return lines


def _title_like(line: str) -> bool:
    words = _WORDS.findall(line)
    if not words or len(line) > _MAX_HEADING or line[0] in "\"'“‘«[(":
        return False  # a line of dialogue or a bracketed note, not a heading
    if _NUMBERED.match(line) or _ROMAN_ALONE.match(line):
        return True
    if line.rstrip()[-1:] in ",;" or (line.rstrip()[-1:] == "." and not line.isupper()):
        return False
    letters = [char for char in line if char.isalpha()]
    if letters and sum(char.isupper() for char in letters) / len(letters) > 0.8:
        return True
    capitals = [word for word in words if word.lower() not in _SMALL]
    return bool(capitals) and all(word[0].isupper() for word in capitals)


def _candidates(lines: list[_Line]) -> list[int]:
    blank_share = sum(1 for line in lines if not line.text.strip()) / max(1, len(lines))
    spaced = blank_share > 0.05  # paragraphs separated by blank lines
    found: list[int] = []
    for index, line in enumerate(lines):
        stripped = line.text.strip()
        if not stripped or not _title_like(stripped):
            continue
        before = lines[index - 1].text.strip() if index else ""
        after = lines[index + 1].text.strip() if index + 1 < len(lines) else ""
        if spaced and (before or after):
            continue
        found.append(index)
    return found


def _body_words(text: str, start: int, end: int) -> int:
    return len(_WORDS.findall(text[start:end]))


def find_structure(text: str) -> Structure:
    """Find the title, author, headings and periods of ``text``."""
    lines = _lines(text)
    nonblank = [line for line in lines if line.text.strip()]
    title_line = nonblank[0].text.strip() if nonblank else None
    candidates = _candidates(lines)
    headings: list[_Line] = []
    for position, index in enumerate(candidates):
        line = lines[index]
        following = lines[candidates[position + 1]].start if position + 1 < len(candidates) else len(text)
        if _body_words(text, line.end, following) >= _MIN_BODY_WORDS:
            headings.append(line)
    sections_raw = [
        (line, headings[i + 1].start if i + 1 < len(headings) else len(text))
        for i, line in enumerate(headings)
    ]
    numbered: dict[str, list[_Line]] = {}
    for line, _ in sections_raw:
        match = _NUMBERED.match(line.text.strip())
        if match:
            numbered.setdefault(match.group("kind").lower(), []).append(line)
    kind, chosen = max(numbered.items(), key=lambda item: len(item[1]), default=("", []))
    if len(chosen) < 2:
        chosen = [line for line, _ in sections_raw if _ROMAN_ALONE.match(line.text.strip())]
        kind = "section"
        if len(chosen) < 2:
            chosen, kind = [line for line, _ in sections_raw], ""
    periods: list[Period] = []
    used: set[str] = set()
    for i, line in enumerate(chosen):
        end = chosen[i + 1].start if i + 1 < len(chosen) else len(text)
        heading = line.text.strip()
        match = _NUMBERED.match(heading) or _ROMAN_ALONE.match(heading)
        number = _number(match.group("num")) if match else None
        slug = f"{kind}-{number}" if kind and number is not None else slugify(heading)
        while slug in used:
            slug = f"{slug}-{i + 1}"
        used.add(slug)
        periods.append(
            Period(slug, _display(heading), heading, line.start, end, _body_words(text, line.end, end))
        )
    if not periods:
        heading = title_line or "Text"
        periods.append(
            Period("whole-text", _display(heading), heading, 0, len(text), _body_words(text, 0, len(text)))
        )
    starts = [period.start for period in periods]
    sections = tuple(
        Section(
            line.text.strip(),
            line.end,
            end,
            max((i for i, s in enumerate(starts) if s <= line.start), default=-1),
        )
        for line, end in sections_raw
    )
    # The author is named on the title page: a short line before the story begins ("by ...").
    front = [line for line in nonblank[:40] if line.start < periods[0].start and len(line.text) <= 100]
    return Structure(_title(title_line), _author(front), title_line, sections, tuple(periods))


def _display(heading: str) -> str:
    """A heading as a period's display name: words in title case when the text shouts them."""
    heading = re.sub(r"\s+", " ", heading).strip().rstrip(".")
    if heading.isupper():
        words = heading.title().split(" ")
        fixed = [word if roman_to_int(word.rstrip(":.,")) is None else word.upper() for word in words]
        heading = " ".join(fixed).replace("’S", "’s").replace("'S", "'s")
    return heading


def _title(line: str | None) -> str | None:
    return _display(line) if line else None


def _author(lines: list[_Line]) -> str | None:
    pattern = re.compile(r"\bby\s+((?:[A-Z][\w.’'-]*\s*){2,5})")
    for line in lines:
        match = pattern.search(line.text)
        if match:
            return re.sub(r"\s+", " ", match.group(1)).strip().rstrip(" -")
    return None
