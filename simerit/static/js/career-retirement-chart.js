// Bar chart of the employees reaching their retirement age (BUP) per year on the retirement
// forecast page. Data comes from a json_script tag: no inline script (Content-Security-Policy).
document.addEventListener("DOMContentLoaded", function () {
  var canvas = document.getElementById("grafik-pensiun");
  var source = document.getElementById("data-grafik-pensiun");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        {
          label: "Pegawai yang pensiun",
          data: data.counts,
          backgroundColor: "#0b4f6c",
        },
      ],
    },
    options: {
      responsive: true,
      animation: false,
      plugins: { legend: { display: true } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
});
