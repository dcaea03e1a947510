// Reordering the codebook: drag a theme among its siblings (the themes under the same parent), or use its ↑ and ↓
// buttons (mouse or keyboard). Each move is saved at once (theme_order, JSON) and said in the status line; the
// item moves in the page without a reload, and the focus stays on the button. Without this script the buttons
// are plain forms and the server redirects back to the theme.
const status = document.getElementById("order-status");
const say = (text) => { status.textContent = text; };
const itemOf = (id) => document.getElementById(`thema-${id}`);

function csrfToken() {
  return document.querySelector("input[name=csrfmiddlewaretoken]")?.value || "";
}

async function save(form, fields) {
  const body = new URLSearchParams({ theme: form.elements.theme.value, ...fields });
  let response;
  try {
    response = await fetch(form.action, {
      method: "POST", body, credentials: "same-origin",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    });
  } catch {
    say("Geen verbinding met de server: de volgorde is niet opgeslagen.");
    return false;
  }
  const answer = await response.json().catch(() => null);
  say(answer?.error || answer?.message || `Opslaan is mislukt (fout ${response.status}).`);
  return response.ok && Boolean(answer) && !answer.error;
}

// Move the item in the page as the server did: up, down, to the end, or before another item.
function place(item, { move, before }) {
  const list = item.parentElement;
  if (move === "up" && item.previousElementSibling) list.insertBefore(item, item.previousElementSibling);
  else if (move === "down" && item.nextElementSibling) list.insertBefore(item.nextElementSibling, item);
  else if (move === "last") list.append(item);
  else if (before) list.insertBefore(item, itemOf(before));
}

document.addEventListener("submit", async (event) => {
  const form = event.target.closest("form.theme-order");
  if (!form) return;
  event.preventDefault();
  const button = event.submitter;
  const fields = { move: button.value };
  if (await save(form, fields)) {
    place(form.closest("li"), fields);
    button.focus();
  }
});

let dragged = null;
for (const item of document.querySelectorAll(".theme-tree > li[data-theme]")) {
  const row = item.querySelector(":scope > .theme-row");
  row.draggable = true;
  row.addEventListener("dragstart", (event) => {
    dragged = item;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", item.querySelector(".theme-name").textContent);
    item.classList.add("dragging");
  });
  row.addEventListener("dragend", () => { item.classList.remove("dragging"); dragged = null; });
  row.addEventListener("dragover", (event) => {
    if (!dragged || dragged === item || dragged.parentElement !== item.parentElement) return;
    event.preventDefault(); // only among siblings: another parent is Bewerken's work
    row.classList.add("drop-target");
  });
  row.addEventListener("dragleave", () => row.classList.remove("drop-target"));
  row.addEventListener("drop", async (event) => {
    row.classList.remove("drop-target");
    if (!dragged || dragged.parentElement !== item.parentElement) return;
    event.preventDefault();
    const moving = dragged;
    // onto an item below: it goes after that item; onto one above: before it
    const below = [...item.parentElement.children].indexOf(moving) < [...item.parentElement.children].indexOf(item);
    const next = below ? item.nextElementSibling : item;
    const fields = next ? { before: next.dataset.theme } : { move: "last" };
    if (await save(moving.querySelector("form.theme-order"), fields)) place(moving, fields);
  });
}
