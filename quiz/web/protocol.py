"""The wire protocol: event names and the schemas that every inbound payload must match.

docs/protocol.md says the same thing for people; keep both true.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

# ---- client to server ---------------------------------------------------------------------
PLAYER_JOIN = "player:join"
PLAYER_RESUME = "player:resume"
PLAYER_ANSWER = "player:answer"
PLAYER_RECOVER = "player:recover"
PLAYER_RECAP = "player:recap"
HOST_JOIN = "host:join"
HOST_START = "host:start"
HOST_NEXT = "host:next"
HOST_REVEAL = "host:reveal"
HOST_PAUSE = "host:pause"
HOST_RESUME = "host:resume"
HOST_SKIP = "host:skip"
HOST_END = "host:end"
HOST_KICK = "host:kick"
HOST_LOCK = "host:lock"
HOST_EXTEND = "host:extend"
HOST_SETTINGS = "host:settings"
HOST_HIDE_WORD = "host:hide_word"
HOST_ACCOMMODATE = "host:accommodate"
PLAYER_NICKNAME = "player:nickname"
SCREEN_JOIN = "screen:join"

# ---- server to clients --------------------------------------------------------------------
LOBBY = "lobby"
STATE = "state"
QUESTION = "question"
ANSWER_COUNT = "answer_count"
REVEAL = "reveal"
RESULT = "result"
LEADERBOARD = "leaderboard"
GAME_OVER = "game_over"
FINAL = "final"
KICKED = "kicked"
RULES = "rules"
# A player's own timing (accommodation): sent to that player alone after every question or
# state that sets a countdown, when the host gave them extra time, and when the host changes it.
ACCOMMODATION = "accommodation"
# The server's clock probe (fair timing): the phone acknowledges it at once; the ack's delay is
# the round trip. It carries the server's time and the round trip measured so far.
CLOCK = "clock"

MAX_CHOICES_PER_ANSWER = 10
MAX_ID_CHARS = 64
MAX_TEXT_CHARS = 200  # generous: the engine applies the real nickname rule
RECOVERY_CODE_CHARS = 4


class BadRequest(ValueError):
    """The payload does not match the event's schema; `detail` says where."""

    def __init__(self, detail: str) -> None:
        super().__init__(detail)
        self.detail = detail


@dataclass(frozen=True)
class Field:
    """One field of an inbound payload."""

    name: str
    kind: str  # pin | text | token | int | ids | bool | lang | code | value | options | factor
    required: bool = True


SCHEMAS: dict[str, tuple[Field, ...]] = {
    PLAYER_JOIN: (Field("pin", "pin"), Field("nickname", "text"),
                  Field("team", "text", required=False), Field("lang", "lang", required=False)),
    PLAYER_RESUME: (Field("pin", "pin"), Field("token", "token")),
    PLAYER_ANSWER: (Field("question", "int"), Field("choices", "ids", required=False),
                    Field("value", "value", required=False)),
    PLAYER_NICKNAME: (),
    HOST_EXTEND: (Field("seconds", "int", required=False),),
    HOST_SETTINGS: (Field("settings", "options"),),
    HOST_HIDE_WORD: (Field("word", "text"),),
    HOST_ACCOMMODATE: (Field("player_id", "token"), Field("time_factor", "factor", required=False),
                       Field("no_speed", "bool", required=False)),
    PLAYER_RECOVER: (Field("pin", "pin"), Field("code", "code")),
    PLAYER_RECAP: (),
    HOST_JOIN: (Field("pin", "pin"), Field("host_token", "token")),
    HOST_START: (), HOST_NEXT: (), HOST_REVEAL: (), HOST_PAUSE: (), HOST_RESUME: (),
    HOST_SKIP: (), HOST_END: (),
    HOST_KICK: (Field("player_id", "token"),),
    HOST_LOCK: (Field("locked", "bool"),),
    SCREEN_JOIN: (Field("pin", "pin"),),
}


def parse(event: str, payload: Any) -> dict[str, Any]:
    """Return the payload's known fields, checked and normalised, or raise BadRequest."""
    fields = SCHEMAS[event]
    if payload is None and not any(f.required for f in fields):
        return {}
    if not isinstance(payload, dict):
        raise BadRequest("un objet JSON est attendu")
    values: dict[str, Any] = {}
    for field in fields:
        if field.name not in payload or payload[field.name] is None:
            if field.required:
                raise BadRequest(f"champ « {field.name} » manquant")
            continue
        values[field.name] = _check(field, payload[field.name])
    return values


def _check(field: Field, value: Any) -> Any:
    name = field.name
    if field.kind == "pin":
        if isinstance(value, int) and not isinstance(value, bool):
            # A PIN sent as a JSON number lost its leading zeros: 12345 is PIN 012345.
            value = f"{value:06d}" if 0 <= value <= 999_999 else str(value)
        if not isinstance(value, str) or not value.strip().isdigit() or len(value.strip()) != 6:
            raise BadRequest(f"« {name} » doit être un code de 6 chiffres")
        return value.strip()
    if field.kind in ("text", "token"):
        limit = MAX_TEXT_CHARS if field.kind == "text" else MAX_ID_CHARS
        if not isinstance(value, str) or len(value) > limit:
            raise BadRequest(f"« {name} » doit être un texte de {limit} caractères au plus")
        return value
    if field.kind == "code":  # a recovery code as typed: "abcd", "AB CD", "ab-cd"
        code = value.upper().replace(" ", "").replace("-", "") if isinstance(value, str) else ""
        if not (len(code) == RECOVERY_CODE_CHARS and code.isascii() and code.isalpha()):
            raise BadRequest(f"« {name} » doit compter {RECOVERY_CODE_CHARS} lettres")
        return code
    if field.kind == "value":  # a typed answer: a number (estimate) or a short text (cloud)
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not (number and math.isfinite(value)) and not (
            isinstance(value, str) and len(value) <= MAX_TEXT_CHARS
        ):
            raise BadRequest(f"« {name} » doit être un nombre ou un texte court")
        return value
    if field.kind == "options":
        if not isinstance(value, dict) or not all(isinstance(k, str) for k in value):
            raise BadRequest(f"« {name} » doit être un objet")
        return value
    if field.kind == "lang":
        if value not in ("fr", "en"):
            raise BadRequest(f"« {name} » doit valoir fr ou en")
        return value
    if field.kind == "factor":  # which factors are allowed is the engine's rule
        if not isinstance(value, int | float) or isinstance(value, bool) or not math.isfinite(
            value
        ):
            raise BadRequest(f"« {name} » doit être un nombre (1, 1.5 ou 2)")
        return value
    if field.kind == "int":
        if not isinstance(value, int) or isinstance(value, bool) or not 0 <= value < 10_000:
            raise BadRequest(f"« {name} » doit être un entier positif")
        return value
    if field.kind == "bool":
        if not isinstance(value, bool):
            raise BadRequest(f"« {name} » doit valoir true ou false")
        return value
    if field.kind == "ids":
        if (
            not isinstance(value, list) or not 0 < len(value) <= MAX_CHOICES_PER_ANSWER
            or not all(isinstance(v, str) and 0 < len(v) <= MAX_ID_CHARS for v in value)
            or len(set(value)) != len(value)
        ):
            raise BadRequest(f"« {name} » doit être une liste d'identifiants de choix")
        return list(value)
    raise AssertionError(field.kind)  # pragma: no cover
