// Recompute an announcement's SHA-256 in the browser (Web Crypto) and compare it with the
// published one. No inline script: the Content-Security-Policy allows only files from this site.
document.addEventListener("DOMContentLoaded", function () {
  var button = document.getElementById("periksa-sha256");
  var output = document.getElementById("hasil-periksa");
  if (!button || !output) {
    return;
  }
  button.addEventListener("click", function () {
    if (!window.crypto || !window.crypto.subtle) {
      output.textContent = "Peramban ini tidak dapat menghitung SHA-256 (butuh HTTPS). Gunakan perintah di atas.";
      return;
    }
    output.textContent = "Menghitung…";
    fetch(button.dataset.jsonUrl, { credentials: "omit" })
      .then(function (response) {
        return response.arrayBuffer();
      })
      .then(function (bytes) {
        return window.crypto.subtle.digest("SHA-256", bytes);
      })
      .then(function (digest) {
        var hex = Array.from(new Uint8Array(digest))
          .map(function (b) {
            return b.toString(16).padStart(2, "0");
          })
          .join("");
        if (hex === button.dataset.expected) {
          output.textContent = "Cocok: SHA-256 berkas JSON sama dengan yang diumumkan (" + hex + ").";
          output.className = "mt-2 mb-0 text-success";
        } else {
          output.textContent = "TIDAK cocok: SHA-256 berkas JSON adalah " + hex + ".";
          output.className = "mt-2 mb-0 text-danger";
        }
      })
      .catch(function () {
        output.textContent = "Berkas JSON tidak dapat diunduh. Coba lagi atau gunakan perintah di atas.";
      });
  });
});
