// Bar chart of the share of employees reaching the yearly JP minimum, per unit, on the JP
// compliance dashboard. Data comes from a json_script tag: no inline script (Content-Security-Policy).
document.addEventListener("DOMContentLoaded", function () {
  var canvas = document.getElementById("grafik-jp");
  var source = document.getElementById("data-grafik-jp");
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
          label: "Memenuhi minimum " + data.minimum + " JP (%)",
          data: data.percent,
          backgroundColor: "#0b4f6c",
        },
      ],
    },
    options: {
      responsive: true,
      animation: false,
      plugins: {
        legend: { display: true },
        tooltip: {
          callbacks: {
            afterLabel: function (context) {
              return "Rata-rata " + data.average[context.dataIndex] + " JP";
            },
          },
        },
      },
      scales: { y: { beginAtZero: true, max: 100, ticks: { callback: function (v) { return v + "%"; } } } },
    },
  });
});
