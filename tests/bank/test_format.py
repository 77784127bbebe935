"""The quiz-file loader: inline questions as before, questions given by id from the folder."""

from __future__ import annotations

import pytest
import yaml

from quiz.bank.format import read_quiz_file
from quiz.bank.schema import canonical_question, slug
from tests.bank.conftest import QUIZ_TEXT, RESERVE_TEXT
from tests.factories import quiz_data, write_quiz


def test_inline_questions_load_in_their_stored_form(bank_dir):
    path = write_quiz(bank_dir, "test", count=2)
    quiz = read_quiz_file(path)
    assert (quiz.id, quiz.title, quiz.path) == ("test", {"fr": "Quiz de test", "en": "Test quiz"},
                                                path)
    assert quiz.questions == quiz_data("test", count=2)["questions"]


def test_a_question_given_by_id_is_taken_from_another_file_of_the_folder(write_file):
    write_file(QUIZ_TEXT, "a.yaml")
    mixed = write_file("id: mixed\ntitle: {fr: Mélange}\nquestions:\n  - q1\n", "mixed.yaml")
    quiz = read_quiz_file(mixed)
    assert [q["id"] for q in quiz.questions] == ["q1"]
    assert quiz.questions[0]["text"] == {"fr": "Question 1 ?", "en": "Question 1?"}


def test_a_question_given_by_an_unknown_id_cannot_be_loaded(write_file):
    mixed = write_file("id: mixed\nquestions:\n  - nowhere\n", "mixed.yaml")
    with pytest.raises(ValueError, match="question 'nowhere' not found"):
        read_quiz_file(mixed)


def test_a_bank_export_is_not_mistaken_for_a_quiz_file(write_file):
    path = write_file("quizzes: []\nquestions: []\n", "bank.yaml")
    with pytest.raises(ValueError, match="bank export"):
        read_quiz_file(path)


def test_yaml_dates_are_stored_as_iso_strings(write_file):
    path = write_file(QUIZ_TEXT.replace("    difficulty: easy\n",
                                        "    difficulty: easy\n    valid_until: 2027-12-31\n"))
    assert read_quiz_file(path).questions[0]["valid_until"] == "2027-12-31"


def test_the_canonical_form_is_the_same_however_the_question_was_written():
    terse = yaml.safe_load("""
        id: q
        text: Bonjour
        choices: [{id: 1, text: "17", correct: false}, {id: b, text: {fr: Oui, en: ""}}]
        time_limit: 20.0
        tags: {theme: odd}
    """)
    assert canonical_question(terse) == {
        "id": "q", "text": {"fr": "Bonjour"},
        "choices": [{"id": "1", "text": {"fr": "17"}}, {"id": "b", "text": {"fr": "Oui"}}],
        "time_limit": 20, "tags": {"theme": "odd", "odd": []},
    }


@pytest.mark.parametrize(("text", "expected"), [
    ("L'Accord de Paris a été adopté en 2015 ?", "l-accord-de-paris-a-ete-adopte-en-2015"),
    ("  ÉNERGIE & climat!!  ", "energie-climat"),
    ("???", "question"),
])
def test_a_slug_is_lowercase_ascii_words_joined_by_hyphens(text, expected):
    assert slug(text) == expected


def test_reserve_questions_are_read_apart_from_the_quiz(write_file):
    quiz = read_quiz_file(write_file(RESERVE_TEXT))
    assert [q["id"] for q in quiz.questions] == ["q1"]
    assert [q["id"] for q in quiz.reserve] == ["q2"]
    assert quiz.reserve[0]["text"] == {"fr": "Question 2 ?", "en": "Question 2?"}


def test_another_quiz_may_give_a_reserve_question_by_id(write_file):
    write_file(RESERVE_TEXT, "a.yaml")
    mixed = write_file("id: mixed\ntitle: {fr: Mélange}\nquestions:\n  - q2\n  - q1\n",
                       "mixed.yaml")
    quiz = read_quiz_file(mixed)
    assert [q["id"] for q in quiz.questions] == ["q2", "q1"]
    assert quiz.reserve == []
