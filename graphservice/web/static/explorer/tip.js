/* The tooltip of a line on the map: its two ends and the kinds it stands for. */
import { $ } from "./dom.js";

export function showTip(edge) {
  const tip = $("tip");
  const [a, b] = [edge.source().data("name"), edge.target().data("name")];
  tip.textContent = `${a} – ${b}: ${edge.data("summary")}`;
  const mid = edge.renderedMidpoint(); // in the map's box, which sits inside the tip's
  const map = $("graph");
  tip.style.left = `${Math.round(map.offsetLeft + mid.x)}px`;
  tip.style.top = `${Math.round(map.offsetTop + mid.y)}px`;
  tip.hidden = false;
}

export function hideTip() {
  $("tip").hidden = true;
}
