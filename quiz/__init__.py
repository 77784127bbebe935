"""Quiz AICT: a self-hosted live quiz for the Rencontres de l'AICT."""

from __future__ import annotations

from typing import Any

from flask import Flask


def create_app(overrides: dict[str, Any] | None = None) -> Flask:
    """Build the Flask app and its Socket.IO server; no database is touched here."""
    from quiz.config import load_config, resource_path
    from quiz.web import wiring

    app = Flask(
        __name__,
        template_folder=str(resource_path("templates")),
        static_folder=str(resource_path("static")),
    )
    app.config.update(load_config(overrides))
    wiring.init_app(app)
    return app
