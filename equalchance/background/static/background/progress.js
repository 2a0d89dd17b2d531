// Keeps a background work page's progress up to date without a refresh; the page works without it.
(function () {
  var region = document.querySelector("[data-progress-url]");
  if (!region || !window.fetch) return;
  var bar = region.querySelector("progress");
  var text = region.querySelector("[data-progress-text]");
  function poll() {
    fetch(region.getAttribute("data-progress-url"), { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (progress) {
        if (!progress) return;
        if (progress.finished) { window.location.reload(); return; }
        if (progress.total) { bar.max = progress.total; bar.value = progress.done; }
        if (text.textContent !== progress.text) text.textContent = progress.text;
        window.setTimeout(poll, 2000);
      })
      .catch(function () { window.setTimeout(poll, 5000); });
  }
  window.setTimeout(poll, 2000);
})();
