"""Cookie sessions: one opening per socket, not one per Socket.IO event (quiz/web/auth.py)."""

from __future__ import annotations

from flask.sessions import SecureCookieSessionInterface


def test_the_signing_serializer_is_built_once_per_secret_key(app):
    sessions = app.session_interface
    first = sessions.get_signing_serializer(app)
    assert sessions.get_signing_serializer(app) is first
    app.secret_key = "another key"
    assert sessions.get_signing_serializer(app) is not first


def test_socket_events_after_the_first_do_not_open_the_cookie_again(new_game, peer,
                                                                     monkeypatch):
    game = new_game()
    phone = peer()
    openings: list[str] = []
    real_open = SecureCookieSessionInterface.open_session

    def counted(self, app, request):
        openings.append(request.path)
        return real_open(self, app, request)

    monkeypatch.setattr(SecureCookieSessionInterface, "open_session", counted)
    assert phone.emit("player:join", {"pin": game["pin"], "nickname": "Alice"})["ok"]
    for _ in range(5):
        assert phone.emit("player:nickname")["ok"]
    # The first event opened it and Flask-SocketIO kept the socket's copy; the others used it.
    assert openings == ["/socket.io"]


def test_a_logged_in_page_still_reads_its_session(logged_in):
    assert logged_in.get("/host/games").status_code == 200
