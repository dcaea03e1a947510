// A progress page that follows its work in place (indicator_import_progress.html): every two seconds it reads the
// page again and copies the bar and its status line (role=status, so a screen reader hears the new count), instead
// of a <meta refresh> that reloads the whole page, moves the focus to the top and reads it out again (WCAG 2.2.1).
// Once the page has become another (done: a redirect; failed or stuck: no progress bar), it goes there.
(function () {
  "use strict";
  var box = document.querySelector(".import-progress[data-refresh]");
  if (!box) return;

  function follow() {
    fetch(window.location.href, { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok || response.redirected) throw new Error("elsewhere");
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelector(".import-progress[data-refresh]");
        if (!fresh) throw new Error("elsewhere");
        var bar = box.querySelector("progress"), freshBar = fresh.querySelector("progress");
        bar.max = freshBar.max;
        bar.value = freshBar.value;
        var status = box.querySelector("[role=status]"), freshStatus = fresh.querySelector("[role=status]");
        if (status.textContent !== freshStatus.textContent) status.textContent = freshStatus.textContent;
        window.setTimeout(follow, 2000);
      })
      .catch(function (error) {
        if (error.message === "elsewhere") window.location.reload();
        else window.setTimeout(follow, 5000); // the network, for a moment
      });
  }

  window.setTimeout(follow, 2000);
})();
