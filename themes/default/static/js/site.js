/* Optional enhancements; every page works without this file.
   - [data-copy-target]: copy the text of the named field (attribution, short link).
   - [data-print]: print the page (printable sheet).
   - a.video-facade[data-embed]: load the video player only when the learner asks. */
(function () {
    "use strict";

    function copyFrom(field) {
        if (navigator.clipboard && window.isSecureContext) {
            return navigator.clipboard.writeText(field.value || field.textContent);
        }
        field.select();
        document.execCommand("copy");
        return Promise.resolve();
    }

    document.querySelectorAll("[data-copy-target]").forEach(function (button) {
        var field = document.getElementById(button.getAttribute("data-copy-target"));
        if (!field) { return; }
        var label = button.textContent;
        button.hidden = false;
        button.addEventListener("click", function () {
            copyFrom(field).then(function () {
                button.textContent = button.getAttribute("data-copied-label") || label;
                setTimeout(function () { button.textContent = label; }, 2500);
            });
        });
    });

    document.querySelectorAll("[data-print]").forEach(function (button) {
        button.hidden = false;
        button.addEventListener("click", function () { window.print(); });
    });

    document.querySelectorAll("a.video-facade[data-embed]").forEach(function (link) {
        var template = link.nextElementSibling;
        if (!template || template.tagName !== "TEMPLATE") { return; }
        link.addEventListener("click", function (event) {
            event.preventDefault();
            link.replaceWith(template.content.cloneNode(true));
        });
    });
})();
