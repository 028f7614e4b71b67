"""A page from another origin (a dev server on another port) calls the API with stock settings:
the preflight passes with Apollo's client headers and the answer is readable (issue 12)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from playwright.sync_api import Page
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

PAGE = """<!doctype html><html><body><pre id="out">waiting</pre><script>
fetch(new URLSearchParams(location.search).get("api") + "/graphql", {
  method: "POST",
  headers: {
    "content-type": "application/json",
    "accept": "application/graphql-response+json,application/json;q=0.9",
    "apollographql-client-name": "reading-companion",
    "apollographql-client-version": "1.0.0",
  },
  body: JSON.stringify({ query: 'query Kathy { character(slug: "kathy-h") { id name } }' }),
}).then((r) => r.json())
  .then((body) => { document.getElementById("out").textContent = body.data.character.name; })
  .catch((err) => { document.getElementById("out").textContent = "failed: " + err; });
</script></body></html>"""


@pytest.fixture
def other_origin() -> Iterator[str]:
    async def page(request: object) -> HTMLResponse:
        return HTMLResponse(PAGE)

    config = uvicorn.Config(
        Starlette(routes=[Route("/", page)]), host="127.0.0.1", port=0, log_level="warning"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(10)


def test_a_page_of_another_origin_reads_the_api(page: Page, server: str, other_origin: str) -> None:
    assert other_origin.rsplit(":", 1)[1] != server.rsplit(":", 1)[1]  # two origins
    page.goto(f"{other_origin}/?api={server}")
    page.wait_for_function("() => document.getElementById('out').textContent !== 'waiting'")
    assert page.text_content("#out") == "Kathy H."
