// Waiting board (候叫屏): polls the board's JSON every few seconds, redraws the call list and
// announces each new or repeated call through the aria-live region (and, when the visitor
// switches it on, with the browser's speech synthesis).
(function () {
  var root = document.querySelector("[data-board-url]");
  if (!root) return;
  var url = root.getAttribute("data-board-url");
  var body = root.querySelector("[data-calls]");
  var waiting = root.querySelector("[data-waiting]");
  var announce = root.querySelector("[data-announce]");
  var status = root.querySelector("[data-status]");
  var speakButton = root.querySelector("[data-speak]");
  var speak = false;
  var seen = {};
  Array.prototype.forEach.call(body.querySelectorAll("[data-call-id]"), function (row) {
    seen[row.getAttribute("data-call-id")] = true;
  });

  if (speakButton && "speechSynthesis" in window) {
    speakButton.hidden = false;
    speakButton.addEventListener("click", function () {
      speak = !speak;
      speakButton.setAttribute("aria-pressed", speak ? "true" : "false");
      speakButton.textContent = speak ? "关闭语音播报" : "开启语音播报";
    });
  }

  function cell(text, className) {
    var td = document.createElement("td");
    td.textContent = text;
    if (className) td.className = className;
    return td;
  }

  function render(data) {
    waiting.textContent = data.waiting;
    body.textContent = "";
    if (!data.calls.length) {
      var empty = document.createElement("tr");
      empty.className = "board-empty";
      var td = cell("暂无叫号");
      td.colSpan = 3;
      empty.appendChild(td);
      body.appendChild(empty);
    }
    var fresh = [];
    data.calls.forEach(function (call) {
      var row = document.createElement("tr");
      row.setAttribute("data-call-id", call.id);
      row.appendChild(cell(call.number, "board-number"));
      row.appendChild(cell(call.window + " 号窗口", "board-window"));
      row.appendChild(cell(call.called_at));
      if (!seen[call.id]) { row.className = "is-new"; fresh.push(call); seen[call.id] = true; }
      body.appendChild(row);
    });
    if (fresh.length) {
      var text = fresh.map(function (c) { return "请 " + c.number + " 号到 " + c.window + " 号窗口办理"; }).join("；");
      announce.textContent = text;
      if (speak) window.speechSynthesis.speak(new SpeechSynthesisUtterance(text));
    }
  }

  function poll() {
    fetch(url, { headers: { Accept: "application/json" }, cache: "no-store" })
      .then(function (response) { if (!response.ok) throw new Error(response.status); return response.json(); })
      .then(function (data) { status.textContent = ""; render(data); })
      .catch(function () { status.textContent = "网络连接中断，正在重试……"; })
      .then(function () { window.setTimeout(poll, 3000); });
  }
  window.setTimeout(poll, 3000);
})();
