"""Coverage: names and quoted passages of the source that the data file never uses.

A *name* is a run of capitalised words (with initials such as "H." and hyphenated parts such as
"Marie-Claude") that stands somewhere other than at the start of a sentence; at a sentence's
start a word counts only once the source has shown it capitalised elsewhere. Headings are left
out. A *quoted passage* is text between double quotation marks. The file uses a name when it
appears as whole words in a record's name or alias, the work's title or author, a quote, or an
evidence phrase; it uses a passage when a quote or an evidence phrase contains it or is part of
it. Names the source gives at least ``MIN_COUNT`` (2) times, and every passage of at least
``MIN_PASSAGE_WORDS`` (4) words, are reported, the most frequent first.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator

from graphservice.model import Character, Dataset, Group, Place
from graphservice.review.findings import Finding, make_finding
from graphservice.review.source import Sentence, SourceText
from graphservice.verify import evidence_items, normalise_whitespace

__all__ = ["MIN_COUNT", "MIN_PASSAGE_WORDS", "coverage"]

MIN_COUNT = 2
MIN_PASSAGE_WORDS = 4

_PART = r"(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)*|[A-Z]\.)"  # Kathy, Marie-Claude, H.
_NAME = re.compile(rf"(?<![\w'\u2019]){_PART}(?:[ \t]+{_PART})*")
_QUOTED = re.compile(r"\"([^\"\n]+)\"|“([^”\n]+)”")
_SMALL = frozenset({"I", "A"})


def coverage(data: Dataset, source: SourceText) -> list[Finding]:
    """A finding for each frequent name and each quoted passage the file never uses."""
    used_words = _used_texts(data, names=True)
    used_passages = _used_texts(data, names=False)
    names, first_seen = _names(source)
    findings: list[tuple[int, Finding]] = []
    for name, count in names.items():
        if count < MIN_COUNT or _uses(used_words, name):
            continue
        sentence = first_seen[name]
        findings.append((count, _finding(data, source, name, count, sentence, "name")))
    for passage, count, sentence in _passages(source):
        if len(passage.split()) < MIN_PASSAGE_WORDS or _contains_either(used_passages, passage):
            continue
        findings.append((count, _finding(data, source, passage, count, sentence, "quoted passage")))
    findings.sort(key=lambda pair: -pair[0])
    return [f for _, f in findings]


def _finding(
    data: Dataset, source: SourceText, what: str, count: int, sentence: Sentence, kind: str
) -> Finding:
    times = "once" if count == 1 else f"{count} times"
    return make_finding(
        "coverage",
        "source",
        data.work.slug,
        f"{kind} '{what}' appears {times} in the source but nowhere in the file",
        text=what,
        passage=" ".join(sentence.text.split()),
        locator=source.sections[sentence.section].heading,
        suggestion="add a record, alias, quote or evidence phrase for it if it matters to the story",
        key=(kind, what),
    )


def _used_texts(data: Dataset, *, names: bool) -> list[str]:
    texts = [q.text for q in data.quotes] + [v for q in data.quotes for v in q.variants]
    texts += [e.text for _, e in evidence_items(data)]
    if names:
        texts += [data.work.title, data.work.author]
        records: list[Character | Group | Place] = [*data.characters, *data.groups, *data.places]
        for r in records:
            texts += [r.name, *r.aliases]
        texts += [t.name for t in data.themes] + [s.name for s in data.symbols]
    return [normalise_whitespace(t).casefold() for t in texts]


def _uses(texts: list[str], name: str) -> bool:
    pattern = re.compile(rf"(?<!\w){re.escape(name.casefold())}(?!\w)")
    return any(pattern.search(t) for t in texts)


def _contains_either(texts: list[str], passage: str) -> bool:
    wanted = normalise_whitespace(passage).casefold().strip(" ,.;:!?")
    return any(wanted in t or (len(t) > 20 and t in wanted) for t in texts)


def _body(source: SourceText) -> Iterator[Sentence]:
    headings = {s.heading for s in source.sections}
    return (s for s in source.sentences if normalise_whitespace(s.text) not in headings)


def _names(source: SourceText) -> tuple[Counter[str], dict[str, Sentence]]:
    inside: Counter[str] = Counter()
    opening: Counter[str] = Counter()
    first_seen: dict[str, Sentence] = {}
    for sentence in _body(source):
        text = sentence.text.lstrip("\"\u201c'\u2018 0123456789.")
        start = len(sentence.text) - len(text)
        for m in _NAME.finditer(sentence.text):
            name = m.group(0)
            if name in _SMALL:
                continue
            (opening if m.start() <= start else inside)[name] += 1
            first_seen.setdefault(name, sentence)
    counts = Counter({n: c + opening.get(n, 0) for n, c in inside.items()})
    return counts, first_seen


def _passages(source: SourceText) -> Iterator[tuple[str, int, Sentence]]:
    """Quoted passages, found line by line (a quotation may run over several sentences)."""
    counts: Counter[str] = Counter()
    first: dict[str, Sentence] = {}
    headings = {s.heading for s in source.sections}
    offset = 0
    for line in source.text.splitlines(keepends=True):
        if normalise_whitespace(line) not in headings:
            for m in _QUOTED.finditer(line):
                passage = normalise_whitespace(m.group(1) or m.group(2)).rstrip(",;:")
                counts[passage] += 1
                at = source.sentences_in(offset + m.start(), offset + m.start() + 1)
                if at:
                    first.setdefault(passage, at[0])
        offset += len(line)
    for passage, count in counts.items():
        if passage in first:
            yield passage, count, first[passage]
