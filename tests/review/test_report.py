"""report.py and page.py: the findings as terminal text and as one escaped HTML page."""

from __future__ import annotations

from dataclasses import replace

from graphservice.review import review
from graphservice.review.findings import make_finding
from graphservice.review.page import render_html
from graphservice.review.report import render_text, summary

from .conftest import SOURCE, read

FINDINGS = review(read("support-trips.yaml").data, SOURCE.read_text(encoding="utf-8"))


def test_the_text_report_groups_findings_by_rule_with_record_passage_and_fix() -> None:
    text = render_text("support-trips.yaml", FINDINGS)
    assert text.startswith("support-trips.yaml: 7 finding(s) (4 severe): 4 support, 3 coverage; 0 accepted\n")
    assert "\n== support (severe): 4\n" in text
    assert "\n== coverage (not severe): 3\n" in text
    assert "\n- support:silas-crane-ada-stone-manipulation:c74a5b3c\n" in text
    assert "  relationships[0] 'silas-crane-ada-stone-manipulation'.evidence[0]\n" in text
    assert "  fix:      cite the whole sentence: Ada teaches Ben" in text
    assert "  under:    Part One: The Island\n" in text


def test_accepted_findings_are_shown_only_when_asked() -> None:
    accepted = [replace(f, accepted="Read so.") if f.rule == "coverage" else f for f in FINDINGS]
    assert summary(accepted) == "4 finding(s) (4 severe): 4 support; 3 accepted"
    assert "coverage" not in render_text("x", accepted).split("\n", 1)[1]
    everything = render_text("x", accepted, everything=True)
    assert "[accepted]" in everything
    assert "  accepted: Read so.\n" in everything


def test_the_html_page_is_self_contained_and_escapes_every_text() -> None:
    nasty = make_finding(
        "own-words",
        "characters[0] 'x'.description",
        "x",
        "copies <b>",
        text='<script>alert("x")</script> & more',
        passage="a < b",
    )
    page = render_html("<file>.yaml", [*FINDINGS, nasty])
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; more" in page
    assert "Review of &lt;file&gt;.yaml" in page
    assert "a &lt; b" in page
    assert "http" not in page  # nothing is fetched
    assert 'class="finding severe"' in page
