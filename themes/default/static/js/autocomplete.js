/*
 * Search-box suggestions, as progressive enhancement: without this file (or without fetch)
 * the search form works exactly the same. Any <input data-autocomplete-url="…"> gets a
 * <datalist> filled from that JSON endpoint ({"suggestions": [{"title", "url"}]}); picking a
 * suggestion opens that lesson, typing and pressing Enter still searches.
 */
(function () {
  "use strict";

  var MIN_LENGTH = 2;
  var DELAY_MS = 250;

  if (!window.fetch || !window.URL) {
    return;
  }

  function sameSiteUrl(raw) {
    try {
      var url = new URL(raw, window.location.href);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function enhance(input, index) {
    var endpoint = input.getAttribute("data-autocomplete-url");
    var list = document.createElement("datalist");
    var urlsByTitle = {};
    var timer = null;
    var controller = null;
    var lastPrefix = "";

    list.id = (input.id || "search-input-" + index) + "-suggestions";
    input.parentNode.appendChild(list);
    input.setAttribute("list", list.id);

    function show(suggestions) {
      urlsByTitle = {};
      list.textContent = "";
      suggestions.forEach(function (item) {
        var option = document.createElement("option");
        option.value = item.title;
        list.appendChild(option);
        urlsByTitle[item.title] = sameSiteUrl(item.url);
      });
    }

    function load(prefix) {
      if (controller) {
        controller.abort();
      }
      controller = window.AbortController ? new AbortController() : null;
      var url = endpoint + (endpoint.indexOf("?") === -1 ? "?" : "&") +
        "q=" + encodeURIComponent(prefix);
      fetch(url, {
        headers: { Accept: "application/json" },
        signal: controller ? controller.signal : undefined,
      })
        .then(function (response) {
          return response.ok ? response.json() : { suggestions: [] };
        })
        .then(function (data) {
          if (prefix === lastPrefix) {
            show(data.suggestions || []);
          }
        })
        .catch(function () {
          /* Offline or aborted: the plain search still works. */
        });
    }

    input.addEventListener("input", function (event) {
      var value = input.value.trim();
      // A datalist pick arrives as an input event without typed text.
      var picked = !event.inputType || event.inputType === "insertReplacementText";
      if (picked && urlsByTitle[value]) {
        window.location.assign(urlsByTitle[value]);
        return;
      }
      window.clearTimeout(timer);
      if (value.length < MIN_LENGTH) {
        lastPrefix = "";
        show([]);
        return;
      }
      lastPrefix = value;
      timer = window.setTimeout(function () {
        load(value);
      }, DELAY_MS);
    });
  }

  Array.prototype.forEach.call(
    document.querySelectorAll("input[data-autocomplete-url]"),
    enhance
  );
})();
