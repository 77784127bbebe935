"""After the quiz: the results pages, the exports against the API, stats, the player's recap."""

from __future__ import annotations

import csv
import io
from datetime import datetime

import pytest
from openpyxl import load_workbook


def api(client, api_headers, path: str):
    response = client.get(path, headers=api_headers)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response


def test_the_game_ends_after_the_last_question(finished, client, api_headers):
    game = finished[0]
    assert api(client, api_headers, f"/api/games/{game['pin']}").get_json()["state"] == "finished"


def test_the_results_api_has_ranking_distribution_share_and_median(finished, client, api_headers):
    body = api(client, api_headers, f"/api/games/{finished[0]['pin']}/results").get_json()
    assert [(p["nickname"], p["rank"], p["correct_count"]) for p in body["players"]] == [
        ("Alice", 1, 3), ("Bob", 2, 1)]
    first = body["questions"][0]
    assert first["distribution"] == {"a": 1, "b": 1, "c": 0, "d": 0}
    assert (first["answer_count"], first["correct_count"], first["percent_correct"]) == (2, 1, 50)
    assert first["median_ms"] == 3500  # Alice after 2 s, Bob after 5 s
    assert [q["flag"] for q in body["questions"]] == [None, None, "too_easy"]
    assert body["teams"] == []


def test_the_xlsx_numbers_equal_the_results_api(finished, client, api_headers):
    pin = finished[0]["pin"]
    body = api(client, api_headers, f"/api/games/{pin}/results").get_json()
    response = api(client, api_headers, f"/api/games/{pin}/results.xlsx")
    assert response.mimetype.endswith("spreadsheetml.sheet")
    book = load_workbook(io.BytesIO(response.data))
    assert book.sheetnames == ["Partie", "Joueurs", "Équipes", "Questions", "Réponses"]

    players = list(book["Joueurs"].values)
    assert players[0][:5] == ("Rang", "Pseudo", "Équipe", "Score", "Bonnes réponses")
    assert [row[:5] for row in players[1:]] == [
        (p["rank"], p["nickname"], p["team"] or None, p["score"], p["correct_count"])
        for p in body["players"]
    ]
    questions = list(book["Questions"].values)
    header = questions[0]
    column = {name: header.index(name) for name in header}
    for row, q in zip(questions[1:], body["questions"], strict=True):
        assert row[column["N°"]] == q["index"] + 1
        assert row[column["Réponses"]] == q["answer_count"]
        assert row[column["Bonnes réponses"]] == q["correct_count"]
        assert row[column["% de bonnes réponses"]] == q["percent_correct"]
        assert row[column["Temps médian (s)"]] == q["median_ms"] / 1000
        assert isinstance(row[column["Réponses"]], int)
    answers = list(book["Réponses"].values)
    assert len(answers) - 1 == sum(q["answer_count"] for q in body["questions"])
    assert isinstance(answers[1][-1], datetime)  # "Répondu le" is a date, not text
    summary = dict(book["Partie"].values)
    assert summary["PIN"] == pin and isinstance(summary["Créée le"], datetime)
    assert summary["Joueurs"] == 2


@pytest.mark.parametrize("view", ["players", "teams", "questions", "answers"])
def test_each_view_exports_as_csv_with_french_headers(finished, client, api_headers, view):
    response = api(client, api_headers, f"/api/games/{finished[0]['pin']}/results/{view}.csv")
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")),
                           delimiter=";"))
    assert rows[0][0] in ("Rang", "N°", "N° question")
    assert len(rows) - 1 == {"players": 2, "teams": 0, "questions": 3, "answers": 6}[view]


def test_exports_need_a_host_token(finished, client):
    pin = finished[0]["pin"]
    assert client.get(f"/api/games/{pin}/results.xlsx").status_code == 401
    assert client.get(f"/api/games/{pin}/results/players.csv").status_code == 401


def test_an_unknown_game_or_view_is_not_found(client, api_headers):
    assert client.get("/api/games/999999/results.xlsx", headers=api_headers).status_code == 404
    assert client.get("/api/games/999999/results/nope.csv", headers=api_headers).status_code == 404


def test_the_past_games_page_lists_each_game_with_its_players(finished, logged_in):
    page = logged_in.get("/host/games")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert f'data-pin="{finished[0]["pin"]}"' in html and "Terminée" in html
    assert f'href="/host/games/{finished[0]["pin"]}/results"' in html


def test_the_results_page_shows_ranking_figures_flags_and_exports(finished, logged_in):
    pin = finished[0]["pin"]
    page = logged_in.get(f"/host/games/{pin}/results")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert html.index(">Alice<") < html.index(">Bob<")
    assert "50,0 %" in html and "3,5 s" in html and "trop facile" in html
    assert f'href="/api/games/{pin}/results.xlsx"' in html
    assert 'style="' not in html  # the CSP allows no inline style


def test_the_results_pages_need_a_login(finished, client):
    assert client.get("/host/games").status_code == 302
    assert client.get(f"/host/games/{finished[0]['pin']}/results").status_code == 302


def test_question_stats_are_served_as_json(finished, client, api_headers):
    body = api(client, api_headers, "/api/questions/test-q1/stats").get_json()
    assert (body["times_played"], body["answers"], body["percent_correct"]) == (1, 2, 50.0)
    assert body["plays"][0]["pin"] == finished[0]["pin"]


def test_a_player_gets_their_recap_once_the_game_is_finished(finished):
    _game, _host, _alice, bob = finished
    reply = bob.emit("player:recap")
    assert reply["ok"] and reply["nickname"] == "Bob" and reply["rank"] == 2
    first = reply["questions"][0]
    assert first["your_choices"] == ["a"] and first["correct"] is False
    assert [c["id"] for c in first["choices"] if c["correct"]] == ["b"]
    assert first["explanation"]["fr"] == "Explication 1." and first["source"]


def test_the_recap_is_refused_before_the_end_and_to_non_players(started):
    _game, host, alice, _bob = started
    assert alice.emit("player:recap")["error"]["code"] == "invalid_transition"
    assert host.emit("player:recap")["error"]["code"] == "unknown_player"


def test_the_game_console_offers_the_qr_code_at_print_size_and_the_results(new_game, logged_in):
    pin = new_game()["pin"]
    html = logged_in.get(f"/host/games/{pin}").get_data(as_text=True)
    for link, mimetype in ((f"/games/{pin}/qr.png", "image/png"),
                           (f"/games/{pin}/qr.svg", "image/svg+xml")):
        assert f'href="{link}"' in html
        assert logged_in.get(link).mimetype == mimetype
    assert f'href="/host/games/{pin}/results"' in html


def test_the_console_links_to_the_past_games(logged_in):
    assert 'href="/host/games"' in logged_in.get("/host").get_data(as_text=True)
