/*
 * The relationship explorer: a map of one work's characters, groups and places, drawn with
 * Cytoscape.js from the public GraphQL API at /graphql and nothing else. It is meant to be read
 * as a reference client too; the modules split along its seams:
 *
 *   explorer.js  every query, commented, and `gql()` that sends them (the reference client)
 *   state.js     the state, the busy/ready status, errors, the URL that keeps the view
 *   pairs.js     one line per related pair: grouping, width, colour, style, summary
 *   map.js       drawing with Cytoscape (diffs and fades), fitting, level of detail for big works
 *   timeline.js  the period slider and play
 *   panel.js     a node's or a pair's details, with evidence
 *   path.js      shortest paths;  search.js  search
 *   controls.js  the other controls, legends and the phone drawer
 *   library.js   the library view: works listed with search;  compare.js  their comparison table
 *   look.js      colours and the style sheet;  dom.js  small DOM helpers
 */
import { ApiError, GRAPH_QUERY, WORKS_QUERY, WORK_QUERY, gql } from "./explorer.js";
import { $ } from "./dom.js";
import { bindControls, fillLegend, fillNodeLists, fillWorkControls } from "./controls.js";
import { bindLibrary, refreshLibrary, showView } from "./library.js";
import { drawGraph, hasNode, onTap } from "./map.js";
import { closePanel, markSelection, openNode, openPair } from "./panel.js";
import { clearPath, pickPathEnd, rehighlight, runPath } from "./path.js";
import { clearError, explorer, readUrl, showError, state, track, writeUrl } from "./state.js";
import { bindTimeline, stopPlaying } from "./timeline.js";

let graphToken = 0;
// Answers of GRAPH_QUERY by view, so playing the story again, or going back a step, draws at once.
const views = new Map();

async function fetchView(view) {
  const key = JSON.stringify(view);
  if (!views.has(key)) {
    const data = await gql(GRAPH_QUERY, {
      work: view.work,
      asOf: view.asOf || null,
      includePlaces: view.includePlaces,
      sizeBy: view.sizeBy,
    });
    views.set(key, data.graph);
  }
  return views.get(key);
}

/** Resolves once the next frame has been drawn (Cytoscape draws in its own animation frames). */
function painted() {
  return new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
}

/** Ask for the current view, draw it, then bring the panel and the path in line with it. */
async function loadGraph({ refit = false } = {}) {
  const token = ++graphToken;
  const view = explorer.view();
  const graph = await fetchView(view);
  if (token !== graphToken) return; // a newer view was asked for meanwhile
  state.graph = graph;
  explorer.dataAt = performance.now(); // the tests time the draw from here to its painted frame
  await drawGraph(graph, { refit });
  await painted();
  explorer.drawnAt = performance.now();
  explorer.shown = view;
  fillLegend(graph);
  fillNodeLists(graph);
  clearError();

  const { path, selected, pair } = state;
  if (path && hasNode(path.from) && hasNode(path.to)) await runPath(path.from, path.to);
  else if (path) clearPath();
  if (selected && hasNode(selected)) await openNode(selected, { frame: false, focus: false });
  else if (pair && pair.split("~").every(hasNode)) await openPair(pair, { focus: false });
  else if (selected || pair) closePanel({ restoreFocus: false });
  writeUrl();
}

function reload(options) {
  return track(() => loadGraph(options));
}

/** The works for the selector; and the work `slug` names when it is not among them (a large
 * library), added to them, unless no work has that slug. */
async function fetchWorks(slug) {
  const data = await gql(WORKS_QUERY, {});
  const works = data.library.edges.map((e) => e.node);
  if (slug && !works.some((w) => w.slug === slug)) {
    try {
      works.push((await gql(WORK_QUERY, { work: slug })).work);
    } catch (err) {
      if (!(err instanceof ApiError && err.codes.includes("NOT_FOUND"))) throw err;
    }
  }
  return works;
}

async function switchWork(slug) {
  stopPlaying();
  if (!state.works.some((w) => w.slug === slug)) {
    try {
      state.works = await fetchWorks(slug);
    } catch (err) {
      showError(err);
      return;
    }
  }
  state.work = state.works.find((w) => w.slug === slug) || state.works[0];
  state.asOf = "";
  state.selected = null;
  state.pair = null;
  state.expanded = null;
  state.path = null;
  state.hiddenKinds.clear();
  state.colourKind = "";
  closePanel({ restoreFocus: false });
  fillWorkControls();
  return reload({ refit: true });
}

/** When the server's data changes (a curator's edit reloaded), fetch the works and the view again. */
async function refreshData() {
  views.clear();
  state.works = await fetchWorks(state.work && state.work.slug);
  state.work = state.works.find((w) => w.slug === (state.work && state.work.slug)) || state.works[0];
  if (!state.work.periods.some((p) => p.slug === state.asOf)) state.asOf = "";
  fillWorkControls();
  await loadGraph();
  await refreshLibrary();
  explorer.refreshes = (explorer.refreshes || 0) + 1;
}

function bindMap() {
  onTap({
    node: (slug, event) => (event && event.shiftKey ? pickPathEnd(slug) : openNode(slug)),
    edge: (edge) => openPair(edge.data("pair") || edge.id()),
    drawn: () => {
      markSelection();
      rehighlight();
    },
  });
  // The map's size follows the layout (the panel opening, a phone turning), not only the window.
  if (window.ResizeObserver) new ResizeObserver(() => explorer.cy && explorer.cy.resize()).observe($("graph"));
}

async function init() {
  if (typeof window.cytoscape !== "function") {
    explorer.status = "error";
    document.body.dataset.status = "error";
    $("error-text").textContent = "The graph library (Cytoscape.js) did not load, so the map cannot be drawn. Install the browser assets with `npm ci --prefix web`, or allow the CDN.";
    $("error").hidden = false;
    return;
  }
  bindMap();
  bindControls({ reload, switchWork });
  bindTimeline(() => reload());
  bindLibrary({ switchWork });
  const wanted = readUrl();
  await track(async () => {
    state.works = await fetchWorks(wanted.work);
    state.work = state.works.find((w) => w.slug === wanted.work) || state.works[0];
    if (!state.work) throw new ApiError("The server has no works to show.");
    state.asOf = state.work.periods.some((p) => p.slug === wanted.asOf) ? wanted.asOf : "";
    state.includePlaces = wanted.includePlaces;
    if (wanted.sizeBy && [...$("size-by").options].some((o) => o.value === wanted.sizeBy)) state.sizeBy = wanted.sizeBy;
    if (wanted.from && wanted.to) state.path = { from: wanted.from, to: wanted.to };
    state.selected = wanted.node;
    if (!wanted.node) state.pair = wanted.pair;
    if (state.pair) state.expanded = state.pair;
    fillWorkControls();
    await loadGraph();
  });
  if (wanted.view === "library") showView("library");
  if (window.explorerLive) window.explorerLive.watchDataVersion(() => track(refreshData));
}

init();
