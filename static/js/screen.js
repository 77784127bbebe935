/* Quiz AICT: the projector view of one game (read-only).
 *
 * Joins with `screen:join {pin}` on every (re)connect and renders the lobby, the question,
 * the reveal, the leaderboard, the pause overlay and the podium from the server's events.
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
  var SHAPES = ['triangle', 'diamond', 'circle', 'square', 'star', 'hexagon'];
  var LETTERS = ['A', 'B', 'C', 'D', 'E', 'F'];
  var RING_LENGTH = 2 * Math.PI * 44;
  var MAX_CHIPS = 160;
  var reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  var S = {
    phase: null,
    paused: false,
    players: [],
    playerCount: 0,
    question: null,
    answerCount: 0,
    answerPlayers: null,
    deadline: 0,
    frozenMs: null,
    rafId: null,
    reveal: null,
    leaderboard: null,
    podium: null,
    view: 'lobby'
  };

  /* ----------------------------------------------------------------- helpers */

  /** Scores are shown as plain digits (no locale grouping): easy to read, easy to test. */
  function formatNumber(n) {
    return String(Math.round(Number(n) || 0));
  }

  function localized(obj) {
    // French first on the projector; English shown below when it exists and differs.
    var fr = I.pick(obj, I.lang);
    var en = '';
    if (obj && typeof obj === 'object' && obj.en && obj.en !== fr) { en = obj.en; }
    if (I.lang === 'en' && obj && typeof obj === 'object') { en = obj.fr && obj.fr !== fr ? obj.fr : ''; }
    return { main: fr, second: en };
  }

  function questionKind(q) {
    var type = String((q && q.type) || '').toLowerCase();
    if (type === 'true_false' || type === 'truefalse' || type === 'boolean') { return 'true_false'; }
    return 'choice';
  }

  function choiceLabel(q, choice, position) {
    var text = I.pick(choice ? choice.text : '');
    if (!text && questionKind(q) === 'true_false') { text = position === 0 ? 'Vrai' : 'Faux'; }
    return text;
  }

  function choiceFace(position, text, withEnglish) {
    var frag = document.createDocumentFragment();
    var shape = el('span', 'shape shape-' + SHAPES[position % SHAPES.length]);
    shape.setAttribute('aria-hidden', 'true');
    frag.appendChild(shape);
    frag.appendChild(el('span', 'answer-letter', LETTERS[position % LETTERS.length]));
    var textBox = el('span', 'answer-text');
    textBox.appendChild(el('span', 'answer-text-main', text));
    if (withEnglish) { textBox.appendChild(el('span', 'answer-text-en', withEnglish)); }
    frag.appendChild(textBox);
    return frag;
  }

  /** Shrink an element's font until its content fits its box (long questions, long answers). */
  function fitText(node, minRatio) {
    if (!node || node.hidden) { return; }
    node.style.fontSize = '';
    var base = parseFloat(window.getComputedStyle(node).fontSize) || 16;
    var size = base;
    var floor = base * (minRatio || 0.4);
    var guard = 0;
    while ((node.scrollHeight > node.clientHeight + 1 || node.scrollWidth > node.clientWidth + 1) &&
           size > floor && guard < 40) {
      size *= 0.92;
      node.style.fontSize = size + 'px';
      guard += 1;
    }
  }

  /* ----------------------------------------------------------------- views */

  var VIEWS = ['lobby', 'question', 'reveal', 'leaderboard', 'finished', 'message'];

  function show(view) {
    VIEWS.forEach(function (name) { $('view-' + name).hidden = name !== view; });
    S.view = view;
    body.setAttribute('data-view', view);
    syncScreenAttr();
    if (view === 'question') { fitQuestion(); }
    if (view === 'reveal') { fitReveal(); }
    if (view === 'lobby') { layoutChips(); }
  }

  function syncScreenAttr() {
    body.setAttribute('data-screen', S.paused ? 'paused' : S.view);
    $('paused-overlay').hidden = !S.paused;
  }

  function showMessage(text) {
    $('screen-message').textContent = text;
    show('message');
  }

  function setPaused(paused) {
    S.paused = paused;
    if (paused) { freezeCountdown(); }
    syncScreenAttr();
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
    socket.emit('screen:join', { pin: PIN }, function (res) {
      if (res && res.ok) {
        if (S.view === 'message') { show('lobby'); }
        enterState(stateName(res.state), null);
      } else if (res && res.error) {
        showMessage(res.error.code === 'unknown_game' ? t('screen.unknown_game') : (res.error.message || t('error.generic')));
      }
    });
  });

  socket.on('disconnect', function (reason) {
    banner.hidden = false;
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

  function stateName(state) {
    if (state && typeof state === 'object') { return state.state || null; }
    return state || null;
  }

  /* ----------------------------------------------------------------- state */

  function enterState(state, index, remaining) {
    if (!state) { return; }
    S.phase = state;
    var hasIndex = typeof index === 'number';
    // The server's own figure for the time left beats our local clock.
    if (typeof remaining === 'number' && S.question && (!hasIndex || index === S.question.index)) {
      if (state === 'paused') {
        stopCountdown();
        S.frozenMs = Math.max(0, remaining);
        drawRing(S.frozenMs);
      } else if (state === 'question') {
        S.frozenMs = Math.max(0, remaining);
        if (!S.paused) { startCountdown(S.frozenMs); }
      }
    }
    if (state !== 'paused' && S.paused) {
      setPaused(false);
      if (state === 'question' && S.frozenMs !== null) { startCountdown(S.frozenMs); }
    }
    switch (state) {
      case 'lobby':
        show('lobby');
        break;
      case 'question':
        if (S.question && (!hasIndex || S.question.index === index)) { show('question'); }
        break;
      case 'paused':
        setPaused(true);
        break;
      case 'reveal':
        stopCountdown();
        if (S.reveal && S.question && S.reveal.index === S.question.index) { show('reveal'); }
        break;
      case 'leaderboard':
        stopCountdown();
        if (S.leaderboard) { show('leaderboard'); }
        break;
      case 'finished':
        stopCountdown();
        renderPodium();
        show('finished');
        break;
      default:
        break;
    }
  }

  socket.on('state', function (data) {
    if (!data) { return; }
    if (data.total) { S.total = data.total; }
    enterState(stateName(data.state), typeof data.index === 'number' ? data.index : null,
      typeof data.remaining_ms === 'number' ? data.remaining_ms : null);
  });

  /* ----------------------------------------------------------------- lobby */

  var chipsTimer = null;

  socket.on('lobby', function (data) {
    if (!data) { return; }
    S.players = Array.isArray(data.players) ? data.players : [];
    S.playerCount = typeof data.count === 'number' ? data.count : S.players.length;
    renderCount();
    // Hundreds of joins per minute: redraw the chips at most four times a second.
    if (chipsTimer === null) {
      chipsTimer = setTimeout(function () { chipsTimer = null; renderChips(); }, 250);
    }
  });

  /* ----------------------------------------------------------------- rules of scoring */

  /** The host may show the rules over the lobby's player list; the QR code and PIN stay. */
  socket.on('rules', function (r) {
    if (!r) { return; }
    var panel = $('lobby-rules');
    var used = {
      speed: r.speed, fixed: r.fixed, wrong: r.speed || r.fixed, double: r.double,
      partial: (r.kinds || []).some(function (k) { return k === 'multiple' || k === 'numeric' || k === 'ordering'; }),
      streak: r.streak_bonus, teams: r.teams, ungraded: r.ungraded, network: r.speed
    };
    panel.querySelectorAll('li[data-rule]').forEach(function (li) {
      li.hidden = !used[li.getAttribute('data-rule')];
    });
    fillAll(panel, '.rule-streak-step', r.streak_step);
    fillAll(panel, '.rule-streak-cap', r.streak_cap);
    fillAll(panel, '.rule-team-min', r.team_min_size);
    fillAll(panel, '.rule-credit', String(r.network_credit_cap_ms / 1000).replace('.', ','));
    fillAll(panel, '.rule-credit-en', String(r.network_credit_cap_ms / 1000));
    panel.hidden = !r.shown;
    $('chips-wrap').hidden = !!r.shown;
    $('chips-more').hidden = !!r.shown;
    body.setAttribute('data-rules', r.shown ? 'shown' : 'hidden');
    if (!r.shown) { layoutChips(); }
  });

  function fillAll(root, selector, value) {
    if (value === undefined || value === null) { return; }
    root.querySelectorAll(selector).forEach(function (node) { node.textContent = String(value); });
  }

  function renderCount() {
    $('lobby-count').textContent = String(S.playerCount);
    $('lobby-count-label').textContent = S.playerCount === 1 ? t('screen.players_one') : t('screen.players_many');
    if (S.question) { renderAnswerCount(); }
  }

  var firstSeen = {};       // player_id -> time its chip first appeared
  var chipsRendered = false;
  var CHIP_HIGHLIGHT_MS = 2500;

  function renderChips() {
    var list = $('lobby-players');
    list.textContent = '';
    var t0 = now();
    // Newest first, so that people see their own name appear.
    var shown = S.players.slice(-MAX_CHIPS).reverse();
    shown.forEach(function (p) {
      var key = String(p.player_id);
      var chip = el('li', 'chip' + (p.connected === false ? ' is-offline' : ''), p.nickname);
      chip.setAttribute('data-player-id', key);
      if (firstSeen[key] === undefined) {
        // Players already there when the page opened are not "new".
        firstSeen[key] = chipsRendered ? t0 : -Infinity;
      }
      var age = t0 - firstSeen[key];
      if (age < CHIP_HIGHLIGHT_MS && !reduceMotion) {
        // Redraws must not restart the highlight: resume the animation where it was.
        chip.classList.add('chip-new');
        chip.style.animationDelay = (-Math.round(age)) + 'ms';
      }
      list.appendChild(chip);
    });
    chipsRendered = true;
    $('chips-empty').hidden = S.players.length > 0;
    layoutChips();
  }

  /** Drop the chips that do not fit the panel and say how many are not shown. */
  function layoutChips() {
    if (S.view !== 'lobby') { return; }
    var wrap = $('chips-wrap');
    var list = $('lobby-players');
    var chips = list.children;
    for (var i = 0; i < chips.length; i++) { chips[i].hidden = false; }
    var limit = wrap.clientHeight;
    var visible = 0;
    for (var j = 0; j < chips.length; j++) {
      if (chips[j].offsetTop + chips[j].offsetHeight > limit) {
        chips[j].hidden = true;
      } else {
        visible += 1;
      }
    }
    var hiddenCount = Math.max(0, S.playerCount - visible);
    var more = $('chips-more');
    // The line keeps its height when empty, so showing it never shrinks the chips panel.
    more.textContent = hiddenCount > 0 ?
      t(hiddenCount === 1 ? 'screen.more_one' : 'screen.more', { n: formatNumber(hiddenCount) }) : '';
  }

  /* ----------------------------------------------------------------- question */

  socket.on('question', function (q) {
    if (!q || typeof q.index !== 'number') { return; }
    if (S.question && q.index < S.question.index) { return; }
    var same = S.question && S.question.index === q.index;
    S.question = q;
    if (q.total) { S.total = q.total; }
    if (!same) {
      S.reveal = null;
      S.answerCount = 0;
      S.answerPlayers = null;
      liveWords = null;
      wordsModerated = false;
    }
    var remaining = typeof q.remaining_ms === 'number' ? q.remaining_ms : q.time_limit_ms;
    remaining = Math.max(0, Number(remaining) || 0);
    renderQuestion();
    if (S.paused) {
      stopCountdown();
      S.frozenMs = remaining;
      drawRing(remaining);
    } else {
      S.phase = 'question';
      startCountdown(remaining);
    }
    show('question');
  });

  function renderQuestion() {
    var q = S.question;
    var texts = localized(q.text);
    $('question-text').textContent = texts.main;
    var en = $('question-text-en');
    en.textContent = texts.second;
    en.hidden = !texts.second;
    var progress = t('question.of', { index: q.index + 1, total: q.total || S.total || '?' });
    if (q.points === 'double') { progress += ' · ' + t('question.points_double'); }
    if (q.points === 'none') { progress += ' · ' + t('question.points_none'); }
    $('bar-progress').textContent = progress;

    var tiles = $('question-choices');
    tiles.textContent = '';
    var choices = Array.isArray(q.choices) ? q.choices : [];
    tiles.className = 'tiles tiles-n' + choices.length + ' tiles-' + typeOf(q);
    choices.forEach(function (choice, position) {
      var tile = el('div', 'tile answer-' + position);
      tile.setAttribute('data-choice-id', String(choice.id));
      var label = localized(choice.text);
      var main = choiceLabel(q, choice, position);
      if (!label.main && questionKind(q) === 'true_false') { label.second = position === 0 ? 'True' : 'False'; }
      tile.appendChild(choiceFace(position, main, label.second));
      tiles.appendChild(tile);
    });
    renderQuestionKind(q);
    renderAnswerCount();
    fitQuestion();
  }

  function fitQuestion() {
    if (S.view !== 'question' && $('view-question').hidden) { return; }
    fitText($('q-texts'), 0.45);
    var texts = $('question-choices').querySelectorAll('.answer-text');
    for (var i = 0; i < texts.length; i++) { fitText(texts[i], 0.45); }
    var cloud = $('question-stage').querySelector('.cloud');
    if (cloud) { fitText(cloud, 0.25); }
  }

  socket.on('answer_count', function (data) {
    if (!data || !S.question || data.index !== S.question.index) { return; }
    S.answerCount = Number(data.count) || 0;
    if (typeof data.players === 'number') { S.answerPlayers = data.players; }
    renderAnswerCount();
    if (typeOf(S.question) === 'open') {
      // The projector hears the words only when the host does not moderate them.
      wordsModerated = !data.words;
      liveWords = data.words || null;
      if (S.view === 'question') { renderLiveCloud(); }
    }
  });

  function renderAnswerCount() {
    var players = S.answerPlayers !== null ? S.answerPlayers : S.playerCount;
    var box = $('answer-count');
    box.querySelector('.answer-count-n').textContent = String(S.answerCount);
    box.querySelector('.answer-count-players').textContent = String(players);
    box.classList.toggle('is-complete', players > 0 && S.answerCount >= players);
  }

  /* ----------------------------------------------------------------- countdown ring */

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
    var loop = function () {
      var left = remainingMs();
      drawRing(left);
      tickIfDue(left);
      S.rafId = left > 0 ? window.requestAnimationFrame(loop) : null;
    };
    loop();
  }

  function stopCountdown() {
    if (S.rafId !== null) { window.cancelAnimationFrame(S.rafId); }
    S.rafId = null;
  }

  function freezeCountdown() {
    if (S.frozenMs === null) {
      var left = remainingMs();
      stopCountdown();
      S.frozenMs = left;
      drawRing(left);
    }
  }

  function drawRing(left) {
    var q = S.question;
    if (!q) { return; }
    var limit = Math.max(Number(q.time_limit_ms) || 0, left, 1);
    var fraction = Math.max(0, Math.min(1, left / limit));
    var fill = $('ring-fill');
    fill.style.strokeDasharray = RING_LENGTH.toFixed(2);
    fill.style.strokeDashoffset = (RING_LENGTH * (1 - fraction)).toFixed(2);
    var secs = Math.ceil(left / 1000);
    var label = $('countdown-seconds');
    if (label.textContent !== String(secs)) { label.textContent = String(secs); }
    var ring = $('ring');
    ring.classList.toggle('is-urgent', secs <= 5);
    ring.classList.toggle('is-over', left <= 0);
  }

  /* ----------------------------------------------------------------- reveal */

  socket.on('reveal', function (r) {
    if (!r || typeof r.index !== 'number') { return; }
    if (S.question && r.index !== S.question.index) { return; }
    if (!S.reveal || S.reveal.index !== r.index) { Sound.play(r.cancelled ? null : 'chime'); }
    S.reveal = r;
    S.phase = 'reveal';
    stopCountdown();
    if (S.paused) { setPaused(false); }
    renderReveal();
    show('reveal');
    // Let the bars start from zero, then grow (CSS transition).
    window.requestAnimationFrame(function () {
      window.requestAnimationFrame(growBars);
    });
  });

  function renderReveal() {
    var r = S.reveal;
    var q = S.question || { choices: [], text: '' };
    var texts = localized(q.text);
    $('reveal-question-text').textContent = texts.main;
    var qEn = $('reveal-question-text-en');
    qEn.textContent = texts.second;
    qEn.hidden = !texts.second;
    $('bar-progress').textContent = q.index !== undefined ?
      t('question.of', { index: q.index + 1, total: q.total || S.total || '?' }) : '';

    var correct = Array.isArray(r.correct) ? r.correct.map(String) : [];
    var dist = r.distribution || {};
    var choices = Array.isArray(q.choices) ? q.choices : [];
    var max = 0;
    var total = 0;
    choices.forEach(function (c) {
      var n = Number(dist[String(c.id)]) || 0;
      max = Math.max(max, n);
      total += n;
    });

    var bars = $('distribution');
    bars.textContent = '';
    bars.className = 'bars bars-n' + choices.length;
    choices.forEach(function (choice, position) {
      var id = String(choice.id);
      var n = Number(dist[id]) || 0;
      var isCorrect = correct.indexOf(id) !== -1;
      // A poll has no right answer: every bar stays bright, none is ticked.
      var other = typeOf(q) === 'poll' ? ' is-neutral' : ' is-wrong';
      var col = el('div', 'bar-col answer-' + position + (isCorrect ? ' is-correct' : other));
      col.setAttribute('data-choice-id', id);
      col.setAttribute('data-count', String(n));
      var area = el('div', 'bar-area');
      var fill = el('div', 'bar-fill');
      fill.setAttribute('data-height', max > 0 ? String(n / max) : '0');
      var count = el('span', 'bar-count', formatNumber(n));
      fill.appendChild(count);
      area.appendChild(fill);
      col.appendChild(area);
      // Under each bar: shape + letter, then the choice's text; the right answer is repeated below.
      var label = el('div', 'bar-label');
      var shape = el('span', 'shape shape-' + SHAPES[position % SHAPES.length]);
      shape.setAttribute('aria-hidden', 'true');
      label.appendChild(shape);
      label.appendChild(el('span', 'answer-letter', LETTERS[position % LETTERS.length]));
      label.setAttribute('title', choiceLabel(q, choice, position));
      if (isCorrect) {
        var mark = el('span', 'bar-check', '✓');
        mark.setAttribute('aria-label', t('result.correct'));
        label.appendChild(mark);
      }
      col.appendChild(label);
      // The choice's own text under its bar (French, then English when it differs).
      var barText = el('div', 'bar-text');
      barText.appendChild(el('span', 'bar-text-main', choiceLabel(q, choice, position)));
      var barTextEn = localized(choice.text).second;
      if (barTextEn) { barText.appendChild(el('span', 'bar-text-en', barTextEn)); }
      col.appendChild(barText);
      bars.appendChild(col);
    });

    var strip = $('correct-answer');
    strip.textContent = '';
    choices.forEach(function (choice, position) {
      if (correct.indexOf(String(choice.id)) === -1) { return; }
      var item = el('li', 'correct-tile answer-' + position);
      item.setAttribute('data-choice-id', String(choice.id));
      var check = el('span', 'bar-check', '✓');
      check.setAttribute('aria-hidden', 'true');
      item.appendChild(check);
      var label = localized(choice.text);
      item.appendChild(choiceFace(position, choiceLabel(q, choice, position), label.second));
      strip.appendChild(item);
    });
    if (!Array.isArray(r.correct) && r.correct !== undefined && r.correct !== null) {
      var value = el('li', 'correct-tile correct-value');
      value.appendChild(el('span', 'bar-check', '✓'));
      var valueText = el('span', 'answer-text');
      valueText.appendChild(el('span', 'answer-text-main', I.pick(r.correct)));
      value.appendChild(valueText);
      strip.appendChild(value);
    }
    strip.hidden = strip.children.length === 0;

    $('reveal-cancelled').hidden = !r.cancelled;

    var explanation = localized(r.explanation);
    var source = r.source ? I.pick(r.source) : '';
    $('explanation').textContent = explanation.main;
    $('explanation').hidden = !explanation.main;
    $('explanation-en').textContent = explanation.second;
    $('explanation-en').hidden = !explanation.second;
    $('source').textContent = source ? t('screen.source', { source: source }) : '';
    $('source').hidden = !source;
    renderRevealKind(r, q);
    var box = $('explanation-box');
    box.hidden = !explanation.main && !source;
    $('view-reveal').classList.toggle('has-explanation', !box.hidden);
  }

  function growBars() {
    var fills = $('distribution').querySelectorAll('.bar-fill');
    for (var i = 0; i < fills.length; i++) {
      var h = Number(fills[i].getAttribute('data-height')) || 0;
      fills[i].style.height = (h > 0 ? Math.max(h * 100, 3) : 0).toFixed(2) + '%';
      fills[i].parentNode.parentNode.classList.toggle('is-empty', h === 0);
      fills[i].parentNode.parentNode.classList.add('is-grown');
    }
  }

  function fitReveal() {
    fitText($('reveal-head'), 0.5);
    fitText($('explanation-box'), 0.45);
    var texts = $('correct-answer').querySelectorAll('.answer-text');
    for (var i = 0; i < texts.length; i++) { fitText(texts[i], 0.5); }
    var barTexts = $('distribution').querySelectorAll('.bar-text');
    for (var j = 0; j < barTexts.length; j++) { fitText(barTexts[j], 0.5); }
    var cloud = $('reveal-kind').querySelector('.cloud');
    if (cloud) { fitText(cloud, 0.25); }
    var order = $('reveal-kind').querySelector('.order-right');
    if (order) { fitText(order, 0.5); }
  }

  /* ----------------------------------------------------------------- leaderboard */

  socket.on('leaderboard', function (lb) {
    if (!lb || !Array.isArray(lb.top)) { return; }
    S.leaderboard = lb;
    S.phase = 'leaderboard';
    stopCountdown();
    if (S.paused) { setPaused(false); }
    var before = { players: slotsOf($('leaderboard')), teams: slotsOf($('team-leaderboard')) };
    renderLeaderboard();
    show('leaderboard');
    flipRows($('leaderboard'), before.players);
    flipRows($('team-leaderboard'), before.teams);
  });

  function renderLeaderboard() {
    var list = $('leaderboard');
    list.textContent = '';
    S.leaderboard.top.slice(0, 10).forEach(function (row, i) {
      var li = el('li', 'leaderboard-row' + (row.rank <= 3 ? ' top-' + row.rank : ''));
      li.style.setProperty('--i', String(i));
      li.setAttribute('data-key', 'p:' + String(row.player_id));
      li.setAttribute('data-rank', String(row.rank));
      li.appendChild(el('span', 'rank', row.rank));
      var who = el('span', 'who');
      who.appendChild(el('span', 'nickname', row.nickname));
      if (row.team) { who.appendChild(el('span', 'team', row.team)); }
      li.appendChild(who);
      li.appendChild(el('span', 'score', formatNumber(row.score)));
      list.appendChild(li);
    });
    renderTeamBoard(S.leaderboard);
  }

  /* ----------------------------------------------------------------- game over */

  socket.on('game_over', function (data) {
    if (!S.podium) { Sound.play('fanfare'); }
    S.podium = data && Array.isArray(data.podium) ? data.podium : [];
    S.teamPodium = data && Array.isArray(data.teams) ? data.teams : [];
    S.phase = 'finished';
    stopCountdown();
    if (S.paused) { setPaused(false); }
    $('bar-progress').textContent = '';
    renderPodium();
    show('finished');
  });

  /** Group the podium by rank (ties share a step): at most three steps, 1st in the middle. */
  function renderPodium() {
    renderTeamPodium();
    var list = $('podium');
    list.textContent = '';
    var groups = [];
    (S.podium || []).forEach(function (p, i) {
      var rank = p.rank || i + 1;
      var last = groups[groups.length - 1];
      if (last && last.rank === rank) { last.players.push(p); } else { groups.push({ rank: rank, players: [p] }); }
    });
    groups.slice(0, 3).forEach(function (group, slot) {
      var li = el('li', 'podium-place place-' + Math.min(group.rank, 3) + ' slot-' + (slot + 1));
      li.setAttribute('data-rank', String(group.rank));
      if (group.players.length > 1) { li.classList.add('is-tied'); }
      var who = el('div', 'podium-who');
      var names = el('ul', 'podium-names');
      group.players.slice(0, 4).forEach(function (p) {
        var item = el('li', 'podium-name');
        item.appendChild(el('span', 'nickname', p.nickname));
        if (p.team) { item.appendChild(el('span', 'team', p.team)); }
        names.appendChild(item);
      });
      if (group.players.length > 4) {
        var extra = group.players.length - 4;
        names.appendChild(el('li', 'podium-more', t(extra === 1 ? 'screen.more_one' : 'screen.more', { n: extra })));
      }
      who.appendChild(names);
      var points = el('span', 'points');
      points.appendChild(el('span', 'score', formatNumber(group.players[0].score)));
      points.appendChild(el('span', 'unit', ' pts'));
      who.appendChild(points);
      li.appendChild(who);
      var step = el('div', 'podium-step');
      step.appendChild(el('span', 'podium-rank', group.rank));
      li.appendChild(step);
      list.appendChild(li);
    });
  }

  /* ----------------------------------------------------------------- question kinds */

  var KIND_HINTS = {
    multiple: 'kinds.screen.multiple', numeric: 'kinds.screen.numeric', ordering: 'kinds.screen.ordering',
    poll: 'kinds.screen.poll', open: 'kinds.screen.open'
  };
  var liveWords = null;       // {word: n} of the open word cloud, when the projector may show it
  var wordsModerated = false; // the host moderates: words reach the projector only at the reveal

  function typeOf(q) {
    return String((q && q.type) || 'single').toLowerCase();
  }

  function isNumber(v) {
    return typeof v === 'number' && isFinite(v);
  }

  /** Numbers as the hall reads them: a decimal comma, thin-space thousands. */
  function formatValue(n) {
    var x = Number(n);
    if (!isFinite(x)) { return '–'; }
    var rounded = Math.round(x * 100) / 100;
    var parts = String(Math.abs(rounded)).split('.');
    var whole = Math.abs(rounded) >= 10000 ? parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, '\u202f') : parts[0];
    return (rounded < 0 ? '−' : '') + whole + (parts[1] ? ',' + parts[1] : '');
  }

  function unitOf(q) {
    var unit = q && q.unit ? I.pick(q.unit) : '';
    return unit ? ' ' + unit : '';
  }

  /** A UI line in French, with its English translation when the question is bilingual. */
  function bilingual(node, key, params, withEnglish) {
    node.textContent = '';
    node.appendChild(el('span', 'kind-hint-main', t(key, params)));
    var dict = I.dict && I.dict.en;
    if (withEnglish && dict && dict[key]) {
      var en = el('span', 'kind-hint-en', dict[key].replace(/\{(\w+)\}/g, function (w, name) {
        return params && Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : w;
      }));
      en.setAttribute('lang', 'en');
      node.appendChild(en);
    }
  }

  /** Per kind: the hint under the question, neutral tiles for ordering, a stage for the rest. */
  function renderQuestionKind(q) {
    var type = typeOf(q);
    var hint = $('question-kind-hint');
    var english = !!(q.text && typeof q.text === 'object' && q.text.en);
    var hintParams = null;
    var key = KIND_HINTS[type];
    if (type === 'numeric' && isNumber(q.min) && isNumber(q.max)) {
      key = 'kinds.screen.range';
      hintParams = { min: formatValue(q.min) + unitOf(q), max: formatValue(q.max) + unitOf(q) };
    }
    if (key) { bilingual(hint, key, hintParams, english); }
    hint.hidden = !key;
    $('view-question').setAttribute('data-kind', type);
    var tiles = $('question-choices');
    var stage = $('question-stage');
    stage.textContent = '';
    stage.className = 'kind-stage stage-' + type;
    var staged = type === 'numeric' || type === 'open';
    tiles.hidden = staged;
    stage.hidden = !staged;
    if (type === 'ordering') {
      // The items in the shuffled order every phone shows; no shapes or letters: no "A" first.
      tiles.textContent = '';
      tiles.classList.add('tiles-order');
      (q.choices || []).forEach(function (choice) {
        var tile = el('div', 'tile tile-item');
        tile.setAttribute('data-choice-id', String(choice.id));
        var label = localized(choice.text);
        var text = el('span', 'answer-text');
        text.appendChild(el('span', 'answer-text-main', label.main));
        if (label.second) { text.appendChild(el('span', 'answer-text-en', label.second)); }
        tile.appendChild(text);
        tiles.appendChild(tile);
      });
    }
    if (type === 'numeric') {
      var scale = el('div', 'numeric-stage');
      if (isNumber(q.min) && isNumber(q.max)) {
        scale.appendChild(el('span', 'numeric-end', formatValue(q.min)));
        scale.appendChild(el('span', 'numeric-line'));
        scale.appendChild(el('span', 'numeric-end', formatValue(q.max)));
      } else {
        scale.appendChild(el('span', 'numeric-ask', '?'));
      }
      stage.appendChild(scale);
      if (unitOf(q)) { stage.appendChild(el('p', 'numeric-unit', unitOf(q).trim())); }
    }
    if (type === 'open') { renderLiveCloud(); }
  }

  function renderLiveCloud() {
    var stage = $('question-stage');
    if (!S.question || typeOf(S.question) !== 'open') { return; }
    if (wordsModerated) {
      stage.textContent = '';
      stage.appendChild(el('p', 'cloud-empty', t('kinds.screen.cloud_moderated')));
      return;
    }
    renderCloud(stage, liveWords || {});
  }

  function hashOf(text) {
    var h = 0;
    for (var i = 0; i < text.length; i++) { h = (h * 31 + text.charCodeAt(i)) % 9973; }
    return h;
  }

  /** Words sized by how many gave them (the square root keeps small words readable). */
  function renderCloud(container, words) {
    container.textContent = '';
    var entries = Object.keys(words || {}).map(function (w) { return [w, Number(words[w]) || 0]; })
      .filter(function (e) { return e[1] > 0; });
    entries.sort(function (a, b) { return b[1] - a[1] || (a[0] < b[0] ? -1 : 1); });
    entries = entries.slice(0, 60);
    if (!entries.length) {
      container.appendChild(el('p', 'cloud-empty', t('kinds.screen.cloud_wait')));
      return;
    }
    var max = entries[0][1];
    var arranged = [];
    entries.forEach(function (e, i) { if (i % 2) { arranged.push(e); } else { arranged.unshift(e); } });
    var cloud = el('ul', 'cloud');
    cloud.setAttribute('aria-label', t('kinds.screen.answers', { n: entries.length }));
    arranged.forEach(function (e) {
      var word = el('li', 'cloud-word cloud-c' + (hashOf(e[0]) % 6), e[0]);
      word.setAttribute('data-word', e[0]);
      word.setAttribute('data-count', String(e[1]));
      word.style.fontSize = (1 + 2.6 * Math.sqrt(e[1] / max)).toFixed(2) + 'em';
      cloud.appendChild(word);
    });
    container.appendChild(cloud);
    fitText(cloud, 0.25);
  }

  /** The reveal's own picture for numeric, ordering and word clouds (bars serve the rest). */
  function renderRevealKind(r, q) {
    var type = typeOf(q);
    var box = $('reveal-kind');
    box.textContent = '';
    box.className = 'reveal-kind reveal-' + type;
    var own = type === 'numeric' || type === 'ordering' || type === 'open';
    $('view-reveal').setAttribute('data-kind', type);
    $('distribution').hidden = own;
    box.hidden = !own;
    if (own) { $('correct-answer').hidden = true; }
    if (type === 'numeric') { renderNumericReveal(box, r, q); }
    if (type === 'ordering') { renderOrderReveal(box, r, q); }
    if (type === 'open') { renderCloud(box, r.distribution || {}); }
  }

  function statBox(label, value, className) {
    var box = el('div', 'nstat' + (className ? ' ' + className : ''));
    box.appendChild(el('span', 'nstat-value', value));
    box.appendChild(el('span', 'nstat-label', label));
    return box;
  }

  /** A strip plot: one dot per answer (stacked when close), the true value and the median. */
  function renderNumericReveal(box, r, q) {
    var d = r.distribution || {};
    var values = (Array.isArray(d.values) ? d.values : []).map(Number).filter(isFinite);
    var truth = Number(r.correct);
    var unit = unitOf(q);
    var stats = el('div', 'numeric-stats');
    stats.appendChild(statBox(t('kinds.screen.true_value'), formatValue(truth) + unit, 'nstat-truth'));
    if (isNumber(d.median)) { stats.appendChild(statBox(t('kinds.screen.median'), formatValue(d.median) + unit, 'nstat-median')); }
    var within = isNumber(d.within_tolerance) ? d.within_tolerance : 0;
    var count = isNumber(d.count) ? d.count : values.length;
    stats.appendChild(statBox(t('kinds.screen.within', { n: '' }).trim(), formatValue(within) + ' / ' + formatValue(count), 'nstat-within'));
    box.appendChild(stats);
    var all = values.concat(isFinite(truth) ? [truth] : []);
    if (!all.length) { return; }
    var lo = Math.min.apply(null, all);
    var hi = Math.max.apply(null, all);
    var span = hi - lo || Math.abs(truth) * 0.1 || 1;
    lo -= span * 0.08;
    hi += span * 0.08;
    if (isNumber(q.min)) { lo = Math.max(lo, q.min); }
    if (isNumber(q.max)) { hi = Math.min(hi, q.max); }
    if (hi <= lo) { hi = lo + 1; }
    var pos = function (v) { return Math.max(0, Math.min(100, 100 * (v - lo) / (hi - lo))); };
    var strip = el('div', 'strip');
    strip.appendChild(el('div', 'strip-axis'));
    var stacks = {};
    values.forEach(function (v) {
      var x = pos(v);
      var bin = Math.round(x / 1.6);
      var level = stacks[bin] = (stacks[bin] || 0) + 1;
      var dot = el('span', 'strip-dot');
      dot.style.left = x.toFixed(2) + '%';
      dot.style.setProperty('--level', String(Math.min(level - 1, 14)));
      strip.appendChild(dot);
    });
    if (isNumber(d.median)) {
      var median = el('div', 'strip-mark strip-median');
      median.style.left = pos(d.median).toFixed(2) + '%';
      median.appendChild(el('span', 'strip-label', t('kinds.screen.median') + ' ' + formatValue(d.median)));
      strip.appendChild(median);
    }
    var mark = el('div', 'strip-mark strip-truth');
    mark.style.left = pos(truth).toFixed(2) + '%';
    mark.appendChild(el('span', 'strip-label', '✓ ' + formatValue(truth) + unit));
    strip.appendChild(mark);
    box.appendChild(strip);
    var scale = el('div', 'strip-scale');
    scale.appendChild(el('span', null, formatValue(lo)));
    scale.appendChild(el('span', null, formatValue(hi)));
    box.appendChild(scale);
  }

  /** The right order, each item with how many players put it in its place. */
  function renderOrderReveal(box, r, q) {
    var order = Array.isArray(r.correct) ? r.correct.map(String) : [];
    var dist = r.distribution || {};
    var most = S.answerCount;
    order.forEach(function (id) { most = Math.max(most, Number(dist[id]) || 0); });
    box.appendChild(el('h2', 'order-title', t('kinds.screen.right_order')));
    var list = el('ol', 'order-right');
    order.forEach(function (id, place) {
      var choice = null;
      (q.choices || []).forEach(function (c) { if (String(c.id) === id) { choice = c; } });
      var n = Number(dist[id]) || 0;
      var li = el('li', 'order-right-item');
      li.setAttribute('data-choice-id', id);
      li.setAttribute('data-count', String(n));
      li.appendChild(el('span', 'order-num', place + 1));
      var label = localized(choice ? choice.text : id);
      var text = el('span', 'order-text');
      text.appendChild(el('span', 'answer-text-main', label.main));
      if (label.second) { text.appendChild(el('span', 'answer-text-en', label.second)); }
      li.appendChild(text);
      var meter = el('span', 'order-meter');
      var fill = el('span', 'order-meter-fill');
      fill.style.width = (most > 0 ? 100 * n / most : 0).toFixed(1) + '%';
      meter.appendChild(fill);
      li.appendChild(meter);
      li.appendChild(el('span', 'order-count', t('kinds.screen.placed_right', { n: formatNumber(n) })));
      list.appendChild(li);
    });
    box.appendChild(list);
  }

  /* ----------------------------------------------------------------- teams */

  function teamRow(row, i) {
    var ranked = row.rank !== null && row.rank !== undefined;
    var li = el('li', 'leaderboard-row team-row' + (ranked && row.rank <= 3 ? ' top-' + row.rank : '') +
      (ranked ? '' : ' is-unranked'));
    li.style.setProperty('--i', String(i));
    li.setAttribute('data-key', 't:' + String(row.team));
    li.setAttribute('data-rank', ranked ? String(row.rank) : '');
    li.appendChild(el('span', 'rank', ranked ? row.rank : '–'));
    var who = el('span', 'who');
    who.appendChild(el('span', 'nickname team-name', row.team));
    who.appendChild(el('span', 'team', t('kinds.screen.members', { n: row.members })));
    li.appendChild(who);
    li.appendChild(el('span', 'score', formatNumber(row.score)));
    return li;
  }

  /** Team standings beside the players' (ranked teams first; too-small teams greyed, apart). */
  function renderTeamBoard(lb) {
    var teams = lb && Array.isArray(lb.teams) ? lb.teams : null;
    var has = !!(teams && teams.length);
    $('view-leaderboard').classList.toggle('has-teams', has);
    $('team-board-box').hidden = !has;
    var list = $('team-leaderboard');
    list.textContent = '';
    if (!has) { return; }
    var ranked = teams.filter(function (row) { return row.rank !== null && row.rank !== undefined; });
    var unranked = teams.filter(function (row) { return row.rank === null || row.rank === undefined; });
    ranked.concat(unranked).slice(0, 10).forEach(function (row, i) { list.appendChild(teamRow(row, i)); });
    $('team-unranked-note').hidden = unranked.length === 0;
  }

  function renderTeamPodium() {
    var teams = (S.teamPodium || []).filter(function (row) { return row.rank !== null; });
    $('view-finished').classList.toggle('has-teams', teams.length > 0);
    $('team-podium-box').hidden = teams.length === 0;
    var list = $('team-podium');
    list.textContent = '';
    teams.slice(0, 3).forEach(function (row, i) {
      var li = teamRow(row, i);
      li.classList.add('team-podium-row');
      list.appendChild(li);
    });
  }


  /* ----------------------------------------------------------------- leaderboard motion (FLIP) */

  /** Where each row of a list sat on the last leaderboard: {data-key: slot}. */
  function slotsOf(list) {
    var slots = {};
    var rows = list.children;
    for (var i = 0; i < rows.length; i++) {
      var key = rows[i].getAttribute('data-key');
      if (key) { slots[key] = i; }
    }
    return slots;
  }

  /** Rows already on the previous leaderboard slide from their old slot to their new one
   * (First, Last, Invert, Play: the row is drawn at its new place, shifted back, then let go).
   * The list was hidden in between, so old places are slots, turned into pixels by the pitch
   * of the new rows. Newcomers keep their entrance animation; reduced motion: no movement. */
  function flipRows(list, before) {
    var rows = list.children;
    if (!rows.length || !Object.keys(before).length) { return; }
    var pitch = rows.length > 1 ? rows[1].offsetTop - rows[0].offsetTop : rows[0].offsetHeight;
    for (var i = 0; i < rows.length; i++) {
      var row = rows[i];
      var old = before[row.getAttribute('data-key')];
      if (old === undefined) { continue; }
      row.classList.add('is-known');
      row.setAttribute('data-from-slot', String(old));
      var dy = (old - i) * pitch;
      if (!dy || reduceMotion || typeof row.animate !== 'function') { continue; }
      row.setAttribute('data-flip-dy', String(Math.round(dy)));
      row.classList.add('is-moving');
      var motion = row.animate(
        [{ transform: 'translateY(' + dy + 'px)' }, { transform: 'none' }],
        { duration: 900, delay: 250, easing: 'cubic-bezier(0.2, 0.8, 0.2, 1)', fill: 'backwards' });
      motion.onfinish = (function (r) { return function () { r.classList.remove('is-moving'); }; }(row));
    }
  }

  /* ----------------------------------------------------------------- sound (off by default) */

  function storedSetting(key) {
    try { return window.localStorage.getItem(key); } catch (e) { return null; }
  }

  function storeSetting(key, value) {
    try { window.localStorage.setItem(key, value); } catch (e) { /* private mode: not kept */ }
  }

  /** The English text of a UI key, for the projector's bilingual labels. */
  function english(key) {
    var dict = I.dict && I.dict.en;
    return dict && dict[key] ? dict[key] : '';
  }

  function bilingualLabel(key) {
    var main = t(key);
    var en = I.lang === 'en' ? '' : english(key);
    return en && en !== main ? main + ' / ' + en : main;
  }

  /** Every sound is made here with the Web Audio API: no file, nothing loaded. No
   * AudioContext exists until someone turns the sound on (browsers also require a gesture). */
  var Sound = (function () {
    var KEY = 'quiz.screen.sound';
    var AudioCtx = window.AudioContext || window.webkitAudioContext;
    var on = storedSetting(KEY) === 'on' && !!AudioCtx;
    var ctx = null;
    var master = null;
    var button = $('btn-sound');

    function context() {
      if (!AudioCtx) { return null; }
      if (!ctx) {
        ctx = new AudioCtx();
        master = ctx.createGain();
        master.gain.value = 0.5;
        master.connect(ctx.destination);
      }
      if (ctx.state === 'suspended') { ctx.resume().catch(function () { /* needs a gesture */ }); }
      return ctx;
    }

    function tone(freq, at, duration, type, gain) {
      var c = ctx;
      var start = c.currentTime + at;
      var osc = c.createOscillator();
      var env = c.createGain();
      osc.type = type || 'sine';
      osc.frequency.setValueAtTime(freq, start);
      env.gain.setValueAtTime(0.0001, start);
      env.gain.exponentialRampToValueAtTime(gain || 0.2, start + 0.015);
      env.gain.exponentialRampToValueAtTime(0.0001, start + duration);
      osc.connect(env);
      env.connect(master);
      osc.start(start);
      osc.stop(start + duration + 0.05);
    }

    var SOUNDS = {
      // A soft wooden tick each of the last five seconds; the last one a little higher.
      tick: function () { tone(880, 0, 0.09, 'sine', 0.18); },
      tick_last: function () { tone(1175, 0, 0.12, 'sine', 0.22); },
      // Three bell notes rising: the answer is out.
      chime: function () {
        [659.3, 880, 1318.5].forEach(function (f, i) {
          tone(f, i * 0.12, 1.1, 'triangle', 0.22);
          tone(f * 2, i * 0.12, 0.5, 'sine', 0.05);
        });
      },
      // The podium: a short brass-like call ending on a held major chord.
      fanfare: function () {
        var notes = [[523.3, 0, 0.18], [659.3, 0.18, 0.18], [784, 0.36, 0.18], [1046.5, 0.54, 0.5]];
        notes.forEach(function (n) { tone(n[0], n[1], n[2] + 0.1, 'square', 0.07); tone(n[0], n[1], n[2] + 0.1, 'triangle', 0.16); });
        [523.3, 659.3, 784, 1046.5].forEach(function (f) { tone(f, 0.95, 1.6, 'triangle', 0.12); });
      },
      // Confirms the sound works when it is turned on.
      hello: function () { tone(784, 0, 0.15, 'sine', 0.18); tone(1046.5, 0.12, 0.25, 'sine', 0.18); }
    };

    function render() {
      body.setAttribute('data-sound', on ? 'on' : 'off');
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      var label = bilingualLabel(on ? 'screen.sound_mute' : 'screen.sound_unmute');
      button.setAttribute('aria-label', label);
      button.setAttribute('title', label + ' (M)');
      button.hidden = !AudioCtx;
    }

    function toggle() {
      on = !on;
      storeSetting(KEY, on ? 'on' : 'off');
      if (on) {
        if (context()) { SOUNDS.hello(); }
      } else if (ctx && ctx.state === 'running') {
        ctx.suspend().catch(function () { /* already closed */ });
      }
      render();
    }

    /** Remembered "on" from an earlier visit: the context starts at the first gesture. */
    function wake() {
      if (on) { context(); }
    }

    button.addEventListener('click', toggle);
    render();
    return {
      toggle: toggle,
      wake: wake,
      play: function (name) {
        if (!on || !name || !SOUNDS[name]) { return; }
        var c = context();
        if (!c || c.state !== 'running') { return; }
        SOUNDS[name]();
      }
    };
  }());

  var lastTick = null;

  /** During a running countdown, one tick per second over the last five. */
  function tickIfDue(left) {
    var secs = Math.ceil(left / 1000);
    if (left <= 0 || secs > 5 || S.paused) { lastTick = null; return; }
    var key = (S.question ? S.question.index : -1) + ':' + secs;
    if (key === lastTick) { return; }
    lastTick = key;
    Sound.play(secs === 1 ? 'tick_last' : 'tick');
  }

  /* ----------------------------------------------------------------- full screen */

  var FullScreen = (function () {
    var root = document.documentElement;
    var button = $('btn-fullscreen');
    var request = root.requestFullscreen || root.webkitRequestFullscreen;
    var exit = document.exitFullscreen || document.webkitExitFullscreen;
    var enabled = document.fullscreenEnabled !== undefined ? document.fullscreenEnabled : document.webkitFullscreenEnabled;
    var supported = !!(request && exit && enabled);

    function current() { return document.fullscreenElement || document.webkitFullscreenElement || null; }

    function render() {
      var full = !!current();
      body.setAttribute('data-fullscreen', full ? 'on' : 'off');
      button.hidden = !supported;
      button.setAttribute('aria-pressed', full ? 'true' : 'false');
      var label = bilingualLabel(full ? 'screen.fullscreen_exit' : 'screen.fullscreen');
      button.setAttribute('aria-label', label);
      button.setAttribute('title', label + ' (F)');
    }

    function toggle() {
      if (!supported) { return; }
      var done;
      try {
        done = current() ? exit.call(document) : request.call(root);
      } catch (e) { done = null; }
      if (done && typeof done.catch === 'function') {
        done.catch(function () { body.setAttribute('data-fullscreen', 'refused'); });
      }
    }

    if (supported) {
      button.addEventListener('click', toggle);
      document.addEventListener('fullscreenchange', render);
      document.addEventListener('webkitfullscreenchange', render);
    }
    render();
    return { toggle: toggle };
  }());

  /* Keyboard: M toggles the sound, F the full screen (the buttons work with Tab and Enter too). */
  document.addEventListener('keydown', function (ev) {
    if (ev.ctrlKey || ev.metaKey || ev.altKey || ev.repeat) { return; }
    var key = (ev.key || '').toLowerCase();
    if (key === 'm') { Sound.toggle(); }
    if (key === 'f') { FullScreen.toggle(); }
  });
  ['pointerdown', 'keydown'].forEach(function (type) {
    document.addEventListener(type, Sound.wake, { passive: true });
  });

  /* ----------------------------------------------------------------- start */

  window.addEventListener('resize', function () {
    if (S.view === 'question') { fitQuestion(); }
    if (S.view === 'reveal') { fitReveal(); }
    if (S.view === 'lobby') { layoutChips(); }
  });

  renderCount();
  show('lobby');
}());
