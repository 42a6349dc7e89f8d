// Keeps a running experiment's report live: every few seconds, fetch the report's live part
// (rendered by the server like the page itself) and swap it in, until the experiment has finished.
(function () {
  "use strict";

  function schedule(live) {
    var url = live.getAttribute("data-live-url");
    var every = parseInt(live.getAttribute("data-poll-ms"), 10) || 2000;
    if (!url || live.getAttribute("data-finished") === "true") {
      return;
    }
    window.setTimeout(function () {
      fetch(url, { headers: { Accept: "text/html" }, cache: "no-store" })
        .then(function (response) {
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.text();
        })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("#live");
          if (fresh) {
            live.replaceWith(fresh);
            live = fresh;
          }
          schedule(live);
        })
        .catch(function () {
          // the service may be restarting: keep the page as it is and try again later
          schedule(live);
        });
    }, every);
  }

  var live = document.getElementById("live");
  if (live) {
    schedule(live);
  }
})();
