"""Who may do what: web login for people, bearer tokens for scripts, CSRF for forms."""

from __future__ import annotations

import functools
import hmac
import secrets
from collections.abc import Callable

from flask import Flask, abort, current_app, g, jsonify, request, session
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


def init_app(app: Flask) -> None:
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
