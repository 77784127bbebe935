/* Quiz AICT: the host's control page for one game.
 *
 * Joins with `host:join {pin, host_token}` on every (re)connect, drives the game with the
 * host:* commands, and shows the players, the current question, the answer count, the
 * distribution after the reveal and the leaderboard.
 */
(function () {
  'use strict';

  var I = window.I18N || {
    lang: 'fr',
    t: function (key) { return key; },
    pick: function (v) { return v && typeof v === 'object' ? (v.fr || '') : String(v || ''); }
  };
  var t = function (key, params) { return I.t(key, params); };

  function $(id) { return document.getElementById(id); }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }

  var body = document.body;
  var PIN = body.getAttribute('data-pin') || '';
  var HOST_TOKEN = body.getAttribute('data-host-token') || '';
  var TOTAL = Number(body.getAttribute('data-total')) || 0;  // updated by host:join
  var SHAPES = ['triangle', 'diamond', 'circle', 'square', 'star', 'hexagon'];
  var LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];
  var ACK_TIMEOUT_MS = 10000;

  /** Which commands make sense in each state. */
  var ALLOWED = {
    lobby: ['start', 'end'],
    question: ['reveal', 'pause', 'extend', 'skip', 'end'],
    paused: ['resume', 'end'],
    reveal: ['next', 'end'],
    leaderboard: ['next', 'end'],
    finished: []
  };
  var ACTIONS = ['start', 'reveal', 'next', 'pause', 'resume', 'extend', 'skip', 'end'];

  var S = {
    joined: false,
    state: null,
    pending: false,
    players: [],
    playerCount: 0,
    question: null,
    answerCount: 0,
    answerPlayers: null,
    deadline: 0,
    frozenMs: null,
    timer: null,
    reveal: null,
    locked: false,
    lockPending: false
  };

  /* ----------------------------------------------------------------- UI helpers */

  function showError(message) {
    var box = $('host-error');
    box.textContent = message || '';
    box.hidden = !message;
  }

  /** Scores are shown as plain digits (no locale grouping): easy to read, easy to test. */
  function formatNumber(n) {
    return String(Math.round(Number(n) || 0));
  }

  function stateName(state) {
    if (state && typeof state === 'object') { return state.state || null; }
    return state || null;
  }

  function setState(state) {
    if (!state) { return; }
    var previous = S.state;
    S.state = state;
    body.setAttribute('data-screen', state);
    var badge = $('game-state');
    badge.textContent = t('state.' + state);
    badge.setAttribute('data-state', state);
    badge.className = 'phase-badge phase-' + state;
    if (state === 'paused') { freezeTimer(); }
    if (previous === 'paused' && state === 'question' && S.frozenMs !== null) { startTimer(S.frozenMs); }
    if (state === 'reveal' || state === 'leaderboard' || state === 'finished') { stopTimer(); }
    refreshButtons();
  }

  function refreshButtons() {
    var allowed = (S.joined && ALLOWED[S.state]) || [];
    ACTIONS.forEach(function (action) {
      var btn = $('btn-' + action);
      btn.disabled = S.pending || allowed.indexOf(action) === -1;
    });
    var lock = $('btn-lock');
    lock.disabled = !S.joined || S.lockPending || S.state === 'finished' || !S.state;
    lock.textContent = t(S.locked ? 'host.unlock' : 'host.lock');
    lock.setAttribute('aria-pressed', S.locked ? 'true' : 'false');
    if (typeof refreshSettings === 'function') { refreshSettings(); }
  }

  /* ----------------------------------------------------------------- connection */

  var banner = $('connection-banner');
  var failedConnects = 0;

  var socket = window.io({
    transports: ['websocket', 'polling'],
    tryAllTransports: true,
    reconnection: true,
    reconnectionDelay: 500,
    reconnectionDelayMax: 5000
  });

  socket.on('connect', function () {
    failedConnects = 0;
    banner.hidden = true;
    S.joined = false;
    socket.emit('host:join', { pin: PIN, host_token: HOST_TOKEN }, function (res) {
      if (res && res.ok) {
        S.joined = true;
        showError('');
        if (typeof res.total === 'number') { TOTAL = res.total; }
        if (typeof res.locked === 'boolean') { S.locked = res.locked; }
        setState(stateName(res.state));
        readSettings();
      } else {
        S.joined = false;
        showError(res && res.error ? res.error.message : t('error.generic'));
        refreshButtons();
      }
    });
  });

  socket.on('disconnect', function (reason) {
    S.joined = false;
    banner.hidden = false;
    refreshButtons();
    // socket.io does not reconnect by itself after a server-side disconnect.
    if (reason === 'io server disconnect') {
      setTimeout(function () { if (!socket.connected) { socket.connect(); } }, 1000);
    }
  });

  socket.on('connect_error', function () {
    failedConnects += 1;
    if (failedConnects >= 2 && socket.io && socket.io.opts) {
      socket.io.opts.transports = ['polling', 'websocket'];
    }
    if (failedConnects >= 2) { banner.hidden = false; }
  });

  /* ----------------------------------------------------------------- commands */

  function command(action) {
    if (S.pending || !S.joined) { return; }
    if (action === 'end' && !window.confirm(t('host.end_confirm'))) { return; }
    S.pending = true;
    showError('');
    refreshButtons();
    var done = false;
    var timer = setTimeout(function () {
      done = true;
      S.pending = false;
      showError(t('join.no_answer'));
      refreshButtons();
    }, ACK_TIMEOUT_MS);
    socket.emit('host:' + action, {}, function (res) {
      if (done) { return; }
      done = true;
      clearTimeout(timer);
      S.pending = false;
      if (res && res.ok) {
        setState(stateName(res.state) || S.state);
      } else {
        showError(res && res.error ? res.error.message : t('error.generic'));
        refreshButtons();
      }
    });
  }

  ACTIONS.forEach(function (action) {
    $('btn-' + action).addEventListener('click', function () { command(action); });
  });

  // Close (or reopen) registrations: late joiners get `lobby_locked`.
  $('btn-lock').addEventListener('click', function () {
    if (!S.joined || S.lockPending) { return; }
    S.lockPending = true;
    refreshButtons();
    var want = !S.locked;
    var done = false;
    var timer = setTimeout(function () {
      done = true;
      S.lockPending = false;
      showError(t('join.no_answer'));
      refreshButtons();
    }, ACK_TIMEOUT_MS);
    socket.emit('host:lock', { locked: want }, function (res) {
      if (done) { return; }
      done = true;
      clearTimeout(timer);
      S.lockPending = false;
      if (res && res.ok) {
        S.locked = typeof res.locked === 'boolean' ? res.locked : want;
        showError('');
      } else {
        showError(res && res.error ? res.error.message : t('error.generic'));
      }
      refreshButtons();
    });
  });

  $('player-list').addEventListener('click', function (ev) {
    var btn = ev.target.closest ? ev.target.closest('button[data-kick]') : null;
    if (!btn) { return; }
    var id = btn.getAttribute('data-kick');
    var nickname = btn.getAttribute('data-nickname') || '';
    if (!window.confirm(t('host.kick_confirm', { nickname: nickname }))) { return; }
    btn.disabled = true;
    var playerId = btn.getAttribute('data-kick-type') === 'number' ? Number(id) : id;
    socket.emit('host:kick', { player_id: playerId }, function (res) {
      if (res && res.ok) {
        var li = btn.closest('li');
        if (li) { li.classList.add('is-kicked'); }
      } else {
        btn.disabled = false;
        showError(res && res.error ? res.error.message : t('error.generic'));
      }
    });
  });

  /* ----------------------------------------------------------------- events */

  socket.on('state', function (data) {
    if (!data) { return; }
    var state = stateName(data.state);
    if (typeof data.remaining_ms === 'number' && S.question &&
        (typeof data.index !== 'number' || data.index === S.question.index)) {
      S.frozenMs = Math.max(0, data.remaining_ms);
      if (state === 'question') { startTimer(S.frozenMs); } else { stopTimer(); drawTimer(); }
    }
    setState(state);
    if (typeof data.index === 'number') {
      $('host-progress').textContent = (data.index + 1) + ' / ' + (data.total || TOTAL);
    }
  });

  var playersTimer = null;

  socket.on('lobby', function (data) {
    if (!data) { return; }
    S.players = Array.isArray(data.players) ? data.players : [];
    S.playerCount = typeof data.count === 'number' ? data.count : S.players.length;
    $('player-count').textContent = String(S.playerCount);
    var online = $('connected-count');
    if (typeof data.connected_count === 'number') {
      online.textContent = t(data.connected_count <= 1 ? 'host.connected_one' : 'host.connected', { n: data.connected_count });
      online.hidden = false;
    } else {
      online.hidden = true;
    }
    $('lobby-count').textContent = String(S.playerCount);
    renderAnswerCount();
    if (playersTimer === null) {
      playersTimer = setTimeout(function () { playersTimer = null; renderPlayers(); }, 300);
    }
  });

  var TIME_FACTORS = [1, 1.5, 2];

  function factorText(factor) {
    var text = String(factor);
    return I.lang === 'fr' ? text.replace('.', ',') : text;
  }

  /** The accommodation as a short mark: "temps × 2 · sans vitesse" (empty when none). */
  function accommodationMark(p) {
    var marks = [];
    if (typeof p.time_factor === 'number' && p.time_factor !== 1) {
      marks.push(t('host.mark_time', { factor: factorText(p.time_factor) }));
    }
    if (p.no_speed) { marks.push(t('host.mark_no_speed')); }
    return marks.join(' · ');
  }

  /**
   * The player list is updated in place (rows keyed by player id), so that a control being
   * used keeps its focus and value while lobby updates arrive several times a second.
   */
  function renderPlayers() {
    var list = $('player-list');
    var rows = {};
    Array.prototype.forEach.call(list.children, function (li) {
      rows[li.getAttribute('data-player-id')] = li;
    });
    S.players.forEach(function (p, position) {
      var id = String(p.player_id);
      var li = rows[id] || buildPlayerRow(p);
      delete rows[id];
      updatePlayerRow(li, p);
      if (list.children[position] !== li) { list.insertBefore(li, list.children[position] || null); }
    });
    Object.keys(rows).forEach(function (id) { list.removeChild(rows[id]); });
    $('no-players').hidden = S.players.length > 0;
  }

  function buildPlayerRow(p) {
    var li = el('li', 'player-item');
    li.setAttribute('data-player-id', String(p.player_id));
    var who = el('span', 'player-who');
    who.appendChild(el('span', 'nickname'));
    who.appendChild(el('span', 'team'));
    li.appendChild(who);
    var idType = typeof p.player_id === 'number' ? 'number' : 'string';
    // Accommodation: answer time × 1, × 1.5 or × 2, and points without speed.
    var group = el('span', 'player-accommodation');
    group.setAttribute('role', 'group');
    var timeLabel = el('label', 'acc-time');
    timeLabel.appendChild(el('span', 'visually-hidden'));
    var select = el('select', 'acc-select');
    select.setAttribute('data-acc-time', String(p.player_id));
    select.setAttribute('data-id-type', idType);
    TIME_FACTORS.forEach(function (factor) {
      var option = el('option');
      option.value = String(factor);
      select.appendChild(option);
    });
    timeLabel.appendChild(select);
    group.appendChild(timeLabel);
    var speedLabel = el('label', 'acc-no-speed');
    var box = el('input');
    box.type = 'checkbox';
    box.setAttribute('data-acc-no-speed', String(p.player_id));
    box.setAttribute('data-id-type', idType);
    speedLabel.appendChild(box);
    speedLabel.appendChild(el('span', 'acc-no-speed-text'));
    group.appendChild(speedLabel);
    li.appendChild(group);
    var kick = el('button', 'btn btn-small btn-danger-ghost');
    kick.type = 'button';
    kick.setAttribute('data-kick', String(p.player_id));
    kick.setAttribute('data-kick-type', idType);
    li.appendChild(kick);
    return li;
  }

  function updatePlayerRow(li, p) {
    li.className = 'player-item' + (p.connected === false ? ' is-offline' : '') +
      (accommodationMark(p) ? ' is-accommodated' : '');
    li.querySelector('.nickname').textContent = p.nickname;
    var details = [];
    if (p.team) { details.push(p.team); }
    if (p.connected === false) { details.push(t('host.offline')); }
    var mark = accommodationMark(p);
    if (mark) { details.push('⏱ ' + mark); }
    var team = li.querySelector('.team');
    team.textContent = details.join(' · ');
    team.hidden = details.length === 0;
    li.querySelector('.player-accommodation').setAttribute(
      'aria-label', t('host.accommodation_for', { nickname: p.nickname }));
    li.querySelector('.acc-time .visually-hidden').textContent =
      t('host.time_for', { nickname: p.nickname });
    var select = li.querySelector('select');
    Array.prototype.forEach.call(select.options, function (option) {
      option.textContent = t('host.time_' + option.value);
    });
    var box = li.querySelector('input[type=checkbox]');
    box.setAttribute('aria-label', t('host.no_speed_for', { nickname: p.nickname }));
    li.querySelector('.acc-no-speed-text').textContent = t('host.no_speed');
    // A control in use keeps what the host is choosing; the server's answer updates it after.
    if (document.activeElement !== select) {
      select.value = String(typeof p.time_factor === 'number' ? p.time_factor : 1);
    }
    if (document.activeElement !== box) { box.checked = p.no_speed === true; }
    var kick = li.querySelector('button[data-kick]');
    kick.textContent = t('host.kick');
    kick.setAttribute('data-nickname', p.nickname);
    kick.setAttribute('aria-label', t('host.kick') + ' ' + p.nickname);
  }

  // Changing a player's accommodation sends host:accommodate at once (arrow keys on the time
  // list send one per step); the answer to the latest change is what the row shows.
  var accommodationSeq = 0;
  $('player-list').addEventListener('change', function (ev) {
    var control = ev.target;
    var isTime = control.hasAttribute('data-acc-time');
    if (!isTime && !control.hasAttribute('data-acc-no-speed')) { return; }
    var id = control.getAttribute(isTime ? 'data-acc-time' : 'data-acc-no-speed');
    var playerId = control.getAttribute('data-id-type') === 'number' ? Number(id) : id;
    var payload = { player_id: playerId };
    if (isTime) { payload.time_factor = Number(control.value); } else { payload.no_speed = control.checked; }
    accommodationSeq += 1;
    var seq = accommodationSeq;
    control.setAttribute('data-seq', String(seq));
    socket.emit('host:accommodate', payload, function (res) {
      if (control.getAttribute('data-seq') !== String(seq)) { return; }  // a newer change is on its way
      var player = null;
      S.players.forEach(function (p) { if (String(p.player_id) === id) { player = p; } });
      if (res && res.ok) {
        showError('');
        if (player) {
          player.time_factor = res.time_factor;
          player.no_speed = res.no_speed;
          $('accommodation-status').textContent = t('host.accommodated', {
            nickname: player.nickname, what: accommodationMark(player) || t('host.accommodation_none')
          });
        }
      } else {
        showError(res && res.error ? res.error.message : t('error.generic'));
        if (player && isTime) { control.value = String(player.time_factor || 1); }
        if (player && !isTime) { control.checked = player.no_speed === true; }
      }
      renderPlayers();
    });
  });

  socket.on('question', function (q) {
    if (!q || typeof q.index !== 'number') { return; }
    if (S.question && q.index < S.question.index) { return; }
    var same = S.question && S.question.index === q.index;
    S.question = q;
    if (!same) {
      S.answerCount = 0;
      S.answerPlayers = null;
      S.reveal = null;
      $('host-reveal').hidden = true;
      lastWords = {};
    }
    renderWords(lastWords);
    $('host-progress').textContent = (q.index + 1) + ' / ' + (q.total || TOTAL);
    $('host-q-progress').textContent = t('question.of', { index: q.index + 1, total: q.total || TOTAL });
    $('host-question-text').textContent = I.pick(q.text);
    var list = $('host-choices');
    list.textContent = '';
    (q.choices || []).forEach(function (choice, position) {
      var li = el('li', 'host-choice answer-' + position);
      li.setAttribute('data-choice-id', String(choice.id));
      var shape = el('span', 'shape shape-' + SHAPES[position % SHAPES.length]);
      shape.setAttribute('aria-hidden', 'true');
      li.appendChild(shape);
      li.appendChild(el('span', 'answer-letter', LETTERS[position % LETTERS.length]));
      li.appendChild(el('span', 'answer-text', I.pick(choice.text)));
      list.appendChild(li);
    });
    $('host-question').hidden = false;
    $('host-no-question').hidden = true;
    renderAnswerCount();
    var remaining = typeof q.remaining_ms === 'number' ? q.remaining_ms : q.time_limit_ms;
    remaining = Math.max(0, Number(remaining) || 0);
    if (S.state === 'paused') {
      stopTimer();
      S.frozenMs = remaining;
      drawTimer();
    } else {
      startTimer(remaining);
    }
  });

  socket.on('answer_count', function (data) {
    if (!data || !S.question || data.index !== S.question.index) { return; }
    S.answerCount = Number(data.count) || 0;
    if (typeof data.players === 'number') { S.answerPlayers = data.players; }
    renderAnswerCount();
    if (data.words) { lastWords = data.words; renderWords(lastWords); }
  });

  function renderAnswerCount() {
    var box = $('answer-count');
    var players = S.answerPlayers !== null ? S.answerPlayers : S.playerCount;
    box.querySelector('.answer-count-n').textContent = String(S.answerCount);
    box.querySelector('.answer-count-players').textContent = String(players);
  }

  socket.on('reveal', function (r) {
    if (!r || typeof r.index !== 'number') { return; }
    if (S.question && r.index !== S.question.index) { return; }
    S.reveal = r;
    stopTimer();
    var q = S.question || { choices: [] };
    var correct = Array.isArray(r.correct) ? r.correct.map(String) : [];
    var dist = r.distribution || {};
    var total = 0;
    (q.choices || []).forEach(function (c) { total += Number(dist[String(c.id)]) || 0; });
    var list = $('distribution');
    list.textContent = '';
    (q.choices || []).forEach(function (choice, position) {
      var id = String(choice.id);
      var n = Number(dist[id]) || 0;
      var li = el('li', 'dist-row answer-' + position + (correct.indexOf(id) !== -1 ? ' is-correct' : ''));
      li.setAttribute('data-choice-id', id);
      var label = el('span', 'dist-label');
      var shape = el('span', 'shape shape-' + SHAPES[position % SHAPES.length]);
      shape.setAttribute('aria-hidden', 'true');
      label.appendChild(shape);
      label.appendChild(el('span', 'answer-letter', LETTERS[position % LETTERS.length]));
      label.appendChild(el('span', 'answer-text', I.pick(choice.text) + (correct.indexOf(id) !== -1 ? ' ✓' : '')));
      li.appendChild(label);
      var track = el('span', 'dist-track');
      var fill = el('span', 'dist-fill');
      fill.style.width = (total ? (100 * n / total) : 0).toFixed(1) + '%';
      track.appendChild(fill);
      li.appendChild(track);
      li.appendChild(el('span', 'dist-count', n));
      list.appendChild(li);
    });
    var choices = $('host-choices').children;
    for (var i = 0; i < choices.length; i++) {
      var cid = choices[i].getAttribute('data-choice-id');
      choices[i].classList.toggle('is-correct', correct.indexOf(cid) !== -1);
    }
    var explanation = I.pick(r.explanation);
    $('host-explanation').textContent = explanation + (r.source ? ' — ' + t('result.source', { source: I.pick(r.source) }) : '');
    renderKindSummary(r);
    $('host-reveal').hidden = false;
  });

  socket.on('leaderboard', function (lb) {
    if (!lb || !Array.isArray(lb.top)) { return; }
    renderTeams(lb.teams);
    var list = $('leaderboard');
    list.textContent = '';
    lb.top.slice(0, 10).forEach(function (row) {
      var li = el('li', 'leaderboard-row');
      li.setAttribute('data-rank', String(row.rank));
      li.appendChild(el('span', 'rank', row.rank));
      var who = el('span', 'who');
      who.appendChild(el('span', 'nickname', row.nickname));
      if (row.team) { who.appendChild(el('span', 'team', row.team)); }
      li.appendChild(who);
      li.appendChild(el('span', 'score', formatNumber(row.score)));
      list.appendChild(li);
    });
  });

  socket.on('game_over', function (data) {
    var podium = data && Array.isArray(data.podium) ? data.podium : [];
    if (data && Array.isArray(data.teams) && data.teams.length) { renderTeams(data.teams); }
    var list = $('podium');
    list.textContent = '';
    podium.slice(0, 5).forEach(function (p) {
      var li = el('li', 'podium-place');
      li.setAttribute('data-rank', String(p.rank));
      li.appendChild(el('span', 'rank', p.rank));
      li.appendChild(el('span', 'nickname', p.nickname));
      if (p.team) { li.appendChild(el('span', 'team', p.team)); }
      li.appendChild(el('span', 'score', formatNumber(p.score)));
      list.appendChild(li);
    });
    $('host-podium-box').hidden = false;
    stopTimer();
    setState('finished');
  });

  /* ----------------------------------------------------------------- rules, words, teams */

  var SETTINGS = ['late_join', 'show_leaderboard', 'streak_bonus', 'auto', 'moderation', 'show_rules'];
  var settingsKnown = false;
  var settingsPending = false;

  /** Show the rules as the server last told them (the `host:settings` ack). */
  function reflectSettings(settings) {
    if (settings && typeof settings === 'object') {
      settingsKnown = true;
      SETTINGS.forEach(function (name) {
        if (typeof settings[name] === 'boolean') { $('set-' + name).checked = settings[name]; }
      });
    }
    refreshSettings();
  }

  function refreshSettings() {
    SETTINGS.forEach(function (name) {
      $('set-' + name).disabled = !S.joined || !settingsKnown || settingsPending || S.state === 'finished';
    });
  }

  function sendSettings(settings) {
    settingsPending = true;
    refreshSettings();
    socket.emit('host:settings', { settings: settings }, function (res) {
      settingsPending = false;
      if (res && res.ok) {
        showError('');
        reflectSettings(res.settings);
      } else {
        showError(res && res.error ? res.error.message : t('error.generic'));
        refreshSettings();
        readSettings();  // put the switches back as the server has them
      }
    });
  }

  /** An empty change answers with the current rules: the way to read them after host:join. */
  function readSettings() {
    socket.emit('host:settings', { settings: {} }, function (res) {
      if (res && res.ok) { reflectSettings(res.settings); }
    });
  }

  $('rule-toggles').addEventListener('change', function (ev) {
    var box = ev.target;
    var name = box && box.getAttribute('data-setting');
    if (!name || !S.joined) { return; }
    var change = {};
    change[name] = !!box.checked;
    sendSettings(change);
  });

  var hiddenWords = [];

  function renderWords(words) {
    var isCloud = S.question && String(S.question.type) === 'open';
    $('host-words').hidden = !isCloud;
    if (!isCloud) { return; }
    var list = $('word-list');
    list.textContent = '';
    var entries = Object.keys(words || {}).map(function (w) { return [w, Number(words[w]) || 0]; });
    entries.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
    entries.forEach(function (e) {
      var li = el('li', 'word-item');
      li.setAttribute('data-word', e[0]);
      li.appendChild(el('span', 'word-text', e[0]));
      li.appendChild(el('span', 'word-count', e[1]));
      var hide = el('button', 'btn btn-small btn-danger-ghost', t('kinds.host.hide'));
      hide.type = 'button';
      hide.setAttribute('data-hide-word', e[0]);
      hide.setAttribute('aria-label', t('kinds.host.hide_word', { word: e[0] }));
      li.appendChild(hide);
      list.appendChild(li);
    });
    $('no-words').hidden = entries.length > 0;
    var hiddenLine = $('hidden-words');
    hiddenLine.textContent = hiddenWords.length ? t('kinds.host.hidden', { words: hiddenWords.join(', ') }) : '';
    hiddenLine.hidden = !hiddenWords.length;
  }

  $('word-list').addEventListener('click', function (ev) {
    var btn = ev.target.closest ? ev.target.closest('button[data-hide-word]') : null;
    if (!btn) { return; }
    btn.disabled = true;
    var word = btn.getAttribute('data-hide-word');
    socket.emit('host:hide_word', { word: word }, function (res) {
      if (res && res.ok) {
        hiddenWords = Array.isArray(res.hidden) ? res.hidden : hiddenWords.concat([word]);
        var li = btn.closest('li');
        if (li) { li.parentNode.removeChild(li); }
        renderWords(lastWords);
        showError('');
      } else {
        btn.disabled = false;
        showError(res && res.error ? res.error.message : t('error.generic'));
      }
    });
  });

  var lastWords = {};

  function renderTeams(teams) {
    var box = $('host-teams-box');
    if (!Array.isArray(teams) || !teams.length) { box.hidden = true; return; }
    var list = $('team-standings');
    list.textContent = '';
    teams.forEach(function (row) {
      var ranked = row.rank !== null && row.rank !== undefined;
      var li = el('li', 'leaderboard-row team-row' + (ranked ? '' : ' is-unranked'));
      li.setAttribute('data-rank', ranked ? String(row.rank) : '');
      li.appendChild(el('span', 'rank', ranked ? row.rank : '–'));
      var who = el('span', 'who');
      who.appendChild(el('span', 'nickname', row.team));
      who.appendChild(el('span', 'team', t('kinds.host.members', { n: row.members }) +
        (ranked ? '' : ' · ' + t('kinds.host.unranked'))));
      li.appendChild(who);
      li.appendChild(el('span', 'score', formatNumber(row.score)));
      list.appendChild(li);
    });
    box.hidden = false;
  }

  /** Numeric, ordering and word-cloud reveals in one line (their bars would say little). */
  function renderKindSummary(r) {
    var node = $('host-kind-summary');
    var type = S.question ? String(S.question.type) : '';
    var d = r.distribution || {};
    var text = '';
    if (type === 'numeric') {
      text = t('kinds.host.true_value', { value: r.correct });
      if (typeof d.median === 'number') {
        text += ' · ' + t('kinds.host.median', { value: Math.round(d.median * 100) / 100, n: d.within_tolerance || 0 });
      }
    } else if (type === 'open') {
      text = Object.keys(d).slice(0, 20).map(function (w) { return w + ' (' + d[w] + ')'; }).join(', ');
    }
    node.textContent = text;
    node.hidden = !text;
    $('distribution').hidden = type === 'numeric' || type === 'open';
  }

  /* Keyboard: Space = the next step, P = pause / resume, R = reveal (not while typing). */
  document.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.repeat) { return; }
    var target = ev.target;
    var tag = target && target.tagName ? target.tagName.toLowerCase() : '';
    if (tag === 'input' || tag === 'textarea' || tag === 'select' || (target && target.isContentEditable)) { return; }
    var key = ev.key;
    var allowed = (S.joined && ALLOWED[S.state]) || [];
    var action = null;
    if (key === ' ' || key === 'Spacebar') {
      // A focused control other than start / reveal / next keeps its own Space.
      if (tag === 'button' || tag === 'a') {
        var own = ['btn-start', 'btn-reveal', 'btn-next'];
        if (own.indexOf(target.id) === -1) { return; }
      }
      ev.preventDefault();
      action = ['start', 'next', 'reveal'].filter(function (a) { return allowed.indexOf(a) !== -1; })[0] || null;
    } else if (key === 'p' || key === 'P') {
      action = allowed.indexOf('pause') !== -1 ? 'pause' : (allowed.indexOf('resume') !== -1 ? 'resume' : null);
    } else if (key === 'r' || key === 'R') {
      action = allowed.indexOf('reveal') !== -1 ? 'reveal' : null;
    }
    if (action) { command(action); }
  });

  /* ----------------------------------------------------------------- timer */

  function now() {
    return window.performance && performance.now ? performance.now() : Date.now();
  }

  function startTimer(ms) {
    stopTimer();
    S.frozenMs = null;
    S.deadline = now() + ms;
    drawTimer();
    S.timer = setInterval(drawTimer, 250);
  }

  function stopTimer() {
    if (S.timer !== null) { clearInterval(S.timer); }
    S.timer = null;
    if (S.state !== 'question' && S.state !== 'paused') { $('host-timer').textContent = ''; }
  }

  function freezeTimer() {
    if (S.frozenMs === null && S.timer !== null) {
      S.frozenMs = Math.max(0, S.deadline - now());
      stopTimer();
      drawTimer();
    }
  }

  /** At most how long players with extra time may answer after the hall (ms). */
  function extraTimeMs() {
    var factor = 1;
    S.players.forEach(function (p) {
      if (typeof p.time_factor === 'number' && p.time_factor > factor) { factor = p.time_factor; }
    });
    return S.question ? (factor - 1) * (Number(S.question.time_limit_ms) || 0) : 0;
  }

  function drawTimer() {
    var left = S.frozenMs !== null ? S.frozenMs : Math.max(0, S.deadline - now());
    var text = t('question.seconds', { n: Math.ceil(left / 1000) });
    var extra = S.frozenMs === null && S.state === 'question' ? extraTimeMs() : 0;
    // The hall's time is over, but a player with extra time may still be answering: the
    // question closes at their deadline (or when they answer, or when the host reveals).
    var more = left <= 0 && extra > 0 ? Math.max(0, S.deadline + extra - now()) : 0;
    if (more > 0) { text += ' · ' + t('host.extra_time', { n: Math.ceil(more / 1000) }); }
    $('host-timer').textContent = text;
    if (left <= 0 && more <= 0) { stopTimer(); }
  }

  /* ----------------------------------------------------------------- start */

  document.addEventListener('i18n:change', function () {
    if (S.state) { setState(S.state); }
    renderPlayers();
  });

  $('game-state').textContent = t('state.connecting');
  refreshButtons();
}());
