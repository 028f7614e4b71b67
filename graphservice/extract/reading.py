"""Reading a book's text for drafting: bytes to text, refusing what is not an English book.

Nothing is changed in the text that is read: every quote and evidence phrase the draft takes from
it must be found there again by ``validate --source``.
"""

from __future__ import annotations

import re
from pathlib import Path

from graphservice.errors import GraphServiceError

__all__ = ["ExtractError", "check_text", "read_text"]


class ExtractError(GraphServiceError):
    """A text that cannot be drafted from: the message names the file and the reason."""

    code = "BAD_USER_INPUT"


# The commonest English words: a page of English prose is about a quarter to a half of them.
_ENGLISH = frozenset(
    [
        "the",
        "and",
        "of",
        "to",
        "a",
        "in",
        "that",
        "it",
        "was",
        "he",
        "i",
        "his",
        "you",
        "with",
        "for",
        "had",
        "as",
        "is",
        "her",
        "she",
        "but",
        "not",
        "at",
        "on",
        "be",
        "my",
        "have",
        "him",
        "all",
        "so",
        "by",
        "they",
        "which",
        "this",
        "from",
        "me",
        "said",
        "were",
        "one",
        "there",
        "we",
        "what",
        "their",
        "or",
        "an",
        "no",
        "would",
        "if",
        "been",
        "are",
        "when",
        "who",
        "them",
        "could",
        "then",
        "do",
        "up",
        "out",
        "into",
        "very",
        "more",
        "will",
        "like",
        "some",
        "any",
        "your",
        "now",
        "did",
        "upon",
        "than",
        "only",
        "its",
        "has",
        "little",
        "over",
        "our",
        "man",
        "again",
        "know",
        "time",
        "can",
        "such",
        "see",
        "before",
    ]
)
_WORD = re.compile(r"[A-Za-z]+")


def read_text(path: Path) -> str:
    """The file's text, decoded as UTF-8; an ExtractError for a missing, binary or undecodable file."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise ExtractError(f"{path}: cannot read the text: {exc.strerror or exc}") from None
    if b"\0" in raw[:65536]:
        raise ExtractError(f"{path}: this is a binary file, not a plain text")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ExtractError(
            f"{path}: not UTF-8 text (byte {exc.start} cannot be decoded); convert it to UTF-8 first"
        ) from None
    check_text(text, str(path))
    return text


def check_text(text: str, name: str) -> None:
    """Refuse an empty text, a text of control characters, and one that does not read as English."""
    words = _WORD.findall(text)
    if not text.strip() or not words:
        raise ExtractError(f"{name}: the text is empty")
    controls = sum(1 for char in text if ord(char) < 32 and char not in "\n\r\t\f")
    if controls > len(text) / 100:
        raise ExtractError(f"{name}: this is a binary file, not a plain text ({controls} control characters)")
    if len(words) < 200:
        raise ExtractError(f"{name}: too short to draft a book from ({len(words)} words; at least 200)")
    sample = [word.lower() for word in words[:20000]]
    share = sum(1 for word in sample if word in _ENGLISH) / len(sample)
    if share < 0.2:
        raise ExtractError(
            f"{name}: this does not look like English prose (only {share:.0%} of its words are common "
            "English words; English prose has 35-55%)"
        )
