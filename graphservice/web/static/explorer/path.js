/*
 * Shortest paths (PATH_QUERY): chosen in the controls, from a node's panel, or by shift-clicking
 * two nodes. The path's nodes and lines are highlighted (a bundled line for each step's pair, or
 * the relationships crossed when the pair is drawn expanded) and the panel lists each step.
 */
import { PATH_QUERY, gql } from "./explorer.js";
import { $, el, humanKind, meaningWith } from "./dom.js";
import { REASON_WORDS } from "./look.js";
import { frame, nameOf, redraw, bigMap } from "./map.js";
import { closePanel, evidenceList, kindChip, nodeButton, showPanel } from "./panel.js";
import { pairId } from "./pairs.js";
import { explorer, periodName, state, track, writeUrl } from "./state.js";

let pathToken = 0;

export function setPathEnd(end, slug) {
  $(end === "from" ? "path-from" : "path-to").value = slug;
  const from = $("path-from").value;
  const to = $("path-to").value;
  if (from && to && from !== to) track(() => runPath(from, to));
  else $(end === "from" ? "path-to" : "path-from").focus();
}

/** Shift-click: the first node starts a pair, the second finishes it and asks for the path. */
export function pickPathEnd(slug) {
  const cy = explorer.cy;
  if (!state.pathStart || state.pathStart === slug) {
    state.pathStart = slug;
    $("path-from").value = slug;
    $("path-to").value = "";
    cy.nodes().removeClass("path-end");
    cy.getElementById(slug).addClass("path-end");
    return;
  }
  const from = state.pathStart;
  state.pathStart = null;
  $("path-to").value = slug;
  track(() => runPath(from, slug));
}

/** The relationship kinds shown on the map, or null when every kind is (no filter at all). */
function shownRelationshipKinds() {
  if (!state.graph) return null;
  const kinds = state.graph.kinds.filter((k) => k.category !== "PLACE_LINK").map((k) => k.kind);
  if (!kinds.some((k) => state.hiddenKinds.has(k))) return null;
  return kinds.filter((k) => !state.hiddenKinds.has(k)).map((k) => k.toUpperCase());
}

/** Ask PATH_QUERY for the path between two nodes, highlight it and list its steps. */
export async function runPath(from, to) {
  const token = ++pathToken;
  const data = await gql(PATH_QUERY, {
    work: state.work.slug,
    from,
    to,
    asOf: state.asOf || null,
    includePlaces: state.includePlaces,
    kinds: shownRelationshipKinds(),
  });
  if (token !== pathToken) return;
  const result = data.shortestPath;
  if (state.pair) closePanel({ restoreFocus: false });
  state.path = { from, to, result };
  state.pathStart = null;
  $("path-from").value = from;
  $("path-to").value = to;
  if (bigMap()) await redraw(); // a big work draws every pair of the path's ends
  highlightPath(result, from, to);
  state.selected = null;
  explorer.cy.nodes().removeClass("selected");
  $("node-list").value = "";
  showPanel(`Path: ${nameOf(from)} → ${nameOf(to)}`, renderPath(result));
  $("panel").dataset.node = "";
  const cy = explorer.cy;
  frame(result.__typename === "Path" ? cy.elements(".on-path") : cy.elements(".path-end"), 60);
  writeUrl();
}

function highlightPath(result, from, to) {
  const cy = explorer.cy;
  cy.batch(() => {
    cy.elements().removeClass("on-path faded path-end");
    cy.getElementById(from).addClass("path-end");
    cy.getElementById(to).addClass("path-end");
    if (result.__typename !== "Path") return;
    const onPath = cy.collection();
    for (const step of result.steps) {
      onPath.merge(cy.getElementById(step.from.slug));
      onPath.merge(cy.getElementById(step.to.slug));
      onPath.merge(cy.getElementById(pairId(step.from.slug, step.to.slug)));
      for (const rel of [...step.relationships, ...step.placeLinks]) onPath.merge(cy.getElementById(rel.slug));
    }
    onPath.addClass("on-path");
    cy.elements().difference(onPath).addClass("faded");
  });
  explorer.highlighted = {
    nodes: cy.nodes(".on-path").map((n) => n.id()),
    edges: cy.edges(".on-path").map((e) => e.id()),
  };
}

function renderStep(step, i) {
  const crossed = step.relationship
    ? meaningWith(
        step.relationship.meaning,
        step.forward ? step.from.name : step.to.name,
        step.forward ? step.to.name : step.from.name,
      )
    : step.placeLinks.map((l) => humanKind(l.kind)).join(", ");
  const kind = step.relationship ? step.relationship.kind : step.placeLinks.length ? step.placeLinks[0].kind : "";
  const others = step.relationships.length + step.placeLinks.length - 1;
  return el(
    "li",
    { class: "item step" },
    el("p", { class: "item-head" }, el("span", { class: "step-no" }, `${i + 1}.`), " ", nodeButton(step.from), " → ", nodeButton(step.to)),
    el("p", { class: "meaning" }, kind ? kindChip(kind) : null, " ", crossed),
    others > 0 ? el("p", { class: "meta" }, `and ${others} more link${others > 1 ? "s" : ""} between them`) : null,
    evidenceList(step.evidence),
    step.quotes.length
      ? el(
          "ul",
          { class: "step-quotes" },
          step.quotes.map((q) => el("li", {}, el("blockquote", {}, `“${q.text}”`), q.speaker ? el("cite", {}, q.speaker.name) : null)),
        )
      : null,
  );
}

function renderPath(result) {
  const clear = el("button", { type: "button", onclick: clearPath }, "Clear path");
  if (result.__typename === "NoPath") {
    return [
      el(
        "div",
        { class: "no-path", role: "status" },
        el("p", { class: "reason" }, REASON_WORDS[result.reason] || result.reason, el("code", {}, result.reason)),
        el("p", {}, result.message),
      ),
      clear,
    ];
  }
  return [
    el("p", { class: "facts" }, `${result.length} step${result.length === 1 ? "" : "s"} · ${periodName(state.asOf)}`),
    el("ol", { class: "items steps" }, result.steps.map(renderStep)),
    clear,
  ];
}

/** Re-apply the path's highlight after the map was redrawn (its elements may be new). */
export function rehighlight() {
  if (state.path && state.path.result) highlightPath(state.path.result, state.path.from, state.path.to);
}

export function clearPath() {
  pathToken += 1;
  const hadPanel = state.path && !$("panel").hidden && !state.selected && !state.pair;
  state.path = null;
  state.pathStart = null;
  explorer.highlighted = null;
  if (explorer.cy) explorer.cy.elements().removeClass("on-path faded path-end");
  $("path-from").value = "";
  $("path-to").value = "";
  if (hadPanel) closePanel();
  writeUrl();
}
