"""Rate limits against guessing and flooding: token buckets per key, with an injectable clock.

A whole conference hall reaches the server from one public IP behind the venue's NAT, so the
per-IP limits are generous (a hall of 800 phones joining within a minute never meets them); the
tight limits are per socket, per game and per (username, IP). Guessing PINs is slowed by a
limit on *failed* lookups per client address: a hall joining a real PIN never spends any.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any, TypeVar

T = TypeVar("T")

MAX_KEYS = 100_000  # beyond this many tracked keys, forget the ones whose bucket is full again


@dataclass
class _Bucket:
    tokens: float
    updated: float


class RateLimiter:
    """Token buckets, one per key: `capacity` tokens at most, refilled at `rate` per second.

    A limiter whose rate is 0 (or less) is off: it allows everything.
    """

    def __init__(self, rate: float, capacity: float,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.rate = float(rate)
        self.capacity = float(capacity)
        self.clock = clock
        self._buckets: dict[Hashable, _Bucket] = {}
        self._lock = threading.Lock()

    @classmethod
    def per_period(cls, count: float, period_s: float,
                   clock: Callable[[], float] = time.monotonic) -> RateLimiter:
        """Allow `count` hits at once, then `count` per `period_s` seconds."""
        return cls(count / period_s if period_s > 0 else 0, count, clock)

    @property
    def enabled(self) -> bool:
        return self.rate > 0 and self.capacity > 0

    def _bucket(self, key: Hashable, now: float) -> _Bucket:
        bucket = self._buckets.get(key)
        if bucket is None:
            if len(self._buckets) >= MAX_KEYS:
                self._prune(now)
            bucket = self._buckets[key] = _Bucket(self.capacity, now)
        elif now > bucket.updated:
            bucket.tokens = min(self.capacity, bucket.tokens + (now - bucket.updated) * self.rate)
            bucket.updated = now
        return bucket

    def _prune(self, now: float) -> None:
        for key, bucket in list(self._buckets.items()):
            if bucket.tokens + (now - bucket.updated) * self.rate >= self.capacity:
                del self._buckets[key]

    def allow(self, key: Hashable, cost: float = 1.0) -> bool:
        """Take `cost` tokens from the key's bucket; return False (taking none) when short."""
        if not self.enabled:
            return True
        with self._lock:
            bucket = self._bucket(key, self.clock())
            if bucket.tokens < cost:
                return False
            bucket.tokens -= cost
            return True

    def would_allow(self, key: Hashable, cost: float = 1.0) -> bool:
        """Say whether `allow` would succeed now, without taking anything."""
        if not self.enabled:
            return True
        with self._lock:
            return self._bucket(key, self.clock()).tokens >= cost

    def forget(self, key: Hashable) -> None:
        """Drop a key's bucket (e.g. when its socket is gone)."""
        with self._lock:
            self._buckets.pop(key, None)

    def reset(self) -> None:
        with self._lock:
            self._buckets.clear()


class TooManyPins(Exception):
    """A client looked up too many PINs that lead nowhere: it waits before the next."""


class Limits:
    """Every limiter of the app, built from its configuration."""

    def __init__(self, config: dict[str, Any], clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Any] = time.sleep):
        per = RateLimiter.per_period
        self.sleep = sleep  # gevent's, once `quiz serve` has patched the standard library
        self.pin_failure_delay_s = float(config.get("PIN_FAILURE_DELAY_S", 1.0))
        self.joins_per_socket = per(config.get("JOIN_ATTEMPTS_PER_SOCKET", 10), 60, clock)
        self.joins_per_ip = RateLimiter(
            config.get("JOIN_RATE_PER_IP", 60), config.get("JOIN_BURST_PER_IP", 2000), clock
        )
        self.recover_per_socket = per(config.get("RECOVER_ATTEMPTS_PER_SOCKET", 5), 60, clock)
        self.recover_per_game = per(config.get("RECOVER_ATTEMPTS_PER_GAME", 20), 60, clock)
        self.login_failures = per(config.get("LOGIN_FAILURES", 10), 300, clock)
        self.pin_failures = per(config.get("PIN_FAILURES_PER_CLIENT", 30), 60, clock)

    @property
    def all(self) -> tuple[RateLimiter, ...]:
        return (self.joins_per_socket, self.joins_per_ip, self.recover_per_socket,
                self.recover_per_game, self.login_failures, self.pin_failures)

    def look_up_pin(self, client: Hashable, pin: str, find: Callable[[str], T | None]) -> T | None:
        """Find the game of a PIN for a client (its address); only misses count.

        A client that missed too often waits PIN_FAILURE_DELAY_S before each lookup, and a
        miss then is refused (TooManyPins) rather than answered. A PIN that leads to a game
        is never refused: a whole hall behind one NAT address must get in, whatever one
        phone in it types. So a guesser gets at most the budget, then one try per delay.
        """
        over = not self.pin_failures.would_allow(client)
        if over:
            self.sleep(self.pin_failure_delay_s)
        found = find(pin) if pin.isdigit() and len(pin) == 6 else None
        if found is None and not self.pin_failures.allow(client):
            raise TooManyPins(client)
        return found

    def set_clock(self, clock: Callable[[], float]) -> None:
        """Give every limiter another clock (tests move it by hand); waiting moves it too."""
        for limiter in self.all:
            limiter.clock = clock
        advance = getattr(clock, "advance", None)
        if advance is not None:
            self.sleep = advance

    def reset(self) -> None:
        for limiter in self.all:
            limiter.reset()

    def forget_socket(self, sid: str) -> None:
        """Drop the per-socket buckets of a socket that disconnected."""
        self.joins_per_socket.forget(sid)
        self.recover_per_socket.forget(sid)


def limits_of(app: Any) -> Limits:
    """The app's limiters, made on first use from its configuration."""
    limits = app.extensions.get("quiz_limits")
    if limits is None:
        limits = app.extensions.setdefault("quiz_limits", Limits(app.config))
    return limits
