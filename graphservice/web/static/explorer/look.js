/*
 * How the map looks: colours, line styles and the Cytoscape.js style sheet. Every colour here has
 * at least 3:1 contrast against the white map, as WCAG asks of graphics; shapes repeat the node
 * kind for readers who cannot tell the colours apart.
 */

export const NODE_KINDS = {
  CHARACTER: { label: "Character", plural: "Characters", color: "#2563b8", shape: "ellipse" },
  GROUP: { label: "Group", plural: "Groups", color: "#c2570c", shape: "round-rectangle" },
  PLACE: { label: "Place", plural: "Places", color: "#2f7d4f", shape: "diamond" },
};

export const KIND_COLORS = {
  friendship: "#1a7f37",
  romance: "#c0267a",
  attraction: "#d9467f",
  rivalry: "#b35c00",
  jealousy: "#8250df",
  authority: "#424a53",
  care: "#0969da",
  support: "#2e8540",
  manipulation: "#8a1b4f",
  condescension: "#9a6700",
  hostility: "#cf222e",
  conflict: "#e05a00",
  discord: "#a40e26",
  admiration: "#5a32a3",
  collaboration: "#00827a",
  patronage: "#7d6a00",
  exploitation: "#6e2a6e",
  origin: "#1f4e8c",
  parent: "#0b5e8a",
  sibling: "#2b7a9e",
  kin: "#5c6b2e",
  marriage: "#a3275e",
  employment: "#3b5bdb",
  acquaintance: "#6d6a2c",
  conversation: "#9333ea",
  membership: "#6e7781",
  lived_at: "#8c5a2b",
  worked_at: "#6b7f1a",
  visited: "#a06a3c",
  stayed_at: "#b0563d",
  founded: "#5b3a1a",
  ran: "#3f7f6e",
  seen_at: "#7b6b5a",
};
const SPARE_COLORS = ["#4b5563", "#7c3aed", "#0e7490", "#b45309", "#be123c", "#15803d"];

export function kindColor(kind) {
  if (KIND_COLORS[kind]) return KIND_COLORS[kind];
  let hash = 0;
  for (const ch of kind) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return SPARE_COLORS[hash % SPARE_COLORS.length];
}

export const LINE_STYLES = { POSITIVE: "solid", NEUTRAL: "solid", NEGATIVE: "dashed", MIXED: "dotted" };
export const SENTIMENT_WORDS = { POSITIVE: "warm", NEGATIVE: "hostile", MIXED: "mixed", NEUTRAL: "neutral" };
export const REASON_WORDS = {
  EXCLUDED: "An end is excluded",
  NOT_YET_MET: "Not met yet",
  PLACE_NOT_INCLUDED: "Places are not included",
  FILTERED_OUT: "Cut by the hidden kinds",
  HIDDEN_BY_VIEW: "Hidden at this point of the story",
  DISCONNECTED: "Not connected",
};

// The server's layout is in [-1, 1] with y growing upwards; the canvas's y grows downwards.
// At this scale a desktop map is drawn at a zoom near 1, so the sizes below are about pixels.
export const SCALE = 600;
// Nodes nearer than this (in layout units) to their nearest neighbour put their label beside
// them, on the far side, instead of underneath where it would run into the neighbour's.
export const CROWDED = 0.16;
// Label size in map units, and the smallest it may look on screen when zoomed out (pixels).
export const LABEL_PX = 13;
export const LABEL_MIN_PX = 10.5;
export const LABEL_MIN_PX_NARROW = 9;


// A bundled line takes a neutral grey when a colour kind is chosen and the pair has none of it.
export const MUTED_COLOR = "#9aa1a9";
// How long elements take to fade in and out as the reader moves through the story (ms).
export const FADE_MS = 350;

const NODE_STYLE = {
  "background-color": "data(color)",
  shape: "data(shape)",
  width: "data(diameter)",
  height: "data(diameter)",
  label: "data(label)",
  "font-family": "system-ui, sans-serif",
  "font-size": LABEL_PX,
  "font-weight": 600,
  color: "#1f2328",
  "text-valign": "data(labelV)",
  "text-halign": "data(labelH)",
  "text-margin-x": "data(labelDx)",
  "text-margin-y": "data(labelDy)",
  "text-outline-color": "#ffffff",
  "text-outline-width": 2.5,
  "border-width": 2,
  "border-color": "#ffffff",
};

const EDGE_STYLE = {
  "line-color": "data(color)",
  "target-arrow-color": "data(color)",
  "line-style": "data(lineStyle)",
  width: "data(width)",
  "curve-style": "bezier",
  "control-point-step-size": 16,
  "arrow-scale": 0.9,
  opacity: 0.85,
};

// Moving through the story fades relationships in and out and eases a changed line into its new
// width and colour, so a reader sees what changed.
const TRANSITIONS = {
  "transition-property": "opacity, width, line-color, target-arrow-color",
  "transition-duration": FADE_MS / 1000,
};

/** The style sheet; `big` works drop what costs per element (curves, arrows, transitions). */
export function mapStyle({ big }) {
  const node = big
    ? {
        ...NODE_STYLE,
        // Labels by importance and zoom: only the nodes map.js gives a label to carry one (see
        // labelByZoom), its size following the node's.
        label: "",
        "font-size": "mapData(size, 1, 10, 5, 22)", // as BIG_LABEL in map.js
        "min-zoomed-font-size": 9,
        "text-valign": "bottom",
        "text-halign": "center",
        "text-margin-x": 0,
        "text-margin-y": 2,
        "border-width": 0,
      }
    : NODE_STYLE;
  const edge = big
    ? { ...EDGE_STYLE, "curve-style": "haystack", "haystack-radius": 0, opacity: 0.55, "line-style": "solid" }
    : { ...EDGE_STYLE, ...TRANSITIONS };
  return [
    { selector: "node", style: big ? node : { ...node, "transition-property": "opacity, width, height", "transition-duration": FADE_MS / 1000 } },
    { selector: "edge", style: edge },
    { selector: "node[?label]", style: { label: "data(label)" } },
    // A wide dotted line reads as a hatched ribbon: a pair of mixed sentiments gets long dashes.
    { selector: "edge.pair[lineStyle = 'dotted']", style: { "line-style": "dashed", "line-dash-pattern": [12, 4] } },
    { selector: "edge[?directed]", style: big ? {} : { "target-arrow-shape": "triangle" } },
    { selector: "edge[!active]", style: { opacity: 0.45 } },
    { selector: "edge.muted", style: { opacity: 0.35 } },
    { selector: ".kind-hidden", style: { display: "none" } },
    { selector: ".entering, .leaving", style: { opacity: 0 } },
    { selector: ".faded", style: { opacity: 0.15, "text-opacity": 0.5 } },
    { selector: "node.faded", style: { opacity: 0.35 } },
    { selector: "node.selected", style: { "border-color": "#111827", "border-width": 4, "z-index": 20 } },
    { selector: "edge.selected", style: { "underlay-color": "#111827", "underlay-opacity": 0.25, "underlay-padding": 3, opacity: 1 } },
    { selector: "node.search-hit", style: { "overlay-color": "#facc15", "overlay-opacity": 0.35 } },
    { selector: ".on-path", style: { display: "element", opacity: 1, "text-opacity": 1, "z-index": 10 } },
    { selector: "node.on-path", style: { "border-color": "#111827", "border-width": 3 } },
    {
      selector: "edge.on-path",
      style: { width: 6, "line-style": "solid", "underlay-color": "#facc15", "underlay-opacity": 0.8, "underlay-padding": 4 },
    },
    {
      selector: "node.path-end",
      style: { "underlay-color": "#facc15", "underlay-opacity": 0.8, "underlay-padding": 6, "underlay-shape": "ellipse" },
    },
  ];
}
