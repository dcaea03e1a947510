// Filterable checkbox lists (forms/fields.py FilterableCheckboxes): typing in the filter box hides the boxes whose
// label does not contain the words typed (case and accents ignored); the line below says how many are shown and
// chosen. Chosen boxes stay visible, so a filter never hides a choice that will be sent.
(function () {
  "use strict";
  const fold = (text) => text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();

  function setUp(list) {
    const filter = list.querySelector(".checklist-filter");
    const items = Array.from(list.querySelectorAll(".checklist-items li"));
    const status = list.querySelector(".checklist-status");
    const texts = items.map((item) => fold(item.textContent));
    function update() {
      const words = fold(filter.value).split(/\s+/).filter(Boolean);
      let shown = 0, chosen = 0;
      items.forEach((item, i) => {
        const box = item.querySelector("input");
        const visible = box.checked || words.every((word) => texts[i].includes(word));
        item.hidden = !visible;
        shown += visible ? 1 : 0;
        chosen += box.checked ? 1 : 0;
      });
      status.textContent = `${chosen} gekozen · ${shown} van ${items.length} getoond`;
    }
    filter.hidden = false;
    filter.addEventListener("input", update);
    filter.addEventListener("keydown", (event) => {
      if (event.key === "Enter") event.preventDefault(); // Enter in the filter does not send the form
    });
    list.addEventListener("change", update);
    update();
  }

  document.querySelectorAll(".checklist").forEach(setUp);
})();
