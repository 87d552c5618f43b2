// Pratinjau Lampiran (Detail Tiket): PNG/JPEG in an <img>, PDF rendered page by page on a canvas
// by pdf.js (served from static/vendor, loaded only when a PDF is opened; eval disabled so the
// page's CSP needs no 'unsafe-eval'). The files come from the preview endpoint, which re-checks
// the bytes and answers only PNG, JPEG and PDF inline.
(() => {
  const modalElement = document.getElementById("attachment-preview");
  if (!modalElement) {
    return;
  }
  const $ = (selector) => modalElement.querySelector(selector);
  const title = $("#attachment-preview-title");
  const status = $("[data-preview-status]");
  const error = $("[data-preview-error]");
  const image = $("[data-preview-image]");
  const canvas = $("[data-preview-canvas]");
  const pager = $("[data-preview-pager]");
  const pageLabel = $("[data-preview-page]");
  const previous = $("[data-preview-prev]");
  const next = $("[data-preview-next]");
  const download = $("[data-preview-download]");
  const pageTemplate = document.querySelector("[data-preview-page-label]").content.textContent;
  let pdf = null;
  let pageNumber = 1;
  let rendering = null;
  let opened = 0; // which opening the async work belongs to (a stale load must not draw)

  const show = (element, visible) => {
    element.hidden = !visible;
  };

  const reset = () => {
    opened += 1;
    if (pdf) {
      pdf.destroy();
      pdf = null;
    }
    image.removeAttribute("src");
    image.alt = "";
    modalElement.removeAttribute("data-preview-ready");
    [image, canvas, pager, error].forEach((element) => show(element, false));
    show(status, true);
  };

  const fail = () => {
    show(status, false);
    show(error, true);
    show(image, false);
    show(canvas, false);
    show(pager, false);
  };

  const loadPdfjs = async () => {
    const pdfjs = await import(modalElement.dataset.pdfjsSrc);
    pdfjs.GlobalWorkerOptions.workerSrc = modalElement.dataset.pdfjsWorker;
    return pdfjs;
  };

  const renderPage = async (token) => {
    if (rendering) {
      rendering.cancel();
    }
    const page = await pdf.getPage(pageNumber);
    if (token !== opened) {
      return;
    }
    const body = canvas.parentElement;
    const available = Math.max(200, body.clientWidth - 32);
    const natural = page.getViewport({ scale: 1 });
    const scale = Math.min(1.5, available / natural.width); // 1.5: about 108 dpi
    const ratio = window.devicePixelRatio || 1;
    const viewport = page.getViewport({ scale: scale * ratio });
    canvas.width = Math.floor(viewport.width);
    canvas.height = Math.floor(viewport.height);
    canvas.style.width = `${Math.floor(viewport.width / ratio)}px`;
    const task = page.render({ canvas, canvasContext: canvas.getContext("2d"), viewport });
    rendering = task;
    try {
      await task.promise;
    } catch (exc) {
      if (exc && exc.name === "RenderingCancelledException") {
        return;
      }
      throw exc;
    } finally {
      if (rendering === task) {
        rendering = null;
      }
    }
    if (token !== opened) {
      return;
    }
    pageLabel.textContent = pageTemplate
      .replace("{page}", String(pageNumber))
      .replace("{pages}", String(pdf.numPages));
    const focused = document.activeElement;
    previous.disabled = pageNumber <= 1;
    next.disabled = pageNumber >= pdf.numPages;
    // A disabled button loses focus (to the page, outside the dialog): hand it to the other one.
    if (focused === previous && previous.disabled && !next.disabled) {
      next.focus();
    } else if (focused === next && next.disabled && !previous.disabled) {
      previous.focus();
    }
    show(status, false);
    show(canvas, true);
    show(pager, pdf.numPages > 1);
    canvas.setAttribute("aria-label", `${title.textContent} — ${pageLabel.textContent}`);
    modalElement.dataset.previewReady = "pdf";
  };

  const openPdf = async (url, token) => {
    const pdfjs = await loadPdfjs();
    const loading = pdfjs.getDocument({ url, isEvalSupported: false });
    const documentProxy = await loading.promise;
    if (token !== opened) {
      documentProxy.destroy();
      return;
    }
    pdf = documentProxy;
    pageNumber = 1;
    await renderPage(token);
  };

  const openImage = (url, name, token) => {
    image.onload = () => {
      if (token === opened) {
        show(status, false);
        show(image, true);
        modalElement.dataset.previewReady = "image";
      }
    };
    image.onerror = () => token === opened && fail();
    image.alt = name;
    image.src = url;
  };

  const turn = (delta) => {
    if (!pdf) {
      return;
    }
    const wanted = pageNumber + delta;
    if (wanted < 1 || wanted > pdf.numPages) {
      return;
    }
    pageNumber = wanted;
    renderPage(opened).catch(fail);
  };

  previous.addEventListener("click", () => turn(-1));
  next.addEventListener("click", () => turn(1));
  modalElement.addEventListener("keydown", (event) => {
    if (!pdf || event.target.closest("a, button:not([data-preview-prev]):not([data-preview-next])")) {
      return;
    }
    if (event.key === "ArrowLeft" || event.key === "PageUp") {
      event.preventDefault();
      turn(-1);
    } else if (event.key === "ArrowRight" || event.key === "PageDown") {
      event.preventDefault();
      turn(1);
    }
  });
  // Bootstrap fires "hidden" after the backdrop has faded; a preview opened meanwhile (a quick
  // Escape then Enter) must survive it, so only a dialog that stayed closed is emptied.
  let shown = false;
  modalElement.addEventListener("show.bs.modal", () => {
    shown = true;
  });
  modalElement.addEventListener("hide.bs.modal", () => {
    shown = false;
  });
  let opener = null; // focus goes back to the Pratinjau button that opened the dialog
  modalElement.addEventListener("hidden.bs.modal", () => {
    if (!shown) {
      reset();
      if (opener && opener.isConnected) {
        opener.focus();
      }
    }
  });

  document.addEventListener("click", (event) => {
    const button = event.target.closest("[data-preview]");
    if (!button) {
      return;
    }
    event.preventDefault();
    reset();
    opener = button;
    const token = opened;
    const name = button.dataset.previewName;
    title.textContent = name;
    download.href = button.dataset.downloadUrl;
    window.bootstrap.Modal.getOrCreateInstance(modalElement).show();
    if (button.dataset.preview === "pdf") {
      openPdf(button.dataset.previewUrl, token).catch(() => token === opened && fail());
    } else {
      openImage(button.dataset.previewUrl, name, token);
    }
  });
})();
