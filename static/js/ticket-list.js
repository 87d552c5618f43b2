// LPSE Support — Daftar Tiket: "Show N entries" and "Urutkan" apply at once when changed (the
// "Tampilkan" button stays for browsers without JavaScript), and empty search fields are left out
// of the URL so a shared search link holds only what was asked. Loaded with `defer`; no inline
// script.
(function () {
  "use strict";

  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    var form = select.form;
    if (!form) {
      return;
    }
    form.querySelectorAll(".autosubmit-apply").forEach(function (apply) {
      apply.classList.add("d-none");
    });
    select.addEventListener("change", function () {
      form.requestSubmit ? form.requestSubmit() : form.submit();
    });
  });

  // On a phone the tabs scroll sideways in their own row (tickets.css): the current tab is
  // brought into that row's view so it is never hidden past the edge.
  document.querySelectorAll(".ticket-tabs").forEach(function (tabs) {
    var active = tabs.querySelector(".nav-link.active");
    if (active && tabs.scrollWidth > tabs.clientWidth) {
      tabs.scrollLeft = Math.max(0, active.offsetLeft - tabs.offsetLeft - 16);
    }
  });

  document.querySelectorAll("form.ticket-search").forEach(function (form) {
    form.addEventListener("submit", function () {
      form.querySelectorAll("input[name], select[name]").forEach(function (field) {
        if (field.value === "" && !field.disabled) {
          field.disabled = true; // not sent
          field.setAttribute("data-empty-skipped", "");
        }
      });
    });
  });

  // Advance: Versi and Kategori offer only the options of the chosen Aplikasi (each option
  // names its application in data-application); a choice that no longer fits is cleared. The
  // server refuses a version of another application anyway.
  document.querySelectorAll("select[data-narrowed-by]").forEach(function (select) {
    var parent = document.getElementById(select.getAttribute("data-narrowed-by"));
    if (!parent) {
      return;
    }
    function narrow() {
      var chosen = parent.value;
      Array.prototype.forEach.call(select.options, function (option) {
        var owner = option.getAttribute("data-application");
        var fits = !owner || !chosen || owner === chosen;
        option.hidden = !fits;
        option.disabled = !fits;
        if (!fits && option.selected) {
          select.value = "";
        }
      });
    }
    parent.addEventListener("change", narrow);
    narrow();
  });

  // Back to this page from the browser's cache: the fields are usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-empty-skipped]").forEach(function (field) {
      field.disabled = false;
      field.removeAttribute("data-empty-skipped");
    });
  });
})();
