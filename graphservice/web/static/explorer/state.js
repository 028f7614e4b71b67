/*
 * The page's state, its busy/ready status and error banner, and the URL that keeps the view:
 * the work in the query string (`?work=a-christmas-carol`), the rest in the fragment
 * (`#asOf=part-2&places=1&node=kathy-h`, `#view=library` for the library), so a view can be shared
 * and survives a reload.
 *
 * Tests reach the page through `window.explorer`: the Cytoscape instance, the state, the view
 * shown and a `status` that is "ready" once every request has answered and the map has settled.
 */
import { ApiError, gql } from "./explorer.js";
import { $ } from "./dom.js";

export const state = {
  works: [],
  work: null, // the work object from WORKS_QUERY
  asOf: "", // "" is the whole story
  includePlaces: false,
  sizeBy: "PAGERANK",
  hiddenKinds: new Set(),
  colourKind: "", // "" colours each bundled line by its most frequent kind
  unbundled: false, // every relationship drawn as its own line
  expanded: null, // the id of the pair drawn as its relationships
  graph: null, // the last GRAPH_QUERY answer
  selected: null, // slug of the node whose panel is open
  pair: null, // id of the pair whose panel is open
  path: null, // { from, to, result }
  pathStart: null, // first node of a shift-click pair
  view: "map", // or "library"
};

export const explorer = {
  cy: null,
  state,
  status: "loading",
  gql,
  view() {
    return {
      work: state.work && state.work.slug,
      asOf: state.asOf,
      includePlaces: state.includePlaces,
      sizeBy: state.sizeBy,
    };
  },
};
window.explorer = explorer;

let busy = 0;

function setStatus() {
  explorer.status = busy > 0 ? "loading" : "ready";
  document.body.dataset.status = explorer.status;
}

/** Run an async task with the page marked busy, reporting any failure in the banner. */
export async function track(task) {
  busy += 1;
  setStatus();
  try {
    return await task();
  } catch (err) {
    showError(err);
    return undefined;
  } finally {
    busy -= 1;
    setStatus();
  }
}

export function showError(err) {
  const message = err instanceof ApiError ? err.message : `Something went wrong: ${err.message || err}`;
  $("error-text").textContent = message;
  $("error").hidden = false;
}

export function clearError() {
  $("error").hidden = true;
  $("error-text").textContent = "";
}

export function periodName(slug) {
  if (!slug || !state.work) return "the whole story";
  const period = state.work.periods.find((p) => p.slug === slug);
  return period ? period.name : slug;
}

/** The view the URL asks for (a work named in the fragment, as older links did, still counts). */
export function readUrl() {
  const params = new URLSearchParams(location.hash.slice(1));
  return {
    work: new URLSearchParams(location.search).get("work") || params.get("work"),
    asOf: params.get("asOf") || "",
    includePlaces: params.get("places") === "1",
    sizeBy: params.get("sizeBy"),
    node: params.get("node"),
    pair: params.get("pair"),
    from: params.get("from"),
    to: params.get("to"),
    view: params.get("view"),
  };
}

export function writeUrl() {
  const params = new URLSearchParams();
  if (state.view === "library") params.set("view", "library");
  if (state.asOf) params.set("asOf", state.asOf);
  if (state.includePlaces) params.set("places", "1");
  if (state.sizeBy !== "PAGERANK") params.set("sizeBy", state.sizeBy);
  if (state.selected) params.set("node", state.selected);
  if (state.pair) params.set("pair", state.pair);
  if (state.path) {
    params.set("from", state.path.from);
    params.set("to", state.path.to);
  }
  const query = state.works.length > 1 && state.work ? `?work=${encodeURIComponent(state.work.slug)}` : "";
  const hash = params.toString();
  history.replaceState(null, "", `${location.pathname}${query}${hash ? `#${hash}` : ""}`);
}
