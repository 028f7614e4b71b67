"""Own words: descriptions, summaries and notes that copy or closely paraphrase a source sentence.

Each sentence the curator wrote is compared with every source sentence, and with every pair of
neighbouring sentences in one section (a paraphrase often follows two). Three measures:

- **copied run**: the longest run of words the two share in order, word for word; a run of
  ``MIN_RUN`` (6) words or more is copying.
- **shared content**: the content words (not function words, not the names of the file's
  characters, groups and places or of the work, which any description must use) that the two
  share *in the same order*, each weighted by how rare it is in the source (inverse sentence
  frequency, scaled so that a word of a single sentence weighs about 1), so that "farm buildings
  ... live ... adult" counts for more than "school ... life". A close paraphrase shares at least
  ``MIN_WORDS`` (4) words, weighing at least ``MIN_WEIGHT`` (2), and at least ``MIN_SHARE`` (20%)
  of the curator sentence's own content weight.
- **fuzzy score**: rapidfuzz's token-set ratio of the two sentences' content words; ``MIN_FUZZY``
  (85) or more, with ``MIN_WORDS`` shared, is a near copy with the words moved about.

The thresholds were set on the novel's data (data/never-let-me-go.yaml against its study guide):
they catch the Cottages' "farm buildings ... live ... while they wait for their adult duties",
and leave alone sentences that merely share a name or two rare words. A paraphrase that swaps
every content word for a synonym shares nothing a string measure can see (data/README.md lists
what the review cannot catch).
"""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz
from syntok import segmenter

from graphservice.model import (
    Character,
    Dataset,
    Event,
    Group,
    Place,
    PlaceLink,
    Quote,
    Relationship,
    Symbol,
    Theme,
)
from graphservice.review.findings import Finding, make_finding
from graphservice.review.source import SourceText

__all__ = ["MIN_FUZZY", "MIN_RUN", "MIN_SHARE", "MIN_WEIGHT", "MIN_WORDS", "curated_texts", "own_words"]

MIN_RUN = 6
MIN_WEIGHT = 2.0
MIN_WORDS = 4
MIN_SHARE = 0.2
MIN_FUZZY = 85.0

_WORD = re.compile(r"[a-z0-9]+(?:['\u2019][a-z]+)?")
# Function words: they carry the grammar of a sentence, not what it says.
_FUNCTION_WORDS = """a about after again against all also am an and any are as at be because been before
    being between both but by can could did do does doing down during each even every few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once one only or other our ours out over
    own same she should so some such than that the their theirs them themselves then there these they
    this those through to too under until up us very was we were what when where which while who whom
    why will with would you your yours"""
_STOP = frozenset(_FUNCTION_WORDS.split())
_SUFFIXES = ("ings", "ing", "ied", "ies", "ed", "es", "s", "ly")
_POSSESSIVE = re.compile(r"['\u2019]s?$")


@dataclass(frozen=True, slots=True)
class _Match:
    weight: float
    words: int
    share: float
    run: int
    fuzzy: float
    passage: str
    section: int


def curated_texts(data: Dataset) -> Iterator[tuple[str, str, str]]:
    """Yield ``(record path, slug, text)`` for every text the curator writes in their own words."""
    w = data.work
    yield "work.description", w.slug, w.description
    yield "work.source.description", w.slug, w.source.description
    for i, p in enumerate(w.periods):
        yield f"work.periods[{i}] '{p.slug}'.description", p.slug, p.description
    described: tuple[tuple[str, Sequence[Group | Character | Place | Theme | Symbol]], ...] = (
        ("groups", data.groups),
        ("characters", data.characters),
        ("places", data.places),
        ("themes", data.themes),
        ("symbols", data.symbols),
    )
    for section, records in described:
        for i, r in enumerate(records):
            yield f"{section}[{i}] '{r.slug}'.description", r.slug, r.description
    for i, ev in enumerate(data.events):
        yield f"events[{i}] '{ev.slug}'.summary", ev.slug, ev.summary
    noted: tuple[tuple[str, Sequence[Relationship | PlaceLink | Quote | Event]], ...] = (
        ("relationships", data.relationships),
        ("place_links", data.place_links),
        ("quotes", data.quotes),
        ("events", data.events),
    )
    for section, notes in noted:
        for i, n in enumerate(notes):
            if n.note:
                yield f"{section}[{i}] '{n.slug}'.note", n.slug, n.note


def own_words(data: Dataset, source: SourceText) -> list[Finding]:
    """A finding for each curated text with a sentence that copies or closely paraphrases the source."""
    comparer = _Comparer(data, source)
    findings: list[Finding] = []
    for record, slug, text in curated_texts(data):
        close = [(sentence, m) for sentence in _sentences(text) if (m := comparer.closest(sentence))]
        if not close:
            continue
        sentence, match = max(close, key=lambda pair: pair[1].weight)
        locator = source.sections[match.section].heading
        findings.append(
            make_finding(
                "own-words",
                record,
                slug,
                _message(match, len(close)),
                text=sentence,
                passage=match.passage,
                locator=locator,
                suggestion="say it in your own words, or quote the source as a quote or evidence phrase",
                key=(text, match.passage),
            )
        )
    return findings


def _message(m: _Match, count: int) -> str:
    if m.run >= MIN_RUN:
        what = f"copies {m.run} words in a row from the source"
    else:
        what = (
            f"closely paraphrases the source ({m.words} content words shared in order, "
            f"{m.share:.0%} of the sentence; fuzzy score {m.fuzzy:.0f})"
        )
    more = f"; {count - 1} more sentence(s) of this text are close too" if count > 1 else ""
    return what + more


def _sentences(text: str) -> Iterator[str]:
    for paragraph in segmenter.analyze(text):
        for tokens in paragraph:
            if tokens:
                yield text[tokens[0].offset : tokens[-1].offset + len(tokens[-1].value)]


def _stem(word: str) -> str:
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            word = word[: -len(suffix)]
            break
    return word[:6]


def _names(data: Dataset) -> set[str]:
    names = {*_WORD.findall(data.work.title.lower()), *_WORD.findall(data.work.author.lower())}
    records: list[Character | Group | Place] = [*data.characters, *data.groups, *data.places]
    for r in records:
        for name in (r.name, *r.aliases):
            names.update(_WORD.findall(name.lower()))
    return names


class _Comparer:
    """The source's sentence windows, indexed by content word, with each word's rarity."""

    def __init__(self, data: Dataset, source: SourceText) -> None:
        self.names = _names(data)
        headings = {s.heading for s in source.sections}
        body = [s for s in source.sentences if s.text.strip() not in headings]
        self.windows: list[tuple[str, list[str], list[str], int]] = []
        for i, a in enumerate(body):
            self._add(a.text, a.section)
            if i + 1 < len(body) and body[i + 1].section == a.section:
                self._add(f"{a.text} {body[i + 1].text}", a.section)
        counts: Counter[str] = Counter()
        for s in body:
            counts.update(set(self.content(s.text)))
        total = len(body) + 1
        # A word found in a single sentence of the source weighs about 1; one in every sentence, 0.
        scale = math.log(total)
        self.rarity: defaultdict[str, float] = defaultdict(
            lambda: 1.0, {w: math.log(total / (n + 1)) / scale for w, n in counts.items()}
        )
        self.index: defaultdict[str, set[int]] = defaultdict(set)
        for i, (_, content, _, _) in enumerate(self.windows):
            for word in content:
                self.index[word].add(i)

    def _add(self, text: str, section: int) -> None:
        self.windows.append(
            (" ".join(text.split()), self.content(text), _WORD.findall(text.lower()), section)
        )

    def content(self, text: str) -> list[str]:
        words = [_POSSESSIVE.sub("", w) for w in _WORD.findall(text.lower())]
        return [_stem(w) for w in words if w not in _STOP and w not in self.names and len(w) > 2]

    def closest(self, sentence: str) -> _Match | None:
        """The source window this sentence is closest to, if close enough to flag."""
        content = self.content(sentence)
        words = _WORD.findall(sentence.lower())
        own = sum(self.rarity[w] for w in content)
        candidates: set[int] = set().union(*(self.index.get(w, set()) for w in content)) if content else set()
        flagged: list[tuple[int, _Match]] = []
        for i in candidates:
            text, theirs, their_words, section = self.windows[i]
            weight, shared = _ordered_overlap(content, theirs, self.rarity)
            run = _longest_run(words, their_words)
            fuzzy = fuzz.token_set_ratio(" ".join(content), " ".join(theirs))
            m = _Match(weight, shared, weight / own if own else 0.0, run, fuzzy, text, section)
            if _flagged(m):
                flagged.append((i, m))
        if not flagged:
            return None
        # The strongest match; of equals, the shorter window (one sentence), then the earlier one.
        return min(flagged, key=lambda p: (-p[1].run, -p[1].weight, len(p[1].passage), p[0]))[1]


def _flagged(m: _Match) -> bool:
    if m.run >= MIN_RUN:
        return True
    if m.words < MIN_WORDS:
        return False
    return (m.weight >= MIN_WEIGHT and m.share >= MIN_SHARE) or m.fuzzy >= MIN_FUZZY


def _ordered_overlap(ours: list[str], theirs: list[str], rarity: dict[str, float]) -> tuple[float, int]:
    """The heaviest common subsequence of two word lists: its weight and its length."""
    prev: list[tuple[float, int]] = [(0.0, 0)] * (len(theirs) + 1)
    for word in ours:
        cur: list[tuple[float, int]] = [(0.0, 0)]
        for j, other in enumerate(theirs, start=1):
            if word == other:
                w, n = prev[j - 1]
                cur.append((w + rarity[word], n + 1))
            else:
                cur.append(max(prev[j], cur[j - 1]))
        prev = cur
    return prev[-1]


def _longest_run(ours: Iterable[str], theirs: list[str]) -> int:
    best = 0
    prev: dict[int, int] = {}
    for word in ours:
        cur = {j: prev.get(j - 1, 0) + 1 for j, other in enumerate(theirs) if other == word}
        best = max(best, *cur.values()) if cur else best
        prev = cur
    return best
