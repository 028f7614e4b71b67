/*
 * The story in motion: a slider over the work's periods (the last step is the whole story) and a
 * play button that walks through them. Each step asks the server for the view as of that period,
 * so the spoiler guard stays on the server's side: nothing past the step reaches the page. The map
 * keeps every node where the layout puts it and fades relationships in and out between steps.
 */
import { $ } from "./dom.js";
import { periodName, state } from "./state.js";

// How long the map rests on each step while playing, once it is drawn (ms).
const PLAY_STEP_MS = 1600;

let playing = false;
let changed = async () => {};

function periods() {
  return state.work ? state.work.periods : [];
}

/** The slider's step for a period slug: its index, or the last step for the whole story. */
function stepOf(slug) {
  const i = periods().findIndex((p) => p.slug === slug);
  return i < 0 ? periods().length : i;
}

function slugAt(step) {
  const period = periods()[step];
  return period ? period.slug : "";
}

function label(slug) {
  return slug ? `Up to the end of ${periodName(slug)}` : "The whole story (spoilers)";
}

/** Put the slider in line with the work's periods and the state's `asOf`. */
export function fillTimeline() {
  const slider = $("period");
  slider.max = String(periods().length);
  slider.value = String(stepOf(state.asOf));
  showStep();
}

function showStep() {
  const text = label(state.asOf);
  $("period-name").textContent = text;
  $("period").setAttribute("aria-valuetext", text);
}

/** Move to a step and wait for its view to be drawn. */
async function goTo(step) {
  $("period").value = String(step);
  state.asOf = slugAt(step);
  showStep();
  await changed();
}

function setPlaying(on) {
  playing = on;
  const button = $("play");
  button.textContent = on ? "Pause" : "Play";
  button.setAttribute("aria-pressed", String(on));
}

/** Walk through the story from the current step (from the start when at the end). */
async function play() {
  setPlaying(true);
  const last = periods().length;
  let step = Number($("period").value);
  if (step >= last) step = 0;
  await goTo(step);
  while (playing && step < last) {
    await new Promise((resolve) => setTimeout(resolve, PLAY_STEP_MS));
    if (!playing) break;
    step += 1;
    await goTo(step);
  }
  setPlaying(false);
}

export function stopPlaying() {
  if (playing) setPlaying(false);
}

/** Wire the slider and the play button; `onChange` loads and draws the view of `state.asOf`. */
export function bindTimeline(onChange) {
  changed = onChange;
  $("period").addEventListener("input", (event) => {
    stopPlaying();
    goTo(Number(event.target.value));
  });
  $("play").addEventListener("click", () => (playing ? stopPlaying() : play()));
}
