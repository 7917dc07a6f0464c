/* 窗口收件 form: show the organisation fields only for 法人 and the result only for 当场办结.
   Progressive enhancement: without it every field is simply visible. */
(function () {
  "use strict";
  document.querySelectorAll("form[data-intake-form]").forEach(function (form) {
    function checked(name) {
      var input = form.querySelector("input[name=" + name + "]:checked");
      return input ? input.value : "";
    }
    function sync() {
      form.querySelectorAll("[data-org-field]").forEach(function (el) { el.hidden = checked("applicant_type") !== "法人"; });
      form.querySelectorAll("[data-close-field]").forEach(function (el) { el.hidden = checked("mode") !== "close"; });
    }
    form.addEventListener("change", sync);
    sync();
  });
})();
