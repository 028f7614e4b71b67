"""The review as text for the terminal: a summary line, then the findings grouped by rule."""

from __future__ import annotations

import textwrap
from collections import Counter
from collections.abc import Sequence

from graphservice.review.findings import RULES, Finding

__all__ = ["render_text", "shown", "summary"]

_WIDTH = 100


def shown(findings: Sequence[Finding], *, everything: bool = False) -> list[Finding]:
    """The findings a report shows: the unaccepted ones, or (``everything``) all of them."""
    return [f for f in findings if everything or f.accepted is None]


def summary(findings: Sequence[Finding]) -> str:
    """One line: how many findings of each rule are open, and how many are accepted."""
    open_ = Counter(f.rule for f in findings if f.accepted is None)
    accepted = sum(1 for f in findings if f.accepted is not None)
    severe = sum(1 for f in findings if f.accepted is None and f.severe)
    parts = [f"{open_[rule]} {rule}" for rule in RULES if open_[rule]]
    counts = ", ".join(parts) if parts else "none"
    return f"{sum(open_.values())} finding(s) ({severe} severe): {counts}; {accepted} accepted"


def render_text(name: str, findings: Sequence[Finding], *, everything: bool = False) -> str:
    """The report for ``name`` (the data file) as plain text."""
    lines = [f"{name}: {summary(findings)}"]
    chosen = shown(findings, everything=everything)
    for rule in RULES:
        of_rule = [f for f in chosen if f.rule == rule]
        if not of_rule:
            continue
        severity = "severe" if of_rule[0].severe else "not severe"
        lines += ["", f"== {rule} ({severity}): {len(of_rule)}"]
        for f in of_rule:
            lines += _finding(f)
    return "\n".join(lines) + "\n"


def _finding(f: Finding) -> list[str]:
    mark = " [accepted]" if f.accepted is not None else ""
    lines = ["", f"- {f.id}{mark}", f"  {f.record}", *_wrap(f.message, "  ", "  ")]
    if f.text:
        lines += _wrap(f.text, "  data:     ")
    if f.passage:
        lines += _wrap(f.passage, "  source:   ")
        if f.locator and f.locator != f.passage:
            lines += _wrap(f.locator, "  under:    ")
    if f.suggestion:
        lines += _wrap(f.suggestion, "  fix:      ")
    if f.accepted is not None:
        lines += _wrap(f.accepted, "  accepted: ")
    return lines


def _wrap(text: str, first: str, rest: str = " " * 12) -> list[str]:
    return textwrap.wrap(
        " ".join(text.split()),
        _WIDTH,
        initial_indent=first,
        subsequent_indent=rest,
        break_on_hyphens=False,
    ) or [first.rstrip()]
