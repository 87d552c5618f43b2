// LPSE Support — FAQ LPSE Support list. Loaded with `defer`; without it the "Cari" button does
// the same: choosing an Aplikasi or Kategori submits the filter right away (GET, shareable URL).
(function () {
  "use strict";

  function init() {
    document.querySelectorAll("select[data-faq-autosubmit]").forEach(function (select) {
      var form = select.form;
      if (!form) {
        return;
      }
      select.addEventListener("change", function () {
        if (select.name === "aplikasi" && form.elements.kategori) {
          form.elements.kategori.value = ""; // a category belongs to one application
        }
        if (typeof form.requestSubmit === "function") {
          form.requestSubmit();
        } else {
          form.submit();
        }
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
