// Beside the transcript: the coding stripes (one lane per theme, each stripe with its theme's name)
// and the list of passages.
import { h, short, themeBadges } from "./wb-dom.js";
import { starMark } from "./wb-star.js";

const LANE = 20; // pixels per stripe lane
// The gutter is as wide whatever the number of lanes (workbench.css .stripes), so the transcript's left edge stays
// put while coding; many lanes share it narrower, and a lane too narrow for a name tag shows it on hover only.
// Its width comes from the CSS (narrower on a small screen); 160 px if the style sheet is missing.
const GUTTER = 160;
const TAG_MIN = 24; // a name tag shorter than this (pixels) is left out: the bar's title still names it

export function renderStripes(ctx) {
  const box = document.querySelector(".stripes");
  if (!box) return;
  const shown = ctx.shown();
  const used = new Set(shown.flatMap((p) => p.themes));
  const lanes = new Map(ctx.data.themes.filter((t) => used.has(t.id)).map((t, i) => [t.id, i]));
  const lane = Math.min(LANE, (box.clientWidth || GUTTER) / Math.max(lanes.size, 1));
  const base = box.getBoundingClientRect().top;
  const bars = [];
  for (const p of shown) {
    const marks = ctx.marks.get(p.id);
    const first = marks?.[0].getClientRects()[0];
    const tail = marks?.[marks.length - 1].getClientRects();
    if (!first || !tail.length) continue;
    const top = first.top - base;
    const height = tail[tail.length - 1].bottom - base - top;
    for (const id of p.themes) if (lanes.has(id)) bars.push([p, ctx.themes.get(id), lanes.get(id), top, height]);
  }
  const frag = document.createDocumentFragment();
  const room = tagRoom(bars);
  bars.forEach(([p, theme, column, top, height], i) => {
    const tag = h("span", { class: "stripe-name" }, theme.name);
    // a tag hangs down to the next bar of its lane at most: tags of adjacent passages never overlap
    if (room[i] < TAG_MIN || lane < 14) tag.hidden = true;
    else tag.style.maxHeight = `${Math.floor(room[i]) - 8}px`; // less its padding and border
    const bar = h("div", { class: "stripe", title: `${theme.name} · ${p.coder_name}`, "data-passage": p.id }, tag);
    bar.style.cssText = `top:${top}px;height:${height}px;left:${column * lane}px;width:${lane - 2}px;` +
      `--theme:${theme.colour}`;
    frag.append(bar);
  });
  box.replaceChildren(frag);
}

// The room (pixels) below each bar's top until the next bar's top in the same lane (144: a tag's most).
function tagRoom(bars) {
  const room = bars.map(() => 144);
  const byLane = new Map();
  bars.forEach((bar, i) => byLane.set(bar[2], [...(byLane.get(bar[2]) || []), i]));
  for (const indexes of byLane.values()) {
    indexes.sort((a, b) => bars[a][3] - bars[b][3] || a - b);
    indexes.forEach((index, k) => {
      const next = indexes[k + 1];
      if (next !== undefined) room[index] = Math.min(room[index], bars[next][3] - bars[index][3] - 2);
    });
  }
  return room;
}

export const inTextOrder = (a, b) => a.start16 - b.start16 || b.end16 - a.end16 || a.id - b.id;

function listItem(ctx, p) {
  return h("li", { "data-passage": p.id },
    h("a", { href: `#p${p.id}`, "data-passage": p.id }, short(p.text, 90)),
    h("div", {}, themeBadges(ctx, p)),
    h("div", { class: "muted" }, p.coder_name, p.memo ? ` · memo: ${short(p.memo, 80)}` : "", ...starMark(ctx, p)));
}

// Draw again the list items of these passages (changed, new or deleted), or the whole list.
export function renderList(ctx, ids = null) {
  const list = document.getElementById("wb-list");
  if (!list) return;
  const shown = ctx.shown();
  document.getElementById("wb-count").textContent = String(shown.length);
  if (ids === null) {
    list.replaceChildren(...shown.map((p) => listItem(ctx, p)));
  } else {
    const visible = new Set(shown.map((p) => p.id));
    for (const li of list.querySelectorAll("li")) {
      if (!li.dataset.passage || ids.includes(Number(li.dataset.passage))) li.remove();
    }
    for (const id of ids.filter((i) => visible.has(i))) {
      const p = ctx.passages.get(id);
      const next = [...list.children].find((li) => {
        const other = ctx.passages.get(Number(li.dataset.passage));
        return other && inTextOrder(other, p) > 0;
      });
      list.insertBefore(listItem(ctx, p), next || null);
    }
  }
  if (!list.children.length) list.append(h("li", { class: "muted" }, "Nog geen passages gecodeerd."));
}
