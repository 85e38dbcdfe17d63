// Bar chart of the employees' predikat on the performance unit dashboard.
// Data comes from a json_script tag: no inline script (Content-Security-Policy).
document.addEventListener("DOMContentLoaded", function () {
  var canvas = document.getElementById("grafik-predikat");
  var source = document.getElementById("data-grafik-predikat");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [{ label: "Pegawai", data: data.counts, backgroundColor: "#0b4f6c" }],
    },
    options: {
      responsive: true,
      animation: false,
      plugins: { legend: { display: false } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
});
