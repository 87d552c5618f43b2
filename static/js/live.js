// LPSE Support — live updates (R-UI-8, docs/live-updates.md). htmx polls the page marked
// [data-live] every few seconds with If-None-Match; the server answers 304 (no body) until a
// ticket changed. On a new version each [data-live-region] whose content differs is morphed into
// the new one (idiomorph: unchanged elements, focus and scroll stay) — except a region in which
// the user is typing or has changed a field: that one is left alone and a notice offers a reload,
// so nothing typed is ever lost. Hidden tabs do not poll; a tab shown again checks at once.
// Started once every deferred script (htmx, idiomorph) has run, wherever this one is loaded.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";

  var root = document.querySelector("[data-live]");
  if (!root || !window.htmx || !window.Idiomorph || !window.DOMParser) {
    return;
  }
  var seconds = parseInt(root.getAttribute("data-live-seconds"), 10) || 10;
  var etag = root.getAttribute("data-live-etag") || "";
  var url = window.location.href.split("#")[0];

  function isDirty(region) {
    var active = document.activeElement;
    if (active && active !== document.body && region.contains(active)) {
      if (active.tagName === "INPUT" || active.tagName === "TEXTAREA" || active.tagName === "SELECT") {
        return true;
      }
    }
    // Files chosen in the upload widget (sending or sent ahead, upload-widget.js) are state too.
    if (region.querySelector(".upload-row")) {
      return true;
    }
    var fields = region.querySelectorAll("input, textarea, select");
    for (var i = 0; i < fields.length; i += 1) {
      var field = fields[i];
      if (field.type === "hidden" || field.type === "submit" || field.type === "button") {
        continue;
      }
      if (field.hasAttribute("data-live-keep")) {
        continue; // its page script keeps its state across a morph (the bulk checkboxes)
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
        var notice = document.getElementById("live-notice");
        if (notice) {
          notice.hidden = false;
        }
        return;
      }
      window.Idiomorph.morph(current, Array.from(region.childNodes), { morphStyle: "innerHTML" });
      window.htmx.process(current);
      changed += 1;
    });
    if (changed) {
      root.setAttribute("data-live-updated", String(Date.now()));
      document.dispatchEvent(new CustomEvent("live:updated", { detail: { regions: changed } }));
    }
  }

  function ours(event) {
    return event.detail && event.detail.elt === root;
  }

  // htmx does the polling: the page's own URL, nothing swapped by htmx itself (the regions are
  // morphed one by one above), nothing inherited by htmx elements inside the page.
  root.setAttribute("hx-get", url);
  root.setAttribute("hx-trigger", "every " + seconds + "s, live:poll");
  root.setAttribute("hx-swap", "none ignoreTitle:true");
  root.setAttribute("hx-sync", "this:drop");
  root.setAttribute("hx-disinherit", "*");

  root.addEventListener("htmx:beforeRequest", function (event) {
    if (ours(event) && document.hidden) {
      event.preventDefault(); // a hidden tab does not poll
    }
  });
  root.addEventListener("htmx:configRequest", function (event) {
    if (!ours(event)) {
      return;
    }
    event.detail.headers["X-Live-Refresh"] = "1";
    if (etag) {
      event.detail.headers["If-None-Match"] = etag;
    }
  });
  root.addEventListener("htmx:afterRequest", function (event) {
    var xhr = event.detail.xhr;
    // 304: nothing changed; a redirect (logged out) or an error: try again on the next tick.
    if (!ours(event) || !xhr || xhr.status !== 200 || xhr.responseURL !== url) {
      return;
    }
    etag = xhr.getResponseHeader("ETag") || etag;
    apply(xhr.responseText);
  });
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) {
      window.htmx.trigger(root, "live:poll");
    }
  });
  window.htmx.process(root);
});
