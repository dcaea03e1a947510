// The disagreement review: n / j and p / k move to the next / previous open disagreement (the list item and
// its stretch in the transcript are marked and scrolled to); a, b, c press "keep A's", "keep B's", "keep both" of the current
// one, e opens its span editor. After a decision the page comes back with #volgende: the first open one.
const items = [...document.querySelectorAll(".rv-item")];
const text = document.querySelector(".rv-text");
let current = -1;

for (const swatch of document.querySelectorAll(".swatch[data-colour]")) {
  swatch.style.backgroundColor = swatch.dataset.colour;
}

function show(index) {
  if (!items.length) return;
  current = (index + items.length) % items.length;
  for (const marked of document.querySelectorAll(".now")) marked.classList.remove("now");
  const item = items[current];
  item.classList.add("now");
  item.focus({ preventScroll: true });
  item.scrollIntoView({ block: "nearest" });
  const runs = text.querySelectorAll(`[data-d~="${item.dataset.d}"]`);
  for (const run of runs) run.classList.add("now");
  const anchor = document.getElementById(`d-${item.dataset.d}`);
  if (anchor) {
    const top = anchor.getBoundingClientRect().top - text.getBoundingClientRect().top + text.scrollTop;
    text.scrollTop = Math.max(0, top - text.clientHeight / 3);
  }
}

function step(direction) {
  // The next (or previous) disagreement still open; when all are settled, simply the next one.
  for (let i = 1; i <= items.length; i += 1) {
    const index = (current + direction * i + items.length * 2) % items.length;
    if (!items[index].classList.contains("done")) return show(index);
  }
  show(current + direction);
}

function typing(target) {
  return target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName));
}

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
  const key = event.key.toLowerCase();
  if (key === "n" || key === "j") step(1);
  else if (key === "p" || key === "k") step(-1);
  else if (current >= 0 && "abce".includes(key)) {
    const control = items[current].querySelector(`[data-key="${key}"]`);
    if (!control) return;
    if (key === "e") {
      control.parentElement.open = true;
      control.parentElement.querySelector("input")?.focus();
    } else {
      control.click();
    }
  } else return;
  event.preventDefault();
});

for (const [i, item] of items.entries()) item.addEventListener("click", () => current !== i && show(i));
text.addEventListener("click", (event) => {
  const run = event.target.closest("[data-d]");
  if (run) show(items.findIndex((item) => item.dataset.d === run.dataset.d.split(" ")[0]));
});

const firstOpen = items.findIndex((item) => !item.classList.contains("done"));
if (location.hash === "#volgende" && firstOpen >= 0) show(firstOpen);
