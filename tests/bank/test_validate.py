"""The validator: every kind of problem, with its message and its line; the shipped bank."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from quiz.bank.problem import Problem
from quiz.bank.validate import check_question, has_errors, validate_paths
from quiz.config import resource_path
from tests.bank.conftest import QUIZ_TEXT, RESERVE_TEXT, TODAY, line_of
from tests.factories import question_data

SEVEN_CHOICES = "".join(
    f'      - {{id: {c}, text: {{fr: "Choix {c}"}}}}\n' for c in "cdefg"
)

# (what to replace in QUIZ_TEXT, by what, the question id reported, the message, a text on
# the line where the problem must be reported)
QUESTION_PROBLEMS = [
    pytest.param('    source: "https://example.org/source"\n',
                 '    source: "https://example.org/source"\n    colour: red\n',
                 "q1", "unknown key 'colour'", "colour: red", id="unknown-question-key"),
    pytest.param('en: "Choice A"}}', 'en: "Choice A"}, colour: red}', "q1",
                 "choice 'a': unknown key 'colour'", "colour: red", id="unknown-choice-key"),
    pytest.param('en: "Question 1?"', 'de: "Frage 1?"',
                 "q1", "unknown language 'de' in text (one of fr, en)", "Frage", id="unknown-lang"),
    pytest.param("  - id: q1\n    type: single\n", "  - type: single\n",
                 None, "missing id", "- type: single", id="missing-id"),
    pytest.param("    type: single\n", "", "q1", "missing type", "- id: q1", id="missing-type"),
    pytest.param('text: {fr: "Question 1 ?", en: "Question 1?"}', 'text: {en: "Question 1?"}',
                 "q1", "missing text.fr", "text: {en", id="missing-text-fr"),
    pytest.param(QUIZ_TEXT[QUIZ_TEXT.index("    choices:"):QUIZ_TEXT.index("    time_limit")], "",
                 "q1", "missing choices", "- id: q1", id="missing-choices"),
    pytest.param("    time_limit: 20\n", "", "q1", "missing time_limit", "- id: q1",
                 id="missing-time-limit"),
    pytest.param('    source: "https://example.org/source"\n', "", "q1", "missing source",
                 "- id: q1", id="missing-source"),
    pytest.param('source: "https://example.org/source"', 'source: ""', "q1", "missing source",
                 'source: ""', id="empty-source"),
    pytest.param('    explanation: {fr: "Parce que.", en: "Because."}\n', "", "q1",
                 "missing explanation.fr", "- id: q1", id="missing-explanation"),
    pytest.param("{id: b,", "{id: a,", "q1", "duplicate choice id 'a'", "Choix B",
                 id="duplicate-choice-id"),
    pytest.param("type: single", "type: essay", "q1",
                 "unknown type 'essay' (one of single, true_false, multiple, numeric, ordering, "
                 "poll, open)", "type: essay", id="unknown-type"),
    pytest.param(', correct: true}', '}', "q1", "no correct choice", "choices:",
                 id="no-correct-choice"),
    pytest.param('"Choice A"}}', '"Choice A"}, correct: true}', "q1",
                 "2 correct choices (a question of type 'single' has exactly one)", "choices:",
                 id="two-correct-choices"),
    pytest.param('      - {id: a, text: {fr: "Choix A", en: "Choice A"}}\n', "", "q1",
                 "1 choice (2 to 6 allowed)", "choices:", id="too-few-choices"),
    pytest.param('    time_limit: 20\n', SEVEN_CHOICES + "    time_limit: 20\n", "q1",
                 "7 choices (2 to 6 allowed)", "choices:", id="too-many-choices"),
    pytest.param("type: single", "type: true_false", "q1",
                 "a true/false question has exactly two choices, with ids 'true' and 'false'",
                 "choices:", id="true-false-ids"),
    pytest.param('fr: "Question 1 ?"', f'fr: "{"x" * 201}"', "q1",
                 "text.fr is 201 characters (at most 200)", "xxx", id="question-too-long"),
    pytest.param('en: "Question 1?"', f'en: "{"x" * 230}"', "q1",
                 "text.en is 230 characters (at most 200)", "xxx", id="english-too-long"),
    pytest.param('en: "Choice A"', f'en: "{"x" * 91}"', "q1",
                 "choice 'a': text.en is 91 characters (at most 90)", "xxx",
                 id="choice-too-long"),
    pytest.param("time_limit: 20", "time_limit: 300", "q1",
                 "time_limit 300 is out of range (5 to 240 seconds)", "time_limit",
                 id="time-limit-too-long"),
    pytest.param("time_limit: 20", "time_limit: 3", "q1",
                 "time_limit 3 is out of range (5 to 240 seconds)", "time_limit",
                 id="time-limit-too-short"),
    pytest.param("time_limit: 20", "time_limit: twenty", "q1",
                 "time_limit must be a number of seconds", "time_limit", id="time-limit-text"),
    pytest.param("points: standard", "points: triple", "q1",
                 "points 'triple' is not one of standard, double, none", "points",
                 id="unknown-points"),
    pytest.param("difficulty: easy", "difficulty: extreme", "q1",
                 "difficulty 'extreme' is not one of easy, medium, hard", "difficulty",
                 id="unknown-difficulty"),
    pytest.param("theme: odd,", "theme: sport,", "q1",
                 "tags.theme 'sport' is not one of odd, cooperation, climat", "tags",
                 id="unknown-theme"),
    pytest.param("odd: [13]", "odd: [13, 18]", "q1",
                 "tags.odd 18 is not an SDG number (1 to 17)", "tags", id="sdg-number"),
    pytest.param("    difficulty: easy\n", "    difficulty: easy\n    valid_until: 2024-12-31\n",
                 "q1", "expired: valid_until 2024-12-31 has passed", "valid_until",
                 id="expired"),
    pytest.param("    difficulty: easy\n", "    difficulty: easy\n    valid_until: someday\n",
                 "q1", "valid_until 'someday' is not a date (YYYY-MM-DD)", "valid_until",
                 id="valid-until-not-a-date"),
    pytest.param("id: q1", "id: Question 1", "Question 1",
                 "id 'Question 1' is not a slug (lowercase letters, digits and hyphens)",
                 "id: Question 1", id="id-not-a-slug"),
    pytest.param("type: single", "type: poll", "q1",
                 "choice 'b': a question of type 'poll' has no correct choice", "Choix B",
                 id="poll-with-a-correct-choice"),
]


@pytest.fixture
def validate(write_file):
    """Write the text as a quiz file and return its problems, checked on TODAY."""

    def run(text: str, name: str = "test.yaml") -> list[Problem]:
        return validate_paths([write_file(text, name)], today=TODAY)

    return run


def test_the_example_quiz_has_no_problem(validate):
    assert validate(QUIZ_TEXT) == []


@pytest.mark.parametrize(("old", "new", "question_id", "message", "needle"), QUESTION_PROBLEMS)
def test_each_kind_of_problem_is_reported_with_its_message_and_line(
    validate, old, new, question_id, message, needle
):
    assert old in QUIZ_TEXT
    text = QUIZ_TEXT.replace(old, new, 1)
    problems = validate(text)
    assert [(p.question_id, p.message, p.line) for p in problems] == [
        (question_id, message, line_of(text, needle))
    ]
    assert has_errors(problems)


def test_a_numeric_question_needs_its_expected_number(validate):
    text = QUIZ_TEXT.replace("type: single", "type: numeric").replace(
        "    choices:\n", "    answer: 2015\n    tolerance: -1\n    old_choices:\n"
    )
    problems = validate(text)
    assert [(p.message, p.line) for p in problems] == [
        ("unknown key 'old_choices'", line_of(text, "old_choices")),
        ("tolerance must be a number, 0 or more", line_of(text, "tolerance")),
    ]


def test_a_multiple_choice_question_needs_a_correct_choice(validate):
    text = QUIZ_TEXT.replace("type: single", "type: multiple").replace(", correct: true}", "}")
    problems = validate(text)
    assert [(p.message, p.line) for p in problems] == [
        ("no correct choice", line_of(text, "choices:"))
    ]


def test_a_numeric_question_has_no_choices(validate):
    text = QUIZ_TEXT.replace("type: single", "type: numeric").replace(
        "    time_limit", "    answer: 17\n    time_limit")
    problems = validate(text)
    assert [(p.message, p.line) for p in problems] == [
        ("key 'choices' does not apply to a question of type 'numeric'",
         line_of(text, "choices:"))
    ]


def test_a_problem_reads_as_path_line_question_message(validate, bank_dir):
    problems = validate(QUIZ_TEXT.replace(", correct: true}", "}"))
    assert str(problems[0]) == f"{bank_dir / 'test.yaml'}:7: question 'q1': no correct choice"


def test_every_problem_is_reported_not_just_the_first(validate):
    text = (QUIZ_TEXT.replace("time_limit: 20", "time_limit: 999")
            .replace("points: standard", "points: triple")
            .replace(", correct: true}", "}"))
    messages = [p.message for p in validate(text)]
    assert messages == [
        "no correct choice",
        "time_limit 999 is out of range (5 to 240 seconds)",
        "points 'triple' is not one of standard, double, none",
    ]


def test_an_unknown_quiz_key_is_reported_on_its_line(validate):
    text = QUIZ_TEXT.replace("questions:\n", "author: moi\nquestions:\n")
    problems = validate(text)
    assert [(p.question_id, p.message, p.line) for p in problems] == [
        (None, "unknown quiz key 'author'", line_of(text, "author"))
    ]


def test_a_key_given_twice_is_reported(validate):
    text = QUIZ_TEXT.replace("    points: standard\n", "    points: standard\n    points: double\n")
    problems = validate(text)
    assert [(p.message, p.line) for p in problems] == [
        ("duplicate key 'points'", line_of(text, "points: double"))
    ]


def test_a_fact_expiring_within_90_days_is_a_warning_not_an_error(validate):
    text = QUIZ_TEXT.replace("    difficulty: easy\n",
                             "    difficulty: easy\n    valid_until: 2025-07-01\n")
    problems = validate(text)
    assert [(p.severity, p.message) for p in problems] == [
        ("warning", "expires soon: valid_until 2025-07-01 is in 30 days")
    ]
    assert not has_errors(problems)
    assert str(problems[0]).endswith(
        "warning: question 'q1': expires soon: valid_until 2025-07-01 is in 30 days"
    )


def test_a_question_id_defined_in_two_files_is_a_duplicate(write_file, bank_dir):
    first = write_file(QUIZ_TEXT, "a.yaml")
    second = write_file(QUIZ_TEXT.replace("id: test", "id: other"), "b.yaml")
    problems = validate_paths([first, second], today=TODAY)
    assert [(p.path, p.line, p.question_id, p.message) for p in problems] == [
        (second, 4, "q1", f"duplicate question id (first defined at {first}:4)")
    ]


def test_a_question_id_defined_twice_in_one_file_is_a_duplicate(validate, bank_dir):
    second = QUIZ_TEXT.split("questions:\n")[1].replace('"Question 1 ?"', '"Autre ?"')
    text = QUIZ_TEXT + second
    problems = validate(text)
    assert [(p.line, p.message) for p in problems] == [
        (line_of(text, "Autre") - 2,
         f"duplicate question id (first defined at {bank_dir / 'test.yaml'}:4)"),
    ]


def test_a_question_given_by_id_resolves_from_another_file_of_the_folder(write_file):
    write_file(QUIZ_TEXT, "a.yaml")
    mixed = write_file("id: mixed\ntitle: {fr: Mélange}\nquestions:\n  - q1\n", "mixed.yaml")
    assert validate_paths([mixed], today=TODAY) == []


def test_a_question_given_by_an_unknown_id_is_reported(write_file):
    mixed = write_file("id: mixed\ntitle: {fr: Mélange}\nquestions:\n  - nowhere\n", "m.yaml")
    problems = validate_paths([mixed], today=TODAY)
    assert [(p.line, p.question_id, p.message) for p in problems] == [
        (4, "nowhere", "given by id, but no quiz file defines it")
    ]


def test_a_question_listed_twice_in_a_quiz_is_reported(write_file):
    write_file(QUIZ_TEXT, "a.yaml")
    mixed = write_file("id: mixed\ntitle: {fr: M}\nquestions:\n  - q1\n  - q1\n", "mixed.yaml")
    problems = validate_paths([mixed], today=TODAY)
    assert [(p.line, p.message) for p in problems] == [(5, "listed twice in the same quiz")]


def test_a_reserve_is_checked_like_the_quiz_questions(validate):
    assert validate(RESERVE_TEXT) == []
    problems = validate(RESERVE_TEXT.replace("time_limit: 20", "time_limit: 2"))
    assert [(p.line, p.question_id, p.message) for p in problems] == [
        (line_of(QUIZ_TEXT, "time_limit"), "q1", "time_limit 2 is out of range (5 to 240 seconds)"),
        (line_of(QUIZ_TEXT, "time_limit") + line_of(RESERVE_TEXT, "reserve:")
         - line_of(QUIZ_TEXT, "questions:"), "q2",
         "time_limit 2 is out of range (5 to 240 seconds)"),
    ]


def test_a_reserve_question_must_be_written_out_and_not_also_in_the_quiz(write_file):
    write_file(RESERVE_TEXT, "a.yaml")
    other = write_file("id: other\ntitle: {fr: Autre}\nquestions:\n  - q2\nreserve:\n  - q1\n",
                       "other.yaml")
    problems = validate_paths([other], today=TODAY)
    assert [(p.line, p.question_id, p.message) for p in problems] == [
        (6, "q1", "reserve question 1 must be written out in full (a question given by id is "
                  "already in the bank)"),
    ]
    both = RESERVE_TEXT.replace("questions:\n", "questions:\n  - q2\n", 1)
    problems = validate_paths([write_file(both, "a.yaml")], today=TODAY)
    assert [(p.line, p.question_id, p.message) for p in problems] == [
        (4, "q2", "listed in the quiz and written out in its reserve (the reserve holds "
                  "questions the quiz does not play)"),
    ]


def test_a_reserve_question_id_may_not_repeat_a_quiz_question_id(validate):
    problems = validate(RESERVE_TEXT.replace("id: q2", "id: q1"))
    assert [(p.question_id, p.message) for p in problems] == [
        ("q1", f"duplicate question id (first defined at {problems[0].path}:"
               f"{line_of(QUIZ_TEXT, 'id: q1')})"),
    ]


def test_a_quiz_id_used_by_two_files_is_a_duplicate(write_file):
    first = write_file(QUIZ_TEXT, "a.yaml")
    second = write_file(QUIZ_TEXT.replace("id: q1", "id: q2"), "b.yaml")
    problems = validate_paths([first, second], today=TODAY)
    assert [(p.path, p.line, p.message) for p in problems] == [
        (second, 1, f"duplicate quiz id 'test' (first at {first}:1)")
    ]


def test_broken_yaml_is_reported_with_its_line(validate):
    problems = validate(QUIZ_TEXT.replace("    points: standard", "    points: [standard"))
    assert len(problems) == 1
    assert problems[0].line is not None and problems[0].message.startswith("not valid YAML")


def test_a_json_quiz_file_is_checked_with_line_numbers(write_file):
    path = write_file(
        '{\n  "id": "j",\n  "title": {"fr": "J"},\n  "questions": [\n    {"id": "q1",\n'
        '     "type": "single", "text": {"fr": "Q ?"},\n     "choices": [],\n'
        '     "time_limit": 20, "explanation": {"fr": "E."}, "source": "S"}\n  ]\n}\n',
        "j.json",
    )
    problems = validate_paths([path], today=TODAY)
    assert [(p.line, p.message) for p in problems] == [
        (7, "0 choices (2 to 6 allowed)"), (7, "no correct choice"),
    ]


def test_the_shipped_questions_have_no_error():
    problems = validate_paths([resource_path("questions")], today=date.today())
    assert [str(p) for p in problems if p.is_error] == []


def test_one_question_can_be_checked_outside_any_file():
    assert check_question(question_data(1), today=TODAY) == []
    problems = check_question(question_data(1, time_limit=1, points="triple"), today=TODAY)
    assert [(p.question_id, p.message) for p in problems] == [
        ("q1", "time_limit 1 is out of range (5 to 240 seconds)"),
        ("q1", "points 'triple' is not one of standard, double, none"),
    ]


def test_the_documented_example_quiz_is_valid(write_file):
    doc = (Path(__file__).parents[2] / "docs" / "question-format.md").read_text()
    example = doc.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = write_file(example, "climat.yaml")
    problems = validate_paths([path], today=TODAY, known_ids={"demo-sdg-count"})
    assert [str(p) for p in problems] == []


def test_unquoted_true_and_false_choice_ids_are_accepted(validate):
    text = (QUIZ_TEXT.replace("type: single", "type: true_false")
            .replace("{id: a,", "{id: true,").replace("{id: b,", "{id: false,"))
    assert validate(text) == []
