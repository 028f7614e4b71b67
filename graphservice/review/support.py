"""Support: does each evidence phrase of a relationship, membership or place link show its claim?

An evidence phrase stands in a source sentence. That sentence must mention both ends of the
claim, by name, alias or a pronoun the sentence (or the one before it) resolves (see names.py).
A *group* end may instead be named by the kind's cue from graphservice/cues.py ("one who tends
to donors" names the carers through the care cue "tend"). A person is named by a cue only when
the cue is a role noun naming them, a determiner or possessive just before it ("her "original"",
"a carer"): "eventually confronting Ruth" carries the conflict cue but does not say who confronts.
A sentence that mentions both ends may still be cut badly: when the phrase stops before an end
that the sentence names only after it, or (for a relationship) before the kind's cue that the
sentence gives later ("... treat the Hailsham students" without "with a mixture of curiosity and
condescension"), the finding suggests the whole sentence. In a phrase quoted from a character's
line, "I" names the quote's speaker and "you" its addressees.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from graphservice.cues import KIND_CUES, cues_in
from graphservice.model import Dataset, Evidence, membership_slug
from graphservice.review.findings import Finding, make_finding
from graphservice.review.names import Entity, mentions
from graphservice.review.source import SourceText
from graphservice.vocabulary import RelationshipKind

__all__ = ["Claim", "claims", "support"]

_QUOTES = '"\u201c\u201d\u2018\u2019 '
_DETERMINER = re.compile(r"\b(?:a|an|the|her|his|their|its|my|your|our)\b", re.IGNORECASE)


@dataclass(frozen=True, slots=True)
class Claim:
    """One evidence phrase and what it is cited for: two ends and, for a relationship, its kind."""

    record: str
    slug: str
    ends: tuple[str, str]
    kind: RelationshipKind | None
    """The relationship kind (MEMBERSHIP for a membership), None for a place link."""
    evidence: Evidence


def claims(data: Dataset) -> Iterator[Claim]:
    """Every evidence phrase of a relationship, membership or place link, with its claim."""
    for i, r in enumerate(data.relationships):
        for k, e in enumerate(r.evidence):
            yield Claim(
                f"relationships[{i}] '{r.slug}'.evidence[{k}]", r.slug, (r.source, r.target), r.kind, e
            )
    for i, c in enumerate(data.characters):
        for j, m in enumerate(c.memberships):
            slug = membership_slug(c.slug, m.group)
            for k, e in enumerate(m.evidence):
                record = f"characters[{i}] '{c.slug}'.memberships[{j}].evidence[{k}]"
                yield Claim(record, slug, (c.slug, m.group), RelationshipKind.MEMBERSHIP, e)
    for i, pl in enumerate(data.place_links):
        for k, e in enumerate(pl.evidence):
            yield Claim(
                f"place_links[{i}] '{pl.slug}'.evidence[{k}]", pl.slug, (pl.character, pl.place), None, e
            )


def support(data: Dataset, source: SourceText, known: dict[str, Entity]) -> list[Finding]:
    """A finding for each evidence phrase whose sentence does not show its claim, or that is cut
    before (or after) the part of its sentence that does."""
    findings: list[Finding] = []
    for claim in claims(data):
        if not all(end in known for end in claim.ends):
            continue
        voices = _voices(data, claim.evidence.text)
        finding = _check(claim, source, [known[end] for end in claim.ends], voices)
        if finding is not None:
            findings.append(finding)
    return findings


_FIRST = re.compile(r"\b(?:I|me|my|mine|myself|we|us|our|ours)\b")
_SECOND = re.compile(r"\b(?:you|your|yours|yourself)\b", re.IGNORECASE)


def _voices(data: Dataset, phrase: str) -> dict[str, re.Pattern[str]]:
    """In a phrase taken from a quote, "I" is its speaker and "you" whom it is spoken to: the
    pronoun that names each of them, by slug."""
    bare = " ".join(phrase.split())
    found: dict[str, re.Pattern[str]] = {}
    for quote in data.quotes:
        texts = [quote.text, *quote.variants]
        if not any(bare in " ".join(text.split()) for text in texts):
            continue
        for attribution in quote.attributions:
            found[attribution.speaker] = _FIRST
        for addressee in quote.addressees:
            found.setdefault(addressee, _SECOND)
    return found


def _check(
    claim: Claim, source: SourceText, ends: Sequence[Entity], voices: dict[str, re.Pattern[str]]
) -> Finding | None:
    span = source.find(claim.evidence.text, claim.evidence.locator)
    if span is None:
        return None  # `validate --source` reports a phrase that is not in the source
    sentences = source.sentences_in(*span)
    if not sentences:
        return None
    first, last = sentences[0], sentences[-1]
    sentence = source.text[first.start : last.end]
    before = prev.text if (prev := source.previous(first)) else ""
    lo, hi = span[0] - first.start, span[1] - first.start
    cues = KIND_CUES.get(claim.kind, ()) if claim.kind else ()
    cued = bool(cues_in(sentence, cues)) if cues else False

    missing: list[str] = []
    left_out: list[str] = []
    for end in ends:
        voice = voices.get(end.slug)
        if voice is not None and voice.search(claim.evidence.text):
            continue  # a quoted line: "I" is its speaker, "you" its addressee
        found = mentions(end, sentence, before)
        if not found:
            if not ((end.kind == "group" and cued) or _role_noun(sentence, cues)):
                missing.append(end.name)
            continue
        inside = any(m.start < hi and m.end > lo for m in found)
        if not inside and any(m.start >= hi and not m.pronoun for m in found):
            left_out.append(end.name)
    late_cue = ""
    if claim.kind not in (None, RelationshipKind.MEMBERSHIP) and not cues_in(sentence[lo:hi], cues):
        later = cues_in(sentence[hi:], cues)
        late_cue = later[0] if later else ""
    if not (missing or left_out or late_cue):
        return None
    return _finding(claim, source, first.section, sentence, missing, left_out, late_cue)


def _role_noun(sentence: str, cues: Sequence[str]) -> bool:
    """Whether the sentence uses one of ``cues`` as a noun naming someone ("her "original"", "a
    carer"): the cue right after a determiner or a possessive."""
    if not cues:
        return False
    for m in _DETERMINER.finditer(sentence):
        after = sentence[m.end() :].lstrip(_QUOTES).lower()
        if any(after.startswith(hit) for hit in cues_in(after[:40], cues)):
            return True
    return False


def _finding(
    claim: Claim,
    source: SourceText,
    section: int,
    sentence: str,
    missing: list[str],
    left_out: list[str],
    late_cue: str,
) -> Finding:
    problems: list[str] = []
    if missing:
        what = " or ".join(f"'{name}'" for name in missing)
        problems.append(f"its sentence never mentions {what} (by name, alias or a pronoun it resolves)")
    if left_out:
        problems.append("the phrase leaves out " + " and ".join(f"'{n}'" for n in left_out))
    if late_cue:
        problems.append(f"the phrase stops before the claim's cue '{late_cue}'")
    kind = claim.kind.value if claim.kind else "place link"
    message = f"evidence does not show the {kind}: " + "; ".join(problems)
    if missing:
        suggestion = "cite a passage that names both ends, or drop the claim if the source does not make it"
    else:
        suggestion = f"cite the whole sentence: {' '.join(sentence.split())}"
    return make_finding(
        "support",
        claim.record,
        claim.slug,
        message,
        text=claim.evidence.text,
        passage=" ".join(sentence.split()),
        locator=source.sections[section].heading,
        suggestion=suggestion,
        key=(claim.evidence.text, kind),
    )
