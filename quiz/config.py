"""Configuration from the environment and the instance folder; read only by the factory."""

from __future__ import annotations

import os
import secrets
import time
from pathlib import Path
from typing import Any

PACKAGE_DIR = Path(__file__).resolve().parent


def resource_path(name: str) -> Path:
    """Folder of shipped files (templates, static, questions), installed or in a checkout.

    An installed wheel keeps them inside the package; a source checkout keeps them at the top
    of the repository, beside the package.
    """
    for candidate in (PACKAGE_DIR / name, PACKAGE_DIR.parent / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"shipped folder {name!r} not found near {PACKAGE_DIR}")


def instance_path(overrides: dict[str, Any] | None = None) -> Path:
    raw = (overrides or {}).get("INSTANCE_PATH") or os.environ.get("QUIZ_INSTANCE_PATH")
    return Path(raw or Path.cwd() / "instance").resolve()


def secret_key(folder: Path) -> str:
    """QUIZ_SECRET_KEY, or a key generated once into the instance folder and kept there."""
    configured = os.environ.get("QUIZ_SECRET_KEY")
    if configured:
        return configured
    path = folder / "secret_key"
    if not path.exists():
        folder.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_hex(32))
    return path.read_text().strip()


def load_config(overrides: dict[str, Any] | None = None) -> dict[str, Any]:
    """Everything the app needs to know, from overrides, then QUIZ_* variables, then defaults."""
    overrides = dict(overrides or {})
    folder = instance_path(overrides)
    folder.mkdir(parents=True, exist_ok=True)
    config: dict[str, Any] = {
        "INSTANCE_PATH": str(folder),
        "DATABASE_URL": os.environ.get("QUIZ_DATABASE_URL") or f"sqlite:///{folder / 'quiz.db'}",
        "PUBLIC_URL": os.environ.get("QUIZ_PUBLIC_URL") or None,
        "MESSAGE_QUEUE": os.environ.get("QUIZ_MESSAGE_QUEUE") or None,
        # Reverse proxies in front (deploy/nginx.conf: 1) whose X-Forwarded-* headers to trust.
        "TRUSTED_PROXIES": int(os.environ.get("QUIZ_TRUSTED_PROXIES", "0")),
        # One Redis may serve several deployments (or test runs): each listens on its channel.
        "MESSAGE_QUEUE_CHANNEL": os.environ.get("QUIZ_MESSAGE_QUEUE_CHANNEL") or "quiz-aict",
        "PORT": int(os.environ.get("QUIZ_PORT", "8000")),
        "QUESTIONS_PATH": os.environ.get("QUIZ_QUESTIONS_PATH") or None,
        "ASYNC_MODE": "threading",  # `quiz serve` sets gevent; tests may keep threading
        "CLOCK": time.time,
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "MAX_CONTENT_LENGTH": 2 * 1024 * 1024,
        # Abuse limits (quiz/web/limits.py); a rate of 0 turns a per-IP limit off.
        "MAX_PLAYERS": int(os.environ.get("QUIZ_MAX_PLAYERS", "2000")),
        "JOIN_RATE_PER_IP": float(os.environ.get("QUIZ_JOIN_RATE_PER_IP", "60")),
        "JOIN_BURST_PER_IP": float(os.environ.get("QUIZ_JOIN_BURST_PER_IP", "2000")),
        "JOIN_ATTEMPTS_PER_SOCKET": 10,  # per minute
        "RECOVER_ATTEMPTS_PER_SOCKET": 5,  # per minute
        "RECOVER_ATTEMPTS_PER_GAME": 20,  # per minute
        "LOGIN_FAILURES": 10,  # per 5 minutes, per username and IP
        # Failed PIN lookups (pages, QR codes, socket joins) per minute per client address.
        "PIN_FAILURES_PER_CLIENT": float(os.environ.get("QUIZ_PIN_FAILURES_PER_MINUTE", "30")),
        "PIN_FAILURE_DELAY_S": float(os.environ.get("QUIZ_PIN_FAILURE_DELAY_S", "1")),
    }
    config.update(overrides)
    # Behind https, the session cookie must never travel in clear.
    secure = str(config["PUBLIC_URL"] or "").lower().startswith("https://")
    config.setdefault("SESSION_COOKIE_SECURE", secure)
    config.setdefault("REMEMBER_COOKIE_SECURE", secure)
    if "SECRET_KEY" not in config:
        config["SECRET_KEY"] = secret_key(folder)
    if config["QUESTIONS_PATH"] is None:
        config["QUESTIONS_PATH"] = str(resource_path("questions"))
    return config
