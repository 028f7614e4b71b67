/*
 * The library view (LIBRARY_QUERY): the works served, a page at a time, with a search box that
 * keeps the works whose title, author and description hold its words, and "More works" for the
 * next page. Opening a work goes back to the map and shows it, as the work selector does. Beside
 * the list, compare.js sets the listed works side by side.
 */
import { LIBRARY_QUERY, gql } from "./explorer.js";
import { $, el, plural } from "./dom.js";
import { addComparisons, resetComparisons } from "./compare.js";
import { setDrawer } from "./controls.js";
import { clearError, explorer, state, track, writeUrl } from "./state.js";

// Works asked for at a time; the comparison of a page loads its works, so it stays small.
const PAGE = 20;
const TYPING_MS = 300;

const shelf = { text: "", works: [], total: 0, cursor: null, hasNext: false, asked: false };
let token = 0;
let typing = 0;
let switchWork = () => undefined;

function workItem(w) {
  const current = state.work && state.work.slug === w.slug;
  const size = [
    plural(w.characterCount, "character"),
    plural(w.relationshipCount, "relationship"),
    plural(w.quoteCount, "quote"),
  ].join(" · ");
  return el(
    "li",
    { class: "work-item", dataset: { slug: w.slug } },
    el(
      "p",
      { class: "work-name" },
      el("button", { type: "button", class: "link work-open", "aria-current": current ? "true" : null, onclick: () => openWork(w.slug) }, w.title),
      current ? el("span", { class: "on-map" }, "on the map") : null,
    ),
    el("p", { class: "work-by" }, [w.author, w.year].filter(Boolean).join(", ")),
    el("p", { class: "meta work-size" }, size),
  );
}

function renderList() {
  $("library-list").replaceChildren(...shelf.works.map(workItem));
  $("library-more").hidden = !shelf.hasNext;
  const shown = shelf.works.length;
  const quoted = shelf.text ? ` matching “${shelf.text}”` : "";
  let status;
  if (!shown) status = shelf.text ? `No work matches “${shelf.text}”.` : "The library is empty.";
  else if (shown < shelf.total) status = `Showing ${shown} of ${plural(shelf.total, "work")}${quoted}.`;
  else status = `${plural(shelf.total, "work")}${quoted}.`;
  $("library-status").textContent = status;
}

/** Ask for the first page of the search in the box (`more`: the next page of the one shown). */
async function loadPage({ more = false } = {}) {
  const mine = more ? token : ++token;
  const text = more ? shelf.text : $("library-search").value.trim();
  $("library-more").disabled = true;
  try {
    const data = await gql(LIBRARY_QUERY, { text: text || null, first: PAGE, after: more ? shelf.cursor : null });
    if (mine !== token) return; // a newer search was asked for meanwhile
    const { library } = data;
    const page = library.edges.map((e) => e.node);
    if (!more) {
      shelf.works = [];
      resetComparisons();
    }
    Object.assign(shelf, {
      text,
      works: shelf.works.concat(page),
      total: library.totalCount,
      cursor: library.pageInfo.endCursor,
      hasNext: library.pageInfo.hasNextPage,
    });
    renderList();
    clearError();
    await addComparisons(
      page.map((w) => w.slug),
      () => mine === token,
    );
    if (mine === token) explorer.libraryShown = text; // the tests wait on this
  } finally {
    $("library-more").disabled = false;
  }
}

/** Show the map or the library; the library asks for its first page the first time it opens. */
export function showView(view) {
  const library = view === "library";
  state.view = library ? "library" : "map";
  $("library").hidden = !library;
  $("main-view").hidden = library;
  document.body.classList.toggle("library-open", library);
  $("view-map").setAttribute("aria-pressed", String(!library));
  $("view-library").setAttribute("aria-pressed", String(library));
  if (library) {
    setDrawer(false);
    if (!shelf.asked) {
      shelf.asked = true;
      track(() => loadPage());
    } else renderList();
  } else if (explorer.cy) explorer.cy.resize();
  if (state.work) writeUrl();
}

/** The server's data changed: ask again now if the library is open, else when it next opens. */
export function refreshLibrary() {
  if (state.view === "library") return loadPage();
  shelf.asked = false;
  return undefined;
}

function openWork(slug) {
  showView("map");
  $("view-map").focus();
  if (state.work && state.work.slug === slug) return undefined;
  return switchWork(slug);
}

export function bindLibrary(handlers) {
  switchWork = handlers.switchWork;
  $("view-map").addEventListener("click", () => showView("map"));
  $("view-library").addEventListener("click", () => showView("library"));
  $("library-form").addEventListener("submit", (event) => {
    event.preventDefault();
    clearTimeout(typing);
    track(() => loadPage());
  });
  $("library-search").addEventListener("input", () => {
    clearTimeout(typing);
    typing = setTimeout(() => track(() => loadPage()), TYPING_MS);
  });
  $("library-more").addEventListener("click", () => track(() => loadPage({ more: true })));
}
