// LPSE Support — Aksi massal on Daftar Tiket (issue 14 item 4, docs/lists.md). The cards'
// checkboxes join the bulk bar's form (form="bulk-form"); "Pilih semua di halaman ini" ticks
// every card of the page; an operation button opens the confirmation dialog (its extra fields,
// e.g. the reason of Lepas Tiket, are shown there) and "Ya" submits it. The exports submit at
// once. The selection is kept by ticket number: when a live update morphs the list (live.js,
// idiomorph resets a checkbox to what the server drew) the chosen cards are ticked again, and a
// card that left the page leaves the selection. Without JavaScript the buttons submit directly
// and the server asks for what is missing. Loaded with `defer`; no inline script.
document.addEventListener("DOMContentLoaded", function () {
  "use strict";

  var form = document.getElementById("bulk-form");
  if (!form) {
    return;
  }
  var selected = new Set();
  var all = form.querySelector("[data-bulk-all]");
  var modalElement = document.getElementById("bulk-confirm");
  var yes = form.querySelector("[data-bulk-yes]");

  function boxes() {
    return Array.prototype.slice.call(document.querySelectorAll("input[data-bulk-select]"));
  }

  function refresh() {
    var present = boxes();
    var numbers = new Set();
    present.forEach(function (box) {
      var number = box.getAttribute("data-bulk-select");
      numbers.add(number);
      box.checked = selected.has(number);
    });
    selected.forEach(function (number) {
      if (!numbers.has(number)) {
        selected.delete(number); // its card is no longer on this page
      }
    });
    var count = selected.size;
    form.querySelectorAll("[data-bulk-count]").forEach(function (element) {
      element.textContent = String(count);
    });
    if (all) {
      all.checked = present.length > 0 && count === present.length;
      all.indeterminate = count > 0 && count < present.length;
      all.disabled = present.length === 0;
    }
    form.querySelectorAll("[data-bulk-operation]").forEach(function (button) {
      button.disabled = count === 0;
    });
  }

  boxes().forEach(function (box) {
    if (box.checked) {
      selected.add(box.getAttribute("data-bulk-select")); // restored by the browser
    }
  });
  form.querySelectorAll("[data-bulk-js]").forEach(function (element) {
    element.hidden = false;
  });

  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!(box instanceof HTMLInputElement)) {
      return;
    }
    if (box.hasAttribute("data-bulk-select")) {
      var number = box.getAttribute("data-bulk-select");
      if (box.checked) {
        selected.add(number);
      } else {
        selected.delete(number);
      }
      refresh();
    } else if (box === all) {
      boxes().forEach(function (one) {
        var number = one.getAttribute("data-bulk-select");
        if (all.checked) {
          selected.add(number);
        } else {
          selected.delete(number);
        }
      });
      refresh();
    }
  });
  document.addEventListener("live:updated", refresh);

  function showFields(code) {
    form.querySelectorAll("[data-bulk-fields]").forEach(function (group) {
      var mine = group.getAttribute("data-bulk-fields") === code;
      group.hidden = !mine;
      group.querySelectorAll("input, textarea, select").forEach(function (field) {
        field.disabled = !mine; // only the chosen operation's fields are sent
      });
    });
  }

  form.querySelectorAll("[data-bulk-operation]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      if (button.hasAttribute("data-bulk-export")) {
        // A download does not leave the page: the buttons must work again afterwards.
        window.setTimeout(function () {
          form.querySelectorAll("button[data-auto-disabled]").forEach(function (one) {
            one.disabled = false;
            one.removeAttribute("data-auto-disabled");
          });
          refresh();
        }, 1500);
        return;
      }
      if (!modalElement || !yes || !window.bootstrap || !window.bootstrap.Modal) {
        return; // no dialog: submit directly, the server still checks everything
      }
      event.preventDefault();
      var code = button.getAttribute("data-bulk-operation");
      yes.value = code;
      showFields(code);
      modalElement.querySelectorAll("[data-bulk-confirm-label]").forEach(function (element) {
        element.textContent = button.getAttribute("data-bulk-label");
      });
      modalElement.querySelectorAll("[data-bulk-confirm-count]").forEach(function (element) {
        element.textContent = String(selected.size);
      });
      window.bootstrap.Modal.getOrCreateInstance(modalElement).show();
    });
  });

  if (modalElement) {
    modalElement.addEventListener("shown.bs.modal", function () {
      var field = modalElement.querySelector("[data-bulk-fields]:not([hidden]) textarea, [data-bulk-fields]:not([hidden]) input");
      (field || yes).focus();
    });
  }

  window.addEventListener("pageshow", refresh);
  refresh();
});
