/*
 * The comparison table of the library view (COMPARE_QUERY): a row per work listed, a column per
 * measure of its character network. Each figure sits over a small bar scaled to the largest figure
 * of its column, and the relationship kinds make one stacked bar coloured as on the map. The
 * button in a column's heading sorts the rows by it (largest first, then the other way).
 */
import { COMPARE_QUERY, gql } from "./explorer.js";
import { $, el, humanKind } from "./dom.js";
import { kindColor } from "./look.js";

const whole = (n) => n.toLocaleString("en");
const fixed = (n) => n.toFixed(2);
const percent = (n) => `${Math.round(n * 100)}%`;

const COLUMNS = [
  { key: "title", label: "Work", text: true, value: (r) => r.work.title },
  { key: "characters", label: "Characters", format: whole },
  { key: "relationships", label: "Relationships", format: whole, about: "between characters, memberships aside" },
  { key: "pairs", label: "Pairs", format: whole, about: "related pairs of characters; several relationships between two count once" },
  { key: "density", label: "Density", format: fixed, about: "related pairs over all possible pairs" },
  { key: "clustering", label: "Clustering", format: fixed, about: "average clustering coefficient" },
  { key: "centralisation", label: "Centralisation", format: fixed, about: "0 when every character is as connected, 1 for a star" },
  { key: "communities", label: "Communities", format: whole },
  { key: "mainShare", label: "Main character", format: percent, about: "the character with the most ties, and the share of related pairs they are in" },
  { key: "kinds", label: "Kinds", kinds: true, about: "share of each relationship kind, largest first" },
];
for (const c of COLUMNS) if (!c.value) c.value = (r) => r[c.key];

let rows = []; // the answers, in the order the works are listed
let sort = { key: null, direction: null };

/** Forget the rows (a new search). */
export function resetComparisons() {
  rows = [];
  render();
}

/** Compare the works of a page just listed and add them to the table, if `current()` still holds. */
export async function addComparisons(slugs, current) {
  if (!slugs.length) return;
  const data = await gql(COMPARE_QUERY, { works: slugs });
  if (!current()) return;
  rows = rows.concat(data.compare);
  render();
}

function headCell(c) {
  const label = c.kinds
    ? c.label
    : el(
        "button",
        { type: "button", class: "sort", onclick: () => sortBy(c.key) },
        c.label,
        el("span", { class: "arrow", "aria-hidden": "true" }),
      );
  return el("th", { scope: "col", class: c.text || c.kinds ? "text" : "num", title: c.about, dataset: { key: c.key } }, label);
}

function header() {
  const table = $("compare-table");
  let head = table.tHead;
  if (!head) {
    head = el("thead", {}, el("tr", {}, ...COLUMNS.map(headCell)));
    table.replaceChildren(head, el("tbody"));
  }
  for (const th of head.rows[0].cells) {
    const sorted = th.dataset.key === sort.key;
    if (sorted) th.setAttribute("aria-sort", sort.direction);
    else th.removeAttribute("aria-sort");
    const arrow = th.querySelector(".arrow");
    if (arrow) arrow.textContent = sorted ? (sort.direction === "ascending" ? "▲" : "▼") : "↕";
  }
}

function sortBy(key) {
  const column = COLUMNS.find((c) => c.key === key);
  const first = column.text ? "ascending" : "descending";
  const other = first === "ascending" ? "descending" : "ascending";
  sort = { key, direction: sort.key === key && sort.direction === first ? other : first };
  render();
}

/** The rows in the chosen order; equal figures keep the order of the list. */
function ordered() {
  if (!sort.key) return rows;
  const column = COLUMNS.find((c) => c.key === sort.key);
  const sign = sort.direction === "ascending" ? 1 : -1;
  const compare = column.text ? (a, b) => a.localeCompare(b, "en") : (a, b) => a - b;
  return rows
    .map((row, index) => ({ row, index }))
    .sort((a, b) => sign * compare(column.value(a.row), column.value(b.row)) || a.index - b.index)
    .map((x) => x.row);
}

/** A figure over a bar as long as its share of the column's largest figure. */
function figure(c, value, largest, extra) {
  const width = largest > 0 ? (value / largest) * 100 : 0;
  return el(
    "td",
    { class: "num", dataset: { key: c.key, value: String(value), label: c.label } },
    el("span", { class: "fig" }, c.format(value)),
    el("span", { class: "track", "aria-hidden": "true" }, el("span", { class: "bar", style: `width:${width}%` })),
    extra,
  );
}

function kindsCell(kinds) {
  const words = kinds.map((k) => `${humanKind(k.kind)} ${percent(k.share)}`);
  const label = words.length ? words.join(", ") : "No relationships";
  return el(
    "td",
    { class: "kinds", dataset: { key: "kinds", label: "Kinds" } },
    el(
      "span",
      { class: "stack", role: "img", "aria-label": label, title: label },
      ...kinds.map((k) =>
        el("span", {
          class: "seg",
          dataset: { kind: k.kind, share: String(k.share) },
          style: `width:${k.share * 100}%;background:${kindColor(k.kind.toLowerCase())}`,
        }),
      ),
    ),
    el("span", { class: "top-kind", "aria-hidden": "true" }, words[0] || "none"),
  );
}

function row(r, largest) {
  const cells = COLUMNS.map((c) => {
    if (c.text) return el("th", { scope: "row", class: "work-cell", dataset: { key: c.key } }, r.work.title);
    if (c.kinds) return kindsCell(r.kinds);
    const extra = c.key === "mainShare" ? el("span", { class: "main-name" }, r.mainCharacter ? r.mainCharacter.name : "none") : null;
    return figure(c, c.value(r), largest[c.key], extra);
  });
  return el("tr", { dataset: { slug: r.work.slug } }, ...cells);
}

function render() {
  header();
  const largest = {};
  for (const c of COLUMNS) if (c.format) largest[c.key] = Math.max(0, ...rows.map(c.value));
  const table = $("compare-table");
  table.tBodies[0].replaceChildren(...ordered().map((r) => row(r, largest)));
  table.hidden = rows.length === 0;
}
