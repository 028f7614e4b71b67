"""The review as one self-contained HTML page (inline style, no scripts, nothing fetched).

Every text from the data file or the source is escaped, so a quote that contains ``<script>`` or
an ampersand shows as written.
"""

from __future__ import annotations

from collections.abc import Sequence
from html import escape

from graphservice.review.findings import RULES, Finding
from graphservice.review.report import shown, summary

__all__ = ["render_html"]

_STYLE = """
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; }
h1 { font-size: 1.4rem; } h2 { font-size: 1.15rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
.finding { border-left: 4px solid #999; padding: .4rem .8rem; margin: .8rem 0; background: #fafafa; }
.severe { border-left-color: #b3261e; } .accepted { opacity: .7; border-left-color: #2e7d32; }
.id { font-family: ui-monospace, monospace; font-size: .85rem; color: #555; }
dl { display: grid; grid-template-columns: 7rem 1fr; gap: .2rem .8rem; margin: .4rem 0 0; }
dt { font-weight: 600; color: #555; } dd { margin: 0; }
blockquote { margin: 0; font-style: italic; }
"""


def render_html(name: str, findings: Sequence[Finding], *, everything: bool = False) -> str:
    """The report for ``name`` (the data file) as a complete HTML document."""
    chosen = shown(findings, everything=everything)
    body = [f"<h1>Review of {escape(name)}</h1>", f"<p>{escape(summary(findings))}</p>"]
    for rule in RULES:
        of_rule = [f for f in chosen if f.rule == rule]
        if of_rule:
            severity = "severe" if of_rule[0].severe else "not severe"
            body.append(f'<h2 id="{rule}">{escape(rule)} ({severity}): {len(of_rule)}</h2>')
            body += [_finding(f) for f in of_rule]
    if not chosen:
        body.append("<p>Nothing to show.</p>")
    return (
        "<!DOCTYPE html>\n"
        '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>Review of {escape(name)}</title>\n<style>{_STYLE}</style>\n</head>\n<body>\n"
        + "\n".join(body)
        + "\n</body>\n</html>\n"
    )


def _finding(f: Finding) -> str:
    classes = ["finding", *(["severe"] if f.severe else []), *(["accepted"] if f.accepted else [])]
    rows = [("record", escape(f.record)), ("problem", escape(f.message))]
    if f.text:
        rows.append(("data", f"<blockquote>{escape(f.text)}</blockquote>"))
    if f.passage:
        where = f" <small>(under {escape(f.locator)})</small>" if f.locator and f.locator != f.passage else ""
        rows.append(("source", f"<blockquote>{escape(f.passage)}</blockquote>{where}"))
    if f.suggestion:
        rows.append(("fix", escape(f.suggestion)))
    if f.accepted is not None:
        rows.append(("accepted", escape(f.accepted)))
    items = "".join(f"<dt>{label}</dt><dd>{value}</dd>" for label, value in rows)
    return (
        f'<section class="{" ".join(classes)}" id="{escape(f.id)}">'
        f'<div class="id">{escape(f.id)}</div><dl>{items}</dl></section>'
    )
