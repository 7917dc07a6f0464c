// Booking pages: a confirm button is pressed once (the server is idempotent anyway, this just
// spares a second request and tells the user that something is happening).
document.addEventListener("submit", function (event) {
  var button = event.target.querySelector("[data-submit-once]");
  if (!button) return;
  if (button.dataset.sent) { event.preventDefault(); return; }
  button.dataset.sent = "1";
  button.setAttribute("aria-disabled", "true");
  button.textContent = "正在提交……";
});
