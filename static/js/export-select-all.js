// „Alle auswählen“ on the export page: ticks or clears every column box (the library's
// inline onchange handler is blocked by the Content-Security-Policy).
document.addEventListener("DOMContentLoaded", () => {
  const toggle = document.getElementById("select-all-toggle");
  if (!toggle) return;
  toggle.addEventListener("change", () => {
    document.querySelectorAll('.selectable-field-export-row input[type="checkbox"]').forEach((box) => {
      box.checked = toggle.checked;
    });
  });
});
