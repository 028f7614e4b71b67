/* Small DOM helpers. Text always goes in through textContent, never as HTML. */

export const $ = (id) => document.getElementById(id);

/** An element with attributes (`on…` become listeners, `dataset` is merged) and children. */
export function el(tag, attrs, ...children) {
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

/** "lived_at" → "Lived at". */
export function humanKind(kind) {
  const words = kind.replace(/_/g, " ").toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** "3 relationships", "1 relationship". */
export function plural(count, word) {
  return `${count.toLocaleString("en")} ${word}${count === 1 ? "" : "s"}`;
}

/** "source looks down on target" with the two names put in. */
export function meaningWith(meaning, source, target) {
  return meaning.replace(/\bsource\b/, source).replace(/\btarget\b/, target);
}
