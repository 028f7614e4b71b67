/*
 * One line per related pair. The graph gives one edge per relationship, and a central pair of a
 * novel can have half a dozen (Kathy and Ruth: friendship, rivalry, jealousy, ...); drawn one
 * curve each they become a knot. Here the edges are grouped by unordered pair: the line's width
 * follows how many relationships join the two, its colour their most frequent kind (or the kind the
 * reader chose to colour by), its style their sentiments, and its tooltip lists the kinds.
 */
import { LINE_STYLES, MUTED_COLOR, kindColor } from "./look.js";
import { humanKind, plural } from "./dom.js";

const SEPARATOR = "~"; // not in slugs, so a pair id names its two ends unambiguously

/** The id of the pair joining two nodes, the same whichever end comes first. */
export function pairId(a, b) {
  return a < b ? `${a}${SEPARATOR}${b}` : `${b}${SEPARATOR}${a}`;
}

export function pairEnds(id) {
  return id.split(SEPARATOR);
}

/** The graph's edges grouped by pair, in the order each pair first appears. */
export function groupPairs(edges) {
  const pairs = new Map();
  for (const edge of edges) {
    const id = pairId(edge.source, edge.target);
    const [source, target] = pairEnds(id);
    if (!pairs.has(id)) pairs.set(id, { id, source, target, edges: [] });
    pairs.get(id).edges.push(edge);
  }
  return pairs;
}

/** Kinds with how many of the edges have each, most frequent first (ties: the legend's order). */
function kindCounts(edges, order) {
  const counts = new Map();
  for (const e of edges) counts.set(e.kind, (counts.get(e.kind) || 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || order.indexOf(a[0]) - order.indexOf(b[0]));
}

/** Solid when every one is warm or neutral, dashed when every one is hostile, dotted when mixed. */
function lineStyle(edges) {
  const styles = new Set(edges.map((e) => LINE_STYLES[e.sentiment] || "solid"));
  return styles.size === 1 ? [...styles][0] : "dotted";
}

/** Wider with each relationship, up to a cap so a crowded pair does not hide its ends. */
function pairWidth(count) {
  return Math.min(1.6 + 1.5 * count, 12);
}

/**
 * The drawn line of one pair, from the edges whose kind is shown, or null when none is: its
 * Cytoscape data, a summary for the tooltip and whether it is muted by the chosen colour kind.
 */
export function pairLine(pair, { hiddenKinds, colourKind, order }) {
  const shown = pair.edges.filter((e) => !hiddenKinds.has(e.kind));
  if (!shown.length) return null;
  const kinds = kindCounts(shown, order);
  const dominant = kinds[0][0];
  const muted = Boolean(colourKind) && !kinds.some(([k]) => k === colourKind);
  const colour = colourKind && !muted ? colourKind : dominant;
  return {
    muted,
    data: {
      id: pair.id,
      source: pair.source,
      target: pair.target,
      kind: colour,
      kinds: kinds.map(([k]) => k),
      slugs: shown.map((e) => e.slug),
      count: shown.length,
      directed: false,
      active: shown.some((e) => e.active),
      color: muted ? MUTED_COLOR : kindColor(colour),
      lineStyle: lineStyle(shown),
      width: pairWidth(shown.length),
      summary: kinds.map(([k, n]) => (n > 1 ? `${humanKind(k)} ×${n}` : humanKind(k))).join(", "),
      title: plural(shown.length, "relationship"),
    },
  };
}
