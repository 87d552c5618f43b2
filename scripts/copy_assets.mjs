// Copies the pinned npm front-end packages into static/vendor, so pages never load from a CDN.
import { cpSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "static", "vendor");
const files = {
  "bootstrap/dist/css/bootstrap.min.css": "bootstrap/bootstrap.min.css",
  "bootstrap/dist/js/bootstrap.bundle.min.js": "bootstrap/bootstrap.bundle.min.js",
  "bootstrap-icons/font/bootstrap-icons.min.css": "bootstrap-icons/bootstrap-icons.min.css",
  "bootstrap-icons/font/fonts": "bootstrap-icons/fonts",
  "htmx.org/dist/htmx.min.js": "htmx/htmx.min.js",
  "idiomorph/dist/idiomorph.min.js": "idiomorph/idiomorph.min.js",
  "chart.js/dist/chart.umd.min.js": "chartjs/chart.umd.min.js",
  "tom-select/dist/css/tom-select.bootstrap5.min.css": "tom-select/tom-select.bootstrap5.min.css",
  "tom-select/dist/js/tom-select.complete.min.js": "tom-select/tom-select.complete.min.js",
  // Attachment preview: pdf.js and its worker (loaded only when a PDF preview opens).
  "pdfjs-dist/build/pdf.min.mjs": "pdfjs/pdf.min.mjs",
  "pdfjs-dist/build/pdf.worker.min.mjs": "pdfjs/pdf.worker.min.mjs",
  "pdfjs-dist/LICENSE": "pdfjs/LICENSE",
  // Uploads sent ahead of the form (tus, /unggah/): resumable, with progress.
  "tus-js-client/dist/tus.min.js": "tus/tus.min.js",
};

rmSync(out, { recursive: true, force: true });
for (const [from, to] of Object.entries(files)) {
  const target = join(out, to);
  mkdirSync(dirname(target), { recursive: true });
  cpSync(join(root, "node_modules", from), target, { recursive: true });
  // A minified file names its source map; collectstatic's hashed manifest (production) stops
  // when a referenced file is missing, so the map travels with it.
  const map = join(root, "node_modules", `${from}.map`);
  if (existsSync(map)) {
    cpSync(map, `${target}.map`);
  }
}
console.log(`copied ${Object.keys(files).length} front-end assets into static/vendor`);
