// Bar chart of how many participants chose each option of one item (item analysis page).
// Data comes from a json_script tag: no inline script (Content-Security-Policy).
document.addEventListener("DOMContentLoaded", function () {
  var canvas = document.getElementById("grafik-pilihan");
  var source = document.getElementById("data-grafik-pilihan");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  var colours = data.keys.map(function (isKey, index) {
    if (index === data.labels.length - 1) {
      return "#6c757d"; // blank
    }
    return isKey ? "#198754" : "#0b4f6c";
  });
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: "Semua peserta", data: data.counts, backgroundColor: colours },
        { label: "Kelompok atas (27%)", data: data.upper, backgroundColor: "#f0ad4e" },
      ],
    },
    options: {
      responsive: true,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
});
