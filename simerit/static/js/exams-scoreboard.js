// Live public scoreboard of an exam sitting: polls the cached JSON board every few seconds and
// redraws the table. Text only (textContent), never HTML from the server. Settings come from the
// json_script tag "papan-skor-config" (no inline script: Content-Security-Policy).
(function () {
  "use strict";

  function cell(tag, text, className) {
    var element = document.createElement(tag);
    element.textContent = text;
    if (className) {
      element.className = className;
    }
    return element;
  }

  function badge(passed) {
    if (passed === true) {
      return cell("span", "Memenuhi ambang batas", "badge text-bg-success");
    }
    if (passed === false) {
      return cell("span", "Tidak memenuhi ambang batas", "badge text-bg-secondary");
    }
    return null;
  }

  function renderRow(row, sections) {
    var tr = document.createElement("tr");
    tr.appendChild(cell("td", row.rank === null ? "—" : String(row.rank), "text-end"));
    var number = cell("th", row.registration_number, "fw-normal font-monospace");
    number.setAttribute("scope", "row");
    tr.appendChild(number);
    tr.appendChild(cell("td", row.name));
    var hasScores = row.scores && Object.keys(row.scores).length > 0;
    sections.forEach(function (code) {
      var value = hasScores && code in row.scores ? String(row.scores[code]) : "—";
      tr.appendChild(cell("td", value, "text-end"));
    });
    tr.appendChild(cell("td", row.total === null ? "—" : String(row.total), "text-end fw-bold"));
    var status = cell("td", row.status_label);
    var mark = badge(row.passed);
    if (mark) {
      status.appendChild(document.createTextNode(" "));
      status.appendChild(mark);
    }
    tr.appendChild(status);
    return tr;
  }

  function render(board) {
    var body = document.getElementById("papan-baris");
    if (!body) {
      return;
    }
    var rows = document.createDocumentFragment();
    board.rows.forEach(function (row) {
      rows.appendChild(renderRow(row, board.sections));
    });
    if (board.rows.length === 0) {
      var empty = cell("td", "Belum ada peserta di sesi ini.", "text-center text-body-secondary");
      empty.setAttribute("colspan", "99");
      var tr = document.createElement("tr");
      tr.appendChild(empty);
      rows.appendChild(tr);
    }
    body.replaceChildren(rows);
    var stamp = document.getElementById("papan-waktu");
    if (stamp) {
      stamp.textContent = board.generated_time;
      stamp.setAttribute("datetime", board.generated_at);
    }
  }

  function showError(visible) {
    var notice = document.getElementById("papan-galat");
    if (notice) {
      notice.classList.toggle("d-none", !visible);
    }
  }

  // The board was closed (404 with the reason) while the page was open: say so, stop polling.
  function showClosed(detail) {
    var notice = document.getElementById("papan-galat");
    if (notice) {
      notice.textContent = detail || "Papan skor sesi ini sudah ditutup.";
      notice.classList.remove("d-none");
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var source = document.getElementById("papan-skor-config");
    if (!source || !window.fetch) {
      return;
    }
    var config = JSON.parse(source.textContent);
    var busy = false;
    var timer = null;

    function refresh() {
      if (busy) {
        return;
      }
      busy = true;
      fetch(config.url, { headers: { Accept: "application/json" }, credentials: "omit" })
        .then(function (response) {
          if (response.status === 404) {
            return response.json().then(function (body) {
              window.clearInterval(timer);
              showClosed(body && body.detail);
              return null;
            });
          }
          if (!response.ok) {
            throw new Error("HTTP " + response.status);
          }
          return response.json();
        })
        .then(function (board) {
          if (board === null) {
            return;
          }
          render(board);
          showError(false);
        })
        .catch(function () {
          showError(true);
        })
        .then(function () {
          busy = false;
        });
    }

    timer = window.setInterval(refresh, config.interval_ms);
  });
})();
