// Stars: a starred passage is a representative quote for the reports. Any coder or owner may star any
// passage. The list's star buttons submit the page's star form (a plain POST that works without this
// script); here they, and the star in the passage panel, are posted with fetch and drawn again in place.
import { h, short } from "./wb-dom.js";
import { renderList } from "./wb-margin.js";

const TITLE = "Representatief citaat voor de rapportage";

// What follows the coder's name in a list item: a star toggle for writers, for readers the star as text.
export function starMark(ctx, p) {
  if (!ctx.canWrite) return p.starred ? [" · ", h("span", { class: "wb-starred" }, "★ ster")] : [];
  return [" ", h("button", {
    type: "submit", formaction: ctx.url("star", p.id), name: "starred", value: p.starred ? "0" : "1",
    class: "link wb-star", "aria-pressed": String(Boolean(p.starred)), title: TITLE,
  }, h("span", { "aria-hidden": "true" }, p.starred ? "★" : "☆"), " ster")];
}

// The star in the passage panel (data-act keeps its focus when the panel is drawn again).
export function panelStar(p) {
  return h("button", {
    type: "button", class: "secondary wb-star", "data-act": "star", "data-star": p.id,
    "aria-pressed": String(Boolean(p.starred)), title: TITLE,
  }, h("span", { "aria-hidden": "true" }, p.starred ? "★" : "☆"), " Ster (representatief citaat)");
}

async function toggle(ctx, id, fromList) {
  const p = ctx.passages.get(id);
  if (!p) return;
  const answer = await ctx.post(ctx.url("star", id), { starred: p.starred ? "0" : "1" });
  if (!answer) return;
  p.starred = answer.passage.starred;
  renderList(ctx, [id]);
  for (const hook of ctx.hooks) hook();
  if (fromList) document.querySelector(`#wb-list li[data-passage="${id}"] .wb-star`)?.focus();
  ctx.say(p.starred ? `Ster gegeven aan “${short(p.text)}”.` : `Ster weggehaald bij “${short(p.text)}”.`);
}

export function initStars(ctx) {
  document.getElementById("wb-star-form")?.addEventListener("submit", (event) => {
    const button = event.submitter;
    const item = button?.closest("li[data-passage]");
    if (!button?.classList.contains("wb-star") || !item) return;
    event.preventDefault();
    toggle(ctx, Number(item.dataset.passage), true);
  });
  document.getElementById("wb-passage-body")?.addEventListener("click", (event) => {
    const button = event.target.closest("[data-star]");
    if (button) toggle(ctx, Number(button.dataset.star), false);
  });
}
