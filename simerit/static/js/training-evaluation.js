// Grouped bar chart of the participants' predikat before and after training (evaluation page).
// Data comes from a json_script tag: no inline script (Content-Security-Policy).
document.addEventListener("DOMContentLoaded", function () {
  var canvas = document.getElementById("grafik-predikat-pelatihan");
  var source = document.getElementById("data-grafik-predikat-pelatihan");
  if (!canvas || !source || typeof Chart === "undefined") {
    return;
  }
  var data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {
      labels: data.labels,
      datasets: [
        { label: "Sebelum", data: data.before, backgroundColor: "#9bb7c4" },
        { label: "Sesudah", data: data.after, backgroundColor: "#0b4f6c" },
      ],
    },
    options: {
      responsive: true,
      animation: false,
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    },
  });
});
