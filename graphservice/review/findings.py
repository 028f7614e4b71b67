"""Findings: what the review flags, with a stable id a data file can accept with a reason.

A finding's id is ``rule:slug:hash``: the rule, the slug of the record it is about, and a short hash
of the field it is in (without list positions) and the texts it flags. It does not change between
runs, nor when records are reordered; it changes when the flagged text does, so an acceptance
lapses (and is reported as stale) once the text it accepted is gone.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from graphservice.model import AcceptedFinding

__all__ = [
    "RULES",
    "SEVERE_RULES",
    "Finding",
    "Rule",
    "apply_acceptances",
    "field_of",
    "make_finding",
]

Rule = Literal["support", "time", "disputes", "own-words", "coverage", "stale"]
RULES: tuple[Rule, ...] = ("support", "time", "disputes", "own-words", "coverage", "stale")
SEVERE_RULES: frozenset[Rule] = frozenset({"support", "time", "disputes"})

_POSITION = re.compile(r"\[\d+\](?: '[^']*')?")


@dataclass(frozen=True, slots=True)
class Finding:
    """One thing a careful reader would flag in a data file."""

    id: str
    rule: Rule
    record: str
    """The record and field as `validate` names them: ``relationships[3] 'a-b'.evidence[0]``."""
    slug: str
    """The slug of the record the finding is about (the work's slug for the source's coverage)."""
    message: str
    """What is wrong, in a sentence."""
    text: str = ""
    """The data file's text that is flagged (a description, an evidence phrase), if any."""
    passage: str = ""
    """The source passage the finding is read against, if any."""
    locator: str = ""
    """The heading of the section the passage stands under."""
    suggestion: str = ""
    """A suggested fix."""
    accepted: str | None = None
    """The curator's reason, when the data file accepts the finding."""

    @property
    def severe(self) -> bool:
        """Whether the finding is of a severe kind (support, time, disputes)."""
        return self.rule in SEVERE_RULES


def field_of(record: str) -> str:
    """A record path without list positions and slugs: ``relationships.evidence``."""
    return _POSITION.sub("", record)


def make_finding(
    rule: Rule,
    record: str,
    slug: str,
    message: str,
    *,
    text: str = "",
    passage: str = "",
    locator: str = "",
    suggestion: str = "",
    key: Sequence[str] = (),
) -> Finding:
    """Build a finding; its id hashes the field, ``key`` (default: the flagged text and passage)."""
    parts = [field_of(record), *(key or (text, passage))]
    digest = hashlib.sha256("\x1f".join(" ".join(p.split()) for p in parts).encode()).hexdigest()[:8]
    return Finding(f"{rule}:{slug}:{digest}", rule, record, slug, message, text, passage, locator, suggestion)


def apply_acceptances(findings: Iterable[Finding], accepted: Sequence[AcceptedFinding]) -> list[Finding]:
    """Mark the findings the data file accepts with their reasons, and add a `stale` finding for
    each acceptance that matches no finding."""
    reasons = {a.finding: a.reason for a in accepted}
    result = [replace(f, accepted=reasons.get(f.id)) for f in findings]
    current = {f.id for f in result}
    for i, a in enumerate(accepted):
        if a.finding in current:
            continue
        slug = a.finding.split(":")[1] if a.finding.count(":") >= 2 else "review"
        result.append(
            make_finding(
                "stale",
                f"review[{i}]",
                slug,
                f"accepted finding '{a.finding}' matches no current finding",
                text=a.reason,
                suggestion="remove this entry: the text it accepted has changed or the finding is fixed",
                key=(a.finding,),
            )
        )
    return result
