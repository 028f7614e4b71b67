"""The explorer's library view: the works listed from ``library`` with a search box and paging, and
the table that compares them from ``compare``, each checked against what the API answers."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import Shot
from tests.browser.test_explorer import api, js, node_ids, settle
from tests.conftest import ROOT
from tests.serving import running

LIBRARY = """
query ($text: String) {
  library(text: $text, first: 50) {
    edges { node { slug title author year characterCount relationshipCount quoteCount } }
  }
}"""

COMPARE = """
query ($works: [String!]) {
  compare(works: $works) {
    work { slug title }
    characters pairs relationships density clustering centralisation communities mainShare
    mainCharacter { name }
    kinds { kind share }
  }
}"""

WHOLE = ("characters", "relationships", "pairs", "communities")
FRACTIONS = ("density", "clustering", "centralisation")


@pytest.fixture(scope="module")
def books() -> Iterator[str]:
    """A server over the three books `graphservice serve` starts with."""
    from graphservice.settings import Settings

    with running(",".join(str(ROOT / p) for p in Settings.model_fields["data"].default)) as url:
        yield url


def listed(page: Page, text: str = "") -> None:
    """Wait until the library shows the answer to a search (its list and its comparison)."""
    page.wait_for_function(
        "text => window.explorer.libraryShown === text && window.explorer.status === 'ready'", arg=text
    )


def open_library(page: Page, server: str, query: str = "") -> None:
    page.goto(f"{server}/explorer{query}")
    settle(page)
    page.get_by_role("button", name="Library", exact=True).click()
    listed(page)


def table_slugs(page: Page) -> list[str]:
    return list(
        js(page, "() => [...document.querySelectorAll('#compare-table tbody tr')].map(r => r.dataset.slug)")
    )


def test_the_library_lists_the_works_and_search_narrows_them(page: Page, books: str) -> None:
    works = [e["node"] for e in api(books, LIBRARY)["library"]["edges"]]
    assert len(works) == 3
    open_library(page, books)
    expect(page.get_by_role("button", name="Library", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(page.get_by_role("region", name="Relationship map")).to_be_hidden()
    assert "view=library" in page.url
    items = page.locator("#library-list li")
    expect(items.locator(".work-open")).to_have_text([w["title"] for w in works])
    expect(items.locator(".work-by")).to_have_text(
        [", ".join(str(x) for x in (w["author"], w["year"]) if x) for w in works]
    )
    expect(items.locator(".work-size")).to_have_text(
        [
            f"{w['characterCount']} characters · {w['relationshipCount']} relationships · "
            f"{w['quoteCount']} quotes"
            for w in works
        ]
    )
    expect(page.locator("#library-status")).to_have_text("3 works.")
    assert table_slugs(page) == [w["slug"] for w in works]

    # Typing narrows the list once the reader pauses; the comparison follows the list.
    page.get_by_label("Filter by title, author or description").press_sequentially("carol", delay=30)
    listed(page, "carol")
    expect(items.locator(".work-open")).to_have_text(["A Christmas Carol"])
    expect(items.locator(".work-by")).to_have_text(["Charles Dickens, 1843"])
    assert table_slugs(page) == ["a-christmas-carol"]
    expect(page.locator("#library-status")).to_have_text("1 work matching “carol”.")

    page.get_by_label("Filter by title, author or description").fill("no such words")
    page.keyboard.press("Enter")
    listed(page, "no such words")
    expect(items).to_have_count(0)
    expect(page.locator("#compare-table")).to_be_hidden()
    expect(page.locator("#library-status")).to_have_text("No work matches “no such words”.")


def test_opening_a_work_from_the_library_shows_its_map(page: Page, books: str) -> None:
    nodes = api(books, 'query { graph(work: "a-christmas-carol") { nodes { slug } } }')["graph"]["nodes"]
    # A link to the library view opens it.
    page.goto(f"{books}/explorer?work=never-let-me-go#view=library")
    settle(page, work="never-let-me-go")
    listed(page)
    current = page.locator("#library-list li", has_text="Never Let Me Go")
    expect(current.locator(".on-map")).to_have_text("on the map")
    page.locator("#library-list").get_by_role("button", name="A Christmas Carol").click()
    settle(page, work="a-christmas-carol")
    expect(page.locator("#library")).to_be_hidden()
    expect(page.get_by_role("button", name="Map", exact=True)).to_have_attribute("aria-pressed", "true")
    expect(page.locator("h1")).to_have_text("A Christmas Carol")
    assert node_ids(page) == {n["slug"] for n in nodes}
    graph = page.locator("#graph").bounding_box()
    assert graph is not None and graph["width"] > 400 and graph["height"] > 300
    assert "?work=a-christmas-carol" in page.url and "view=library" not in page.url


def bar_ratios(page: Page, key: str) -> dict[str, float]:
    """Each row's bar in a column: its drawn width over its track's."""
    return dict(
        js(
            page,
            """key => [...document.querySelectorAll(`#compare-table tbody td[data-key="${key}"]`)].map(td => [
                 td.closest("tr").dataset.slug,
                 td.querySelector(".bar").getBoundingClientRect().width
                   / td.querySelector(".track").getBoundingClientRect().width])""",
            key,
        )
    )


def test_the_comparison_table_shows_the_api_figures_with_bars(page: Page, books: str, shot: Shot) -> None:
    works = [e["node"]["slug"] for e in api(books, LIBRARY)["library"]["edges"]]
    rows = {r["work"]["slug"]: r for r in api(books, COMPARE, works=works)["compare"]}
    open_library(page, books)
    assert table_slugs(page) == works
    for slug, r in rows.items():
        row = page.locator(f'#compare-table tr[data-slug="{slug}"]')
        expect(row.locator("th")).to_have_text(r["work"]["title"])
        expected = {k: f"{r[k]:,}" for k in WHOLE} | {k: f"{r[k]:.2f}" for k in FRACTIONS}
        expected["mainShare"] = f"{round(r['mainShare'] * 100)}%"
        for key, text in expected.items():
            cell = row.locator(f'td[data-key="{key}"]')
            expect(cell.locator(".fig")).to_have_text(text)
            assert float(cell.get_attribute("data-value") or "nan") == r[key], (slug, key)
        expect(row.locator(".main-name")).to_have_text(r["mainCharacter"]["name"])
        # The kinds' stacked bar: a segment per kind, largest first, each as long as its share.
        segments = js(
            page,
            """slug => {
                 const stack = document.querySelector(`tr[data-slug="${slug}"] .stack`);
                 const whole = stack.getBoundingClientRect().width;
                 return [...stack.children].map(
                   s => [s.dataset.kind, s.getBoundingClientRect().width / whole]);
               }""",
            slug,
        )
        assert [k for k, _ in segments] == [k["kind"] for k in r["kinds"]]
        for (kind, width), k in zip(segments, r["kinds"], strict=True):
            assert width == pytest.approx(k["share"], abs=0.02), (slug, kind)
    # Each bar is as long as its figure over the largest of its column: the largest fills its track.
    for key in (*WHOLE, *FRACTIONS, "mainShare"):
        largest = max(r[key] for r in rows.values())
        ratios = bar_ratios(page, key)
        for slug, r in rows.items():
            assert ratios[slug] == pytest.approx(r[key] / largest, abs=0.02), (slug, key)
        assert max(ratios.values()) == pytest.approx(1, abs=0.01), key
    page.locator("#library").evaluate("el => el.scrollTo(0, 0)")
    shot(page, "explorer-library")


def test_clicking_a_heading_sorts_the_table(page: Page, books: str) -> None:
    works = [e["node"]["slug"] for e in api(books, LIBRARY)["library"]["edges"]]
    rows = api(books, COMPARE, works=works)["compare"]
    open_library(page, books)
    table = page.locator("#compare-table")

    def order(key: str, *, reverse: bool) -> list[str]:
        return [r["work"]["slug"] for r in sorted(rows, key=lambda r: r[key], reverse=reverse)]

    def heading(name: str) -> Any:
        return table.get_by_role("columnheader", name=name)

    assert len({r["characters"] for r in rows}) == len(rows), "the check needs distinct figures"
    heading("Characters").get_by_role("button").click()
    expect(heading("Characters")).to_have_attribute("aria-sort", "descending")
    assert table_slugs(page) == order("characters", reverse=True)
    heading("Characters").get_by_role("button").click()
    expect(heading("Characters")).to_have_attribute("aria-sort", "ascending")
    assert table_slugs(page) == order("characters", reverse=False)

    # From the keyboard: Enter on a heading's button sorts by it, and only that heading is sorted.
    heading("Density").get_by_role("button").focus()
    page.keyboard.press("Enter")
    expect(heading("Density")).to_have_attribute("aria-sort", "descending")
    expect(heading("Characters")).not_to_have_attribute("aria-sort", re.compile(".*"))
    assert table_slugs(page) == order("density", reverse=True)
    page.keyboard.press("Space")
    expect(heading("Density")).to_have_attribute("aria-sort", "ascending")
    assert table_slugs(page) == order("density", reverse=False)

    # Titles sort A to Z first.
    heading("Work").get_by_role("button").click()
    expect(heading("Work")).to_have_attribute("aria-sort", "ascending")
    assert table_slugs(page) == [r["work"]["slug"] for r in sorted(rows, key=lambda r: r["work"]["title"])]


def test_more_works_come_a_page_at_a_time(page: Page, books: str) -> None:
    works = [e["node"]["slug"] for e in api(books, LIBRARY)["library"]["edges"]]

    def small_pages(route: Route) -> None:
        """Ask the library for two works a page, so three works need a second page."""
        body = route.request.post_data_json
        if body is not None and "ExplorerLibrary" in body["query"]:
            body["variables"]["first"] = 2
            route.continue_(post_data=json.dumps(body))
        else:
            route.continue_()

    page.route("**/graphql", small_pages)
    open_library(page, books)
    items = page.locator("#library-list li")
    expect(items).to_have_count(2)
    expect(page.locator("#library-status")).to_have_text("Showing 2 of 3 works.")
    assert table_slugs(page) == works[:2]
    page.get_by_role("button", name="More works").click()
    expect(items).to_have_count(3)
    settle(page)
    expect(page.get_by_role("button", name="More works")).to_be_hidden()
    expect(page.locator("#library-status")).to_have_text("3 works.")
    expect(page.locator("#compare-table tbody tr")).to_have_count(3)
    assert table_slugs(page) == works


def test_a_refused_comparison_shows_the_banner(page: Page, books: str) -> None:
    answer = {
        "data": None,
        "errors": [{"message": "too many works", "extensions": {"code": "BAD_USER_INPUT"}}],
    }

    def refuse(route: Route) -> None:
        body = route.request.post_data_json
        if body is not None and "ExplorerCompare" in body["query"]:
            route.fulfill(status=200, content_type="application/json", body=json.dumps(answer))
        else:
            route.continue_()

    page.route("**/graphql", refuse)
    page.goto(f"{books}/explorer")
    settle(page)
    page.get_by_role("button", name="Library", exact=True).click()
    banner = page.get_by_role("alert")
    expect(banner).to_contain_text("too many works [BAD_USER_INPUT]")
    expect(page.locator("#library-list li")).to_have_count(3)  # the list still shows


def test_the_library_fits_a_phone(phone: Page, books: str, shot: Shot) -> None:
    phone.goto(f"{books}/explorer#view=library")
    settle(phone)
    listed(phone)
    expect(phone.locator("#compare-table tbody tr")).to_have_count(3)
    expect(phone.get_by_role("button", name="Controls")).to_be_hidden()
    assert js(phone, "() => document.documentElement.scrollWidth") <= 390
    wrap = js(
        phone,
        "() => { const w = document.querySelector('.table-wrap'); return [w.scrollWidth, w.clientWidth]; }",
    )
    assert wrap[0] <= wrap[1], "the table should not scroll sideways"
    for selector in (
        "#library-search",
        "#library-list li",
        "#compare-table tbody tr",
        "#compare-table thead tr",
    ):
        for box in (
            phone.locator(selector).nth(i).bounding_box() for i in range(phone.locator(selector).count())
        ):
            assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 390, selector
    shot(phone, "explorer-library-phone")
    phone.locator("#compare-table").scroll_into_view_if_needed()
    shot(phone, "explorer-library-phone-table")


def test_a_work_beyond_the_selectors_page_opens_from_its_url_and_from_the_library(
    page: Page, books: str
) -> None:
    # As in a library of thousands: the selector holds the first page of works only (here one).
    def one_work_a_page(route: Route) -> None:
        body = route.request.post_data_json
        if body is not None and "ExplorerWorks" in body["query"]:
            body["query"] = body["query"].replace("first: 100", "first: 1")
            route.continue_(post_data=json.dumps(body))
        else:
            route.continue_()

    page.route("**/graphql", one_work_a_page)
    page.goto(f"{books}/explorer?work=a-christmas-carol")
    settle(page)
    expect(page.locator("h1")).to_have_text("A Christmas Carol")
    expect(page.locator("#work option")).to_have_count(2)  # the first work, and the one asked for
    page.get_by_role("button", name="Library", exact=True).click()
    listed(page)
    page.locator("#library-list").get_by_role("button", name="Strange Case of Dr Jekyll and Mr Hyde").click()
    settle(page)
    expect(page.locator("h1")).to_have_text("Strange Case of Dr Jekyll and Mr Hyde")
    assert page.evaluate("() => new URL(location.href).searchParams.get('work')") == (
        "strange-case-of-dr-jekyll-and-mr-hyde"
    )
    page.goto(f"{books}/explorer?work=no-such-work")  # a stale link: the first work instead
    settle(page)
    expect(page.locator("h1")).to_have_text("Never Let Me Go")
