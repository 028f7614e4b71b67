"""Drafting a book's data file from its plain text, offline (``graphservice extract``).

The pipeline, each step in its own module: ``reading`` (bytes to checked text), ``structure``
(headings, periods), ``passages`` (paragraphs, sentences, tokens, quoted speech), ``mentions``
and ``cast`` (names clustered into characters), ``speakers`` (who says each quote), ``relations``
(related pairs and their kinds) and ``draft`` (the data file). It knows nothing of GraphQL or HTTP.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from graphservice.errors import DataError
from graphservice.extract.cast import build_cast
from graphservice.extract.draft import assemble, kept_people
from graphservice.extract.passages import read_book
from graphservice.extract.reading import ExtractError, check_text, read_text
from graphservice.extract.relations import find_pairs
from graphservice.extract.speakers import attribute
from graphservice.extract.structure import find_structure, slugify
from graphservice.loader import parse_dataset
from graphservice.verify import find_misses

__all__ = ["ExtractError", "draft_text", "extract_file"]

Progress = Callable[[str], None]


def draft_text(
    text: str,
    *,
    name: str,
    slug: str | None = None,
    title: str | None = None,
    author: str | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Draft a data file (as plain data) from a book's text; ``name`` names the text in messages."""
    say = progress or (lambda message: None)
    check_text(text, name)
    structure = find_structure(text)
    say(f"{len(structure.periods)} periods, {len(structure.sections)} headings")
    book = read_book(text, structure, progress)
    say(f"{len(book.paragraphs)} paragraphs, {len(book.sentences)} sentences")
    cast = build_cast(book)
    turns = attribute(book, cast)
    keep = kept_people(cast, turns)
    say(f"{len(keep)} characters, {len(turns)} quoted speeches")
    pairs = find_pairs(book, cast, turns, keep)
    title = title or structure.title or Path(name).stem.replace("-", " ").title()
    data = assemble(
        book,
        cast,
        turns,
        pairs,
        keep,
        slug=slug or slugify(title),
        title=title,
        author=author or structure.author or "Unknown",
        source_name=Path(name).name,
    )
    say(f"{len(data['relationships'])} relationships")
    return data


def extract_file(
    text_path: Path,
    out: Path,
    *,
    slug: str | None = None,
    title: str | None = None,
    author: str | None = None,
    progress: Progress | None = None,
) -> dict[str, Any]:
    """Draft ``text_path`` into ``out`` (YAML, or JSON when it ends in .json). The draft is checked
    as ``validate --source`` would check it before anything is written, and written by rename, so
    a failure leaves nothing behind."""
    if out.suffix.lower() not in {".yaml", ".yml", ".json"}:
        raise ExtractError(f"{out}: the draft is written as YAML (.yaml, .yml) or JSON (.json)")
    text = read_text(text_path)
    data = draft_text(text, name=str(text_path), slug=slug, title=title, author=author, progress=progress)
    as_json = out.suffix.lower() == ".json"
    if as_json:
        rendered = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    else:
        header = (
            f"# Drafted by `graphservice extract` from {text_path.name}; "
            "review it before serving it as curated.\n"
        )
        rendered = header + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=110)
    try:
        dataset = parse_dataset(rendered, str(out), json=as_json)
    except DataError as exc:  # a bug in the drafting rules, never the user's fault
        raise ExtractError(
            f"the draft of {text_path} does not validate, so nothing was written:\n{exc}"
        ) from None
    misses = find_misses(dataset, text)
    if misses:
        listed = "\n".join(f"  - {miss}" for miss in misses[:20])
        raise ExtractError(
            f"the draft of {text_path} quotes text it cannot find, so nothing was written:\n{listed}"
        )
    out.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".part")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(rendered)
        os.replace(temporary, out)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return data
