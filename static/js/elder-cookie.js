// 长辈版 on the error pages that Django renders without a request (400, 413, 500, 503): the
// other pages get the class from the server; here only the browser can read the cookie.
if (/(?:^|;\s*)elder_mode=1(?:;|$)/.test(document.cookie)) {
  document.documentElement.classList.add("elder-mode");
}
