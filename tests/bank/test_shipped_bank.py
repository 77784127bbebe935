"""The starter bank shipped in questions/: its size, its themes, its quizzes, its ids.

Issue 3: at least 60 questions in French and English, at least 20 per theme, each with an
explanation (fr/en) and a source; a ready quiz of 10 to 15 questions per theme and a mixed
"Quiz AICT" of 12.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from quiz.bank.format import question_from_data, questions_in_folder, quiz_files, read_quiz_file
from quiz.bank.transfer import read_bank
from quiz.bank.validate import validate_paths
from quiz.cli import load_quiz_files
from quiz.config import resource_path

SHIPPED = resource_path("questions")
THEMES = ("odd", "cooperation", "climat")

# Results across games are keyed on question ids: the ids of the first bank must stay.
FIRST_IDS = """
agenda-2030-adoption-date sdg-number-of-targets mdg-number-of-goals sdg-universality
agenda-2030-leave-no-one-behind sdg-five-ps-odd-one-out sdg-6-topic sdg-17-number-of-targets
sdg-target-17-2-oda oecd-targets-needing-local-governments hlpf-follow-up-body
first-voluntary-local-reviews-japan new-urban-agenda-quito atr-law-1992-first-legal-basis
oudin-santini-water-one-percent transport-one-percent-law-2021 thiolliere-law-tsunami
aect-convention-optional-since-2014 cncd-chaired-by-prime-minister daect-became-dctciv-2023
ficol-created-by-afd platforma-cofunded-by-eu uclg-world-secretariat-barcelona
raict-2020-2021-venue raict-2021-common-thread-climate raict-2021-cuf-president-rebsamen
paris-agreement-cop21 paris-agreement-temperature-goal cop21-president-fabius
cop28-dubai-global-stocktake ipcc-founding-organisations ipcc-does-no-own-research
covenant-of-mayors-launch covenant-of-mayors-2015-target-2030 climate-twin-definition
paris-climate-analogue-2050 climate-twin-cities-toulouse-dusseldorf-tunis
climadiag-is-not-a-climate-twin-tool bilan-carbone-method-ademe demo-sdg-count
demo-sdg-11-number demo-cuf-founded demo-quiz-aict-first-year demo-ipcc-nobel-prize
demo-fridays-for-future
""".split()


@pytest.fixture(scope="module")
def bank() -> dict[str, dict]:
    return questions_in_folder(SHIPPED)


@pytest.fixture(scope="module")
def quizzes() -> dict[str, object]:
    return {quiz.id: quiz for quiz in map(read_quiz_file, quiz_files(SHIPPED))}


def test_the_shipped_bank_validates_without_error_or_warning():
    assert [str(p) for p in validate_paths([SHIPPED], today=date.today())] == []


def test_at_least_60_questions_and_20_per_theme(bank):
    assert len(bank) >= 60
    themes = Counter(q.get("tags", {}).get("theme") for q in bank.values())
    assert set(themes) == set(THEMES), themes
    for theme in THEMES:
        assert themes[theme] >= 20, themes


def test_every_question_is_in_french_and_english_with_explanation_and_source(bank):
    missing = []
    for question_id, q in bank.items():
        texts = [("text", q["text"]), ("explanation", q["explanation"])]
        texts += [(f"choice {c['id']}", c["text"]) for c in q.get("choices", [])]
        for name, text in texts:
            for lang in ("fr", "en"):
                if not isinstance(text, dict) or not str(text.get(lang) or "").strip():
                    missing.append(f"{question_id}: {name}.{lang}")
        if not str(q.get("source") or "").strip():
            missing.append(f"{question_id}: source")
        if q.get("difficulty") not in ("easy", "medium", "hard"):
            missing.append(f"{question_id}: difficulty")
    assert missing == []


def test_a_mix_of_difficulties_and_of_question_kinds(bank):
    difficulties = Counter(q["difficulty"] for q in bank.values())
    assert all(difficulties[d] >= 10 for d in ("easy", "medium", "hard")), difficulties
    kinds = Counter(q["type"] for q in bank.values())
    assert kinds["single"] > len(bank) / 2, kinds  # most stay single choice
    for kind in ("true_false", "multiple", "numeric", "ordering"):
        assert kinds[kind] >= 3, kinds


def test_every_question_builds_for_the_engine_with_its_right_answer(bank):
    for q in bank.values():
        question = question_from_data(q)
        assert question.kind.correct(question) not in (None, [], ())
        if q["type"] == "numeric":
            assert q["min"] <= q["answer"] <= q["max"]


def test_one_quiz_per_theme_of_10_to_15_questions_of_that_theme(quizzes):
    for theme in THEMES:
        quiz = quizzes[theme]
        assert 10 <= len(quiz.questions) <= 15, (theme, len(quiz.questions))
        assert {q["tags"]["theme"] for q in quiz.questions} == {theme}
        assert quiz.title["fr"] and quiz.title["en"]
        # the theme file holds every question of its theme: the quiz's and its reserve
        assert {q["tags"]["theme"] for q in quiz.reserve} == {theme}


def test_the_mixed_quiz_aict_has_12_questions_of_the_three_themes(quizzes):
    quiz = quizzes["aict"]
    assert quiz.title == {"fr": "Quiz AICT", "en": "AICT Quiz"}
    assert len(quiz.questions) == 12
    themes = Counter(q["tags"]["theme"] for q in quiz.questions)
    assert themes == {"odd": 4, "cooperation": 4, "climat": 4}


def test_the_ids_of_the_first_bank_are_kept(bank, quizzes):
    assert [i for i in FIRST_IDS if i not in bank] == []
    # the warm-up quiz (the load test's default) keeps its six questions
    assert [q["id"] for q in quizzes["demo"].questions] == [i for i in FIRST_IDS if
                                                           i.startswith("demo-")]


def test_loading_the_shipped_folder_stores_every_quiz_and_question(make_db, bank):
    db = make_db("shipped")
    loaded = dict(load_quiz_files(db, [Path(SHIPPED)]))
    assert loaded == {"aict": 12, "climat": 13, "cooperation": 13, "demo": 6, "odd": 13}
    stored = read_bank(db)
    assert set(stored.questions) == set(bank)
    assert sorted(q["id"] for q in stored.quizzes) == sorted(loaded)


def test_the_right_answer_of_every_shipped_question_scores_full_marks_in_a_game(quizzes):
    """Each theme quiz and the mixed quiz played in the engine: the right answer is right."""
    from quiz import engine

    for quiz_id in (*THEMES, "aict", "demo"):
        quiz = quizzes[quiz_id]
        questions = tuple(question_from_data(q) for q in quiz.questions)
        game = engine.Game(pin="123456", questions=questions)
        game.join("p1", "Alice")
        now = 0.0
        game.start(now=now)
        for index, question in enumerate(questions):
            now += 1
            right = question.kind.correct(question)
            if question.type == "numeric":
                answer = game.answer("p1", index, None, now=now, value=right)
            else:
                ids = list(right) if isinstance(right, list | tuple) else [right]
                answer = game.answer("p1", index, ids, now=now)
            assert answer.correct is True, (quiz_id, question.id)
            assert answer.points > 0, (quiz_id, question.id)
            now += 1
            if game.phase is engine.Phase.QUESTION:
                game.reveal(now=now)
            while game.phase not in (engine.Phase.QUESTION, engine.Phase.FINISHED):
                now += 1
                game.next(now=now)
        assert game.phase is engine.Phase.FINISHED
