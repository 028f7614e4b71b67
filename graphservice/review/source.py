"""The source text as the review reads it: sections under heading lines, sentences, and periods.

A *heading* is a whole line of the source: one the data file uses as a locator, or a short line
standing alone between blank lines without closing punctuation ("Character Analysis"). A *section*
runs from its heading to the next one. A section belongs to a period when its heading names the
period (its label before a colon, "Part Two", matches the period's), and chapter headings
("Chapter 3", "XII") stay in the period before them; every other section (front matter,
commentary) belongs to no period. Sentences come from syntok, run on each heading and each
section's body separately so that a heading never runs into its first sentence.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cached_property

from syntok import segmenter

from graphservice.model import Dataset, Period
from graphservice.verify import locators, normalise_whitespace

__all__ = ["Section", "Sentence", "SourceText", "read_source"]

_MAX_HEADING_WORDS = 10
_CHAPTER = re.compile(r"^(?:chapter|letter|stave|canto|book)\b|^[ivxlcdm]+\.?$|^\d+\.?$", re.IGNORECASE)
_CLOSING = tuple(".,;:!\"'\u201d\u2019")


@dataclass(frozen=True, slots=True)
class Section:
    """A stretch of the source under one heading (the front matter has an empty heading)."""

    index: int
    heading: str
    """The heading line, whitespace-normalised ('' for the text before the first heading)."""
    start: int
    end: int
    period: str | None
    """The slug of the period the section tells, or None (front matter, commentary)."""


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence of the source, with its character offsets."""

    index: int
    start: int
    end: int
    text: str
    section: int


@dataclass(frozen=True)
class SourceText:
    """The source, split into sections and sentences; built by :func:`read_source`."""

    text: str
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    periods: tuple[str, ...]
    """The work's period slugs in reading order."""

    @cached_property
    def _starts(self) -> list[int]:
        return [s.start for s in self.sentences]

    def section_at(self, offset: int) -> Section:
        """The section that holds the character at ``offset``."""
        starts = [s.start for s in self.sections]
        return self.sections[max(0, bisect_right(starts, offset) - 1)]

    def sentences_in(self, start: int, end: int) -> list[Sentence]:
        """The sentences that overlap the span ``[start, end)``."""
        i = max(0, bisect_right(self._starts, start) - 1)
        found: list[Sentence] = []
        while i < len(self.sentences) and self.sentences[i].start < end:
            if self.sentences[i].end > start:
                found.append(self.sentences[i])
            i += 1
        return found

    def previous(self, sentence: Sentence) -> Sentence | None:
        """The sentence before ``sentence``, if any."""
        return self.sentences[sentence.index - 1] if sentence.index > 0 else None

    def occurrences(self, phrase: str) -> list[tuple[int, int]]:
        """Every place ``phrase`` occurs, whitespace differences ignored."""
        words = phrase.split()
        if not words:
            return []
        pattern = re.compile(r"\s+".join(re.escape(w) for w in words))
        return [m.span() for m in pattern.finditer(self.text)]

    def find(self, phrase: str, locator: str | None = None) -> tuple[int, int] | None:
        """Where ``phrase`` occurs: preferably under the section headed ``locator``, else first."""
        spans = self.occurrences(phrase)
        wanted = normalise_whitespace(locator) if locator else None
        for span in spans:
            if self.section_at(span[0]).heading == wanted:
                return span
        return spans[0] if spans else None

    def rank(self, period: str) -> int:
        """A period's position in reading order."""
        return self.periods.index(period)


def read_source(text: str, data: Dataset) -> SourceText:
    """Split ``text`` into sections and sentences, using ``data``'s locators and periods."""
    used = {normalise_whitespace(loc) for _, loc in locators(data)}
    sections = _sections(text, used, data.work.periods)
    sentences: list[Sentence] = []
    for section in sections:
        heading_end = section.start
        if section.heading:
            heading_end = text.index("\n", section.start) if "\n" in text[section.start :] else len(text)
            _add_sentences(sentences, text, section.start, heading_end, section.index)
        _add_sentences(sentences, text, heading_end, section.end, section.index)
    return SourceText(text, tuple(sections), tuple(sentences), tuple(p.slug for p in data.work.periods))


def _add_sentences(out: list[Sentence], text: str, start: int, end: int, section: int) -> None:
    chunk = text[start:end]
    for paragraph in segmenter.analyze(chunk):
        for tokens in paragraph:
            if not tokens:
                continue
            first = start + tokens[0].offset
            last = start + tokens[-1].offset + len(tokens[-1].value)
            out.append(Sentence(len(out), first, last, text[first:last], section))


def _lines(text: str) -> Iterable[tuple[int, str]]:
    offset = 0
    for line in text.splitlines(keepends=True):
        yield offset, line
        offset += len(line)


def _sections(text: str, used: set[str], periods: Sequence[Period]) -> list[Section]:
    lines = list(_lines(text))
    starts: list[tuple[int, str]] = []
    for i, (offset, line) in enumerate(lines):
        heading = normalise_whitespace(line)
        if heading and (heading in used or _standalone(lines, i, heading)):
            starts.append((offset, heading))
    if not starts or starts[0][0] > 0:
        starts.insert(0, (0, ""))
    sections: list[Section] = []
    period: str | None = None
    for i, (offset, heading) in enumerate(starts):
        end = starts[i + 1][0] if i + 1 < len(starts) else len(text)
        named = _period_named(heading, periods)
        if named is not None:
            period = named
        elif not _CHAPTER.match(heading):
            period = None
        sections.append(Section(i, heading, offset, end, period))
    return sections


def _standalone(lines: Sequence[tuple[int, str]], i: int, heading: str) -> bool:
    """A short line with blank lines (or the text's ends) around it and no closing punctuation."""
    before = i == 0 or not lines[i - 1][1].strip()
    after = i + 1 == len(lines) or not lines[i + 1][1].strip()
    short = len(heading.split()) <= _MAX_HEADING_WORDS
    return before and after and short and not heading.endswith(_CLOSING)


def _label(name: str) -> str:
    return re.split(r":| [-\u2013\u2014] ", name, maxsplit=1)[0].strip().casefold()


def _period_named(heading: str, periods: Sequence[Period]) -> str | None:
    if not heading:
        return None
    for period in periods:
        if heading.casefold() == period.name.casefold() or _label(heading) == _label(period.name):
            return period.slug
    return None
