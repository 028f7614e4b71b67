"""The relationship explorer in a real browser, checked against the GraphQL API it is drawn from.

Each test asks the API (over HTTP, as any client would) what the page should show, then reads what
the page shows: the Cytoscape.js instance the page exposes as ``window.explorer.cy``, and the DOM.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import httpx2 as httpx
import pytest
from playwright.sync_api import Page, expect

from tests.browser.conftest import Shot
from tests.conftest import LIGHTHOUSE, NOVEL, ROOT
from tests.serving import running

GRAPH = """
query ($asOf: String, $includePlaces: Boolean! = false) {
  works { slug title periods { slug name } }
  graph(asOf: $asOf, includePlaces: $includePlaces) {
    nodes { slug label kind x y }
    edges { slug recordId source target kind revealed { slug } }
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


def pair_id(a: str, b: str) -> str:
    """The id the page gives the line of a related pair: its two slugs in order, joined by ``~``."""
    return "~".join(sorted((a, b)))


def pairs(edges: list[dict[str, Any]]) -> dict[str, set[str]]:
    """The distinct unordered pairs the edges join, each with the slugs of its relationships."""
    found: dict[str, set[str]] = {}
    for e in edges:
        found.setdefault(pair_id(e["source"], e["target"]), set()).add(e["slug"])
    return found


def drawn_relationships(page: Page) -> dict[str, set[str]]:
    """Each line on the map (not hidden) with the relationships it stands for."""
    lines = js(
        page,
        """() => window.explorer.cy.edges().not(".kind-hidden")
             .map(e => [e.id(), e.data("slugs")])""",
    )
    return {line: set(slugs) for line, slugs in lines}


def positions(page: Page) -> dict[str, dict[str, float]]:
    return dict(
        js(page, "() => Object.fromEntries(window.explorer.cy.nodes().map(n => [n.id(), n.position()]))")
    )


def set_period(page: Page, periods: list[str], slug: str) -> None:
    """Move the period slider to a period (its step), or to the last step (the whole story) for ""."""
    step = periods.index(slug) if slug else len(periods)
    page.locator("#period").fill(str(step))
    settle(page, asOf=slug)


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
    # One line per related pair, standing for every relationship between the two.
    expected = pairs(data["graph"]["edges"])
    assert len(expected) < len(data["graph"]["edges"])
    assert drawn_relationships(page) == expected
    # The trio the book turns on: one line each, as wide as its relationships are many.
    trio = [pair_id("kathy-h", "ruth-c"), pair_id("kathy-h", "tommy-d"), pair_id("ruth-c", "tommy-d")]
    for line in trio:
        assert len(expected[line]) >= 5
    widths = js(page, "ids => ids.map(id => window.explorer.cy.getElementById(id).data('width'))", trio)
    single = js(page, "() => window.explorer.cy.edges().filter(e => e.data('count') === 1)[0].data('width')")
    assert all(w > single for w in widths)
    positions = js(
        page, "() => Object.fromEntries(window.explorer.cy.nodes().map(n => [n.id(), n.position()]))"
    )
    # The server's layout, as is: one scale for every node, y flipped for the screen.
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
    whole = api(server, GRAPH)
    periods = [p["slug"] for p in whole["works"][0]["periods"]]
    part_2 = api(server, GRAPH, asOf="part-2")["graph"]
    part_3 = {e["slug"] for e in whole["graph"]["edges"] if e["revealed"]["slug"] == "part-3"}
    assert part_3, "the novel should reveal some relationships in part three"
    open_explorer(page, server)
    assert part_3 <= set().union(*drawn_relationships(page).values())
    before = positions(page)

    set_period(page, periods, "part-2")
    shown = drawn_relationships(page)
    assert shown == pairs(part_2["edges"])
    assert not set().union(*shown.values()) & part_3
    assert node_ids(page) == {n["slug"] for n in part_2["nodes"]}
    expect(page.locator("#counts")).to_contain_text("Part Two")
    expect(page.locator("#period-name")).to_have_text("Up to the end of Part Two: The Cottages")
    # Nodes hold still while the story moves.
    after = positions(page)
    assert after == {slug: before[slug] for slug in after}

    set_period(page, periods, "")
    assert part_3 <= set().union(*drawn_relationships(page).values())
    assert positions(page) == before


def test_play_walks_through_the_story(page: Page, server: str) -> None:
    periods = [p["slug"] for p in api(server, GRAPH)["works"][0]["periods"]]
    views = {slug: api(server, GRAPH, asOf=slug or None)["graph"] for slug in [*periods, ""]}
    open_explorer(page, server)
    set_period(page, periods, periods[0])
    before = positions(page)
    page.get_by_role("button", name="Play").click()
    expect(page.get_by_role("button", name="Pause")).to_have_attribute("aria-pressed", "true")
    for slug in [*periods[1:], ""]:
        # Each step shows exactly what a reader knows by then, with every node where it was.
        page.wait_for_function(
            "s => window.explorer.shown.asOf === s && window.explorer.status === 'ready'", arg=slug
        )
        assert drawn_relationships(page) == pairs(views[slug]["edges"])
        after = positions(page)
        for node, position in after.items():
            assert before.setdefault(node, position) == position, f"{node} moved"
    expect(page.get_by_role("button", name="Play")).to_have_attribute("aria-pressed", "false")


def test_selecting_a_pair_expands_it_with_its_evidence(page: Page, server: str, shot: Shot) -> None:
    joined = api(
        server,
        """{ explainConnection(a: "kathy-h", b: "ruth-c") {
              relationships { slug evidence { text locator } } } }""",
    )["explainConnection"]["relationships"]
    line = pair_id("kathy-h", "ruth-c")
    open_explorer(page, server)
    assert line in edge_ids(page)
    # A real click on the line, where Cytoscape drew it.
    box = page.locator("#graph").bounding_box()
    assert box is not None
    mid = js(page, "id => window.explorer.cy.getElementById(id).renderedMidpoint()", line)
    page.mouse.move(box["x"] + mid["x"], box["y"] + mid["y"])
    expect(page.locator("#tip")).to_contain_text("Friendship")
    page.mouse.click(box["x"] + mid["x"], box["y"] + mid["y"])
    expect(page.locator("#panel-title")).to_have_text("Kathy H. & Ruth C.")
    settle(page)
    items = page.locator("#panel .relationship")
    expect(items).to_have_count(len(joined))
    for rel, item in zip(joined, items.all(), strict=True):
        for evidence in rel["evidence"]:
            quote = item.locator(".evidence li").filter(has_text=evidence["text"])
            expect(quote.locator("cite")).to_have_text(evidence["locator"])
    # On the map the pair is drawn as its relationships, one line each.
    drawn = edge_ids(page)
    assert line not in drawn
    assert {r["slug"] for r in joined} <= drawn
    assert edge_ids(page, ".selected") == {r["slug"] for r in joined}
    shot(page, "explorer-pair")
    page.get_by_role("button", name="Bundle again").click()
    settle(page)
    assert line in edge_ids(page) and not {r["slug"] for r in joined} & edge_ids(page)


def test_every_relationship_toggle_unbundles_the_map(page: Page, server: str) -> None:
    edges = api(server, GRAPH)["graph"]["edges"]
    open_explorer(page, server)
    page.get_by_label("Draw every relationship as its own line").check()
    settle(page)
    assert edge_ids(page) == {e["slug"] for e in edges}
    page.get_by_label("Draw every relationship as its own line").uncheck()
    settle(page)
    assert edge_ids(page) == set(pairs(edges))


def test_colouring_lines_by_a_chosen_kind(page: Page, server: str) -> None:
    edges = api(server, GRAPH)["graph"]["edges"]
    with_rivalry = {line for line, kinds in _pair_kinds(edges).items() if "rivalry" in kinds}
    assert with_rivalry
    open_explorer(page, server)
    page.get_by_label("Colour each pair's line by").select_option("rivalry")
    settle(page)
    lines = js(
        page, "() => window.explorer.cy.edges().map(e => [e.id(), e.data('kind'), e.hasClass('muted')])"
    )
    assert {line for line, kind, muted in lines if kind == "rivalry" and not muted} == with_rivalry
    assert all(muted for line, _, muted in lines if line not in with_rivalry)


def _pair_kinds(edges: list[dict[str, Any]]) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for e in edges:
        found.setdefault(pair_id(e["source"], e["target"]), set()).add(e["kind"])
    return found


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
    expect(page.locator("#period")).to_have_value("0")
    expect(page.locator("#period-name")).to_have_text("Up to the end of Part One: Hailsham")
    expect(page.locator("#panel-title")).to_have_text("Kathy H.")
    panel = page.locator("#panel")
    expect(panel.locator(".relationship")).to_have_count(part_1["relationships"]["totalCount"])
    expect(panel.locator(".quote")).to_have_count(part_1["quotes"]["totalCount"])
    # Moving on in the story asks again, with the later relationships.
    page.locator("#period").fill("3")
    settle(page, asOf="")
    expect(panel.locator(".relationship")).to_have_count(whole["character"]["relationships"]["totalCount"])
    assert "node=kathy-h" in page.url and "asOf" not in page.url


def highlighted(page: Page) -> tuple[set[str], set[str]]:
    return node_ids(page, ".on-path"), edge_ids(page, ".on-path")


def expected_path(server: str, start: str, end: str, **variables: Any) -> dict[str, Any]:
    result: dict[str, Any] = api(server, PATH, **{"from": start, "to": end, **variables})["shortestPath"]
    return result


def path_elements(result: dict[str, Any]) -> tuple[set[str], set[str]]:
    """The path's nodes, and the lines of the pairs its steps cross (every step crosses one)."""
    steps = result["steps"]
    nodes = {s["from"]["slug"] for s in steps} | {s["to"]["slug"] for s in steps}
    assert all(s["relationships"] or s["placeLinks"] for s in steps)
    return nodes, {pair_id(s["from"]["slug"], s["to"]["slug"]) for s in steps}


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
    settle(page)
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


def test_phone_shows_the_map_first_with_every_label_inside(phone: Page, server: str, shot: Shot) -> None:
    data = api(server, GRAPH)
    open_explorer(phone, server)
    assert js(phone, "() => document.documentElement.scrollWidth") <= 390
    # The map comes first and is on screen without scrolling.
    graph = phone.locator("#graph").bounding_box()
    assert graph is not None and graph["width"] >= 380 and graph["height"] >= 400
    assert graph["y"] >= 0 and graph["y"] + graph["height"] <= 844
    assert js(phone, "() => window.scrollY") == 0
    assert node_ids(phone) == {n["slug"] for n in data["graph"]["nodes"]}
    # Every node with its label, as Cytoscape drew them, lies inside the map.
    boxes = js(
        phone,
        """() => window.explorer.cy.nodes()
             .map(n => [n.id(), n.renderedBoundingBox({includeLabels: true})])""",
    )
    for slug, b in boxes:
        assert b["x1"] >= 0 and b["y1"] >= 0, slug
        assert b["x2"] <= graph["width"] and b["y2"] <= graph["height"], slug
    # The controls wait in a drawer; a button opens it, Escape closes it.
    period = phone.locator("#period")
    expect(period).to_be_hidden()
    toggle = phone.get_by_role("button", name="Controls")
    expect(toggle).to_have_attribute("aria-expanded", "false")
    shot(phone, "explorer-phone")
    toggle.click()
    expect(period).to_be_visible()
    expect(phone.get_by_role("button", name="Close controls")).to_have_attribute("aria-expanded", "true")
    # Once it has slid in, the drawer lies wholly on the screen.
    phone.wait_for_function(
        "() => document.getElementById('controls-drawer').getBoundingClientRect().right <= innerWidth"
    )
    for control in ("#period", "#size-by", "#search", "#node-list"):
        box = phone.locator(control).bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, control
    shot(phone, "explorer-phone-drawer")
    phone.keyboard.press("Escape")
    expect(period).to_be_hidden()

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
    settle(page)
    assert shown_edges(page) == []
    page.keyboard.press("Shift+Tab")
    assert js(page, "() => document.activeElement.id") == "kinds-all"
    page.keyboard.press("Space")
    settle(page)
    assert {e["id"] for e in shown_edges(page)} == set(pairs(with_places["edges"]))


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


WORKS = "{ works { slug title author characterCount relationshipCount } }"


def work_label(work: dict[str, Any]) -> str:
    size = f"{work['characterCount']} characters, {work['relationshipCount']} relationships"
    return f"{work['title']} — {work['author']} ({size})"


def test_work_selector_switches_work(page: Page, two_works: str) -> None:
    graph = """query ($work: String) { graph(work: $work) { nodes { slug } } }"""
    works = api(two_works, WORKS)["works"]
    data = api(two_works, graph, work="carrow-point")
    open_explorer(page, two_works)
    select = page.get_by_label("Work")
    expect(select).to_be_visible()
    expect(select.locator("option")).to_have_text([work_label(w) for w in works])
    select.select_option("carrow-point")
    settle(page, work="carrow-point")
    expect(page.locator("h1")).to_have_text("The Keepers of Carrow Point")
    assert node_ids(page) == {n["slug"] for n in data["graph"]["nodes"]}
    expect(page.locator("#period-name")).to_have_text("The whole story (spoilers)")
    assert js(page, "() => document.getElementById('period').max") == "2"  # two acts, then the whole story
    # The URL keeps the work: reloading it shows the same work.
    assert "?work=carrow-point" in page.url
    page.reload()
    settle(page, work="carrow-point")
    expect(page.locator("h1")).to_have_text("The Keepers of Carrow Point")


@pytest.fixture(scope="module")
def library() -> Iterator[str]:
    """A server over the default library: the three books `graphservice serve` starts with."""
    from graphservice.settings import Settings

    with running(",".join(str(ROOT / p) for p in Settings.model_fields["data"].default)) as url:
        yield url


def test_the_three_books_each_open_from_their_url(page: Page, library: str) -> None:
    works = api(library, WORKS)["works"]
    assert len(works) == 3
    open_explorer(page, library)
    expect(page.get_by_label("Work").locator("option")).to_have_text([work_label(w) for w in works])
    for work in works:
        page.goto(f"{library}/explorer?work={work['slug']}")
        settle(page, work=work["slug"])
        expect(page.locator("h1")).to_have_text(work["title"])
        expect(page.get_by_label("Work")).to_have_value(work["slug"])
        nodes = api(library, "query ($w: String) { graph(work: $w) { nodes { slug } } }", w=work["slug"])
        assert node_ids(page) == {n["slug"] for n in nodes["graph"]["nodes"]}


STATIC = ROOT / "graphservice" / "web" / "static" / "explorer"


def test_the_page_modules_are_all_served(server: str) -> None:
    """main.js and every module it imports, found by following the imports, come from the app."""
    seen: set[str] = set()
    todo = ["main.js"]
    while todo:
        name = todo.pop()
        seen.add(name)
        response = httpx.get(f"{server}/explorer/static/{name}", timeout=10)
        assert response.status_code == 200, name
        assert response.headers["content-type"].startswith("text/javascript"), name
        assert response.text == (STATIC / name).read_text("utf-8")
        todo += [m for m in re.findall(r'from "\./([\w-]+\.js)"', response.text) if m not in seen]
    # Every module in the folder is used: none is left behind unloaded.
    assert seen | {"live.js"} == {p.name for p in STATIC.glob("*.js")}
