// The recording beside the transcript: play from a turn's time or from the open passage, the turn being heard
// highlighted in the text (the CSS Custom Highlight API: no element is added to the transcript, so selection
// offsets stay as they are), keys for play/pause, back 5 s and the passage, a speed, and "hier" to set a turn's
// time while listening (coders and owners).
import { h } from "./wb-dom.js";
import { rangeAt } from "./wb-select.js";

const BACK = 5; // seconds

const clock = (ms) => {
  const s = Math.floor(ms / 1000);
  const hh = Math.floor(s / 3600);
  const mm = String(Math.floor((s % 3600) / 60)).padStart(2, "0");
  const ss = String(s % 60).padStart(2, "0");
  return hh ? `${hh}:${mm}:${ss}` : `${mm}:${ss}`;
};

export function initMedia(ctx) {
  const holder = document.getElementById("recording-data");
  const media = document.getElementById("wb-media");
  if (!holder || !media) return;
  const data = JSON.parse(holder.textContent);
  const turns = data.turns; // in text order: {id, start16, end16, speaker, ms}
  const list = document.getElementById("wb-turn-times");
  const status = document.getElementById("wb-player-status");
  const say = (text) => { status.textContent = text; };
  let playing = null;

  // A position in the text → a time: the turn's own, or between the timed turns around it by characters.
  function timeAt(at16) {
    const i = turns.findLastIndex((t) => t.start16 <= at16);
    const before = turns.slice(0, i + 1).findLast((t) => t.ms !== null);
    if (!before) return null;
    const after = turns.slice(i + 1).find((t) => t.ms !== null);
    const end = after ? after.ms : media.duration * 1000 || before.ms;
    const span = (after ? after.start16 : ctx.text.length) - before.start16;
    return before.ms + ((end - before.ms) * (at16 - before.start16)) / Math.max(span, 1);
  }

  function playFrom(ms) {
    if (ms === null) return say("Voor deze plek in de tekst is nog geen tijd bekend.");
    media.currentTime = ms / 1000;
    media.play().catch(() => say("De opname kan niet worden afgespeeld in deze browser."));
  }

  function drawList() {
    list.replaceChildren(...turns.map((turn) => {
      const words = ctx.text.slice(turn.start16, turn.end16);
      const said = words.slice(words.indexOf(": ") + 2, words.indexOf(": ") + 32); // after the "Naam:" label
      const label = `${turn.ms === null ? "–:–" : clock(turn.ms)} ${turn.speaker || "beurt"}: ${said}…`;
      const item = h("li", { "data-turn": turn.id });
      item.append(h("button", { type: "button", class: "link", disabled: turn.ms === null }, label));
      if (data.sync) item.append(" ", h("button", { type: "button", class: "secondary wb-here", title: "De tijd van deze beurt wordt de plek in de opname nu" }, "hier"));
      return item;
    }));
  }

  list.addEventListener("click", async (event) => {
    const item = event.target.closest("li[data-turn]");
    if (!item) return;
    const turn = turns.find((t) => t.id === Number(item.dataset.turn));
    if (!event.target.classList.contains("wb-here")) return playFrom(turn.ms);
    const ms = Math.round(media.currentTime * 1000);
    const answer = await ctx.post(data.sync, { turn: turn.id, ms });
    if (!answer) return;
    turn.ms = answer.ms;
    drawList();
    say(`Beurt van ${turn.speaker || "onbekend"} begint nu op ${clock(ms)}.`);
  });

  // The turn being heard: highlighted in the text and marked in the list.
  media.addEventListener("timeupdate", () => {
    const now = media.currentTime * 1000;
    const turn = turns.findLast((t) => t.ms !== null && t.ms <= now) || null;
    if (turn === playing) return;
    playing = turn;
    for (const item of list.querySelectorAll("[aria-current]")) item.removeAttribute("aria-current");
    if (!turn) return CSS.highlights?.delete("wb-playing");
    list.querySelector(`[data-turn="${turn.id}"]`)?.setAttribute("aria-current", "true");
    ctx.article.dataset.playing = String(turn.id);
    CSS.highlights?.set("wb-playing", new Highlight(rangeAt(ctx, turn.start16, turn.end16)));
  });

  const fromPassage = () => {
    const passage = ctx.passages.get(ctx.current);
    if (!passage) return say("Open eerst een passage (klik erop), of kies een beurt.");
    playFrom(timeAt(passage.start16));
  };
  document.getElementById("wb-from-passage").addEventListener("click", fromPassage);
  document.getElementById("wb-back").addEventListener("click", () => { media.currentTime = Math.max(0, media.currentTime - BACK); });
  document.getElementById("wb-speed").addEventListener("change", (event) => { media.playbackRate = Number(event.target.value); });
  document.addEventListener("keydown", (event) => {
    if (!event.altKey || event.ctrlKey || event.metaKey) return;
    const key = event.key.toLowerCase();
    if (key === "k") media.paused ? media.play() : media.pause();
    else if (key === "b") media.currentTime = Math.max(0, media.currentTime - BACK);
    else if (key === "p") fromPassage();
    else return;
    event.preventDefault();
  });
  drawList();
}
