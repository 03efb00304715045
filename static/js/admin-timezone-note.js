// The admin writes its time-zone note („Uhrzeiten gelten in der Zeitzone Europe/Berlin …“)
// under every date and time field when the browser's clock runs in another zone: 17 times
// on a case page. Once per page is enough; the text itself comes from the German catalogue.
"use strict";
(function () {
    if (typeof window.DateTimeShortcuts === "undefined") {
        return;
    }
    const shortcuts = window.DateTimeShortcuts;
    const addNote = shortcuts.addTimezoneWarning;
    shortcuts.addTimezoneWarning = function (inp) {
        if (document.querySelector("." + shortcuts.timezoneWarningClass)) {
            return;
        }
        addNote.call(shortcuts, inp);
    };
})();
