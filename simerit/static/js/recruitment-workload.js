// Charts of the verification workload page (per verifier, per formasi).
// Data comes from a json_script tag: no inline script (Content-Security-Policy).
document.addEventListener("DOMContentLoaded", function () {
  var source = document.getElementById("data-grafik-verifikasi");
  if (!source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var options = {
    responsive: true,
    animation: false,
    scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
  };
  var verifiers = document.getElementById("grafik-verifikator");
  if (verifiers) {
    new Chart(verifiers, {
      type: "bar",
      data: {
        labels: data.verifiers.labels,
        datasets: [
          { label: "Selesai", data: data.verifiers.done, backgroundColor: "#198754" },
          { label: "Belum selesai", data: data.verifiers.open, backgroundColor: "#ffc107" },
        ],
      },
      options: options,
    });
  }
  var formasi = document.getElementById("grafik-formasi-verifikasi");
  if (formasi) {
    new Chart(formasi, {
      type: "bar",
      data: {
        labels: data.formasi.labels,
        datasets: [
          { label: "MS", data: data.formasi.ms, backgroundColor: "#198754" },
          { label: "TMS", data: data.formasi.tms, backgroundColor: "#b02a37" },
          { label: "Belum diputus", data: data.formasi.pending, backgroundColor: "#6c757d" },
        ],
      },
      options: options,
    });
  }
});
