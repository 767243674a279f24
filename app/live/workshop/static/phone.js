// Waymark workshop phone page: one WebSocket to the facilitator's machine, no other network use.
// Participant text is only ever set with textContent (never parsed as HTML).
"use strict";
(function () {
  var KINDS = [["pain_point", "Pain point"], ["opportunity", "Idea"], ["thought", "Thought"],
               ["question", "Question"], ["touchpoint", "Touchpoint"]];
  var KIND_OF_LANE = {touchpoints: "touchpoint", actions: "touchpoint", backstage: "touchpoint", thoughts: "thought",
                      text: "question", pain_points: "pain_point", opportunities: "opportunity"};
  var PHASES = {collect: "Collect", vote: "Vote", review: "Review"};
  var FEELINGS = {"-2": "frustrated", "-1": "annoyed", "0": "neutral", "1": "pleased", "2": "delighted"};
  var STATUS = {pending: "Waiting for the facilitator", accepted: "On the map", merged: "Merged into a card",
                dismissed: "Not taken", withdrawn: "Withdrawn"};

  var code = (new URLSearchParams(location.search).get("code") || "").toUpperCase();
  var store = {
    get: function (k) { try { return localStorage.getItem("waymark." + code + "." + k); } catch (e) { return null; } },
    set: function (k, v) { try { localStorage.setItem("waymark." + code + "." + k, v); } catch (e) { /* private mode */ } }
  };
  var $ = function (id) { return document.getElementById(id); };
  var el = function (tag, cls, text) {
    var n = document.createElement(tag);
    if (cls) n.className = cls;
    if (text !== undefined) n.textContent = text;
    return n;
  };

  var ws = null, backoff = 500, retryTimer = null, session = null, board = null, you = null;
  var outbox = JSON.parse(store.get("outbox") || "[]");  // messages not yet acknowledged, sent again on reconnect
  var editing = null, clockBase = null, ended = false;

  function newId() {
    var a = new Uint8Array(12);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }

  // ------------------------------------------------------------------ connection
  function connect() {
    if (ended) return;
    clearTimeout(retryTimer);
    var proto = location.protocol === "https:" ? "wss://" : "ws://";
    ws = new WebSocket(proto + location.host + "/ws?code=" + encodeURIComponent(code));
    setLink("Connecting…", false);
    ws.onopen = function () {
      ws.send(JSON.stringify({type: "hello", token: store.get("token"), name: $("name").value.trim()}));
    };
    ws.onmessage = function (ev) {
      var m;
      try { m = JSON.parse(ev.data); } catch (e) { return; }
      receive(m);
    };
    ws.onclose = function (ev) {
      ws = null;
      if (ended) return;
      if (ev.code === 4403 || ev.code === 4400) { setLink("Not connected", true); return; }
      setLink("Reconnecting…", true);
      retryTimer = setTimeout(connect, backoff + Math.random() * 300);
      backoff = Math.min(backoff * 2, 10000);
    };
  }
  function send(message) {
    message.ref = message.ref || newId();
    outbox = outbox.filter(function (m) { return m.ref !== message.ref; });
    if (message.type === "note" || message.type === "withdraw" || message.type === "vote") {
      outbox.push(message);
      store.set("outbox", JSON.stringify(outbox));
    }
    if (ws && ws.readyState === 1) ws.send(JSON.stringify(message));
  }
  function settle(ref) {
    var before = outbox.length;
    outbox = outbox.filter(function (m) { return m.ref !== ref; });
    if (outbox.length !== before) store.set("outbox", JSON.stringify(outbox));
  }
  function setLink(text, bad) { $("link").textContent = text; $("link").className = bad ? "link bad" : "link"; }
  function notice(text) { $("notice").textContent = text; $("notice").hidden = !text; }

  function receive(m) {
    if (m.type === "welcome") {
      backoff = 500;
      store.set("token", m.token);
      board = m.board; session = m.session; you = m.you;
      setLink("Connected", false);
      if (you.name && !$("name").value) $("name").value = you.name;
      renderAll();
      outbox.forEach(function (msg) { ws.send(JSON.stringify(msg)); });
    } else if (m.type === "ack") {
      settle(m.ref);
      if (m.you) you = m.you;
      if (m.what === "note") {
        upsertNote(m.note);
        if (editing === m.id) stopEditing();
      }
      if (m.what === "rate") { you.ratings[m.stage] = m.score; if (m.score === null) delete you.ratings[m.stage]; }
      renderYou();
    } else if (m.type === "error") {
      settle(m.ref);
      $("form-error").textContent = m.message;
      $("form-error").hidden = false;
      notice(m.message);
      setTimeout(function () { notice(""); }, 5000);
    } else if (m.type === "you") {
      you = m.you; renderYou();
    } else if (m.type === "session") {
      session = m.session; renderSession();
    } else if (m.type === "board") {
      board = m.board; renderBoard(); renderYou();
    } else if (m.type === "removed" || m.type === "refused" || m.type === "ended") {
      ended = true;
      notice(m.message);
      setLink("Not connected", true);
      setDisabled(true);
    }
  }
  function upsertNote(note) {
    var found = false;
    you.notes.forEach(function (n, i) { if (n.id === note.id) { you.notes[i] = note; found = true; } });
    if (!found) you.notes.push(note);
  }

  // ------------------------------------------------------------------ rendering
  function renderAll() { renderBoard(); renderSession(); renderYou(); }

  function stageName(id) {
    var s = (board.stages || []).filter(function (x) { return x.id === id; })[0];
    return s ? s.name : "(a stage no longer on the map)";
  }
  function laneTitle(kind) {
    var l = (board.lanes || []).filter(function (x) { return x.kind === kind; })[0];
    return l ? l.title : "";
  }

  function renderBoard() {
    $("title").textContent = board.title || "Waymark workshop";
    document.title = (board.title || "Workshop") + " · Waymark";
    fillSelect($("stage"), board.stages.map(function (s) { return [s.id, s.name]; }), null);
    fillSelect($("lane"), board.lanes.map(function (l) { return [l.kind, l.title]; }), "Whole stage");
  }
  function fillSelect(select, options, emptyLabel) {
    var keep = select.value;
    select.textContent = "";
    if (emptyLabel) select.appendChild(new Option(emptyLabel, ""));
    options.forEach(function (o) { select.appendChild(new Option(o[1], o[0])); });
    if (keep && options.some(function (o) { return o[0] === keep; })) select.value = keep;
  }

  function secondsLeft() {
    if (!clockBase) return null;
    var left = clockBase.left - (clockBase.running ? (Date.now() - clockBase.at) / 1000 : 0);
    return Math.max(0, Math.ceil(left));
  }
  // Time is up when the server says so, or when a running countdown reaches 0 here (the server's
  // word follows within a moment; it refuses late contributions either way).
  function timeUp() {
    if (!session) return false;
    if (session.time_up) return true;
    return !!(clockBase && clockBase.running && secondsLeft() === 0);
  }
  function notesOpen() { return !!session && session.phase === "collect" && !session.locked && !timeUp(); }
  function votesOpen() { return !!session && session.phase !== "review" && !session.locked && !timeUp(); }
  var shownTimeUp = false;

  function renderSession() {
    if (!session) return;
    clockBase = session.seconds_left === null ? null : {left: session.seconds_left, at: Date.now(),
                                                        running: session.timer_running};
    tick();
    applyOpenness();
  }
  function applyOpenness() {
    var up = timeUp();
    shownTimeUp = up;
    $("phase").textContent = (PHASES[session.phase] || session.phase) +
      (session.locked ? " · paused" : up ? " · closed" : "");
    var notes = notesOpen(), votes = votesOpen();
    $("send").disabled = !notes;
    $("send").title = notes ? "" : up ? "Time is up" : "Notes are closed in this phase";
    document.querySelectorAll("#ratings button").forEach(function (b) { b.disabled = !votes; });
    document.querySelectorAll("#cards button").forEach(function (b) {
      b.disabled = !votes || (b.dataset.need === "dot" && you && you.dots_left <= 0) ||
                   (b.dataset.need === "mine" && !(you && you.votes[b.dataset.card]));
    });
    if (session.locked) notice("The facilitator has paused contributions for a moment.");
    else if (up) notice("Time is up. The facilitator will add time or move to the next phase.");
    else if (/paused|Time is up/.test($("notice").textContent)) notice("");
  }
  function tick() {
    var clock = $("clock");
    var left = secondsLeft();
    if (left === null) { clock.textContent = "–:––"; clock.className = "clock"; return; }
    var up = timeUp();
    var text = up ? "Time is up" : Math.floor(left / 60) + ":" + ("0" + (left % 60)).slice(-2);
    clock.textContent = text;
    clock.setAttribute("aria-label", up ? "Time is up" : "Time left: " + text + (clockBase.running ? "" : " (paused)"));
    clock.className = up ? "clock up" : left <= 60 ? "clock low" : "clock";
    if (up !== shownTimeUp && session) applyOpenness();
  }

  function renderYou() {
    if (!you || !board) return;
    renderRatings();
    renderCards();
    renderNotes();
  }

  function renderRatings() {
    var box = $("ratings");
    box.textContent = "";
    var open = votesOpen();
    board.stages.forEach(function (s) {
      var row = el("div", "stage-rate");
      row.appendChild(el("div", "name", s.name));
      var scale = el("div", "scale");
      scale.setAttribute("role", "group");
      scale.setAttribute("aria-label", "How the customer feels at " + s.name);
      [-2, -1, 0, 1, 2].forEach(function (score) {
        var label = score > 0 ? "+" + score : score < 0 ? "\u2212" + (-score) : "0";
        var b = el("button", "", label);
        b.type = "button";
        var pressed = you.ratings[s.id] === score;
        b.setAttribute("aria-pressed", pressed ? "true" : "false");
        b.setAttribute("aria-label", "Rate " + s.name + " " + label + " (" + FEELINGS[String(score)] + ")");
        b.disabled = !open;
        b.onclick = function () {
          var next = you.ratings[s.id] === score ? null : score;
          if (next === null) delete you.ratings[s.id]; else you.ratings[s.id] = next;
          renderRatings();
          send({type: "rate", stage: s.id, score: next});
        };
        scale.appendChild(b);
      });
      row.appendChild(scale);
      box.appendChild(row);
    });
  }

  function renderCards() {
    var box = $("cards");
    box.textContent = "";
    var budget = session ? session.budget : 0;
    $("dots").textContent = "Dots left: " + you.dots_left + " of " + budget;
    var open = votesOpen();
    if (!board.cards.length) {
      box.appendChild(el("p", "empty", "No pain points or ideas on the map yet."));
      return;
    }
    board.cards.forEach(function (c) {
      var row = el("div", "card");
      var head = el("div", "meta");
      head.appendChild(el("span", "tag " + c.kind, c.kind === "pain_point" ? "Pain point" : "Idea"));
      head.appendChild(document.createTextNode(stageName(c.stage)));
      row.appendChild(head);
      row.appendChild(el("div", "text", c.text));
      var mine = you.votes[c.id] || 0;
      var minus = el("button", "", "\u2212");
      minus.type = "button";
      minus.setAttribute("aria-label", "Take back a dot from " + c.text);
      minus.disabled = !open || !mine;
      minus.dataset.need = "mine"; minus.dataset.card = c.id;
      minus.onclick = function () { send({type: "vote", card: c.id, delta: -1}); };
      var count = el("span", "mydots", String(mine));
      count.setAttribute("aria-label", mine + " of your dots on " + c.text);
      var plus = el("button", "primary", "+ dot");
      plus.type = "button";
      plus.setAttribute("aria-label", "Vote for " + c.text);
      plus.disabled = !open || you.dots_left <= 0;
      plus.dataset.need = "dot";
      plus.onclick = function () { send({type: "vote", card: c.id, delta: 1}); };
      var controls = el("div", "controls");
      controls.appendChild(el("span", "hint", "Your dots"));
      controls.appendChild(minus); controls.appendChild(count); controls.appendChild(plus);
      row.appendChild(controls);
      box.appendChild(row);
    });
  }

  function renderNotes() {
    var list = $("my-notes");
    list.textContent = "";
    var notes = you.notes.slice().reverse();
    if (!notes.length) { list.appendChild(el("li", "empty", "Your notes will appear here.")); return; }
    notes.forEach(function (n) {
      var li = el("li");
      var kind = KINDS.filter(function (k) { return k[0] === n.kind; })[0];
      li.appendChild(el("div", "meta", (kind ? kind[1] : n.kind) + " · " + stageName(n.stage) +
                                      (n.lane ? " · " + laneTitle(n.lane) : "")));
      li.appendChild(el("div", "body", n.text));
      li.appendChild(el("div", "status " + n.status, STATUS[n.status] || n.status));
      if (n.status === "pending") {
        var row = el("div", "row");
        var edit = el("button", "", "Edit");
        edit.type = "button";
        edit.setAttribute("aria-label", "Edit note: " + n.text.slice(0, 60));
        edit.onclick = function () { startEditing(n); };
        var withdraw = el("button", "plain", "Withdraw");
        withdraw.type = "button";
        withdraw.setAttribute("aria-label", "Withdraw note: " + n.text.slice(0, 60));
        withdraw.onclick = function () {
          you.notes = you.notes.filter(function (x) { return x.id !== n.id; });
          renderNotes();
          send({type: "withdraw", id: n.id});
        };
        row.appendChild(edit); row.appendChild(withdraw);
        li.appendChild(row);
      }
      list.appendChild(li);
    });
  }

  // ------------------------------------------------------------------ the note form
  function buildKinds() {
    var box = $("kinds");
    KINDS.forEach(function (k, i) {
      var label = el("label", "chip");
      var input = document.createElement("input");
      input.type = "radio"; input.name = "kind"; input.value = k[0];
      if (i === 0) input.checked = true;
      label.appendChild(input);
      label.appendChild(el("span", "", k[1]));
      box.appendChild(label);
    });
  }
  function kindValue() {
    var checked = document.querySelector("input[name=kind]:checked");
    return checked ? checked.value : "thought";
  }
  function setKind(kind) {
    document.querySelectorAll("input[name=kind]").forEach(function (i) { i.checked = i.value === kind; });
  }
  function startEditing(n) {
    editing = n.id;
    $("note").value = n.text; $("stage").value = n.stage; $("lane").value = n.lane; setKind(n.kind);
    $("send").textContent = "Save changes";
    $("cancel-edit").hidden = false;
    updateCount();
    $("note").focus();
  }
  function stopEditing() {
    editing = null;
    $("note").value = "";
    $("send").textContent = "Send";
    $("cancel-edit").hidden = true;
    updateCount();
  }
  function updateCount() { $("count").textContent = $("note").value.length + " / 500"; }
  function setDisabled(off) {
    document.querySelectorAll("button, input, textarea, select").forEach(function (n) { n.disabled = off; });
  }

  $("note-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var text = $("note").value.trim();
    $("form-error").hidden = true;
    if (!text) { $("form-error").textContent = "Write a note first."; $("form-error").hidden = false; return; }
    var id = editing || newId();
    var note = {id: id, stage: $("stage").value, lane: $("lane").value, kind: kindValue(), text: text, status: "pending"};
    upsertNote(note);
    renderNotes();
    send({type: "note", id: id, stage: note.stage, lane: note.lane, kind: note.kind, text: text});
    if (!editing) $("note").value = "";
    updateCount();
  });
  $("cancel-edit").addEventListener("click", stopEditing);
  $("note").addEventListener("input", updateCount);
  $("lane").addEventListener("change", function () {
    var kind = KIND_OF_LANE[$("lane").value];
    if (kind) setKind(kind);
  });
  var nameTimer = null, sentName = null;
  function sendName() {
    clearTimeout(nameTimer);
    var name = $("name").value.trim();
    if (name !== sentName) { sentName = name; send({type: "name", name: name}); }
  }
  $("name").addEventListener("input", function () { clearTimeout(nameTimer); nameTimer = setTimeout(sendName, 400); });
  $("name").addEventListener("change", sendName);
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && !ws && !ended) { backoff = 500; connect(); }
  });
  window.addEventListener("online", function () { if (!ws && !ended) { backoff = 500; connect(); } });
  setInterval(tick, 500);

  buildKinds();
  if (!code) { notice("This page needs the join code: scan the QR code again."); return; }
  connect();
})();
