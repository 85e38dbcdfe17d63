// SiMerit's small behaviours. No inline scripts: the Content-Security-Policy allows only files from this site.
// Forms marked data-confirm ask before submitting (e.g. an import that writes many rows). Listening on
// the document also covers forms that HTMX swapped in after the page loaded.
document.addEventListener(
  "submit",
  function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  },
  true
);
