"use strict";
// The admin's Select2 boxes (autocomplete_fields): Select2 shows an empty choice as a
// text box with a placeholder but no accessible name (axe: aria-input-field-name).
// Give each box the name of its <select> (aria-label set by LabelledTabularInline,
// else its placeholder). Boxes of inline rows added later are named as they appear.
(function () {
  function nameBoxes(root) {
    root.querySelectorAll(".select2-selection__rendered[role='textbox']:not([aria-label])").forEach(function (box) {
      const container = box.closest(".select2-container");
      const select = container && container.previousElementSibling;
      if (!select || select.tagName !== "SELECT") {
        return;
      }
      const name = select.getAttribute("aria-label") || select.dataset.placeholder;
      if (name) {
        box.setAttribute("aria-label", name);
      }
    });
  }
  function start() {
    nameBoxes(document);
    new MutationObserver(function () {
      nameBoxes(document);
    }).observe(document.body, { childList: true, subtree: true });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
