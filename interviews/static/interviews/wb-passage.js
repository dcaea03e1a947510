// The tooltip on highlights (themes, coder, memo) and the passage panel: remove a theme, move the
// start or end by a word, edit the memo, delete the passage.
import { badge, h, short, themeBadges } from "./wb-dom.js";
import { panelStar } from "./wb-star.js";

const space = (c) => /\s/.test(c);

// Word steps over the text (UTF-16 indices); the server snaps whatever falls inside an emoji.
const STEPS = {
  startBack: (t, i) => { while (i > 0 && space(t[i - 1])) i--; while (i > 0 && !space(t[i - 1])) i--; return i; },
  startOn: (t, i) => { while (i < t.length && !space(t[i])) i++; while (i < t.length && space(t[i])) i++; return i; },
  endBack: (t, i) => { while (i > 0 && !space(t[i - 1])) i--; while (i > 0 && space(t[i - 1])) i--; return i; },
  endOn: (t, i) => { while (i < t.length && space(t[i])) i++; while (i < t.length && !space(t[i])) i++; return i; },
};
const MOVES = [
  ["startBack", "begin − woord", "Begin een woord naar links"],
  ["startOn", "begin + woord", "Begin een woord naar rechts"],
  ["endBack", "eind − woord", "Eind een woord naar links"],
  ["endOn", "eind + woord", "Eind een woord naar rechts"],
];

const passagesOf = (ctx, mark) => mark.dataset.passages.split(" ").map((id) => ctx.passages.get(Number(id)))
  .filter(Boolean);

export function initTooltip(ctx) {
  const tip = document.getElementById("wb-tip");
  const hide = () => { tip.hidden = true; };
  function show(mark) {
    tip.replaceChildren(...passagesOf(ctx, mark).map((p) => h("div", { class: "wb-tip-item" },
      themeBadges(ctx, p),
      h("div", { class: "muted" }, `gecodeerd door ${p.coder_name}`),
      p.memo ? h("div", {}, `Memo: ${short(p.memo, 200)}`) : null)));
    tip.hidden = false;
    const box = mark.getClientRects()[0] || mark.getBoundingClientRect();
    const right = scrollX + innerWidth - tip.offsetWidth - 12;
    tip.style.left = `${Math.max(scrollX + 4, Math.min(box.left + scrollX, right))}px`;
    tip.style.top = `${box.bottom + scrollY + 6}px`;
    mark.setAttribute("aria-describedby", "wb-tip");
  }
  const onto = (event) => {
    const mark = event.target.closest?.(".hl");
    if (mark) show(mark);
    else hide();
  };
  ctx.article.addEventListener("mouseover", onto);
  ctx.article.addEventListener("focusin", onto);
  ctx.article.addEventListener("mouseleave", hide);
  ctx.article.addEventListener("focusout", hide);
  document.addEventListener("keydown", (event) => { if (event.key === "Escape") hide(); });
  ctx.hooks.push(hide);
}

export function initPassagePanel(ctx) {
  const panel = document.getElementById("wb-passage");
  const body = document.getElementById("wb-passage-body");
  const title = document.getElementById("wb-passage-title");
  ctx.here = [];

  ctx.openPassage = (id, focus = true) => {
    ctx.setCurrent(id);
    for (const hook of ctx.hooks) hook();
    if (focus) title.focus();
  };
  function close() {
    const mark = ctx.marks.get(ctx.current)?.find((el) => el.tabIndex >= 0);
    ctx.openPassage(null, false);
    (mark || ctx.article).focus();
  }
  panel.addEventListener("keydown", (event) => {
    if (event.key !== "Escape" || event.target.matches("textarea")) return;
    event.stopPropagation();
    close();
  });

  function content(p) {
    const parts = [h("button", { type: "button", class: "link wb-close", "data-act": "close" }, "Sluiten"),
      h("blockquote", {}, `“${short(p.text, 300)}”`),
      h("p", { class: "muted" }, `Gecodeerd door ${p.coder_name}${p.mine ? " (u)" : ""}`), h("p", {}, panelStar(p))];
    const others = ctx.here.filter((id) => id !== p.id && ctx.passages.has(id));
    if (others.length) {
      parts.push(h("p", {}, "Ook hier: ", ...others.map((id) => {
        const other = ctx.passages.get(id);
        return h("button", { type: "button", class: "link", "data-act": `open-${id}`, "data-open": id },
          `${ctx.themeNames(other)} (${other.coder_name})`);
      })));
    }
    const themes = h("ul", { class: "wb-passage-themes", "aria-label": "Thema's van deze passage" });
    for (const id of p.themes) {
      const theme = ctx.themes.get(id);
      if (!theme) continue;
      themes.append(h("li", {}, badge(theme), p.editable ? h("button", {
        type: "button", class: "wb-remove", "data-act": `remove-${id}`, "data-remove": id,
        "aria-label": `Thema ${theme.name} van deze passage verwijderen`, title: "Thema verwijderen",
      }, "×") : null));
    }
    if (!p.themes.length) themes.append(h("li", { class: "muted" }, "zonder thema"));
    parts.push(themes);
    if (!p.editable) {
      parts.push(p.memo ? h("p", {}, `Memo: ${p.memo}`) : h("p", { class: "muted" }, "Geen memo."),
        h("p", { class: "muted" }, "Alleen de codeur of een eigenaar kan deze passage wijzigen."));
      return parts;
    }
    parts.push(h("p", { class: "helptext" }, "Een thema uit de lijst of toets 1–9 voegt het aan deze passage toe."));
    const moves = h("fieldset", { class: "wb-moves" }, h("legend", {}, "Grenzen verschuiven"),
      ...MOVES.map(([act, text, label]) => h("button",
        { type: "button", class: "secondary", "data-act": act, "aria-label": label }, text)));
    const memo = h("textarea", { id: "wb-memo", rows: "3" });
    memo.value = p.memo;
    parts.push(moves,
      h("label", { for: "wb-memo" }, "Memo bij deze passage"), memo,
      h("p", { class: "wb-actions" },
        h("button", { type: "button", "data-act": "memo" }, "Memo opslaan"),
        h("button", { type: "button", class: "danger", "data-act": "delete" }, "Passage verwijderen")));
    return parts;
  }

  function draw() {
    const p = ctx.passages.get(ctx.current);
    panel.hidden = !p;
    if (!p) return;
    const focused = panel.contains(document.activeElement) ? document.activeElement.dataset.act : null;
    const draft = document.getElementById("wb-memo");
    const keepDraft = draft && draft.dataset.passage === String(p.id) && draft.value !== draft.defaultValue;
    const text = keepDraft ? draft.value : null;
    body.replaceChildren(...content(p));
    const memo = document.getElementById("wb-memo");
    if (memo) {
      memo.dataset.passage = String(p.id);
      memo.defaultValue = p.memo;
      if (text !== null) memo.value = text;
    }
    if (focused) (body.querySelector(`[data-act="${focused}"]`) || title).focus();
  }
  ctx.hooks.push(draw);

  async function act(p, action, target) {
    let answer;
    if (target.dataset.open) return ctx.openPassage(Number(target.dataset.open));
    if (action === "close") return close();
    if (target.dataset.remove) {
      answer = await ctx.post(ctx.url("remove", p.id, target.dataset.remove));
    } else if (action === "memo") {
      answer = await ctx.post(ctx.url("passage", p.id), { memo: document.getElementById("wb-memo").value });
      if (answer) return ctx.accept(answer, (q) => `Memo opgeslagen bij passage “${short(q.text)}”.`);
    } else if (action === "delete") {
      if (!(await ctx.post(ctx.url("delete", p.id)))) return;
      ctx.passages.delete(p.id);
      ctx.current = null;
      ctx.refresh([p.id], [[p.start16, p.end16]]);
      ctx.article.focus({ preventScroll: true });
      return ctx.offerUndo(`Passage “${short(p.text)}” verwijderd.`);
    } else if (STEPS[action]) {
      const at = STEPS[action](ctx.text, action.startsWith("start") ? p.start16 : p.end16);
      const [start, end] = action.startsWith("start") ? [at, p.end16] : [p.start16, at];
      if (start >= end) return ctx.say("Zo wordt de passage leeg: verschuif de andere grens eerst.", true);
      answer = await ctx.post(ctx.url("passage", p.id), { start, end, unit: "utf16" });
      if (answer) return ctx.accept(answer, (q) => `Passage verschoven: “${short(q.text)}”.`);
    }
    if (answer) ctx.accept(answer, (q) => `Thema verwijderd; de passage heeft nu: ${ctx.themeNames(q)}.`);
  }
  body.addEventListener("click", (event) => {
    const target = event.target.closest("button");
    const p = ctx.passages.get(ctx.current);
    if (target && p) act(p, target.dataset.act, target);
  });

  function openFrom(mark) {
    const found = passagesOf(ctx, mark);
    if (!found.length) return;
    ctx.here = found.map((p) => p.id);
    const inner = found.reduce((a, b) => (b.end16 - b.start16 < a.end16 - a.start16 ? b : a));
    ctx.openPassage(inner.id);
  }
  ctx.article.addEventListener("click", (event) => {
    const mark = event.target.closest(".hl");
    if (mark && !event.target.closest(".speaker") && getSelection().isCollapsed) openFrom(mark);
  });
  ctx.article.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && event.target.matches(".hl:not(.speaker)")) openFrom(event.target);
  });
  document.querySelector(".stripes").addEventListener("click", (event) => {
    const stripe = event.target.closest(".stripe");
    ctx.here = [];
    if (stripe) ctx.openPassage(Number(stripe.dataset.passage));
  });
  document.getElementById("wb-list").addEventListener("click", (event) => {
    const link = event.target.closest("a[data-passage]");
    const mark = link && ctx.marks.get(Number(link.dataset.passage))?.[0];
    if (!mark) return;
    event.preventDefault();
    history.replaceState(null, "", link.getAttribute("href"));
    ctx.here = [];
    ctx.openPassage(Number(link.dataset.passage), false);
    mark.scrollIntoView({ block: "center" });
    (mark.tabIndex >= 0 ? mark : document.getElementById("wb-passage-title")).focus({ preventScroll: true });
  });
}
