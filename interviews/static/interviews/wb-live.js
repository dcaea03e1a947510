// Live co-coding: every second the page asks the server whether a colleague changed this interview (a 304
// costs the server five small reads; see interviews/views/live.py for why polling), and who else has it open.
// A change is drawn in place: the reader's selection, scroll position and focus stay, and what changed is
// marked for a few seconds. Each move or recode is sent with the version of the passage as the page shows it,
// so a colleague's change made meanwhile is refused by the server (409) rather than overwritten.
import { h, short } from "./wb-dom.js";
import { offsetsOf, rangeAt } from "./wb-select.js";

const EVERY = 1000; // ms between questions
const MARKED = 5000; // ms a colleague's change stays marked
const PASSAGE_URLS = ["passage", "themes", "remove", "delete"];

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

function names(people) {
  const list = people.map((p) => p.name);
  return list.length > 1 ? `${list.slice(0, -1).join(", ")} en ${list[list.length - 1]}` : list[0];
}

export function initLive(ctx) {
  const url = ctx.data.urls.live;
  if (!url) return;
  let etag = "";
  let marked = [];
  let memos = null; // the memos' markup of the last answer
  const bar = h("p", { id: "wb-live", class: "wb-live", role: "status", "aria-live": "polite" });
  const present = h("span", { class: "wb-present" });
  const news = h("span", { class: "wb-news" });
  bar.append(present, " ", news);
  (ctx.article.closest(".reader") || ctx.article).before(bar); // above the workbench, whatever its layout

  // Send the shown version with every change to one passage (read when the save is sent, after earlier saves).
  const patterns = PASSAGE_URLS.filter((n) => ctx.data.urls[n]).map((n) => new RegExp(
    `^${escape(ctx.data.urls[n]).replace("__P__", "(\\d+)").replace("__T__", "\\d+")}$`));
  const post = ctx.post.bind(ctx);
  ctx.post = (target, fields = {}) => {
    const id = Number(patterns.map((re) => target.match(re)).find(Boolean)?.[1]);
    if (!ctx.passages.has(id)) return post(target, fields);
    const versioned = { ...fields };
    Object.defineProperty(versioned, "version", { enumerable: true, get: () => ctx.passages.get(id)?.v });
    // Refused (a colleague changed the passage meanwhile: 409, said in the status line): show it as it now is.
    return post(target, versioned).then((answer) => (answer === null && setTimeout(ask), answer));
  };

  function complete(p) {
    p.text = ctx.text.slice(p.start16, p.end16);
    p.coder_name = ctx.data.coders[p.coder] || p.coder;
    p.mine = p.coder === ctx.data.me;
    p.editable = p.mine || ctx.data.is_owner;
    return p;
  }

  // Draw again without losing what the reader is doing.
  function keeping(redraw) {
    const selection = getSelection();
    const range = selection.rangeCount ? selection.getRangeAt(0) : null;
    const offsets = range && !range.collapsed ? offsetsOf(ctx, range) : null;
    const [x, y, focus] = [scrollX, scrollY, document.activeElement];
    redraw();
    if (offsets) {
      selection.removeAllRanges();
      selection.addRange(rangeAt(ctx, offsets.start, offsets.end));
    }
    if (scrollX !== x || scrollY !== y) scrollTo(x, y);
    if (focus && focus !== document.activeElement && document.contains(focus)) focus.focus({ preventScroll: true });
  }

  function mark(ids) {
    for (const el of marked) el.classList.remove("wb-changed");
    marked = ids.flatMap((id) => [...(ctx.marks.get(id) || []),
      ...document.querySelectorAll(`#wb-list [data-passage="${id}"], .stripes [data-passage="${id}"]`)]);
    for (const el of marked) el.classList.add("wb-changed");
    const now = marked;
    setTimeout(() => now.forEach((el) => el.classList.remove("wb-changed")), MARKED);
  }

  // The memos under the passages: replaced when a colleague wrote, edited or deleted one (links only, no form
  // that could lose typing). The first answer replaces them silently, in case one changed since the page loaded.
  function updateMemos(html) {
    const box = ctx.article.ownerDocument.querySelector("aside .memos");
    if (!box || typeof html !== "string" || html === memos) return false;
    const first = memos === null;
    memos = html;
    const holder = document.createElement("template");
    holder.innerHTML = html.trim();
    const fresh = holder.content.firstElementChild;
    if (!fresh) return false;
    box.replaceWith(fresh);
    if (!first) {
      fresh.classList.add("wb-changed");
      setTimeout(() => fresh.classList.remove("wb-changed"), MARKED);
    }
    return !first;
  }

  function apply(answer) {
    if (answer.text && answer.text !== ctx.data.text) { // a colleague corrected the text: offsets no longer fit
      news.replaceChildren("De tekst is intussen gecorrigeerd: ", h("a", { href: location.href }, "laad de pagina opnieuw"));
      return bar.classList.add("stale");
    }
    const others = answer.present.filter((p) => p.username !== ctx.data.me);
    present.textContent = others.length ? `Ook open bij ${names(others)}.` : "";
    bar.classList.toggle("others", others.length > 0);
    Object.assign(ctx.data.coders, answer.coders);
    const themes = new Map(answer.themes.map((t) => [t.id, t]));
    const themesChanged = answer.themes.length !== ctx.data.themes.length || answer.themes.some((t) => {
      const old = ctx.themes.get(t.id);
      return !old || old.name !== t.name || old.colour !== t.colour;
    });
    const incoming = new Map(answer.passages.map((p) => [p.id, p]));
    const changed = [];
    const spans = [];
    const said = [];
    for (const p of incoming.values()) {
      const old = ctx.passages.get(p.id);
      if (old && old.v === p.v) continue;
      ctx.passages.set(p.id, complete(p));
      changed.push(p.id);
      spans.push([p.start16, p.end16], ...(old ? [[old.start16, old.end16]] : []));
      said.push(`${old ? "gewijzigd" : "nieuw"}: “${short(p.text, 40)}” (${p.coder_name})`);
    }
    for (const old of [...ctx.passages.values()]) {
      if (incoming.has(old.id) || (ctx.coderFilter && old.coder !== ctx.coderFilter)) continue;
      ctx.passages.delete(old.id);
      if (ctx.current === old.id) ctx.current = null;
      changed.push(old.id);
      spans.push([old.start16, old.end16]);
      said.push(`verwijderd: “${short(old.text, 40)}”`);
    }
    if (themesChanged) {
      ctx.themes.clear();
      for (const [id, t] of themes) ctx.themes.set(id, t);
      ctx.data.themes.splice(0, ctx.data.themes.length, ...answer.themes);
      said.push("codeboek bijgewerkt");
    }
    const memosChanged = updateMemos(answer.memos_html);
    if (memosChanged) said.push("memo's bijgewerkt");
    if (!changed.length && !themesChanged) {
      if (memosChanged) news.textContent = `Zojuist van een collega: ${said.join("; ")}.`;
      return;
    }
    // A theme's new name or colour shows on every passage: the whole list is drawn again then (null: all).
    keeping(() => ctx.refresh(themesChanged ? null : changed, themesChanged ? [[0, ctx.text.length]] : spans));
    mark(changed.filter((id) => ctx.passages.has(id)));
    news.textContent = `Zojuist van een collega: ${said.slice(0, 3).join("; ")}${said.length > 3 ? " …" : ""}.`;
  }

  async function ask() {
    // The page's own saves first, all of them: a save asked for while an earlier one ran extends the queue, and a
    // question sent then could be read before that save commits yet arrive after its answer was drawn.
    let queued;
    do {
      queued = ctx.queue;
      await queued;
    } while (ctx.queue !== queued);
    const query = ctx.coderFilter ? `?coder=${encodeURIComponent(ctx.coderFilter)}` : "";
    let response;
    try {
      response = await fetch(url + query, {
        credentials: "same-origin", cache: "no-store",
        headers: { Accept: "application/json", ...(etag ? { "If-None-Match": etag } : {}) },
      });
    } catch {
      return; // no connection: ask again in a second
    }
    if (response.status !== 200) return;
    const answer = await response.json().catch(() => null);
    await ctx.queue;
    // A save of this page ran meanwhile: this answer may be from before it, so ask again instead.
    if (!answer || ctx.queue !== queued) return;
    etag = response.headers.get("ETag") || "";
    apply(answer);
  }

  // A hidden page (another tab, a minimised window) asks nothing and sleeps: no request, no timer. Its presence
  // row expires meanwhile (the colleagues see it is not being read); when it is shown again it asks at once
  // rather than after its next second, so the reader never looks at a stale page.
  let timer = 0;
  let asking = false;
  async function loop() {
    clearTimeout(timer);
    if (document.hidden || asking) return; // hidden: sleep until shown; asking: that question sets the next
    asking = true;
    try {
      await ask();
    } finally {
      asking = false;
    }
    timer = setTimeout(loop, EVERY);
  }
  document.addEventListener("visibilitychange", loop);
  loop();
  addEventListener("pagehide", () => {
    const form = new FormData();
    const cookie = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    const token = document.querySelector("input[name=csrfmiddlewaretoken]")?.value;
    form.append("csrfmiddlewaretoken", token || (cookie ? decodeURIComponent(cookie[1]) : ""));
    navigator.sendBeacon(url, form);
  });
}
