// The exam page (issue #4 item 4): one question at a time, every click saved at once, a countdown
// from the server. The server's answers and deadline are the truth: the page loads them from
// GET /api/v1/exams/attempts/{id} when it is (re)loaded, then keeps its countdown in step with
// GET .../clock (status and time left only) every half minute and whenever it comes back into
// view. The countdown runs the server's remaining_seconds down with the browser's monotonic
// clock (the client's wall clock is never used).
//
// Every click is an event with an increasing `seq`, queued in sessionStorage and sent in order;
// a failed or offline save stays queued and is retried, and a reload sends what was left. A
// resent event is harmless: the server stores (attempt, seq) once.
(function () {
  "use strict";

  var configElement = document.getElementById("exam-config");
  if (!configElement) {
    return;
  }
  var config = JSON.parse(configElement.textContent);
  var STORAGE_KEY = "simerit-exam-" + config.attemptId;
  var RESYNC_MS = 30 * 1000;
  var PAUSE_POLL_MS = 10 * 1000;
  var RETRY_FIRST_MS = 1000;
  var RETRY_MAX_MS = 15 * 1000;
  var ANNOUNCE_AT = { 600: "Sisa waktu 10 menit.", 300: "Sisa waktu 5 menit.", 60: "Sisa waktu 1 menit." };
  var LETTERS = "ABCDEFGHIJ";

  var MESSAGES = {
    saved: "Tersimpan",
    saving: "Menyimpan…",
    retrying: "Belum tersimpan — mencoba lagi",
    locked:
      "Ujian ini telah dibuka di komputer atau peramban lain dengan PIN pindah komputer. Halaman ini " +
      "dikunci dan tidak dapat menyimpan jawaban lagi. Jawaban yang sudah tersimpan tetap aman. Bila " +
      "itu bukan Anda, segera hubungi pengawas.",
    paused: "Ujian sedang dijeda oleh pengawas. Sisa waktu tidak berkurang selama jeda; tunggu hingga dilanjutkan.",
    timeUp: "Waktu habis. Jawaban yang tersimpan sedang dinilai…",
    finishing: "Menyelesaikan ujian…",
    loadFailed: "Soal belum dapat dimuat. Periksa sambungan; halaman mencoba lagi.",
    unsaved: "Masih ada jawaban yang belum tersimpan. Periksa sambungan, tunggu status Tersimpan, lalu coba lagi.",
    finishFailed: "Ujian belum dapat diselesaikan. Periksa sambungan lalu coba lagi.",
    dropped: "Satu jawaban ditolak server dan tidak disimpan.",
  };

  var state = {
    items: [],
    answers: {}, // position (string) -> option key
    flagged: {}, // position (string) -> true
    confirmed: { answers: {}, flagged: {} }, // what the server has acknowledged
    current: 0, // index into items
    lastSeq: 0,
    queue: [], // [{seq, position, kind, option}] not yet acknowledged, in order
    status: "active",
    locked: false,
    finishing: false,
    loaded: false,
  };
  var clock = { endsAt: 0, deadlineMs: null, announced: {} };
  var flushing = null;
  var retryTimer = null;
  var retryDelay = RETRY_FIRST_MS;
  var pauseTimer = null;
  var gridButtons = [];
  var renderedPosition = null;

  function byId(id) {
    return document.getElementById(id);
  }

  // --- Server calls

  function request(method, url, body) {
    var headers = { "X-Exam-Token": config.token, Accept: "application/json" };
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
    }
    return fetch(url, {
      method: method,
      headers: headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: "same-origin",
      cache: "no-store",
    }).then(function (response) {
      return response.text().then(function (text) {
        var data = null;
        try {
          data = text ? JSON.parse(text) : null;
        } catch (error) {
          data = null;
        }
        return { ok: response.ok, status: response.status, data: data, date: response.headers.get("Date") };
      });
    });
  }

  function errorCode(response) {
    return response.data && typeof response.data.code === "string" ? response.data.code : "";
  }

  // Calls that mean this browser no longer holds the attempt.
  function isLockedOut(response) {
    var code = errorCode(response);
    return code === "locked_out" || code === "invalid_token" || response.status === 403;
  }

  function isOver(response) {
    var code = errorCode(response);
    return code === "finished" || code === "deadline_passed";
  }

  // --- Storage of the unsent queue (survives a reload of this tab)

  function loadStored() {
    try {
      var raw = window.sessionStorage.getItem(STORAGE_KEY);
      return raw ? JSON.parse(raw) : null;
    } catch (error) {
      return null;
    }
  }

  function persist() {
    try {
      window.sessionStorage.setItem(
        STORAGE_KEY,
        JSON.stringify({ lastSeq: state.lastSeq, queue: state.queue, current: state.current })
      );
    } catch (error) {
      // Storage full or disabled: the queue still lives in memory until the page closes.
    }
  }

  // --- Clock

  function setRemaining(seconds) {
    clock.endsAt = performance.now() + Math.max(0, seconds) * 1000;
  }

  function remainingSeconds() {
    return Math.max(0, Math.ceil((clock.endsAt - performance.now()) / 1000));
  }

  // After a save: the server's Date header against the server's deadline (both server clocks).
  function resyncFromResponse(response) {
    if (response.data && typeof response.data.remaining_seconds === "number") {
      setRemaining(response.data.remaining_seconds);
      return;
    }
    if (clock.deadlineMs === null || !response.date) {
      return;
    }
    var serverNow = Date.parse(response.date);
    if (isNaN(serverNow)) {
      return;
    }
    // The header has whole seconds (rounded down): adjust only on a real drift.
    var fromServer = (clock.deadlineMs - serverNow) / 1000 - 0.5;
    if (Math.abs(fromServer - (clock.endsAt - performance.now()) / 1000) > 2) {
      setRemaining(fromServer);
    }
  }

  function formatTime(total) {
    var hours = Math.floor(total / 3600);
    var minutes = Math.floor((total % 3600) / 60);
    var seconds = total % 60;
    var pad = function (value) {
      return (value < 10 ? "0" : "") + value;
    };
    return (hours > 0 ? hours + ":" : "") + pad(minutes) + ":" + pad(seconds);
  }

  function tick() {
    var timer = byId("exam-timer");
    if (!state.loaded) {
      return;
    }
    if (state.status === "paused") {
      timer.textContent = "Dijeda";
      return;
    }
    var left = remainingSeconds();
    timer.textContent = formatTime(left);
    timer.classList.toggle("text-danger", left <= 300);
    if (ANNOUNCE_AT[left] && !clock.announced[left]) {
      clock.announced[left] = true;
      byId("exam-announce").textContent = ANNOUNCE_AT[left];
    }
    if (left === 0 && !state.finishing && !state.locked) {
      timeUp();
    }
  }

  // --- Loading and re-syncing the server state

  function applyServerState(data) {
    state.status = data.status;
    clock.deadlineMs = Date.parse(data.deadline);
    if (isNaN(clock.deadlineMs)) {
      clock.deadlineMs = null;
    }
    setRemaining(data.remaining_seconds);
  }

  // The clock call has no deadline: the server's now plus the whole seconds left (rounded down,
  // hence the half second) stands for it, so that a proctor's extension also moves the deadline
  // the save responses' Date header is compared with.
  function applyClock(data) {
    state.status = data.status;
    setRemaining(data.remaining_seconds);
    var serverNow = Date.parse(data.server_now);
    if (data.status === "active" && !isNaN(serverNow)) {
      clock.deadlineMs = serverNow + (data.remaining_seconds + 0.5) * 1000;
    }
  }

  function firstLoad(data) {
    applyServerState(data);
    state.items = data.items;
    state.answers = {};
    Object.keys(data.answers || {}).forEach(function (position) {
      state.answers[String(position)] = data.answers[position];
    });
    state.flagged = {};
    (data.flagged || []).forEach(function (position) {
      state.flagged[String(position)] = true;
    });
    state.confirmed = { answers: Object.assign({}, state.answers), flagged: Object.assign({}, state.flagged) };
    var stored = loadStored() || {};
    var serverSeq = data.last_seq || 0;
    state.lastSeq = Math.max(serverSeq, stored.lastSeq || 0);
    // Clicks the server has not acknowledged are replayed on the screen and sent again.
    state.queue = (stored.queue || []).filter(function (entry) {
      return entry.seq > serverSeq;
    });
    state.queue.forEach(applyLocal);
    if (typeof stored.current === "number" && stored.current >= 0 && stored.current < state.items.length) {
      state.current = stored.current;
    }
    state.loaded = true;
    buildGrid();
    byId("exam-body").classList.remove("d-none");
    render();
    persist();
    tick();
    if (state.status === "paused") {
      showPaused();
    } else {
      flush();
    }
  }

  function load() {
    request("GET", config.stateUrl).then(
      function (response) {
        if (response.ok) {
          if (response.data.status === "finished") {
            window.location.assign(config.resultUrl);
            return;
          }
          firstLoad(response.data);
          return;
        }
        if (isLockedOut(response)) {
          lock();
          return;
        }
        if (isOver(response)) {
          finishAndLeave();
          return;
        }
        setSaveStatus(MESSAGES.loadFailed, "text-danger");
        window.setTimeout(load, 3000);
      },
      function () {
        setSaveStatus(MESSAGES.loadFailed, "text-danger");
        window.setTimeout(load, 3000);
      }
    );
  }

  // Every half minute, when the page comes back into view, and while paused: the server's time
  // left (a proctor may have paused, resumed or extended the attempt), from the clock call.
  function resync() {
    if (!state.loaded || state.locked || state.finishing) {
      return Promise.resolve();
    }
    return request("GET", config.clockUrl).then(
      function (response) {
        if (response.ok) {
          var wasPaused = state.status === "paused";
          applyClock(response.data);
          if (state.status === "finished") {
            window.location.assign(config.resultUrl);
          } else if (state.status === "paused") {
            showPaused();
          } else if (wasPaused) {
            hidePaused();
          }
          tick();
        } else if (isLockedOut(response)) {
          lock();
        } else if (isOver(response)) {
          finishAndLeave();
        }
      },
      function () {
        // Offline: the countdown keeps running from the last sync.
      }
    );
  }

  // --- Recording clicks and sending them in order

  function applyTo(target, entry) {
    var key = String(entry.position);
    if (entry.kind === "a") {
      target.answers[key] = entry.option;
    } else if (entry.kind === "c") {
      delete target.answers[key];
    } else if (entry.kind === "f") {
      target.flagged[key] = true;
    } else if (entry.kind === "u") {
      delete target.flagged[key];
    }
  }

  function applyLocal(entry) {
    applyTo(state, entry);
  }

  function record(kind, position, option) {
    if (state.locked || state.finishing || state.status === "paused") {
      return;
    }
    state.lastSeq += 1;
    var entry = { seq: state.lastSeq, position: position, kind: kind, option: option || "" };
    state.queue.push(entry);
    applyLocal(entry);
    persist();
    render();
    flush();
  }

  function setSaveStatus(text, tone) {
    var element = byId("exam-save-status");
    if (element.textContent !== text) {
      element.textContent = text;
    }
    element.classList.remove("text-success", "text-danger", "text-body-secondary");
    element.classList.add(tone);
  }

  function scheduleRetry() {
    setSaveStatus(MESSAGES.retrying, "text-danger");
    if (retryTimer === null) {
      retryTimer = window.setTimeout(function () {
        retryTimer = null;
        flush();
      }, retryDelay);
      retryDelay = Math.min(retryDelay * 2, RETRY_MAX_MS);
    }
  }

  // Sends the queue head first; resolves when the queue is empty or sending has to wait.
  function flush() {
    if (flushing === null) {
      flushing = pump().then(
        function () {
          flushing = null;
        },
        function () {
          flushing = null;
        }
      );
    }
    return flushing;
  }

  function pump() {
    if (state.locked || state.status === "paused") {
      return Promise.resolve();
    }
    if (!state.queue.length) {
      setSaveStatus(MESSAGES.saved, "text-success");
      return Promise.resolve();
    }
    setSaveStatus(MESSAGES.saving, "text-body-secondary");
    var entry = state.queue[0];
    return request("POST", config.answersUrl, entry).then(
      function (response) {
        if (response.ok) {
          applyTo(state.confirmed, state.queue.shift());
          persist();
          retryDelay = RETRY_FIRST_MS;
          resyncFromResponse(response);
          return pump();
        }
        return refused(response);
      },
      function () {
        scheduleRetry();
      }
    );
  }

  function refused(response) {
    var code = errorCode(response);
    if (isLockedOut(response)) {
      lock();
      return Promise.resolve();
    }
    if (isOver(response)) {
      state.queue = [];
      persist();
      finishAndLeave();
      return Promise.resolve();
    }
    if (code === "paused") {
      state.status = "paused";
      showPaused();
      return Promise.resolve();
    }
    if (code === "seq_conflict") {
      // These numbers were used meanwhile (another tab): renumber the queue after the last one.
      state.queue.forEach(function (entry) {
        state.lastSeq += 1;
        entry.seq = state.lastSeq;
      });
      persist();
      return pump();
    }
    if (code === "invalid_position" || code === "invalid_option") {
      state.queue.shift();
      persist();
      byId("exam-announce").textContent = MESSAGES.dropped;
      return pump();
    }
    scheduleRetry();
    return Promise.resolve();
  }

  // --- Pause, lock, finish

  function showAlert(text, tone) {
    var alert = byId("exam-alert");
    alert.textContent = text;
    alert.classList.remove("d-none", "alert-danger", "alert-warning", "alert-info");
    alert.classList.add(tone);
  }

  function hideAlert() {
    byId("exam-alert").classList.add("d-none");
  }

  function setDisabled(disabled) {
    var body = byId("exam-body");
    Array.prototype.forEach.call(body.querySelectorAll("button, input"), function (control) {
      control.disabled = disabled;
    });
    if (!disabled) {
      render();
    }
  }

  function showPaused() {
    showAlert(MESSAGES.paused, "alert-warning");
    setDisabled(true);
    tick();
    if (pauseTimer === null) {
      pauseTimer = window.setInterval(resync, PAUSE_POLL_MS);
    }
  }

  function hidePaused() {
    if (pauseTimer !== null) {
      window.clearInterval(pauseTimer);
      pauseTimer = null;
    }
    hideAlert();
    setDisabled(false);
    flush();
  }

  function lock() {
    if (state.locked) {
      return;
    }
    state.locked = true;
    state.queue = [];
    persist();
    // Show what the server holds, not the clicks it refused.
    state.answers = Object.assign({}, state.confirmed.answers);
    state.flagged = Object.assign({}, state.confirmed.flagged);
    render();
    showAlert(MESSAGES.locked, "alert-danger");
    setDisabled(true);
    setSaveStatus("Dikunci", "text-danger");
    byId("exam-timer").textContent = "—";
    hideModal();
    byId("exam-alert").focus();
  }

  function hideModal() {
    var modal = byId("finish-modal");
    if (window.bootstrap && modal.classList.contains("show")) {
      window.bootstrap.Modal.getOrCreateInstance(modal).hide();
    }
  }

  function callFinish() {
    return request("POST", config.finishUrl).then(
      function (response) {
        if (response.ok || errorCode(response) === "finished") {
          window.location.assign(config.resultUrl);
          return true;
        }
        if (isLockedOut(response)) {
          lock();
          return true;
        }
        return false;
      },
      function () {
        return false;
      }
    );
  }

  // The deadline passed (or the server said so): finish; the result page finishes it too.
  function finishAndLeave() {
    if (state.locked) {
      return;
    }
    state.finishing = true;
    showAlert(MESSAGES.timeUp, "alert-info");
    setDisabled(true);
    callFinish().then(function (done) {
      if (!done) {
        window.location.assign(config.resultUrl);
      }
    });
  }

  // The countdown reached 0: after sending what is still queued, ask the server, whose clock
  // decides. It closes the attempt once its deadline has passed (a second may remain by its
  // clock), so ask again shortly before finishing from here.
  function timeUp() {
    state.finishing = true;
    showAlert(MESSAGES.timeUp, "alert-info");
    setDisabled(true);
    flush().then(function () {
      checkDeadline(0);
    });
  }

  function checkDeadline(tries) {
    request("GET", config.clockUrl).then(
      function (response) {
        if (!response.ok) {
          if (isLockedOut(response)) {
            lock();
          } else {
            finishAndLeave();
          }
          return;
        }
        var data = response.data;
        if (data.status === "finished") {
          finishAndLeave();
        } else if (data.status === "paused" || data.remaining_seconds > 0) {
          applyClock(data);
          state.finishing = false;
          hideAlert();
          if (state.status === "paused") {
            showPaused();
          } else {
            setDisabled(false);
          }
        } else if (tries < 5) {
          window.setTimeout(function () {
            checkDeadline(tries + 1);
          }, 1000);
        } else {
          finishAndLeave();
        }
      },
      function () {
        window.setTimeout(function () {
          checkDeadline(tries);
        }, 2000);
      }
    );
  }

  function finishSummary() {
    var total = state.items.length;
    var answered = Object.keys(state.answers).length;
    var flagged = Object.keys(state.flagged).length;
    var text = "Anda sudah menjawab " + answered + " dari " + total + " soal. ";
    text += total - answered > 0 ? total - answered + " soal belum dijawab" : "Semua soal sudah dijawab";
    text += flagged > 0 ? " dan " + flagged + " soal masih ditandai ragu-ragu." : ".";
    return text;
  }

  function confirmFinish() {
    if (state.locked || state.finishing) {
      return;
    }
    var error = byId("finish-error");
    var button = byId("finish-confirm");
    error.classList.add("d-none");
    button.disabled = true;
    state.finishing = true;
    setSaveStatus(MESSAGES.finishing, "text-body-secondary");
    flush().then(function () {
      if (state.locked) {
        return;
      }
      if (state.queue.length) {
        state.finishing = false;
        button.disabled = false;
        error.textContent = MESSAGES.unsaved;
        error.classList.remove("d-none");
        return;
      }
      callFinish().then(function (done) {
        if (!done) {
          state.finishing = false;
          button.disabled = false;
          error.textContent = MESSAGES.finishFailed;
          error.classList.remove("d-none");
        }
      });
    });
  }

  // --- Rendering

  function currentItem() {
    return state.items[state.current];
  }

  function go(index, focusHeading) {
    if (index < 0 || index >= state.items.length) {
      return;
    }
    state.current = index;
    persist();
    render();
    if (focusHeading) {
      byId("question-heading").focus();
    }
  }

  function renderText(container, text) {
    container.replaceChildren();
    String(text)
      .split(/\r?\n/)
      .forEach(function (line) {
        var paragraph = document.createElement("p");
        paragraph.className = "mb-2";
        paragraph.textContent = line;
        container.appendChild(paragraph);
      });
  }

  // Rebuilt only when another question is shown, so that a keyboard user keeps the focus on the
  // radio button they just chose.
  function renderOptions(item) {
    var container = byId("question-options");
    var chosen = state.answers[String(item.position)];
    var disabled = state.locked || state.finishing || state.status === "paused";
    if (renderedPosition === item.position) {
      Array.prototype.forEach.call(container.querySelectorAll("input"), function (input) {
        input.checked = input.value === chosen;
        input.disabled = disabled;
      });
      return;
    }
    renderedPosition = item.position;
    container.replaceChildren();
    item.options.forEach(function (option, index) {
      var id = "opsi-" + item.position + "-" + index;
      var label = document.createElement("label");
      label.className = "list-group-item list-group-item-action d-flex gap-3 align-items-start py-3";
      label.htmlFor = id;
      var input = document.createElement("input");
      input.type = "radio";
      input.className = "form-check-input flex-shrink-0 mt-1";
      input.name = "jawaban";
      input.id = id;
      input.value = option.key;
      input.checked = chosen === option.key;
      input.disabled = disabled;
      input.addEventListener("change", function () {
        if (input.checked) {
          record("a", item.position, option.key);
        }
      });
      var letter = document.createElement("strong");
      letter.textContent = (LETTERS.charAt(index) || String(index + 1)) + ".";
      var text = document.createElement("span");
      text.className = "text-break";
      text.textContent = option.text;
      label.append(input, letter, text);
      container.appendChild(label);
    });
  }

  function buildGrid() {
    var grid = byId("question-grid");
    grid.replaceChildren();
    gridButtons = state.items.map(function (item, index) {
      var cell = document.createElement("div");
      cell.className = "col";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn w-100 px-0";
      button.dataset.position = item.position;
      button.addEventListener("click", function () {
        go(index, true);
      });
      cell.appendChild(button);
      grid.appendChild(cell);
      return button;
    });
  }

  function renderGrid() {
    var answeredCount = 0;
    var flaggedCount = 0;
    state.items.forEach(function (item, index) {
      var key = String(item.position);
      var answered = Object.prototype.hasOwnProperty.call(state.answers, key);
      var flagged = Boolean(state.flagged[key]);
      var current = index === state.current;
      answeredCount += answered ? 1 : 0;
      flaggedCount += flagged ? 1 : 0;
      var button = gridButtons[index];
      var tone = flagged ? "btn-warning" : answered ? "btn-success" : "btn-outline-secondary";
      button.className = "btn w-100 px-0 " + tone + (current ? " border-3 border-primary fw-bold" : "");
      button.textContent = item.position + (flagged ? " ?" : answered ? " ✓" : "");
      var words = ["Soal " + item.position, answered ? "dijawab" : "belum dijawab"];
      if (flagged) {
        words.push("ragu-ragu");
      }
      if (current) {
        words.push("sedang dibuka");
        button.setAttribute("aria-current", "true");
      } else {
        button.removeAttribute("aria-current");
      }
      button.setAttribute("aria-label", words.join(", "));
      button.dataset.state = [answered ? "answered" : "blank", flagged ? "flagged" : ""].join(" ").trim();
    });
    var total = state.items.length;
    byId("grid-summary").textContent =
      "Dijawab " + answeredCount + " · ragu-ragu " + flaggedCount + " · belum " + (total - answeredCount);
  }

  function render() {
    if (!state.loaded || !state.items.length) {
      return;
    }
    var item = currentItem();
    var key = String(item.position);
    var disabled = state.locked || state.finishing || state.status === "paused";
    byId("question-section").textContent = item.section_name;
    byId("question-number").textContent = item.position;
    byId("question-count").textContent = state.items.length;
    byId("options-legend").textContent = "Pilihan jawaban soal " + item.position;
    renderText(byId("question-text"), item.text);
    var image = byId("question-image");
    if (item.image_url) {
      image.src = item.image_url;
      image.alt = "Gambar untuk soal " + item.position;
      image.classList.remove("d-none");
    } else {
      image.removeAttribute("src");
      image.alt = "";
      image.classList.add("d-none");
    }
    renderOptions(item);
    var flag = byId("btn-flag");
    var flagged = Boolean(state.flagged[key]);
    flag.setAttribute("aria-pressed", flagged ? "true" : "false");
    flag.classList.toggle("btn-warning", flagged);
    flag.classList.toggle("btn-outline-dark", !flagged);
    flag.textContent = flagged ? "Ragu-ragu ✓" : "Ragu-ragu";
    byId("btn-prev").disabled = disabled || state.current === 0;
    byId("btn-next").disabled = disabled || state.current === state.items.length - 1;
    byId("btn-clear").disabled = disabled || !Object.prototype.hasOwnProperty.call(state.answers, key);
    flag.disabled = disabled;
    byId("btn-finish").disabled = disabled;
    renderGrid();
  }

  // --- Integrity events: logged for the proctor, never blocking the participant

  function report(kind) {
    if (!state.loaded || state.locked || state.finishing) {
      return;
    }
    var item = currentItem();
    try {
      fetch(config.eventsUrl, {
        method: "POST",
        headers: { "X-Exam-Token": config.token, "Content-Type": "application/json" },
        body: JSON.stringify({ kind: kind, detail: { position: item ? item.position : null } }),
        credentials: "same-origin",
        keepalive: true,
      }).catch(function () {
        // Never blocking: a lost report is not retried.
      });
    } catch (error) {
      // Same.
    }
  }

  // --- Wiring

  function bind() {
    byId("btn-prev").addEventListener("click", function () {
      go(state.current - 1, true);
    });
    byId("btn-next").addEventListener("click", function () {
      go(state.current + 1, true);
    });
    byId("btn-flag").addEventListener("click", function () {
      var position = currentItem().position;
      record(state.flagged[String(position)] ? "u" : "f", position, "");
    });
    byId("btn-clear").addEventListener("click", function () {
      record("c", currentItem().position, "");
    });
    byId("finish-modal").addEventListener("show.bs.modal", function () {
      byId("finish-summary").textContent = finishSummary();
      byId("finish-error").classList.add("d-none");
      byId("finish-confirm").disabled = false;
    });
    byId("finish-confirm").addEventListener("click", confirmFinish);
    window.addEventListener("online", function () {
      retryDelay = RETRY_FIRST_MS;
      flush();
    });
    // A reload or leaving the page fires pagehide before the page turns hidden: that is not
    // the participant looking elsewhere, so it is not reported to the proctor.
    var leaving = false;
    window.addEventListener("pagehide", function () {
      leaving = true;
    });
    window.addEventListener("pageshow", function () {
      leaving = false;
    });
    window.addEventListener("blur", function () {
      if (!leaving) {
        report("focus_lost");
      }
    });
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") {
        if (!leaving) {
          report("hidden");
        }
      } else {
        resync();
      }
    });
    document.addEventListener("paste", function () {
      report("paste");
    });
    window.setInterval(tick, 500);
    window.setInterval(resync, RESYNC_MS);
  }

  bind();
  load();
})();
