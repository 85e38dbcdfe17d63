// Bar chart of submitted / MS / TMS per formasi on the HR recruitment dashboard.
// Data comes from a json_script tag: no inline script (Content-Security-Policy).
document.addEventListener("DOMContentLoaded", function () {
  var canvas = document.getElementById("grafik-formasi");
  var source = document.getElementById("data-grafik-formasi");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: "Dikirim", data: data.submitted, backgroundColor: "#0b4f6c" },
        { label: "MS", data: data.ms, backgroundColor: "#198754" },
        { label: "TMS", data: data.tms, backgroundColor: "#b02a37" },
      ],
    },
    options: {
      responsive: true,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
});
