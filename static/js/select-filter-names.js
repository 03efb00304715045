"use strict";
// Django's two-box chooser (filter_horizontal, admin/js/SelectFilter2.js) puts its help
// text as aria-label on a plain <span> beside each filter box, which assistive technology
// ignores (axe: aria-prohibited-attr). As an image with that label it is read out.
// SelectFilter2 builds the boxes on the window's load event, in a listener that may come
// after this one (the admin's own scripts load before the form's): name them right after.
window.addEventListener("load", function () {
  window.setTimeout(function () {
    document.querySelectorAll(".help-tooltip[aria-label]:not([role])").forEach(function (tip) {
      tip.setAttribute("role", "img");
    });
  }, 0);
});
