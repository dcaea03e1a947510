// The codebook panel: the theme tree with colour swatches, a filter box, pinned themes for the keys
// 1–9 (kept per project in localStorage), a new theme on the spot, and coding in vivo.
import { h, isTyping, swatch } from "./wb-dom.js";

const lower = (text) => text.trim().toLocaleLowerCase("nl");

export function initCodebook(ctx) {
  const list = document.getElementById("wb-themes");
  const filter = document.getElementById("wb-filter");
  const newButton = document.getElementById("wb-new");
  const inVivo = document.getElementById("wb-invivo");
  const storageKey = `interview-monitor:pins:${ctx.tools.dataset.project}`;

  ctx.pins = (() => {
    try {
      const stored = JSON.parse(localStorage.getItem(storageKey));
      if (Array.isArray(stored)) return stored;
    } catch { /* no storage: the first nine themes are pinned */ }
    return ctx.data.themes.slice(0, 9).map((t) => t.id);
  })();
  const pinned = () => ctx.pins.filter((id) => ctx.themes.has(id)).slice(0, 9);
  const visible = () => {
    const query = lower(filter.value);
    return ctx.data.themes.filter((t) => !query || lower(t.name).includes(query));
  };

  function row(theme, key) {
    const apply = h("button", {
      type: "button", class: "wb-theme", "data-theme": theme.id,
      title: theme.definition ? `${theme.name}: ${theme.definition}` : theme.name, // a name cut short reads here
      "aria-label": `${theme.name} toepassen${key ? ` (toets ${key})` : ""}`,
    }, swatch(theme.colour), h("span", { class: "wb-name" }, theme.name),
    key ? h("kbd", { "aria-hidden": "true" }, `[${key}]`) : null);
    const pin = h("button", {
      type: "button", class: "wb-pin", "data-pin": theme.id, "aria-pressed": String(Boolean(key)),
      "aria-label": `${theme.name} vastzetten onder een cijfertoets`,
      title: key ? "Losmaken" : "Vastzetten voor toets 1–9",
    }, key ? "★" : "☆");
    const passages = h("a", {
      class: "wb-passages", href: ctx.data.urls.passages.replace("__T__", theme.id),
      "aria-label": `Alle passages met ${theme.name}`, title: "Alle passages met dit thema",
    }, "¶");
    const n = counts.get(theme.id) || 0;
    const count = n ? h("span", { class: "wb-n", title: `${n} passage(s) in dit interview` }, String(n)) : null;
    return h("li", { style: `padding-left:${(theme.depth || 0) * 0.9}rem` }, apply, count, pin, passages);
  }

  // Passages per theme in this interview (those shown), beside each theme
  let counts = new Map();
  function count() {
    counts = new Map();
    for (const p of ctx.shown()) for (const id of p.themes) counts.set(id, (counts.get(id) || 0) + 1);
  }

  function draw() {
    count();
    const keys = pinned();
    const focused = list.contains(document.activeElement) ? document.activeElement.dataset : null;
    const focusKey = focused && (focused.theme ? `theme:${focused.theme}` : `pin:${focused.pin}`);
    const rows = visible().map((t) => row(t, keys.indexOf(t.id) + 1));
    list.replaceChildren(...(rows.length ? rows : [h("li", { class: "muted" }, "Geen thema met deze naam.")]));
    const query = filter.value.trim();
    newButton.hidden = !query || ctx.data.themes.some((t) => lower(t.name) === lower(query));
    newButton.textContent = `Nieuw thema “${query}” toepassen`;
    if (focusKey) {
      const [kind, id] = focusKey.split(":");
      list.querySelector(`[data-${kind}="${id}"]`)?.focus();
    }
  }
  ctx.hooks.push(draw);

  function togglePin(id) {
    const theme = ctx.themes.get(id);
    if (ctx.pins.includes(id)) {
      ctx.pins = ctx.pins.filter((pin) => pin !== id);
      ctx.say(`${theme.name} losgemaakt.`);
    } else if (pinned().length >= 9) {
      return ctx.say("Er kunnen negen thema's vastgezet worden: maak er eerst een los.", true);
    } else {
      ctx.pins = [...pinned(), id];
      ctx.say(`${theme.name} vastgezet onder toets ${pinned().length}.`);
    }
    try {
      localStorage.setItem(storageKey, JSON.stringify(ctx.pins));
    } catch { /* private mode: pins last as long as the page */ }
    draw();
  }

  list.addEventListener("click", (event) => {
    const apply = event.target.closest("[data-theme]");
    const pin = event.target.closest("[data-pin]");
    if (apply) ctx.apply({ theme: Number(apply.dataset.theme) });
    if (pin) togglePin(Number(pin.dataset.pin));
  });

  // Drag the selected text onto a theme to code it with that theme.
  list.addEventListener("dragover", (event) => {
    const target = event.target.closest("[data-theme]");
    if (!target || !ctx.pending) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = "copy";
    list.querySelector(".drop-target")?.classList.remove("drop-target");
    target.classList.add("drop-target");
  });
  list.addEventListener("dragleave", (event) => event.target.closest?.("[data-theme]")?.classList.remove("drop-target"));
  list.addEventListener("drop", (event) => {
    const target = event.target.closest("[data-theme]");
    target?.classList.remove("drop-target");
    if (!target || !ctx.pending) return;
    event.preventDefault();
    ctx.apply({ theme: Number(target.dataset.theme) });
  });

  async function createTheme() {
    const name = filter.value.trim();
    if (!name) return;
    const before = ctx.themes.size;
    await ctx.apply({ new_theme: name });
    if (ctx.themes.size > before || !ctx.pending) {
      filter.value = "";
      draw();
    }
  }
  newButton.addEventListener("click", createTheme);
  filter.addEventListener("input", draw);
  filter.addEventListener("keydown", (event) => {
    if (event.key === "Escape") {
      if (filter.value) filter.value = "";
      else ctx.article.focus();
      draw();
      event.stopPropagation();
    } else if (event.key === "Enter") {
      event.preventDefault();
      const exact = ctx.data.themes.find((t) => lower(t.name) === lower(filter.value));
      const first = exact || visible()[0];
      if (first && filter.value.trim()) ctx.apply({ theme: first.id });
      else createTheme();
    }
  });
  inVivo.addEventListener("click", () => ctx.apply({ in_vivo: "1" }));

  document.addEventListener("keydown", (event) => {
    if (event.ctrlKey || event.altKey || event.metaKey || isTyping(event.target)) return;
    if (/^[1-9]$/.test(event.key)) {
      const id = pinned()[Number(event.key) - 1];
      if (id === undefined) return ctx.say(`Er is geen thema vastgezet onder toets ${event.key}.`, true);
      event.preventDefault();
      ctx.apply({ theme: id });
    } else if (event.key === "/") {
      event.preventDefault();
      filter.focus();
    } else if (event.key === "Escape") {
      // First the selection goes; with none, the open passage closes, so the next theme needs a new target.
      if (!ctx.pending && ctx.current !== null) ctx.openPassage(null, false);
      ctx.setPending(null);
      getSelection().removeAllRanges();
    }
  });
  draw();
}
