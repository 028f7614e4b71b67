"""The relationship explorer in a real browser, checked against the GraphQL API it is drawn from.

Each test asks the API (over HTTP, as any client would) what the page should show, then reads what
the page shows: the Cytoscape.js instance the page exposes as ``window.explorer.cy``, and the DOM.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx2 as httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Shot
from tests.conftest import LIGHTHOUSE, NOVEL
from tests.serving import running

GRAPH = """
query ($asOf: String, $includePlaces: Boolean! = false) {
  works { slug title }
  graph(asOf: $asOf, includePlaces: $includePlaces) {
    nodes { slug label kind x y }
    edges { slug recordId revealed { slug } }
    kinds { kind }
  }
}"""

PATH = """
query ($from: String!, $to: String!, $kinds: [RelationshipKind!]) {
  shortestPath(from: $from, to: $to, kinds: $kinds) {
    __typename
    ... on Path {
      steps {
        from { slug }
        to { slug }
        relationships { id slug }
        placeLinks { id slug }
        evidence { text locator }
      }
    }
    ... on NoPath { reason message }
  }
}"""


def api(server: str, query: str, **variables: Any) -> dict[str, Any]:
    """Ask the server's GraphQL API; fail on any error."""
    body: dict[str, Any] = httpx.post(
        f"{server}/graphql", json={"query": query, "variables": variables}, timeout=10
    ).json()
    assert "errors" not in body, body["errors"]
    data: dict[str, Any] = body["data"]
    return data


def settle(page: Page, **view: Any) -> None:
    """Wait until the page has answered every request, showing the view asked for (if any)."""
    page.wait_for_function(
        """view => {
          const e = window.explorer;
          return e && e.status === "ready" && e.shown
            && Object.entries(view).every(([key, value]) => e.shown[key] === value);
        }""",
        arg=view,
    )


def open_explorer(page: Page, server: str, fragment: str = "") -> None:
    page.goto(f"{server}/explorer{fragment}")
    settle(page)


def js(page: Page, expression: str, arg: Any = None) -> Any:
    return page.evaluate(expression, arg)


def node_ids(page: Page, selector: str = "") -> set[str]:
    return set(js(page, "s => window.explorer.cy.nodes(s).map(n => n.id())", selector or "*"))


def edge_ids(page: Page, selector: str = "") -> set[str]:
    return set(js(page, "s => window.explorer.cy.edges(s).map(e => e.id())", selector or "*"))


def shown_edges(page: Page) -> list[dict[str, str]]:
    """Edges drawn on the map (their computed ``display`` style, which Cytoscape works out on demand)."""
    return list(
        js(
            page,
            """() => window.explorer.cy.edges()
                 .filter(e => e.style("display") !== "none")
                 .map(e => ({id: e.id(), kind: e.data("kind")}))""",
        )
    )


def click_node(page: Page, slug: str, *, shift: bool = False) -> None:
    """A real mouse click on the canvas, where Cytoscape drew the node."""
    box = page.locator("#graph").bounding_box()
    assert box is not None
    pos = js(page, "s => window.explorer.cy.getElementById(s).renderedPosition()", slug)
    assert 0 < pos["x"] < box["width"] and 0 < pos["y"] < box["height"], f"{slug} is off the map"
    if shift:
        page.keyboard.down("Shift")
    page.mouse.click(box["x"] + pos["x"], box["y"] + pos["y"])
    if shift:
        page.keyboard.up("Shift")


def test_draws_every_node_and_edge_of_the_default_work(page: Page, server: str, shot: Shot) -> None:
    data = api(server, GRAPH)
    open_explorer(page, server)
    expect(page.locator("h1")).to_have_text(data["works"][0]["title"])
    expect(page.locator("#work-field")).to_be_hidden()  # one work: no work selector
    nodes = data["graph"]["nodes"]
    assert node_ids(page) == {n["slug"] for n in nodes}
    assert edge_ids(page) == {e["slug"] for e in data["graph"]["edges"]}
    # The server's layout, as is: one scale for every node, y flipped for the screen.
    positions = js(
        page, "() => Object.fromEntries(window.explorer.cy.nodes().map(n => [n.id(), n.position()]))"
    )
    first = max(nodes, key=lambda n: abs(n["x"]))
    scale = positions[first["slug"]]["x"] / first["x"]
    assert scale > 0
    for n in nodes:
        assert positions[n["slug"]]["x"] == pytest.approx(n["x"] * scale, abs=1e-6)
        assert positions[n["slug"]]["y"] == pytest.approx(-n["y"] * scale, abs=1e-6)
    # The whole map is in view, and the legend has a toggle per kind present.
    extent = js(page, "() => window.explorer.cy.elements().renderedBoundingBox()")
    size = js(page, "() => [window.explorer.cy.width(), window.explorer.cy.height()]")
    assert extent["x1"] >= -1 and extent["y1"] >= -1
    assert extent["x2"] <= size[0] + 1 and extent["y2"] <= size[1] + 1
    legend = page.locator("#kind-legend input[type=checkbox]")
    expect(legend).to_have_count(len(data["graph"]["kinds"]))
    shot(page, "explorer-full")


def test_period_control_hides_later_relationships(page: Page, server: str) -> None:
    whole = api(server, GRAPH)["graph"]
    part_2 = api(server, GRAPH, asOf="part-2")["graph"]
    part_3 = {e["slug"] for e in whole["edges"] if e["revealed"]["slug"] == "part-3"}
    assert part_3, "the novel should reveal some relationships in part three"
    open_explorer(page, server)
    assert part_3 <= edge_ids(page)

    page.select_option("#period", "part-2")
    settle(page, asOf="part-2")
    shown = edge_ids(page)
    assert shown == {e["slug"] for e in part_2["edges"]}
    assert not shown & part_3
    assert node_ids(page) == {n["slug"] for n in part_2["nodes"]}
    expect(page.locator("#counts")).to_contain_text("Part Two")

    page.select_option("#period", "")
    settle(page, asOf="")
    assert part_3 <= edge_ids(page)


def test_clicking_kathy_opens_her_panel(page: Page, server: str, shot: Shot) -> None:
    kathy = api(
        server,
        """{ character(slug: "kathy-h") {
              name
              relationships(first: 100) { totalCount edges { node { evidence { text locator } } } }
              quotes(first: 50) { totalCount edges { node { text } } }
           } }""",
    )["character"]
    open_explorer(page, server)
    click_node(page, "kathy-h")
    panel = page.locator("#panel")
    expect(panel).to_be_visible()
    expect(page.locator("#panel-title")).to_have_text(kathy["name"])
    settle(page)
    assert node_ids(page, ".selected") == {"kathy-h"}

    quotes = panel.locator(".section-quotes .quote")
    expect(quotes).to_have_count(kathy["quotes"]["totalCount"])
    expect(quotes.locator("blockquote")).to_have_text(
        [f"“{e['node']['text']}”" for e in kathy["quotes"]["edges"]]
    )
    relationships = panel.locator(".section-relationships .relationship")
    expect(relationships).to_have_count(kathy["relationships"]["totalCount"])
    evidence = kathy["relationships"]["edges"][0]["node"]["evidence"][0]
    first = relationships.first
    expect(first.locator("blockquote").first).to_have_text(f"“{evidence['text']}”")
    expect(first.locator("cite").first).to_have_text(evidence["locator"])
    panel.locator(".section-quotes h3").evaluate("h => h.scrollIntoView({block: 'start'})")
    shot(page, "explorer-kathy")

    page.keyboard.press("Escape")
    expect(panel).to_be_hidden()
    assert node_ids(page, ".selected") == set()


def test_panel_keeps_to_the_period_and_the_link_restores_the_view(page: Page, server: str) -> None:
    part_1 = api(
        server,
        """{ character(slug: "kathy-h") {
              relationships(asOf: "part-1", first: 100) { totalCount }
              quotes(asOf: "part-1", first: 50) { totalCount }
           } }""",
    )["character"]
    whole = api(server, '{ character(slug: "kathy-h") { relationships(first: 100) { totalCount } } }')
    assert part_1["relationships"]["totalCount"] < whole["character"]["relationships"]["totalCount"]
    open_explorer(page, server, "#asOf=part-1&node=kathy-h")
    expect(page.locator("#period")).to_have_value("part-1")
    expect(page.locator("#panel-title")).to_have_text("Kathy H.")
    panel = page.locator("#panel")
    expect(panel.locator(".relationship")).to_have_count(part_1["relationships"]["totalCount"])
    expect(panel.locator(".quote")).to_have_count(part_1["quotes"]["totalCount"])
    # Moving on in the story asks again, with the later relationships.
    page.select_option("#period", "")
    settle(page, asOf="")
    expect(panel.locator(".relationship")).to_have_count(whole["character"]["relationships"]["totalCount"])
    assert "node=kathy-h" in page.url and "asOf" not in page.url


def highlighted(page: Page) -> tuple[set[str], set[str]]:
    return node_ids(page, ".on-path"), edge_ids(page, ".on-path")


def expected_path(server: str, start: str, end: str, **variables: Any) -> dict[str, Any]:
    result: dict[str, Any] = api(server, PATH, **{"from": start, "to": end, **variables})["shortestPath"]
    return result


def path_elements(result: dict[str, Any]) -> tuple[set[str], set[str]]:
    steps = result["steps"]
    nodes = {s["from"]["slug"] for s in steps} | {s["to"]["slug"] for s in steps}
    edges = {link["slug"] for s in steps for link in s["relationships"] + s["placeLinks"]}
    return nodes, edges


def test_path_between_two_characters_is_highlighted_with_evidence(
    page: Page, server: str, shot: Shot
) -> None:
    path = expected_path(server, "ruths-possible", "miss-lucy")
    assert path["__typename"] == "Path" and len(path["steps"]) >= 2
    open_explorer(page, server)
    page.select_option("#path-from", "ruths-possible")
    page.select_option("#path-to", "miss-lucy")
    page.get_by_role("button", name="Show path").click()
    steps = page.locator("#panel .steps > li")
    expect(steps).to_have_count(len(path["steps"]))
    settle(page)
    assert highlighted(page) == path_elements(path)
    # Everything off the path is faded; every step lists its evidence, verbatim with its locator.
    assert edge_ids(page, ".faded") == edge_ids(page) - path_elements(path)[1]
    for step, item in zip(path["steps"], steps.all(), strict=True):
        for evidence in step["evidence"]:
            quote = item.locator(".evidence li").filter(has_text=evidence["text"])
            expect(quote.locator("cite")).to_have_text(evidence["locator"])
    shot(page, "explorer-path")
    page.get_by_role("button", name="Fit to screen").click()
    shot(page, "explorer-path-whole-map")

    # Clearing removes the highlight.
    page.locator("#path-clear").click()
    assert highlighted(page) == (set(), set())
    assert edge_ids(page, ".faded") == set()


def test_shift_clicking_two_nodes_shows_their_path(page: Page, server: str) -> None:
    path = expected_path(server, "chrissie", "miss-lucy")
    assert path["__typename"] == "Path"
    open_explorer(page, server)
    click_node(page, "chrissie", shift=True)
    click_node(page, "miss-lucy", shift=True)
    expect(page.locator("#panel-title")).to_have_text("Path: Chrissie → Miss Lucy")
    settle(page)
    assert highlighted(page) == path_elements(path)


def test_no_path_shows_the_reason(page: Page, server: str) -> None:
    expected = expected_path(server, "kathy-h", "madame", kinds=["FRIENDSHIP"])
    assert expected["__typename"] == "NoPath"
    open_explorer(page, server)
    page.get_by_role("button", name="Hide all").click()
    page.locator("#kind-friendship").check()
    assert {e["kind"] for e in shown_edges(page)} == {"friendship"}
    page.select_option("#path-from", "kathy-h")
    page.select_option("#path-to", "madame")
    page.get_by_role("button", name="Show path").click()
    no_path = page.locator("#panel .no-path")
    expect(no_path).to_contain_text(expected["reason"])
    expect(no_path).to_contain_text(expected["message"])
    settle(page)
    assert highlighted(page) == (set(), set())
    assert node_ids(page, ".path-end") == {"kathy-h", "madame"}


def test_search_finds_a_character_despite_a_typo(page: Page, server: str) -> None:
    hits = api(server, '{ search(text: "tomy") { node { __typename ... on Entity { slug name } } } }')[
        "search"
    ]
    best = next(h["node"] for h in hits if h["node"]["__typename"] == "Character")
    open_explorer(page, server)
    page.get_by_label("Search").fill("tomy")
    page.get_by_label("Search").press("Enter")
    expect(page.locator("#panel-title")).to_have_text(best["name"])
    settle(page)
    assert node_ids(page, ".selected") == {best["slug"]}
    # The node is framed on the map.
    pos = js(page, "s => window.explorer.cy.getElementById(s).renderedPosition()", best["slug"])
    width, height = js(page, "() => [window.explorer.cy.width(), window.explorer.cy.height()]")
    assert 0 < pos["x"] < width and 0 < pos["y"] < height


def test_phone_width_stacks_without_horizontal_scroll(phone: Page, server: str, shot: Shot) -> None:
    data = api(server, GRAPH)
    open_explorer(phone, server)
    assert js(phone, "() => document.documentElement.scrollWidth") <= 390
    graph = phone.locator("#graph").bounding_box()
    assert graph is not None and graph["width"] >= 380 and graph["height"] >= 300
    assert node_ids(phone) == {n["slug"] for n in data["graph"]["nodes"]}
    # The whole map fits the phone's width.
    extent = js(phone, "() => window.explorer.cy.elements().renderedBoundingBox()")
    assert extent["x1"] >= -1 and extent["x2"] <= graph["width"] + 1
    for control in ("#period", "#size-by", "#search", "#node-list"):
        box = phone.locator(control).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, control
        assert box["y"] + box["height"] <= graph["y"], f"{control} should sit above the map"
    phone.locator("#graph").scroll_into_view_if_needed()
    shot(phone, "explorer-phone")

    # Tapping a node on the map opens its panel, stacked under the map.
    click_node(phone, "kathy-h")
    panel = phone.locator("#panel")
    expect(panel.locator(".section-quotes")).to_be_visible()
    settle(phone)
    graph = phone.locator("#graph").bounding_box()
    box = panel.bounding_box()
    assert graph is not None and box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390
    assert box["y"] >= graph["y"] + graph["height"] - 1, "the panel should stack under the map"
    assert js(phone, "() => document.documentElement.scrollWidth") <= 390
    panel.evaluate("panel => panel.scrollIntoView({block: 'start'})")
    shot(phone, "explorer-phone-panel")


def tab_to(page: Page, element_id: str, limit: int = 40) -> None:
    """Press Tab until the element has focus; fail if it never gets it."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if js(page, "() => document.activeElement && document.activeElement.id") == element_id:
            return
    pytest.fail(f"Tab never reached #{element_id}")


def test_keyboard_reaches_and_operates_the_controls(page: Page, server: str) -> None:
    with_places = api(server, GRAPH, includePlaces=True)["graph"]
    open_explorer(page, server)
    tab_to(page, "places")
    outline = js(page, "() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline not in ("", "none"), "focus should be visible"
    page.keyboard.press("Space")
    settle(page, includePlaces=True)
    assert node_ids(page) == {n["slug"] for n in with_places["nodes"]}

    tab_to(page, "node-list")
    page.keyboard.press("ArrowDown")  # a closed select takes the next option
    expect(page.locator("#panel-title")).to_have_text(with_places["nodes"][0]["label"])
    settle(page)
    page.keyboard.press("Escape")
    expect(page.locator("#panel")).to_be_hidden()
    assert js(page, "() => document.activeElement.id") == "node-list"

    tab_to(page, "kinds-none")
    page.keyboard.press("Enter")
    assert shown_edges(page) == []
    page.keyboard.press("Shift+Tab")
    assert js(page, "() => document.activeElement.id") == "kinds-all"
    page.keyboard.press("Space")
    assert {e["id"] for e in shown_edges(page)} == {e["slug"] for e in with_places["edges"]}


def test_api_errors_show_a_banner(page: Page, server: str) -> None:
    answer = {
        "data": None,
        "errors": [{"message": "the data is being reloaded", "extensions": {"code": "UNAVAILABLE"}}],
    }
    page.route(
        "**/graphql",
        lambda route: route.fulfill(status=200, content_type="application/json", body=json.dumps(answer)),
    )
    page.goto(f"{server}/explorer")
    banner = page.get_by_role("alert")
    expect(banner).to_be_visible()
    expect(banner).to_contain_text("the data is being reloaded [UNAVAILABLE]")
    expect(page.locator("h1")).to_be_visible()
    assert js(page, "() => window.explorer.status") == "ready"


@pytest.fixture(scope="module")
def two_works() -> Iterator[str]:
    """A second server with two works, for the work selector."""
    with running(f"{NOVEL},{LIGHTHOUSE}") as url:
        yield url


def test_work_selector_switches_work(page: Page, two_works: str) -> None:
    graph = """query ($work: String) { graph(work: $work) { nodes { slug } } works { slug title } }"""
    data = api(two_works, graph, work="carrow-point")
    open_explorer(page, two_works)
    select = page.get_by_label("Work")
    expect(select).to_be_visible()
    expect(select.locator("option")).to_have_text([w["title"] for w in data["works"]])
    select.select_option("carrow-point")
    settle(page, work="carrow-point")
    expect(page.locator("h1")).to_have_text("The Keepers of Carrow Point")
    assert node_ids(page) == {n["slug"] for n in data["graph"]["nodes"]}
    expect(page.locator("#period option")).to_have_count(3)  # the whole story and two acts
