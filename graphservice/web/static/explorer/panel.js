/*
 * The side panel: a node's details (NODE_QUERY), or a pair's relationships (PAIR_QUERY), each
 * relationship with its verbatim evidence and where in the source it comes from.
 */
import { NODE_QUERY, PAIR_QUERY, gql } from "./explorer.js";
import { $, el, humanKind, meaningWith, plural } from "./dom.js";
import { NODE_KINDS, SENTIMENT_WORDS, kindColor } from "./look.js";
import { bigMap, focusOn, frame, hasNode, nameOf, redraw } from "./map.js";
import { pairEnds } from "./pairs.js";
import { setPathEnd } from "./path.js";
import { explorer, state, track, writeUrl } from "./state.js";

let panelToken = 0;
let lastFocus = null;

export function showPanel(title, body) {
  const panel = $("panel");
  if (panel.hidden) lastFocus = document.activeElement;
  $("panel-title").textContent = title;
  $("panel-body").replaceChildren(...body);
  panel.hidden = false;
  document.body.classList.add("panel-open");
  panel.scrollTop = 0;
  $("panel-body").scrollTop = 0;
}

/** Close the panel; an expanded pair is bundled again. */
export function closePanel({ restoreFocus = true } = {}) {
  $("panel").hidden = true;
  document.body.classList.remove("panel-open");
  panelToken += 1;
  state.selected = null;
  const cy = explorer.cy;
  if (cy) cy.elements().removeClass("selected");
  $("node-list").value = "";
  if (state.pair || state.expanded) {
    state.pair = null;
    state.expanded = null;
    track(redraw);
  }
  if (cy) cy.resize();
  writeUrl();
  if (restoreFocus && lastFocus && document.contains(lastFocus)) lastFocus.focus();
  lastFocus = null;
}

function select(slug, pair) {
  const pairChanged = state.pair !== pair;
  state.selected = slug;
  state.pair = pair;
  if (pairChanged) state.expanded = pair;
  markSelection();
  $("node-list").value = slug || "";
  return pairChanged;
}

/** Mark the selected node, or the selected pair's line (or its relationships when expanded). */
export function markSelection() {
  const cy = explorer.cy;
  cy.elements().removeClass("selected");
  if (state.selected) cy.getElementById(state.selected).addClass("selected");
  if (state.pair) cy.edges().filter((e) => e.data("pair") === state.pair || e.id() === state.pair).addClass("selected");
}

/** Open a node's panel: select it on the map, ask NODE_QUERY for its details, show them. */
export async function openNode(slug, { frame: frameIt = true, focus = true } = {}) {
  const cy = explorer.cy;
  const node = cy.getElementById(slug);
  if (node.empty()) return;
  const token = ++panelToken;
  // A big work draws every pair of the selected node, beyond its budget of lines.
  const redrawn = select(slug, null) || bigMap();
  await track(async () => {
    if (redrawn) await redraw();
    const data = await gql(NODE_QUERY, { id: node.data("gid"), asOf: state.asOf || null });
    if (token !== panelToken) return;
    showPanel(data.node.name, renderEntity(data.node));
    $("panel").dataset.node = slug;
    if (frameIt) focusOn(slug);
    writeUrl();
    if (focus) $("panel").focus({ preventScroll: true });
  });
}

/**
 * Open a pair: expand its line into its relationships on the map and list them, with evidence,
 * in the panel (PAIR_QUERY asks for the records joining the two directly).
 */
export async function openPair(id, { focus = true } = {}) {
  const [a, b] = pairEnds(id);
  if (!hasNode(a) || !hasNode(b)) return;
  const token = ++panelToken;
  const redrawn = select(null, id);
  const cy = explorer.cy;
  await track(async () => {
    if (redrawn) await redraw();
    const data = await gql(PAIR_QUERY, {
      work: state.work.slug,
      a,
      b,
      asOf: state.asOf || null,
      includePlaces: state.includePlaces,
    });
    if (token !== panelToken) return;
    showPanel(`${nameOf(a)} & ${nameOf(b)}`, renderPair(data.explainConnection, a));
    $("panel").dataset.node = "";
    frame(cy.getElementById(a).union(cy.getElementById(b)), 60);
    writeUrl();
    if (focus) $("panel").focus({ preventScroll: true });
  });
}

export function nodeButton(party) {
  if (!hasNode(party.slug)) return el("span", { class: "party" }, party.name);
  return el("button", { type: "button", class: "link", onclick: () => openNode(party.slug) }, party.name);
}

export function evidenceList(evidence) {
  if (!evidence || !evidence.length) return null;
  return el(
    "ul",
    { class: "evidence" },
    evidence.map((e) => el("li", {}, el("blockquote", {}, `“${e.text}”`), el("cite", {}, e.locator))),
  );
}

export function kindChip(kind) {
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

function section(title, connection, render) {
  const items = connection.edges.map((e) => render(e.node));
  return el(
    "section",
    { class: `panel-section section-${title.toLowerCase()}` },
    el("h3", {}, `${title} (${connection.totalCount})`),
    items.length ? el("ul", { class: "items" }, items) : el("p", { class: "hint" }, "None in this view."),
    connection.totalCount > items.length ? el("p", { class: "hint" }, `Showing the first ${items.length}.`) : null,
  );
}

function renderEntity(entity) {
  const kindInfo = NODE_KINDS[entity.__typename.toUpperCase()];
  const facts = [kindInfo ? kindInfo.label : entity.__typename];
  if (entity.kind) facts.push(entity.kind);
  if (entity.roles && entity.roles.length) facts.push(entity.roles.join(", "));
  const body = [el("p", { class: "facts" }, facts.join(" · "))];
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

function renderPair(connection, self) {
  const rels = connection.relationships.map((rel) => renderRelationship(rel, self));
  const links = connection.placeLinks.map((link) =>
    link.place.slug === self
      ? renderPlaceLink(link, link.character.name, link.character)
      : renderPlaceLink(link, link.place.name, link.place),
  );
  const count = rels.length + links.length;
  return [
    el("p", { class: "facts" }, `${plural(count, "relationship")} joining them`),
    el("p", { class: "meta" }, "Each is drawn as its own line on the map while this panel is open."),
    el("ul", { class: "items pair-items" }, rels, links),
    el("button", { type: "button", class: "quiet", onclick: () => closePanel() }, "Bundle again"),
  ];
}
