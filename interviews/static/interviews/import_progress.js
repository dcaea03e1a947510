// The progress bar of a confirmed import: asks the server every second how far it is, and reloads the
// page (which then shows what was created) once the import is done or has failed. Without this script
// the page refreshes itself (a <meta refresh> in <noscript>).
(function () {
  "use strict";
  var box = document.querySelector(".import-progress[data-url]");
  if (!box) return;
  var bar = box.querySelector("progress");
  var text = box.querySelector("[role=status]");

  function show(state) {
    bar.max = Math.max(state.total, 1);
    bar.value = state.progress;
    bar.textContent = state.progress + " van " + state.total;
    text.textContent = state.progress < state.total
      ? state.progress + " van " + state.total + " bestanden verwerkt"
      : "Alle bestanden verwerkt; de interviews worden opgeslagen…";
  }

  function poll() {
    fetch(box.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        // Logged out, no longer allowed, or the import is gone: the page itself says which.
        if (!response.ok || response.redirected) throw new Error("reload");
        return response.json();
      })
      .then(function (state) {
        if (state.status === "done" || state.status === "failed") {
          window.location.reload();
          return;
        }
        show(state);
        window.setTimeout(poll, 1000);
      })
      .catch(function (error) {
        if (error.message === "reload") window.location.reload();
        else window.setTimeout(poll, 3000);  // the network, for a moment
      });
  }

  window.setTimeout(poll, 1000);
})();
