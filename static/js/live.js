// LPSE Support — live updates (R-UI-8, docs/live-updates.md). A page marked [data-live] asks for
// itself again every few seconds with If-None-Match; the server answers 304 (no body) until a ticket
// changed. On a new version, each [data-live-region] whose content differs is replaced — except a
// region in which the user is typing or has changed a field: that one is left alone and a notice
// offers a reload, so nothing typed is ever lost. Hidden tabs do not poll.
(function () {
  "use strict";

  var root = document.querySelector("[data-live]");
  if (!root || !window.fetch || !window.DOMParser) {
    return;
  }
  var seconds = parseInt(root.getAttribute("data-live-seconds"), 10) || 10;
  var etag = root.getAttribute("data-live-etag") || "";
  var busy = false;

  function isDirty(region) {
    if (region.contains(document.activeElement) && document.activeElement !== document.body) {
      var tag = document.activeElement.tagName;
      if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT") {
        return true;
      }
    }
    var fields = region.querySelectorAll("input, textarea, select");
    for (var i = 0; i < fields.length; i += 1) {
      var field = fields[i];
      if (field.type === "hidden" || field.type === "submit" || field.type === "button") {
        continue;
      }
      if (field.type === "file" && field.files && field.files.length) {
        return true;
      }
      if (field.type === "checkbox" || field.type === "radio") {
        if (field.checked !== field.defaultChecked) {
          return true;
        }
      } else if (field.tagName === "SELECT") {
        for (var j = 0; j < field.options.length; j += 1) {
          if (field.options[j].selected !== field.options[j].defaultSelected) {
            return true;
          }
        }
      } else if (field.value !== field.defaultValue) {
        return true;
      }
    }
    // An open dialog or dropdown inside the region is in use too.
    return Boolean(region.querySelector(".modal.show, .dropdown-menu.show, .collapse.show form"));
  }

  function showStaleNotice() {
    var notice = document.getElementById("live-notice");
    if (notice) {
      notice.hidden = false;
    }
  }

  function apply(html) {
    var fresh = new DOMParser().parseFromString(html, "text/html");
    var changed = 0;
    fresh.querySelectorAll("[data-live-region]").forEach(function (region) {
      var name = region.getAttribute("data-live-region");
      var current = root.querySelector('[data-live-region="' + name + '"]');
      if (!current || current.innerHTML === region.innerHTML) {
        return;
      }
      if (isDirty(current)) {
        showStaleNotice();
        return;
      }
      current.innerHTML = region.innerHTML;
      changed += 1;
      if (window.htmx) {
        window.htmx.process(current);
      }
    });
    if (changed) {
      root.setAttribute("data-live-updated", String(Date.now()));
      document.dispatchEvent(new CustomEvent("live:updated", { detail: { regions: changed } }));
    }
  }

  function poll() {
    if (busy || document.hidden) {
      return;
    }
    busy = true;
    var headers = { "X-Live-Refresh": "1" };
    if (etag) {
      headers["If-None-Match"] = etag;
    }
    fetch(window.location.href, { headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        if (response.status !== 200 || response.redirected) {
          return null; // 304: nothing changed; anything else: try again on the next tick
        }
        etag = response.headers.get("ETag") || etag;
        return response.text();
      })
      .then(function (html) {
        if (html) {
          apply(html);
        }
      })
      .catch(function () {
        return null; // offline for a moment: the next tick tries again
      })
      .then(function () {
        busy = false;
      });
  }

  window.setInterval(poll, seconds * 1000);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      poll();
    }
  });
})();
