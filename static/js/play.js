/* Quiz AICT: the participant's phone.
 *
 * Two pages use this file:
 *  - "/" (body[data-screen="home"]): the PIN form, which navigates to /join/<pin>;
 *  - "/join/<pin>": a single-page app driven by Socket.IO (protocol v1).
 * No framework, no build step, no inline script (CSP script-src 'self').
 */
(function () {
  'use strict';

  var I = window.I18N || {
    lang: 'fr',
    t: function (key) { return key; },
    pick: function (v) { return v && typeof v === 'object' ? (v.fr || '') : String(v || ''); },
    apply: function () {}
  };
  var t = function (key, params) { return I.t(key, params); };

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  /* ================================================================= home: PIN form */

  var pinForm = $('pin-form');
  if (pinForm) {
    var pinInput = $('pin-input');
    var pinError = $('pin-error');
    pinInput.addEventListener('input', function () {
      var digits = pinInput.value.replace(/\D+/g, '').slice(0, 6);
      if (digits !== pinInput.value) { pinInput.value = digits; }
      pinError.hidden = true;
    });
    pinForm.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var digits = pinInput.value.replace(/\D+/g, '');
      if (!/^\d{6}$/.test(digits)) {
        pinError.textContent = t('index.pin_invalid');
        pinError.hidden = false;
        pinInput.focus();
        return;
      }
      window.location.href = '/join/' + encodeURIComponent(digits);
    });
    return;
  }

  /* ================================================================= join page */

  var body = document.body;
  var PIN = body.getAttribute('data-pin') || '';
  if (body.getAttribute('data-game-exists') !== 'true') { return; }
  if (typeof window.io !== 'function') { return; }

  var STORAGE_KEY = 'quiz.player.' + PIN;
  var ANSWER_RETRY_MS = 5000;
  var JOIN_TIMEOUT_MS = 10000;
  var SHAPES = ['triangle', 'diamond', 'circle', 'square', 'star', 'hexagon'];
  var LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];
  var MULTI_TYPES = ['multiple', 'multi', 'multi_select', 'multiple_answers', 'checkbox', 'checkboxes'];
  var VALUE_TYPES = ['text', 'typed', 'number', 'numeric', 'open', 'free_text', 'value', 'input'];

  var S = {
    joined: false,          // this socket is known to the server as a player
    playerId: null,
    nickname: '',
    recoveryCode: '',       // 4 letters that bring this player back on another device
    score: 0,
    rank: null,
    phase: null,            // last game state heard of
    question: null,         // last `question` payload
    questionSeq: 0,         // event counter when that question arrived
    seq: 0,                 // counts inbound game events, to tell fresh data from stale
    deadline: 0,
    frozenMs: null,         // remaining time while paused
    tickTimer: null,
    announced: {},
    selected: [],           // choice ids picked (multi-select questions)
    answer: null,           // {index, payload, status, acked, attempts, timer, choiceIds}
    team: null,             // my team's name, when the game has teams
    reveal: null,
    result: null,
    leaderboard: null,
    leaderboardSeq: -1,
    podium: null,
    final: null,
    view: null,
    roundTripMs: null,      // the server's measure of our network round trip (clock probes)
    // Accommodation given by the host (extra time, no speed), and this phone's own time to
    // answer the current question ({index, ms}) when it differs from the hall's.
    timeFactor: 1,
    noSpeed: false,
    ownLimit: null
  };

  /* ----------------------------------------------------------------- storage */

  // A memory copy keeps resume working where localStorage is unavailable (private mode).
  var memoryStore = null;

  function loadStored() {
    try {
      var raw = window.localStorage.getItem(STORAGE_KEY);
      var data = raw ? JSON.parse(raw) : null;
      if (data && data.token) { return data; }
    } catch (e) { /* fall through to the memory copy */ }
    return memoryStore && memoryStore.token ? memoryStore : null;
  }

  function saveStored(patch) {
    var data = loadStored() || {};
    Object.keys(patch).forEach(function (k) { data[k] = patch[k]; });
    memoryStore = data;
    try { window.localStorage.setItem(STORAGE_KEY, JSON.stringify(data)); } catch (e) { /* ignore */ }
  }

  function clearStored() {
    memoryStore = null;
    try { window.localStorage.removeItem(STORAGE_KEY); } catch (e) { /* ignore */ }
  }

  /* ----------------------------------------------------------------- views */

  var VIEWS = ['nogame', 'join', 'lobby', 'wait', 'question', 'reveal', 'leaderboard',
    'paused', 'finished', 'kicked'];

  /** Show one view; `screen` is what body[data-screen] reports (defaults to the view name). */
  function show(view, screen) {
    VIEWS.forEach(function (name) {
      var node = $('view-' + name);
      if (node) { node.hidden = name !== view; }
    });
    if (S.view !== view) { window.scrollTo(0, 0); }
    S.view = view;
    body.setAttribute('data-screen', screen || view);
    $('player-bar').hidden = !S.joined || view === 'join' || view === 'kicked';
  }

  var waitKey = 'wait.next';

  function showWait(screen, textKey) {
    waitKey = textKey || 'wait.next';
    $('wait-text').textContent = t(waitKey);
    show('wait', screen);
  }

  function updatePlayerBar() {
    $('player-nickname').textContent = S.nickname || '';
    $('player-score').textContent = formatNumber(S.score || 0);
    $('lobby-nickname').textContent = S.nickname || '';
    var lines = document.querySelectorAll('.recovery-line');
    for (var i = 0; i < lines.length; i++) {
      lines[i].hidden = !S.recoveryCode;
      lines[i].querySelector('.recovery-code').textContent = S.recoveryCode || '';
    }
  }

  /** Scores are shown as plain digits (no locale grouping): easy to read, easy to test. */
  function formatNumber(n) {
    return String(Math.round(Number(n) || 0));
  }

  function rankText(rank) {
    if (rank === null || rank === undefined || rank === '') { return '–'; }
    if (I.lang === 'fr') { return Number(rank) === 1 ? '1re' : rank + 'e'; }
    var n = Number(rank);
    var suffix = 'th';
    if (n % 100 < 11 || n % 100 > 13) {
      suffix = ({ 1: 'st', 2: 'nd', 3: 'rd' })[n % 10] || 'th';
    }
    return n + suffix;
  }

  /** Show an ordinal rank ("3e", "3rd"); data-rank keeps the bare number for scripts. */
  function setRank(node, rank) {
    node.textContent = rankText(rank);
    if (rank === null || rank === undefined || rank === '') {
      node.removeAttribute('data-rank');
    } else {
      node.setAttribute('data-rank', String(rank));
    }
  }

  function stateName(state) {
    if (state && typeof state === 'object') { return state.state || null; }
    return state || null;
  }

  /* ----------------------------------------------------------------- connection */

  var banner = $('connection-banner');
  var everConnected = false;
  var failedConnects = 0;

  var socket = window.io({
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000
  });

  socket.on('connect', function () {
    everConnected = true;
    failedConnects = 0;
    banner.hidden = true;
    body.removeAttribute('data-offline');
    S.joined = false;
    var stored = loadStored();
    if (stored) {
      resume(stored);
    } else if (S.view === 'join' || S.view === null) {
      show('join');
    }
  });

  var kicked = false;

  socket.on('disconnect', function (reason) {
    S.joined = false;
    if (kicked) { return; }
    banner.hidden = false;
    body.setAttribute('data-offline', 'true');
    // socket.io does not reconnect by itself after a server-side disconnect.
    if (reason === 'io server disconnect') {
      setTimeout(function () { if (!kicked && !socket.connected) { socket.connect(); } }, 1000);
    }
  });

  socket.on('connect_error', function () {
    failedConnects += 1;
    // WebSocket blocked by the venue's network: fall back to long-polling first.
    if (failedConnects >= 2 && socket.io && socket.io.opts) {
      socket.io.opts.transports = ['polling', 'websocket'];
    }
    if (everConnected || failedConnects >= 2) {
      banner.hidden = false;
      body.setAttribute('data-offline', 'true');
    }
  });

  var resumeSeq = 0;

  /** Identify this socket as the stored player; only the latest attempt's answer counts. */
  function resume(stored) {
    var attempt = ++resumeSeq;
    var timer = setTimeout(function () {
      if (attempt !== resumeSeq) { return; }
      // No answer in time (busy server, lost packet): ask again while connected.
      var again = loadStored();
      if (socket.connected && again) { resume(again); }
    }, JOIN_TIMEOUT_MS);
    socket.emit('player:resume', { pin: PIN, token: stored.token }, function (res) {
      if (attempt !== resumeSeq || !res || typeof res !== 'object') { return; }
      resumeSeq += 1;
      clearTimeout(timer);
      if (res.ok) {
        playerBack(res, stored);
        return;
      }
      var code = res && res.error ? res.error.code : null;
      if (code === 'unknown_player' || code === 'unknown_game') {
        clearStored();
        S.joined = false;
        S.playerId = null;
        showJoinError(res.error.message);
        show('join');
      } else if (res && res.error) {
        showJoinError(res.error.message || t('error.generic'));
        show('join');
      }
    });
  }

  /** The server took this socket back as a known player (resume or recovery code). */
  function playerBack(res, stored) {
    S.joined = true;
    S.playerId = res.player_id || stored.player_id;
    S.nickname = res.nickname || stored.nickname || '';
    S.recoveryCode = res.recovery_code || stored.recovery_code || S.recoveryCode;
    if (res.team) { S.team = res.team; }
    if (typeof res.score === 'number') { S.score = res.score; }
    if (typeof res.time_factor === 'number') {
      S.timeFactor = res.time_factor;
      S.noSpeed = res.no_speed === true;
      renderOwnTime();
    }
    var patch = { player_id: S.playerId, nickname: S.nickname, recovery_code: S.recoveryCode };
    if (res.token) { patch.token = res.token; }
    saveStored(patch);
    updatePlayerBar();
    // The server says the open question already has this player's answer.
    if (res.answered === true && S.question && !(S.answer && S.answer.status === 'sent')) {
      var kept = loadStored() || {};
      stopAnswerRetry();
      S.answer = {
        index: S.question.index, status: 'sent', acked: true,
        choiceIds: kept.answered === S.question.index && kept.choices ? kept.choices : []
      };
    }
    enterState(stateName(res.state), null, true);
    retryPendingAnswer();
  }

  /* ----------------------------------------------------------------- join form */

  var joinForm = $('join-form');
  var joinBtn = $('btn-join');
  var nicknameInput = $('nickname');
  var teamSelect = $('team');
  var teamFree = $('team-free');
  var joinPending = false;

  function showJoinError(message) {
    var box = $('join-error');
    if (!message) { box.hidden = true; box.textContent = ''; return; }
    box.textContent = message;
    box.hidden = false;
  }

  function setJoinBusy(busy) {
    joinPending = busy;
    joinBtn.disabled = busy;
    joinBtn.textContent = t(busy ? 'join.sending' : 'join.submit');
    joinBtn.setAttribute('aria-busy', busy ? 'true' : 'false');
  }

  joinForm.addEventListener('submit', function (ev) {
    ev.preventDefault();
    if (joinPending) { return; }
    var nickname = nicknameInput.value.replace(/\s+/g, ' ').trim().slice(0, 24);
    if (!nickname) {
      showJoinError(t('join.nickname_required'));
      nicknameInput.focus();
      return;
    }
    var payload = { pin: PIN, nickname: nickname, lang: I.lang };
    var team = '';
    if (teamFree && teamFree.value.trim()) {
      team = teamFree.value.replace(/\s+/g, ' ').trim();
    } else if (teamSelect && teamSelect.value) {
      team = teamSelect.value;
    }
    if (team) { payload.team = team; }
    if (!socket.connected) {
      showJoinError(t('join.offline'));
      return;
    }
    showJoinError('');
    setJoinBusy(true);
    var done = false;
    var timer = setTimeout(function () {
      done = true;
      setJoinBusy(false);
      showJoinError(t('join.no_answer'));
    }, JOIN_TIMEOUT_MS);
    socket.emit('player:join', payload, function (res) {
      if (done) { return; }
      done = true;
      clearTimeout(timer);
      setJoinBusy(false);
      if (res && res.ok) {
        S.joined = true;
        S.playerId = res.player_id;
        S.nickname = nickname;
        S.recoveryCode = res.recovery_code || '';
        S.score = 0;
        S.team = team || null;
        saveStored({ player_id: res.player_id, token: res.token, nickname: nickname,
          recovery_code: S.recoveryCode });
        updatePlayerBar();
        enterState(stateName(res.state) || 'lobby', null, true);
        return;
      }
      var err = res && res.error ? res.error : {};
      showJoinError(err.message || t('error.generic'));
      if (err.code === 'unknown_game') { show('nogame'); return; }
      nicknameInput.focus();
    });
  });

  // "Proposez-moi un pseudo": the server suggests a friendly, unused-looking nickname.
  var suggestBtn = $('btn-suggest');
  if (suggestBtn) {
    suggestBtn.addEventListener('click', function () {
      if (!socket.connected) { showJoinError(t('join.offline')); return; }
      suggestBtn.disabled = true;
      suggestBtn.textContent = t('kinds.join.suggesting');
      socket.emit('player:nickname', {}, function (res) {
        suggestBtn.disabled = false;
        suggestBtn.textContent = t('kinds.join.suggest');
        if (res && res.ok && res.nickname) {
          nicknameInput.value = res.nickname;
          showJoinError('');
        } else {
          showJoinError(res && res.error ? res.error.message : t('error.generic'));
        }
      });
    });
  }

  /* ----------------------------------------------------------------- recovery code */

  var recoverForm = $('recover-form');
  var recoverInput = $('recover-code');
  var recoverBtn = $('btn-recover');
  var recoverPending = false;

  function showRecoverError(message) {
    var box = $('recover-error');
    box.textContent = message || '';
    box.hidden = !message;
  }

  /** Switch the join card between the nickname form and the recovery-code form. */
  function showRecoverForm(on) {
    joinForm.hidden = on;
    recoverForm.hidden = !on;
    showRecoverError('');
    (on ? recoverInput : nicknameInput).focus();
  }

  $('recover-link').addEventListener('click', function (ev) {
    ev.preventDefault();
    showRecoverForm(true);
  });
  $('recover-cancel').addEventListener('click', function (ev) {
    ev.preventDefault();
    showRecoverForm(false);
  });

  recoverForm.addEventListener('submit', function (ev) {
    ev.preventDefault();
    if (recoverPending) { return; }
    var code = recoverInput.value.replace(/[\s-]+/g, '').toUpperCase();
    if (!/^[A-Z]{4}$/.test(code)) {
      showRecoverError(t('recover.invalid'));
      recoverInput.focus();
      return;
    }
    if (!socket.connected) {
      showRecoverError(t('join.offline'));
      return;
    }
    showRecoverError('');
    recoverPending = true;
    recoverBtn.disabled = true;
    var done = false;
    var timer = setTimeout(function () {
      done = true;
      recoverPending = false;
      recoverBtn.disabled = false;
      showRecoverError(t('join.no_answer'));
    }, JOIN_TIMEOUT_MS);
    socket.emit('player:recover', { pin: PIN, code: code }, function (res) {
      if (done) { return; }
      done = true;
      clearTimeout(timer);
      recoverPending = false;
      recoverBtn.disabled = false;
      if (res && res.ok) {
        showRecoverForm(false);
        playerBack(res, {});
        return;
      }
      var err = res && res.error ? res.error : {};
      showRecoverError(err.message || t('error.generic'));
      if (err.code === 'unknown_game') { show('nogame'); return; }
      recoverInput.focus();
    });
  });

  /* ----------------------------------------------------------------- game state */

  /** Bring the page to the game state `state` (from a `state` event or an ack). */
  function enterState(state, index, fromAck, remaining) {
    if (!state) { return; }
    S.phase = state;
    var hasRemaining = typeof remaining === 'number' && S.question &&
      (typeof index !== 'number' || index === S.question.index);
    if (hasRemaining && state === 'paused') {
      stopCountdown();
      S.frozenMs = Math.max(0, remaining);
    } else if (hasRemaining && state === 'question' && S.joined) {
      S.frozenMs = Math.max(0, remaining);  // resumed below from the server's figure
    }
    if (!S.joined) { return; }
    var hasIndex = typeof index === 'number';
    switch (state) {
      case 'lobby':
        show('lobby');
        break;
      case 'question':
        if (S.question && (!hasIndex || S.question.index === index)) {
          if (S.frozenMs !== null) {
            startCountdown(S.frozenMs);
          } else if (S.tickTimer === null) {
            startCountdown(Math.max(0, S.deadline - now()));
          }
          renderQuestion();
          show('question');
        } else {
          showWait('question', 'wait.next');
        }
        break;
      case 'paused':
        freezeCountdown();
        show('paused');
        break;
      case 'reveal':
        stopCountdown();
        if (S.reveal && S.question && S.reveal.index === S.question.index &&
            (!hasIndex || S.reveal.index === index)) {
          renderReveal();
          show('reveal');
        } else {
          showWait('reveal', S.answer ? 'result.waiting' : 'wait.next');
        }
        break;
      case 'leaderboard':
        stopCountdown();
        if (S.leaderboardSeq < S.questionSeq) { S.leaderboard = null; }
        renderLeaderboard();
        show('leaderboard');
        break;
      case 'finished':
        stopCountdown();
        stopAnswerRetry();
        renderFinished();
        show('finished');
        break;
      default:
        if (fromAck) { show('lobby'); }
    }
  }

  // Fair timing: answer the server's clock probe at once (its delay is our round trip). A
  // `remaining_ms` left the server half a round trip ago: the countdown takes that off, so it
  // reaches zero when the server's deadline passes, whatever this phone's own clock says
  // (the offset between the two clocks is measured in the server's time, never the phone's).
  socket.on('clock', function (data, ack) {
    if (typeof ack === 'function') { ack({}); }
    if (!data) { return; }
    if (typeof data.rtt_ms === 'number' && data.rtt_ms >= 0) { S.roundTripMs = data.rtt_ms; }
  });

  function oneWayMs() {
    return S.roundTripMs === null ? 0 : Math.min(S.roundTripMs / 2, 2000);
  }

  function arrived(remainingMs) {
    return remainingMs === null ? null : Math.max(0, remainingMs - oneWayMs());
  }

  // Accommodation: the server follows every question or state that sets the countdown with
  // this player's own time left when the host gave them extra time; it replaces the hall's.
  socket.on('accommodation', function (data) {
    if (!data) { return; }
    S.timeFactor = typeof data.time_factor === 'number' ? data.time_factor : 1;
    S.noSpeed = data.no_speed === true;
    renderOwnTime();
    if (typeof data.remaining_ms !== 'number' || !S.question || data.index !== S.question.index) {
      return;
    }
    S.ownLimit = { index: data.index, ms: Number(data.time_limit_ms) || 0 };
    var remaining = arrived(Math.max(0, data.remaining_ms));
    if (!S.joined) {
      S.frozenMs = null;
      S.deadline = now() + remaining;
    } else if (S.phase === 'paused') {
      stopCountdown();
      S.frozenMs = remaining;
    } else if (S.phase === 'question') {
      startCountdown(remaining);
      if (S.view === 'question') { refreshAnswerUI(); }
    }
  });

  function renderOwnTime() {
    var box = $('own-time');
    if (!box) { return; }
    var parts = [];
    if (S.timeFactor !== 1) {
      var factor = String(S.timeFactor);
      parts.push(t('play.own_time', { factor: I.lang === 'fr' ? factor.replace('.', ',') : factor }));
    }
    if (S.noSpeed) { parts.push(t('play.no_speed')); }
    box.textContent = parts.join(' · ');
    box.hidden = parts.length === 0;
  }

  socket.on('state', function (data) {
    if (!data) { return; }
    S.seq += 1;
    enterState(stateName(data.state), typeof data.index === 'number' ? data.index : null, false,
      arrived(typeof data.remaining_ms === 'number' ? data.remaining_ms : null));
  });

  socket.on('question', function (q) {
    if (!q || typeof q.index !== 'number') { return; }
    if (S.question && q.index < S.question.index) { return; } // stale
    S.seq += 1;
    var same = S.question && S.question.index === q.index;
    var staysPaused = same && S.phase === 'paused';
    S.question = q;
    if (!staysPaused) { S.phase = 'question'; }
    if (!same) {
      S.questionSeq = S.seq;
      stopAnswerRetry();
      S.answer = null;
      S.selected = [];
      resetKindDraft();
      S.reveal = null;
      S.result = null;
      S.announced = {};
      var stored = loadStored();
      if (stored && stored.answered === q.index) {
        S.answer = { index: q.index, status: 'sent', acked: true, choiceIds: stored.choices || [] };
      }
    }
    var remaining = typeof q.remaining_ms === 'number' ? arrived(q.remaining_ms) : q.time_limit_ms;
    remaining = Math.max(0, Number(remaining) || 0);
    if (!S.joined) {
      // Not in the game yet (join form, or resume under way): keep the clock for later.
      S.frozenMs = null;
      S.deadline = now() + remaining;
      return;
    }
    if (staysPaused) {
      // Still paused: keep the clock stopped until the `state: question` that resumes it.
      stopCountdown();
      S.frozenMs = remaining;
      renderQuestion();
      return;
    }
    startCountdown(remaining);
    renderQuestion();
    show('question');
  });

  socket.on('reveal', function (r) {
    if (!r || typeof r.index !== 'number') { return; }
    if (S.question && r.index !== S.question.index) { return; }
    S.seq += 1;
    S.reveal = r;
    S.phase = 'reveal';
    stopCountdown();
    stopAnswerRetry();
    if (!S.joined) { return; }
    renderReveal();
    show('reveal');
  });

  socket.on('result', function (r) {
    if (!r) { return; }
    if (S.question && typeof r.index === 'number' && r.index !== S.question.index) { return; }
    S.result = r;
    if (typeof r.score === 'number') { S.score = r.score; }
    if (r.rank !== undefined && r.rank !== null) { S.rank = r.rank; }
    updatePlayerBar();
    if (S.view === 'reveal') { renderReveal(); }
  });

  socket.on('leaderboard', function (lb) {
    if (!lb || !Array.isArray(lb.top)) { return; }
    S.seq += 1;
    S.leaderboard = lb;
    S.leaderboardSeq = S.seq;
    S.phase = 'leaderboard';
    stopCountdown();
    if (!S.joined) { return; }
    renderLeaderboard();
    show('leaderboard');
  });

  socket.on('game_over', function (data) {
    S.podium = data && Array.isArray(data.podium) ? data.podium : [];
    S.phase = 'finished';
    stopCountdown();
    stopAnswerRetry();
    if (!S.joined) { return; }
    renderFinished();
    show('finished');
  });

  socket.on('final', function (data) {
    if (!data) { return; }
    S.final = data;
    if (typeof data.score === 'number') { S.score = data.score; }
    if (data.rank !== undefined) { S.rank = data.rank; }
    updatePlayerBar();
    renderFinished();
    if (S.joined) { show('finished'); }
  });

  socket.on('kicked', function (data) {
    kicked = true;
    clearStored();
    stopCountdown();
    stopAnswerRetry();
    S.joined = false;
    $('kicked-message').textContent = data && data.message ? data.message : '';
    show('kicked');
    // Stay disconnected: a reconnect must not bring the player back.
    socket.io.reconnection(false);
    socket.disconnect();
    banner.hidden = true;
  });

  /* ----------------------------------------------------------------- question */

  function questionKind(q) {
    var type = String(q.type || '').toLowerCase();
    if (type === 'true_false' || type === 'truefalse' || type === 'boolean') { return 'true_false'; }
    if (type === 'numeric' || type === 'number') { return 'numeric'; }
    if (type === 'open') { return 'open'; }
    if (type === 'ordering' || type === 'poll') { return type; }
    if (VALUE_TYPES.indexOf(type) !== -1) { return 'value'; }
    if (MULTI_TYPES.indexOf(type) !== -1 || q.multiple === true ||
        (typeof q.max_choices === 'number' && q.max_choices > 1)) { return 'multi'; }
    if (!Array.isArray(q.choices) || q.choices.length === 0) { return 'value'; }
    return 'single';
  }

  function choiceText(q, choice, position) {
    var text = I.pick(choice ? choice.text : '');
    if (!text && questionKind(q) === 'true_false') {
      text = position === 0 ? t('answer.true') : t('answer.false');
    }
    return text;
  }

  function choiceById(id) {
    var q = S.question;
    if (!q || !Array.isArray(q.choices)) { return null; }
    for (var i = 0; i < q.choices.length; i++) {
      if (String(q.choices[i].id) === String(id)) { return { choice: q.choices[i], position: i }; }
    }
    return null;
  }

  /** Build the coloured shape + letter + text block used by answer buttons and lists. */
  function answerFace(position, text) {
    var frag = document.createDocumentFragment();
    var shape = el('span', 'shape shape-' + SHAPES[position % SHAPES.length]);
    shape.setAttribute('aria-hidden', 'true');
    var letter = el('span', 'answer-letter', LETTERS[position % LETTERS.length]);
    frag.appendChild(shape);
    frag.appendChild(letter);
    // The letter is read with the text ("B", then the choice): the accessible name is the
    // visible text, as WCAG 2.5.3 asks (no aria-label that says something else).
    frag.appendChild(document.createTextNode(' '));
    frag.appendChild(el('span', 'answer-text', text));
    return frag;
  }

  /** "standard" says nothing; "double" and "none" are worth a word; numbers are shown. */
  function pointsLabel(points) {
    if (typeof points === 'number') { return t('question.points', { points: points }); }
    if (points === 'double') { return t('question.points_double'); }
    if (points === 'none') { return t('question.points_none'); }
    return '';
  }

  function renderQuestion() {
    var q = S.question;
    if (!q) { return; }
    var kind = questionKind(q);
    var total = q.total || '?';
    $('q-progress').textContent = t('question.of', { index: q.index + 1, total: total });
    $('q-points').textContent = pointsLabel(q.points);
    $('q-text').textContent = I.pick(q.text);

    var box = $('answers');
    box.textContent = '';
    box.className = 'answers answers-' + kind + ' answers-n' + ((q.choices || []).length);
    var valueForm = $('value-form');
    var validate = $('btn-validate');
    valueForm.hidden = kind !== 'value' && kind !== 'open';
    validate.hidden = !isToggleKind(kind);
    $('q-instructions').textContent = kind === 'multi' ? t('question.pick_many') :
      (kind === 'poll' ? t('kinds.q.pick_poll') : '');
    setupValueForm(kind);
    renderKindBox(q, kind);

    if (kind !== 'value' && kind !== 'open' && kind !== 'numeric' && kind !== 'ordering') {
      (q.choices || []).forEach(function (choice, position) {
        var btn = el('button', 'answer-btn answer-' + position);
        btn.type = 'button';
        btn.setAttribute('data-choice-id', String(choice.id));
        btn.setAttribute('data-position', String(position));
        var text = choiceText(q, choice, position);
        if (isToggleKind(kind)) {
          btn.setAttribute('aria-pressed', S.selected.indexOf(String(choice.id)) !== -1 ? 'true' : 'false');
        }
        btn.appendChild(answerFace(position, text));
        box.appendChild(btn);
      });
    }
    refreshAnswerUI();
  }

  /* ----------------------------------------------------------------- question kinds */

  var OPEN_MAX = 40;
  // What the player has prepared for the open question (kept across redraws, reset per question).
  var kindDraft = { order: null, numeric: '' };

  /** Kinds answered by toggling choices, then "Valider". */
  function isToggleKind(kind) {
    return kind === 'multi' || kind === 'poll';
  }

  function resetKindDraft() {
    kindDraft = { order: null, numeric: '' };
    $('value-input').value = '';
  }

  function isNumber(v) {
    return typeof v === 'number' && isFinite(v);
  }

  function unitSuffix(q) {
    var unit = q && q.unit ? I.pick(q.unit) : '';
    return unit ? ' ' + unit : '';
  }

  /** A number as people write it here: no grouping, a decimal comma in French. */
  function formatValue(n) {
    var x = Number(n);
    if (!isFinite(x)) { return ''; }
    var text = String(Math.round(x * 1000) / 1000);
    return I.lang === 'fr' ? text.replace('.', ',') : text;
  }

  function parseNumber(text) {
    var clean = String(text || '').replace(/[\s\u00a0\u202f]+/g, '').replace(',', '.');
    if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(clean)) { return null; }
    var n = Number(clean);
    return isFinite(n) ? n : null;
  }

  /** The text form serves open questions (word clouds, 40 characters) and typed answers. */
  function setupValueForm(kind) {
    var form = $('value-form');
    var open = kind === 'open';
    var input = $('value-input');
    input.maxLength = open ? OPEN_MAX : 120;
    var label = form.querySelector('label');
    label.setAttribute('data-i18n', open ? 'kinds.q.open_label' : 'question.value_label');
    label.textContent = t(open ? 'kinds.q.open_label' : 'question.value_label');
    var button = form.querySelector('button[type=submit]');
    button.setAttribute('data-i18n', open ? 'kinds.q.send' : 'question.validate');
    button.textContent = t(open ? 'kinds.q.send' : 'question.validate');
    var hint = $('value-hint');
    if (!hint) {
      hint = el('p', 'hint value-hint');
      hint.id = 'value-hint';
      input.insertAdjacentElement('afterend', hint);
      input.setAttribute('aria-describedby', 'value-hint');
    }
    hint.textContent = open ? t('kinds.q.open_hint') : '';
    hint.hidden = !open;
  }

  function renderKindBox(q, kind) {
    var box = $('kind-box');
    box.textContent = '';
    box.className = 'kind-box kind-' + kind;
    box.hidden = kind !== 'numeric' && kind !== 'ordering';
    if (kind === 'numeric') { buildNumeric(box, q); }
    if (kind === 'ordering') {
      $('q-instructions').textContent = t('kinds.q.order_hint');
      buildOrdering(box, q);
    }
  }

  /** A number field; with bounds, a slider beside it for thumbs (the field stays for precision). */
  function buildNumeric(box, q) {
    var form = el('form', 'numeric-form');
    form.id = 'numeric-form';
    form.noValidate = true;
    var bounded = isNumber(q.min) && isNumber(q.max) && q.max > q.min;
    var label = el('label', 'label', t('kinds.q.numeric_label'));
    label.htmlFor = 'numeric-input';
    form.appendChild(label);
    var row = el('div', 'numeric-row');
    var input = el('input', 'numeric-input');
    input.id = 'numeric-input';
    input.type = 'text';
    input.inputMode = 'decimal';
    input.autocomplete = 'off';
    input.maxLength = 24;
    input.setAttribute('enterkeyhint', 'send');
    input.setAttribute('aria-describedby', 'numeric-hint numeric-error');
    input.value = kindDraft.numeric;
    row.appendChild(input);
    var unit = unitSuffix(q).trim();
    if (unit) { row.appendChild(el('span', 'numeric-unit', unit)); }
    form.appendChild(row);
    var slider = null;
    if (bounded) {
      slider = el('input', 'numeric-slider');
      slider.type = 'range';
      slider.id = 'numeric-slider';
      slider.min = String(q.min);
      slider.max = String(q.max);
      var whole = Math.floor(q.min) === q.min && Math.floor(q.max) === q.max;
      slider.step = isNumber(q.step) && q.step > 0 ? String(q.step) : (whole ? '1' : 'any');
      slider.setAttribute('aria-label', t('kinds.q.numeric_label'));
      var start = parseNumber(kindDraft.numeric);
      slider.value = String(start !== null ? start : (q.min + q.max) / 2);
      slider.addEventListener('input', function () {
        input.value = formatValue(Number(slider.value));
        kindDraft.numeric = input.value;
        showNumericError('');
      });
      form.appendChild(slider);
      var ends = el('div', 'numeric-ends');
      ends.setAttribute('aria-hidden', 'true');
      ends.appendChild(el('span', null, formatValue(q.min)));
      ends.appendChild(el('span', null, formatValue(q.max)));
      form.appendChild(ends);
    }
    var hint = el('p', 'hint', bounded ?
      t('kinds.q.numeric_range', { min: formatValue(q.min), max: formatValue(q.max) }) + unitSuffix(q) : '');
    hint.id = 'numeric-hint';
    form.appendChild(hint);
    var error = el('p', 'form-error');
    error.id = 'numeric-error';
    error.setAttribute('role', 'alert');
    error.hidden = true;
    form.appendChild(error);
    input.addEventListener('input', function () {
      kindDraft.numeric = input.value;
      var n = parseNumber(input.value);
      if (slider && n !== null) { slider.value = String(n); }
      showNumericError('');
    });
    var submit = el('button', 'btn btn-primary btn-block', t('question.validate'));
    submit.type = 'submit';
    form.appendChild(submit);
    form.addEventListener('submit', function (ev) {
      ev.preventDefault();
      if (!S.question) { return; }
      var n = parseNumber(input.value);
      if (n === null) {
        showNumericError(t('kinds.q.number_invalid'));
        input.focus();
        return;
      }
      if (bounded && (n < q.min || n > q.max)) {
        showNumericError(t('kinds.q.numeric_range', { min: formatValue(q.min), max: formatValue(q.max) }) + unitSuffix(q));
        input.focus();
        return;
      }
      sendAnswer({ question: S.question.index, value: n }, []);
    });
    box.appendChild(form);
  }

  function showNumericError(message) {
    var box = $('numeric-error');
    if (!box) { return; }
    box.textContent = message || '';
    box.hidden = !message;
  }

  /** Items with ↑ ↓ buttons (touch and keyboard alike); "Valider" sends the ids in this order. */
  function buildOrdering(box, q) {
    var ids = (q.choices || []).map(function (c) { return String(c.id); });
    if (!kindDraft.order || kindDraft.order.length !== ids.length) { kindDraft.order = ids.slice(); }
    var list = el('ol', 'order-list');
    list.id = 'order-list';
    kindDraft.order.forEach(function (id, i) {
      var found = choiceById(id);
      var text = found ? I.pick(found.choice.text) : id;
      var li = el('li', 'order-item');
      li.setAttribute('data-choice-id', id);
      var num = el('span', 'order-num', i + 1);
      num.setAttribute('aria-hidden', 'true');
      li.appendChild(num);
      li.appendChild(el('span', 'order-text', text));
      [['up', -1, '↑', i === 0], ['down', 1, '↓', i === ids.length - 1]].forEach(function (spec) {
        var btn = el('button', 'order-move order-' + spec[0], spec[2]);
        btn.type = 'button';
        btn.setAttribute('data-move', String(spec[1]));
        btn.setAttribute('aria-label', t('kinds.q.order_' + spec[0], { text: text }));
        if (spec[3]) { btn.setAttribute('data-edge', 'true'); btn.disabled = true; }
        li.appendChild(btn);
      });
      list.appendChild(li);
    });
    box.appendChild(list);
    var submit = el('button', 'btn btn-primary btn-block order-submit', t('question.validate'));
    submit.type = 'button';
    submit.id = 'btn-order-submit';
    box.appendChild(submit);
  }

  $('kind-box').addEventListener('click', function (ev) {
    var btn = ev.target.closest ? ev.target.closest('button') : null;
    if (!btn || btn.disabled || !S.question || !kindDraft.order) { return; }
    if (btn.id === 'btn-order-submit') {
      sendAnswer({ question: S.question.index, choices: originalIds(kindDraft.order) }, kindDraft.order.slice());
      return;
    }
    var move = Number(btn.getAttribute('data-move'));
    var item = btn.closest('.order-item');
    if (!move || !item) { return; }
    var id = item.getAttribute('data-choice-id');
    var from = kindDraft.order.indexOf(id);
    var to = from + move;
    if (from < 0 || to < 0 || to >= kindDraft.order.length) { return; }
    kindDraft.order.splice(from, 1);
    kindDraft.order.splice(to, 0, id);
    renderKindBox(S.question, 'ordering');
    refreshAnswerUI();
    // Keep the keyboard where it was: on the moved item's button (the other one at an edge).
    var items = $('kind-box').querySelectorAll('.order-item');
    var moved = items[to];
    var again = moved.querySelector(move < 0 ? '.order-up' : '.order-down');
    if (again.disabled) { again = moved.querySelector(move < 0 ? '.order-down' : '.order-up'); }
    again.focus();
    var found = choiceById(id);
    $('sr-countdown').textContent = t('kinds.q.order_moved', { text: found ? I.pick(found.choice.text) : id, n: to + 1 });
  });

  /* ----------------------------------------------------------------- teams */

  function teamRowOf(name) {
    var lb = S.leaderboard;
    var teams = lb && Array.isArray(lb.teams) ? lb.teams : [];
    if (!name) { return null; }
    var wanted = String(name).toLowerCase();
    for (var i = 0; i < teams.length; i++) {
      if (String(teams[i].team).toLowerCase() === wanted) { return teams[i]; }
    }
    return null;
  }

  /** After a question: my team, and its place in the latest team standings. */
  function renderTeamResult(res) {
    if (res && res.team) { S.team = res.team; }
    var box = $('result-team-box');
    if (!S.team) { box.hidden = true; return; }
    $('result-team').textContent = S.team;
    // The result carries the team's place; the latest standings are the fallback.
    var row = res && res.team_rank ? res.team_rank : teamRowOf(S.team);
    var rankNode = $('result-team-rank');
    if (row && row.rank === null) {
      rankNode.textContent = t('kinds.result.unranked');
      rankNode.removeAttribute('data-rank');
    } else {
      setRank(rankNode, row ? row.rank : null);
    }
    box.hidden = false;
  }

  function teamBoardRow(row, mine) {
    var li = el('li', 'mini-row team-row' + (mine ? ' is-me' : '') + (row.rank === null ? ' is-unranked' : ''));
    li.appendChild(el('span', 'mini-rank', row.rank === null ? '–' : row.rank));
    var name = el('span', 'mini-name', row.team);
    if (mine) { name.appendChild(el('span', 'mini-you', ' (' + t('leaderboard.you') + ')')); }
    li.appendChild(name);
    li.appendChild(el('span', 'mini-score', formatNumber(row.score)));
    return li;
  }

  /** The team standings under the players' ones (top 5, and my team when further down). */
  function renderTeamBoard() {
    var lb = S.leaderboard;
    var teams = lb && Array.isArray(lb.teams) ? lb.teams : null;
    var box = $('team-board-box');
    if (!teams || !teams.length) { box.hidden = true; return; }
    (lb.top || []).forEach(function (row) {
      if (S.playerId !== null && String(row.player_id) === String(S.playerId) && row.team) { S.team = row.team; }
    });
    var mine = teamRowOf(S.team);
    var ranked = teams.filter(function (row) { return row.rank !== null; }).slice(0, 5);
    var list = $('team-board');
    list.textContent = '';
    ranked.forEach(function (row) { list.appendChild(teamBoardRow(row, row === mine)); });
    if (mine && ranked.indexOf(mine) === -1) { list.appendChild(teamBoardRow(mine, true)); }
    box.hidden = false;
  }

  function setButtonsDisabled(disabled) {
    var buttons = $('answers').querySelectorAll('.answer-btn');
    for (var i = 0; i < buttons.length; i++) { buttons[i].disabled = disabled; }
    $('btn-validate').disabled = disabled || S.selected.length === 0;
    var valueInputs = $('value-form').querySelectorAll('input, button');
    for (var j = 0; j < valueInputs.length; j++) { valueInputs[j].disabled = disabled; }
    var kindInputs = $('kind-box').querySelectorAll('input, button');
    for (var k = 0; k < kindInputs.length; k++) {
      kindInputs[k].disabled = disabled || kindInputs[k].hasAttribute('data-edge');
    }
  }

  /** Reflect S.answer (idle / sending / sent / late / timeup) on the buttons and status line. */
  function refreshAnswerUI() {
    var a = S.answer;
    var status = a ? a.status : 'idle';
    var timeUp = S.question && S.frozenMs === null && remainingMs() <= 0 && S.tickTimer === null &&
      S.phase === 'question';
    if (status === 'idle' && timeUp) { status = 'timeup'; }
    body.setAttribute('data-answer-state', status);
    setButtonsDisabled(status !== 'idle' && status !== 'error');

    var chosen = a && a.choiceIds ? a.choiceIds.map(String) : [];
    // Once the answer is on its way, keep only the chosen button so the status stays in view.
    $('answers').classList.toggle('is-locked', chosen.length > 0 && (status === 'sending' || status === 'sent'));
    var buttons = $('answers').querySelectorAll('.answer-btn');
    for (var i = 0; i < buttons.length; i++) {
      var id = buttons[i].getAttribute('data-choice-id');
      var picked = chosen.indexOf(id) !== -1;
      buttons[i].classList.toggle('is-chosen', picked && status !== 'idle');
      buttons[i].classList.toggle('is-dimmed', chosen.length > 0 && !picked && status !== 'idle');
      if (buttons[i].hasAttribute('aria-pressed') && status === 'idle') {
        buttons[i].setAttribute('aria-pressed', S.selected.indexOf(id) !== -1 ? 'true' : 'false');
      }
    }

    var box = $('answer-status');
    box.className = 'answer-status status-' + status;
    box.textContent = '';
    if (status === 'idle') { box.hidden = true; return; }
    var wasHidden = box.hidden;
    box.hidden = false;
    if (wasHidden && S.view === 'question' && box.scrollIntoView) {
      try { box.scrollIntoView({ block: 'nearest' }); } catch (e) { box.scrollIntoView(false); }
    }
    if (status === 'sending') {
      var spin = el('span', 'spinner');
      spin.setAttribute('aria-hidden', 'true');
      box.appendChild(spin);
      box.appendChild(el('span', null, a.attempts > 1 ? t('answer.retrying') : t('answer.sending')));
    } else if (status === 'sent') {
      var ungraded = S.question && S.question.graded === false;
      box.appendChild(el('strong', 'status-title', '✓ ' + t(ungraded ? 'kinds.answer.thanks' : 'answer.sent')));
      box.appendChild(el('span', 'status-sub', t('answer.wait_others')));
    } else if (status === 'late') {
      box.appendChild(el('strong', 'status-title', t('answer.too_late')));
    } else if (status === 'timeup') {
      box.appendChild(el('strong', 'status-title', t('answer.time_up')));
    } else if (status === 'error') {
      box.appendChild(el('strong', 'status-title', a.message || t('error.generic')));
    }
  }

  $('answers').addEventListener('click', function (ev) {
    var btn = ev.target.closest ? ev.target.closest('.answer-btn') : null;
    if (!btn || btn.disabled || !S.question) { return; }
    var id = btn.getAttribute('data-choice-id');
    if (isToggleKind(questionKind(S.question))) {
      var at = S.selected.indexOf(id);
      if (at === -1) { S.selected.push(id); } else { S.selected.splice(at, 1); }
      btn.setAttribute('aria-pressed', at === -1 ? 'true' : 'false');
      $('btn-validate').disabled = S.selected.length === 0;
      return;
    }
    submitAnswer([id]);
  });

  $('btn-validate').addEventListener('click', function () {
    if (S.selected.length) { submitAnswer(S.selected.slice()); }
  });

  $('value-form').addEventListener('submit', function (ev) {
    ev.preventDefault();
    var value = $('value-input').value.replace(/\s+/g, ' ').trim();
    if (!value || !S.question) { return; }
    if (questionKind(S.question) === 'open') { value = value.slice(0, OPEN_MAX); }
    sendAnswer({ question: S.question.index, value: value }, []);
  });

  /** Turn string ids back into the type the server sent (numbers stay numbers). */
  function originalIds(ids) {
    return ids.map(function (id) {
      var found = choiceById(id);
      return found ? found.choice.id : id;
    });
  }

  function submitAnswer(ids) {
    if (!S.question) { return; }
    sendAnswer({ question: S.question.index, choices: originalIds(ids) }, ids);
  }

  function sendAnswer(payload, choiceIds) {
    if (S.answer && (S.answer.status === 'sending' || S.answer.status === 'sent')) { return; }
    S.answer = {
      index: payload.question,
      payload: payload,
      choiceIds: choiceIds.map(String),
      status: 'sending',
      acked: false,
      attempts: 0,
      timer: null
    };
    if (navigator.vibrate) { try { navigator.vibrate(30); } catch (e) { /* ignore */ } }
    refreshAnswerUI();
    attemptAnswer(S.answer);
  }

  function attemptAnswer(a) {
    if (a !== S.answer || a.acked) { return; }
    clearTimeout(a.timer);
    // Only emit on a live, identified socket: socket.io would otherwise buffer the emit and
    // flush it before player:resume on reconnect, and the server would not know us yet.
    if (socket.connected && S.joined) {
      a.attempts += 1;
      socket.emit('player:answer', a.payload, function (res) { onAnswerAck(a, res); });
      if (a.attempts > 1) { refreshAnswerUI(); }
    }
    a.timer = setTimeout(function () { attemptAnswer(a); }, ANSWER_RETRY_MS);
  }

  function retryPendingAnswer() {
    var a = S.answer;
    if (a && !a.acked && a.status === 'sending') { attemptAnswer(a); }
  }

  function stopAnswerRetry() {
    if (S.answer) { clearTimeout(S.answer.timer); }
  }

  function onAnswerAck(a, res) {
    if (a !== S.answer || a.acked) { return; }
    // Not a protocol answer: keep the retry timer running.
    if (!res || typeof res !== 'object') { return; }
    var code = res && res.error ? res.error.code : null;
    if (res && res.ok) {
      a.acked = true;
      a.status = 'sent';
    } else if (code === 'already_answered') {
      a.acked = true;
      a.status = 'sent';
    } else if (code === 'not_accepting' || code === 'wrong_question') {
      a.acked = true;
      a.status = 'late';
    } else if (code === 'unknown_player') {
      // The server lost track of this socket (restart, failover): identify again, then retry.
      S.joined = false;
      var stored = loadStored();
      if (stored) { resume(stored); }
      return;
    } else {
      a.acked = true;
      a.status = 'error';
      a.message = res && res.error && res.error.message ? res.error.message : t('error.generic');
      a.choiceIds = [];
    }
    clearTimeout(a.timer);
    if (a.status === 'sent') {
      saveStored({ answered: a.index, choices: a.choiceIds });
    }
    if (S.view === 'question') { refreshAnswerUI(); }
  }

  /* ----------------------------------------------------------------- countdown */

  function now() {
    return window.performance && performance.now ? performance.now() : Date.now();
  }

  function remainingMs() {
    if (S.frozenMs !== null) { return S.frozenMs; }
    return Math.max(0, S.deadline - now());
  }

  function startCountdown(ms) {
    stopCountdown();
    S.frozenMs = null;
    S.deadline = now() + ms;
    tick();
    if (ms > 0) { S.tickTimer = setInterval(tick, 200); }
  }

  function stopCountdown() {
    if (S.tickTimer !== null) { clearInterval(S.tickTimer); }
    S.tickTimer = null;
  }

  function freezeCountdown() {
    if (S.tickTimer !== null || S.frozenMs === null) {
      var left = remainingMs();
      stopCountdown();
      S.frozenMs = left;
    }
  }

  function tick() {
    var q = S.question;
    if (!q) { return; }
    var left = remainingMs();
    var own = S.ownLimit && S.ownLimit.index === q.index ? S.ownLimit.ms : 0;
    var limit = Math.max(own || Number(q.time_limit_ms) || 0, left, 1);
    var secs = Math.ceil(left / 1000);
    $('timer-fill').style.transform = 'scaleX(' + (left / limit).toFixed(4) + ')';
    $('timer-seconds').textContent = t('question.seconds', { n: secs });
    $('timer').classList.toggle('is-urgent', secs <= 5);
    if ((secs === 10 || secs === 5) && !S.announced[secs] && left > 0) {
      S.announced[secs] = true;
      $('sr-countdown').textContent = t('question.seconds_left', { n: secs });
    }
    if (left <= 0) {
      stopCountdown();
      refreshAnswerUI();
    }
  }

  /* ----------------------------------------------------------------- reveal */

  function correctIds() {
    var r = S.reveal;
    if (!r || !Array.isArray(r.correct)) { return null; }
    return r.correct.map(String);
  }

  function guessCorrect() {
    var ids = correctIds();
    var a = S.answer;
    if (!ids || !a || a.status !== 'sent' || !a.choiceIds || !a.choiceIds.length) { return null; }
    var guessable = ['single', 'true_false', 'multi'];
    if (!S.question || guessable.indexOf(questionKind(S.question)) === -1) { return null; }
    if (a.choiceIds.length !== ids.length) { return false; }
    return a.choiceIds.every(function (id) { return ids.indexOf(id) !== -1; });
  }

  function renderReveal() {
    var r = S.reveal;
    var res = S.result;
    var outcome = $('result-outcome');
    var answered = !!(S.answer && S.answer.status === 'sent');
    var kind;
    var playerAnswered = res && typeof res.answered === 'boolean' ? res.answered : answered;
    if (r && r.cancelled) {
      kind = 'cancelled';
    } else if (res) {
      if (res.correct === null || (S.question && S.question.graded === false)) {
        kind = playerAnswered ? 'recorded' : 'none';  // polls and word clouds: no right answer
      } else if (res.correct) {
        kind = 'correct';
      } else if (playerAnswered && Number(res.points) > 0) {
        kind = 'almost';  // partial credit (multiple, ordering, numeric)
      } else {
        kind = playerAnswered ? 'incorrect' : 'none';
      }
    } else {
      var guess = guessCorrect();
      if (S.question && S.question.graded === false) {
        kind = answered ? 'recorded' : 'none';
      } else if (guess === null) {
        kind = answered ? 'pending' : 'none';
      } else {
        kind = guess ? 'correct' : 'incorrect';
      }
    }
    outcome.className = 'outcome outcome-' + kind;
    body.setAttribute('data-outcome', kind);
    var icons = { correct: '✓', incorrect: '✗', none: '–', pending: '…', cancelled: '⊘',
      recorded: '✓', almost: '≈' };
    var labels = {
      correct: 'result.correct', incorrect: 'result.incorrect', none: 'result.no_answer',
      pending: 'result.waiting', cancelled: 'result.cancelled',
      recorded: 'kinds.result.recorded', almost: 'kinds.result.almost'
    };
    $('result-icon').textContent = icons[kind];
    $('result-text').textContent = t(labels[kind]);

    var points = res && typeof res.points === 'number' &&
      (kind === 'correct' || kind === 'incorrect' || kind === 'almost') ?
      res.points : null;
    $('result-points').textContent = points !== null ? t('result.points', { points: formatNumber(points) }) : '';
    $('result-points').hidden = points === null;
    $('result-score').textContent = formatNumber(S.score);
    setRank($('result-rank'), S.rank);
    var streak = $('result-streak');
    if (res && res.streak && res.streak > 1) {
      streak.textContent = t('result.streak', { n: res.streak });
      streak.hidden = false;
    } else {
      streak.hidden = true;
    }
    renderTeamResult(res);

    var list = $('result-correct');
    list.textContent = '';
    var ids = correctIds();
    var ordering = S.question && questionKind(S.question) === 'ordering';
    list.classList.toggle('correct-order', !!ordering);
    if (ids && ids.length) {
      $('result-correct-title').textContent = ordering ? t('kinds.result.right_order') :
        (ids.length > 1 ? t('result.answers_were') : t('result.answer_was'));
      ids.forEach(function (id, place) {
        if (ordering) {
          var found0 = choiceById(id);
          var row = el('li', 'correct-item order-item-result');
          row.appendChild(el('span', 'order-num', place + 1));
          row.appendChild(el('span', 'answer-text', found0 ? I.pick(found0.choice.text) : id));
          list.appendChild(row);
          return;
        }
        var found = choiceById(id);
        var li = el('li', 'correct-item');
        if (found) {
          li.classList.add('answer-' + found.position);
          li.appendChild(answerFace(found.position, choiceText(S.question, found.choice, found.position)));
        } else {
          li.appendChild(el('span', 'answer-text', id));
        }
        list.appendChild(li);
      });
      $('result-correct-box').hidden = false;
    } else if (r && r.correct !== undefined && r.correct !== null && !Array.isArray(r.correct)) {
      $('result-correct-title').textContent = t('result.answer_was');
      var item = el('li', 'correct-item correct-value');
      item.appendChild(el('span', 'answer-text', I.pick(r.correct) + unitSuffix(S.question)));
      list.appendChild(item);
      $('result-correct-box').hidden = false;
    } else {
      $('result-correct-box').hidden = true;
    }

    var explanation = r ? I.pick(r.explanation) : '';
    var source = r && r.source ? I.pick(r.source) : '';
    $('result-explanation').textContent = explanation;
    $('result-explanation').hidden = !explanation;
    $('result-source').textContent = source ? t('result.source', { source: source }) : '';
    $('result-source').hidden = !source;
    $('result-explanation-box').hidden = !explanation && !source;
  }

  /* ----------------------------------------------------------------- leaderboard & end */

  function renderLeaderboard() {
    var lb = S.leaderboard;
    var top = lb && Array.isArray(lb.top) ? lb.top : [];
    var me = null;
    top.forEach(function (row) {
      if (S.playerId !== null && String(row.player_id) === String(S.playerId)) { me = row; }
    });
    if (me) {
      S.rank = me.rank;
      if (typeof me.score === 'number') { S.score = me.score; }
      updatePlayerBar();
    }
    setRank($('my-rank'), S.rank);
    $('my-score').textContent = formatNumber(S.score);
    var outOf = $('my-rank-of');
    if (lb && typeof lb.count === 'number' && S.rank) {
      outOf.textContent = t('leaderboard.out_of', { n: lb.count });
      outOf.hidden = false;
    } else {
      outOf.hidden = true;
    }

    var list = $('player-leaderboard');
    list.textContent = '';
    top.slice(0, 5).forEach(function (row) {
      list.appendChild(boardRow(row, me === row));
    });
    if (!me && S.rank && top.length) {
      var gap = el('li', 'mini-row mini-gap', '…');
      gap.setAttribute('aria-hidden', 'true');
      list.appendChild(gap);
      list.appendChild(boardRow({ rank: S.rank, nickname: S.nickname, score: S.score }, true));
    } else if (me && top.indexOf(me) >= 5) {
      list.appendChild(boardRow(me, true));
    }
    renderTeamBoard();
  }

  function boardRow(row, isMe) {
    var li = el('li', 'mini-row' + (isMe ? ' is-me' : ''));
    li.appendChild(el('span', 'mini-rank', row.rank));
    var name = el('span', 'mini-name', row.nickname);
    if (isMe) { name.appendChild(el('span', 'mini-you', ' (' + t('leaderboard.you') + ')')); }
    li.appendChild(name);
    li.appendChild(el('span', 'mini-score', formatNumber(row.score)));
    return li;
  }

  function renderFinished() {
    var fin = S.final || {};
    setRank($('final-rank'), fin.rank !== undefined ? fin.rank : S.rank);
    $('final-score').textContent = formatNumber(typeof fin.score === 'number' ? fin.score : S.score);
    var correctCount = $('final-correct');
    if (typeof fin.correct_count === 'number') {
      correctCount.textContent = t(fin.correct_count === 1 ? 'final.correct_one' : 'final.correct_many',
        { n: fin.correct_count });
      correctCount.hidden = false;
    } else {
      correctCount.hidden = true;
    }
    var list = $('final-podium');
    list.textContent = '';
    (S.podium || []).slice(0, 5).forEach(function (p) {
      var li = el('li', 'podium-item podium-rank-' + p.rank);
      li.appendChild(el('span', 'podium-medal', p.rank));
      var who = el('span', 'podium-name', p.nickname);
      if (p.team) { who.appendChild(el('span', 'podium-team', p.team)); }
      li.appendChild(who);
      li.appendChild(el('span', 'podium-score', formatNumber(p.score)));
      list.appendChild(li);
    });
  }

  /* ----------------------------------------------------------------- my answers (recap) */

  var recap = null;          // the `player:recap` ack, once asked for
  var recapOpen = false;

  function recapAnswer(item, ids) {
    if (ids === null || ids === undefined) { return t('recap.none'); }
    if (!Array.isArray(ids)) { return String(ids); }
    return ids.map(function (id) {
      for (var i = 0; i < item.choices.length; i++) {
        if (item.choices[i].id === id) { return LETTERS[i % LETTERS.length] + ' – ' + I.pick(item.choices[i].text); }
      }
      return id;
    }).join(' ; ');
  }

  function renderRecap() {
    var button = $('btn-recap');
    var box = $('recap');
    if (!button || !box) { return; }
    button.textContent = t(recapOpen ? 'recap.hide' : 'recap.show');
    button.setAttribute('aria-expanded', recapOpen ? 'true' : 'false');
    box.hidden = !recapOpen || !recap;
    var list = $('recap-list');
    list.textContent = '';
    if (!recap) { return; }
    if (!recap.questions.length) { list.appendChild(el('li', 'hint', t('recap.empty'))); }
    recap.questions.forEach(function (item) {
      var kind = item.cancelled ? 'cancelled' : (!item.answered ? 'none' :
        (item.correct === null ? 'recorded' : (item.correct ? 'correct' : (item.points > 0 ? 'almost' : 'incorrect'))));
      var li = el('li', 'panel recap-item recap-' + kind);
      li.appendChild(el('p', 'eyebrow', t('recap.question', { n: item.index + 1 })));
      li.appendChild(el('h3', 'recap-question', I.pick(item.text)));
      var icons = { correct: '✓', incorrect: '✗', none: '–', cancelled: '⊘', recorded: '✓', almost: '≈' };
      var labels = { correct: 'result.correct', incorrect: 'result.incorrect', none: 'result.no_answer',
        cancelled: 'result.cancelled', recorded: 'kinds.result.recorded', almost: 'kinds.result.almost' };
      var outcome = el('p', 'recap-outcome');
      var icon = el('span', 'outcome-icon', icons[kind]);
      icon.setAttribute('aria-hidden', 'true');
      outcome.appendChild(icon);
      outcome.appendChild(document.createTextNode(' ' + t(labels[kind]) +
        (item.points ? ' · ' + t('result.points', { points: formatNumber(item.points) }) : '')));
      li.appendChild(outcome);
      li.appendChild(el('p', 'recap-yours', t('recap.yours') + ' ' + recapAnswer(item, item.your_choices)));
      var right = item.choices.filter(function (c) { return c.correct; }).map(function (c) { return c.id; });
      if (right.length) { li.appendChild(el('p', 'recap-right', t('recap.right') + ' ' + recapAnswer(item, right))); }
      var explanation = I.pick(item.explanation);
      if (explanation) { li.appendChild(el('p', 'recap-explanation', explanation)); }
      if (item.source) { li.appendChild(el('p', 'source', t('result.source', { source: I.pick(item.source) }))); }
      list.appendChild(li);
    });
  }

  var recapButton = $('btn-recap');
  if (recapButton) {
    recapButton.addEventListener('click', function () {
      if (recap) { recapOpen = !recapOpen; renderRecap(); return; }
      recapButton.disabled = true;
      recapButton.textContent = t('recap.loading');
      $('recap-error').hidden = true;
      socket.emit('player:recap', {}, function (res) {
        recapButton.disabled = false;
        if (res && res.ok) {
          recap = res;
          recapOpen = true;
        } else {
          $('recap-error').textContent = (res && res.error && res.error.message) || t('recap.error');
          $('recap-error').hidden = false;
        }
        renderRecap();
        if (recapOpen) { $('recap-title').focus(); }
      });
    });
  }
  document.addEventListener('i18n:change', renderRecap);

  /* ----------------------------------------------------------------- language */

  document.addEventListener('i18n:change', function () {
    setJoinBusy(joinPending);
    $('wait-text').textContent = t(waitKey);
    if (S.question) { renderQuestion(); tick(); }
    renderOwnTime();
    if (S.view === 'reveal') { renderReveal(); }
    if (S.view === 'leaderboard') { renderLeaderboard(); }
    if (S.view === 'finished') { renderFinished(); }
    updatePlayerBar();
  });

  /* ----------------------------------------------------------------- start */

  var storedAtStart = loadStored();
  if (storedAtStart) {
    S.nickname = storedAtStart.nickname || '';
    S.playerId = storedAtStart.player_id || null;
    S.recoveryCode = storedAtStart.recovery_code || '';
    nicknameInput.value = S.nickname;
    showWait('join', 'join.sending');
  } else {
    show('join');
  }
  updatePlayerBar();
}());
