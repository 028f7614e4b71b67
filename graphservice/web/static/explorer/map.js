/*
 * The map: a Cytoscape.js instance drawing the current view. Nodes sit where the server's layout
 * puts them (fixed for the work, so nothing moves between periods); related pairs are bundled into
 * one line each (see pairs.js) unless a pair is expanded or the reader asks for every relationship.
 *
 * Every change of view goes through `sync()`, which diffs the elements wanted against those drawn:
 * kept elements are updated in place, new ones fade in and gone ones fade out, so moving through
 * the story shows relationships appearing, changing and ending while the nodes hold still.
 *
 * Big works. Measured in the browser tests' Chromium (software rendering, 2 shared cores) on a
 * work of 2,010 nodes and 20,101 pairs: Cytoscape drew every line in 6.6-8.3 s, and any frame
 * that redraws them takes ~0.8 s; its WebGL mode was slower still (5-9 s frames); sigma.js 3 with
 * graphology drew everything in 1.7 s, but every frame took 0.2-0.8 s (0.12 s with no edges at
 * all: WebGL runs on the CPU there). The measurements favour keeping one renderer, Cytoscape,
 * with its own level-of-detail settings for big works (straight "haystack" lines, a texture of
 * the map and no edges while the view moves, pixel ratio 1, no transitions), labels by
 * importance and zoom, and a budget of lines: the strongest BIG_EDGE_BUDGET pairs, plus every
 * pair of the selected node and of a shown path, and a budget of labels: at most
 * BIG_LABEL_BUDGET, the most important in view. Pan and zoom frames then take 17 ms (median) and
 * the first draw of 2,000 nodes about 0.9-1 s there; it took 2.9-4.1 s while up to a thousand
 * labels were drawn at once, two thirds of it their text.
 */
import { FADE_MS, CROWDED, LABEL_MIN_PX, LABEL_MIN_PX_NARROW, LABEL_PX, NODE_KINDS, SCALE, LINE_STYLES, kindColor, mapStyle } from "./look.js";
import { $, humanKind, plural } from "./dom.js";
import { explorer, periodName, state } from "./state.js";
import { groupPairs, pairId, pairLine } from "./pairs.js";
import { hideTip, showTip } from "./tip.js";

const BIG_NODES = 400;
const BIG_PAIRS = 4000;
const BIG_EDGE_BUDGET = 2000;
// A big work's label size on the map follows its node's size (1 to 10); labels smaller than
// `shown` pixels on screen are not drawn.
const BIG_LABEL = { min: 5, max: 22, shown: 9 };
const BIG_LABEL_BUDGET = 150; // labels drawn at once on a big work
const FIT_PADDING = 24;
const reducedMotion = window.matchMedia("(prefers-reduced-motion: reduce)");

let cy = null;
let big = null; // whether the instance was made with the big-work settings
let handlers = { node: () => {}, edge: () => {}, drawn: () => {} };
let labelSize = 0;
let drawnPairs = { drawn: 0, total: 0 };

function isBig(graph) {
  return graph.nodes.length > BIG_NODES || groupPairs(graph.edges).size > BIG_PAIRS;
}

/**
 * What the map calls back: `node(slug, event)` and `edge(element)` on a tap, `drawn()` after each
 * redraw (to put the selection and a path's highlight back on elements that may be new).
 */
export function onTap(given) {
  handlers = given;
}

/** A fresh instance with the settings of a small or a big work. */
function createCy(forBig) {
  if (cy) cy.destroy();
  big = forBig;
  labelSize = 0;
  cy = cytoscape({
    container: $("graph"),
    style: mapStyle({ big }),
    layout: { name: "preset" },
    minZoom: big ? 0.05 : 0.2,
    maxZoom: big ? 8 : 4,
    boxSelectionEnabled: false,
    autounselectify: true,
    // Level of detail for big works: Cytoscape's own switches (see the note at the top).
    hideEdgesOnViewport: big,
    textureOnViewport: big,
    pixelRatio: big ? 1 : "auto",
    motionBlur: false,
  });
  explorer.cy = cy;
  explorer.lineBudget = BIG_EDGE_BUDGET;
  explorer.labelBudget = BIG_LABEL_BUDGET;
  if (!big) cy.on("zoom", sizeLabels);
  else cy.on("viewport", debounce(labelByZoom, 200));
  cy.on("tap", "node", (event) => handlers.node(event.target.id(), event.originalEvent));
  cy.on("tap", "edge", (event) => handlers.edge(event.target));
  cy.on("mouseover", "edge", (event) => showTip(event.target));
  cy.on("mouseout", "edge", hideTip);
  cy.on("viewport", hideTip);
}

/**
 * Labels keep a readable size on screen when a small work is zoomed out to fit a small viewport.
 * Returns whether the size changed (so a fit has to be done again).
 */
function sizeLabels() {
  const smallest = cy.width() < 500 ? LABEL_MIN_PX_NARROW : LABEL_MIN_PX;
  const size = Math.max(LABEL_PX, smallest / cy.zoom());
  if (Math.abs(size - labelSize) < 0.25) return false;
  labelSize = size;
  cy.style().selector("node").style({ "font-size": size, "text-outline-width": size / 5 }).update();
  return true;
}

/**
 * Labels by importance and zoom on a big work: only nodes whose label would be big enough on
 * screen carry one, and of those in view at most BIG_LABEL_BUDGET, the most important first (as
 * sigma.js thins its labels by density): a thousand labels on a screen are unreadable, and their
 * text was two thirds of the first draw. Cytoscape's `min-zoomed-font-size` would hide small ones
 * too, but it measures every label first; so the text is given only to the nodes that show it,
 * again whenever the view settles after a zoom or a pan.
 */
function labelByZoom() {
  const smallest = BIG_LABEL.shown / cy.zoom();
  const { x1, y1, x2, y2 } = cy.extent();
  const px = (node) => BIG_LABEL.min + ((node.data("size") - 1) / 9) * (BIG_LABEL.max - BIG_LABEL.min);
  const inView = (node) => {
    const { x, y } = node.position();
    return x >= x1 && x <= x2 && y >= y1 && y <= y2;
  };
  const shown = new Set(
    cy
      .nodes()
      .filter((node) => px(node) >= smallest && inView(node))
      .sort((a, b) => b.data("size") - a.data("size"))
      .slice(0, BIG_LABEL_BUDGET)
      .map((node) => node.id()),
  );
  cy.batch(() => {
    cy.nodes().forEach((node) => {
      const label = shown.has(node.id()) ? node.data("name") : "";
      if (node.data("label") !== label) node.data("label", label);
    });
  });
}

function debounce(fn, ms) {
  let timer = null;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

// ---------------------------------------------------------------------------------------------
// Elements

/** Where each node's label goes: below it, or beside it when a neighbour sits close by its side. */
function labelPlacements(nodes) {
  const placements = new Map();
  for (const node of nodes) {
    let nearest = null;
    let best = Infinity;
    for (const other of nodes) {
      if (other === node) continue;
      const d = Math.hypot(other.x - node.x, other.y - node.y);
      if (d < best) {
        best = d;
        nearest = other;
      }
    }
    let placement = { labelV: "bottom", labelH: "center", labelDx: 0, labelDy: 3 };
    if (nearest && best < CROWDED) {
      const dx = nearest.x - node.x;
      const dy = nearest.y - node.y;
      if (Math.abs(dx) > Math.abs(dy)) {
        placement = dx > 0
          ? { labelV: "center", labelH: "left", labelDx: -4, labelDy: 0 }
          : { labelV: "center", labelH: "right", labelDx: 4, labelDy: 0 };
      } else if (dy < 0) {
        // The neighbour is below (y grows upwards in the layout): label above.
        placement = { labelV: "top", labelH: "center", labelDx: 0, labelDy: -3 };
      }
    }
    placements.set(node.slug, placement);
  }
  return placements;
}

function nodeElement(node, placement) {
  const kind = NODE_KINDS[node.kind] || NODE_KINDS.CHARACTER;
  return {
    group: "nodes",
    classes: "",
    data: {
      id: node.slug,
      gid: node.entityId,
      name: node.label,
      label: big ? "" : node.label, // a big work's labels follow the zoom (labelByZoom)
      kind: node.kind,
      color: kind.color,
      shape: kind.shape,
      diameter: big ? 4 + node.size * 1.8 : 10 + node.size * 2.6,
      size: node.size,
      centrality: node.centrality,
      ...placement,
    },
    // The server's layout is in [-1, 1] with y growing upwards; the canvas's y grows downwards.
    position: { x: node.x * SCALE, y: -node.y * SCALE },
  };
}

/** One relationship as its own line: a pair expanded, or every pair when unbundled. */
function relationshipElement(edge) {
  return {
    group: "edges",
    classes: `relationship${state.hiddenKinds.has(edge.kind) ? " kind-hidden" : ""}`,
    data: {
      // Keyed by slug: the same relationship keeps its element across periods (its global id
      // names the view it was drawn in).
      id: edge.slug,
      gid: edge.recordId,
      source: edge.source,
      target: edge.target,
      pair: pairId(edge.source, edge.target),
      kind: edge.kind,
      category: edge.category,
      directed: edge.directed,
      active: edge.active,
      sentiment: edge.sentiment,
      slugs: [edge.slug],
      color: kindColor(edge.kind),
      lineStyle: LINE_STYLES[edge.sentiment] || "solid",
      width: 1 + edge.weight * 0.6,
      summary: humanKind(edge.kind),
    },
  };
}

function pairElement(pair, options) {
  const line = pairLine(pair, options);
  if (!line) return null;
  return { group: "edges", classes: `pair${line.muted ? " muted" : ""}`, data: line.data };
}

/** Pairs a big work draws: the strongest first, up to the budget, and every pair of the focus. */
function budgeted(pairs, sizes) {
  const focus = new Set([state.selected, state.path && state.path.from, state.path && state.path.to]);
  const strength = (p) => p.edges.length * 100 + (sizes.get(p.source) || 0) + (sizes.get(p.target) || 0);
  const ranked = [...pairs.values()].sort((a, b) => strength(b) - strength(a));
  return ranked.filter((p, i) => i < BIG_EDGE_BUDGET || focus.has(p.source) || focus.has(p.target));
}

/** Every element the view should show, by id: nodes first, then lines. */
function wanted(graph) {
  const elements = new Map();
  const placements = big ? new Map() : labelPlacements(graph.nodes);
  for (const node of graph.nodes) elements.set(node.slug, nodeElement(node, placements.get(node.slug)));
  const pairs = groupPairs(graph.edges);
  const options = { hiddenKinds: state.hiddenKinds, colourKind: state.colourKind, order: graph.kinds.map((k) => k.kind) };
  const sizes = new Map(graph.nodes.map((n) => [n.slug, n.size]));
  const drawn = big ? budgeted(pairs, sizes) : [...pairs.values()];
  drawnPairs = { drawn: drawn.length, total: pairs.size };
  for (const pair of drawn) {
    if (state.unbundled || state.expanded === pair.id) {
      for (const edge of pair.edges) elements.set(edge.slug, relationshipElement(edge));
    } else {
      const line = pairElement(pair, options);
      if (line) elements.set(line.data.id, line);
    }
  }
  return elements;
}

// ---------------------------------------------------------------------------------------------
// Drawing

const MANAGED_CLASSES = ["muted", "kind-hidden"];

/** Bring the drawn elements in line with `elements`; resolves once every fade has finished. */
function sync(elements, animate) {
  const entering = [];
  const leaving = cy.elements().filter((ele) => !elements.has(ele.id()));
  cy.batch(() => {
    for (const def of elements.values()) {
      const ele = cy.getElementById(def.data.id);
      if (ele.empty()) {
        entering.push(def);
        continue;
      }
      const { id, source, target, ...data } = def.data; // ends and ids cannot change
      ele.data(data);
      ele.removeClass("leaving");
      for (const name of MANAGED_CLASSES) ele.toggleClass(name, def.classes.split(" ").includes(name));
    }
    if (!animate) leaving.remove();
  });
  if (!animate) {
    cy.add(entering);
    return Promise.resolve();
  }
  const added = cy.add(entering.map((def) => ({ ...def, classes: `${def.classes} entering` })));
  leaving.addClass("leaving");
  // Dropping the class a frame later lets the style's transition fade the new elements in.
  requestAnimationFrame(() => added.removeClass("entering"));
  return new Promise((resolve) => {
    setTimeout(() => {
      cy.remove(leaving.filter(".leaving"));
      resolve();
    }, FADE_MS);
  });
}

/**
 * Draw a view. A new work (or a switch between small and big) makes a new instance and fits the
 * map; moving through the story keeps the viewport unless something would fall outside it.
 */
export async function drawGraph(graph, { refit = false } = {}) {
  const forBig = isBig(graph);
  const fresh = !cy || forBig !== big;
  if (fresh) createCy(forBig);
  const animate = !fresh && !big && !reducedMotion.matches;
  await sync(wanted(graph), animate);
  if (fresh || refit || !inView()) fit();
  if (big) labelByZoom();
  updateCounts();
  handlers.drawn();
}

/** Redraw the current view after a change of kinds, colours, expansion or bundling. */
export function redraw() {
  if (!cy || !state.graph) return Promise.resolve();
  return sync(wanted(state.graph), !big && !reducedMotion.matches).then(() => {
    updateCounts();
    handlers.drawn();
  });
}

function shownElements() {
  return cy.elements().not(".kind-hidden, .leaving");
}

function inView() {
  const box = shownElements().renderedBoundingBox();
  return box.x1 >= -1 && box.y1 >= -1 && box.x2 <= cy.width() + 1 && box.y2 <= cy.height() + 1;
}

/**
 * The whole map in view. On a small work the labels grow as the map zooms out, so the fit is done
 * again until they settle: every label ends up inside the map. A big work is fitted on its node
 * positions (the bounding box of thousands of lines and labels costs seconds).
 */
export function fit() {
  if (!cy) return;
  cy.resize();
  if (big) {
    fitPositions();
    return;
  }
  for (let i = 0; i < 4; i += 1) {
    cy.fit(shownElements(), FIT_PADDING);
    if (!sizeLabels()) break;
  }
}

function fitPositions() {
  const xs = cy.nodes().map((n) => n.position("x"));
  const ys = cy.nodes().map((n) => n.position("y"));
  if (!xs.length) return;
  const [x1, x2, y1, y2] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const zoom = Math.min((cy.width() - 2 * FIT_PADDING) / (x2 - x1 || 1), (cy.height() - 2 * FIT_PADDING) / (y2 - y1 || 1));
  cy.viewport({ zoom, pan: { x: cy.width() / 2 - zoom * (x1 + x2) / 2, y: cy.height() / 2 - zoom * (y1 + y2) / 2 } });
}

/**
 * Frame some elements: fit them with a margin, but no closer than MAX_FOCUS_ZOOM, so a lone pair
 * is not blown up. Without animation, so positions are settled as soon as this returns.
 */
const MAX_FOCUS_ZOOM = 1.4;
export function frame(eles, padding) {
  if (!cy || eles.empty()) return;
  cy.resize();
  cy.fit(eles, padding);
  if (cy.zoom() > MAX_FOCUS_ZOOM) {
    cy.zoom(MAX_FOCUS_ZOOM);
    cy.center(eles);
  }
}

/** Frame a node with its neighbours on the map. */
export function focusOn(slug) {
  const node = cy.getElementById(slug);
  if (node.empty()) return;
  frame(node.closedNeighborhood().not(".kind-hidden"), 40);
}

export function bigMap() {
  return Boolean(big);
}

export function hasNode(slug) {
  return Boolean(cy && slug && cy.getElementById(slug).nonempty());
}

export function nameOf(slug) {
  const node = cy && cy.getElementById(slug);
  return node && node.nonempty() ? node.data("name") : slug;
}

function updateCounts() {
  const shown = cy.edges().not(".kind-hidden, .leaving");
  const relationships = shown.reduce((sum, e) => sum + e.data("slugs").length, 0);
  const lines = drawnPairs.drawn < drawnPairs.total
    ? `${drawnPairs.drawn.toLocaleString("en")} of ${plural(drawnPairs.total, "pair")} drawn (the strongest)`
    : `${plural(shown.length, "line")} for ${plural(relationships, "relationship")}`;
  $("counts").textContent = `${plural(cy.nodes().length, "node")} · ${lines} · ${periodName(state.asOf)}`;
}
