/* Progressive enhancement for the application pages; everything works without it. */
(function () {
  "use strict";
  function formatSize(bytes) {
    return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
  }
  // Tell the applicant at once when a file is too big or of the wrong type (the server checks again).
  document.querySelectorAll("form[data-max-file-bytes]").forEach(function (form) {
    var max = parseInt(form.getAttribute("data-max-file-bytes"), 10);
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      input.addEventListener("change", function () {
        var status = input.parentNode.querySelector("[data-file-status]");
        var files = Array.prototype.slice.call(input.files || []);
        var message = "";
        input.setCustomValidity("");
        if (files.length) {
          message = "已选择：" + files.map(function (f) { return f.name + "（" + formatSize(f.size) + "）"; }).join("、");
          files.forEach(function (file) {
            if (file.size > max) {
              message = "“" + file.name + "”超过 " + formatSize(max) + " 上限，请压缩后重新选择。";
              input.setCustomValidity(message);
            } else if (file.size === 0) {
              message = "“" + file.name + "”为空，请重新选择。";
              input.setCustomValidity(message);
            }
          });
        }
        if (status) { status.textContent = message; }
      });
    });
  });
  // 法人 fields only matter when applying as an organisation.
  document.querySelectorAll("form[data-applicant-form]").forEach(function (form) {
    var radios = form.querySelectorAll("input[name=applicant_type]");
    function sync() {
      var checked = form.querySelector("input[name=applicant_type]:checked");
      var isOrg = checked && checked.value === "法人";
      form.querySelectorAll("[data-org-field]").forEach(function (el) { el.hidden = !isOrg; });
    }
    radios.forEach(function (r) { r.addEventListener("change", sync); });
    sync();
  });
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
