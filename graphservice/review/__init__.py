"""The review: what a careful reader would flag in a data file, read against its source text.

``review(dataset, source_text)`` runs every rule and returns the findings, each marked with the
curator's reason when the data file accepts it (its ``review`` list), plus a `stale` finding for
each acceptance that no longer matches anything. The rules, one module each:

- ``support`` (severe): evidence that does not show its relationship, membership or place link;
- ``time`` (severe, clocks.py): `revealed`/`holds` at odds with each other or with the source;
- ``disputes`` (severe): a note that claims a dispute the record's evidence does not keep;
- ``own-words``: curated text that copies or closely paraphrases the source;
- ``coverage``: names and quoted passages of the source that the file never uses.

Plain functions of the model and the text: no GraphQL, no HTTP. report.py renders the findings
for the terminal and page.py as an HTML page.
"""

from __future__ import annotations

from graphservice.model import Dataset
from graphservice.review.clocks import time_findings
from graphservice.review.coverage import coverage
from graphservice.review.disputes import disputes
from graphservice.review.findings import RULES, SEVERE_RULES, Finding, Rule, apply_acceptances
from graphservice.review.names import entities
from graphservice.review.own_words import own_words
from graphservice.review.source import read_source
from graphservice.review.support import support

__all__ = ["RULES", "SEVERE_RULES", "Finding", "Rule", "review"]


def review(dataset: Dataset, source_text: str) -> list[Finding]:
    """Every finding of every rule on ``dataset`` read against ``source_text``, severe rules
    first, each marked with its acceptance (if any)."""
    source = read_source(source_text, dataset)
    known = entities(dataset)
    found = [
        *support(dataset, source, known),
        *time_findings(dataset, source, known),
        *disputes(dataset),
        *own_words(dataset, source),
        *coverage(dataset, source),
    ]
    return apply_acceptances(found, dataset.review)
