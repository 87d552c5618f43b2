// LPSE Support — the one KONFIRMASI dialog (templates/partials/confirm_modal.html).
//
// A form declares its question: <form data-confirm="Apakah Anda yakin akan mengambil tiket ini?">
// (optional data-confirm-title, default "KONFIRMASI"; optional data-confirm-details="<template id>"
// whose content is shown under the question). Submitting the form opens the dialog instead;
// "Ya" (or Enter, it has the focus) submits the form with the button that was pressed, "Tidak",
// the close button and Esc cancel and give the focus back. Tab and Shift+Tab stay inside. Works for htmx forms too (the submit is stopped before htmx sees it and re-sent after
// "Ya"). Without JavaScript, or without Bootstrap, the form simply submits.
//
// Before opening, a cancelable "confirm:before" event is dispatched on the form with
// detail.details (the details container): a page script may fill the details or cancel the
// dialog (Buat Tiket does both — ticket-form.js).
(function () {
  "use strict";

  var pending = null; // {form, submitter, returnFocus} while the dialog is open
  var confirmed = null; // the form whose next submit goes through (after "Ya")

  function parts() {
    var element = document.getElementById("confirm-dialog");
    if (!element || !window.bootstrap || !window.bootstrap.Modal) {
      return null;
    }
    return {
      element: element,
      modal: window.bootstrap.Modal.getOrCreateInstance(element),
      title: document.getElementById("confirm-dialog-title"),
      message: document.getElementById("confirm-dialog-message"),
      details: document.getElementById("confirm-dialog-details"),
      yes: element.querySelector("[data-confirm-yes]"),
    };
  }

  function fillDetails(dialog, form) {
    dialog.details.replaceChildren();
    var templateId = form.getAttribute("data-confirm-details");
    var template = templateId ? document.getElementById(templateId) : null;
    if (template && template.content) {
      dialog.details.appendChild(template.content.cloneNode(true));
    }
    dialog.details.hidden = !dialog.details.childNodes.length;
  }

  function open(form, submitter) {
    var dialog = parts();
    if (!dialog) {
      return false; // no dialog on this page: let the form submit
    }
    fillDetails(dialog, form);
    var before = new CustomEvent("confirm:before", {
      cancelable: true,
      detail: { details: dialog.details },
    });
    if (!form.dispatchEvent(before)) {
      return true; // the page said "not yet" (e.g. an incomplete form): nothing is submitted
    }
    dialog.details.hidden = !dialog.details.childNodes.length;
    dialog.title.textContent =
      form.getAttribute("data-confirm-title") || dialog.title.getAttribute("data-default-title");
    dialog.message.textContent = form.getAttribute("data-confirm");
    dialog.yes.disabled = false;
    pending = {
      form: form,
      submitter: submitter,
      returnFocus: submitter || document.activeElement,
    };
    dialog.modal.show();
    return true;
  }

  // Capture phase: runs before the form's own listeners (htmx, the double-submit guard).
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.getAttribute("data-confirm")) {
        return; // no question (or an empty one): nothing to ask
      }
      if (confirmed === form) {
        confirmed = null; // "Ya" was chosen: this submit goes through
        return;
      }
      if (open(form, event.submitter || null)) {
        event.preventDefault();
        event.stopPropagation();
      }
    },
    true,
  );

  function init() {
    var dialog = parts();
    if (!dialog) {
      return;
    }
    dialog.element.addEventListener("shown.bs.modal", function () {
      dialog.yes.focus(); // Enter answers "Ya", as in the guide's dialogs
    });
    dialog.element.addEventListener("hidden.bs.modal", function () {
      var state = pending;
      pending = null;
      if (state && state.returnFocus && document.contains(state.returnFocus)) {
        state.returnFocus.focus();
      }
    });
    // Bootstrap's trap brings back focus that lands elsewhere in the page, but Tab past the last
    // button leaves the document (the browser's toolbar): wrap around here instead.
    dialog.element.addEventListener("keydown", function (event) {
      if (event.key !== "Tab") {
        return;
      }
      var focusable = Array.prototype.filter.call(
        dialog.element.querySelectorAll("button, [href], input, select, textarea"),
        function (element) {
          return !element.disabled && element.offsetParent !== null;
        },
      );
      if (!focusable.length) {
        return;
      }
      var first = focusable[0];
      var last = focusable[focusable.length - 1];
      if (event.shiftKey && document.activeElement === first) {
        event.preventDefault();
        last.focus();
      } else if (!event.shiftKey && document.activeElement === last) {
        event.preventDefault();
        first.focus();
      }
    });
    dialog.yes.addEventListener("click", function () {
      if (!pending) {
        return;
      }
      var state = pending;
      pending = null; // the page is left: the focus is not given back
      dialog.yes.disabled = true;
      dialog.modal.hide();
      confirmed = state.form;
      if (typeof state.form.requestSubmit === "function") {
        state.form.requestSubmit(state.submitter || undefined);
      } else {
        confirmed = null;
        state.form.submit();
      }
    });
    window.addEventListener("pageshow", function () {
      dialog.yes.disabled = false;
      confirmed = null;
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
