/*
 * The controls: the work selector (title, author, size), node size, places, bundling, colours,
 * the legends that toggle kinds, node lists, path buttons; and on phones the drawer that holds
 * them, so the map comes first.
 */
import { ApiError } from "./explorer.js";
import { $, el, humanKind, plural } from "./dom.js";
import { NODE_KINDS, kindColor } from "./look.js";
import { fit, hasNode, redraw } from "./map.js";
import { closePanel, openNode } from "./panel.js";
import { clearPath, runPath } from "./path.js";
import { runSearch } from "./search.js";
import { clearError, showError, state, track } from "./state.js";
import { fillTimeline } from "./timeline.js";

const PHONE = window.matchMedia("(max-width: 760px)");

function workOption(w) {
  const size = `${plural(w.characterCount, "character")}, ${plural(w.relationshipCount, "relationship")}`;
  return el("option", { value: w.slug }, `${w.title} — ${w.author} (${size})`);
}

export function fillWorkControls() {
  const work = state.work;
  $("work-title").textContent = work.title;
  const byline = [work.author, work.year].filter(Boolean).join(", ");
  $("work-byline").textContent = `${byline} · relationship explorer`;
  document.title = `${work.title} · relationship explorer`;
  $("work").replaceChildren(...state.works.map(workOption));
  $("work").value = work.slug;
  $("work-field").hidden = state.works.length < 2;
  fillTimeline();
  $("places").checked = state.includePlaces;
  $("size-by").value = state.sizeBy;
  $("unbundle").checked = state.unbundled;
}

export function fillLegend(graph) {
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
  $("kind-legend").replaceChildren(...graph.kinds.map(kindItem));
  const colour = $("colour-kind");
  if (!graph.kinds.some((k) => k.kind === state.colourKind)) state.colourKind = "";
  colour.replaceChildren(
    el("option", { value: "" }, "Their most frequent kind"),
    ...graph.kinds.map((k) => el("option", { value: k.kind }, humanKind(k.kind))),
  );
  colour.value = state.colourKind;
}

function kindItem(k) {
  const id = `kind-${k.kind}`;
  const box = el("input", {
    type: "checkbox",
    id,
    value: k.kind,
    checked: !state.hiddenKinds.has(k.kind),
    onchange: (event) => setKinds([k.kind], event.target.checked),
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
}

/** Show or hide kinds: the bundled lines are worked out again from the kinds left. */
function setKinds(kinds, shown) {
  for (const kind of kinds) {
    if (shown) state.hiddenKinds.delete(kind);
    else state.hiddenKinds.add(kind);
    const box = $(`kind-${kind}`);
    if (box) box.checked = shown;
  }
  track(async () => {
    await redraw();
    if (state.path) await runPath(state.path.from, state.path.to);
  });
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

export function fillNodeLists(graph) {
  const keep = (select, fallback) => {
    const value = select.value;
    select.replaceChildren(...nodeOptions(graph, fallback));
    select.value = hasNode(value) ? value : "";
  };
  keep($("node-list"), "Choose…");
  keep($("path-from"), "Start…");
  keep($("path-to"), "End…");
}

function showPath() {
  const from = $("path-from").value;
  const to = $("path-to").value;
  if (!from || !to) return showError(new ApiError("Choose both ends of the path first."));
  if (from === to) return showError(new ApiError("Choose two different nodes for a path."));
  clearError();
  return track(() => runPath(from, to));
}

/** Phones: the controls live in a drawer over the map, opened and closed by one button. */
export function setDrawer(open) {
  document.body.classList.toggle("drawer-open", open);
  $("drawer-toggle").setAttribute("aria-expanded", String(open));
  $("drawer-toggle").textContent = open ? "Close controls" : "Controls";
  if (open) $("controls").querySelector("select, input, button").focus();
}

/** Wire every control; `reload()` fetches and draws the view, `switchWork()` changes work. */
export function bindControls({ reload, switchWork }) {
  $("controls").addEventListener("submit", (event) => {
    event.preventDefault(); // the form's only submit is the search
    track(runSearch);
  });
  $("work").addEventListener("change", (event) => switchWork(event.target.value));
  $("size-by").addEventListener("change", (event) => {
    state.sizeBy = event.target.value;
    reload();
  });
  $("places").addEventListener("change", (event) => {
    state.includePlaces = event.target.checked;
    reload({ refit: true });
  });
  $("unbundle").addEventListener("change", (event) => {
    state.unbundled = event.target.checked;
    track(redraw);
  });
  $("colour-kind").addEventListener("change", (event) => {
    state.colourKind = event.target.value;
    track(redraw);
  });
  $("node-list").addEventListener("change", (event) => {
    if (event.target.value) openNode(event.target.value, { focus: false });
  });
  $("path-go").addEventListener("click", showPath);
  $("path-clear").addEventListener("click", clearPath);
  $("kinds-all").addEventListener("click", () => state.graph && setKinds(state.graph.kinds.map((k) => k.kind), true));
  $("kinds-none").addEventListener("click", () => state.graph && setKinds(state.graph.kinds.map((k) => k.kind), false));
  $("fit").addEventListener("click", fit);
  $("panel-close").addEventListener("click", () => closePanel());
  $("error-close").addEventListener("click", clearError);
  $("drawer-toggle").addEventListener("click", () => setDrawer(!document.body.classList.contains("drawer-open")));
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Escape") return;
    if (document.body.classList.contains("drawer-open")) {
      setDrawer(false);
      $("drawer-toggle").focus();
    } else if (!$("panel").hidden) {
      event.preventDefault();
      closePanel();
    }
  });
  PHONE.addEventListener("change", () => setDrawer(false));
}
