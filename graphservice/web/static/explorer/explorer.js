/*
 * The relationship explorer: a map of one work's characters, groups and places, drawn with
 * Cytoscape.js from the public GraphQL API at /graphql and nothing else.
 *
 * It is meant to be read as a reference client too. Every request goes through `gql()` below,
 * and each query it sends is a named constant with a comment on what it asks and why:
 *
 *   WORKS_QUERY   the catalogue: works, their titles and periods (for the work and period controls)
 *   GRAPH_QUERY   one view of the graph: nodes with the server's layout, edges, a legend of kinds
 *   NODE_QUERY    one node's details for the side panel: relationships with evidence, quotes
 *   PATH_QUERY    the shortest path between two nodes, or the reason there is none
 *   SEARCH_QUERY  typo-tolerant search by name, alias or text
 *
 * Every query carries the same `asOf` as the map, so nothing the panel shows gets ahead of the
 * reader. Connections are asked for with `first:` so each query stays inside the server's cost
 * limit (an unbounded connection is costed at 100 items).
 *
 * Tests reach the page's state through `window.explorer` (the Cytoscape instance, the current
 * view and a `status` that is "ready" once every request has answered).
 */
(function () {
  "use strict";

  // ---------------------------------------------------------------------------------------------
  // Talking to the API

  const ENDPOINT = "/graphql";

  /** An answer the API refused or could not give, with the codes of its errors. */
  class ApiError extends Error {
    constructor(message, codes) {
      super(message);
      this.name = "ApiError";
      this.codes = codes || [];
    }
  }

  /**
   * Send one operation and return its `data`. GraphQL reports failures in an `errors` list, often
   * with an HTTP 200, so the list is checked whatever the status; each error's `extensions.code`
   * (NOT_FOUND, BAD_USER_INPUT, QUERY_TOO_COMPLEX, ...) is kept for the message.
   */
  async function gql(query, variables) {
    let response;
    try {
      response = await fetch(ENDPOINT, {
        method: "POST",
        headers: {
          "Content-Type": "application/json",
          // The GraphQL-over-HTTP media type: refused operations come back as 400 with a body.
          Accept: "application/graphql-response+json, application/json;q=0.9",
        },
        body: JSON.stringify({ query, variables }),
      });
    } catch (err) {
      throw new ApiError(`Could not reach the GraphQL API (${err.message}).`);
    }
    let payload;
    try {
      payload = await response.json();
    } catch (err) {
      throw new ApiError(`The GraphQL API answered ${response.status} without JSON.`);
    }
    if (payload.errors && payload.errors.length) {
      const codes = payload.errors.map((e) => (e.extensions && e.extensions.code) || "ERROR");
      const text = payload.errors.map((e, i) => `${e.message} [${codes[i]}]`).join("; ");
      throw new ApiError(text, codes);
    }
    if (!payload.data) {
      throw new ApiError(`The GraphQL API answered ${response.status} with no data.`);
    }
    return payload.data;
  }

  // The works served and their periods. `periods` are in reading order; their slugs are what
  // `asOf` takes everywhere else.
  const WORKS_QUERY = `
    query ExplorerWorks {
      works {
        slug
        title
        author
        year
        periods { slug name position }
      }
    }`;

  // One view of the graph. `x`/`y` come from a layout computed once on the server with a fixed
  // seed, so every client draws the same picture and a node keeps its place in every view.
  // `size` (1 to 10) follows the `sizeBy` centrality measure; `kinds` lists the edge kinds present,
  // with their meaning and whether they are directed, ready for a legend. With `asOf`, whatever
  // the reader has not met by the end of that period is left out.
  const GRAPH_QUERY = `
    query ExplorerGraph(
      $work: String
      $asOf: String
      $includePlaces: Boolean!
      $sizeBy: CentralityMeasure!
    ) {
      graph(work: $work, asOf: $asOf, includePlaces: $includePlaces, sizeBy: $sizeBy) {
        sizeBy
        nodes { entityId slug label kind x y size community centrality }
        edges {
          recordId slug source target category kind directed sentiment weight active
          revealed { slug name }
        }
        kinds { kind category directed meaning count }
      }
    }`;

  // One node's details, fetched by the global id the graph gave it. The fragments pick what each
  // kind of node has: relationships (memberships included) for characters and groups, quotes and
  // place links for characters, links and quotes for places. Evidence is the source's own words
  // with a locator (the heading of the section it comes from).
  const NODE_QUERY = `
    query ExplorerNode($id: ID!, $asOf: String) {
      node(id: $id) {
        __typename
        ... on Entity {
          slug
          name
          aliases
          description
          introduced { name }
        }
        ... on Party {
          relationships(asOf: $asOf, first: 100) {
            totalCount
            edges {
              node {
                id kind meaning directed sentiment active note
                source { slug name }
                target { slug name }
                revealed { name }
                evidence { text locator }
              }
            }
          }
        }
        ... on Character {
          roles
          quotes(asOf: $asOf, first: 50) {
            totalCount
            edges { node { ...ExplorerQuote } }
          }
          places(asOf: $asOf, first: 50) {
            totalCount
            edges {
              node {
                id kind meaning active
                place { slug name }
                evidence { text locator }
              }
            }
          }
        }
        ... on Place {
          kind
          within { slug name }
          links(asOf: $asOf, first: 100) {
            totalCount
            edges {
              node {
                id kind meaning active
                character { slug name }
                evidence { text locator }
              }
            }
          }
          quotes(asOf: $asOf, first: 50) {
            totalCount
            edges { node { ...ExplorerQuote } }
          }
        }
      }
    }

    fragment ExplorerQuote on Quote {
      id text kind disputed locators
      speaker { slug name }
      addressees { slug name }
    }`;

  // The shortest path between two nodes. The answer is a union: a `Path` whose steps carry the
  // relationships (or place links) crossed, their evidence and linked quotes, or a `NoPath` whose
  // `reason` says why there is none (NOT_YET_MET, HIDDEN_BY_VIEW, FILTERED_OUT, DISCONNECTED, ...).
  // `kinds` restricts the walk to the relationship kinds shown on the map.
  const PATH_QUERY = `
    query ExplorerPath(
      $work: String
      $from: String!
      $to: String!
      $asOf: String
      $includePlaces: Boolean!
      $kinds: [RelationshipKind!]
    ) {
      shortestPath(
        work: $work
        from: $from
        to: $to
        asOf: $asOf
        includePlaces: $includePlaces
        kinds: $kinds
      ) {
        __typename
        ... on Path {
          length
          steps {
            from { slug name }
            to { slug name }
            forward
            relationship { kind meaning }
            relationships { id slug }
            placeLinks { id slug kind meaning }
            evidence { text locator }
            quotes { id text speaker { name } }
          }
        }
        ... on NoPath { reason message }
      }
    }`;

  // Search names, aliases, descriptions and quotes, best match first. A quote hit leads to its
  // speaker, so it can still select a node on the map.
  const SEARCH_QUERY = `
    query ExplorerSearch($work: String, $text: String!, $asOf: String) {
      search(work: $work, text: $text, asOf: $asOf, limit: 8) {
        field
        matched
        node {
          __typename
          ... on Entity { slug name }
          ... on Quote { speaker { slug name } }
        }
      }
    }`;

  // ---------------------------------------------------------------------------------------------
  // Colours and styles. Every colour here has at least 3:1 contrast against the white map, as
  // WCAG asks of graphics; shapes repeat the node kind for readers who cannot tell the colours.

  const NODE_KINDS = {
    CHARACTER: { label: "Character", plural: "Characters", color: "#2563b8", shape: "ellipse" },
    GROUP: { label: "Group", plural: "Groups", color: "#c2570c", shape: "round-rectangle" },
    PLACE: { label: "Place", plural: "Places", color: "#2f7d4f", shape: "diamond" },
  };

  const KIND_COLORS = {
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

  function kindColor(kind) {
    if (KIND_COLORS[kind]) return KIND_COLORS[kind];
    let hash = 0;
    for (const ch of kind) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
    return SPARE_COLORS[hash % SPARE_COLORS.length];
  }

  const LINE_STYLES = { POSITIVE: "solid", NEUTRAL: "solid", NEGATIVE: "dashed", MIXED: "dotted" };
  const SENTIMENT_WORDS = { POSITIVE: "warm", NEGATIVE: "hostile", MIXED: "mixed", NEUTRAL: "neutral" };
  const REASON_WORDS = {
    EXCLUDED: "An end is excluded",
    NOT_YET_MET: "Not met yet",
    PLACE_NOT_INCLUDED: "Places are not included",
    FILTERED_OUT: "Cut by the hidden kinds",
    HIDDEN_BY_VIEW: "Hidden at this point of the story",
    DISCONNECTED: "Not connected",
  };

  // The server's layout is in [-1, 1] with y growing upwards; the canvas's y grows downwards.
  // At this scale a desktop map is drawn at a zoom near 1, so the sizes below are about pixels.
  const SCALE = 600;
  // Nodes nearer than this (in layout units) to their nearest neighbour put their label beside
  // them, on the far side, instead of underneath where it would run into the neighbour's.
  const CROWDED = 0.16;
  // Label size in map units, and the smallest it may look on screen when zoomed out (pixels).
  const LABEL_PX = 13;
  const LABEL_MIN_PX = 10.5;
  const LABEL_MIN_PX_NARROW = 9;

  const CY_STYLE = [
    {
      selector: "node",
      style: {
        "background-color": "data(color)",
        shape: "data(shape)",
        width: "data(diameter)",
        height: "data(diameter)",
        label: "data(label)",
        "font-family": "system-ui, sans-serif",
        "font-size": 13,
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
      },
    },
    {
      selector: "edge",
      style: {
        "line-color": "data(color)",
        "target-arrow-color": "data(color)",
        "line-style": "data(lineStyle)",
        width: "data(width)",
        "curve-style": "bezier",
        "control-point-step-size": 14,
        "arrow-scale": 0.9,
        opacity: 0.85,
      },
    },
    { selector: "edge[?directed]", style: { "target-arrow-shape": "triangle" } },
    { selector: "edge[!active]", style: { opacity: 0.45 } },
    { selector: ".kind-hidden", style: { display: "none" } },
    { selector: ".faded", style: { opacity: 0.15, "text-opacity": 0.5 } },
    { selector: "node.faded", style: { opacity: 0.35 } },
    {
      selector: "node.selected",
      style: { "border-color": "#111827", "border-width": 4, "z-index": 20 },
    },
    { selector: "node.search-hit", style: { "overlay-color": "#facc15", "overlay-opacity": 0.35 } },
    { selector: ".on-path", style: { display: "element", opacity: 1, "text-opacity": 1, "z-index": 10 } },
    { selector: "node.on-path", style: { "border-color": "#111827", "border-width": 3 } },
    {
      selector: "edge.on-path",
      style: {
        width: 6,
        "line-style": "solid",
        "underlay-color": "#facc15",
        "underlay-opacity": 0.8,
        "underlay-padding": 4,
      },
    },
    {
      selector: "node.path-end",
      style: { "underlay-color": "#facc15", "underlay-opacity": 0.8, "underlay-padding": 6, "underlay-shape": "ellipse" },
    },
  ];

  // ---------------------------------------------------------------------------------------------
  // State

  const $ = (id) => document.getElementById(id);

  const state = {
    works: [],
    work: null, // the work object from WORKS_QUERY
    asOf: "", // "" is the whole story
    includePlaces: false,
    sizeBy: "PAGERANK",
    hiddenKinds: new Set(),
    graph: null, // the last GRAPH_QUERY answer
    selected: null, // slug of the node whose panel is open
    path: null, // { from, to, result }
    pathStart: null, // first node of a shift-click pair
  };

  let cy = null;
  let busy = 0;
  let graphToken = 0;
  let panelToken = 0;
  let pathToken = 0;
  let lastFocus = null;

  const explorer = {
    get cy() {
      return cy;
    },
    state,
    status: "loading",
    gql,
    queries: { WORKS_QUERY, GRAPH_QUERY, NODE_QUERY, PATH_QUERY, SEARCH_QUERY },
    view() {
      return { work: state.work && state.work.slug, asOf: state.asOf, includePlaces: state.includePlaces, sizeBy: state.sizeBy };
    },
  };
  window.explorer = explorer;

  function setStatus() {
    explorer.status = busy > 0 ? "loading" : "ready";
    document.body.dataset.status = explorer.status;
  }

  /** Run an async task with the page marked busy, reporting any failure in the banner. */
  async function track(task) {
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

  function showError(err) {
    const message = err instanceof ApiError ? err.message : `Something went wrong: ${err.message || err}`;
    $("error-text").textContent = message;
    $("error").hidden = false;
  }

  function clearError() {
    $("error").hidden = true;
    $("error-text").textContent = "";
  }

  // ---------------------------------------------------------------------------------------------
  // Small DOM helpers (text goes in through textContent, never as HTML)

  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === "class") node.className = value;
      else if (key === "style") node.setAttribute("style", value);
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else if (key === "dataset") Object.assign(node.dataset, value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  function humanKind(kind) {
    const words = kind.replace(/_/g, " ").toLowerCase();
    return words.charAt(0).toUpperCase() + words.slice(1);
  }

  function periodName(slug) {
    if (!slug || !state.work) return "the whole story";
    const period = state.work.periods.find((p) => p.slug === slug);
    return period ? period.name : slug;
  }

  // ---------------------------------------------------------------------------------------------
  // The URL keeps the view (#asOf=part-2&places=1&node=kathy-h), so a view can be shared.

  function readHash() {
    const params = new URLSearchParams(location.hash.slice(1));
    return {
      work: params.get("work"),
      asOf: params.get("asOf") || "",
      includePlaces: params.get("places") === "1",
      sizeBy: params.get("sizeBy"),
      node: params.get("node"),
      from: params.get("from"),
      to: params.get("to"),
    };
  }

  function writeHash() {
    const params = new URLSearchParams();
    if (state.works.length > 1 && state.work) params.set("work", state.work.slug);
    if (state.asOf) params.set("asOf", state.asOf);
    if (state.includePlaces) params.set("places", "1");
    if (state.sizeBy !== "PAGERANK") params.set("sizeBy", state.sizeBy);
    if (state.selected) params.set("node", state.selected);
    if (state.path) {
      params.set("from", state.path.from);
      params.set("to", state.path.to);
    }
    const hash = params.toString();
    history.replaceState(null, "", hash ? `#${hash}` : location.pathname + location.search);
  }

  // ---------------------------------------------------------------------------------------------
  // The map

  function createCy() {
    cy = cytoscape({
      container: $("graph"),
      style: CY_STYLE,
      layout: { name: "preset" },
      minZoom: 0.2,
      maxZoom: 4,
      boxSelectionEnabled: false,
      autounselectify: true,
    });
    // Labels keep a readable size on screen when the map is zoomed out to fit a small viewport.
    let labelSize = 0;
    const sizeLabels = () => {
      const smallest = cy.width() < 500 ? LABEL_MIN_PX_NARROW : LABEL_MIN_PX;
      const size = Math.max(LABEL_PX, smallest / cy.zoom());
      if (Math.abs(size - labelSize) < 0.25) return;
      labelSize = size;
      cy.style().selector("node").style({ "font-size": size, "text-outline-width": size / 5 }).update();
    };
    cy.on("zoom", sizeLabels);
    cy.on("tap", "node", (event) => {
      const slug = event.target.id();
      const original = event.originalEvent;
      if (original && original.shiftKey) pickPathEnd(slug);
      else openNode(slug);
    });
  }

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
      data: {
        id: node.slug,
        gid: node.entityId,
        label: node.label,
        kind: node.kind,
        color: kind.color,
        shape: kind.shape,
        diameter: 10 + node.size * 2.6,
        size: node.size,
        centrality: node.centrality,
        ...placement,
      },
      position: { x: node.x * SCALE, y: -node.y * SCALE },
    };
  }

  function edgeElement(edge) {
    return {
      group: "edges",
      data: {
        // Keyed by slug, as nodes are: the same relationship keeps its element across periods
        // (its global id names the view it was drawn in).
        id: edge.slug,
        gid: edge.recordId,
        slug: edge.slug,
        source: edge.source,
        target: edge.target,
        kind: edge.kind,
        category: edge.category,
        directed: edge.directed,
        active: edge.active,
        sentiment: edge.sentiment,
        revealed: edge.revealed.slug,
        color: kindColor(edge.kind),
        lineStyle: LINE_STYLES[edge.sentiment] || "solid",
        width: 1 + edge.weight * 0.6,
      },
    };
  }

  function drawGraph(graph) {
    cy.batch(() => {
      cy.elements().remove();
      const placements = labelPlacements(graph.nodes);
      cy.add(graph.nodes.map((node) => nodeElement(node, placements.get(node.slug))));
      cy.add(graph.edges.map(edgeElement));
    });
    applyKindVisibility();
    fit();
  }

  function fit() {
    if (!cy) return;
    cy.resize();
    cy.fit(cy.elements().not(".kind-hidden"), 30);
  }

  function applyKindVisibility() {
    cy.batch(() => {
      cy.edges().forEach((edge) => {
        edge.toggleClass("kind-hidden", state.hiddenKinds.has(edge.data("kind")));
      });
    });
    updateCounts();
  }

  function updateCounts() {
    if (!cy) return;
    const nodes = cy.nodes().length;
    // Counted by class: Cytoscape works out `:visible` lazily, on its next frame.
    const edges = cy.edges().not(".kind-hidden").length;
    const total = cy.edges().length;
    const shown = edges === total ? `${edges} links` : `${edges} of ${total} links`;
    $("counts").textContent = `${nodes} nodes · ${shown} · ${periodName(state.asOf)}`;
  }

  /**
   * Frame some elements: fit them with a margin, but no closer than MAX_FOCUS_ZOOM, so a lone pair
   * is not blown up. Without animation, so positions are settled as soon as this returns.
   */
  const MAX_FOCUS_ZOOM = 1.4;
  function frame(eles, padding) {
    if (!cy || eles.empty()) return;
    cy.resize();
    cy.fit(eles, padding);
    if (cy.zoom() > MAX_FOCUS_ZOOM) {
      cy.zoom(MAX_FOCUS_ZOOM);
      cy.center(eles);
    }
  }

  /** Frame a node with its neighbours on the map. */
  function focusOn(slug) {
    const node = cy.getElementById(slug);
    if (node.empty()) return;
    const around = node.closedNeighborhood().not(".kind-hidden");
    frame(around.union(node), 40);
  }

  // ---------------------------------------------------------------------------------------------
  // Loading the catalogue and the graph

  async function init() {
    if (typeof window.cytoscape !== "function") {
      busy = 0;
      setStatus();
      explorer.status = "error";
      document.body.dataset.status = "error";
      showError(new ApiError("The graph library (Cytoscape.js) did not load, so the map cannot be drawn. Install the browser assets with `npm ci --prefix web`, or allow the CDN."));
      return;
    }
    createCy();
    bindControls();
    if (window.matchMedia("(max-width: 760px)").matches) {
      // On a phone the legends start folded, so the map is not pushed far down the page.
      $("legend-nodes").open = false;
      $("legend-kinds").open = false;
      $("path-section").open = false;
    }
    const wanted = readHash();
    await track(async () => {
      const data = await gql(WORKS_QUERY, {});
      state.works = data.works;
      state.work = data.works.find((w) => w.slug === wanted.work) || data.works[0];
      if (!state.work) throw new ApiError("The server has no works to show.");
      state.asOf = state.work.periods.some((p) => p.slug === wanted.asOf) ? wanted.asOf : "";
      state.includePlaces = wanted.includePlaces;
      if (wanted.sizeBy && [...$("size-by").options].some((o) => o.value === wanted.sizeBy)) state.sizeBy = wanted.sizeBy;
      fillWorkControls();
      await loadGraph();
      if (wanted.from && wanted.to && hasNode(wanted.from) && hasNode(wanted.to)) await runPath(wanted.from, wanted.to);
      if (wanted.node && hasNode(wanted.node)) await openNode(wanted.node, { focus: false });
    });
    // When the server's data changes (a curator's edit reloaded), fetch the works and the view
    // again: the map, the open panel and the path follow the new data.
    if (window.explorerLive) window.explorerLive.watchDataVersion(() => track(refreshData));
  }

  async function refreshData() {
    const data = await gql(WORKS_QUERY, {});
    state.works = data.works;
    state.work = data.works.find((w) => w.slug === (state.work && state.work.slug)) || data.works[0];
    if (!state.work.periods.some((p) => p.slug === state.asOf)) state.asOf = "";
    fillWorkControls();
    await loadGraph();
    explorer.refreshes = (explorer.refreshes || 0) + 1;
  }

  function fillWorkControls() {
    const work = state.work;
    $("work-title").textContent = work.title;
    const byline = [work.author, work.year].filter(Boolean).join(", ");
    $("work-byline").textContent = `${byline} · relationship explorer`;
    document.title = `${work.title} · relationship explorer`;

    const workSelect = $("work");
    workSelect.replaceChildren(...state.works.map((w) => el("option", { value: w.slug }, w.title)));
    workSelect.value = work.slug;
    $("work-field").hidden = state.works.length < 2;

    const period = $("period");
    period.replaceChildren(
      el("option", { value: "" }, "The whole story (spoilers)"),
      ...work.periods.map((p) => el("option", { value: p.slug }, `Up to the end of ${p.name}`)),
    );
    period.value = state.asOf;
    $("places").checked = state.includePlaces;
    $("size-by").value = state.sizeBy;
  }

  function hasNode(slug) {
    return Boolean(cy && slug && cy.getElementById(slug).nonempty());
  }

  /** Ask for the current view, draw it, then bring the panel and the path in line with it. */
  async function loadGraph() {
    const token = ++graphToken;
    const view = explorer.view();
    const data = await gql(GRAPH_QUERY, {
      work: view.work,
      asOf: view.asOf || null,
      includePlaces: view.includePlaces,
      sizeBy: view.sizeBy,
    });
    if (token !== graphToken) return; // a newer view was asked for meanwhile
    state.graph = data.graph;
    explorer.shown = view;
    drawGraph(data.graph);
    fillLegend(data.graph);
    fillNodeLists(data.graph);
    clearError();

    const path = state.path;
    if (path && hasNode(path.from) && hasNode(path.to)) await runPath(path.from, path.to);
    else if (path) clearPath();
    if (state.selected && hasNode(state.selected)) await openNode(state.selected, { frame: false, focus: false });
    else if (state.selected) closePanel({ restoreFocus: false });
    writeHash();
  }

  function reload() {
    return track(loadGraph);
  }

  // ---------------------------------------------------------------------------------------------
  // Legend and lists

  function fillLegend(graph) {
    const present = new Set(graph.nodes.map((n) => n.kind));
    $("node-legend").replaceChildren(
      ...Object.entries(NODE_KINDS)
        .filter(([kind]) => present.has(kind))
        .map(([kind, info]) =>
          el(
            "li",
            {},
            el("span", { class: `shape shape-${kind.toLowerCase()}`, style: `--c:${info.color}`, "aria-hidden": "true" }),
            `${info.plural} (${graph.nodes.filter((n) => n.kind === kind).length})`,
          ),
        ),
      el("li", { class: "hint" }, `Size: ${$("size-by").selectedOptions[0].textContent.toLowerCase()} centrality`),
    );

    $("kind-legend").replaceChildren(
      ...graph.kinds.map((k) => {
        const id = `kind-${k.kind}`;
        const box = el("input", {
          type: "checkbox",
          id,
          value: k.kind,
          checked: !state.hiddenKinds.has(k.kind),
          onchange: (event) => toggleKind(k.kind, event.target.checked),
        });
        const category = k.category === "PLACE_LINK" ? "place link" : k.category === "MEMBERSHIP" ? "membership" : "relationship";
        return el(
          "li",
          { title: `${k.meaning} (${category}${k.directed ? ", directed" : ""})` },
          box,
          el(
            "label",
            { for: id },
            el("span", { class: `swatch${k.directed ? " directed" : ""}`, style: `--c:${kindColor(k.kind)}`, "aria-hidden": "true" }),
            el("span", { class: "kind-name" }, humanKind(k.kind)),
            el("span", { class: "count" }, String(k.count)),
          ),
        );
      }),
    );
  }

  function toggleKind(kind, shown) {
    if (shown) state.hiddenKinds.delete(kind);
    else state.hiddenKinds.add(kind);
    applyKindVisibility();
    if (state.path) track(() => runPath(state.path.from, state.path.to));
  }

  function setAllKinds(shown) {
    if (!state.graph) return;
    for (const k of state.graph.kinds) {
      if (shown) state.hiddenKinds.delete(k.kind);
      else state.hiddenKinds.add(k.kind);
    }
    for (const box of $("kind-legend").querySelectorAll("input")) box.checked = shown;
    applyKindVisibility();
    if (state.path) track(() => runPath(state.path.from, state.path.to));
  }

  function nodeOptions(graph, placeholder) {
    const groups = Object.entries(NODE_KINDS)
      .map(([kind, info]) => {
        const members = graph.nodes.filter((n) => n.kind === kind);
        if (!members.length) return null;
        return el("optgroup", { label: info.plural }, ...members.map((n) => el("option", { value: n.slug }, n.label)));
      })
      .filter(Boolean);
    return [el("option", { value: "" }, placeholder), ...groups];
  }

  function fillNodeLists(graph) {
    const keep = (select, fallback) => {
      const value = select.value;
      select.replaceChildren(...nodeOptions(graph, fallback));
      select.value = hasNode(value) ? value : "";
    };
    keep($("node-list"), "Choose…");
    keep($("path-from"), "Start…");
    keep($("path-to"), "End…");
  }

  // ---------------------------------------------------------------------------------------------
  // The side panel

  function showPanel(title, body) {
    const panel = $("panel");
    const wasHidden = panel.hidden;
    if (wasHidden) lastFocus = document.activeElement;
    $("panel-title").textContent = title;
    $("panel-body").replaceChildren(...body);
    panel.hidden = false;
    document.body.classList.add("panel-open");
    panel.scrollTop = 0;
    $("panel-body").scrollTop = 0;
  }

  function closePanel({ restoreFocus = true } = {}) {
    $("panel").hidden = true;
    document.body.classList.remove("panel-open");
    panelToken += 1;
    state.selected = null;
    if (cy) cy.nodes().removeClass("selected");
    $("node-list").value = "";
    if (cy) cy.resize();
    writeHash();
    if (restoreFocus && lastFocus && document.contains(lastFocus)) lastFocus.focus();
    lastFocus = null;
  }

  function selectNode(slug) {
    state.selected = slug;
    cy.nodes().removeClass("selected");
    cy.getElementById(slug).addClass("selected");
    $("node-list").value = slug;
  }

  /** Open a node's panel: select it on the map, ask NODE_QUERY for its details, show them. */
  async function openNode(slug, { frame: frameIt = true, focus = true } = {}) {
    const node = cy.getElementById(slug);
    if (node.empty()) return;
    selectNode(slug);
    const token = ++panelToken;
    await track(async () => {
      const data = await gql(NODE_QUERY, { id: node.data("gid"), asOf: state.asOf || null });
      if (token !== panelToken) return;
      showPanel(data.node.name, renderEntity(data.node));
      $("panel").dataset.node = slug;
      if (frameIt) focusOn(slug);
      writeHash();
      if (focus) $("panel").focus({ preventScroll: true });
    });
  }

  function nodeButton(party) {
    if (!hasNode(party.slug)) return el("span", { class: "party" }, party.name);
    return el(
      "button",
      { type: "button", class: "link", onclick: () => openNode(party.slug) },
      party.name,
    );
  }

  function evidenceList(evidence) {
    if (!evidence || !evidence.length) return null;
    return el(
      "ul",
      { class: "evidence" },
      evidence.map((e) =>
        el("li", {}, el("blockquote", {}, `“${e.text}”`), el("cite", {}, e.locator)),
      ),
    );
  }

  /** "source looks down on target" with the two names put in. */
  function meaningWith(meaning, source, target) {
    return meaning.replace(/\bsource\b/, source).replace(/\btarget\b/, target);
  }

  function kindChip(kind) {
    return el("span", { class: "chip", style: `--c:${kindColor(kind.toLowerCase())}` }, humanKind(kind));
  }

  function renderRelationship(rel, self) {
    const other = rel.source.slug === self ? rel.target : rel.source;
    const meta = [SENTIMENT_WORDS[rel.sentiment], rel.active ? null : "ended", `learned in ${rel.revealed.name}`]
      .filter(Boolean)
      .join(" · ");
    return el(
      "li",
      { class: "item relationship", dataset: { id: rel.id } },
      el("p", { class: "item-head" }, kindChip(rel.kind), " ", nodeButton(other)),
      el("p", { class: "meaning" }, meaningWith(rel.meaning, rel.source.name, rel.target.name)),
      el("p", { class: "meta" }, meta),
      rel.note ? el("p", { class: "note" }, rel.note) : null,
      evidenceList(rel.evidence),
    );
  }

  function renderPlaceLink(link, otherName, other) {
    return el(
      "li",
      { class: "item place-link", dataset: { id: link.id } },
      el("p", { class: "item-head" }, kindChip(link.kind), " ", nodeButton(other)),
      el("p", { class: "meaning" }, `${humanKind(link.kind)}: ${otherName}${link.active ? "" : " (no longer)"}`),
      evidenceList(link.evidence),
    );
  }

  function renderQuote(quote) {
    let who;
    if (quote.kind === "NARRATION") who = "narration";
    else if (quote.disputed) who = "speaker disputed";
    else if (quote.speaker) who = quote.speaker.name;
    else who = "unattributed";
    const to = quote.addressees.length ? ` to ${quote.addressees.map((a) => a.name).join(", ")}` : "";
    return el(
      "li",
      { class: "item quote", dataset: { id: quote.id } },
      el("blockquote", {}, `“${quote.text}”`),
      el("p", { class: "meta" }, `— ${who}${to}`, quote.locators.length ? ` · ${quote.locators.join("; ")}` : ""),
    );
  }

  function section(title, connection, render, more) {
    const items = connection.edges.map((e) => render(e.node));
    const shown = items.length;
    const heading = `${title} (${connection.totalCount})`;
    return el(
      "section",
      { class: `panel-section section-${title.toLowerCase()}` },
      el("h3", {}, heading),
      shown ? el("ul", { class: "items" }, items) : el("p", { class: "hint" }, more || "None in this view."),
      connection.totalCount > shown ? el("p", { class: "hint" }, `Showing the first ${shown}.`) : null,
    );
  }

  function renderEntity(entity) {
    const kindInfo = NODE_KINDS[entity.__typename.toUpperCase()];
    const body = [];
    const facts = [kindInfo ? kindInfo.label : entity.__typename];
    if (entity.kind) facts.push(entity.kind);
    if (entity.roles && entity.roles.length) facts.push(entity.roles.join(", "));
    body.push(el("p", { class: "facts" }, facts.join(" · ")));
    if (entity.aliases.length) body.push(el("p", { class: "meta" }, `Also called ${entity.aliases.join(", ")}`));
    if (entity.within) body.push(el("p", { class: "meta" }, "Within ", nodeButton(entity.within)));
    body.push(el("p", { class: "description" }, entity.description));
    body.push(el("p", { class: "meta" }, `First met in ${entity.introduced.name}`));
    body.push(
      el(
        "div",
        { class: "inline panel-actions" },
        el("button", { type: "button", onclick: () => setPathEnd("from", entity.slug) }, "Path from here"),
        el("button", { type: "button", onclick: () => setPathEnd("to", entity.slug) }, "Path to here"),
      ),
    );
    if (entity.relationships) {
      body.push(section("Relationships", entity.relationships, (rel) => renderRelationship(rel, entity.slug)));
    }
    if (entity.quotes) body.push(section("Quotes", entity.quotes, renderQuote));
    if (entity.places) {
      body.push(section("Places", entity.places, (link) => renderPlaceLink(link, link.place.name, link.place)));
    }
    if (entity.links) {
      body.push(section("People", entity.links, (link) => renderPlaceLink(link, link.character.name, link.character)));
    }
    return body;
  }

  // ---------------------------------------------------------------------------------------------
  // Paths

  function setPathEnd(end, slug) {
    $(end === "from" ? "path-from" : "path-to").value = slug;
    const from = $("path-from").value;
    const to = $("path-to").value;
    if (from && to && from !== to) track(() => runPath(from, to));
    else $(end === "from" ? "path-to" : "path-from").focus();
  }

  /** Shift-click: the first node starts a pair, the second finishes it and asks for the path. */
  function pickPathEnd(slug) {
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

  function shownRelationshipKinds() {
    if (!state.graph) return null;
    const kinds = state.graph.kinds.filter((k) => k.category !== "PLACE_LINK").map((k) => k.kind);
    if (!kinds.some((k) => state.hiddenKinds.has(k))) return null; // every kind: no filter at all
    return kinds.filter((k) => !state.hiddenKinds.has(k)).map((k) => k.toUpperCase());
  }

  /** Ask PATH_QUERY for the path between two nodes, highlight it and list its steps. */
  async function runPath(from, to) {
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
    state.path = { from, to, result };
    state.pathStart = null;
    $("path-from").value = from;
    $("path-to").value = to;
    highlightPath(result, from, to);
    state.selected = null;
    cy.nodes().removeClass("selected");
    $("node-list").value = "";
    showPanel(pathTitle(from, to), renderPath(result, from, to));
    $("panel").dataset.node = "";
    frame(result.__typename === "Path" ? cy.elements(".on-path") : cy.elements(".path-end"), 60);
    writeHash();
  }

  function nameOf(slug) {
    const node = cy.getElementById(slug);
    return node.nonempty() ? node.data("label") : slug;
  }

  function pathTitle(from, to) {
    return `Path: ${nameOf(from)} → ${nameOf(to)}`;
  }

  function highlightPath(result, from, to) {
    cy.batch(() => {
      cy.elements().removeClass("on-path faded path-end");
      cy.getElementById(from).addClass("path-end");
      cy.getElementById(to).addClass("path-end");
      if (result.__typename !== "Path") return;
      const onPath = cy.collection();
      for (const step of result.steps) {
        onPath.merge(cy.getElementById(step.from.slug));
        onPath.merge(cy.getElementById(step.to.slug));
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

  function renderPath(result, from, to) {
    if (result.__typename === "NoPath") {
      return [
        el(
          "div",
          { class: "no-path", role: "status" },
          el("p", { class: "reason" }, REASON_WORDS[result.reason] || result.reason, el("code", {}, result.reason)),
          el("p", {}, result.message),
        ),
        el("button", { type: "button", onclick: clearPath }, "Clear path"),
      ];
    }
    const steps = result.steps.map((step, i) => {
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
    });
    return [
      el("p", { class: "facts" }, `${result.length} step${result.length === 1 ? "" : "s"} · ${periodName(state.asOf)}`),
      el("ol", { class: "items steps" }, steps),
      el("button", { type: "button", onclick: clearPath }, "Clear path"),
    ];
  }

  function clearPath() {
    pathToken += 1;
    const hadPanel = state.path && !$("panel").hidden && !state.selected;
    state.path = null;
    state.pathStart = null;
    explorer.highlighted = null;
    if (cy) cy.elements().removeClass("on-path faded path-end");
    $("path-from").value = "";
    $("path-to").value = "";
    if (hadPanel) closePanel();
    writeHash();
  }

  // ---------------------------------------------------------------------------------------------
  // Search

  async function runSearch() {
    const text = $("search").value.trim();
    const status = $("search-status");
    const list = $("search-results");
    if (!text) {
      status.textContent = "";
      list.hidden = true;
      return;
    }
    const data = await gql(SEARCH_QUERY, { work: state.work.slug, text, asOf: state.asOf || null });
    // Each hit becomes the node it names (an entity, or the speaker of a quote), once.
    const seen = new Set();
    const hits = [];
    for (const hit of data.search) {
      const n = hit.node;
      const target = n.slug ? n : n.speaker;
      if (!target || seen.has(target.slug)) continue;
      seen.add(target.slug);
      hits.push({ slug: target.slug, name: target.name, via: n.slug ? hit.field : "QUOTE", matched: hit.matched, onMap: hasNode(target.slug) });
    }
    cy.nodes().removeClass("search-hit");
    const best = hits.find((h) => h.onMap);
    list.replaceChildren(
      ...hits.map((h) =>
        el(
          "li",
          {},
          el(
            "button",
            { type: "button", class: "link", disabled: !h.onMap, onclick: () => openNode(h.slug) },
            h.name,
          ),
          el("span", { class: "meta" }, h.onMap ? ` ${h.via.toLowerCase()} match` : " not on the map in this view"),
        ),
      ),
    );
    list.hidden = hits.length === 0;
    if (!best) {
      status.textContent = hits.length ? `No match on the map for “${text}”.` : `Nothing found for “${text}”.`;
      return;
    }
    status.textContent = `${hits.length} match${hits.length === 1 ? "" : "es"}; showing ${best.name}.`;
    cy.getElementById(best.slug).addClass("search-hit");
    await openNode(best.slug, { focus: false });
  }

  // ---------------------------------------------------------------------------------------------
  // Controls

  function bindControls() {
    $("controls").addEventListener("submit", (event) => {
      event.preventDefault(); // the form's only submit is the search
      track(runSearch);
    });
    $("work").addEventListener("change", (event) => {
      state.work = state.works.find((w) => w.slug === event.target.value) || state.works[0];
      state.asOf = "";
      state.selected = null;
      state.path = null;
      state.hiddenKinds.clear();
      closePanel({ restoreFocus: false });
      fillWorkControls();
      reload();
    });
    $("period").addEventListener("change", (event) => {
      state.asOf = event.target.value;
      reload();
    });
    $("size-by").addEventListener("change", (event) => {
      state.sizeBy = event.target.value;
      reload();
    });
    $("places").addEventListener("change", (event) => {
      state.includePlaces = event.target.checked;
      reload();
    });
    $("node-list").addEventListener("change", (event) => {
      if (event.target.value) openNode(event.target.value, { focus: false });
    });
    $("path-go").addEventListener("click", () => {
      const from = $("path-from").value;
      const to = $("path-to").value;
      if (!from || !to) {
        showError(new ApiError("Choose both ends of the path first."));
        return;
      }
      if (from === to) {
        showError(new ApiError("Choose two different nodes for a path."));
        return;
      }
      clearError();
      track(() => runPath(from, to));
    });
    $("path-clear").addEventListener("click", clearPath);
    $("kinds-all").addEventListener("click", () => setAllKinds(true));
    $("kinds-none").addEventListener("click", () => setAllKinds(false));
    $("fit").addEventListener("click", fit);
    $("panel-close").addEventListener("click", () => closePanel());
    $("error-close").addEventListener("click", clearError);
    document.addEventListener("keydown", (event) => {
      if (event.key === "Escape" && !$("panel").hidden) {
        event.preventDefault();
        closePanel();
      }
    });
    // The map's size follows the layout (the panel opening, a phone turning), not only the window.
    if (window.ResizeObserver) new ResizeObserver(() => cy && cy.resize()).observe($("graph"));
  }

  init();
})();
