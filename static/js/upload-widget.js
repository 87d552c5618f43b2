// LPSE Support — files sent as soon as they are chosen (issue 14 item 8), for every form with
// the upload widget (tickets/_upload_widget.html): Buat Tiket and the action forms. Each file is
// sent by tus (tus-js-client, /unggah/) with a progress bar, Batal/Ganti/Hapus, and resumes by
// itself after a dropped connection (retryDelays; a reloaded page resumes from the stored
// fingerprint). The form then carries the finished uploads' ids (pending_uploads), so a
// validation error never asks to pick the files again. Without this script (or tus support)
// the plain multiple-file input is sent with the form as before.
(function () {
  "use strict";

  var RETRY_DELAYS = [1000, 3000, 5000, 10000, 20000, 30000, 60000];
  var CHUNK_SIZE = 8 * 1024 * 1024;

  function humanSize(bytes) {
    if (bytes >= 1048576) {
      return (bytes / 1048576).toFixed(1) + " MB";
    }
    return Math.max(1, Math.round(bytes / 1024)) + " KB";
  }

  function button(label, icon, css) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "btn btn-sm " + css;
    var glyph = document.createElement("i");
    glyph.className = "bi bi-" + icon;
    glyph.setAttribute("aria-hidden", "true");
    element.appendChild(glyph);
    element.appendChild(document.createTextNode(" " + label));
    return element;
  }

  function csrfToken(form) {
    var input = form.querySelector('input[name="csrfmiddlewaretoken"]');
    if (input) {
      return input.value;
    }
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function serverMessage(error, fallback) {
    var response = error && error.originalResponse;
    if (response) {
      try {
        var body = JSON.parse(response.getBody() || "{}");
        if (body.message) {
          return body.message;
        }
      } catch (ignored) {
        // not JSON: the generic message below
      }
    }
    return fallback;
  }

  function idFromUrl(url) {
    var parts = String(url || "").replace(/\/+$/, "").split("/");
    return parts[parts.length - 1];
  }

  function Widget(root) {
    this.root = root;
    this.form = root.closest("form");
    this.rows = root.querySelector(".upload-rows");
    this.original = root.querySelector('input[type="file"]');
    this.keyInput = this.form ? this.form.querySelector('input[name="idempotency_key"]') : null;
    this.label = function (name) {
      return root.getAttribute("data-" + name + "-label") || name;
    };
  }

  Widget.prototype.init = function () {
    var self = this;
    if (!this.form || !this.original || !this.keyInput || !this.keyInput.value) {
      return;
    }
    this.original.removeAttribute("name"); // the files go by tus; the form sends their ids
    this.original.hidden = true;
    this.original.addEventListener("change", function () {
      var target = self.replacing;
      self.replacing = null;
      Array.prototype.forEach.call(self.original.files, function (file, index) {
        self.upload(file, index === 0 ? target : null);
      });
      self.original.value = "";
    });
    this.rows.querySelectorAll(".upload-row").forEach(function (row) {
      self.bindDone(row);
    });
    var add = button(this.label("add"), "plus-lg", "btn-outline-primary upload-add");
    add.addEventListener("click", function () {
      self.replacing = null;
      self.original.click();
    });
    this.root.appendChild(add);
    this.notice = document.createElement("div");
    this.notice.className = "invalid-feedback d-block upload-wait";
    this.notice.hidden = true;
    this.root.appendChild(this.notice);
    // Capture phase: before the page's own submit handlers (confirm dialog, double-submit guard).
    this.form.addEventListener(
      "submit",
      function (event) {
        if (self.rows.querySelector('.upload-row[data-state="sending"]')) {
          event.preventDefault();
          event.stopImmediatePropagation();
          self.notice.textContent = self.label("wait");
          self.notice.hidden = false;
        }
      },
      true
    );
  };

  Widget.prototype.row = function (file) {
    var row = document.createElement("li");
    row.className = "upload-row border rounded p-2 mb-2";
    row.innerHTML =
      '<div class="d-flex flex-wrap align-items-center gap-2">' +
      '<i class="bi bi-file-earmark-arrow-up text-body-secondary" aria-hidden="true"></i>' +
      '<span class="upload-name text-break flex-grow-1"></span>' +
      '<span class="upload-status small text-body-secondary"></span>' +
      '<span class="upload-buttons d-flex gap-1"></span></div>' +
      '<div class="progress mt-2" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow="0">' +
      '<div class="progress-bar"></div></div>' +
      '<div class="upload-error invalid-feedback d-block" hidden></div>';
    var name = row.querySelector(".upload-name");
    name.textContent = file.name + " ";
    var size = document.createElement("span");
    size.className = "text-body-secondary small";
    size.textContent = "(" + humanSize(file.size) + ")";
    name.appendChild(size);
    row.querySelector(".progress").setAttribute("aria-label", file.name);
    return row;
  };

  Widget.prototype.setProgress = function (row, sent, total) {
    var percent = total ? Math.floor((sent / total) * 100) : 0;
    var bar = row.querySelector(".progress");
    bar.setAttribute("aria-valuenow", String(percent));
    bar.firstChild.style.width = percent + "%"; // CSSOM, allowed by the CSP (no style attribute)
    row.querySelector(".upload-status").textContent = percent + "%";
  };

  Widget.prototype.buttons = function (row, list) {
    var box = row.querySelector(".upload-buttons") || row.querySelector(".d-flex");
    row.querySelectorAll(".upload-cancel, .upload-replace, .upload-remove").forEach(function (b) {
      b.remove();
    });
    list.forEach(function (b) {
      box.appendChild(b);
    });
  };

  Widget.prototype.remove = function (row) {
    var url = row.getAttribute("data-upload-url");
    row.remove();
    if (url) {
      fetch(url, {
        method: "DELETE",
        credentials: "same-origin",
        headers: { "Tus-Resumable": "1.0.0", "X-CSRFToken": csrfToken(this.form) },
      }).catch(function () {
        // never used, the sweep removes it after a day
      });
    }
  };

  Widget.prototype.bindDone = function (row) {
    var self = this;
    var replace = button(this.label("replace"), "arrow-repeat", "btn-outline-secondary upload-replace");
    replace.addEventListener("click", function () {
      self.replacing = row;
      self.original.multiple = false;
      self.original.click();
      self.original.multiple = true;
    });
    var remove = button(this.label("remove"), "trash", "btn-outline-danger upload-remove");
    remove.addEventListener("click", function () {
      self.remove(row);
    });
    this.buttons(row, [replace, remove]);
    row.setAttribute("data-state", "done");
  };

  Widget.prototype.upload = function (file, replacing) {
    var self = this;
    var row = this.row(file);
    if (replacing) {
      this.rows.insertBefore(row, replacing);
      this.remove(replacing);
    } else {
      this.rows.appendChild(row);
    }
    row.setAttribute("data-state", "sending");
    this.notice.hidden = true;
    var formKey = this.keyInput.value;
    var upload = new window.tus.Upload(file, {
      endpoint: this.root.getAttribute("data-endpoint"),
      chunkSize: CHUNK_SIZE,
      retryDelays: RETRY_DELAYS,
      metadata: { filename: file.name, form_key: formKey },
      headers: { "X-CSRFToken": csrfToken(this.form) },
      storeFingerprintForResuming: true,
      removeFingerprintOnSuccess: true,
      fingerprint: function (f) {
        return Promise.resolve(["lpse-unggah", formKey, f.name, f.size, f.lastModified].join("|"));
      },
      onUploadUrlAvailable: function () {
        row.setAttribute("data-upload-url", upload.url);
      },
      onProgress: function (sent, total) {
        self.setProgress(row, sent, total);
      },
      onShouldRetry: function (error, attempt, options) {
        var status = error.originalResponse ? error.originalResponse.getStatus() : 0;
        // 404: the upload's bytes are on a node that is gone (docs/attachments.md "Beberapa
        // node"); the retry asks HEAD, gets 404 too and starts a new upload.
        var retry = !status || status === 404 || status === 409 || status === 423 || status >= 500;
        if (retry) {
          row.querySelector(".upload-status").textContent = self.label("retry");
        }
        return retry && attempt < options.retryDelays.length;
      },
      onError: function (error) {
        row.setAttribute("data-state", "failed");
        var box = row.querySelector(".upload-error");
        box.textContent = serverMessage(error, self.label("failed"));
        box.hidden = false;
        row.querySelector(".upload-status").textContent = "";
        row.querySelector(".progress").hidden = true;
        var remove = button(self.label("remove"), "trash", "btn-outline-danger upload-remove");
        remove.addEventListener("click", function () {
          row.remove();
        });
        self.buttons(row, [remove]);
      },
      onSuccess: function () {
        var hidden = document.createElement("input");
        hidden.type = "hidden";
        hidden.name = "pending_uploads";
        hidden.value = idFromUrl(upload.url);
        row.appendChild(hidden);
        row.setAttribute("data-upload-id", hidden.value);
        row.querySelector(".progress").hidden = true;
        row.querySelector(".bi").className = "bi bi-file-earmark-check text-success";
        var status = row.querySelector(".upload-status");
        status.textContent = self.label("done");
        status.className = "upload-status small text-success";
        self.bindDone(row);
      },
    });
    var cancel = button(this.label("cancel"), "x-lg", "btn-outline-secondary upload-cancel");
    cancel.addEventListener("click", function () {
      upload.abort(true).catch(function () {
        // the sweep removes what the server kept
      });
      row.remove();
    });
    this.buttons(row, [cancel]);
    upload.findPreviousUploads().then(function (previous) {
      if (previous.length) {
        upload.resumeFromPreviousUpload(previous[0]);
      }
      upload.start();
    });
  };

  function init() {
    if (!window.tus || !window.tus.isSupported) {
      return;
    }
    document.querySelectorAll("[data-upload-widget]").forEach(function (root) {
      if (!root.hasAttribute("data-upload-ready")) {
        root.setAttribute("data-upload-ready", "");
        new Widget(root).init();
      }
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  document.addEventListener("htmx:afterSettle", init);
})();
