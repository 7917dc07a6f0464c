/* Search-box autocomplete (ARIA 1.2 combobox with a listbox popup).
   Progressive enhancement: without this script the search boxes are plain forms.
   Keys: ↓/↑ move through suggestions, Enter opens the highlighted one (or submits the
   form when none is highlighted), Escape closes the list (a second Escape clears the box). */
(function () {
  "use strict";

  var ENDPOINT = "/api/search/autocomplete/";
  var DELAY = 150;
  var counter = 0;
  var script = document.currentScript;

  function loadStyles() {
    var href = script && script.getAttribute("data-css");
    if (!href || document.querySelector('link[href="' + href + '"]')) { return; }
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = href;
    document.head.appendChild(link);
  }

  function setup(input) {
    counter += 1;
    var listId = "search-suggestions-" + counter;
    var list = document.createElement("ul");
    list.id = listId;
    list.className = "autocomplete";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", "搜索建议");
    list.hidden = true;
    var status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");

    var holder = input.parentNode;
    if (window.getComputedStyle(holder).position === "static") { holder.style.position = "relative"; }
    holder.appendChild(list);
    holder.appendChild(status);

    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", listId);

    var items = [];
    var active = -1;
    var timer = null;
    var lastQuery = "";
    var request = 0;

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var options = list.querySelectorAll("[role=option]");
      Array.prototype.forEach.call(options, function (option, i) {
        option.setAttribute("aria-selected", i === index ? "true" : "false");
      });
      active = index;
      if (index >= 0) {
        input.setAttribute("aria-activedescendant", options[index].id);
        options[index].scrollIntoView({ block: "nearest" });
      } else {
        input.removeAttribute("aria-activedescendant");
      }
    }

    function go(index) {
      var item = items[index];
      if (item) { window.location.href = item.url; }
    }

    function render(results) {
      items = results;
      list.textContent = "";
      results.forEach(function (item, i) {
        var option = document.createElement("li");
        option.id = listId + "-" + i;
        option.className = "autocomplete__option";
        option.setAttribute("role", "option");
        option.setAttribute("aria-selected", "false");
        option.textContent = item.name;
        if (item.code) {
          var code = document.createElement("span");
          code.className = "autocomplete__code";
          code.textContent = item.code;
          option.appendChild(code);
        }
        /* mousedown, not click: it fires before the input's blur closes the list. */
        option.addEventListener("mousedown", function (event) { event.preventDefault(); go(i); });
        list.appendChild(option);
      });
      if (results.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = "有 " + results.length + " 条建议，可用上下方向键选择，回车打开。";
      } else {
        close();
        status.textContent = "";
      }
      active = -1;
      input.removeAttribute("aria-activedescendant");
    }

    function fetchSuggestions() {
      var q = input.value.trim();
      if (q === lastQuery) { return; }
      lastQuery = q;
      request += 1;  /* before the empty case too: a late answer for the old text is dropped */
      if (!q) { render([]); return; }
      var mine = request;
      fetch(ENDPOINT + "?q=" + encodeURIComponent(q), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (mine === request) { render(data.results || []); } })
        .catch(function () { render([]); });
    }

    input.addEventListener("input", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(fetchSuggestions, DELAY);
    });

    input.addEventListener("keydown", function (event) {
      var open = !list.hidden && items.length;
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (!open) { lastQuery = ""; fetchSuggestions(); return; }
        highlight(active + 1 >= items.length ? 0 : active + 1);
      } else if (event.key === "ArrowUp") {
        if (!open) { return; }
        event.preventDefault();
        highlight(active - 1 < 0 ? items.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (open && active >= 0) { event.preventDefault(); go(active); }
      } else if (event.key === "Escape") {
        if (open) { event.preventDefault(); close(); } else if (input.value) { input.value = ""; lastQuery = ""; }
      }
    });

    input.addEventListener("blur", function () { window.setTimeout(close, 100); });
  }

  function init() {
    loadStyles();
    var inputs = document.querySelectorAll("#site-search-q, [data-search-autocomplete]");
    Array.prototype.forEach.call(inputs, setup);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
