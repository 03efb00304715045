/* IKZ-Portal: small progressive enhancements. Every page works without this file. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    // GOV.UK error summary: move focus to it so screen readers announce the problems.
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
    // Error summary links: focus the field (not only scroll) and keep its label visible.
    document.querySelectorAll("[data-error-summary] a[href^='#']").forEach(function (link) {
      link.addEventListener("click", function (event) {
        var target = document.getElementById(link.getAttribute("href").slice(1));
        if (!target) { return; }
        event.preventDefault();
        var holder = target.closest("fieldset, .kern-form-input, .kern-form-check") || target;
        holder.scrollIntoView();
        target.focus({ preventScroll: true });
      });
    });
  });
})();
