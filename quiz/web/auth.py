"""Who may do what: web login for people, bearer tokens for scripts, CSRF for forms."""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Callable

from flask import Flask, abort, current_app, g, jsonify, request, session
from flask.sessions import SecureCookieSessionInterface
from flask_login import LoginManager, UserMixin, current_user

from quiz.store import users
from quiz.web.i18n import N_
from quiz.web.i18n import gettext as _
from quiz.web.messages import error_body

login_manager = LoginManager()
login_manager.login_view = "host.login"
login_manager.login_message = N_("Connectez-vous pour animer une partie.")
login_manager.localize_callback = _  # flashed in the language of the page asked for


class WebUser(UserMixin):
    """The logged-in person, as Flask-Login wants it."""

    def __init__(self, user_id: int, name: str, role: str) -> None:
        self.id = user_id
        self.name = name
        self.role = role

    def may(self, action: str) -> bool:
        return users.may(self.role, action)


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, without two costs that every Socket.IO event paid.

    Flask opens the session for every request context, and Flask-SocketIO pushes one for every
    event, then puts the socket's own copy of the session in its place (made at the socket's
    first event, kept in its WSGI environ): every later opening is wasted. And Flask builds its
    signing serializer anew for each opening (itsdangerous then checks it by serializing an
    empty dict). Both together were 8 % of the server's busy time while 2,000 phones answered
    (issue 7).
    """

    def __init__(self) -> None:
        self._serializers: dict[tuple, object] = {}

    def get_signing_serializer(self, app: Flask):
        keys = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        serializer = self._serializers.get(keys)
        if serializer is None:
            serializer = self._serializers[keys] = super().get_signing_serializer(app)
        return serializer

    def open_session(self, app: Flask, request):
        if "saved_session" in request.environ:  # a Socket.IO event: replaced by the socket's
            return self.session_class()
        return super().open_session(app, request)


def init_app(app: Flask) -> None:
    app.session_interface = CookieSessions()
    login_manager.init_app(app)
    app.jinja_env.globals["csrf_token"] = csrf_token


@login_manager.user_loader
def load_user(user_id: str) -> WebUser | None:
    user = users.user_by_id(current_app.extensions["quiz_db"], int(user_id))
    return WebUser(user.id, user.name, user.role) if user else None


def api_error(status: int, code: str):
    return jsonify({"error": error_body(code)}), status


def token_required(action: str) -> Callable:
    """Protect a JSON endpoint: 401 without a valid bearer token, 403 without the role."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            header = request.headers.get("Authorization", "")
            scheme, _space, token = header.partition(" ")
            user = None
            if scheme.lower() == "bearer" and token:
                user = users.user_by_token(current_app.extensions["quiz_db"], token.strip())
            if user is None and current_user.is_authenticated:
                user = current_user  # the console's own fetches use the login session
            if user is None:
                return api_error(401, "unauthorized")
            if not users.may(user.role, action):
                return api_error(403, "forbidden")
            g.api_user_id = user.id
            return view(*args, **kwargs)

        return wrapped

    return decorate


def role_required(action: str) -> Callable:
    """Protect a page: log in first, then have the role."""

    def decorate(view: Callable) -> Callable:
        @functools.wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if not current_user.may(action):
                abort(403)
            return view(*args, **kwargs)

        return wrapped

    return decorate


def csrf_token() -> str:
    """The session's anti-forgery token, put in every form."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Refuse a form post that does not carry the session's token."""
    sent = request.form.get("csrf_token", "")
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(400, description=_("Jeton de formulaire invalide : rechargez la page."))
