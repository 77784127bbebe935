"""Named errors of the game core. Each carries the protocol's error code."""


class GameError(Exception):
    """A rule of play refused the call; `code` is the public error code."""

    code = "game_error"

    def __init__(self, **details: object) -> None:
        super().__init__(self.code, details)
        self.details = details


class IllegalTransition(GameError):
    code = "invalid_transition"


class UnknownPlayer(GameError):
    code = "unknown_player"


class NicknameTaken(GameError):
    code = "nickname_taken"


class NicknameInvalid(GameError):
    code = "nickname_invalid"


class LobbyLocked(GameError):
    code = "lobby_locked"


class GameOver(GameError):
    code = "game_over"


class GameFull(GameError):
    code = "game_full"


class NotAccepting(GameError):
    code = "not_accepting"


class WrongQuestion(GameError):
    code = "wrong_question"


class AlreadyAnswered(GameError):
    code = "already_answered"


class InvalidChoice(GameError):
    code = "invalid_choice"


class BadAnswer(GameError):
    """An answer of the wrong shape for its question's kind (a text for a number…)."""

    code = "bad_request"


class TeamInvalid(GameError):
    code = "team_invalid"


class InvalidAccommodation(GameError):
    """A time factor other than 1, 1.5 or 2, or a no-speed flag that is not a boolean."""

    code = "invalid_accommodation"
