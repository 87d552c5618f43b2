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

  // Back to this page from the browser's cache: the fields are usable again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-empty-skipped]").forEach(function (field) {
      field.disabled = false;
      field.removeAttribute("data-empty-skipped");
    });
  });
})();
