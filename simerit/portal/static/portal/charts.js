// Score histograms of the public transparency portal. Each <canvas data-portal-chart="ID">
// reads its data from the json_script tag ID (no inline script: Content-Security-Policy).
// A suppressed bin (fewer than k people) has no bar; its tooltip says "< k".
document.addEventListener("DOMContentLoaded", function () {
  if (typeof Chart === "undefined") {
    return;
  }
  document.querySelectorAll("canvas[data-portal-chart]").forEach(function (canvas) {
    var source = document.getElementById(canvas.getAttribute("data-portal-chart"));
    if (!source) {
      return;
    }
    var data = JSON.parse(source.textContent);
    new Chart(canvas, {
      type: "bar",
      data: {
        labels: data.labels,
        datasets: [
          {
            label: "Jumlah orang",
            data: data.counts,
            backgroundColor: "#0b4f6c",
          },
        ],
      },
      options: {
        responsive: true,
        animation: false,
        plugins: {
          legend: { display: false },
          tooltip: {
            callbacks: {
              label: function (context) {
                var value = data.counts[context.dataIndex];
                return value === null ? "< " + data.k + " orang (disembunyikan)" : value + " orang";
              },
            },
          },
        },
        scales: {
          x: { title: { display: true, text: canvas.getAttribute("data-axis-label") || "" } },
          y: { beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    });
  });
});
