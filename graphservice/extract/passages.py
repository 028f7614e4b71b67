"""The text as paragraphs, sentences, tokens and quoted speech, each with its offsets in the text.

Sentences and tokens come from syntok (a rule-based splitter that keeps line-broken paragraphs
whole and needs no model). Quoted speech is found per paragraph from its quotation marks: straight
(``"``) and curly (“ ”) double quotes; a paragraph that leaves a quote open and is followed by one
that opens with a quotation mark continues the same speech, as printed books do. Single quotes are
left alone: they are apostrophes, or quotes inside a speech, which belong to that speech.
"""

from __future__ import annotations

import bisect
from collections.abc import Callable
from dataclasses import dataclass, field

import syntok.segmenter as segmenter

from graphservice.extract.structure import Structure

__all__ = ["Book", "Paragraph", "Segment", "Sentence", "Token", "read_book"]

_OPENERS = {'"': '"', "“": "”"}


@dataclass(frozen=True, slots=True)
class Token:
    """A word or punctuation mark."""

    text: str
    start: int
    end: int
    sentence: int
    quoted: bool
    """Inside quoted speech."""


@dataclass(frozen=True, slots=True)
class Sentence:
    start: int
    end: int
    first: int
    """Index of its first token in Book.tokens."""
    last: int
    """Index one past its last token."""
    paragraph: int


@dataclass(frozen=True, slots=True)
class Segment:
    """One stretch of quoted speech: the offsets of its text inside the marks."""

    start: int
    end: int
    closed: bool
    """The paragraph closes the quote (an open quote may go on in the next paragraph)."""


@dataclass(slots=True)
class Paragraph:
    start: int
    end: int
    section: str | None
    """The heading this paragraph stands under (its locator), None before any heading."""
    period: int
    """Index of its period, -1 in front matter."""
    sentences: list[int] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    continues: bool = False
    """It goes on the speech left open by the paragraph before it."""


@dataclass(slots=True)
class Book:
    """Everything the drafting rules read, addressed by offsets into ``text``."""

    text: str
    structure: Structure
    paragraphs: list[Paragraph]
    sentences: list[Sentence]
    tokens: list[Token]
    starts: list[int] = field(default_factory=list)
    """Each token's start offset, in order (for looking tokens up by offset)."""

    def token_range(self, start: int, end: int) -> range:
        """Indices of the tokens that start in [start, end)."""
        return range(bisect.bisect_left(self.starts, start), bisect.bisect_left(self.starts, end))


def _segments(text: str, start: int, end: int) -> tuple[list[Segment], str | None]:
    """Quoted stretches of ``text[start:end]``, and the closing mark still awaited at its end (a
    speech that goes on in the next paragraph), if any."""
    segments: list[Segment] = []
    closer: str | None = None
    inner = 0
    for index in range(start, end):
        char = text[index]
        if closer is None:
            if char in _OPENERS:
                closer, inner = _OPENERS[char], index + 1
        elif char == closer:
            segments.append(Segment(inner, index, True))
            closer = None
        elif char == "“":  # a curly opener inside an open curly quote: the last one was never closed
            segments.append(Segment(inner, index, False))
            inner = index + 1
    if closer is not None:
        segments.append(Segment(inner, end, False))
    return segments, closer


def read_book(text: str, structure: Structure, progress: Callable[[str], None] | None = None) -> Book:
    """Split ``text`` into paragraphs, sentences, tokens and quoted segments."""
    book = Book(text, structure, [], [], [])
    regions = [(0, structure.sections[0].start if structure.sections else len(text))]
    regions += [(section.start, section.end) for section in structure.sections]
    open_quote: str | None = None
    for region_start, region_end in regions:
        body = text[region_start:region_end]
        section = structure.section_at(region_start) if region_start else None
        for raw_paragraph in segmenter.analyze(body):
            sentences = [sentence for sentence in raw_paragraph if sentence]
            if not sentences:
                continue
            first = sentences[0][0]
            last = sentences[-1][-1]
            p_start = region_start + first.offset
            p_end = region_start + last.offset + len(last.value)
            paragraph = Paragraph(
                p_start,
                p_end,
                section.heading if section else None,
                structure.period_at(p_start),
            )
            paragraph.segments, still_open = _segments(text, p_start, p_end)
            opener = text[p_start]
            paragraph.continues = open_quote is not None and opener in _OPENERS
            open_quote = still_open
            index = len(book.paragraphs)
            book.paragraphs.append(paragraph)
            spans = [(s.start, s.end) for s in paragraph.segments]
            for sentence in sentences:
                first_token = len(book.tokens)
                for token in sentence:
                    t_start = region_start + token.offset
                    t_end = t_start + len(token.value)
                    quoted = any(a <= t_start < b for a, b in spans)
                    book.tokens.append(Token(token.value, t_start, t_end, len(book.sentences), quoted))
                s_start = book.tokens[first_token].start
                s_end = book.tokens[-1].end
                paragraph.sentences.append(len(book.sentences))
                book.sentences.append(Sentence(s_start, s_end, first_token, len(book.tokens), index))
        if progress:
            progress(f"read {section.heading if section else 'the opening'}")
    book.starts = [token.start for token in book.tokens]
    return book
