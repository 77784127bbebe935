"""The live game: who plays, which question is open, who answered what, who leads.

Every method that depends on time takes `now` (seconds since the epoch, as a float) so the
caller owns the clock: tests pass numbers, the server passes `time.time()`.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from quiz.engine import errors
from quiz.engine.kinds import KINDS, Kind, Response
from quiz.engine.nicknames import is_offensive
from quiz.engine.phase import Phase, check_move
from quiz.engine.scoring import (
    NETWORK_CREDIT_CAP_MS,
    POINTS_MULTIPLIER,
    points_for,
    streak_bonus,
)
from quiz.engine.teams import (
    DEFAULT_MIN_TEAM_SIZE,
    TEAM_MAX_CHARS,
    TeamStanding,
    clean_team_name,
    rank_teams,
    team_key,
)

NICKNAME_MAX_CHARS = 24
DEFAULT_MAX_PLAYERS = 2000
EXTEND_MAX_S = 120
# Accommodation (docs/scoring.md): the host may give a player this much of each question's time.
TIME_FACTORS = (1.0, 1.5, 2.0)


@dataclass(frozen=True)
class Choice:
    id: str
    text: dict[str, str]
    correct: bool = False


@dataclass(frozen=True)
class Question:
    """One question as played: texts are {lang: text}; `points` is standard, double or none."""

    id: str
    type: str
    text: dict[str, str]
    choices: tuple[Choice, ...]
    time_limit_ms: int
    points: str = "standard"
    explanation: dict[str, str] = field(default_factory=dict)
    source: str = ""
    # Kind-specific: answer/tolerance/min/max/step/unit (numeric), all_or_nothing (multiple),
    # scoring ("speed" or "fixed"; each kind has its default).
    settings: dict[str, Any] = field(default_factory=dict)

    @property
    def kind(self) -> Kind:
        return KINDS[self.type]

    @property
    def timed(self) -> bool:
        """Whether speed counts in this question's points."""
        scoring = self.settings.get("scoring")
        return self.kind.timed_by_default if scoring is None else scoring == "speed"

    @property
    def correct_ids(self) -> tuple[str, ...]:
        return tuple(c.id for c in self.choices if c.correct)

    @property
    def choice_ids(self) -> frozenset[str]:
        return frozenset(c.id for c in self.choices)


@dataclass
class Player:
    id: str
    nickname: str
    team: str | None = None
    lang: str = "fr"
    kicked: bool = False
    first_question: int = 0  # a late joiner plays from the question after the open one
    score: int = 0
    streak: int = 0
    correct_count: int = 0
    # Accommodation set by the host: `time_factor` × each question's time to answer, and speed
    # points over that longer time; `no_speed`: fixed points for a right answer.
    time_factor: float = 1.0
    no_speed: bool = False

    @property
    def accommodated(self) -> bool:
        return self.time_factor != 1.0 or self.no_speed


@dataclass(frozen=True)
class Answer:
    """A scored answer. `choices` holds the response: choice ids, a number, or a word."""

    player_id: str
    question_index: int
    choices: Response
    elapsed_ms: int
    correct: bool | None  # None: the question has no right answer (poll, word cloud)
    points: int


def nickname_key(nickname: str) -> str:
    """Return the form under which two nicknames count as the same one."""
    return unicodedata.normalize("NFKC", nickname).casefold()


def clean_nickname(raw: str) -> str:
    """Return the nickname as shown, or raise NicknameInvalid."""
    if not isinstance(raw, str):
        raise errors.NicknameInvalid(reason="type")
    nickname = re.sub(r"\s+", " ", unicodedata.normalize("NFC", raw)).strip()
    if not nickname:
        raise errors.NicknameInvalid(reason="empty")
    if len(nickname) > NICKNAME_MAX_CHARS:
        raise errors.NicknameInvalid(reason="too_long", max=NICKNAME_MAX_CHARS)
    if any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co", "Cn") for ch in nickname):
        raise errors.NicknameInvalid(reason="characters")
    if is_offensive(nickname):
        raise errors.NicknameInvalid(reason="offensive")
    return nickname


@dataclass(frozen=True)
class _Turnout:
    """The players expected on the open question (see `Game._turnout`)."""

    expected: int  # active players who joined before the question opened
    answered_elsewhere: int  # answers to it by players no longer expected (kicked)
    with_extra_time: tuple[Player, ...]  # expected players with a time factor above 1


@dataclass
class Game:
    """One game of one quiz. Mutated only through its methods, which enforce the rules."""

    pin: str
    questions: tuple[Question, ...]
    phase: Phase = Phase.LOBBY
    question_index: int = -1
    opened_at: float | None = None
    deadline: float | None = None
    paused_at: float | None = None
    paused_remaining_ms: int | None = None
    locked: bool = False
    max_players: int = DEFAULT_MAX_PLAYERS
    cancelled: set[int] = field(default_factory=set)
    # Rules of this game, chosen by the host (see GAME_OPTIONS).
    streak_bonus: bool = False
    late_join: bool = True
    show_leaderboard: bool = True
    teams: tuple[str, ...] = ()  # a preset list; empty with free_teams: players type a name
    free_teams: bool = False
    team_min_size: int = DEFAULT_MIN_TEAM_SIZE
    moderation: bool = False  # word clouds: words reach the projector only at reveal
    auto: bool = False  # reveal at the deadline, show the leaderboard, go on, by itself
    show_rules: bool = False  # the projector shows the rules of scoring over the lobby
    salt: str = ""  # hides ordering items' ids from players (see quiz.web.views)
    hidden_words: set[str] = field(default_factory=set)
    players: dict[str, Player] = field(default_factory=dict)
    answers: dict[tuple[str, int], Answer] = field(default_factory=dict)
    _nickname_keys: set[str] = field(default_factory=set, repr=False)
    # Who answered each question, and a count of changes to the players (join, kick,
    # accommodation): `close_if_due` runs on every answer, and with these it costs the same
    # for 2,000 players as for 2 (see `_turnout`).
    _answered: dict[int, set[str]] = field(default_factory=dict, repr=False)
    _roster_changes: int = field(default=0, repr=False)
    _turnout_cache: tuple[tuple[int, int], _Turnout] | None = field(default=None, repr=False)

    # ---- reading -------------------------------------------------------------------------

    @property
    def total(self) -> int:
        return len(self.questions)

    @property
    def current_question(self) -> Question | None:
        if 0 <= self.question_index < self.total:
            return self.questions[self.question_index]
        return None

    @property
    def active_players(self) -> list[Player]:
        return [p for p in self.players.values() if not p.kicked]

    def remaining_ms(self, now: float, player: Player | None = None) -> int:
        """Time left to answer the open question, in milliseconds (0 when none is open).

        Without `player`, the hall's time; with one, that player's own (see `deadline_of`).
        """
        extra_ms = 0 if player is None else round(self._extra_s(player) * 1000)
        if self.phase is Phase.PAUSED and self.paused_remaining_ms is not None:
            return max(0, self.paused_remaining_ms + extra_ms)
        if self.phase is not Phase.QUESTION or self.deadline is None:
            return 0
        return max(0, round((self.deadline - now) * 1000) + extra_ms)

    def _extra_s(self, player: Player) -> float:
        """The extra time an accommodated player has on the current question, in seconds."""
        question = self.current_question
        if question is None or player.time_factor == 1.0:
            return 0.0
        return (player.time_factor - 1) * question.time_limit_ms / 1000

    def deadline_of(self, player: Player) -> float | None:
        """A player's own deadline: the hall's, plus (time_factor − 1) × the question's time.

        The hall's deadline already moves with pauses and extensions, so the extra time rides
        on top of it unchanged: a ×2 player on a 20 s question always has 20 s more.
        """
        return None if self.deadline is None else self.deadline + self._extra_s(player)

    def _turnout(self) -> _Turnout:
        """Who is expected on the open question, computed again only when the players change."""
        key = (self.question_index, self._roster_changes)
        if self._turnout_cache is None or self._turnout_cache[0] != key:
            index = self.question_index
            expected = {p.id for p in self.active_players if p.first_question <= index}
            answered = self._answered.get(index, set())
            self._turnout_cache = (key, _Turnout(
                expected=len(expected),
                # Kicked players' answers given before their kick: no new ones can come.
                answered_elsewhere=len(answered - expected),
                with_extra_time=tuple(self.players[pid] for pid in expected
                                      if self.players[pid].time_factor != 1.0),
            ))
        return self._turnout_cache[1]

    def _waiting_count(self) -> int:
        """How many players expected to answer the open question have not answered yet."""
        turnout = self._turnout()
        answered = len(self._answered.get(self.question_index, ()))
        return turnout.expected - (answered - turnout.answered_elsewhere)

    def closes_at(self) -> float | None:
        """When the open question closes by itself: the hall's deadline, or later while a
        player with extra time has not answered yet, the latest of those players' deadlines."""
        if self.deadline is None:
            return None
        answered = self._answered.get(self.question_index, set())
        extra_s = max((self._extra_s(p) for p in self._turnout().with_extra_time
                       if p.id not in answered), default=0.0)
        return self.deadline + max(extra_s, 0.0)

    def answer_count(self, index: int) -> int:
        return sum(1 for (pid, i) in self.answers if i == index and not self.players[pid].kicked)

    def responses(self, index: int) -> list[Response]:
        """What the active players answered to question `index`."""
        return [
            a.choices for a in self.answers.values()
            if a.question_index == index and not self.players[a.player_id].kicked
        ]

    def distribution(self, index: int) -> Any:
        """How the hall answered question `index`, in its kind's terms (counts per choice…)."""
        question = self.questions[index]
        responses = self.responses(index)
        if question.type == "open":
            responses = [r for r in responses if r not in self.hidden_words]
        return question.kind.distribution(question, responses)

    def team_ranking(self) -> list[TeamStanding]:
        """Teams by the average score of their active members."""
        scores: dict[str, list[int]] = {}
        for player in self.active_players:
            if player.team:
                scores.setdefault(player.team, []).append(player.score)
        return rank_teams(scores, self.team_min_size)

    @property
    def has_teams(self) -> bool:
        return bool(self.teams) or self.free_teams

    def ranking(self) -> list[tuple[int, Player]]:
        """Active players best first; equal scores share a rank (1, 2, 2, 4)."""
        ordered = sorted(self.active_players, key=lambda p: (-p.score, nickname_key(p.nickname)))
        ranked: list[tuple[int, Player]] = []
        for position, player in enumerate(ordered, start=1):
            if ranked and ranked[-1][1].score == player.score:
                ranked.append((ranked[-1][0], player))
            else:
                ranked.append((position, player))
        return ranked

    def rank_of(self, player_id: str) -> int | None:
        for rank, player in self.ranking():
            if player.id == player_id:
                return rank
        return None

    # ---- players -------------------------------------------------------------------------

    def join(
        self, player_id: str, nickname: str, team: str | None = None, lang: str = "fr"
    ) -> Player:
        """Add a player; late joiners are welcome until the game is finished or locked."""
        if self.phase is Phase.FINISHED:
            raise errors.GameOver()
        if self.locked:
            raise errors.LobbyLocked()
        if len(self.players) >= self.max_players:
            raise errors.GameFull(max=self.max_players)
        if self.phase is not Phase.LOBBY and not self.late_join:
            raise errors.LobbyLocked(reason="late_join")
        shown = clean_nickname(nickname)
        key = nickname_key(shown)
        if key in self._nickname_keys:
            raise errors.NicknameTaken(nickname=shown)
        player = Player(
            id=player_id, nickname=shown, team=self._team_for(team), lang=lang,
            first_question=0 if self.phase is Phase.LOBBY else self.question_index + 1,
        )
        self._add(player)
        return player

    def _team_for(self, raw: str | None) -> str | None:
        """The team a player joins: one of the preset list, or a typed name, normalised."""
        if not self.has_teams:
            return None
        name = clean_team_name(raw or "")
        if not name or len(name) > TEAM_MAX_CHARS:
            raise errors.TeamInvalid(reason="empty" if not name else "too_long")
        known = {team_key(t): t for t in self.teams}
        for player in self.players.values():
            if player.team:
                known.setdefault(team_key(player.team), player.team)
        if team_key(name) in known:
            return known[team_key(name)]
        if self.teams and not self.free_teams:
            raise errors.TeamInvalid(reason="unknown")
        return name

    def admit(self, player: Player) -> None:
        """Add a player that was accepted elsewhere (another process) and is only restored
        here: the join's checks already ran where it joined."""
        if player.id not in self.players:
            self._add(player)

    def _add(self, player: Player) -> None:
        self.players[player.id] = player
        self._nickname_keys.add(nickname_key(player.nickname))
        self._roster_changes += 1

    def kick(self, player_id: str) -> Player:
        """Remove a player from play; their answers stay on record but no longer count."""
        player = self._player(player_id)
        player.kicked = True
        self._roster_changes += 1
        return player

    def _player(self, player_id: str) -> Player:
        player = self.players.get(player_id)
        if player is None or player.kicked:
            raise errors.UnknownPlayer(player_id=player_id)
        return player

    # ---- host moves ----------------------------------------------------------------------

    def start(self, now: float) -> Phase:
        """Open the first question."""
        check_move(self.phase, Phase.QUESTION)
        if self.phase is not Phase.LOBBY or not self.questions:
            raise errors.IllegalTransition(current=str(self.phase), target="question")
        self._open_question(0, now)
        return self.phase

    def next(self, now: float) -> Phase:
        """Go on: lobby → first question, reveal → leaderboard → next question or the end."""
        if self.phase is Phase.LOBBY:
            return self.start(now)
        if self.phase is Phase.REVEAL and not self.show_leaderboard:
            if self.question_index + 1 < self.total:
                self._open_question(self.question_index + 1, now)
            else:
                self._move(Phase.FINISHED)
        elif self.phase is Phase.REVEAL:
            self._move(Phase.LEADERBOARD)
        elif self.phase is Phase.LEADERBOARD:
            if self.question_index + 1 < self.total:
                self._open_question(self.question_index + 1, now)
            else:
                self._move(Phase.FINISHED)
        else:
            raise errors.IllegalTransition(current=str(self.phase), target="next")
        return self.phase

    def reveal(self, now: float) -> Phase:
        """Close the open question now and show its answer."""
        self._move(Phase.REVEAL)
        self.deadline = now if self.deadline is None else min(self.deadline, now)
        self._break_streaks_of_silent_players()
        return self.phase

    def pause(self, now: float) -> Phase:
        """Freeze the open question's countdown."""
        self._move(Phase.PAUSED)
        deadline = now if self.deadline is None else self.deadline
        # Below zero when the hall's time is over but a player with extra time still answers:
        # resuming then gives that player exactly the time they had left.
        self.paused_remaining_ms = round((deadline - now) * 1000)
        self.paused_at = now
        return self.phase

    def interrupt(self, now: float, grace_ms: int = 10_000) -> Phase:
        """Pause a question whose deadline passed while nobody ran its timer (a crash).

        Answers acknowledged before the crash stand; when the host resumes, the hall gets
        `grace_ms` to answer, since nobody could answer while the server was down.
        """
        if self.phase is not Phase.QUESTION:
            raise errors.IllegalTransition(current=str(self.phase), target="paused")
        self._move(Phase.PAUSED)
        self.paused_remaining_ms = grace_ms
        self.paused_at = now
        return self.phase

    def extend(self, now: float, seconds: int = 10) -> Phase:
        """Give the hall more time on the open (or paused) question: the deadline moves."""
        if not 0 < seconds <= EXTEND_MAX_S:
            raise errors.IllegalTransition(current=str(self.phase), target="extend")
        if self.phase is Phase.QUESTION and self.deadline is not None:
            self.deadline = max(self.deadline, now) + seconds
        elif self.phase is Phase.PAUSED and self.paused_remaining_ms is not None:
            self.paused_remaining_ms = max(self.paused_remaining_ms, 0) + seconds * 1000
        else:
            raise errors.IllegalTransition(current=str(self.phase), target="extend")
        return self.phase

    def configure(self, **options: Any) -> None:
        """Change this game's rules (see GAME_OPTIONS); unknown or ill-typed options refused."""
        for name, value in options.items():
            expected = GAME_OPTIONS.get(name)
            if expected is None or not isinstance(value, expected) or isinstance(value, bool) != (
                expected is bool
            ):
                raise errors.BadAnswer(option=name)
            if name == "teams":
                value = tuple(dict.fromkeys(clean_team_name(t) for t in value if t.strip()))
            setattr(self, name, value)

    def hide_word(self, word: str) -> None:
        """Keep a word out of the word cloud (moderation)."""
        from quiz.engine.kinds import word_key

        self.hidden_words.add(word_key(word))

    def resume(self, now: float) -> Phase:
        """Restart the countdown where it was frozen; time spent paused does not count."""
        if self.phase is not Phase.PAUSED:
            raise errors.IllegalTransition(current=str(self.phase), target="question")
        self._move(Phase.QUESTION)
        self.deadline = now + (self.paused_remaining_ms or 0) / 1000
        if self.opened_at is not None and self.paused_at is not None:
            self.opened_at += now - self.paused_at
        self.paused_at = None
        self.paused_remaining_ms = None
        return self.phase

    def skip(self, now: float) -> Phase:
        """Cancel the open question (e.g. a faulty one): its answers stop counting."""
        if self.phase not in (Phase.QUESTION, Phase.PAUSED):
            raise errors.IllegalTransition(current=str(self.phase), target="skip")
        self.cancelled.add(self.question_index)
        self._rescore()
        self.paused_at = None
        self.paused_remaining_ms = None
        if self.question_index + 1 < self.total:
            if self.phase is Phase.PAUSED:
                self._move(Phase.QUESTION)
            self._open_question(self.question_index + 1, now)
        else:
            if self.phase is Phase.PAUSED:
                self._move(Phase.QUESTION)
            self._move(Phase.LEADERBOARD)
        return self.phase

    def end(self, now: float) -> Phase:
        """Finish the game from wherever it is."""
        self._move(Phase.FINISHED)
        if self.deadline is not None and self.deadline > now:
            self.deadline = now
        return self.phase

    def accommodate(
        self, player_id: str, time_factor: float | None = None, no_speed: bool | None = None
    ) -> Player:
        """Give a player extra time (× 1.5 or × 2) and/or fixed points; None keeps a setting.

        It applies at once, to the open question too: that player's deadline moves, their
        answers already given keep their points.
        """
        player = self._player(player_id)
        if self.phase is Phase.FINISHED:
            raise errors.IllegalTransition(current=str(self.phase), target="accommodate")
        if time_factor is not None:
            if isinstance(time_factor, bool) or time_factor not in TIME_FACTORS:
                raise errors.InvalidAccommodation(time_factor=time_factor)
            player.time_factor = float(time_factor)
        if no_speed is not None:
            if not isinstance(no_speed, bool):
                raise errors.InvalidAccommodation(no_speed=no_speed)
            player.no_speed = no_speed
        self._roster_changes += 1
        return player

    def lock(self, locked: bool = True) -> None:
        """Close (or reopen) the game to new players."""
        self.locked = locked

    def close_if_due(self, now: float) -> bool:
        """Reveal the open question when every player answered or ran out of time.

        Players with extra time keep it open until their own deadline (see `closes_at`); the
        host's reveal still closes it at once.
        """
        if self.phase is not Phase.QUESTION:
            return False
        all_answered = self._turnout().expected > 0 and self._waiting_count() == 0
        closes_at = self.closes_at()
        if (closes_at is not None and now >= closes_at) or all_answered:
            self.reveal(now)
            return True
        return False

    def _move(self, target: Phase) -> None:
        check_move(self.phase, target)
        self.phase = target

    def _open_question(self, index: int, now: float) -> None:
        self._move(Phase.QUESTION)
        self.question_index = index
        self.opened_at = now
        self.deadline = now + self.questions[index].time_limit_ms / 1000

    # ---- answers -------------------------------------------------------------------------

    def answer(
        self, player_id: str, index: int, choice_ids: list[str] | None, now: float,
        value: Any = None, network_credit_ms: int = 0,
    ) -> Answer:
        """Record a player's answer to the open question and score it.

        `network_credit_ms` (see `scoring.network_credit_ms`) is taken off the answer's time:
        the deadline stays the server's, only the speed points are fair to slow networks.
        """
        player = self._player(player_id)
        if self.phase is not Phase.QUESTION:
            raise errors.NotAccepting(phase=str(self.phase))
        if index != self.question_index:
            raise errors.WrongQuestion(expected=self.question_index, got=index)
        deadline = self.deadline_of(player)
        if deadline is not None and now > deadline:
            raise errors.NotAccepting(reason="late")
        if index < player.first_question:
            raise errors.NotAccepting(reason="joined_late")
        if (player_id, index) in self.answers:
            raise errors.AlreadyAnswered()
        question = self.questions[index]
        response = question.kind.check(question, choice_ids, value)
        credit_ms = min(max(network_credit_ms, 0), NETWORK_CREDIT_CAP_MS)
        opened_at = now if self.opened_at is None else self.opened_at
        elapsed_ms = max(0, round((now - opened_at) * 1000) - credit_ms)
        answer = Answer(
            player_id=player_id, question_index=index, choices=response, elapsed_ms=elapsed_ms,
            **self._score(question, response, elapsed_ms, player),
        )
        self.record(answer)
        return answer

    def _score(
        self, question: Question, response: Response, elapsed_ms: int, player: Player
    ) -> dict[str, Any]:
        if not question.kind.graded:
            return {"correct": None, "points": 0}
        fraction = question.kind.grade(question, response)
        correct = question.kind.is_right(fraction)
        # An accommodated player's speed is measured against their own, longer time.
        points = points_for(
            correct, elapsed_ms, round(question.time_limit_ms * player.time_factor),
            POINTS_MULTIPLIER[question.points], timed=question.timed and not player.no_speed,
            fraction=fraction,
        )
        if correct and self.streak_bonus and POINTS_MULTIPLIER[question.points]:
            points += streak_bonus(player.streak + 1)
        return {"correct": correct, "points": points}

    def record(self, answer: Answer) -> None:
        """Add a scored answer and credit its player."""
        self._keep(answer)
        if answer.question_index in self.cancelled:
            return
        player = self.players[answer.player_id]
        player.score += answer.points
        if answer.correct is None:  # polls and word clouds neither build nor break streaks
            return
        if answer.correct:
            player.correct_count += 1
            player.streak += 1
        else:
            player.streak = 0

    def _keep(self, answer: Answer) -> None:
        self.answers[(answer.player_id, answer.question_index)] = answer
        self._answered.setdefault(answer.question_index, set()).add(answer.player_id)

    def _rescore(self) -> None:
        """Recompute scores and streaks from the answers, leaving out cancelled questions."""
        open_index = self.question_index if self.phase in (Phase.QUESTION, Phase.PAUSED) else None
        played = [
            i for i in range(min(self.question_index + 1, self.total)) if i not in self.cancelled
        ]
        for player in self.players.values():
            player.score = player.correct_count = player.streak = 0
            for index in played:
                answer = self.answers.get((player.id, index))
                if answer is not None:
                    player.score += answer.points
                    if answer.correct is not None:
                        player.correct_count += int(answer.correct)
                        player.streak = player.streak + 1 if answer.correct else 0
                elif index != open_index and self._breaks_streak(index, player):
                    player.streak = 0

    def _break_streaks_of_silent_players(self) -> None:
        for player in self.active_players:
            if (player.id, self.question_index) not in self.answers and self._breaks_streak(
                self.question_index, player
            ):
                player.streak = 0

    def _breaks_streak(self, index: int, player: Player) -> bool:
        """Whether missing question `index` resets a player's streak."""
        return self.questions[index].kind.graded and index >= player.first_question

    # ---- restoring -----------------------------------------------------------------------

    @classmethod
    def restore(
        cls, pin: str, questions: tuple[Question, ...], players: list[Player],
        answers: list[Answer], **state: object,
    ) -> Game:
        """Rebuild a game from stored facts; scores are derived from the answers."""
        game = cls(pin=pin, questions=questions, **state)  # type: ignore[arg-type]
        for player in players:
            game._add(player)
        for answer in answers:
            game._keep(answer)
        game._rescore()
        return game


# The rules a host may set per game, with their types.
GAME_OPTIONS: dict[str, type | tuple[type, ...]] = {
    "streak_bonus": bool, "late_join": bool, "show_leaderboard": bool, "teams": (list, tuple),
    "free_teams": bool, "team_min_size": int, "moderation": bool, "auto": bool,
    "show_rules": bool, "locked": bool,
}
