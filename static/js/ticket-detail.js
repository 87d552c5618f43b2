// Detail Tiket: the "Cetak" button prints the page (CSP forbids inline handlers).
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-print-page]");
  if (button) {
    event.preventDefault();
    window.print();
  }
});
