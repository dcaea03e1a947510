// Selecting text in the transcript: DOM selection ↔ UTF-16 offsets, keyboard selection, the pending
// selection that waits for a theme, and selecting a whole speaker turn.
import { short } from "./wb-dom.js";

// The offset of a DOM boundary point: the length of the text from the article's start up to it.
export function offsetAt(ctx, node, offset) {
  const range = document.createRange();
  range.setStart(ctx.article, 0);
  range.setEnd(node, offset);
  return range.toString().length;
}

// A DOM range → {start, end} in UTF-16 units; ends outside the article clamp to its start or end.
export function offsetsOf(ctx, range) {
  if (!range.intersectsNode(ctx.article)) return null;
  const whole = document.createRange();
  whole.selectNodeContents(ctx.article);
  const side = (node, offset) => {
    const where = whole.comparePoint(node, offset);
    return where < 0 ? 0 : where > 0 ? ctx.text.length : offsetAt(ctx, node, offset);
  };
  let start = side(range.startContainer, range.startOffset);
  let end = side(range.endContainer, range.endOffset);
  // Inside an emoji's surrogate pair: take the whole emoji (the server snaps the same way).
  const split = (i) => /[\uDC00-\uDFFF]/.test(ctx.text[i] || "") && /[\uD800-\uDBFF]/.test(ctx.text[i - 1] || "");
  if (split(start)) start -= 1;
  if (split(end)) end += 1;
  return { start, end };
}

function pointAt(ctx, offset) {
  const walker = document.createTreeWalker(ctx.article, NodeFilter.SHOW_TEXT);
  let pos = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (pos + node.length > offset) return [node, offset - pos];
    pos += node.length;
  }
  return [ctx.article, ctx.article.childNodes.length];
}

export function rangeAt(ctx, start, end) {
  const range = document.createRange();
  range.setStart(...pointAt(ctx, start));
  range.setEnd(...pointAt(ctx, end));
  return range;
}

function paint(name, range) {
  if (!window.CSS?.highlights) return;
  if (range) CSS.highlights.set(name, new Highlight(range));
  else CSS.highlights.delete(name);
}

const MOVES = {
  ArrowLeft: ["backward", "character"], ArrowRight: ["forward", "character"],
  ArrowUp: ["backward", "line"], ArrowDown: ["forward", "line"],
  Home: ["backward", "lineboundary"], End: ["forward", "lineboundary"],
};

export function initSelection(ctx) {
  const { article } = ctx;
  const label = document.getElementById("wb-selection");

  ctx.setPending = (pending) => {
    ctx.pending = pending;
    paint("wb-pending", pending ? rangeAt(ctx, pending.start, pending.end) : null);
    // Without a selection a theme goes to the open passage: say which, so it never lands there unseen.
    const open = ctx.passages.get(ctx.current);
    label.classList.toggle("wb-target", !pending && Boolean(open?.editable));
    label.textContent = pending
      ? `Selectie (${Array.from(pending.text).length} tekens): “${short(pending.text, 120)}”`
      : open?.editable ? `Een thema gaat naar de open passage “${short(open.text, 80)}” (Esc sluit die).`
        : "Geen tekst geselecteerd.";
  };
  ctx.hooks.push(() => ctx.setPending(ctx.pending)); // the transcript was drawn again: repaint

  function update() {
    const selection = getSelection();
    paint("wb-caret", null);
    if (!selection.rangeCount) return;
    const range = selection.getRangeAt(0);
    if (!range.intersectsNode(article)) return; // a click in the panel keeps the selection waiting
    if (range.collapsed) {
      if (!article.contains(range.startContainer)) return;
      ctx.setPending(null);
      const node = range.startContainer;
      if (node.nodeType === Node.TEXT_NODE && range.startOffset < node.length && document.activeElement === article) {
        const caret = range.cloneRange();
        caret.setEnd(node, range.startOffset + 1);
        paint("wb-caret", caret);
      }
      return;
    }
    const offsets = offsetsOf(ctx, range);
    if (!offsets || offsets.end <= offsets.start) return ctx.setPending(null);
    ctx.setPending({ ...offsets, text: ctx.text.slice(offsets.start, offsets.end) });
  }
  let frame = 0;
  document.addEventListener("selectionchange", () => {
    cancelAnimationFrame(frame);
    frame = requestAnimationFrame(update);
  });

  article.addEventListener("keydown", (event) => {
    const move = MOVES[event.key];
    if (event.target.closest(".speaker") && (event.key === "Enter" || event.key === " ")) {
      event.preventDefault();
      return selectTurn(event.target.closest(".speaker"));
    }
    if (!move || event.altKey || event.metaKey) return;
    const selection = getSelection();
    if (!selection.rangeCount || !article.contains(selection.anchorNode)) {
      const from = event.target === article ? 0 : offsetAt(ctx, event.target, 0);
      selection.collapse(...pointAt(ctx, from));
    }
    const unit = event.ctrlKey && move[1] === "character" ? "word" : move[1];
    selection.modify(event.shiftKey ? "extend" : "move", move[0], unit);
    selection.focusNode?.parentElement?.scrollIntoView({ block: "nearest" });
    event.preventDefault();
  });

  function selectTurn(el) {
    const index = ctx.labels.findIndex((l) => l.start === Number(el.dataset.label));
    const turn = ctx.labels[index];
    if (!turn) return;
    const start = turn.turnStart ?? turn.start;
    let end = turn.turnEnd ?? (ctx.labels[index + 1]?.start ?? ctx.text.length);
    while (end > start && /[\n \t]/.test(ctx.text[end - 1])) end--;
    const selection = getSelection();
    selection.removeAllRanges();
    selection.addRange(rangeAt(ctx, start, end));
    ctx.setPending({ start, end, text: ctx.text.slice(start, end) });
    ctx.say(`Beurt van ${turn.name} geselecteerd: kies een thema.`);
  }
  article.addEventListener("click", (event) => {
    const el = event.target.closest(".speaker");
    if (el && getSelection().isCollapsed) selectTurn(el);
  });
}
