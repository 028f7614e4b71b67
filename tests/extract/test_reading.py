"""Reading a text to draft from: what is refused, and why."""

from __future__ import annotations

from pathlib import Path

import pytest

from graphservice.extract.reading import ExtractError, read_text

PROSE = "The keeper said that the lamp was lit and the boats were in. " * 40


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"", "the text is empty"),
        (b"   \n\n  ", "the text is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary file"),
        ("é".encode("latin-1") * 10, "not UTF-8 text"),
        (b"Only a few words here.", "too short"),
        (("Der Leuchtturm steht am Ufer und das Licht brennt die ganze Nacht. " * 40).encode(), "English"),
    ],
)
def test_texts_that_cannot_be_drafted_are_refused_with_a_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    path = tmp_path / "book.txt"
    path.write_bytes(content)
    with pytest.raises(ExtractError, match=reason) as caught:
        read_text(path)
    assert str(path) in str(caught.value)


def test_a_missing_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ExtractError, match="cannot read"):
        read_text(tmp_path / "absent.txt")


def test_english_prose_is_read_unchanged(tmp_path: Path) -> None:
    path = tmp_path / "book.txt"
    path.write_bytes(("\ufeff" + PROSE + "“curly”\r\n").encode())
    assert read_text(path) == PROSE + "“curly”\r\n"  # only the byte-order mark is dropped
