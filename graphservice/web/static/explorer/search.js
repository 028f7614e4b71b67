/* Search (SEARCH_QUERY): typo-tolerant, by name, alias or text; the best hit on the map opens. */
import { SEARCH_QUERY, gql } from "./explorer.js";
import { $, el } from "./dom.js";
import { hasNode } from "./map.js";
import { openNode } from "./panel.js";
import { explorer, state } from "./state.js";

/** Each hit becomes the node it names (an entity, or the speaker of a quote), once. */
function hitNodes(search) {
  const seen = new Set();
  const hits = [];
  for (const hit of search) {
    const n = hit.node;
    const target = n.slug ? n : n.speaker;
    if (!target || seen.has(target.slug)) continue;
    seen.add(target.slug);
    hits.push({ slug: target.slug, name: target.name, via: n.slug ? hit.field : "QUOTE", onMap: hasNode(target.slug) });
  }
  return hits;
}

export async function runSearch() {
  const text = $("search").value.trim();
  const status = $("search-status");
  const list = $("search-results");
  if (!text) {
    status.textContent = "";
    list.hidden = true;
    return;
  }
  const data = await gql(SEARCH_QUERY, { work: state.work.slug, text, asOf: state.asOf || null });
  const hits = hitNodes(data.search);
  explorer.cy.nodes().removeClass("search-hit");
  list.replaceChildren(
    ...hits.map((h) =>
      el(
        "li",
        {},
        el("button", { type: "button", class: "link", disabled: !h.onMap, onclick: () => openNode(h.slug) }, h.name),
        el("span", { class: "meta" }, h.onMap ? ` ${h.via.toLowerCase()} match` : " not on the map in this view"),
      ),
    ),
  );
  list.hidden = hits.length === 0;
  const best = hits.find((h) => h.onMap);
  if (!best) {
    status.textContent = hits.length ? `No match on the map for “${text}”.` : `Nothing found for “${text}”.`;
    return;
  }
  status.textContent = `${hits.length} match${hits.length === 1 ? "" : "es"}; showing ${best.name}.`;
  explorer.cy.getElementById(best.slug).addClass("search-hit");
  await openNode(best.slug, { focus: false });
}
