// Drawing the transcript from its text and the passages' UTF-16 offsets, cut into runs like
// interviews/highlights.py does: a run is a stretch over which the same passages (and speaker label)
// are active. ctx.nodes lists the article's children as {start, node}; a change draws again only the
// runs it touches, so coding stays quick on long transcripts.
import { h } from "./wb-dom.js";

// Speaker labels as found in the server-rendered transcript: [{start, end, name, turnStart?, turnEnd?}].
export function readLabels(article, text) {
  const labels = [];
  let pos = 0;
  for (const node of article.childNodes) {
    const length = node.textContent.length;
    if (node.nodeType === Node.ELEMENT_NODE && node.classList.contains("speaker")) {
      const last = labels[labels.length - 1];
      if (last && last.end === pos) last.end += length;
      else {
        const { turnStart16, turnEnd16 } = node.dataset; // the whole turn's span, when the server gave it
        labels.push({ start: pos, end: pos + length, turnStart: turnStart16 ? Number(turnStart16) : null,
          turnEnd: turnEnd16 ? Number(turnEnd16) : null });
      }
    }
    pos += length;
  }
  for (const label of labels) label.name = text.slice(label.start, label.end).replace(/:\s*$/, "").trim();
  return labels;
}

function speaker(ctx, el, label, start) {
  el.classList.add("speaker");
  el.dataset.label = String(label.start);
  if (!ctx.canWrite || start !== label.start) return;
  Object.assign(el, { tabIndex: 0, title: "Klik om de hele beurt te selecteren" });
  el.setAttribute("role", "button");
  el.setAttribute("aria-label", `Beurt van ${label.name} selecteren`);
}

function collectMarks(ctx) {
  ctx.marks = new Map(); // passage id → its run elements, in text order
  for (const { node } of ctx.nodes) {
    if (!node.dataset?.passages) continue;
    for (const id of node.dataset.passages.split(" ").map(Number)) {
      if (!ctx.marks.has(id)) ctx.marks.set(id, []);
      ctx.marks.get(id).push(node);
    }
  }
}

// Take over the server-rendered runs (the same cut as drawRuns makes) instead of drawing them again.
// False when the server drew other passages than the page shows: then the caller draws them.
export function adopt(ctx) {
  const starts = new Set(ctx.shown().map((p) => p.start16));
  ctx.nodes = [];
  let pos = 0;
  for (const node of ctx.article.childNodes) {
    ctx.nodes.push({ start: pos, node });
    const start = pos;
    pos += node.textContent.length;
    if (node.nodeType !== Node.ELEMENT_NODE) continue;
    if (node.classList.contains("speaker")) {
      speaker(ctx, node, ctx.labels.find((l) => l.start <= start && start < l.end), start);
    }
    if (!node.dataset.passages) continue;
    node.removeAttribute("title"); // the tooltip says it
    if (!node.getAttribute("style")) node.classList.add("untagged");
    if (starts.has(start)) node.tabIndex = 0;
  }
  collectMarks(ctx);
  const shown = ctx.shown();
  return ctx.marks.size === shown.length && shown.every((p) => ctx.marks.has(p.id));
}

function highlight(ctx, el, active) {
  el.classList.add("hl");
  const seen = new Map();
  for (const p of active) for (const id of p.themes) if (ctx.themes.has(id)) seen.set(id, ctx.themes.get(id));
  const themes = [...seen.values()];
  const inner = active.reduce((a, b) => (b.end16 - b.start16 < a.end16 - a.start16 ? b : a));
  const first = ctx.themes.get(inner.themes.find((id) => ctx.themes.has(id))) || themes[0];
  if (first) el.style.backgroundColor = `${first.colour}40`;
  else el.classList.add("untagged");
  el.style.boxShadow = themes.slice(0, 6).map((t, i) => `inset 0 -${3 * (i + 1)}px 0 ${t.colour}`).join(", ");
  el.style.paddingBottom = `${3 * Math.min(themes.length, 6)}px`;
  el.dataset.passages = active.map((p) => p.id).join(" ");
  if (active.some((p) => p.id === ctx.current)) el.classList.add("current");
}

// The runs of text[lo:hi] as a fragment and its {start, node} entries.
function drawRuns(ctx, lo, hi) {
  const shown = ctx.shown();
  const inside = (b) => b > lo && b < hi;
  const bounds = new Set([lo, hi]);
  for (const p of shown) for (const b of [p.start16, p.end16]) if (inside(b)) bounds.add(b);
  for (const l of ctx.labels) for (const b of [l.start, l.end]) if (inside(b)) bounds.add(b);
  const points = [...bounds].sort((a, b) => a - b);
  const starting = new Map();
  for (const p of shown) {
    if (p.start16 < lo || p.start16 >= hi) continue;
    if (!starting.has(p.start16)) starting.set(p.start16, []);
    starting.get(p.start16).push(p);
  }
  let active = shown.filter((p) => p.start16 < lo && p.end16 > lo); // outer first, as a full drawing has them
  const labelAt = new Map(ctx.labels.map((l) => [l.start, l]));
  let label = ctx.labels.find((l) => l.start <= lo && lo < l.end) || null;
  const frag = document.createDocumentFragment();
  const entries = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i];
    const chunk = ctx.text.slice(start, points[i + 1]);
    const opens = starting.get(start) || [];
    active = active.filter((p) => p.end16 > start).concat(opens);
    label = labelAt.get(start) || label;
    const isLabel = label !== null && start >= label.start && start < label.end;
    let node = document.createTextNode(chunk);
    if (active.length || isLabel) {
      node = h(active.length ? "mark" : "span", {}, chunk);
      if (opens.length) Object.assign(node, { id: `p${opens[0].id}`, tabIndex: 0 });
      if (active.length) highlight(ctx, node, active);
      if (isLabel) speaker(ctx, node, label, start);
    }
    frag.append(node);
    entries.push({ start, node });
  }
  return { frag, entries };
}

function lastAtOrBefore(nodes, offset) {
  let lo = 0;
  let hi = nodes.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (nodes[mid].start <= offset) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

// Draw text[lo:hi] again (widened to whole runs), or the whole transcript without arguments.
export function renderText(ctx, lo = 0, hi = ctx.text.length) {
  const selection = getSelection();
  if (selection.rangeCount && selection.getRangeAt(0).intersectsNode(ctx.article)) selection.removeAllRanges();
  const nodes = ctx.nodes || [];
  if (!nodes.length || (lo <= 0 && hi >= ctx.text.length)) {
    const { frag, entries } = drawRuns(ctx, 0, ctx.text.length);
    ctx.article.replaceChildren(frag);
    ctx.nodes = entries;
  } else {
    const first = lastAtOrBefore(nodes, Math.max(lo, 0));
    const last = lastAtOrBefore(nodes, Math.max(Math.min(hi, ctx.text.length) - 1, 0));
    const end = last + 1 < nodes.length ? nodes[last + 1].start : ctx.text.length;
    const { frag, entries } = drawRuns(ctx, nodes[first].start, end);
    const range = document.createRange();
    range.setStartBefore(nodes[first].node);
    range.setEndAfter(nodes[last].node);
    range.deleteContents();
    range.insertNode(frag);
    nodes.splice(first, last - first + 1, ...entries);
  }
  collectMarks(ctx);
}
