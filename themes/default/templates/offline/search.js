{% load i18n %}/* Search over the pack, in the browser, without a network (docs/offline-packs.md).
   fold() is content_models.text.fold: the same per-character table, generated when the pack
   was built from Python's own tables; outside it, as Python does, NFD, without the characters
   Python counts as combining, đ → d, then case folding. */
(function () {
    "use strict";
    var TABLE = {{ table|safe }};
    var CASEFOLD = {{ casefold|safe }};
    var COMBINING = new RegExp({{ combining|safe }}, "gu");
    function has(map, key) {
        return Object.prototype.hasOwnProperty.call(map, key);
    }
    function fold(text) {
        var out = "";
        for (var i = 0; i < text.length; i++) {
            var ch = text.charAt(i);
            out += has(TABLE, ch) ? TABLE[ch] : ch;
        }
        if (/^[\x00-\x7f]*$/.test(out)) {
            return out;
        }
        var stripped = text.normalize("NFD").replace(COMBINING, "").replace(/đ/g, "d").replace(/Đ/g, "D");
        var folded = "";
        for (var char of stripped) {
            folded += has(CASEFOLD, char) ? CASEFOLD[char] : char.toLowerCase();
        }
        return folded;
    }
    window.hlmFold = fold;
    var input = document.getElementById("pack-query");
    var results = document.getElementById("pack-results");
    var status = document.getElementById("pack-search-status");
    var lessons = window.HLM_PACK_INDEX || [];
    if (!input || !results) {
        return;
    }
    function search() {
        var words = fold(input.value).split(/\s+/).filter(Boolean);
        results.textContent = "";
        if (!words.length) {
            results.hidden = true;
            status.textContent = "";
            return;
        }
        var hits = lessons.filter(function (lesson) {
            return words.every(function (word) { return lesson.f.indexOf(word) !== -1; });
        });
        hits.forEach(function (lesson) {
            var item = document.createElement("li");
            var link = document.createElement("a");
            link.href = lesson.u;
            link.textContent = lesson.t;
            item.appendChild(link);
            var summary = document.createElement("p");
            summary.textContent = lesson.s;
            item.appendChild(summary);
            results.appendChild(item);
        });
        results.hidden = false;
        status.textContent = hits.length ? hits.length + " {% translate "kết quả" as found %}{{ found|escapejs }}" : "{% translate "Không tìm thấy bài học nào." as none %}{{ none|escapejs }}";
    }
    input.addEventListener("input", search);
    input.form.addEventListener("submit", function (event) {
        event.preventDefault();
        search();
    });
    search();
})();
