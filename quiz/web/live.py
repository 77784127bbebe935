"""The live game over Socket.IO: one handler class per audience, plus the broadcaster.

Handlers are thin: they parse the payload, make one engine call inside `store.command`, which
saves the result, and hand what changed to the `Broadcaster`, which decides who hears what.
All of it runs on the default namespace, as the public protocol says; the audience of a socket
is what it joined as.
"""

from __future__ import annotations

import functools
import logging
import random
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import current_app, request
from flask_socketio import SocketIO, join_room, leave_room

from quiz import engine
from quiz.engine import Phase, analytics, errors
from quiz.engine.nicknames import suggest_nickname
from quiz.engine.scoring import network_credit_ms
from quiz.store.games import GameStore, LiveGame, StaleGame
from quiz.web import collector, export, views
from quiz.web import protocol as p
from quiz.web.limits import TooManyPins, limits_of
from quiz.web.messages import error_body

log = logging.getLogger(__name__)

# Auto mode: how long the reveal and the leaderboard stay on screen before moving on.
AUTO_STEP_S = {Phase.REVEAL: 8.0, Phase.LEADERBOARD: 5.0}
THROTTLE_S = 0.25  # answer counts and player lists: "at most a few per second"
# A player list costs its size to build, encode and send: a big hall gets one every
# `players / LOBBY_ENTRIES_PER_S` seconds (at most LOBBY_MAX_S apart), so that the lists cost
# the same per second at 2,000 players as at 250 (issue 7: at 2,000 players, lists every
# 250 ms took 45 % of the server's time while the hall joined).
LOBBY_ENTRIES_PER_S = 1000
LOBBY_MAX_S = 2.0
TIMER_SLACK_S = 0.005
# Timers live in the process that opened the question; every process also sweeps the database
# for open questions whose deadline passed TAKEOVER_S ago (their process died) and closes them.
SWEEP_S = 1.0
TAKEOVER_S = 0.5
# A question still open this long after its deadline had no process running at all: it comes
# back paused, and the host resumes it (answers could not be sent while everything was down).
ORPHAN_S = 5.0
# Fair timing: each phone's round trip is probed at join and resume, then every CLOCK_EVERY_S;
# the median of the last ROUND_TRIP_SAMPLES probes is its round trip (docs/scoring.md).
CLOCK_EVERY_S = 15.0
ROUND_TRIP_SAMPLES = 5


def room_of_game(pin: str) -> str:
    return f"game:{pin}"


def room_of_hosts(pin: str) -> str:
    return f"game:{pin}:hosts"


def room_of_screens(pin: str) -> str:
    return f"game:{pin}:screens"


def room_of_player(player_id: str) -> str:
    return f"player:{player_id}"


@dataclass
class Connection:
    """What a socket joined as."""

    role: str  # player | host | screen
    pin: str
    player_id: str | None = None
    lang: str = "fr"
    round_trips_ms: list[float] = field(default_factory=list)  # the newest probes

    @property
    def round_trip_ms(self) -> float | None:
        """This socket's network round trip: the median of its last probes, if any."""
        return statistics.median(self.round_trips_ms) if self.round_trips_ms else None


class Refused(Exception):
    """A request is refused with a public error code that is not an engine rule."""

    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


def reply_ok(**fields: Any) -> dict:
    return {"ok": True, **fields}


def reply_error(code: str, lang: str = "fr", **params: Any) -> dict:
    return {"ok": False, "error": error_body(code, lang, **params)}


class Closed(BaseException):
    """Raised in a background task that wakes after `Broadcaster.close`: it ends there.

    A BaseException, like GreenletExit, so that a task's `except Exception` never swallows it.
    """


class Broadcaster:
    """Tells every audience of a game what changed, and keeps the question timers."""

    def __init__(self, socketio: SocketIO, store: GameStore, clock: Callable[[], float]) -> None:
        self.socketio = socketio
        self.store = store
        self.clock = clock
        self.connections: dict[str, Connection] = {}  # sid -> what it joined as, this process
        self._pending: set[tuple[str, str]] = set()
        self._lock = threading.Lock()
        self._tasks = threading.Condition()  # guards the two below
        self._busy = 0  # background tasks running now, not sleeping
        self._closed = False

    def emit(self, event: str, data: dict, room: str, **kwargs: Any) -> None:
        self.socketio.emit(event, data, to=room, **kwargs)

    # ---- background tasks ----------------------------------------------------------------

    def background(self, task: Callable, *args: Any) -> None:
        """Run `task` beside the request; it sleeps with `self.sleep`, so `close` can stop it."""
        def run() -> None:
            try:
                self._wake()
                task(*args)
            except Closed:
                pass
            finally:
                self._rest()
        self.socketio.start_background_task(run)

    def sleep(self, seconds: float) -> None:
        """A background task's sleep; it raises `Closed` on waking after `close`."""
        self._rest()
        try:
            self.socketio.sleep(seconds)
        finally:
            self._wake()

    def close(self, timeout_s: float = 10.0) -> None:
        """Stop the background tasks: the sleeping ones end when they wake, the running ones
        are waited for (so that nothing touches the database once this returns)."""
        with self._tasks:
            self._closed = True
            self._tasks.wait_for(lambda: self._busy == 0, timeout_s)

    def _wake(self) -> None:
        with self._tasks:
            self._busy += 1
            if self._closed:
                raise Closed

    def _rest(self) -> None:
        with self._tasks:
            self._busy -= 1
            self._tasks.notify_all()

    # ---- phase changes -------------------------------------------------------------------

    def announce(self, live: LiveGame) -> None:
        """Send every audience what the game's current phase shows."""
        game, now, pin = live.game, self.clock(), live.game.pin
        if game.phase is Phase.QUESTION:
            collector.freeze()  # the hall's sockets and the game live on: never collected
        self.emit(p.STATE, views.state_view(game, now), room_of_game(pin))
        if game.phase is Phase.QUESTION:
            self.emit(p.QUESTION, views.question_view(game, now), room_of_game(pin))
            self.schedule_close(pin, game.question_index, game.deadline)
        if game.phase in (Phase.QUESTION, Phase.PAUSED):
            self.send_own_times(game, now)
        if game.phase is Phase.REVEAL:
            self.emit(p.REVEAL, views.reveal_view(game), room_of_game(pin))
            self._send_results(game)
        elif game.phase is Phase.LEADERBOARD:
            self.emit(p.LEADERBOARD, views.leaderboard_view(game), room_of_game(pin))
        elif game.phase is Phase.FINISHED:
            ranking = game.ranking()
            self.emit(p.GAME_OVER, views.podium_view(game, ranking), room_of_game(pin))
            for rank, player in ranking:
                self.emit(p.FINAL, views.final_view(player, rank), room_of_player(player.id))
            if not any(other.game.phase is Phase.QUESTION for other in self.store.cached_games()):
                self.background(collector.thaw)
        elif game.phase is Phase.LOBBY:
            self.lobby(live)
        self.drive(live)

    def drive(self, live: LiveGame) -> None:
        """In auto mode, move on by itself after the reveal and the leaderboard."""
        game = live.game
        delay = AUTO_STEP_S.get(game.phase)
        if game.auto and delay is not None:
            self.background(self._auto_next, game.pin, game.phase, game.question_index, delay)

    def _auto_next(self, pin: str, phase: Phase, index: int, delay: float) -> None:
        self.sleep(delay)
        try:
            with self.store.command(pin) as live:
                game = live.game
                if not game.auto or game.phase is not phase or game.question_index != index:
                    return  # the host moved on, or switched auto mode off, meanwhile
                game.next(self.clock())
        except (StaleGame, errors.GameError, LookupError):
            return
        self.announce(live)

    def _send_results(self, game: engine.Game) -> None:
        teams = views.team_standings(game)
        for rank, player in game.ranking():
            self.emit(p.RESULT, views.result_view(game, player, rank, teams),
                      room_of_player(player.id))

    def send_own_times(self, game: engine.Game, now: float) -> None:
        """Tell each player with extra time their own time left (after the hall's)."""
        for player in game.active_players:
            if player.time_factor != 1.0:
                self.send_accommodation(game, player, now)

    def send_accommodation(self, game: engine.Game, player: engine.Player, now: float,
                           to: str | None = None) -> None:
        self.emit(p.ACCOMMODATION, views.accommodation_view(game, player, now),
                  to or room_of_player(player.id))

    def lobby(self, live: LiveGame) -> None:
        """Send the player list to the host (with accommodations) and the projector now."""
        online = self.online_players()
        self.emit(p.LOBBY, views.lobby_view(live.game, online, "host"),
                  room_of_hosts(live.game.pin))
        self.emit(p.LOBBY, views.lobby_view(live.game, online, "screen"),
                  room_of_screens(live.game.pin))

    def rules(self, live: LiveGame) -> None:
        """Send the rules of scoring to the host and the projector (shown there on request)."""
        view = views.rules_view(live.game)
        for room in (room_of_hosts(live.game.pin), room_of_screens(live.game.pin)):
            self.emit(p.RULES, view, room)

    def online_players(self) -> set[str]:
        return {c.player_id for c in self.connections.values() if c.player_id}

    def snapshot(self, sid: str, live: LiveGame, connection: Connection) -> None:
        """Bring one (re)joining socket to the current screen of the game."""
        game, now = live.game, self.clock()
        self.emit(p.STATE, views.state_view(game, now), sid)
        if connection.role in ("host", "screen"):
            self.emit(p.LOBBY, views.lobby_view(game, self.online_players(), connection.role), sid)
            self.emit(p.RULES, views.rules_view(game), sid)
        if game.current_question is not None and game.phase in (
            Phase.QUESTION, Phase.PAUSED, Phase.REVEAL
        ):
            self.emit(p.QUESTION, views.question_view(game, now), sid)
            if connection.role != "player":
                self.emit(p.ANSWER_COUNT, views.answer_count_view(game, connection.role), sid)
        player = game.players.get(connection.player_id or "")
        if player is not None:  # its own timing, after the hall's `question`
            self.send_accommodation(game, player, now, to=sid)
        if game.phase is Phase.REVEAL:
            self.emit(p.REVEAL, views.reveal_view(game), sid)
        if player is not None and game.phase in (Phase.REVEAL, Phase.LEADERBOARD):
            self.emit(p.RESULT, views.result_view(game, player, game.rank_of(player.id),
                                                  views.team_standings(game)), sid)
        if game.phase is Phase.LEADERBOARD:
            self.emit(p.LEADERBOARD, views.leaderboard_view(game), sid)
        if game.phase is Phase.FINISHED:
            ranking = game.ranking()
            self.emit(p.GAME_OVER, views.podium_view(game, ranking), sid)
            if player is not None:
                self.emit(p.FINAL, views.final_view(player, game.rank_of(player.id)), sid)

    # ---- answers -------------------------------------------------------------------------

    def answer_count_changed(self, pin: str) -> None:
        """Send the live answer count soon, at most every THROTTLE_S. With several processes
        this is also when the answers stored by the others are caught up, and the question
        closes if everyone has answered (no process sees every answer as it comes)."""
        self._soon(p.ANSWER_COUNT, pin)

    def lobby_changed(self, pin: str) -> None:
        """Send the player list soon: a hall joining at once makes one list, not 800."""
        live = self.store.cached(pin)
        self._soon(p.LOBBY, pin, lobby_interval_s(len(live.game.players) if live else 0))

    def _soon(self, event: str, pin: str, delay_s: float = THROTTLE_S) -> None:
        with self._lock:
            if (event, pin) in self._pending:
                return
            self._pending.add((event, pin))
        self.background(self._flush, event, pin, delay_s)

    def _flush(self, event: str, pin: str, delay_s: float) -> None:
        self.sleep(delay_s)
        with self._lock:
            self._pending.discard((event, pin))
        live = self.store.get(pin)
        if live is None:
            return
        if event == p.LOBBY:
            self.lobby(live)
            collector.freeze()  # the sockets that just joined stay for the game
            return
        if self.store.db.shared and self.close_if_due(pin):
            return  # the answers caught up from other processes were the last: revealed
        # (close_if_due's command brought `live` up to the database in place: no second look)
        if live.game.phase is Phase.QUESTION:
            self.emit(p.ANSWER_COUNT, views.answer_count_view(live.game, "host"),
                      room_of_hosts(pin))
            self.emit(p.ANSWER_COUNT, views.answer_count_view(live.game, "screen"),
                      room_of_screens(pin))

    # ---- fair timing ---------------------------------------------------------------------

    def probe_clock(self, sid: str) -> None:
        """Measure one socket's round trip: send the clock probe, time its acknowledgement."""
        connection = self.connections.get(sid)
        if connection is None:
            return
        sent = time.monotonic()

        def acknowledged(*_reply: Any) -> None:
            samples = connection.round_trips_ms
            samples.append((time.monotonic() - sent) * 1000)
            del samples[:-ROUND_TRIP_SAMPLES]

        rtt = connection.round_trip_ms
        self.socketio.emit(p.CLOCK, {
            "server_ms": round(self.clock() * 1000),
            "rtt_ms": None if rtt is None else round(rtt),
        }, to=sid, callback=acknowledged)

    def start_clock_probes(self) -> None:
        """Probe every phone of this process every CLOCK_EVERY_S, spread over the period."""
        self.background(self._probe_forever)

    def _probe_forever(self) -> None:
        """Probe every phone in turn, but none while its game has a question open: the hall's
        answers come first, and a probe then would time the server's queue, not the network."""
        while True:
            players = [(sid, c.pin) for sid, c in list(self.connections.items())
                       if c.role == "player"]
            if not players:
                self.sleep(CLOCK_EVERY_S)
                continue
            gap_s = CLOCK_EVERY_S / len(players)
            for sid, pin in players:
                if not self._question_open(pin):
                    try:
                        self.probe_clock(sid)
                    except Exception:  # a socket that just left: the next one
                        log.debug("clock probe of %s failed", sid, exc_info=True)
                self.sleep(gap_s)

    def _question_open(self, pin: str) -> bool:
        live = self.store.cached(pin)
        return live is not None and live.game.phase is Phase.QUESTION

    # ---- timers --------------------------------------------------------------------------

    def schedule_close(self, pin: str, index: int, deadline: float | None) -> None:
        """Close question `index` at its deadline, from this process, without a host."""
        if deadline is not None:
            self.background(self._close_at, pin, index, deadline)

    def _close_at(self, pin: str, index: int, deadline: float) -> None:
        """Sleep until the deadline and close; while a player with extra time still has
        time, sleep again until the latest such player's deadline (Game.closes_at)."""
        while True:
            self.sleep(max(0.0, deadline - self.clock()) + TIMER_SLACK_S)
            try:
                if self.close_if_due(pin, index):
                    return
                later = self.closes_at(pin, index)
            except Exception:  # a timer must never die silently with the question open
                log.exception("closing question %s of game %s failed", index, pin)
                return
            if later is None or later <= deadline:
                return  # closed by another process, paused, or moved on
            deadline = later

    def closes_at(self, pin: str, index: int) -> float | None:
        """When question `index` of a game closes by itself, if it is still open."""
        live = self.store.get(pin)
        if live is None or live.game.phase is not Phase.QUESTION or (
            live.game.question_index != index
        ):
            return None
        return live.game.closes_at()

    def restart_timers(self) -> None:
        """At start, re-arm every open question's timer; pause the ones overdue while down.

        One process alone was down if a question is overdue at its start. With several
        processes, the others may still be closing it: only a question overdue by ORPHAN_S,
        which no sweeper closed, had nobody running, and comes back paused.
        """
        self.sweep(orphan_after_s=ORPHAN_S if self.store.db.shared else 0.0, arm=True)

    def start_sweeper(self) -> None:
        """Look every SWEEP_S for open questions whose timer died with its process."""
        self.background(self._sweep_forever)

    def _sweep_forever(self) -> None:
        while True:
            self.sleep(SWEEP_S)
            try:
                self.sweep(orphan_after_s=ORPHAN_S)
            except Exception:  # the database may be away for a moment: try again next time
                log.exception("sweeping open questions failed")

    def sweep(self, orphan_after_s: float, arm: bool = False) -> None:
        """Close the questions overdue by TAKEOVER_S; pause the ones overdue by `orphan_after_s`.

        Every process sweeps; the version guard lets exactly one of them close a question.
        `arm` also schedules this process's timer for the questions still running.
        """
        now = self.clock()
        for pin, index, deadline in self.store.open_questions():
            if deadline <= now:  # the hall's time is over; extra time may keep it open
                deadline = self.closes_at(pin, index) or deadline
            overdue_s = now - deadline
            if overdue_s < 0:
                if arm:
                    self.schedule_close(pin, index, deadline)
            elif overdue_s >= orphan_after_s:
                self._interrupt(pin, index, now)
            elif overdue_s >= TAKEOVER_S:
                self.close_if_due(pin, index)

    def _interrupt(self, pin: str, index: int, now: float) -> None:
        try:
            with self.store.command(pin) as live:
                if live.game.phase is not Phase.QUESTION or live.game.question_index != index:
                    return
                live.game.interrupt(now)
        except (StaleGame, errors.GameError, LookupError):
            return
        self.announce(live)

    def close_if_due(self, pin: str, index: int | None = None) -> bool:
        """Reveal the open question when its time is up; return whether it closed now."""
        live = self.store.get(pin)
        if live is None:
            return False
        try:
            with self.store.command(pin) as live:
                if index is not None and live.game.question_index != index:
                    return False
                closed = live.game.close_if_due(self.clock())
        except StaleGame:
            return False  # another worker changed the game first: it announces
        if closed:
            self.announce(live)
        return closed


def lobby_interval_s(players: int) -> float:
    """How long the player list of a game of `players` waits for more changes."""
    return min(LOBBY_MAX_S, max(THROTTLE_S, players / LOBBY_ENTRIES_PER_S))


def handler(event: str, role: str | None = None, bare: bool = False) -> Callable:
    """Wrap an `on_<event>` method: parse, run, and turn every failure into an error reply.

    A `bare` handler is registered on the Socket.IO server itself, without the Flask request
    context that Flask-SocketIO pushes for every event (a Request object, a URL match that
    fails with a 404 for /socket.io/, the session): `player:answer`, which a whole hall sends
    within seconds (issue 7). Such a method must not use `request`, `session` or `current_app`.
    """

    def decorate(method: Callable) -> Callable:
        def run(self: Audience, sid: str, payload: Any) -> dict:
            connection = self.connections.get(sid)
            lang = connection.lang if connection else "fr"
            try:
                data = p.parse(event, payload)
                if role is not None and (connection is None or connection.role != role):
                    raise Refused("forbidden" if role == "host" else "unknown_player")
                return method(self, data, connection)
            except p.BadRequest as exc:
                return reply_error("bad_request", lang, detail=exc.detail)
            except errors.GameError as exc:
                return reply_error(exc.code, lang)
            except Refused as exc:
                return reply_error(exc.code, lang)
            except LookupError:
                return reply_error("unknown_game", lang)
            except StaleGame:
                return reply_error("conflict", lang)
            except Exception:
                log.exception("event %s failed", event)
                return reply_error("internal_error", lang)

        if bare:
            @functools.wraps(method)
            def wrapped(self: Audience, sid: str, payload: Any = None, *_extra: Any) -> dict:
                return run(self, sid, payload)
        else:
            @functools.wraps(method)
            def wrapped(self: Audience, payload: Any = None, *_extra: Any) -> dict:
                return run(self, request.sid, payload)

        wrapped.event = event  # type: ignore[attr-defined]
        wrapped.bare = bare  # type: ignore[attr-defined]
        return wrapped

    return decorate


class Audience:
    """Shared by the three audiences: the store, the broadcaster and the socket registry."""

    def __init__(self, store: GameStore, broadcaster: Broadcaster) -> None:
        self.store = store
        self.broadcaster = broadcaster
        self.connections = broadcaster.connections
        self.clock = broadcaster.clock
        self.rng = random.Random()

    def live_game(self, pin: str) -> LiveGame:
        live = self.store.get(pin)
        if live is None:
            raise Refused("unknown_game")
        return live

    def find_game(self, pin: str) -> LiveGame:
        """The game of a PIN the client typed: misses count against its address."""
        try:
            live = limits_of(current_app).look_up_pin(request.remote_addr, pin, self.store.get)
        except TooManyPins:
            raise Refused("too_many_pins") from None
        if live is None:
            raise Refused("unknown_game")
        return live

    def attach(self, connection: Connection, rooms: list[str]) -> None:
        sid = request.sid
        previous = self.connections.get(sid)
        if previous is not None:
            for room in self._rooms_of(previous):
                leave_room(room)
        self.connections[sid] = connection
        for room in rooms:
            join_room(room)

    @staticmethod
    def _rooms_of(connection: Connection) -> list[str]:
        rooms = [room_of_game(connection.pin), room_of_hosts(connection.pin),
                 room_of_screens(connection.pin)]
        if connection.player_id:
            rooms.append(room_of_player(connection.player_id))
        return rooms


class PlayerEvents(Audience):
    """The phones."""

    @handler(p.PLAYER_JOIN)
    def on_join(self, data: dict, connection: Connection | None) -> dict:
        if connection is not None and connection.role == "player":
            raise Refused("already_joined")  # one socket, one player: no flooding from a tab
        limits = limits_of(current_app)
        if not (limits.joins_per_socket.allow(request.sid)
                and limits.joins_per_ip.allow(request.remote_addr)):
            raise Refused("rate_limited")
        live = self.find_game(data["pin"])
        lang = data.get("lang", "fr")
        team = (data.get("team") or "").strip() or None
        with self.store.command(live.game.pin) as live:
            player = live.game.join(self.store.new_player_id(), data["nickname"], team, lang)
            token, code = self.store.add_player(live, player)
        connection = Connection("player", live.game.pin, player.id, lang)
        self.attach(connection, [room_of_game(live.game.pin), room_of_player(player.id)])
        self.broadcaster.lobby_changed(live.game.pin)
        self.broadcaster.snapshot(request.sid, live, connection)
        self.broadcaster.probe_clock(request.sid)
        return reply_ok(player_id=player.id, token=token, nickname=player.nickname,
                        state=str(live.game.phase), recovery_code=code)

    @handler(p.PLAYER_RESUME)
    def on_resume(self, data: dict, _connection: Connection | None) -> dict:
        live = self.find_game(data["pin"])
        found = self.store.resume_token(live.game.pin, data["token"])
        player = live.game.players.get(found[0]) if found else None
        if player is None or player.kicked:
            raise Refused("unknown_player")
        return self._welcome_back(live, player, token=found[1])

    @handler(p.PLAYER_RECOVER)
    def on_recover(self, data: dict, _connection: Connection | None) -> dict:
        """Bring a player back on another device with the recovery code shown on the first."""
        limits = limits_of(current_app)
        if not limits.recover_per_socket.allow(request.sid):
            raise Refused("rate_limited")
        live = self.find_game(data["pin"])
        if not limits.recover_per_game.allow(live.game.pin):  # 4 letters: slow down guessing
            raise Refused("rate_limited")
        player = live.game.players.get(
            self.store.player_by_recovery_code(live, data["code"]) or "")
        if player is None or player.kicked:
            raise Refused("invalid_code")
        return self._welcome_back(live, player)

    def _welcome_back(self, live: LiveGame, player: engine.Player,
                      token: str | None = None) -> dict:
        """Attach this socket to a known player with a new token (`token`, else a fresh random
        one: a recovery on another device); send the current screen."""
        token = token or self.store.rotate_token(player.id)
        code = self.store.recovery_code(live, player.id)
        connection = Connection("player", live.game.pin, player.id, player.lang)
        self.attach(connection, [room_of_game(live.game.pin), room_of_player(player.id)])
        self.broadcaster.lobby_changed(live.game.pin)
        self.broadcaster.snapshot(request.sid, live, connection)
        self.broadcaster.probe_clock(request.sid)
        index = live.game.question_index
        return reply_ok(
            player_id=player.id, nickname=player.nickname, team=player.team, score=player.score,
            streak=player.streak, token=token, state=str(live.game.phase),
            answered=(player.id, index) in live.game.answers, recovery_code=code,
            **views.accommodation_fields(player),
        )

    @handler(p.PLAYER_NICKNAME)
    def on_nickname(self, _data: dict, _connection: Connection | None) -> dict:
        """Suggest a friendly nickname for a player who has no idea."""
        return reply_ok(nickname=suggest_nickname(self.rng))

    @handler(p.PLAYER_ANSWER, role="player", bare=True)
    def on_answer(self, data: dict, connection: Connection) -> dict:
        now = self.clock()
        with self.store.command(connection.pin) as live:
            choices = views.inbound_choices(live.game, data.get("choices"))
            answer = live.game.answer(
                connection.player_id, data["question"], choices, now, value=data.get("value"),
                network_credit_ms=network_credit_ms(connection.round_trip_ms),
            )
            committed = self.store.queue_answer(live, answer)
            closed = live.game.close_if_due(now)
        committed()  # the acknowledgement waits for the commit, outside the game's lock
        if closed:  # everyone has answered: reveal once this ack is on its way
            self.broadcaster.background(self.broadcaster.announce, live)
        else:
            self.broadcaster.answer_count_changed(live.game.pin)
        return reply_ok()

    @handler(p.PLAYER_RECAP, role="player")
    def on_recap(self, _data: dict, connection: Connection) -> dict:
        """This player's answers beside the right ones, once the game is finished."""
        live = self.live_game(connection.pin)
        recap = analytics.player_recap(live.game, connection.player_id)
        return reply_ok(**export.recap_json(recap))


class HostEvents(Audience):
    """The host console."""

    @handler(p.HOST_JOIN)
    def on_join(self, data: dict, _connection: Connection | None) -> dict:
        live = self.find_game(data["pin"])
        if not self.store.host_token_matches(live, data["host_token"]):
            raise Refused("forbidden")
        connection = Connection("host", live.game.pin)
        self.attach(connection, [room_of_game(live.game.pin), room_of_hosts(live.game.pin)])
        self.broadcaster.snapshot(request.sid, live, connection)
        return reply_ok(state=str(live.game.phase), total=live.game.total,
                        locked=live.game.locked)

    def _move(self, connection: Connection, move: Callable[[engine.Game, float], Any]) -> dict:
        with self.store.command(connection.pin) as live:
            move(live.game, self.clock())
        self.broadcaster.announce(live)
        return reply_ok(state=str(live.game.phase), index=live.game.question_index)

    @handler(p.HOST_START, role="host")
    def on_start(self, _data: dict, connection: Connection) -> dict:
        return self._move(connection, engine.Game.start)

    @handler(p.HOST_NEXT, role="host")
    def on_next(self, _data: dict, connection: Connection) -> dict:
        return self._move(connection, engine.Game.next)

    @handler(p.HOST_REVEAL, role="host")
    def on_reveal(self, _data: dict, connection: Connection) -> dict:
        return self._move(connection, engine.Game.reveal)

    @handler(p.HOST_PAUSE, role="host")
    def on_pause(self, _data: dict, connection: Connection) -> dict:
        return self._move(connection, engine.Game.pause)

    @handler(p.HOST_RESUME, role="host")
    def on_resume(self, _data: dict, connection: Connection) -> dict:
        return self._move(connection, engine.Game.resume)

    @handler(p.HOST_SKIP, role="host")
    def on_skip(self, _data: dict, connection: Connection) -> dict:
        return self._move(connection, engine.Game.skip)

    @handler(p.HOST_END, role="host")
    def on_end(self, _data: dict, connection: Connection) -> dict:
        return self._move(connection, engine.Game.end)

    @handler(p.HOST_EXTEND, role="host")
    def on_extend(self, data: dict, connection: Connection) -> dict:
        seconds = data.get("seconds", 10)
        return self._move(connection, lambda game, now: game.extend(now, seconds))

    @handler(p.HOST_SETTINGS, role="host")
    def on_settings(self, data: dict, connection: Connection) -> dict:
        with self.store.command(connection.pin) as live:
            live.game.configure(**data["settings"])
        self.broadcaster.rules(live)
        self.broadcaster.drive(live)
        return reply_ok(settings=views.settings_view(live.game))

    @handler(p.HOST_HIDE_WORD, role="host")
    def on_hide_word(self, data: dict, connection: Connection) -> dict:
        with self.store.command(connection.pin) as live:
            live.game.hide_word(data["word"])
        self.broadcaster.answer_count_changed(live.game.pin)
        return reply_ok(hidden=sorted(live.game.hidden_words))

    @handler(p.HOST_LOCK, role="host")
    def on_lock(self, data: dict, connection: Connection) -> dict:
        with self.store.command(connection.pin) as live:
            live.game.lock(data["locked"])
        return reply_ok(locked=live.game.locked)

    @handler(p.HOST_KICK, role="host")
    def on_kick(self, data: dict, connection: Connection) -> dict:
        with self.store.command(connection.pin) as live:
            player = live.game.kick(data["player_id"])
            self.store.kick(live, player.id)
        room = room_of_player(player.id)
        self.broadcaster.emit(p.KICKED, {"message": "Vous avez été retiré de la partie."}, room)
        for sid, other in list(self.connections.items()):
            if other.player_id == player.id:
                self.broadcaster.socketio.server.leave_room(sid, room_of_game(live.game.pin))
                self.connections.pop(sid, None)
        self.broadcaster.lobby(live)
        self.broadcaster.close_if_due(live.game.pin)  # they may have been the last to answer
        return reply_ok()

    @handler(p.HOST_ACCOMMODATE, role="host")
    def on_accommodate(self, data: dict, connection: Connection) -> dict:
        """Give a player extra time and/or no-speed scoring; that player's phone is told."""
        with self.store.command(connection.pin) as live:
            player = live.game.accommodate(
                data["player_id"], data.get("time_factor"), data.get("no_speed"))
            self.store.accommodate(live, player)
        self.broadcaster.send_accommodation(live.game, player, self.clock())
        self.broadcaster.lobby(live)
        self.broadcaster.close_if_due(live.game.pin)  # back to × 1 after the hall's time
        return reply_ok(player_id=player.id, **views.accommodation_fields(player))


class ScreenEvents(Audience):
    """The projector: read-only."""

    @handler(p.SCREEN_JOIN)
    def on_join(self, data: dict, _connection: Connection | None) -> dict:
        live = self.find_game(data["pin"])
        connection = Connection("screen", live.game.pin)
        self.attach(connection, [room_of_game(live.game.pin), room_of_screens(live.game.pin)])
        self.broadcaster.snapshot(request.sid, live, connection)
        return reply_ok(state=str(live.game.phase), total=live.game.total)


def register(socketio: SocketIO, store: GameStore, clock: Callable[[], float]) -> Broadcaster:
    """Attach the three audiences' handlers to the default namespace."""
    broadcaster = Broadcaster(socketio, store, clock)
    for audience in (PlayerEvents, HostEvents, ScreenEvents):
        instance = audience(store, broadcaster)
        for name in dir(instance):
            method = getattr(instance, name)
            event = getattr(method, "event", None)
            if event is not None and method.bare:
                socketio.server.on(event, method, namespace="/")
            elif event is not None:
                socketio.on_event(event, method)

    @socketio.on("disconnect")
    def forget_socket(*_args: Any) -> None:
        limits_of(current_app).forget_socket(request.sid)
        connection = broadcaster.connections.pop(request.sid, None)
        if connection is not None and connection.player_id:
            broadcaster.lobby_changed(connection.pin)  # the host sees who dropped

    return broadcaster
