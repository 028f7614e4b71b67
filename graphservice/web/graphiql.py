"""The GraphiQL playground page: GraphiQL 3 with the explorer plugin, its libraries from
:mod:`graphservice.web.assets`, pre-filled with an example query about the default work.

Strawberry's own page loads everything from a CDN and opens on a generic comment; this one is built
once per app, from the data it serves.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources

from graphservice.catalog import LoadedWork
from graphservice.web.assets import AssetSource

__all__ = ["DEFAULT_HEADERS", "example_query", "graphiql_page"]

DEFAULT_HEADERS = {"Accept": "application/graphql-response+json, application/json"}
"""Headers the playground's header editor starts with: ask for the GraphQL-over-HTTP media type."""

_QUERY = """\
# The playground for graphservice. {title}
#
# Run this query with Ctrl-Enter (or the play button). The Explorer on the left builds queries by
# ticking fields; Docs lists every type, field and argument with what it means. Set $asOf to a
# period (e.g. "{first_period}") to see only what a reader knows by the end of it: no spoilers.
query ($who: String! = "{who}", $other: String! = "{other}", $asOf: String) {{
  character(slug: $who) {{
    name
    description
    quotes(first: 3) {{ edges {{ node {{ text addressees {{ name }} }} }} }}
  }}
  neighbours(of: $who, asOf: $asOf, first: 10) {{
    totalCount
    edges {{ node {{ distance node {{ name }} relationships {{ kind evidence {{ text locator }} }} }} }}
  }}
  shortestPath(from: $who, to: $other, asOf: $asOf) {{
    ... on Path {{
      length
      steps {{ from {{ name }} to {{ name }} relationship {{ kind }} evidence {{ text }} }}
    }}
    ... on NoPath {{ reason message }}
  }}
}}
"""


def example_query(work: LoadedWork) -> str:
    """An example about the work's two best-connected characters (most relationships, file order
    breaking ties). Degree, not the analytics: the page is built at start-up, and a large work
    computes its analytics only when first asked."""
    slugs = sorted(work.characters, key=lambda slug: -work.graph.degree(slug))[:2]
    who, other = (slugs + slugs + ["", ""])[:2]
    first_period = next(iter(work.periods), "")
    return _QUERY.format(
        title=f"Serving: {work.data.work.title}.", who=who, other=other, first_period=first_period
    )


@cache
def _template() -> str:
    return resources.files("graphservice.web").joinpath("static/graphiql.html").read_text("utf-8")


def graphiql_page(assets: AssetSource, work: LoadedWork) -> str:
    """The playground's HTML."""
    config = {
        "exampleQuery": example_query(work),
        "exampleVariables": "",
        "defaultHeaders": json.dumps(DEFAULT_HEADERS, indent=2),
    }
    # In a <script> block, "</" would end the block early; JSON allows "<\/" for it.
    config_json = json.dumps(config).replace("</", "<\\/")
    styles = "\n    ".join(assets.tag(n) for n in ("graphiql-css", "explorer-plugin-css"))
    scripts = "\n    ".join(assets.tag(n) for n in ("react", "react-dom", "graphiql", "explorer-plugin"))
    return (
        _template()
        .replace("{{styles}}", styles)
        .replace("{{config}}", config_json)
        .replace("{{scripts}}", scripts)
    )
