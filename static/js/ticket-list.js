// LPSE Support — Daftar Tiket: "Show N entries" and "Urutkan" apply at once when changed (the
// "Tampilkan" button stays for browsers without JavaScript). Loaded with `defer`; no inline script.
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
      form.submit();
    });
  });
})();
