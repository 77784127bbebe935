/* Quiz AICT — the question-bank editor.
 *
 * Progressive help on top of plain server-rendered forms (everything works without it):
 * fields shown for the chosen question type, character counters against the phone's limits,
 * the previews following what is typed.
 */
(function () {
  'use strict';

  var CHOICE_TYPES = ['single', 'true_false', 'multiple', 'ordering', 'poll'];
  var I = window.I18N;

  function t(key, params) { return I ? I.t(key, params) : key; }

  /** Show the choices for choice types and the expected number for numeric questions. */
  function syncType(form) {
    var select = form.querySelector('select[name=type]');
    if (!select) { return; }
    var kind = select.value;
    var choices = form.querySelector('[data-kind=choices]');
    var numeric = form.querySelector('[data-kind=numeric]');
    if (choices) { choices.hidden = CHOICE_TYPES.indexOf(kind) === -1; }
    if (numeric) { numeric.hidden = kind !== 'numeric'; }
  }

  /** Put a "12 / 200" counter after each field that has a length limit. */
  function addCounters(form) {
    var fields = form.querySelectorAll('[data-max]');
    Array.prototype.forEach.call(fields, function (field) {
      var counter = document.createElement('span');
      counter.className = 'counter';
      counter.setAttribute('aria-live', 'off');
      field.insertAdjacentElement('afterend', counter);
      var update = function () {
        var max = parseInt(field.getAttribute('data-max'), 10);
        var n = field.value.length;
        counter.textContent = t('editor.chars', { n: n, max: max });
        var over = n > max;
        counter.classList.toggle('is-over', over);
        field.classList.toggle('is-over', over);
      };
      field.addEventListener('input', update);
      update();
    });
  }

  /** Mirror the French texts into the phone and projector previews while typing. */
  function livePreview(form) {
    var phone = document.getElementById('preview-phone');
    var screen = document.getElementById('preview-screen');
    if (!phone || !screen) { return; }
    form.addEventListener('input', function (ev) {
      var name = ev.target.name || '';
      if (name === 'text_fr') {
        phone.querySelector('.q-text').textContent = ev.target.value;
        screen.querySelector('.question-text').textContent = ev.target.value;
        return;
      }
      var match = /^choice_(\d)_fr$/.exec(name);
      if (match) {
        var i = parseInt(match[1], 10);
        var button = phone.querySelectorAll('.answer-btn')[i];
        var tile = screen.querySelectorAll('.tile')[i];
        if (button) { button.querySelector('.answer-text').textContent = ev.target.value; }
        if (tile) { tile.querySelector('.answer-text-main').textContent = ev.target.value; }
      }
    });
  }

  function init() {
    var form = document.getElementById('question-form');
    if (!form) { return; }
    var select = form.querySelector('select[name=type]');
    if (select) { select.addEventListener('change', function () { syncType(form); }); }
    syncType(form);
    addCounters(form);
    livePreview(form);
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', init);
  } else {
    init();
  }
}());
