// SiMerit's small behaviours. No inline scripts: the Content-Security-Policy allows only files from this site.
document.addEventListener("DOMContentLoaded", function () {
  // Forms marked data-confirm ask before submitting (e.g. an import that writes many rows).
  document.querySelectorAll("form[data-confirm]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
      }
    });
  });
});
