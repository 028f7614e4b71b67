"""GraphiQL in a real browser: served whole by this server, runs a query typed into its editor."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

from tests.browser.conftest import Shot


def test_renders_offline_with_example_and_explorer(page: Page, server: str, shot: Shot) -> None:
    page.goto(f"{server}/graphql")
    editor = page.locator(".graphiql-query-editor .CodeMirror")
    expect(editor).to_contain_text("query ($who")
    expect(editor).to_contain_text("kathy-h")
    # The explorer plugin's button is in the sidebar, and opens its panel.
    page.get_by_role("button", name="Show GraphiQL Explorer").click()
    expect(page.locator(".graphiql-explorer-root")).to_be_visible()
    # The headers editor starts with the GraphQL-over-HTTP media type.
    page.locator(".graphiql-editor-tools").get_by_text("Headers").click()
    expect(page.locator(".graphiql-editor-tool .CodeMirror").last).to_contain_text(
        "application/graphql-response+json"
    )
    shot(page, "graphiql-example")


def test_runs_a_typed_query_and_shows_the_result(page: Page, server: str, shot: Shot) -> None:
    page.goto(f"{server}/graphql")
    editor = page.locator(".graphiql-query-editor .CodeMirror")
    expect(editor).to_contain_text("query ($who")
    editor.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    # insert_text types the characters as input, without the editor's bracket auto-closing.
    page.keyboard.insert_text('{ character(slug: "ruth-c") { name roles } }')
    # The page mirrors the editor into the URL once GraphiQL has taken the edit; run only then, so
    # the run cannot race the editor and send the example instead.
    expect(page).to_have_url(re.compile(r"query=.*ruth-c"))
    page.keyboard.press("Control+Enter")
    result = page.locator(".graphiql-response")
    expect(result).to_contain_text('"name": "Ruth C."', timeout=10_000)
    expect(result).not_to_contain_text('"errors"')
    shot(page, "graphiql-typed-query")
