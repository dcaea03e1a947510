// Small DOM helpers for the coding workbench.

export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value !== null && value !== undefined && value !== false) el.setAttribute(name, value);
  }
  el.append(...children.filter((c) => c !== null && c !== undefined && c !== ""));
  return el;
}

// Text on one line, cut to max characters (code points, so an emoji stays whole).
export function short(text, max = 60, more = "…") {
  const chars = Array.from(text.replace(/\s+/g, " ").trim());
  return chars.length > max ? `${chars.slice(0, max - more.length).join("")}${more}` : chars.join("");
}

export function swatch(colour) {
  return h("span", { class: "swatch", style: `background:${colour}`, "aria-hidden": "true" });
}

export function badge(theme) {
  return h("span", { class: "badge" }, swatch(theme.colour), ` ${theme.name}`);
}

export function themeBadges(ctx, p) {
  const themes = p.themes.map((id) => ctx.themes.get(id)).filter(Boolean);
  if (!themes.length) return h("span", { class: "muted" }, "zonder thema");
  const box = h("span", { class: "badges" });
  for (const t of themes) box.append(badge(t), " ");
  return box;
}

// Keys typed into a field are the field's, not shortcuts.
export function isTyping(target) {
  return target.closest("input, textarea, select, [contenteditable]") !== null;
}
