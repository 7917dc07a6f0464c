/* Progressive enhancement only: every feature below also works without JavaScript. */
(function () {
  "use strict";

  var ELDER_COOKIE = "elder_mode";

  /* 长辈版: switch in place (cookie + class) instead of following the fallback link. */
  function setupElderToggle() {
    var toggles = document.querySelectorAll("[data-elder-toggle]");
    Array.prototype.forEach.call(toggles, function (toggle) {
      toggle.addEventListener("click", function (event) {
        event.preventDefault();
        var root = document.documentElement;
        var on = !root.classList.contains("elder-mode");
        root.classList.toggle("elder-mode", on);
        if (on) {
          document.cookie = ELDER_COOKIE + "=1; path=/; max-age=31536000; SameSite=Lax";
        } else {
          document.cookie = ELDER_COOKIE + "=; path=/; max-age=0; SameSite=Lax";
        }
        Array.prototype.forEach.call(toggles, function (t) {
          t.setAttribute("aria-pressed", on ? "true" : "false");
          t.textContent = on ? "退出长辈版" : "长辈版";
        });
      });
      /* role="button" on a link: let Space activate it as well as Enter. */
      toggle.addEventListener("keydown", function (event) {
        if (event.key === " ") { event.preventDefault(); toggle.click(); }
      });
    });
  }

  /* Print buttons are hidden until JavaScript can make them work. */
  function setupPrintButtons() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.hidden = false;
      button.addEventListener("click", function () { window.print(); });
    });
  }

  /* On phones the catalogue filters start folded so the results are visible first; they are
     open in the HTML, so without JavaScript nothing is hidden. Errors keep them open. */
  function setupCollapsibleFilters() {
    if (!window.matchMedia || !window.matchMedia("(max-width: 63.99rem)").matches) { return; }
    if (document.getElementById("filter-errors")) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("details[data-collapse-on-phone]"), function (d) {
      d.open = false;
    });
  }

  /* Error summary: focus it when the page loads, so a screen reader reads it first; its links
     move focus to the field (following a #fragment only scrolls in most browsers). */
  function setupErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) { return; }
    summary.focus();
    Array.prototype.forEach.call(summary.querySelectorAll("[data-error-field]"), function (link) {
      link.addEventListener("click", function (event) {
        var field = document.getElementById(link.getAttribute("data-error-field"));
        if (!field) { return; }
        event.preventDefault();
        field.focus();
        field.scrollIntoView({ block: "center" });
      });
    });
  }

  /* Idle time-out warning (citizens/session_timeout.py): shown before a signed-in session ends;
     继续使用 renews it in the background and hides the warning again. */
  function setupSessionWarning() {
    var warning = document.querySelector("[data-session-warning]");
    if (!warning || !window.fetch) { return; }
    var after = parseInt(warning.getAttribute("data-after-seconds"), 10) * 1000;
    var timer;
    function schedule() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { warning.hidden = false; }, after);
    }
    var form = warning.querySelector("form");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.fetch(form.action, { method: "POST", body: new FormData(form), credentials: "same-origin" })
        .then(function (response) {
          if (response.status === 204) { warning.hidden = true; schedule(); } else { window.location.reload(); }
        });
    });
    schedule();
  }

  function setup() {
    setupSessionWarning();
    setupErrorSummary();
    setupElderToggle();
    setupPrintButtons();
    setupCollapsibleFilters();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setup);
  } else {
    setup();
  }
})();
