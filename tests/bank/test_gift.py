"""Moodle GIFT files: what can be played live is read, the rest is skipped with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.bank.reader import read_file
from quiz.bank.transfer import import_paths
from tests.bank.conftest import TODAY

GIFT = """\
// Questions ODD, exportées de Moodle
$CATEGORY: $course$/top/ODD

::Nombre d'ODD:: Combien d'ODD l'Agenda 2030 compte-t-il ? {
  =17#Oui, 17 objectifs.
  ~8#Ce sont les OMD.
  ~12
  ####L'Agenda 2030 compte 17 ODD et 169 cibles.
}

L'Accord de Paris a été adopté en 2015. {T#Non.#Oui, à la COP21.}

[html]Le GIEC a reçu le <b>prix Nobel</b> de la paix. {FALSE}

En quelle année l'Accord de Paris a-t-il été adopté ? {#2015:1}

Combien de cibles ? {#160..170}

Lesquels sont des ODD ? {~%50%Climat ~%50%Eau ~%-100%Sport}

Racontez votre COP préférée. {}

Associez les COP et les villes. {=COP21 -> Paris =COP26 -> Glasgow}

Quelle ville a accueilli la COP21 ? {=Paris =paris}

Le GIEC a été créé en {~1968 =1988 ~2000}.

Un texte sans question.

Prix : 10 \\{environ\\} euros \\: combien ? {=10 ~20}
"""


@pytest.fixture
def gift_file(tmp_path: Path) -> Path:
    path = tmp_path / "odd.gift"
    path.write_text(GIFT, encoding="utf-8")
    return path


@pytest.fixture
def questions(gift_file) -> list[dict]:
    return read_file(gift_file).data["questions"]


def test_a_multiple_choice_question_becomes_a_single_choice_one(questions):
    assert questions[0] == {
        "id": "combien-d-odd-l-agenda-2030-compte-t-il",
        "type": "single",
        "text": {"fr": "Combien d'ODD l'Agenda 2030 compte-t-il ?"},
        "choices": [
            {"id": "a", "text": {"fr": "17"}, "correct": True},
            {"id": "b", "text": {"fr": "8"}},
            {"id": "c", "text": {"fr": "12"}},
        ],
        "time_limit": 20,
        "points": "standard",
        "explanation": {"fr": "L'Agenda 2030 compte 17 ODD et 169 cibles."},
        "source": "",
    }


def test_true_false_questions_become_true_false_ones(questions):
    paris, nobel = questions[1], questions[2]
    assert (paris["type"], paris["explanation"]) == ("true_false", {"fr": "Oui, à la COP21."})
    assert [(c["id"], c.get("correct", False)) for c in paris["choices"]] == [
        ("true", True), ("false", False)
    ]
    assert nobel["text"] == {"fr": "Le GIEC a reçu le prix Nobel de la paix."}
    assert [c["id"] for c in nobel["choices"] if c.get("correct")] == ["false"]


def test_numeric_questions_keep_their_answer_and_tolerance(questions):
    assert [(q["type"], q["answer"], q.get("tolerance")) for q in questions[3:5]] == [
        ("numeric", 2015, 1), ("numeric", 165, 5)
    ]


def test_weighted_answers_make_a_multiple_answer_question(questions):
    assert questions[5]["type"] == "multiple"
    assert [c["text"]["fr"] for c in questions[5]["choices"] if c.get("correct")] == [
        "Climat", "Eau"
    ]


def test_escaped_characters_are_kept_as_text(questions):
    assert questions[-1]["text"] == {"fr": "Prix : 10 {environ} euros : combien ?"}
    assert len(questions) == 7


def test_what_cannot_be_played_live_is_skipped_with_its_line(gift_file):
    notes = read_file(gift_file).notes
    assert [(p.line, p.severity, p.message) for p in notes] == [
        (21, "warning", "skipped an essay question: it cannot be played live"),
        (23, "warning", "skipped a matching question: it cannot be played live"),
        (25, "warning", "skipped a short-answer question (typed answers): it cannot be played "
                        "live"),
        (27, "warning", "skipped a missing-word (cloze) question: it cannot be played live"),
        (29, "warning", "skipped a description (text without answers): nothing to play"),
    ]


def test_gift_questions_are_imported_and_flagged_until_completed(db, gift_file):
    report = import_paths(db, [gift_file], today=TODAY)
    assert (dict(report.questions), dict(report.quizzes)) == ({"created": 7}, {"created": 1})
    messages = {(p.line, p.message) for p in report.problems if p.is_error}
    assert (4, "missing source") in messages
    assert (15, "missing explanation.fr") in messages
    assert "missing explanation.fr" not in {m for line, m in messages if line == 4}
