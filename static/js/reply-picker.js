// Templat Balasan picker (replies app): choosing a template or an FAQ link asks the server to fill
// it in for this ticket and inserts the text at the cursor of the message textarea. CSP: no inline
// script. Delegated on the document, so forms redrawn by the live updates keep working.
(function () {
  "use strict";

  function insertAt(area, text) {
    var start = typeof area.selectionStart === "number" ? area.selectionStart : area.value.length;
    var end = typeof area.selectionEnd === "number" ? area.selectionEnd : start;
    var before = area.value.slice(0, start);
    var spacer = before && !/\s$/.test(before) ? "\n" : "";
    area.setRangeText(spacer + text, start, end, "end");
    area.dispatchEvent(new Event("input", { bubbles: true }));
    area.focus();
  }

  document.addEventListener("change", function (event) {
    var select = event.target;
    if (!select || !select.classList || !select.classList.contains("reply-picker") || !select.value) {
      return;
    }
    var area = document.getElementById(select.getAttribute("data-target"));
    var form = select.closest("form");
    var token = form ? form.querySelector('input[name="csrfmiddlewaretoken"]') : null;
    var error = select.parentNode.querySelector(".reply-picker-error");
    var body = new FormData();
    body.append("pilihan", select.value);
    error.textContent = "";
    select.disabled = true;
    fetch(select.getAttribute("data-url"), {
      method: "POST",
      body: body,
      credentials: "same-origin",
      headers: { "X-CSRFToken": token ? token.value : "", Accept: "application/json" },
    })
      .then(function (response) {
        if (!response.ok) {
          throw new Error(String(response.status));
        }
        return response.json();
      })
      .then(function (data) {
        if (area) {
          insertAt(area, data.text);
        }
      })
      .catch(function () {
        error.textContent = select.getAttribute("data-error");
      })
      .finally(function () {
        select.disabled = false;
        select.value = "";
      });
  });
})();
