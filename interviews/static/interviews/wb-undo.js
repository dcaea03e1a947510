// Undo and redo in the workbench: Ctrl+Z / Ctrl+Shift+Z (Cmd on a Mac; Ctrl+Y too) and the two buttons take
// back the user's own last coding action on this interview, on the server; the answer says what was undone
// and carries the passage as it is now (or that it is gone), which is drawn again. Without this script the
// buttons are plain POST forms and the server redirects back with the message.
import { h, isTyping } from "./wb-dom.js";

export function initUndo(ctx) {
  // Without the script the buttons stand above the passage list; with it, in the sticky tools by the message.
  const buttons = document.getElementById("wb-undo");
  const status = document.getElementById("wb-status");
  if (buttons && status) status.after(buttons);

  // Draw the answer: the passage as it is now, or its removal; then say what happened.
  function redraw(answer) {
    if (answer.passage) return ctx.accept(answer, () => answer.message);
    const old = ctx.passages.get(answer.deleted);
    if (old) {
      ctx.passages.delete(old.id);
      if (ctx.current === old.id) ctx.current = null;
      ctx.refresh([old.id], [[old.start16, old.end16]]);
    }
    ctx.say(answer.message);
  }

  async function takeBack(which) {
    const answer = await ctx.post(ctx.url(which));
    if (answer) redraw(answer);
  }

  // After a deletion: say so, with a button that takes it back.
  ctx.offerUndo = (message) => {
    ctx.say(message);
    const button = h("button", { type: "button", class: "secondary wb-undo-now" }, "Ongedaan maken");
    button.addEventListener("click", () => takeBack("undo"));
    status?.append(" ", button);
  };

  buttons?.addEventListener("submit", (event) => {
    event.preventDefault();
    takeBack(event.submitter?.dataset.undo || event.target.querySelector("button").dataset.undo);
  });

  document.addEventListener("keydown", (event) => {
    if (!(event.ctrlKey || event.metaKey) || event.altKey || isTyping(event.target)) return;
    const key = event.key.toLowerCase();
    if (key !== "z" && key !== "y") return;
    event.preventDefault();
    takeBack(key === "y" || event.shiftKey ? "redo" : "undo");
  });
}
