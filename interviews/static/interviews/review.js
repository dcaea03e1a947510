// Review queue: the keys A (accept), R (reject) and S (skip) press the matching button or link.
(function () {
  "use strict";
  var actions = document.getElementById("review-actions");
  if (!actions) return;
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    var target = event.target;
    if (target && (target.isContentEditable || /^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName))) return;
    var control = actions.querySelector('[data-key="' + event.key.toLowerCase() + '"]');
    if (!control) return;
    event.preventDefault();
    control.click();
  });
})();
