// The coding workbench on the interview page: the shared state, saving through fetch, and start-up.
// Offsets in the browser are UTF-16 units (JavaScript string indices): start16/end16 of the passages.
// URL templates in coding_data.urls carry the placeholders __P__ (passage id) and __T__ (theme id).
import { short } from "./wb-dom.js";
import { adopt, readLabels, renderText } from "./wb-render.js";
import { inTextOrder, renderList, renderStripes } from "./wb-margin.js";
import { initSelection } from "./wb-select.js";
import { initCodebook } from "./wb-codebook.js";
import { initPassagePanel, initTooltip } from "./wb-passage.js";
import { initStars } from "./wb-star.js";
import { initUndo } from "./wb-undo.js";
import { initLive } from "./wb-live.js";
import { initMedia } from "./wb-media.js";

const started = performance.now();
const data = JSON.parse(document.getElementById("coding-data").textContent);
const article = document.querySelector("article.transcript");
const tools = document.getElementById("wb-tools");

function csrfToken() {
  const input = document.querySelector("input[name=csrfmiddlewaretoken]");
  if (input) return input.value;
  const match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
  return match ? decodeURIComponent(match[1]) : "";
}

const ctx = {
  data, article, tools,
  text: article.textContent,
  canWrite: Boolean(data.can_write && tools),
  themes: new Map(data.themes.map((t) => [t.id, t])),
  passages: new Map(data.passages.map((p) => [p.id, p])),
  coderFilter: new URLSearchParams(location.search).get("coder") || "",
  pending: null, // the selection waiting for a theme: {start, end, text}
  current: null, // id of the passage shown in the passage panel
  here: [], // ids of the passages at the highlight it was opened from
  hooks: [], // run after every change, once the transcript is drawn again
  queue: Promise.resolve(), // saves run one after the other, in the order they were asked for
  setPending() {},

  shown() {
    const all = [...this.passages.values()];
    const list = this.coderFilter ? all.filter((p) => p.coder === this.coderFilter || p.fresh) : all;
    return list.sort(inTextOrder);
  },

  themeNames(p) {
    return p.themes.map((id) => this.themes.get(id)?.name).filter(Boolean).join(", ") || "zonder thema";
  },

  url(name, passage = 0, theme = 0) {
    const template = this.data.urls[name];
    if (template.includes("__P__") || template.includes("__T__")) {
      return template.replace("__P__", passage).replace("__T__", theme);
    }
    const ids = [passage, theme];
    let i = 0;
    return template.replace(/\/0\//g, () => `/${ids[i++] ?? 0}/`);
  },

  // Draw again after a change to the passages `ids`; spans: [start16, end16] they covered before and now.
  refresh(ids, spans) {
    const hadFocus = article.contains(document.activeElement);
    renderText(this, Math.min(...spans.map((s) => s[0])), Math.max(...spans.map((s) => s[1])));
    renderStripes(this);
    renderList(this, ids);
    for (const hook of this.hooks) hook();
    if (hadFocus && !article.contains(document.activeElement)) article.focus({ preventScroll: true });
  },

  setCurrent(id) {
    for (const el of this.marks.get(this.current) || []) el.classList.remove("current");
    this.current = id;
    for (const el of this.marks.get(id) || []) el.classList.add("current");
  },

  say(message, isError = false) {
    const box = document.getElementById("wb-status");
    if (!box) return;
    box.classList.toggle("error", isError);
    box.textContent = message;
  },

  post(url, fields = {}) {
    const send = async () => {
      const body = new URLSearchParams();
      for (const [name, value] of Object.entries(fields)) {
        for (const item of [].concat(value)) if (item !== undefined && item !== null) body.append(name, item);
      }
      if (this.data.text) body.append("text_version", this.data.text); // offsets are into this text, not a corrected one
      let response;
      try {
        response = await fetch(url, {
          method: "POST", body, credentials: "same-origin",
          headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
        });
      } catch {
        this.say("Geen verbinding met de server: er is niets opgeslagen.", true);
        return null;
      }
      const answer = await response.json().catch(() => null);
      if (!response.ok || !answer || answer.error) {
        this.say(answer?.error || `Opslaan is mislukt (fout ${response.status}). Laad de pagina opnieuw.`, true);
        return null;
      }
      // The version the server now holds, before the next queued save reads it (its caller draws the rest later).
      if (answer.passage && this.passages.has(answer.passage.id)) this.passages.get(answer.passage.id).v = answer.passage.v;
      return answer;
    };
    const result = this.queue.then(send);
    this.queue = result.catch(() => null);
    return result;
  },

  addTheme(theme) {
    if (!theme || this.themes.has(theme.id)) return;
    this.themes.set(theme.id, theme);
    this.data.themes.push(theme);
  },

  // Take in the server's answer: the passage (and a new theme), drawn again and said in the status line.
  accept(answer, message = (p) => `Passage “${short(p.text)}” gecodeerd met: ${this.themeNames(p)}.`) {
    this.addTheme(answer.created_theme);
    const p = answer.passage;
    const before = this.passages.get(p.id) || p;
    p.fresh = true; // shown even when the page shows another coder's coding
    this.passages.set(p.id, p);
    this.setCurrent(p.id);
    this.here = [];
    this.refresh([p.id], [[before.start16, before.end16], [p.start16, p.end16]]);
    this.say(message(p));
  },

  // Apply themes (fields: theme, new_theme or in_vivo) to the selection, or else to the open passage.
  async apply(fields) {
    const selection = this.pending;
    const target = this.passages.get(this.current);
    let answer;
    if (selection) {
      const span = { start: selection.start, end: selection.end, unit: "utf16" };
      answer = await this.post(this.url("create"), { ...span, ...fields });
    } else if (target?.editable) {
      if (fields.in_vivo) fields = { new_theme: short(target.text, 100, "") };
      answer = await this.post(this.url("themes", target.id), fields);
    } else {
      this.say("Selecteer eerst een stuk tekst (of open een eigen passage) om te coderen.", true);
      return;
    }
    if (!answer) return;
    if (selection && this.pending === selection) this.setPending(null);
    this.accept(answer);
  },
};

// The page sends each passage once, without what the script can work out: its text (from the
// transcript), its coder's name and whether it is mine or editable (answers from the server carry them).
for (const p of ctx.passages.values()) {
  p.text = ctx.text.slice(p.start16, p.end16);
  p.coder_name = data.coders[p.coder] || p.coder;
  p.mine = p.coder === data.me;
  p.editable = p.mine || data.is_owner;
}
ctx.labels = readLabels(article, ctx.text);
if (!adopt(ctx)) {
  renderText(ctx);
  renderList(ctx);
}
initTooltip(ctx);
if (ctx.canWrite) {
  tools.hidden = false;
  initSelection(ctx);
  initCodebook(ctx);
  initPassagePanel(ctx);
  initStars(ctx);
  initUndo(ctx);
}
initLive(ctx);
initMedia(ctx);
article.dataset.ready = "true";
document.documentElement.dataset.wbReadyMs = String(Math.round(performance.now()));
document.documentElement.dataset.wbInitMs = String(Math.round(performance.now() - started));
// A link to a passage that starts where another does has no element with its id: go to its first run.
const target = location.hash.match(/^#p(\d+)$/);
if (target && !document.getElementById(`p${target[1]}`)) ctx.marks.get(Number(target[1]))?.[0].scrollIntoView();
// The stripes need the text's layout, which the first paint makes anyway: draw them just before it.
let frame = requestAnimationFrame(() => renderStripes(ctx));
window.addEventListener("resize", () => {
  cancelAnimationFrame(frame);
  frame = requestAnimationFrame(() => renderStripes(ctx));
});
