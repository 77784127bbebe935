"""Extensions, created unbound here and attached to the app in `init_app`."""

from __future__ import annotations

import secrets

from flask import Flask, current_app, request
from flask_socketio import SocketIO

from quiz.store.database import Database
from quiz.store.games import GameStore
from quiz.web import auth, i18n, live

socketio = SocketIO()


def init_app(app: Flask) -> None:
    """Attach the database, the game store, login, pages, the API and the live events."""
    db = Database()
    db.init_app(app)
    store = GameStore(db, secret=app.config["SECRET_KEY"])
    app.extensions["quiz_games"] = store
    auth.init_app(app)
    i18n.init_app(app)

    from quiz.web import api, pages

    app.register_blueprint(pages.play)
    app.register_blueprint(pages.screen)
    app.register_blueprint(pages.host)
    app.register_blueprint(pages.codes)
    app.register_blueprint(api.api)
    for blueprint in plugged_blueprints():
        app.register_blueprint(blueprint)

    socketio.init_app(
        app,
        async_mode=app.config["ASYNC_MODE"],
        message_queue=app.config["MESSAGE_QUEUE"],
        channel=app.config["MESSAGE_QUEUE_CHANNEL"],
        cors_allowed_origins=app.config.get("CORS_ORIGINS", []),
        max_http_buffer_size=64 * 1024,
        ping_interval=10,
        ping_timeout=20,
    )
    if app.config["ASYNC_MODE"] == "gevent":  # a server process, not a test's app
        from quiz.web import collector
        from quiz.web.server import tune_for_gevent

        tune_for_gevent(socketio)
        collector.enable()
    app.extensions["quiz_broadcaster"] = live.register(socketio, store, app.config["CLOCK"])
    app.after_request(security_headers)
    if app.config["TRUSTED_PROXIES"]:  # the client's address and scheme, as the proxy saw them
        from werkzeug.middleware.proxy_fix import ProxyFix

        hops = app.config["TRUSTED_PROXIES"]
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)
    if db.shared:
        app.after_request(worker_affinity)


# Feature areas that live in their own module, each exposing `blueprint`.
PLUGGED_BLUEPRINTS = ("quiz.web.editor", "quiz.web.results")


def plugged_blueprints() -> list:
    import importlib

    found = []
    for name in PLUGGED_BLUEPRINTS:
        try:
            found.append(importlib.import_module(name).blueprint)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return found


def security_headers(response):
    """The usual headers; the pages load nothing from elsewhere."""
    response.headers.setdefault(
        "Content-Security-Policy",
        "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; "
        "connect-src 'self' ws: wss:; frame-ancestors 'none'; base-uri 'self'; form-action 'self'",
    )
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


# Behind a proxy with several workers, a browser must stay on one worker (Socket.IO's
# long-polling keeps its session in that worker's memory). The proxy hashes this cookie, not
# the client's IP address: a whole hall comes from one IP behind the venue's NAT.
AFFINITY_COOKIE = "quiz_worker"


def worker_affinity(response):
    """Give each browser a random affinity value on its first page, for the proxy to hash."""
    if AFFINITY_COOKIE not in request.cookies and not request.path.startswith("/socket.io"):
        response.set_cookie(AFFINITY_COOKIE, secrets.token_hex(8), max_age=86_400,
                            httponly=True, samesite="Lax",
                            secure=current_app.config["SESSION_COOKIE_SECURE"])
    return response


def db() -> Database:
    return current_app.extensions["quiz_db"]


def games() -> GameStore:
    return current_app.extensions["quiz_games"]


def broadcaster() -> live.Broadcaster:
    return current_app.extensions["quiz_broadcaster"]
