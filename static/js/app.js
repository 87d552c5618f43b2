// LPSE Support — small behaviours of the shell. Loaded with `defer`; no inline script exists (CSP).
(function () {
  "use strict";

  function csrfToken() {
    var meta = document.querySelector('meta[name="csrf-token"]');
    return meta ? meta.getAttribute("content") : "";
  }

  // Live "n/15" counter under each textarea that has a minimum length (action messages, the
  // Deskripsi of Buat Tiket Baru).
  function updateCounter(area) {
    var counter = document.querySelector('[data-counter-for="' + area.id + '"]');
    if (!counter) {
      return;
    }
    var minimum = parseInt(area.getAttribute("data-min-length") || "0", 10);
    var length = area.value.trim().length;
    counter.textContent = length + "/" + minimum;
    counter.classList.toggle("text-danger", length < minimum);
    counter.classList.toggle("text-success", length >= minimum);
  }
  document.querySelectorAll("textarea[data-min-length]").forEach(function (area) {
    updateCounter(area);
    area.addEventListener("input", function () {
      updateCounter(area);
    });
  });

  // htmx requests that change state carry Django's CSRF token as a header.
  document.addEventListener("htmx:configRequest", function (event) {
    var token = csrfToken();
    if (token && event.detail && event.detail.headers) {
      event.detail.headers["X-CSRFToken"] = token;
    }
  });

  // <form data-confirm="…"> opens the KONFIRMASI dialog first (confirm.js, capture phase): a
  // submit stopped there never reaches this guard.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement)) {
      return;
    }
    if (event.defaultPrevented) {
      return; // another handler stopped this submit
    }
    // A slow link must not turn one click into two submissions.
    window.setTimeout(function () {
      form.querySelectorAll('button[type="submit"]').forEach(function (button) {
        if (!button.disabled) {
          button.disabled = true;
          button.setAttribute("data-auto-disabled", "");
        }
      });
    }, 0);
  });

  // Going back to a page from the browser cache re-enables its buttons.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("button[data-auto-disabled]").forEach(function (button) {
      button.disabled = false;
      button.removeAttribute("data-auto-disabled");
    });
  });
})();
