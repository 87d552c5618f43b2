// LPSE Support — Buat Tiket Baru (guide §4.2.1). Loaded with `defer` after
// htmx, Bootstrap and Tom Select; every behaviour is an enhancement: the form works without it.
(function () {
  "use strict";

  function byId(id) {
    return document.getElementById(id);
  }

  var previewTimer = null;
  function refreshPreview() {
    window.clearTimeout(previewTimer);
    previewTimer = window.setTimeout(function () {
      document.body.dispatchEvent(new CustomEvent("preview-refresh"));
    }, 200);
  }

  function resetSelect(select) {
    if (!select) {
      return;
    }
    var first = select.options.length ? select.options[0] : null;
    select.innerHTML = "";
    if (first) {
      first.selected = true;
      select.appendChild(first);
    }
  }

  function initTitleCounter(form) {
    var input = byId("id_title");
    var counter = byId("title-counter");
    if (!input || !counter) {
      return;
    }
    var max = parseInt(form.getAttribute("data-title-max") || "100", 10);
    function update() {
      var length = input.value.length;
      counter.textContent = length + "/" + max;
      counter.classList.toggle("text-danger", length > max);
      counter.classList.toggle("text-warning-emphasis", length > max - 10 && length <= max);
    }
    input.addEventListener("input", update);
    update();
  }

  function initManual() {
    var toggle = byId("id_manual");
    var fields = byId("manual-fields");
    if (!toggle || !fields) {
      return function () {};
    }
    function apply() {
      fields.hidden = !toggle.checked;
      fields.disabled = !toggle.checked;
    }
    toggle.addEventListener("change", function () {
      apply();
      refreshPreview();
    });
    fields.addEventListener("change", refreshPreview);
    apply();
    return function open() {
      if (!toggle.checked) {
        toggle.checked = true;
        apply();
      }
    };
  }

  function initDependentSelects() {
    var application = byId("id_application");
    if (application && !application.value) {
      resetSelect(byId("id_version"));
      resetSelect(byId("id_category"));
      resetSelect(byId("id_subcategory"));
    }
    document.body.addEventListener("htmx:afterSwap", function (event) {
      var target = event.detail && event.detail.target;
      if (!target) {
        return;
      }
      if (target.id === "id_category") {
        // New categories: the sub-category list must follow (it listens for this change).
        target.dispatchEvent(new Event("change", { bubbles: true }));
      } else if (target.id === "id_subcategory") {
        refreshPreview();
      }
    });
    var subcategory = byId("id_subcategory");
    if (subcategory) {
      subcategory.addEventListener("change", refreshPreview);
    }
  }

  function escapeHtml(text) {
    var div = document.createElement("div");
    div.textContent = text == null ? "" : String(text);
    return div.innerHTML;
  }

  function initTenderSearch(openManual) {
    var input = byId("id_tender_code");
    var errorBox = byId("tender-search-error");
    if (!input) {
      return;
    }
    input.addEventListener("change", refreshPreview);
    var url = input.getAttribute("data-tender-search");
    if (!url || typeof window.TomSelect !== "function") {
      return;
    }
    function showError(message) {
      if (!errorBox) {
        return;
      }
      errorBox.textContent = message || "";
      errorBox.hidden = !message;
      if (message) {
        openManual();
      }
    }
    // eslint-disable-next-line no-new
    new window.TomSelect(input, {
      maxItems: 1,
      create: function (text) {
        var code = text.trim();
        return { code: code, label: code };
      },
      createOnBlur: true,
      persist: false,
      valueField: "code",
      labelField: "label",
      searchField: ["code", "name", "label"],
      loadThrottle: 300,
      shouldLoad: function (query) {
        return query.trim().length >= 3;
      },
      load: function (query, callback) {
        var self = this;
        fetch(url + "?q=" + encodeURIComponent(query.trim()), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) {
            return response.json();
          })
          .then(function (json) {
            showError(json.error);
            self.clearOptions();
            callback(json.results || []);
          })
          .catch(function () {
            showError(input.getAttribute("data-offline-message") || "");
            callback();
          });
      },
      render: {
        option: function (item) {
          var meta = [item.lpse, item.stage].filter(Boolean).join(" · ");
          return (
            '<div class="tender-option"><div><strong>' + escapeHtml(item.code) + "</strong>" +
            (item.name ? " — " + escapeHtml(item.name) : "") + "</div>" +
            (meta ? '<div class="small text-body-secondary">' + escapeHtml(meta) + "</div>" : "") +
            "</div>"
          );
        },
        item: function (item) {
          return "<div>" + escapeHtml(item.label || item.code) + "</div>";
        },
        option_create: function (data) {
          return '<div class="create">' + escapeHtml(data.input) + " (manual)</div>";
        },
        no_results: function () {
          return '<div class="no-results small">' + escapeHtml(input.getAttribute("placeholder") || "") + "</div>";
        },
      },
    });
  }

  // An obviously incomplete form is not confirmed (the server still checks everything): the
  // empty or too short required fields are marked, listed in one notice, and the first is
  // focused. Fields hidden with the manual-entry block are skipped by the browser itself.
  function readyToConfirm(form) {
    var notice = byId("missing-fields");
    var missing = [];
    form.querySelectorAll("input, select, textarea").forEach(function (field) {
      field.classList.remove("is-invalid");
      var minimum = parseInt(field.getAttribute("data-min-length") || "0", 10);
      var tooShort = minimum > 0 && field.value.trim().length < minimum;
      if (field.willValidate && (!field.checkValidity() || tooShort)) {
        field.classList.add("is-invalid");
        var label = form.querySelector('label[for="' + field.id + '"]');
        var name = label ? label.childNodes[0].textContent.trim() : field.name;
        if (missing.indexOf(name) < 0) {
          missing.push(name);
        }
      }
    });
    if (!notice) {
      return missing.length === 0;
    }
    notice.hidden = missing.length === 0;
    if (missing.length) {
      notice.querySelector("[data-missing-list]").textContent = missing.join(", ");
      var first = form.querySelector(".is-invalid");
      if (first) {
        first.focus();
      }
    }
    return missing.length === 0;
  }

  // Buat Tiket asks the shared KONFIRMASI dialog (confirm.js, data-confirm on the form): an
  // incomplete form cancels the dialog and marks the fields; a complete one shows the team the
  // ticket goes to and its title under the question (Gambar 13).
  function initConfirm(form) {
    ["input", "change"].forEach(function (type) {
      form.addEventListener(type, function (event) {
        if (event.target && event.target.classList) {
          event.target.classList.remove("is-invalid"); // answered: the mark goes
        }
      });
    });
    form.addEventListener("confirm:before", function (event) {
      if (!readyToConfirm(form)) {
        event.preventDefault(); // nothing to confirm yet: the missing fields are marked instead
        return;
      }
      var details = event.detail.details;
      var titleLine = details.querySelector("[data-confirm-ticket-title]");
      var teamLine = details.querySelector("[data-confirm-ticket-team]");
      var title = byId("id_title");
      if (titleLine) {
        titleLine.textContent = title ? title.value.trim() : "";
      }
      if (teamLine) {
        var box = document.querySelector("#priority-preview [data-team]");
        var team = box ? box.getAttribute("data-team") : "";
        teamLine.textContent = team
          ? teamLine.getAttribute("data-prefix") + " " + team
          : teamLine.getAttribute("data-unknown");
      }
    });
  }

  function init() {
    var form = byId("ticket-form");
    if (!form) {
      return;
    }
    form.classList.add("js-enhanced");
    initTitleCounter(form);
    var openManual = initManual();
    initDependentSelects();
    initTenderSearch(openManual);
    initConfirm(form);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
