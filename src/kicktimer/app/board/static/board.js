// The kick board: shows the strings the server sends, as text. Nothing here computes a time:
// every figure was formatted by the terminal's own functions, so the two never disagree.
"use strict";

const token = new URLSearchParams(location.search).get("token") || "";
const COLUMNS = ["key", "name", "split", "diff", "target", "last", "best"];
const FLASH_MS = 1500;
let state = null;
let rows = [];

function byId(id) { return document.getElementById(id); }

function setText(element, text) {
  const value = text == null ? "" : String(text);
  if (element.textContent !== value) element.textContent = value;  // names are text, never HTML
}

function buildRows(athletes) {
  const body = document.querySelector("#athletes tbody");
  body.replaceChildren();
  rows = athletes.map(() => {
    const tr = document.createElement("tr");
    const cells = {};
    for (const column of COLUMNS) {
      const td = document.createElement("td");
      td.className = column;
      tr.appendChild(td);
      cells[column] = td;
    }
    body.appendChild(tr);
    return { tr, cells, n: null };
  });
}

function showRow(row, athlete) {
  for (const column of COLUMNS) setText(row.cells[column], athlete[column]);
  row.tr.dataset.status = athlete.status;
  row.cells.diff.classList.toggle("ahead", athlete.ahead === true);
  row.cells.diff.classList.toggle("behind", athlete.ahead === false);
  if (row.n !== null && athlete.n > row.n) flash(row.tr);
  row.n = athlete.n;
}

function flash(tr) {
  tr.classList.remove("flash");
  void tr.offsetWidth;  // restart the animation on a second crossing
  tr.classList.add("flash");
  setTimeout(() => tr.classList.remove("flash"), FLASH_MS);
}

function render() {
  setText(byId("workout"), state.workout);
  setText(byId("step"), state.step.label);
  setText(byId("rep"), state.step.rep);
  setText(byId("clock"), state.clock);
  setText(byId("target"), state.target);
  setText(byId("ahead"), state.ahead);
  setText(byId("next"), state.next);
  setText(byId("cue"), state.cue);
  setText(byId("news"), state.news);
  document.body.dataset.state = state.state;
  document.body.dataset.family = state.step.family;
  document.body.classList.toggle("all-out", state.step.all_out === true);
  document.body.classList.toggle("coach", state.athletes.length > 0);
  byId("ahead").classList.toggle("behind", state.ahead.startsWith("+"));
  if (rows.length !== state.athletes.length) buildRows(state.athletes);
  state.athletes.forEach((athlete, index) => showRow(rows[index], athlete));
}

function applyPatch(patch) {
  for (const [key, value] of Object.entries(patch)) {
    if (key === "athletes") {
      for (const [index, fields] of Object.entries(value)) Object.assign(state.athletes[Number(index)], fields);
    } else {
      state[key] = value;
    }
  }
}

function connect() {
  const events = new EventSource("/events?token=" + encodeURIComponent(token));
  events.addEventListener("state", (message) => { state = JSON.parse(message.data); render(); });
  events.addEventListener("patch", (message) => { if (state) { applyPatch(JSON.parse(message.data)); render(); } });
  events.addEventListener("open", () => { setText(byId("connection"), ""); byId("connection").className = ""; });
  events.addEventListener("error", () => {
    byId("connection").className = "offline";
    setText(byId("connection"), "reconnecting…");
    if (events.readyState === EventSource.CLOSED) setTimeout(connect, 5000);  // refused (e.g. too many pages)
  });
}

function setupTheme() {
  const saved = localStorage.getItem("kick-board-theme");
  if (saved === "contrast") document.body.classList.add("contrast");
  byId("theme").addEventListener("click", () => {
    const on = document.body.classList.toggle("contrast");
    localStorage.setItem("kick-board-theme", on ? "contrast" : "dark");
  });
}

document.addEventListener("DOMContentLoaded", () => { setupTheme(); connect(); });
